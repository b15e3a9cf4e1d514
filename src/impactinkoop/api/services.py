"""Making and revoking tokens, each with its audit entry. The secret is returned once, to be
shown once; only its hash is kept."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.audit import log_action

from . import tokens
from .models import ApiToken
from .scopes import CONTRACTOR_SCOPES, Scope

# The role permission a member needs to give a personal token each scope: a token never opens
# more than its member's role (and the role is checked again at every call).
SCOPE_PERMISSION = {
    Scope.READ_FIGURES: Permission.VIEW_SPEND,
    Scope.IMPORT_LEDGERS: Permission.IMPORT_SPEND,
    Scope.MANAGE_CONTRACTS: Permission.MANAGE_CONTRACTS,
    Scope.REPORT_SROI: Permission.MANAGE_SROI,
}


def scopes_for_membership(membership) -> list[str]:
    return [
        scope
        for scope, permission in SCOPE_PERMISSION.items()
        if membership.has_permission(permission)
    ]


def _check(name: str, scopes: list[str], days: int, allowed) -> None:
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name.")})
    if not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    wrong = [scope for scope in scopes if scope not in allowed]
    if wrong:
        raise ValidationError(
            {"scopes": _("Not allowed here: %(scopes)s.") % {"scopes": ", ".join(wrong)}}
        )
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("A token is valid for 1 to %(max)s days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )


@transaction.atomic
def create_token(
    *,
    kind: str,
    organisation,
    name: str,
    scopes: list[str],
    days: int,
    actor,
    user=None,
    contractor_access=None,
    secret: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret. Organisation tokens: an administrator's, any scope.
    Personal tokens: the actor's own, within the actor's role. Contractor tokens: the actor's
    own contractor access, reporting social return only."""
    if kind == ApiToken.Kind.ORGANISATION:
        allowed = set(Scope)
    elif kind == ApiToken.Kind.PERSONAL:
        allowed = set(scopes_for_membership(user.memberships.get(organisation=organisation)))
    else:
        allowed = set(CONTRACTOR_SCOPES)
    scopes = sorted(set(scopes))
    _check(name, scopes, days, allowed)
    secret = secret or tokens.new_secret()
    token = ApiToken.objects.create(
        organisation=organisation,
        kind=kind,
        name=name.strip(),
        user=user,
        contractor_access=contractor_access,
        scopes=scopes,
        prefix=secret[:8],
        token_hash=tokens.hash_of(secret),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    log_action(
        "api.token_created",
        actor=actor,
        organisation=organisation,
        obj=token,
        after={"kind": kind, "scopes": scopes, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("api.token_revoked", actor=actor, organisation=token.organisation, obj=token)
