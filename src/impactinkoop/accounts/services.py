"""Writes on organisations and memberships: one transaction each, with an explicit audit entry."""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action, snapshot
from impactinkoop.core.locks import lock_row
from impactinkoop.core.uploads import check_logo

from .models import ContractorAccess, Invitation, Membership, Organisation, Theme, User
from .roles import Role
from .user_sessions import end_sessions_of

ORGANISATION_FIELDS = [
    "name",
    "slug",
    "kind",
    "kvk_number",
    "municipality",
    "labour_market_region",
    "require_two_factor",
]


def create_organisation(
    *, actor, name: str, slug: str, kind: str = Organisation.Kind.GEMEENTE, **details
) -> Organisation:
    with transaction.atomic():
        organisation = Organisation(name=name, slug=slug, kind=kind, **details)
        organisation.full_clean()
        organisation.save()
        log_action(
            "organisation.created",
            actor=actor,
            organisation=organisation,
            obj=organisation,
            after=snapshot(organisation, ORGANISATION_FIELDS),
        )
    return organisation


def update_organisation(*, actor, organisation: Organisation, changes: dict) -> Organisation:
    # Read the stored row: a bound ModelForm has already written its values onto the instance.
    organisation = Organisation.objects.get(pk=organisation.pk)
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for field, value in changes.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        after = snapshot(organisation, ORGANISATION_FIELDS)
        if after != before:
            log_action(
                "organisation.updated",
                actor=actor,
                organisation=organisation,
                obj=organisation,
                before={key: value for key, value in before.items() if after[key] != value},
                after={key: value for key, value in after.items() if before[key] != value},
            )
    return organisation


def add_member(*, actor, organisation: Organisation, user: User, role: str) -> Membership:
    """Make a user a member directly (scripts and the demo; people join through invitations)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if created:
            log_action(
                "members.added",
                actor=actor,
                organisation=organisation,
                obj=membership,
                object_repr=user.email,
                after={"email": user.email, "role": role},
            )
    return membership


def invite_member(
    *, actor, organisation: Organisation, email: str, role: str
) -> Invitation | Membership:
    """Invite someone by e-mail; a new invitation to the same address replaces an open one.
    A deactivated member's address is not invited but reactivated, with the role asked for: the
    person has an account and history here already (and may be unable to sign in to accept)."""
    email = email.strip().lower()
    existing = Membership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).first()
    if existing is not None and existing.deactivated_at is not None:
        return reactivate_member(actor=actor, membership=existing, role=role)
    if existing is not None:
        raise ValidationError(
            _("%(email)s is already a member of this organisation.") % {"email": email},
            code="already_member",
        )
    with transaction.atomic():
        now = timezone.now()
        Invitation.objects.filter(
            organisation=organisation, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now)
        invitation, token = Invitation.new(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        invitation.save()
        log_action(
            "members.invited",
            actor=actor,
            organisation=organisation,
            obj=invitation,
            object_repr=email,
            after={"email": email, "role": role},
        )
        transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


def invite_contractor(*, actor, organisation: Organisation, email: str, company) -> Invitation:
    """Invite someone to report social return for a company in the register (a contractor).
    Accepting gives a `ContractorAccess`, never a membership. A new invitation to the same
    address for the same company replaces an open one."""
    email = email.strip().lower()
    if ContractorAccess.objects.filter(
        organisation=organisation, company_id=company.pk, user__email__iexact=email
    ).exists():
        raise ValidationError(
            _("%(email)s can already report for %(company)s.")
            % {"email": email, "company": company.name},
            code="already_contractor",
        )
    with transaction.atomic():
        Invitation.objects.filter(
            organisation=organisation,
            email=email,
            company_id=company.pk,
            accepted_at=None,
            revoked_at=None,
        ).update(revoked_at=timezone.now())
        invitation, token = Invitation.new(
            organisation=organisation,
            email=email,
            role="",
            invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        invitation.company_id = company.pk
        invitation.company_name = company.name
        invitation.save()
        log_action(
            "contractors.invited",
            actor=actor,
            organisation=organisation,
            obj=invitation,
            object_repr=email,
            after={"email": email, "company": company.name, "kvk_number": company.kvk_number},
        )
        transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


def withdraw_contractor_access(*, actor, access: ContractorAccess) -> None:
    """The organisation takes a contractor's access for one company away."""
    with transaction.atomic():
        log_action(
            "contractors.access_withdrawn",
            actor=actor,
            organisation=access.organisation,
            obj=access,
            object_repr=access.user.email,
            before={"email": access.user.email, "company": access.company_name},
        )
        access.delete()


def invitation_role_label(invitation: Invitation) -> str:
    """What the invitation makes of someone: a role, or contractor for a company."""
    if invitation.company_id:
        return _("contractor for %(company)s") % {"company": invitation.company_name}
    return str(Role(invitation.role).label)


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": token}),
        "role": invitation_role_label(invitation),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def revoke_invitation(*, actor, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log_action(
            "members.invitation_revoked",
            actor=actor,
            organisation=invitation.organisation,
            obj=invitation,
            object_repr=invitation.email,
        )


def _close_invitation(invitation: Invitation) -> None:
    """Mark the invitation used, only if it still is open: a conditional UPDATE, so of two
    requests with one link (a double click, two tabs) exactly one gets through, on PostgreSQL
    (the second waits for the first's row lock, then finds it accepted) and SQLite alike."""
    closed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now())
    if not closed:
        raise ValidationError(_("This invitation can no longer be used."), code="closed")


def accept_invitation(*, invitation: Invitation, user: User) -> Membership | ContractorAccess:
    if not invitation.is_open:
        raise ValidationError(_("This invitation can no longer be used."), code="closed")
    if user.email.lower() != invitation.email:
        raise ValidationError(_("This invitation is for another e-mail address."), code="email")
    with transaction.atomic():
        _close_invitation(invitation)
        return _join(invitation, user)


def _join(invitation: Invitation, user: User) -> Membership | ContractorAccess:
    if invitation.company_id:
        return _join_as_contractor(invitation, user)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if created:
        log_action(
            "members.joined",
            actor=user,
            organisation=invitation.organisation,
            obj=membership,
            object_repr=user.email,
            after={"email": user.email, "role": invitation.role},
        )
    user.last_organisation = invitation.organisation
    user.save(update_fields=["last_organisation"])
    return membership


def _join_as_contractor(invitation: Invitation, user: User) -> ContractorAccess:
    """A contractor invitation gives access to the contractor pages for its company, and
    nothing of the organisation itself: no membership, and the last organisation stays."""
    access, created = ContractorAccess.objects.get_or_create(
        user=user,
        company_id=invitation.company_id,
        organisation=invitation.organisation,
        defaults={"invited_by": invitation.invited_by, "company_name": invitation.company_name},
    )
    if created:
        log_action(
            "contractors.joined",
            actor=user,
            organisation=invitation.organisation,
            obj=access,
            object_repr=user.email,
            after={"email": user.email, "company": invitation.company_name},
        )
    return access


def register_and_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the account an invitation is for and make it a member, in one transaction. The
    invitation is closed first, so a second registration with the same link stops there."""
    with transaction.atomic():
        _close_invitation(invitation)
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    invitation.email, password, full_name=full_name, language=_current_language()
                )
        except IntegrityError as error:  # made at this moment, e.g. through another invitation
            raise ValidationError(
                _(
                    "An account with this e-mail address was just created. Log in to accept "
                    "the invitation."
                ),
                code="account_exists",
            ) from error
        log_action(
            "account.created",
            actor=user,
            organisation=invitation.organisation,
            obj=user,
            object_repr=user.email,
        )
        _join(invitation, user)
    return user


def _current_language() -> str:
    from django.utils.translation import get_language

    language = get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _guard_last_admin(membership: Membership) -> None:
    # A deactivated administrator manages nothing: they neither count nor need a successor.
    if membership.role != Role.ADMIN or membership.deactivated_at is not None:
        return
    other_admins = (
        Membership.objects.active()
        .filter(organisation=membership.organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not other_admins.exists():
        raise ValidationError(
            _(
                "An organisation needs at least one administrator. Make someone else "
                "administrator first."
            ),
            code="last_admin",
        )


def change_role(*, actor, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    if role == membership.role:
        return membership
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != Role.ADMIN:
            _guard_last_admin(membership)
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        log_action(
            "members.role_changed",
            actor=actor,
            organisation=membership.organisation,
            obj=membership,
            object_repr=membership.user.email,
            before={"role": before},
            after={"role": role},
        )
    return membership


def change_department(*, actor, membership: Membership, department) -> Membership:
    """The department a member answers for (a budget holder edits its actions)."""
    if department is not None and department.organisation_id != membership.organisation_id:
        raise ValidationError(_("Choose a department of this organisation."))
    if membership.department_id == (department.pk if department else None):
        return membership
    before = membership.department.name if membership.department else ""
    membership.department = department
    membership.save(update_fields=["department"])
    log_action(
        "members.department_changed",
        actor=actor,
        organisation=membership.organisation,
        obj=membership,
        object_repr=membership.user.email,
        before={"department": before},
        after={"department": department.name if department else ""},
    )
    return membership


def remove_member(*, actor, membership: Membership) -> None:
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        )
        _guard_last_admin(membership)
        user = membership.user
        log_action(
            "members.removed",
            actor=actor,
            organisation=membership.organisation,
            obj=membership,
            object_repr=user.email,
            before={"email": user.email, "role": membership.role},
        )
        membership.delete()
        if user.last_organisation_id == membership.organisation_id:
            user.last_organisation = None
            user.save(update_fields=["last_organisation"])


def _has_access_elsewhere(user: User) -> bool:
    """Whether the person still has a reason to sign in: another active membership, contractor
    access, a social enterprise they edit, or the platform's own work (staff)."""
    return (
        user.is_staff
        or Membership.objects.active().filter(user=user).exists()
        or ContractorAccess.objects.filter(user=user).exists()
        or user.enterprises.exists()
    )


def deactivate_member(*, actor, membership: Membership) -> Membership:
    """Shut a member out of the organisation and keep the membership and everything they did.
    Whoever has no other access left cannot sign in at all any more: the account is switched off
    and its sessions end. Refused for one's own membership and for the last active administrator.
    """
    if getattr(actor, "pk", None) == membership.user_id:
        raise ValidationError(
            _("You cannot deactivate yourself. Ask another administrator to do it."),
            code="self",
        )
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        )
        if membership.deactivated_at is not None:  # a second click, or another administrator
            return membership
        _guard_last_admin(membership)
        user = membership.user
        membership.deactivated_at = timezone.now()
        membership.deactivated_by = actor if getattr(actor, "is_authenticated", False) else None
        membership.save(update_fields=["deactivated_at", "deactivated_by"])
        # An old invitation link must not let the person back in.
        Invitation.objects.filter(
            organisation=membership.organisation,
            email=user.email,
            accepted_at=None,
            revoked_at=None,
        ).update(revoked_at=membership.deactivated_at)
        if user.last_organisation_id == membership.organisation_id:
            user.last_organisation = None
            user.save(update_fields=["last_organisation"])
        could_sign_in = user.is_active
        if not _has_access_elsewhere(user):
            user.is_active = False
            user.save(update_fields=["is_active"])
            end_sessions_of(user)
        log_action(
            "members.deactivated",
            actor=actor,
            organisation=membership.organisation,
            obj=membership,
            object_repr=user.email,
            before={"member_active": True, "can_sign_in": could_sign_in},
            after={"member_active": False, "can_sign_in": user.is_active},
        )
    return membership


def reactivate_member(*, actor, membership: Membership, role: str | None = None) -> Membership:
    """Let a deactivated member in again, with their old role or `role`; an account that was
    switched off because of the deactivation can sign in again."""
    if role is not None and role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        )
        if membership.deactivated_at is None:
            return membership
        user = membership.user
        before = {"role": membership.role, "member_active": False, "can_sign_in": user.is_active}
        membership.deactivated_at = None
        membership.deactivated_by = None
        membership.role = role or membership.role
        membership.save(update_fields=["deactivated_at", "deactivated_by", "role"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        log_action(
            "members.reactivated",
            actor=actor,
            organisation=membership.organisation,
            obj=membership,
            object_repr=user.email,
            before=before,
            after={"role": membership.role, "member_active": True, "can_sign_in": True},
        )
    return membership


def switch_organisation(*, user: User, organisation: Organisation) -> None:
    """Remember the organisation a user works in, so login lands there next time."""
    if user.last_organisation_id != organisation.pk:
        user.last_organisation = organisation
        user.save(update_fields=["last_organisation"])


THEME_FIELDS = [
    "primary_colour",
    "header_background_colour",
    "link_colour",
    "public_catalogue",
    "token_set",
]


def _locked_theme(organisation: Organisation) -> Theme:
    theme, _created = Theme.objects.get_or_create(
        organisation=organisation, defaults={"version": secrets.token_hex(8)}
    )
    return lock_row(theme)


def _save_theme(theme: Theme, *, actor, action: str, before: dict, extra: dict | None = None):
    """Check the contrast, save under a new version and log what changed."""
    theme.full_clean()
    after = snapshot(theme, THEME_FIELDS)
    changed_before = {key: value for key, value in before.items() if after[key] != value}
    changed_after = {key: value for key, value in after.items() if before[key] != value}
    changed_before.update((extra or {}).get("before", {}))
    changed_after.update((extra or {}).get("after", {}))
    if not changed_after and not changed_before:
        return theme
    theme.version = secrets.token_hex(8)
    theme.save()
    log_action(
        action,
        actor=actor,
        organisation=theme.organisation,
        obj=theme.organisation,
        before=changed_before,
        after=changed_after,
    )
    return theme


def update_theme(
    *,
    actor,
    organisation: Organisation,
    changes: dict,
    logo=None,
    remove_logo: bool = False,
) -> Theme:
    """The organisation's administrator changes its colours or logo. The published token set is
    not among what they may change (`assign_token_set`). Refused (ValidationError) when a pair
    of colours falls below WCAG AA contrast; nothing is saved then."""
    if "token_set" in changes:
        raise ValueError("the token set is assigned by a platform administrator")
    with transaction.atomic():
        theme = _locked_theme(organisation)
        before = snapshot(theme, THEME_FIELDS)
        for field, value in changes.items():
            setattr(theme, field, value)
        logo_change: dict = {}
        if logo is not None or (remove_logo and theme.has_logo):
            old_name = theme.logo_name
            if logo is not None:
                # The type comes from the image's own bytes, never from what the browser said.
                theme.logo_content_type = check_logo(logo, settings.THEME_LOGO_MAX_BYTES)
                theme.logo = logo.read()
                theme.logo_name = logo.name[:255]
            else:
                theme.logo, theme.logo_content_type, theme.logo_name = b"", "", ""
            logo_change = {"before": {"logo": old_name}, "after": {"logo": theme.logo_name}}
        return _save_theme(
            theme,
            actor=actor,
            action="organisation.theme_changed",
            before=before,
            extra=logo_change,
        )


def assign_token_set(*, actor, organisation: Organisation, token_set: str) -> Theme:
    """A platform administrator gives a municipality its own published token set ("" takes it
    away). Nobody else may: this is what keeps one municipality's house style off another."""
    # A person must be a platform administrator; scripts ("demo", "cli") run by the platform.
    if getattr(actor, "is_authenticated", False) and not actor.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        theme = _locked_theme(organisation)
        before = snapshot(theme, THEME_FIELDS)
        theme.token_set = token_set
        return _save_theme(
            theme, actor=actor, action="organisation.token_set_assigned", before=before
        )
