"""The demo's second factor: the administrators and the curator, whom the rule asks for two
factors, share one authenticator key that the demo prints, so one entry in an app (or a test
computing the codes) serves them all. Running the demo again keeps the key."""

import base64
import secrets

from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from impactinkoop.accounts.models import User
from impactinkoop.accounts.roles import Role

from .twofactor import APP_NAME


@transaction.atomic
def build_demo_second_factor() -> str:
    """Gives the demo's administrators and platform staff (their addresses end in `.example`,
    the reserved domain every demo user has) an app with the shared key; returns the key in
    base32, as authenticator apps take it."""
    people = User.objects.filter(
        Q(is_staff=True) | Q(memberships__role=Role.ADMIN), email__endswith=".example"
    ).distinct()
    existing = TOTPDevice.objects.filter(user__in=people, confirmed=True).order_by("pk").first()
    key = existing.key if existing else secrets.token_hex(20)
    for person in people:
        if not TOTPDevice.objects.filter(user=person, confirmed=True).exists():
            TOTPDevice.objects.create(user=person, name=APP_NAME, key=key, confirmed=True)
    return base64.b32encode(bytes.fromhex(key)).decode()
