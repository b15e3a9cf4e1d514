"""The code from the authenticator app (or a recovery code), and the password asked again
before the second factor is turned off."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )
    remember = forms.BooleanField(required=False)

    def __init__(self, *args, remember: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.TWO_FACTOR_REMEMBER_DAYS
        if remember and days > 0:
            self.fields["remember"].label = ngettext_lazy(
                "Remember this browser for %(days)d day",
                "Remember this browser for %(days)d days",
                "days",
            ) % {"days": days}
            self.fields["remember"].help_text = _(
                "Only on a computer of your own: no code is asked here until then."
            )
        else:
            del self.fields["remember"]


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("Type the six digits the app shows for Impactinkoop."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordAgainForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
