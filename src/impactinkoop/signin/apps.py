from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Signing in beyond the password (decision 0027): the second factor (TOTP apps and recovery
    codes, on django-otp), the sessions a person has open, and the audit of sign-ins. It sits
    just above accounts; single sign-on (`sso`) sits above it and starts its sessions here."""

    name = "impactinkoop.signin"
    label = "signin"
    verbose_name = _("Signing in")

    def ready(self):
        from . import receivers  # noqa: F401  (sign-ins, sign-outs and failures)
