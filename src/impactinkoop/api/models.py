"""API tokens and their use.

A token is shown once, when it is made; only the SHA-256 of it is kept. The token is 32 random
bytes, so a fast hash is enough: nobody guesses it from its hash, and checking it on every call
costs microseconds where the password hasher would cost a quarter of a second (decision 0026).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet

from .scopes import Scope


class TokenQuerySet(TenantQuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at=None, expires_at__gt=now)


class ApiToken(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation token")
        PERSONAL = "personal", _("Personal token")
        CONTRACTOR = "contractor", _("Contractor token")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    # A personal token acts as its user, within the user's membership and role at each call; a
    # contractor token as its user, within one contractor access. An organisation token has no
    # user: it acts for the organisation, within its scopes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    contractor_access = models.ForeignKey(
        "accounts.ContractorAccess",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    scopes = models.JSONField(_("scopes"), default=list)
    # The first characters of the token, so a person can tell which token a log line means.
    prefix = models.CharField(_("starts with"), max_length=16)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiUsage(models.Model):
    """Calls of one token in one minute: the rate limit reads the current minute, the hourly
    counts on the tokens page add up an hour's minutes. One row per token and minute, counted
    up in one statement that every process shares (`throttling.count_call`)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="usage")
    minute = models.DateTimeField()
    reads = models.PositiveIntegerField(default=0)
    writes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "minute"], name="api_usage_token_minute")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} @ {self.minute:%Y-%m-%d %H:%M}"
