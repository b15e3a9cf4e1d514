"""Login security: the key login failures are counted under, the second limit per network
address, the lockout page, and password rules."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import password_validation
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
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


class LoginLimitHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit: failed logins from one network
    address across all accounts (a password spray). Counted from axes' own rows, so it holds
    across processes. A successful login clears that person's failures (AXES_RESET_ON_SUCCESS),
    so an office behind one address is not paused by people who mistype and then log in."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or address_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or not address_is_locked(request):
            return
        # The failure that reached the limit already gets the lockout page, as in axes itself.
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=login_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


def _recent_attempts(request, **filters):
    return AccessAttempt.objects.filter(
        attempt_time__gte=get_cool_off_threshold(request), **filters
    )


def address_is_locked(request) -> bool:
    failures = _recent_attempts(request, ip_address=request.axes_ip_address).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


def locked_out(request, original_response=None, credentials=None):
    """The lockout page: what happened (this account, or many accounts from this address) and
    the clock time after which logging in works again."""
    address = _recent_attempts(request, ip_address=request.axes_ip_address)
    account = address.filter(username=login_username(request, credentials))
    failures = account.aggregate(total=Sum("failures_since_start"))["total"] or 0
    by_account = failures >= get_failure_limit(request, credentials)
    last = (account if by_account else address).aggregate(last=Max("attempt_time"))["last"]
    retry_at = (last or timezone.now()) + get_cool_off(request)
    return render(
        request,
        "accounts/locked_out.html",
        {"by_account": by_account, "retry_at": timezone.localtime(retry_at)},
        status=429,
    )
