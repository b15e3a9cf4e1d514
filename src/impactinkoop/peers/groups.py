"""Intervision groups (De Normaalste Zaak's step 6): starting a group, inviting people by e-mail,
joining, hosts, leaving. A group spans organisations: the scope is the group's members
(`accounts.tenancy.group_view` with `member_of`). Meetings and dilemmas are in `group_threads`.

Every change writes an audit entry under the organisation the acting member speaks for in the
group, so an organisation's log shows what its people did in groups. The entry names the group
(and for an invitation the address), never what was said: a dilemma stays with the members."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from impactinkoop.accounts.models import Membership, Organisation, User
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import group_view
from impactinkoop.core.audit import log_action

from .models import Group, GroupInvitation, GroupMember


def member_of(user, group_pk: int) -> GroupMember | None:
    """The user's member row of the group, with the group: the lookup of the group scope."""
    if not user.is_authenticated:
        return None
    return (
        GroupMember.objects.select_related("group", "organisation")
        .filter(user=user, group__pk=group_pk)  # __pk: an id too large is no row
        .first()
    )


# The decorator of every page of a group: members only, the same 404 for anyone else as for a
# group that does not exist.
group_page = group_view(member_of)


def starting_organisations(user) -> list[Organisation]:
    """The organisations on whose behalf the user may start a group (permission peers.groups)."""
    if not user.is_authenticated:
        return []
    memberships = (
        Membership.objects.select_related("organisation")
        .active()
        .filter(user=user)
        .order_by("organisation__name", "pk")
    )
    return [m.organisation for m in memberships if m.has_permission(Permission.START_GROUPS)]


def user_organisations(user) -> list[Organisation]:
    """The organisations a member may say they speak for: only their own."""
    return list(Organisation.objects.for_user(user).order_by("name", "pk"))


def log_group_action(action: str, member: GroupMember, obj, **fields) -> None:
    fields.setdefault("object_repr", member.group.name)
    log_action(action, actor=member.user, organisation=member.organisation, obj=obj, **fields)


def require_host(member: GroupMember) -> None:
    if not member.is_host:
        raise PermissionDenied


def start_group(*, actor, organisation: Organisation, name: str, description: str = "") -> Group:
    """Start a group on behalf of one of the actor's organisations; the actor is its host."""
    if organisation not in starting_organisations(actor):
        raise PermissionDenied
    with transaction.atomic():
        group = Group.objects.create(name=name, description=description, created_by=actor)
        member = GroupMember.objects.create(
            group=group, user=actor, organisation=organisation, is_host=True
        )
        log_group_action("peers.group_started", member, group)
    return group


def change_group(*, member: GroupMember, name: str, description: str) -> Group:
    require_host(member)
    group = Group.objects.get(pk=member.group_id)
    before = {"name": group.name, "description": group.description}
    after = {"name": name, "description": description}
    if before == after:
        return group
    with transaction.atomic():
        group.name, group.description = name, description
        group.save(update_fields=["name", "description"])
        member.group = group
        log_group_action(
            "peers.group_changed",
            member,
            group,
            before={key: value for key, value in before.items() if after[key] != value},
            after={key: value for key, value in after.items() if before[key] != value},
        )
    return group


# Invitations ------------------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> GroupInvitation | None:
    return (
        GroupInvitation.objects.select_related("group", "invited_by")
        .filter(token_hash=_hash_token(token))
        .first()
    )


def invitation_state(invitation: GroupInvitation) -> str:
    """open, accepted, withdrawn or expired."""
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "withdrawn"
    if timezone.now() >= invitation.expires_at:
        return "expired"
    return "open"


def open_invitations(**filters):
    return GroupInvitation.objects.filter(
        accepted_at=None, revoked_at=None, expires_at__gt=timezone.now(), **filters
    )


def invite(*, member: GroupMember, email: str) -> GroupInvitation:
    """A host invites someone by e-mail, from any organisation or none. Only a hash of the link's
    token is kept; a new invitation to the same address replaces an open one."""
    require_host(member)
    email = email.strip().lower()
    group = member.group
    if group.members.filter(user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of this group.") % {"email": email},
            code="already_member",
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        open_invitations(group=group, email=email).update(revoked_at=timezone.now())
        invitation = GroupInvitation.objects.create(
            group=group,
            email=email,
            token_hash=_hash_token(token),
            invited_by=member.user,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        log_group_action(
            "peers.group_invited", member, invitation, object_repr=email, after={"email": email}
        )
        transaction.on_commit(lambda: _send_invitation(invitation, token, member))
    return invitation


def _send_invitation(invitation: GroupInvitation, token: str, host: GroupMember) -> None:
    context = {
        "group": invitation.group,
        "host": host.user,
        "host_organisation": host.organisation,
        "link": settings.SITE_URL + reverse("peers:group_invitation", kwargs={"token": token}),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject = render_to_string("peers/group_invitation_subject.txt", context).strip()
    body = render_to_string("peers/group_invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def withdraw_invitation(*, member: GroupMember, invitation: GroupInvitation) -> None:
    require_host(member)
    if invitation.group_id != member.group_id:
        raise PermissionDenied
    with transaction.atomic():
        withdrawn = open_invitations(pk=invitation.pk).update(revoked_at=timezone.now())
        if withdrawn:
            log_group_action(
                "peers.group_invitation_withdrawn", member, invitation, object_repr=invitation.email
            )


def _close(invitation: GroupInvitation) -> None:
    """Mark the invitation used only while it is open: a conditional UPDATE, so of two requests
    with one link exactly one gets through (as accounts' invitations do)."""
    if not open_invitations(pk=invitation.pk).update(accepted_at=timezone.now()):
        raise ValidationError(_("This invitation can no longer be used."), code="closed")


def accept_invitation(
    *, invitation: GroupInvitation, user, organisation: Organisation | None = None
) -> GroupMember:
    """Join the group: only the person the invitation was sent to, speaking for one of their own
    organisations or for none (an outside expert)."""
    if invitation_state(invitation) != "open":
        raise ValidationError(_("This invitation can no longer be used."), code="closed")
    if user.email.lower() != invitation.email:
        raise ValidationError(_("This invitation is for another e-mail address."), code="email")
    if organisation is not None and organisation not in user_organisations(user):
        raise PermissionDenied
    with transaction.atomic():
        _close(invitation)
        return _join(invitation, user, organisation)


def _join(invitation: GroupInvitation, user, organisation) -> GroupMember:
    member, created = GroupMember.objects.select_related("group").get_or_create(
        group=invitation.group, user=user, defaults={"organisation": organisation}
    )
    if created:
        log_group_action(
            "peers.group_joined",
            member,
            member,
            object_repr=invitation.group.name,
            after={"email": user.email, "organisation": str(organisation or "")},
        )
    return member


def register_and_join(*, invitation: GroupInvitation, full_name: str, password: str) -> User:
    """Create the account the invitation is for and join the group, in one transaction, as an
    invitation to an organisation does (`accounts.services.register_and_accept`). The new
    account belongs to no organisation: its member speaks for none."""
    with transaction.atomic():
        _close(invitation)
        language = get_language() or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    invitation.email, password, full_name=full_name, language=language
                )
        except IntegrityError as error:  # made at this moment, e.g. through another invitation
            raise ValidationError(
                _(
                    "An account with this e-mail address was just created. Log in to accept "
                    "the invitation."
                ),
                code="account_exists",
            ) from error
        log_action("account.created", actor=user, obj=user, object_repr=user.email)
        _join(invitation, user, None)
    return user


# Members ----------------------------------------------------------------------------------------


def add_member(*, member: GroupMember, user, organisation: Organisation | None) -> GroupMember:
    """A host adds someone directly (scripts and the demo; people join through invitations)."""
    require_host(member)
    if organisation is not None and organisation not in user_organisations(user):
        raise PermissionDenied
    with transaction.atomic():
        added, created = GroupMember.objects.get_or_create(
            group=member.group, user=user, defaults={"organisation": organisation}
        )
        if created:
            log_group_action(
                "peers.group_member_added",
                member,
                added,
                object_repr=f"{user.email} ({member.group.name})",
                after={"email": user.email, "organisation": str(organisation or "")},
            )
    return added


def _other_hosts(member: GroupMember):
    return GroupMember.objects.filter(group_id=member.group_id, is_host=True).exclude(pk=member.pk)


def set_host(*, member: GroupMember, other: GroupMember, is_host: bool) -> None:
    """A host makes another member host, or stops someone being one; a group keeps a host."""
    require_host(member)
    if other.group_id != member.group_id:
        raise PermissionDenied
    if other.is_host == is_host:
        return
    if not is_host and not _other_hosts(other).exists():
        raise ValidationError(_("A group needs a host: make another member host first."))
    with transaction.atomic():
        GroupMember.objects.filter(pk=other.pk).update(is_host=is_host)
        log_group_action(
            "peers.group_host_changed",
            member,
            other,
            object_repr=f"{other.user.email} ({member.group.name})",
            before={"is_host": not is_host},
            after={"is_host": is_host},
        )


def remove_member(*, member: GroupMember, other: GroupMember) -> None:
    """A host removes a member; their answers stay in the threads, under their name."""
    require_host(member)
    if other.group_id != member.group_id or other.pk == member.pk:
        raise PermissionDenied
    if other.is_host and not _other_hosts(other).exists():
        raise ValidationError(_("A group needs a host: make another member host first."))
    with transaction.atomic():
        other.delete()
        log_group_action(
            "peers.group_member_removed",
            member,
            member.group,
            object_repr=f"{other.user.email} ({member.group.name})",
        )


def leave_group(*, member: GroupMember) -> bool:
    """Leave the group. The last host cannot leave others without a host; the last member
    leaving closes the group, with its meetings and dilemmas. True when the group is gone."""
    others = GroupMember.objects.filter(group_id=member.group_id).exclude(pk=member.pk)
    if not others.exists():
        with transaction.atomic():
            log_group_action("peers.group_closed", member, member.group)
            Group.objects.filter(pk=member.group_id).delete()
        return True
    if member.is_host and not others.filter(is_host=True).exists():
        raise ValidationError(
            _("You are the only host: make another member host before you leave."), code="host"
        )
    with transaction.atomic():
        member.delete()
        log_group_action("peers.group_left", member, member.group)
    return False
