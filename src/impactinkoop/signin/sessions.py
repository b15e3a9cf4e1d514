"""What a session knows of how it began. A session started through an organisation's identity
provider (the `sso` app) is marked here: the provider asked for its own factors, so no second
factor is asked again, and the session ends at the organisation's maximum whatever the activity
(`SignInMiddleware` ends it)."""

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

PROVIDER_SIGN_IN = "signin.provider"


def start_provider_session(
    request, *, organisation_id: int, ends_at: datetime, logout_url: str = ""
) -> None:
    """Call right after `django.contrib.auth.login`: the session came through the provider of
    this organisation, lasts until `ends_at`, and its sign-out goes on to `logout_url` (the
    provider's end-session address, or empty where the provider has none)."""
    request.session[PROVIDER_SIGN_IN] = {
        "organisation": organisation_id,
        "ends_at": ends_at.isoformat(),
        "logout_url": logout_url,
    }


def provider_session(request) -> dict | None:
    """The provider mark of this session (organisation, ends_at, logout_url), or None."""
    session = getattr(request, "session", None)
    return session.get(PROVIDER_SIGN_IN) if session is not None else None


def provider_session_has_ended(request) -> bool:
    mark = provider_session(request)
    if not mark:
        return False
    ends_at = parse_datetime(mark.get("ends_at") or "")
    return ends_at is None or timezone.now() >= ends_at
