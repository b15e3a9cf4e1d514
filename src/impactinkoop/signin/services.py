"""Sessions and their audit: a row per sign-in, its last activity, ending one session or all of
them, and the audit entries of sign-ins and failures (one per organisation of the person, so
each organisation's log shows its own people)."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from impactinkoop.accounts.models import Membership, User
from impactinkoop.core.audit import log_action

from . import browsers
from .models import SignInSession, TrustedBrowser

SEEN_KEY = "signin.seen"
# Last activity is written at most this often: not a write on every page.
SEEN_EVERY = timedelta(minutes=5)


def session_store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def audit_for_person(action: str, *, user: User, actor=None) -> None:
    """The entry in the log of every organisation the person is an active member of (or the
    platform's, for someone without one)."""
    memberships = Membership.objects.active().filter(user=user).select_related("organisation")
    for organisation in [membership.organisation for membership in memberships] or [None]:
        log_action(action, actor=actor or user, organisation=organisation, obj=user)


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def record_sign_in(request, user: User, *, method: str = SignInSession.Method.PASSWORD) -> None:
    now = timezone.now()
    SignInSession.objects.update_or_create(
        session_key=_session_key(request),
        defaults={
            "user": user,
            "method": method,
            "browser": browsers.of_request(request),
            "started_at": now,
            "last_seen_at": now,
            "ended_at": None,
        },
    )
    request.session[SEEN_KEY] = now.timestamp()
    action = (
        "signin.signed_in_by_provider"
        if method == SignInSession.Method.PROVIDER
        else "signin.signed_in"
    )
    audit_for_person(action, user=user)


def mark_provider_sign_in(request) -> None:
    """The session just recorded came through the organisation's provider."""
    SignInSession.objects.filter(session_key=_session_key(request)).update(
        method=SignInSession.Method.PROVIDER
    )


def record_sign_out(request, user) -> None:
    key = request.session.session_key
    if key:
        SignInSession.objects.filter(session_key=key, ended_at=None).update(ended_at=timezone.now())


def record_failure(credentials: dict) -> None:
    """A failed password (or, from the second-factor page, a wrong code) for an existing
    account; attempts on addresses that have no account are counted by axes, not logged."""
    email = (credentials.get("username") or "").strip()
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is None:
        return
    action = "signin.second_factor_failed" if credentials.get("second_factor") else "signin.failed"
    audit_for_person(action, user=user)


def note_activity(request) -> None:
    """Keep the session row's last activity within SEEN_EVERY, and give sessions that began
    before this app (or outside the login views) a row of their own."""
    now = timezone.now()
    seen = request.session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - seen < SEEN_EVERY.total_seconds():
        return
    request.session[SEEN_KEY] = now.timestamp()
    key = _session_key(request)
    updated = SignInSession.objects.filter(session_key=key, user=request.user).update(
        last_seen_at=now
    )
    if not updated:
        SignInSession.objects.update_or_create(
            session_key=key,
            defaults={
                "user": request.user,
                "browser": browsers.of_request(request),
                "started_at": now,
                "last_seen_at": now,
                "ended_at": None,
            },
        )


def open_sessions(user: User) -> list[SignInSession]:
    """The person's sessions that still exist (not signed out, not expired), newest first."""
    rows = SignInSession.objects.filter(user=user, ended_at=None).order_by("-last_seen_at")
    alive = []
    for row in rows:
        if session_store().exists(row.session_key):
            alive.append(row)
        else:
            row.ended_at = row.last_seen_at
            row.save(update_fields=["ended_at"])
    return alive


def end_session(user: User, session: SignInSession) -> None:
    with transaction.atomic():
        session_store(session.session_key).delete()
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])


@transaction.atomic
def sign_out_everywhere(user: User) -> int:
    """Every session of the person ends (this one too) and every remembered browser is
    forgotten; returns the number of sessions ended."""
    sessions = list(SignInSession.objects.filter(user=user, ended_at=None))
    for session in sessions:
        session_store(session.session_key).delete()
    SignInSession.objects.filter(pk__in=[s.pk for s in sessions]).update(ended_at=timezone.now())
    TrustedBrowser.objects.filter(user=user).delete()
    audit_for_person("signin.signed_out_everywhere", user=user)
    return len(sessions)
