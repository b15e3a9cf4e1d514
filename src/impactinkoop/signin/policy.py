"""Who must give a second factor, and which addresses stay open before it is given."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from impactinkoop.accounts.models import Membership, User
from impactinkoop.accounts.roles import Role

from .sessions import provider_session


def _rule_applies():
    """Whether a rule asks this person for two factors, as a subquery on the user: an active
    administrator membership or platform staff (TWO_FACTOR_FOR_ADMINS), or an active membership
    of an organisation that asks it of everyone."""
    memberships = Membership.objects.active().filter(user=OuterRef("pk"))
    asked = Exists(memberships.filter(organisation__require_two_factor=True))
    if settings.TWO_FACTOR_FOR_ADMINS:
        asked |= Exists(memberships.filter(role=Role.ADMIN))
    return asked


def second_factor_required(user) -> bool:
    if settings.TWO_FACTOR_FOR_ADMINS and (user.is_staff or user.is_superuser):
        return True
    return User.objects.filter(pk=user.pk).filter(_rule_applies()).exists()


def second_factor_asked(request) -> bool:
    """Whether this signed-in request still waits for its second factor: asked of anyone with an
    authenticator app and of anyone who must have one; never of a session that came through the
    organisation's own provider (it asked its own factors). One query, on every request of a
    session that has not given it."""
    user = request.user
    if not user.is_authenticated or user.is_verified() or provider_session(request):
        return False
    if settings.TWO_FACTOR_FOR_ADMINS and (user.is_staff or user.is_superuser):
        return True
    has_app = Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    return User.objects.filter(pk=user.pk).filter(has_app | _rule_applies()).exists()


# Open before the second factor: the pages that ask it, signing out, the language, and what
# pages load (styles, the house style, health). The API signs in with tokens, not sessions.
OPEN_PREFIXES = ("/static/", "/themes/", "/health/", "/api/", "/.well-known/")


def open_before_second_factor(path: str) -> bool:
    if path.startswith(OPEN_PREFIXES):
        return True
    return path in {
        reverse("signin:verify"),
        reverse("signin:setup"),
        reverse("accounts:logout"),
        reverse("core:set_language"),
    }
