"""What other apps may ask of signing in, without reading this app's tables."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def has_two_factors(user) -> bool:
    """Whether the person has a confirmed authenticator app (the second factor)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
