"""The form that makes a token: a name, what it may do, how long it lasts."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .scopes import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Say what uses it, e.g. 'Monthly ledger push from the finance system'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may do"),
        widget=forms.CheckboxSelectMultiple,
        choices=Scope.choices,
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        initial=90,
        help_text=_("After this the token stops working; make a new one in time."),
    )

    def __init__(self, *args, scopes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is made, not when the module is imported: the setting may change.
        days = self.fields["days"]
        days.max_value = settings.API_TOKEN_MAX_DAYS
        days.validators.append(MaxValueValidator(days.max_value))
        if scopes is not None:
            self.fields["scopes"].choices = [
                (value, label) for value, label in Scope.choices if value in scopes
            ]
            if len(scopes) == 1:
                self.fields["scopes"].initial = list(scopes)
