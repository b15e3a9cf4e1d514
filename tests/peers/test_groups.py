"""The intervision groups' services: who may start a group, invitations (hashed, expiring,
withdrawn, only for the address they were sent to), hosts, leaving, meetings, the dilemma thread,
and what the audit log keeps (the group, never what was said)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.peers import group_threads, groups
from impactinkoop.peers.models import Answer, Group, GroupInvitation, GroupMember, Meeting
from tests.factories import PASSWORD, make_member, make_user

from .groups_helpers import add, link_from_last_mail, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(org, alice):
    return make_group(alice, org, name="UMC's")


@pytest.fixture
def guest(other_org, charlie, host):
    """Charlie, from the water authority, a member but no host."""
    return add(host, charlie, other_org)


def invite(host, email, capture):
    with capture(execute=True):
        return groups.invite(member=host, email=email)


def token_of_last_mail() -> str:
    return link_from_last_mail().rstrip("/").rsplit("/", 1)[1]


# Starting a group ------------------------------------------------------------------------------


def test_a_coordinator_starts_a_group_and_hosts_it(org):
    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    member = make_group(coordinator, org, description="Wij leren van elkaar")
    assert member.is_host and member.organisation == org
    assert member.group.created_by == coordinator
    entry = AuditEntry.objects.get(action="peers.group_started")
    assert (entry.actor, entry.organisation, entry.object_repr) == (
        coordinator,
        org,
        "Hogescholen Noord",
    )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REQUESTER, Role.TENDERBOARD])
def test_a_role_without_peers_groups_cannot_start_one(org, role):
    user = make_member(org, "iemand@voorbeeldstad.example", role)
    assert groups.starting_organisations(user) == []
    with pytest.raises(PermissionDenied):
        groups.start_group(actor=user, organisation=org, name="Eigen groep")
    assert not Group.objects.exists()


def test_a_group_is_started_only_on_behalf_of_ones_own_organisation(org, other_org, charlie):
    with pytest.raises(PermissionDenied):
        groups.start_group(actor=charlie, organisation=org, name="Namens een ander")
    # The coordinator who only reads along elsewhere may start one for her own organisation only.
    fatima = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    make_member(other_org, "fatima@voorbeeldstad.example", Role.VIEWER)
    assert groups.starting_organisations(fatima) == [org]


# Invitations -----------------------------------------------------------------------------------


@override_settings(INVITATION_VALID_DAYS=10)
def test_an_invitation_is_mailed_with_a_link_whose_token_is_stored_hashed(
    host, django_capture_on_commit_callbacks
):
    invitation = invite(host, " Noor@Example.ORG ", django_capture_on_commit_callbacks)
    assert invitation.email == "noor@example.org"
    assert mail.outbox[0].to == ["noor@example.org"]
    assert "UMC's" in mail.outbox[0].subject
    assert "Gemeente Voorbeeldstad" in mail.outbox[0].body  # who invites, for whom
    token = token_of_last_mail()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert groups.find_invitation(token) == invitation
    assert groups.find_invitation(token + "x") is None
    valid = invitation.expires_at - timezone.now()
    assert timedelta(days=9, hours=23) < valid <= timedelta(days=10)
    entry = AuditEntry.objects.get(action="peers.group_invited")
    assert (entry.organisation, entry.object_repr) == (host.organisation, "noor@example.org")


def test_only_a_host_invites(guest, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        invite(guest, "noor@example.org", django_capture_on_commit_callbacks)
    assert not GroupInvitation.objects.exists() and not mail.outbox


def test_a_member_is_not_invited_again(host, guest, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as error:
        invite(host, "CHARLIE@anderdorp.example", django_capture_on_commit_callbacks)
    assert error.value.code == "already_member"


def test_a_new_invitation_replaces_the_open_one(host, django_capture_on_commit_callbacks):
    first = invite(host, "noor@example.org", django_capture_on_commit_callbacks)
    first_token = token_of_last_mail()
    invite(host, "noor@example.org", django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert groups.invitation_state(groups.find_invitation(first_token)) == "withdrawn"


def test_accepting_joins_for_one_of_ones_own_organisations(
    host, other_org, charlie, django_capture_on_commit_callbacks
):
    invitation = invite(host, charlie.email, django_capture_on_commit_callbacks)
    member = groups.accept_invitation(invitation=invitation, user=charlie, organisation=other_org)
    assert (member.group, member.organisation, member.is_host) == (host.group, other_org, False)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    entry = AuditEntry.objects.get(action="peers.group_joined")
    assert (entry.actor, entry.organisation) == (charlie, other_org)
    # Used once: the same invitation cannot be accepted again.
    with pytest.raises(ValidationError):
        groups.accept_invitation(invitation=invitation, user=charlie)


def test_only_the_invited_address_may_accept(
    host, charlie, bob, django_capture_on_commit_callbacks
):
    invitation = invite(host, charlie.email, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        groups.accept_invitation(invitation=invitation, user=bob)
    assert error.value.code == "email"
    assert not GroupMember.objects.filter(user=bob).exists()


def test_nobody_speaks_for_an_organisation_they_are_not_in(
    host, org, charlie, django_capture_on_commit_callbacks
):
    invitation = invite(host, charlie.email, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        groups.accept_invitation(invitation=invitation, user=charlie, organisation=org)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_expired_invitation_is_refused(host, charlie, django_capture_on_commit_callbacks):
    invitation = invite(host, charlie.email, django_capture_on_commit_callbacks)
    GroupInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    invitation.refresh_from_db()
    assert groups.invitation_state(invitation) == "expired"
    with pytest.raises(ValidationError) as error:
        groups.accept_invitation(invitation=invitation, user=charlie)
    assert error.value.code == "closed"
    assert not GroupMember.objects.filter(user=charlie).exists()


def test_a_withdrawn_invitation_is_refused(host, charlie, django_capture_on_commit_callbacks):
    invitation = invite(host, charlie.email, django_capture_on_commit_callbacks)
    groups.withdraw_invitation(member=host, invitation=invitation)
    invitation.refresh_from_db()
    assert groups.invitation_state(invitation) == "withdrawn"
    with pytest.raises(ValidationError):
        groups.accept_invitation(invitation=invitation, user=charlie)
    assert AuditEntry.objects.filter(action="peers.group_invitation_withdrawn").count() == 1


def test_an_invitation_closed_meanwhile_is_refused_at_the_update(
    host, charlie, django_capture_on_commit_callbacks
):
    # Two tabs: the first accepted after this one was read.
    invitation = invite(host, charlie.email, django_capture_on_commit_callbacks)
    GroupInvitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    with pytest.raises(ValidationError):
        groups.accept_invitation(invitation=invitation, user=charlie)
    assert not GroupMember.objects.filter(user=charlie).exists()


def test_only_a_host_withdraws(host, guest, django_capture_on_commit_callbacks):
    invitation = invite(host, "noor@example.org", django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        groups.withdraw_invitation(member=guest, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_without_an_account_one_is_made_that_belongs_to_no_organisation(
    host, django_capture_on_commit_callbacks
):
    invitation = invite(host, "expert@example.org", django_capture_on_commit_callbacks)
    user = groups.register_and_join(
        invitation=invitation, full_name="Eva Expert", password=PASSWORD
    )
    assert user.check_password(PASSWORD) and user.full_name == "Eva Expert"
    assert not user.memberships.exists()
    member = GroupMember.objects.get(user=user)
    assert member.group == host.group and member.organisation is None
    with pytest.raises(ValidationError):
        groups.register_and_join(invitation=invitation, full_name="Nog eens", password=PASSWORD)


# Hosts, removing and leaving -------------------------------------------------------------------


def test_a_host_appoints_another_and_a_group_keeps_one(host, guest):
    with pytest.raises(ValidationError):
        groups.set_host(member=host, other=host, is_host=False)
    groups.set_host(member=host, other=guest, is_host=True)
    guest.refresh_from_db()
    assert guest.is_host
    groups.set_host(member=guest, other=host, is_host=False)
    host.refresh_from_db()
    assert not host.is_host
    with pytest.raises(PermissionDenied):
        groups.set_host(member=host, other=guest, is_host=False)
    assert AuditEntry.objects.filter(action="peers.group_host_changed").count() == 2


def test_only_a_host_removes_and_answers_stay(host, guest, org):
    other = add(host, make_member(org, "dana@voorbeeldstad.example", Role.BUYER), org)
    dilemma = group_threads.post_dilemma(member=host, title="Vraag", text="Tekst")
    answer = group_threads.answer_dilemma(member=other, dilemma=dilemma, text="Mijn antwoord")
    with pytest.raises(PermissionDenied):
        groups.remove_member(member=guest, other=other)
    groups.remove_member(member=host, other=other)
    assert not GroupMember.objects.filter(pk=other.pk).exists()
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_the_only_host_leaves_only_after_appointing_another(host, guest):
    with pytest.raises(ValidationError) as error:
        groups.leave_group(member=host)
    assert error.value.code == "host"
    assert groups.leave_group(member=guest) is False
    assert not GroupMember.objects.filter(pk=guest.pk).exists()
    assert AuditEntry.objects.filter(action="peers.group_left").count() == 1


def test_the_last_member_leaving_closes_the_group(host):
    group_threads.plan_meeting(member=host, starts_at=timezone.now(), agenda="Agenda")
    assert groups.leave_group(member=host) is True
    assert not Group.objects.exists() and not Meeting.objects.exists()
    assert AuditEntry.objects.filter(action="peers.group_closed").exists()


# Meetings --------------------------------------------------------------------------------------


def test_hosts_plan_and_every_member_writes_the_notes(host, guest):
    moment = timezone.now() + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        group_threads.plan_meeting(member=guest, starts_at=moment)
    meeting = group_threads.plan_meeting(
        member=host, starts_at=moment, place="Utrecht", agenda="1. Opening"
    )
    group_threads.change_meeting(member=guest, meeting=meeting, notes="We spraken af dat...")
    with pytest.raises(PermissionDenied):
        group_threads.change_meeting(member=guest, meeting=meeting, agenda="Anders")
    with pytest.raises(PermissionDenied):
        group_threads.change_meeting(member=guest, meeting=meeting, starts_at=moment + timedelta(1))
    # The same notes again with the other fields unchanged is no change by a host's field.
    group_threads.change_meeting(
        member=guest, meeting=meeting, notes="We spraken af dat...", place="Utrecht"
    )
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.agenda) == ("We spraken af dat...", "1. Opening")
    with pytest.raises(PermissionDenied):
        group_threads.cancel_meeting(member=guest, meeting=meeting)
    entries = AuditEntry.objects.filter(action="peers.meeting_changed")
    assert entries.count() == 1
    assert entries.get().organisation == guest.organisation
    assert "We spraken" not in str(entries.get().after)  # which parts changed, not the text


def test_a_meeting_of_another_group_is_refused(host, guest, org, alice):
    elsewhere = make_group(alice, org, name="Andere groep")
    meeting = group_threads.plan_meeting(member=elsewhere, starts_at=timezone.now())
    with pytest.raises(PermissionDenied):
        group_threads.change_meeting(member=guest, meeting=meeting, notes="Ingebroken")


# The dilemma thread ----------------------------------------------------------------------------


def test_answers_and_replies_are_one_level_deep(host, guest):
    dilemma = group_threads.post_dilemma(member=guest, title="Raamovereenkomst", text="Hoe?")
    answer = group_threads.answer_dilemma(member=host, dilemma=dilemma, text="Zo.")
    reply = group_threads.answer_dilemma(member=guest, dilemma=dilemma, text="Dank!", parent=answer)
    deeper = group_threads.answer_dilemma(member=host, dilemma=dilemma, text="Graag.", parent=reply)
    assert reply.parent == answer and deeper.parent == answer


def test_a_reply_to_another_dilemmas_answer_is_refused(host, guest):
    first = group_threads.post_dilemma(member=guest, title="Een", text="Een")
    second = group_threads.post_dilemma(member=guest, title="Twee", text="Twee")
    answer = group_threads.answer_dilemma(member=host, dilemma=first, text="Antwoord")
    with pytest.raises(PermissionDenied):
        group_threads.answer_dilemma(member=host, dilemma=second, text="Mis", parent=answer)


def test_only_the_author_deletes_an_answer_and_only_without_replies(host, guest):
    dilemma = group_threads.post_dilemma(member=guest, title="Vraag", text="Tekst")
    answer = group_threads.answer_dilemma(member=host, dilemma=dilemma, text="Antwoord")
    with pytest.raises(PermissionDenied):
        group_threads.delete_answer(member=guest, answer=answer)
    group_threads.answer_dilemma(member=guest, dilemma=dilemma, text="Reactie", parent=answer)
    with pytest.raises(ValidationError):
        group_threads.delete_answer(member=host, answer=answer)
    alone = group_threads.answer_dilemma(member=host, dilemma=dilemma, text="Nog iets")
    group_threads.delete_answer(member=host, answer=alone)
    assert list(Answer.objects.values_list("text", flat=True).order_by("pk")) == [
        "Antwoord",
        "Reactie",
    ]


def test_the_audit_log_names_the_group_never_the_dilemma(host, guest):
    dilemma = group_threads.post_dilemma(
        member=guest, title="Geheime kwestie", text="Over leverancier X"
    )
    group_threads.answer_dilemma(member=host, dilemma=dilemma, text="Vertrouwelijk antwoord")
    entries = AuditEntry.objects.filter(action__startswith="peers.dilemma")
    assert [entry.organisation for entry in entries.order_by("pk")] == [
        guest.organisation,
        host.organisation,
    ]
    for entry in entries:
        shown = f"{entry.object_repr} {entry.before} {entry.after}"
        assert entry.object_repr == "UMC's"
        assert (
            "Geheime" not in shown and "leverancier" not in shown and "Vertrouwelijk" not in shown
        )


def test_a_member_without_an_organisation_acts_without_one(host):
    expert = add(host, make_user("expert@example.org"))
    group_threads.post_dilemma(member=expert, title="Vraag", text="Tekst")
    assert AuditEntry.objects.get(action="peers.dilemma_posted").organisation is None
