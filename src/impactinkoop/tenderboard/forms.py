"""Forms of the tenderboard: the buyer's submission and the member's advice (one opinion and
text per theme of the submission, and a verdict)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ThemeAdvice, Verdict


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the tenderboard"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("On a resubmission: how you answered the advice."),
    )


class AdviceForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Advice and conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless you approve: what the buyer must do or change."),
    )

    def __init__(self, *args, themes: list[dict], labels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's name in the reader's language where the matrix still knows the theme,
        # else the name it had when submitted.
        labels = labels or {}
        self.themes = [
            {**row, "theme_name": str(labels.get(row["theme_key"], row["theme_name"]))}
            for row in themes
        ]
        for row in self.themes:
            key = row["theme_key"]
            self.fields[f"opinion_{key}"] = forms.ChoiceField(
                label=_("Opinion on %(theme)s") % {"theme": row["theme_name"]},
                choices=ThemeAdvice.Opinion.choices,
                initial=ThemeAdvice.Opinion.AGREE,
            )
            self.fields[f"advice_{key}"] = forms.CharField(
                label=_("Advice on %(theme)s") % {"theme": row["theme_name"]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        needs_summary = data.get("verdict") not in (None, "", Verdict.APPROVED)
        if needs_summary and not (data.get("summary") or "").strip():
            self.add_error("summary", _("Say what the buyer must do or change."))
        return data

    def theme_advice(self) -> dict[str, tuple[str, str]]:
        return {
            row["theme_key"]: (
                self.cleaned_data[f"opinion_{row['theme_key']}"],
                self.cleaned_data[f"advice_{row['theme_key']}"],
            )
            for row in self.themes
        }

    def theme_rows(self):
        """(snapshot row, opinion field, advice field) for the template."""
        return [
            (row, self[f"opinion_{row['theme_key']}"], self[f"advice_{row['theme_key']}"])
            for row in self.themes
        ]
