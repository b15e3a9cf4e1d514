"""The SROI officer invites a contractor from the obligation page; accepting gives contractor
access (never a membership) and lands on the contractor portal; the officer can withdraw it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from impactinkoop.accounts.models import ContractorAccess, Invitation, Membership, User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from tests.factories import PASSWORD, make_member, make_user

from .contractors import obligation_for

pytestmark = pytest.mark.django_db

EMAIL = "ploeg@bouwbedrijf-x.example"


def page(org, obligation):
    return reverse("sroi:obligation", args=[org.slug, obligation.pk])


def invite(client, org, obligation, email=EMAIL, **kwargs):
    return client.post(
        reverse("sroi:contractor_invite", args=[org.slug, obligation.pk]),
        {"email": email},
        **kwargs,
    )


def link_from_last_mail() -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", mail.outbox[-1].body).group(1)


@pytest.fixture
def sent(org, obligations, officer, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(officer), org, obligations["ours"])
    assert response.status_code == 302
    client_for(officer).logout()
    return link_from_last_mail()


def test_the_officer_invites_a_contractor_for_the_contracts_company(
    org, obligations, officer, client_for, company_x, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, org, obligations["ours"])
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.company_id) == (EMAIL, "", company_x.pk)
    assert mail.outbox[0].to == [EMAIL]
    assert "Bouwbedrijf X B.V." in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="contractors.invited")
    assert (entry.actor, entry.organisation) == (officer, org)
    shown = client.get(page(org, obligations["ours"])).content.decode()
    assert EMAIL in shown
    # The members page lists member invitations only.
    assert EMAIL not in client.get(reverse("accounts:members", args=[org.slug])).content.decode()


def test_a_contract_without_a_company_cannot_get_a_contractor_invitation(org, officer, client_for):
    obligation = obligation_for(org, None, "Zonder aannemer")
    client = client_for(officer)
    response = invite(client, org, obligation)
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    shown = client.get(response.url).content.decode()
    assert "geen opdrachtnemer in het register" in shown


def test_only_an_officer_invites(org, obligations, bob, client_for):
    assert invite(client_for(bob), org, obligations["ours"]).status_code == 403
    assert not Invitation.objects.exists()


def test_a_bad_address_is_refused_with_a_message(org, obligations, officer, client_for):
    client = client_for(officer)
    response = invite(client, org, obligations["ours"], email="geen-adres")
    assert not Invitation.objects.exists()
    # The obligation page again, with the error at the field and the typed address kept.
    assert response.status_code == 400
    assert "e-mailadres" in " ".join(response.context["invite_form"].errors["email"]).casefold()
    shown = response.content.decode()
    assert 'value="geen-adres"' in shown
    assert 'aria-invalid="true"' in shown
    action = reverse("sroi:contractor_invite", args=[org.slug, obligations["ours"].pk])
    assert f'action="{action}#contractors"' in shown


def test_an_empty_address_is_refused_at_the_field(org, obligations, officer, client_for):
    response = invite(client_for(officer), org, obligations["ours"], email="")
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"]
    assert response.context["obligation"] == obligations["ours"]
    assert not Invitation.objects.exists()


def test_a_company_name_ending_in_a_full_stop_gets_one_full_stop(
    org, obligations, officer, contractor, client_for
):
    client = client_for(officer)
    response = invite(client, org, obligations["ours"], follow=True)
    shown = response.content.decode()
    assert f"{EMAIL} om te rapporteren voor Bouwbedrijf X B.V." in shown
    assert "B.V.." not in shown
    response = invite(client, org, obligations["ours"], email=contractor.email)
    errors = response.context["invite_form"].errors["email"]
    assert errors == [f"{contractor.email} kan al rapporteren voor Bouwbedrijf X B.V."]


def test_a_new_person_accepts_and_gets_access_not_membership(client, org, company_x, sent):
    response = client.post(
        sent,
        {
            "full_name": "Ploeg",
            "password1": "goed-wachtwoord-123",
            "password2": "goed-wachtwoord-123",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("sroi:contractor_home")
    user = User.objects.get(email=EMAIL)
    assert not Membership.objects.filter(user=user).exists()
    access = ContractorAccess.objects.get(user=user)
    assert (access.company_id, access.company_name, access.organisation) == (
        company_x.pk,
        company_x.name,
        org,
    )
    assert AuditEntry.objects.filter(action="contractors.joined", actor=user).count() == 1
    assert client.get(reverse("sroi:contractor_home")).status_code == 200
    assert client.get(reverse("portal:home", args=[org.slug])).status_code == 404
    assert client.get(sent).status_code == 410  # used once


def test_an_existing_user_accepts_after_logging_in(client, org, other_org, company_x, sent):
    user = make_member(other_org, EMAIL, Role.VIEWER)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    shown = client.get(sent).content.decode()
    assert "opdrachtnemer voor Bouwbedrijf X B.V." in shown
    assert "Social return melden bij Gemeente Voorbeeldstad" in shown
    response = client.post(sent)
    assert response.url == reverse("sroi:contractor_home")
    assert ContractorAccess.objects.filter(user=user, organisation=org).exists()
    assert not Membership.objects.filter(user=user, organisation=org).exists()
    user.refresh_from_db()
    assert user.last_organisation_id != org.pk


def test_a_contractor_logs_in_and_lands_on_the_portal(client, org, company_x, sent):
    make_user(EMAIL)
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    client.post(sent)
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("sroi:contractor_home")


def test_inviting_again_an_address_with_access_is_refused(
    org, obligations, officer, contractor, client_for
):
    client = client_for(officer)
    response = invite(client, org, obligations["ours"], email=contractor.email)
    assert response.status_code == 400
    assert not Invitation.objects.exists()
    assert "kan al rapporteren" in response.content.decode()


def test_the_officer_withdraws_access(org, obligations, officer, contractor, client_for):
    access = ContractorAccess.objects.get(user=contractor)
    client = client_for(officer)
    address = reverse(
        "sroi:contractor_withdraw", args=[org.slug, obligations["ours"].pk, access.pk]
    )
    # Not through another obligation's address (another company).
    elsewhere = reverse(
        "sroi:contractor_withdraw", args=[org.slug, obligations["other_company"].pk, access.pk]
    )
    assert client.post(elsewhere).status_code == 404
    assert client.post(address).status_code == 302
    assert not ContractorAccess.objects.exists()
    assert AuditEntry.objects.filter(action="contractors.access_withdrawn").count() == 1
    assert client_for(contractor).get(reverse("sroi:contractor_home")).status_code == 404


def test_the_officer_withdraws_an_open_invitation(
    org, obligations, officer, client_for, sent, client
):
    invitation = Invitation.objects.get()
    officer_client = client_for(officer)
    response = officer_client.post(
        reverse(
            "sroi:contractor_invitation_withdraw",
            args=[org.slug, obligations["ours"].pk, invitation.pk],
        )
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    officer_client.logout()
    assert client.get(sent).status_code == 410


def test_a_contract_of_another_company_has_its_own_list(
    org, obligations, officer, contractor, client_for
):
    shown = client_for(officer).get(page(org, obligations["other_company"])).content.decode()
    assert contractor.email not in shown
    assert "Schoonmaak Y B.V." in shown
