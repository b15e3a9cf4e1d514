"""The organisation's sign-in settings, and the e-mail address that finds an organisation."""

import re
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.fields import web_address_formfield

from .discovery import REQUIRED_ENDPOINTS, DiscoveryError, endpoints_for
from .models import IdentityProvider, SignInDomain
from .provisioning import parse_group_roles

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> list[str]:
    """Domains separated by lines, commas or spaces; "@" in front is allowed and dropped."""
    words = re.split(r"[\s,;]+", text.strip().lower())
    return sorted({word.lstrip("@") for word in words if word.lstrip("@")})


class ProviderForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )
    email_domains = forms.CharField(
        label=_("E-mail domains of the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, for example voorbeeldstad.nl. People with these addresses are sent "
            "to this provider from the shared login page, and only these addresses can sign in "
            "through it."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "enabled",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "email_claim",
            "groups_claim",
            "default_role",
            "group_roles",
            "required_group",
            "email_domains",
            "max_session_hours",
            "local_admin",
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "end_session_endpoint",
        ]
        widgets = {"group_roles": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = web_address_formfield

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["client_secret"].help_text = (
            _("A secret is stored; leave this empty to keep it, or type a new one to replace it.")
            if self.instance.has_client_secret
            else _("No secret is stored yet.")
        )
        self.fields["local_admin"].queryset = User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.ADMIN,
            memberships__deactivated_at=None,
        ).order_by("email")
        self.fields["local_admin"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )
        if self.instance.pk and not self.is_bound:
            self.initial["email_domains"] = "\n".join(
                self.instance.domains.values_list("domain", flat=True)
            )
        for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
            self.fields[name].help_text = _("Only for a provider without discovery.")

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"].rstrip("/")
        parts = urlsplit(issuer)
        # OpenID Connect asks https; plain http only for a provider on this machine (tests).
        if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
            raise forms.ValidationError(_("The issuer address must start with https://."))
        return issuer

    def clean_scopes(self):
        scopes = " ".join(self.cleaned_data["scopes"].split())
        if "openid" not in scopes.split():
            raise forms.ValidationError(_("The scopes must include openid."))
        return scopes

    def clean_group_roles(self):
        text = self.cleaned_data["group_roles"]
        parse_group_roles(text)
        return text

    def clean_email_domains(self):
        domains = parse_domains(self.cleaned_data["email_domains"])
        wrong = [domain for domain in domains if not DOMAIN.match(domain)]
        if wrong:
            raise forms.ValidationError(
                _("%(domains)s is not an e-mail domain such as voorbeeldstad.nl.")
                % {"domains": ", ".join(wrong)}
            )
        taken = SignInDomain.objects.filter(domain__in=domains).exclude(
            provider__organisation=self.organisation
        )
        if taken.exists():
            raise forms.ValidationError(
                _("%(domains)s already signs in through another organisation.")
                % {"domains": ", ".join(taken.values_list("domain", flat=True))}
            )
        return domains

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("enabled"):
            return cleaned
        if not (cleaned.get("client_secret") or self.instance.has_client_secret):
            self.add_error("client_secret", _("Type the client secret the provider gave you."))
        if not cleaned.get("email_domains"):
            self.add_error("email_domains", _("Name at least one e-mail domain."))
        if not cleaned.get("local_admin"):
            self.add_error(
                "local_admin",
                _(
                    "Choose the administrator who can still sign in with a password, so the "
                    "organisation is never locked out."
                ),
            )
        self._check_provider(cleaned)
        return cleaned

    def _check_provider(self, cleaned):
        """Read the discovery document now, so a wrong issuer is said here, not at sign-in."""
        probe = IdentityProvider(
            issuer=cleaned["issuer"],
            **{
                name: cleaned.get(name, "")
                for name in (*REQUIRED_ENDPOINTS, "end_session_endpoint")
            },
        )
        try:
            endpoints_for(probe, refresh=True)
        except DiscoveryError as error:
            self.add_error("issuer", str(error))


class FindOrganisationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        domain = email.rsplit("@", 1)[1]
        found = (
            SignInDomain.objects.filter(domain=domain, provider__enabled=True)
            .select_related("provider__organisation")
            .first()
        )
        if found is None:
            raise forms.ValidationError(
                _(
                    "No organisation signs in with its own account for %(domain)s. Log in with "
                    "your e-mail address and password instead, or ask your administrator."
                )
                % {"domain": domain}
            )
        self.organisation = found.provider.organisation
        return email
