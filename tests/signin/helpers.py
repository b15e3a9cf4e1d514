"""Codes from a person's authenticator app, computed as the app does."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from impactinkoop.accounts.models import User


def app_code(user: User, *, confirmed: bool = True) -> str:
    """The code the app shows now; the next one when this one was used already (a code is
    never accepted twice, and the server accepts the next one too, for clocks that run fast):
    two sign-ins within the same 30 seconds both work."""
    device = TOTPDevice.objects.get(user=user, confirmed=confirmed)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def give_app(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
