"""From the provider's claims to a person and a membership: who may enter, with which role.

The rules, in order: the claims must hold an e-mail address of one of the organisation's own
domains (a provider signs in only its own people, never an account of another organisation);
the person must be in the required group, if one is set; a deactivated account or membership
stays shut. Then the account is found or made (without a password) and the membership given.
With roles by group set, the provider decides the role at every sign-in (the mapped role, else
the default role); without them, an existing member keeps the role given on the members page.
The local administrator's role is never changed here: it is the way back in.
"""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from impactinkoop.accounts.models import Membership, User
from impactinkoop.accounts.roles import Role
from impactinkoop.accounts.services import add_member, change_role
from impactinkoop.core.audit import log_action

from .models import IdentityProvider


class SignInRefused(Exception):
    """The provider signed the person in, but Impactinkoop does not let them enter; the message
    is for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_group_roles(text: str) -> list[tuple[str, str]]:
    """Lines "group = role" (blank lines and lines starting with # are skipped); a wrong line
    raises ValidationError naming the line."""
    pairs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        group, equals, role = (part.strip() for part in line.rpartition("="))
        if not equals or not group or not role:
            errors.append(
                _("Line %(number)s: write “group = role”, for example “inkoop-team = buyer”.")
                % {"number": number}
            )
        elif role not in Role.values:
            errors.append(
                _("Line %(number)s: “%(role)s” is no role; use one of %(roles)s.")
                % {"number": number, "role": role, "roles": ", ".join(Role.values)}
            )
        else:
            pairs.append((group, role))
    if errors:
        raise ValidationError(errors)
    return pairs


def groups_in(claims: dict, claim: str) -> set[str]:
    """The groups claim as a set: providers send a list, some a single string."""
    value = claims.get(claim) if claim else None
    if isinstance(value, str):
        return {part for part in value.replace(",", " ").split() if part}
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return set()


def mapped_role(provider: IdentityProvider, groups: set[str]) -> str | None:
    for group, role in parse_group_roles(provider.group_roles):
        if group in groups:
            return role
    return None


def email_from(provider: IdentityProvider, claims: dict) -> str:
    email = claims.get(provider.email_claim)
    if not isinstance(email, str) or "@" not in email:
        raise SignInRefused(
            _(
                "Your organisation's sign-in service sent no e-mail address (claim "
                "“%(claim)s”). Ask your administrator to check the sign-in settings."
            )
            % {"claim": provider.email_claim}
        )
    email = email.strip().lower()
    if claims.get("email_verified") is False:
        raise SignInRefused(
            _("Your organisation's sign-in service has not verified the address %(email)s.")
            % {"email": email}
        )
    domain = email.rsplit("@", 1)[1]
    if not provider.domains.filter(domain=domain).exists():
        raise SignInRefused(
            _(
                "The address %(email)s is not of a domain of %(organisation)s, so it cannot "
                "sign in through its sign-in service."
            )
            % {"email": email, "organisation": provider.organisation.name}
        )
    return email


def check_admission(provider: IdentityProvider, claims: dict) -> str:
    """The e-mail address of a person who may enter, or SignInRefused; changes nothing."""
    email = email_from(provider, claims)
    group = provider.required_group.strip()
    if group and group not in groups_in(claims, provider.groups_claim):
        raise SignInRefused(
            _(
                "You are not in the group “%(group)s”, which %(organisation)s requires for "
                "Impactinkoop. Ask your administrator for access."
            )
            % {"group": group, "organisation": provider.organisation.name}
        )
    return email


def _shut_out(user: User | None, membership: Membership | None) -> bool:
    return (user is not None and not user.is_active) or (
        membership is not None and membership.deactivated_at is not None
    )


@transaction.atomic
def admit(provider: IdentityProvider, claims: dict) -> User:
    """The person the claims describe, a member of the provider's organisation."""
    email = check_admission(provider, claims)
    organisation = provider.organisation
    user = User.objects.filter(email__iexact=email).first()
    membership = (
        Membership.objects.filter(user=user, organisation=organisation).first() if user else None
    )
    if _shut_out(user, membership):
        raise SignInRefused(
            _("Your access to %(organisation)s has been deactivated. Ask your administrator.")
            % {"organisation": organisation.name}
        )
    if user is None:
        full_name = str(claims.get("name") or "")[:150]
        # No password: this person signs in through the provider (set_password(None) makes
        # an unusable one).
        user = User.objects.create_user(email, None, full_name=full_name)
        log_action(
            "account.created", actor=user, organisation=organisation, obj=user, object_repr=email
        )
    role = mapped_role(provider, groups_in(claims, provider.groups_claim))
    if membership is None:
        add_member(
            actor=user, organisation=organisation, user=user, role=role or provider.default_role
        )
    elif provider.group_roles.strip() and user.pk != provider.local_admin_id:
        # The last administrator keeps the role: accounts refuses to leave none.
        with suppress(ValidationError):
            change_role(actor=user, membership=membership, role=role or provider.default_role)
    return user
