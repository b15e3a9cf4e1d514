"""Administrators see when each member last signed in, and deactivate a member without deleting
their history: the membership stays, but opens nothing, and whoever has no other access left
cannot sign in at all."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from impactinkoop.accounts.models import Invitation, Membership, Organisation, User
from impactinkoop.accounts.roles import Role
from impactinkoop.accounts.services import (
    change_role,
    deactivate_member,
    reactivate_member,
    remove_member,
)
from impactinkoop.core.audit import log_action
from impactinkoop.core.models import AuditEntry

from ..factories import PASSWORD, make_member, make_user
from ..test_accessibility import check
from ..test_roles import PAGES


def members_url(org) -> str:
    return reverse("accounts:members", args=[org.slug])


def deactivate_url(org, user) -> str:
    membership = Membership.objects.get(organisation=org, user=user)
    return reverse("accounts:member_deactivate", args=[org.slug, membership.pk])


def reactivate_url(org, user) -> str:
    membership = Membership.objects.get(organisation=org, user=user)
    return reverse("accounts:member_reactivate", args=[org.slug, membership.pk])


def browser_of(user) -> Client:
    """A browser of its own, so one person's actions leave another's session alone."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def in_english(user) -> User:
    # The new sentences are translated into Dutch later; the English source stays as it is.
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def row_of(page: str, email: str) -> str:
    """The table row that shows this e-mail address."""
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(email) + r".*?</tr>", page, re.S)
    assert match, f"no row for {email}"
    return match.group(0)


def sessions_of(user) -> list[Session]:
    return [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]


@pytest.fixture
def dana(org, other_org) -> User:
    """A buyer of Voorbeeldstad who is also a viewer of Anderdorp."""
    user = make_member(org, "dana@voorbeeldstad.example", Role.BUYER, full_name="Dana")
    make_member(other_org, "dana@voorbeeldstad.example", Role.VIEWER)
    return user


# --- The last sign-in ------------------------------------------------------------------------


def test_admin_sees_when_each_member_last_signed_in_or_never(org, alice, bob):
    in_english(alice)
    bob.last_login = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)
    bob.save(update_fields=["last_login"])
    never = make_member(org, "nooit@voorbeeldstad.example", Role.BUYER)

    page = browser_of(alice).get(members_url(org)).content.decode()

    assert "Last signed in" in page
    with translation.override("en"):
        shown = formats.date_format(timezone.localtime(bob.last_login), "SHORT_DATETIME_FORMAT")
    bob_row = row_of(page, bob.email)
    assert shown in bob_row
    assert 'datetime="2026-03-14T' in bob_row
    assert "never" in row_of(page, never.email)
    assert "never" not in bob_row


def test_members_who_do_not_manage_do_not_see_the_last_sign_in(org, alice, bob):
    in_english(bob)
    page = browser_of(bob).get(members_url(org)).content.decode()
    assert "Last signed in" not in page
    assert "member_deactivate" not in page and "/deactivate/" not in page


def test_the_members_page_asks_as_many_queries_for_many_members_as_for_few(org, alice, bob):
    client = browser_of(alice)
    client.get(members_url(org))  # the first request of a session warms what is kept

    with CaptureQueriesContext(connection) as few:
        assert client.get(members_url(org)).status_code == 200
    for number in range(6):
        user = make_member(org, f"lid{number}@voorbeeldstad.example", Role.BUYER)
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        if number % 2:
            deactivate_member(actor=alice, membership=user.memberships.get())
    with CaptureQueriesContext(connection) as many:
        assert client.get(members_url(org)).status_code == 200

    assert len(many) == len(few)


# --- Deactivating and reactivating -------------------------------------------------------------


def test_deactivate_and_reactivate_keep_the_membership_and_history_with_audit_entries(
    org, alice, bob
):
    log_action("members.joined", actor=bob, organisation=org, obj=bob, object_repr=bob.email)
    admin = browser_of(alice)

    response = admin.post(deactivate_url(org, bob))

    assert response.status_code == 302
    membership = Membership.objects.get(user=bob, organisation=org)  # the row stays
    assert membership.deactivated_at is not None
    assert membership.deactivated_by == alice
    assert membership.role == Role.VIEWER
    assert AuditEntry.objects.filter(action="members.joined", actor=bob).exists()  # history
    entry = AuditEntry.objects.get(action="members.deactivated")
    assert (entry.actor, entry.organisation, entry.object_repr) == (alice, org, bob.email)
    assert entry.before == {"member_active": True, "can_sign_in": True}
    assert entry.after == {"member_active": False, "can_sign_in": False}
    page = admin.get(members_url(org)).content.decode()
    assert reactivate_url(org, bob) in page
    assert deactivate_url(org, bob) not in page

    response = admin.post(reactivate_url(org, bob))

    assert response.status_code == 302
    membership.refresh_from_db()
    bob.refresh_from_db()
    assert (membership.deactivated_at, membership.deactivated_by) == (None, None)
    assert membership.role == Role.VIEWER
    assert bob.is_active
    entry = AuditEntry.objects.get(action="members.reactivated")
    assert (entry.actor, entry.object_repr) == (alice, bob.email)
    assert entry.after == {"role": "viewer", "member_active": True, "can_sign_in": True}
    assert browser_of(bob).get(reverse("portal:home", args=[org.slug])).status_code == 200


def test_the_audit_log_tells_of_the_deactivation_in_a_sentence(org, alice, bob):
    in_english(alice)
    browser_of(alice).post(deactivate_url(org, bob))
    page = browser_of(alice).get(reverse("portal:audit", args=[org.slug])).content.decode()
    assert f"Alice deactivated {bob.email}" in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_members_page_with_deactivated_members_keeps_its_structure(language, org, alice, bob):
    alice.language = language
    alice.save(update_fields=["language"])
    deactivate_member(actor=alice, membership=bob.memberships.get())
    response = browser_of(alice).get(members_url(org))
    check(response, language)
    assert 'id="deactivated-heading"' in response.content.decode()


def test_deactivating_twice_changes_nothing_the_second_time(org, alice, bob):
    admin = browser_of(alice)
    admin.post(deactivate_url(org, bob))
    first = Membership.objects.get(user=bob).deactivated_at
    admin.post(deactivate_url(org, bob))
    assert Membership.objects.get(user=bob).deactivated_at == first
    assert AuditEntry.objects.filter(action="members.deactivated").count() == 1


def test_deactivation_withdraws_an_open_invitation_to_the_same_address(org, alice, bob):
    invitation, _token = Invitation.new(
        organisation=org, email=bob.email, role=Role.ADMIN, invited_by=alice
    )
    invitation.save()
    browser_of(alice).post(deactivate_url(org, bob))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_deactivated_member_gets_the_outsiders_404_on_every_page(name, org, alice, dana):
    # Dana keeps Anderdorp, so her account and her open session stay: only this door closes.
    client = browser_of(dana)
    deactivate_member(actor=alice, membership=dana.memberships.get(organisation=org))

    response = client.get(reverse(name, args=[org.slug]))

    assert response.status_code == 404


def test_an_open_session_of_a_member_with_no_other_access_ends(org, alice, bob):
    client = browser_of(bob)
    home = reverse("portal:home", args=[org.slug])
    assert client.get(home).status_code == 200
    assert sessions_of(bob)

    browser_of(alice).post(deactivate_url(org, bob))

    bob.refresh_from_db()
    assert not bob.is_active
    assert not sessions_of(bob)
    response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_deactivated_member_with_no_other_access_cannot_log_in(client, org, alice, bob):
    browser_of(alice).post(deactivate_url(org, bob))
    login = reverse("accounts:login")

    response = client.post(login, {"username": bob.email, "password": PASSWORD})

    assert response.status_code == 200  # the form again, with its error
    assert SESSION_KEY not in client.session

    browser_of(alice).post(reactivate_url(org, bob))
    assert client.post(login, {"username": bob.email, "password": PASSWORD}).status_code == 302
    assert client.session[SESSION_KEY] == str(bob.pk)


def test_a_person_with_two_organisations_keeps_the_other(org, other_org, alice, dana):
    client = browser_of(dana)
    client.post(reverse("accounts:switch"), {"organisation": org.slug})

    browser_of(alice).post(deactivate_url(org, dana))

    dana.refresh_from_db()
    assert dana.is_active
    assert dana.last_organisation is None  # login no longer lands on a closed door
    assert sessions_of(dana)
    assert client.get(reverse("portal:home", args=[other_org.slug])).status_code == 200
    assert client.get(reverse("portal:home", args=[org.slug])).status_code == 404
    start = client.get(reverse("accounts:start"))
    assert start.url == reverse("portal:home", args=[other_org.slug])
    entry = AuditEntry.objects.get(action="members.deactivated")
    assert entry.after == {"member_active": False, "can_sign_in": True}


def test_the_closed_organisation_is_not_offered_to_switch_to(org, other_org, alice, dana):
    client = browser_of(dana)
    deactivate_member(actor=alice, membership=dana.memberships.get(organisation=org))

    header = client.get(reverse("portal:home", args=[other_org.slug])).content.decode()
    chooser = client.get(reverse("accounts:organisations")).content.decode()

    assert f'value="{other_org.slug}"' in header
    assert f'value="{org.slug}"' not in header
    assert other_org.name in chooser
    assert org.name not in chooser
    switch = client.post(reverse("accounts:switch"), {"organisation": org.slug})
    assert switch.status_code == 404
    assert list(Organisation.objects.for_user(dana)) == [other_org]


def test_deactivated_members_are_not_offered_to_assign_work_to(org, alice, dana):
    from impactinkoop.contracts.forms import members_of as contract_people
    from impactinkoop.conversations.forms import _member_choices
    from impactinkoop.plans.forms import members_of as plan_people

    deactivate_member(actor=alice, membership=dana.memberships.get(organisation=org))

    assert list(plan_people(org)) == [alice]
    assert list(contract_people(org)) == [alice]
    assert [user_id for user_id, _name in _member_choices(org)] == ["", alice.pk]


# --- Who may, and what is refused --------------------------------------------------------------


def test_the_last_active_administrator_cannot_be_deactivated_demoted_or_removed(org, alice):
    erin = make_member(org, "erin@voorbeeldstad.example", Role.ADMIN)
    deactivate_member(actor=alice, membership=erin.memberships.get())
    # Erin is still an administrator on paper, but a deactivated one counts for nothing.
    alices = alice.memberships.get()

    with pytest.raises(ValidationError) as refused:
        deactivate_member(actor="cli", membership=alices)
    assert refused.value.code == "last_admin"
    with pytest.raises(ValidationError):
        change_role(actor="cli", membership=alices, role=Role.VIEWER)
    with pytest.raises(ValidationError):
        remove_member(actor="cli", membership=alices)

    alices.refresh_from_db()
    assert (alices.role, alices.deactivated_at) == (Role.ADMIN, None)
    # A deactivated administrator needs no successor: removing erin is allowed.
    remove_member(actor=alice, membership=erin.memberships.get())


def test_an_administrator_with_a_colleague_can_be_deactivated(org, alice):
    erin = make_member(org, "erin@voorbeeldstad.example", Role.ADMIN)
    response = browser_of(erin).post(deactivate_url(org, alice))
    assert response.status_code == 302
    assert alice.memberships.get().deactivated_at is not None


def test_an_administrator_cannot_deactivate_themself(org, alice, bob):
    # Bob as a second administrator: the refusal is about oneself, not about the last admin.
    Membership.objects.filter(user=bob).update(role=Role.ADMIN)
    in_english(alice)

    response = browser_of(alice).post(deactivate_url(org, alice), follow=True)

    assert "You cannot deactivate yourself" in response.content.decode()
    assert alice.memberships.get().deactivated_at is None
    assert not AuditEntry.objects.filter(action="members.deactivated").exists()


def test_outsiders_get_404_on_the_new_addresses_and_change_nothing(
    org, other_org, alice, bob, charlie
):
    outsider = browser_of(charlie)
    Membership.objects.filter(user=bob).update(deactivated_at=timezone.now())
    for url in (deactivate_url(org, alice), reactivate_url(org, bob)):
        assert outsider.post(url).status_code == 404
        # Through his own organisation's address, with Voorbeeldstad's membership.
        own = url.replace(f"/o/{org.slug}/", f"/o/{other_org.slug}/")
        assert outsider.post(own).status_code == 404
    assert alice.memberships.get().deactivated_at is None
    assert bob.memberships.get().deactivated_at is not None
    assert not AuditEntry.objects.filter(action__startswith="members.").exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_administrators_deactivate_and_reactivate(role, org, alice, bob):
    actor = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = browser_of(actor)
    assert client.post(deactivate_url(org, bob)).status_code == 403
    Membership.objects.filter(user=bob).update(deactivated_at=timezone.now())
    assert client.post(reactivate_url(org, bob)).status_code == 403
    assert bob.memberships.get().deactivated_at is not None


def test_the_new_addresses_take_only_post(org, alice, bob):
    admin = browser_of(alice)
    assert admin.get(deactivate_url(org, bob)).status_code == 405
    Membership.objects.filter(user=bob).update(deactivated_at=timezone.now())
    assert admin.get(reactivate_url(org, bob)).status_code == 405
    assert bob.memberships.get().deactivated_at is not None


# --- Inviting a deactivated member again ------------------------------------------------------


def test_inviting_a_deactivated_member_again_reactivates_them_with_the_new_role(
    org, alice, bob, django_capture_on_commit_callbacks
):
    admin = browser_of(alice)
    admin.post(deactivate_url(org, bob))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(members_url(org), {"email": bob.email.upper(), "role": Role.BUYER})

    assert response.status_code == 302
    membership = bob.memberships.get()
    assert (membership.deactivated_at, membership.role) == (None, Role.BUYER)
    bob.refresh_from_db()
    assert bob.is_active
    assert not Invitation.objects.exists()
    assert not mail.outbox
    entry = AuditEntry.objects.get(action="members.reactivated")
    assert (entry.before["role"], entry.after["role"]) == ("viewer", "buyer")


def test_inviting_an_active_member_is_still_refused(org, alice, bob):
    response = browser_of(alice).post(members_url(org), {"email": bob.email, "role": Role.BUYER})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="members.reactivated").exists()


def test_reactivation_refuses_an_unknown_role(org, alice, bob):
    membership = bob.memberships.get()
    deactivate_member(actor=alice, membership=membership)
    with pytest.raises(ValidationError):
        reactivate_member(actor=alice, membership=membership, role="emperor")
    assert bob.memberships.get().deactivated_at is not None


def test_a_platform_administrator_keeps_signing_in(org, alice):
    curator = make_user("curator@impactinkoop.example", is_staff=True)
    Membership.objects.create(user=curator, organisation=org, role=Role.VIEWER)
    deactivate_member(actor=alice, membership=curator.memberships.get())
    curator.refresh_from_db()
    assert curator.is_active
