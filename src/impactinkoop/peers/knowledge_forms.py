"""Forms of the knowledge per step. The theme list holds the national themes and the
organisation's own only, so another organisation's theme is an invalid choice, never a leak."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.fields import WebAddressField
from impactinkoop.core.steps import STEPS

from . import knowledge, knowledge_documents
from .models import KnowledgeItem

ACCEPT = ",".join(
    [content_type for content_type, _extension in knowledge_documents.DOCUMENT_TYPES.values()]
    + [extension for _content_type, extension in knowledge_documents.DOCUMENT_TYPES.values()]
)


def step_choices():
    return [(step.number, f"{step.number}. {step.title}") for step in STEPS]


class KnowledgeItemForm(forms.ModelForm):
    """A new item is a link or a document; an item that exists keeps its kind (its address
    changes, or its document is replaced)."""

    step = forms.TypedChoiceField(label=_("Step"), coerce=int, choices=step_choices)
    url = WebAddressField(
        label=_("Web address"),
        required=False,
        max_length=KnowledgeItem._meta.get_field("url").max_length,
        help_text=_("For example a page of PIANOo. Leave it empty when you add a document."),
    )
    document = forms.FileField(
        label=_("Own document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = KnowledgeItem
        fields = ["step", "theme", "title", "url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = knowledge.themes_for(organisation)
        self.fields["theme"].empty_label = _("no particular theme")
        self.fields["document"].help_text = _(
            "A PDF, ODT, ODS, DOCX, XLSX or PPTX file of at most %(limit)s MB, without macros. "
            "Only members of your organisation can open it."
        ) % {"limit": settings.KNOWLEDGE_DOCUMENT_MAX_BYTES // 1_000_000}
        if self.instance.pk is not None:
            if self.instance.file_name:
                del self.fields["url"]
                self.fields["document"].label = _("Replace the document")
                self.fields["document"].help_text = _(
                    "Now: %(name)s. Leave this empty to keep it."
                ) % {"name": self.instance.file_name}
            else:
                del self.fields["document"]
                self.fields["url"].required = True
                self.fields["url"].help_text = ""
        self.order_fields(["step", "title", "url", "document", "theme", "note"])

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        return knowledge_documents.check_document(upload) if upload else None

    def clean(self):
        data = super().clean()
        new = self.instance.pk is None
        # Said at once with a missing title, so an empty form needs one round, not two; not
        # when the address or document itself was refused (that error says enough).
        checked = not self.has_error("url") and not self.has_error("document")
        if new and checked and bool(data.get("url")) == bool(data.get("document")):
            raise forms.ValidationError(
                _("Give a web address or a document, one of the two."), code="one"
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "step": data["step"],
            "title": data["title"],
            "theme": data.get("theme"),
            "url": data.get("url", ""),
            "note": data.get("note", ""),
            "document": data.get("document"),
        }


class ThemeFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("every theme")
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = knowledge.themes_for(organisation)
