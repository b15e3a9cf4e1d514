"""The second factor on django-otp: one authenticator app (a TOTP device) and ten recovery codes
(a static device, each code works once) per person, and browsers remembered after the code.

Recovery codes are kept as django-otp keeps them (readable in the database), like the TOTP
secret itself, which the server must be able to read to check codes: whoever reads the database
has the factor either way (decision 0027)."""

import base64
import re
import secrets
from datetime import timedelta

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import browsers
from .models import TrustedBrowser, hash_browser_token
from .services import audit_for_person

APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"
RECOVERY_CODES = 10
# No 0/o, 1/l/i: a code read from paper is typed right the first time.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TRUSTED_COOKIE = "iik_trusted_browser"


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_app(user) -> TOTPDevice:
    """The authenticator app being set up: its secret stays the same while the person scans it
    and types the first code (a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(10)) for _ in range(10)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [format_recovery_code(code) for code in codes]


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm_app(request, device: TOTPDevice, code: str) -> list[str] | None:
    """The first code from the app confirms it: the app replaces any earlier one, remembered
    browsers are forgotten, the session counts as verified, and ten new recovery codes are
    returned (to be shown once). None when the code is wrong."""
    if device.confirmed or device.user_id != request.user.pk:
        return None
    if not device.verify_token(normalise(code)):
        return None
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TrustedBrowser.objects.filter(user=user).delete()
        codes = _new_recovery_codes(user)
        audit_for_person("signin.two_factor_set_up", user=user)
    django_otp.login(request, device)
    return codes


def verify(request, code: str):
    """Check a code from the app (six digits) or a recovery code; on success the session counts
    as verified and the device that accepted it is returned, else None."""
    user = request.user
    value = normalise(code)
    if re.fullmatch(r"\d{6}", value):
        device = confirmed_app(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(value):
        return None
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        audit_for_person("signin.recovery_code_used", user=user)
    return device


def seconds_to_wait(user) -> int:
    """After wrong codes django-otp makes the person wait longer each time (1, 2, 4 ... s), per
    device and whatever the network address: the seconds still to wait, or 0."""
    devices = [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]
    waits = [0]
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            left = (details["locked_until"] - timezone.now()).total_seconds()
            waits.append(int(left) + 1 if left > 0 else 0)
    return max(waits)


def renew_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_for_person("signin.recovery_codes_renewed", user=user)
    return codes


@transaction.atomic
def remove_second_factor(user, *, actor=None) -> None:
    """The app and the recovery codes are removed and remembered browsers forgotten: by the
    person (where no rule asks it of them), or by an administrator for a member who lost their
    phone, who then sets up a new app at the next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TrustedBrowser.objects.filter(user=user).delete()
    action = "signin.two_factor_reset" if actor else "signin.two_factor_turned_off"
    audit_for_person(action, user=user, actor=actor)


def remember_browser(request, response) -> None:
    days = settings.TWO_FACTOR_REMEMBER_DAYS
    if days <= 0:
        return
    token = secrets.token_urlsafe(32)
    TrustedBrowser.objects.create(
        user=request.user,
        token_hash=hash_browser_token(token),
        browser=browsers.of_request(request),
        expires_at=timezone.now() + timedelta(days=days),
    )
    response.set_cookie(
        TRUSTED_COOKIE,
        token,
        max_age=days * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def trusted_browser(request) -> bool:
    """A remembered browser of this person gives the second factor for this session."""
    token = request.COOKIES.get(TRUSTED_COOKIE)
    if not token:
        return False
    known = TrustedBrowser.objects.filter(
        user=request.user, token_hash=hash_browser_token(token), expires_at__gt=timezone.now()
    ).exists()
    device = confirmed_app(request.user) if known else None
    if device is None:
        return False
    django_otp.login(request, device)
    return True


def readable_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app without a camera."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
