"""Administrators invite members, change roles and remove members; everything is audited."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.models import Invitation, Membership, User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry

from ..factories import PASSWORD, make_user


def invite(client, org, email="nieuw@voorbeeldstad.example", role=Role.BUYER):
    return client.post(reverse("accounts:members", args=[org.slug]), {"email": email, "role": role})


def link_from_last_mail() -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", mail.outbox[-1].body).group(1)


@pytest.fixture
def sent(org, alice, django_capture_on_commit_callbacks):
    """The link of an invitation alice sent, from her own browser (not the test's client)."""
    admin_client = Client()
    admin_client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, org)
    return link_from_last_mail()


def test_admin_invites_by_email_with_audit_entry(
    client_for, org, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(alice), org)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("nieuw@voorbeeldstad.example", Role.BUYER)
    assert mail.outbox[0].to == ["nieuw@voorbeeldstad.example"]
    assert "Gemeente Voorbeeldstad" in mail.outbox[0].subject
    entry = AuditEntry.objects.get(action="members.invited")
    assert (entry.actor, entry.organisation) == (alice, org)
    assert entry.after == {"email": "nieuw@voorbeeldstad.example", "role": "buyer"}


def test_the_token_is_not_stored_in_the_database(sent):
    token = sent.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_new_person_registers_through_the_link_and_becomes_member(client, org, sent):
    response = client.post(
        sent,
        {
            "full_name": "Nieuw",
            "password1": "goed-wachtwoord-123",
            "password2": "goed-wachtwoord-123",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/o/{org.slug}/"
    user = User.objects.get(email="nieuw@voorbeeldstad.example")
    assert Membership.objects.get(user=user).role == Role.BUYER
    assert AuditEntry.objects.filter(action="members.joined", actor=user).count() == 1
    assert client.get(sent).status_code == 410  # used once


def test_two_registrations_at_once_with_one_link_make_one_account(client, org, sent, monkeypatch):
    from impactinkoop.accounts import services, views

    def the_other_request_wins(*, invitation, full_name, password):
        # A second browser's request with the same link finishes between this request's checks
        # (invitation open, no account yet, form valid) and its save.
        fresh = Invitation.objects.get(pk=invitation.pk)
        services.register_and_accept(invitation=fresh, full_name="Eerste", password=password)
        return services.register_and_accept(
            invitation=invitation, full_name=full_name, password=password
        )

    monkeypatch.setattr(views, "register_and_accept", the_other_request_wins)
    response = client.post(
        sent,
        {"full_name": "Tweede", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 410
    assert "Deze uitnodiging is al geaccepteerd." in response.content.decode()
    assert list(User.objects.values_list("email", "full_name")) == [
        ("alice@voorbeeldstad.example", "Alice"),
        ("nieuw@voorbeeldstad.example", "Eerste"),
    ]
    assert Membership.objects.filter(user__full_name="Eerste").count() == 1
    assert AuditEntry.objects.filter(action="account.created").count() == 1


def test_an_account_made_at_the_same_moment_through_another_invitation_is_no_500(
    client, org, other_org, sent, monkeypatch
):
    from impactinkoop.accounts import views

    real = views.register_and_accept

    def someone_else_registers_first(**kwargs):
        make_user("nieuw@voorbeeldstad.example", full_name="Via Anderdorp")
        return real(**kwargs)

    monkeypatch.setattr(views, "register_and_accept", someone_else_registers_first)
    response = client.post(
        sent,
        {"full_name": "Tweede", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert (
        "Er is zojuist een account met dit e-mailadres gemaakt. Log in om de uitnodiging aan te "
        "nemen." in response.content.decode()
    )
    assert Invitation.objects.get().accepted_at is None
    assert not Membership.objects.filter(user__email="nieuw@voorbeeldstad.example").exists()


def test_weak_password_at_registration_is_refused_and_nothing_is_created(client, org, sent):
    response = client.post(sent, {"full_name": "", "password1": "12345", "password2": "12345"})
    assert response.status_code == 200
    assert "te kort" in response.content.decode()
    assert not User.objects.filter(email="nieuw@voorbeeldstad.example").exists()


def test_existing_user_must_log_in_and_then_accepts(client, client_for, org, sent):
    user = make_user("nieuw@voorbeeldstad.example")
    assert "Log in om de uitnodiging" in client.get(sent).content.decode()
    response = client_for(user).post(sent)
    assert response.status_code == 302
    assert Membership.objects.get(user=user, organisation=org).role == Role.BUYER


def test_invitation_cannot_be_accepted_by_another_account(client_for, org, bob, sent):
    response = client_for(bob).post(sent)
    assert response.status_code == 403
    assert Membership.objects.get(user=bob).role == Role.VIEWER
    assert Invitation.objects.get().accepted_at is None


def test_expired_invitation_gets_a_clear_page(client, org, sent):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(sent)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    response = client.post(
        sent, {"password1": "goed-wachtwoord-123", "password2": "goed-wachtwoord-123"}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="nieuw@voorbeeldstad.example").exists()


def test_unknown_invitation_link_is_404(client, db):
    response = client.get(reverse("accounts:invitation", args=["onzin"]))
    assert response.status_code == 404
    assert "kennen deze uitnodigingslink niet" in response.content.decode()


def test_new_invitation_replaces_the_open_one(
    client_for, org, alice, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(alice), org, role=Role.REQUESTER)
    assert Invitation.objects.filter(revoked_at=None).get().role == Role.REQUESTER
    assert client_for(alice).get(sent).status_code == 410


def test_inviting_an_existing_member_is_refused(client_for, org, alice, bob):
    response = invite(client_for(alice), org, email=bob.email)
    assert response.status_code == 400
    assert "is al lid" in response.content.decode()
    assert not Invitation.objects.exists()


def test_admin_withdraws_an_invitation(client_for, org, alice, sent):
    invitation = Invitation.objects.get()
    client_for(alice).post(reverse("accounts:invitation_revoke", args=[org.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.filter(action="members.invitation_revoked").count() == 1


def test_admin_changes_a_role_with_before_and_after(client_for, org, alice, bob):
    membership = Membership.objects.get(user=bob)
    client_for(alice).post(
        reverse("accounts:member_role", args=[org.slug, membership.pk]), {"role": Role.BUYER}
    )
    membership.refresh_from_db()
    assert membership.role == Role.BUYER
    entry = AuditEntry.objects.get(action="members.role_changed")
    assert (entry.before, entry.after) == ({"role": "viewer"}, {"role": "buyer"})


def test_last_admin_cannot_step_down_or_leave(client_for, org, alice):
    membership = Membership.objects.get(user=alice)
    client = client_for(alice)
    response = client.post(
        reverse("accounts:member_role", args=[org.slug, membership.pk]),
        {"role": Role.VIEWER},
        follow=True,
    )
    assert "minstens één beheerder" in response.content.decode()
    client.post(reverse("accounts:member_remove", args=[org.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert not AuditEntry.objects.exclude(action__startswith="signin.").exists()  # only the sign-in


def test_admin_removes_a_member(client_for, org, alice, bob):
    membership = Membership.objects.get(user=bob)
    client_for(alice).post(reverse("accounts:member_remove", args=[org.slug, membership.pk]))
    assert not Membership.objects.filter(user=bob).exists()
    assert User.objects.filter(pk=bob.pk).exists()  # the person keeps the account
    entry = AuditEntry.objects.get(action="members.removed")
    assert entry.before == {"email": bob.email, "role": "viewer"}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_admins_manage_members(role, client_for, org, alice, bob):
    actor = User.objects.create_user(f"{role}@voorbeeldstad.example", PASSWORD)
    Membership.objects.create(user=actor, organisation=org, role=role)
    client = client_for(actor)
    target = Membership.objects.get(user=bob)

    assert invite(client, org).status_code == 403
    assert (
        client.post(
            reverse("accounts:member_role", args=[org.slug, target.pk]), {"role": Role.ADMIN}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("accounts:member_remove", args=[org.slug, target.pk])).status_code
        == 403
    )
    target.refresh_from_db()
    assert target.role == Role.VIEWER
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.exclude(action__startswith="signin.").exists()  # only the sign-in
