"""Every sign-in, sign-out and failed sign-in: a session row (for the sessions page) and an entry
in the audit log of each organisation the person belongs to. Signals, because Django, axes and
the provider sign-in all send them; the writing itself is in `services`."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="signin.signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.record_sign_in(request, user)


@receiver(user_logged_out, dispatch_uid="signin.signed_out")
def _signed_out(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.record_sign_out(request, user)


@receiver(user_login_failed, dispatch_uid="signin.failed")
def _failed(sender, credentials, request=None, **kwargs):
    services.record_failure(credentials or {})
