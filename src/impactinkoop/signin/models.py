"""The sessions a person has open, and the browsers they asked us to remember after the second
factor. The second factor itself is django-otp's: a TOTP device (the authenticator app) and a
static device (the recovery codes)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInSession(models.Model):
    """One sign-in: the Django session it opened, so the person can see it and end it. The
    browser is described in a few words (no address, no full user-agent string)."""

    class Method(models.TextChoices):
        PASSWORD = "password", _("password")
        PROVIDER = "provider", _("organisation sign-in")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.PASSWORD)
    browser = models.CharField(_("browser"), max_length=80, blank=True)
    started_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last active"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user", "ended_at"], name="signin_session_user_open")]

    def __str__(self) -> str:
        return f"{self.user} · {self.browser or '?'} · {self.started_at:%Y-%m-%d %H:%M}"


def hash_browser_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TrustedBrowser(models.Model):
    """A browser where the second factor was given with "remember this browser": its cookie
    holds a random token whose hash is kept here, so signing out everywhere or a new
    authenticator app forgets it at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_browsers"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    browser = models.CharField(_("browser"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("remembered since"), default=timezone.now)
    expires_at = models.DateTimeField(_("remembered until"))

    class Meta:
        verbose_name = _("remembered browser")
        verbose_name_plural = _("remembered browsers")

    def __str__(self) -> str:
        return f"{self.user} · {self.browser or '?'}"
