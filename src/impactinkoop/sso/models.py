"""An organisation's own OpenID Connect provider, and the e-mail domains that lead to it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Organisation, User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.querysets import TenantQuerySet

from . import crypto

DEFAULT_SCOPES = "openid email profile"
MAX_SESSION_HOURS = 24


class IdentityProviderQuerySet(TenantQuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class IdentityProvider(models.Model):
    """One per organisation. The endpoints are read from the issuer's discovery document unless
    they are filled in here (a provider without discovery)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    enabled = models.BooleanField(
        _("members sign in through this provider"),
        default=False,
        help_text=_(
            "When on, members can no longer sign in with a password, except the local "
            "administrator."
        ),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=500,
        help_text=_(
            "The provider's address; its settings are read from "
            "<issuer>/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    # Fernet token (crypto.py), never the secret itself.
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    scopes = models.CharField(_("scopes"), max_length=255, default=DEFAULT_SCOPES)
    email_claim = models.CharField(
        _("claim with the e-mail address"), max_length=100, default="email"
    )
    groups_claim = models.CharField(
        _("claim with the groups"), max_length=100, default="groups", blank=True
    )
    default_role = models.CharField(
        _("role of new members"), max_length=20, choices=Role.choices, default=Role.VIEWER
    )
    group_roles = models.TextField(
        _("roles by group"),
        blank=True,
        help_text=_(
            "One line per group: group = role, for example “inkoop-team = buyer”. The first "
            "line whose group the person has decides the role."
        ),
    )
    required_group = models.CharField(
        _("required group"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to let everyone the provider signs in enter."),
    )
    max_session_hours = models.PositiveSmallIntegerField(
        _("maximum session length in hours"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_HOURS)],
    )
    local_admin = models.ForeignKey(
        User,
        verbose_name=_("local administrator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "An administrator who may still sign in with a password and a second factor, as a "
            "way back in when the provider fails."
        ),
    )
    authorization_endpoint = models.URLField(
        _("authorization endpoint"), max_length=500, blank=True
    )
    token_endpoint = models.URLField(_("token endpoint"), max_length=500, blank=True)
    userinfo_endpoint = models.URLField(_("userinfo endpoint"), max_length=500, blank=True)
    jwks_uri = models.URLField(_("JWKS address"), max_length=500, blank=True)
    end_session_endpoint = models.URLField(_("end-session endpoint"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.issuer

    @property
    def has_client_secret(self) -> bool:
        return bool(self.client_secret_encrypted)

    @property
    def client_secret(self) -> str:
        return crypto.decrypt(self.client_secret_encrypted) if self.client_secret_encrypted else ""

    def set_client_secret(self, plain: str) -> None:
        self.client_secret_encrypted = crypto.encrypt(plain)


class SignInDomain(models.Model):
    """An e-mail domain whose people sign in through this provider; a domain belongs to one
    organisation only, so the shared sign-in page knows where to send an address."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("sign-in domain")
        verbose_name_plural = _("sign-in domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
