"""Contractor invitations in accounts: accepting gives contractor access, never a membership;
the contractor scope (`tenancy.contractor_view`) needs login and access."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from impactinkoop.accounts.models import ContractorAccess, Invitation, Membership
from impactinkoop.accounts.services import accept_invitation, invite_contractor
from impactinkoop.accounts.tenancy import contractor_view
from impactinkoop.registry.models import Company

from ..factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return Company.objects.create(kvk_number="11111111", name="Bouwbedrijf X B.V.")


def test_accepting_a_contractor_invitation_gives_access_not_membership(org, alice, company):
    invitation = invite_contractor(
        actor=alice, organisation=org, email="Ploeg@X.example", company=company
    )
    assert (invitation.email, invitation.role) == ("ploeg@x.example", "")
    user = make_user("ploeg@x.example")
    access = accept_invitation(invitation=invitation, user=user)
    assert isinstance(access, ContractorAccess)
    assert (access.user, access.company_id, access.organisation) == (user, company.pk, org)
    assert access.invited_by == alice
    assert not Membership.objects.filter(user=user).exists()
    with pytest.raises(ValidationError):
        accept_invitation(invitation=invitation, user=user)  # used once


def test_a_new_contractor_invitation_replaces_the_open_one(org, alice, company):
    first = invite_contractor(actor=alice, organisation=org, email="a@x.example", company=company)
    invite_contractor(actor=alice, organisation=org, email="a@x.example", company=company)
    first.refresh_from_db()
    assert first.revoked_at is not None


@contractor_view
def page(request):
    return HttpResponse(",".join(a.company_name for a in request.contractor_accesses))


def test_contractor_view_needs_login_and_access(org, bob, company):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/contractor/")
    request.user = AnonymousUser()
    assert page(request).status_code == 302
    request.user = bob  # a member, no contractor
    with pytest.raises(Http404):
        page(request)
    ContractorAccess.grant(user=bob, company=company, organisation=org)
    assert page(request).content == b"Bouwbedrijf X B.V."


def test_removing_the_register_company_removes_its_contractor_access(org, alice, company):
    invite_contractor(actor=alice, organisation=org, email="open@x.example", company=company)
    ContractorAccess.grant(user=make_user("ploeg@x.example"), company=company, organisation=org)
    company.delete()
    assert not ContractorAccess.objects.exists()
    assert not Invitation.objects.filter(company_id__isnull=False).exists()
