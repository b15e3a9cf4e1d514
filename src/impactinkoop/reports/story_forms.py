"""Forms of the case stories. The enterprise, contract and goal lists hold the organisation's
own objects only (`stories.*_choices`), so a posted id of another organisation's contract or
goal is an invalid choice, never a leak."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import stories
from .models import Story


class ContractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contract):
        return " · ".join(part for part in (contract.reference, contract.title) if part)


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, company):
        return f"{company.name} ({company.city})" if company.city else company.name


class StoryForm(forms.ModelForm):
    company = CompanyChoiceField(
        queryset=None,
        required=False,
        label=_("Social enterprise"),
        help_text=_("An enterprise in the catalogue or one of your contractors."),
    )
    contract = ContractChoiceField(queryset=None, required=False, label=_("Contract"))
    goal = forms.ModelChoiceField(queryset=None, required=False, label=_("Goal"))

    class Meta:
        model = Story
        fields = ["title", "text", "company", "contract", "goal"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "text": _(
                "What happened, for whom, and what it changed. Name people only with their "
                "consent; the story may be published."
            )
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.company if self.instance.company_id else None
        self.fields["company"].queryset = stories.company_choices(organisation, current)
        self.fields["contract"].queryset = stories.contract_choices(organisation)
        self.fields["goal"].queryset = stories.goal_choices(organisation)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=300,
        help_text=_("For people who cannot see the photo: describe it in one sentence."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "A PNG, JPEG or WebP image of at most %(limit)s kB. Only with the consent of the "
            "people in it."
        ) % {"limit": settings.STORY_PHOTO_MAX_BYTES // 1000}

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.content_type = stories.check_photo(upload)
        return upload


class QuoteForm(forms.Form):
    text = forms.CharField(
        label=_("Quote"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    speaker = forms.CharField(
        label=_("Who says it"),
        max_length=150,
        help_text=_("A role or a first name, with their consent: no more than that."),
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("What needs to change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StateFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All stories"))] + list(Story.State.choices),
    )
