"""Forms for login, invitations, members, the organisation and the user's own account."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.uploads import check_logo

from . import signin_routes
from .models import Department, Organisation, Theme, User
from .roles import Role
from .themes import TOKEN_SET_CHOICES


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match an account. Check both and try "
            "again; after five failed attempts login is paused for a quarter of an hour."
        ),
        "inactive": _("This account has been deactivated."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # Asked only after a correct password, so it tells no stranger which addresses exist.
        refusal = signin_routes.password_refusal(user)
        if refusal:
            raise forms.ValidationError(refusal, code="sign_in_elsewhere")


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)


class OrganisationSwitchForm(forms.Form):
    organisation = forms.SlugField(label=_("Organisation"))


class RegistrationForm(forms.Form):
    """An invited person without an account sets a name and a password."""

    full_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OrganisationForm(forms.ModelForm):
    # Wider than 8 so that "1234 5678" reaches clean_kvk_number; the model checks the 8 digits.
    kvk_number = forms.CharField(
        label=_("KvK number"),
        required=False,
        max_length=20,
        help_text=_("8 digits, with leading zeros."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "kvk_number",
            "municipality",
            "labour_market_region",
            "require_two_factor",
        ]

    def clean_kvk_number(self):
        from impactinkoop.core.validators import normalise_kvk

        return normalise_kvk(self.cleaned_data["kvk_number"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]


class ThemeForm(forms.ModelForm):
    """The organisation's administrator's part of its house style. The published token set is
    not a field here: only a platform administrator assigns it (`TokenSetForm`)."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG, JPEG or WebP image of at most %(limit)s kB, shown in the header of every "
            "page. Light logos need a dark header, dark logos a light one."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Theme
        fields = ["primary_colour", "header_background_colour", "link_colour", "public_catalogue"]
        help_texts = {
            "primary_colour": _("Buttons. Empty: the default blue. Such as #0b4f8a."),
            "header_background_colour": _("The bar at the top of every page. Empty: the default."),
            "link_colour": _("Links on white. Empty: the default."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = self.fields["logo"].help_text % {
            "limit": settings.THEME_LOGO_MAX_BYTES // 1000
        }
        for name in ("primary_colour", "header_background_colour", "link_colour"):
            self.fields[name].widget.attrs.update(
                {"placeholder": "#0b4f8a", "size": 8, "autocomplete": "off"}
            )
        if not (self.instance.pk and self.instance.has_logo):
            del self.fields["remove_logo"]

    def _clean_colour(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "").strip().lower()

    def clean_primary_colour(self):
        return self._clean_colour("primary_colour")

    def clean_header_background_colour(self):
        return self._clean_colour("header_background_colour")

    def clean_link_colour(self):
        return self._clean_colour("link_colour")

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            check_logo(upload, settings.THEME_LOGO_MAX_BYTES)
        return upload


class TokenSetForm(forms.Form):
    token_set = forms.ChoiceField(
        label=_("Published token set"),
        required=False,
        choices=[("", _("None: the organisation's own colours")), *TOKEN_SET_CHOICES],
    )
