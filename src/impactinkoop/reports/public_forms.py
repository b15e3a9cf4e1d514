"""The administrator's form of the public impact page: on or off, an introduction, and which
figures of the latest edition and which approved stories it shows."""

from django import forms
from django.utils.translation import gettext_lazy as _


class StoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, story):
        return story.title


class PublicPageForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Publish the page"),
        required=False,
        help_text=_(
            "Anyone can then read it without logging in, at the address below. Off: the "
            "address answers “not found”, as for an organisation that does not exist."
        ),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    figures = forms.MultipleChoiceField(
        label=_("Figures and tables of the latest edition"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what you tick is published. Counts of fewer than 5 people are never shown."
        ),
    )
    stories = StoryChoiceField(
        label=_("Approved case stories"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figures"].choices = items
        self.fields["stories"].queryset = stories
