"""Forms of the evaluation of a year: one per goal, the summary, and the confirmation that
closes the year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .evaluations import FollowUp, Outcome


class GoalEvaluationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Not chosen yet")), *Outcome.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    helped = forms.CharField(
        label=_("What helped"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hindered = forms.CharField(
        label=_("What got in the way"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.ChoiceField(
        label=_("What follows"),
        choices=FollowUp.choices,
        required=False,
        help_text=_(
            "When the year is closed, a follow-up becomes an action in next year's annual plan, "
            "linked to this goal."
        ),
    )
    follow_up_note = forms.CharField(
        label=_("The follow-up"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Its first line becomes the action's title."),
    )

    def __init__(self, *args, item=None, suggestion: str = "", **kwargs):
        if item is not None and "initial" not in kwargs:
            initial = {field: getattr(item, field) for field in self.base_fields}
            # An outcome not chosen yet starts at the one the figures suggest.
            initial["outcome"] = item.outcome or suggestion
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("follow_up") == FollowUp.NEW_ACTION and not data.get("follow_up_note"):
            self.add_error(
                "follow_up_note", _("Describe the new action: its first line becomes its title.")
            )
        return data


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("The year in a few sentences"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the evaluation of this year is frozen once it is closed."),
        required=True,
    )
