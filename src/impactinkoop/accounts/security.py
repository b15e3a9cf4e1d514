"""Login security: the key login failures are counted under, and password rules."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


def login_username(request, credentials) -> str:
    """The e-mail address as typed, lower-cased, so 'Alice@' and 'alice@' share one counter."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return value.strip().lower()


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's check with our own message: Django's Dutch catalogue lacks this one."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return self.get_error_message()
