"""Making and recognising tokens: `iik_` and 43 characters of 32 random bytes."""

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken

PREFIX = "iik_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find(secret: str) -> ApiToken | None:
    """The usable token with this secret, or None (unknown, revoked or expired alike)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    return (
        ApiToken.objects.usable()
        .select_related("organisation", "user", "contractor_access")
        .filter(token_hash=hash_of(secret))
        .first()
    )


def mark_used(token: ApiToken) -> None:
    """Last used, to the minute: a write per minute per token, not one per call."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
