"""The pages where people make, follow and revoke API tokens."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken
from impactinkoop.api.tokens import hash_of
from impactinkoop.core.models import AuditEntry
from tests.factories import make_member, make_user

from .conftest import ApiClient


def tokens_url(org):
    return reverse("api:tokens", args=[org.slug])


def make(client, org, kind, name="Grootboek", scopes=("ledgers:import",), days=90):
    data = {
        "kind": kind,
        f"{kind}-name": name,
        f"{kind}-scopes": list(scopes),
        f"{kind}-days": days,
    }
    return client.post(tokens_url(org), data)


def secret_in(response) -> str:
    page = response.content.decode()
    start = page.index('id="new-token"')
    value = page.index('value="', start) + len('value="')
    return page[value : page.index('"', value)]


def test_an_administrator_makes_an_organisation_token_shown_once(org, alice, client_for):
    client = client_for(alice)
    response = make(client, org, "organisation", scopes=["ledgers:import", "figures:read"])
    assert response.status_code == 200
    secret = secret_in(response)
    token = ApiToken.objects.get()
    assert token.kind == "organisation" and token.user is None
    assert token.token_hash == hash_of(secret)
    assert token.scopes == ["figures:read", "ledgers:import"]
    assert secret not in client.get(tokens_url(org)).content.decode()
    assert AuditEntry.objects.filter(action="api.token_created").count() == 1
    # The secret works at once.
    assert ApiClient(secret).get(f"/api/v1/o/{org.slug}/baseline/?year=2025").status_code == 200


def test_a_viewer_makes_a_personal_token_within_the_role(org, bob, client_for):
    client = client_for(bob)
    page = client.get(tokens_url(org)).content.decode()
    assert 'value="organisation"' not in page
    assert 'value="figures:read"' in page and 'value="ledgers:import"' not in page
    assert make(client, org, "personal", scopes=["ledgers:import"]).status_code == 400
    assert make(client, org, "organisation").status_code == 404
    assert make(client, org, "personal", scopes=["figures:read"]).status_code == 200
    assert ApiToken.objects.get().user == bob


def test_a_requester_without_any_scope_gets_no_form(org, client_for):
    rita = make_member(org, "rita@voorbeeldstad.example", Role.REQUESTER)
    page = client_for(rita).get(tokens_url(org)).content.decode()
    assert 'name="kind"' not in page


@pytest.mark.parametrize("days", [0, 367, "veel"])
def test_a_wrong_validity_is_refused_with_a_message(org, alice, client_for, days):
    response = make(client_for(alice), org, "organisation", days=days)
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_people_see_their_own_personal_tokens_only(org, alice, bob, client_for, make_token):
    make_token(org, kind="personal", user=bob)
    bobs = ApiToken.objects.get()
    page = client_for(alice).get(tokens_url(org))
    assert "test personal" not in page.content.decode()
    assert (
        client_for(alice).post(reverse("api:token_revoke", args=[org.slug, bobs.pk])).status_code
        == 404
    )
    response = client_for(bob).post(reverse("api:token_revoke", args=[org.slug, bobs.pk]))
    assert response.status_code == 302
    bobs.refresh_from_db()
    assert bobs.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1


def test_the_token_page_counts_calls_per_hour(org, alice, client_for, make_token):
    secret = make_token(org, user=alice)
    for _ in range(3):
        ApiClient(secret).get(f"/api/v1/o/{org.slug}/baseline/?year=2025")
    token = ApiToken.objects.get()
    page = client_for(alice).get(reverse("api:token", args=[org.slug, token.pk]))
    assert page.status_code == 200
    assert page.context["hours"][0]["reads"] == 3


@pytest.fixture
def contractor(org, alice):
    user = make_user("planning@schoon.example")
    access = ContractorAccess.objects.create(
        user=user, company_id=7, company_name="Schoon B.V.", organisation=org, invited_by=alice
    )
    return user, access


def test_a_contractor_makes_a_token_for_its_access(org, contractor, client_for):
    user, access = contractor
    client = client_for(user)
    url = reverse("api:contractor_tokens")
    data = {"access": access.pk, "name": "HR-systeem", "scopes": ["sroi:report"], "days": 30}
    response = client.post(url, data)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.kind, token.contractor_access, token.organisation) == ("contractor", access, org)
    assert token.token_hash == hash_of(secret_in(response))
    refused = client.post(url, {**data, "access": access.pk + 100})
    assert refused.status_code == 400 and ApiToken.objects.count() == 1
    revoke = client.post(reverse("api:contractor_token_revoke", args=[token.pk]))
    assert revoke.status_code == 302


def test_a_contractor_cannot_reach_another_contractors_token(
    org, contractor, client_for, make_token
):
    _user, access = contractor
    other = make_user("ander@bedrijf.example")
    ContractorAccess.objects.create(
        user=other, company_id=8, company_name="Ander", organisation=org
    )
    make_token(org, kind="contractor", user=contractor[0], access=access)
    token = ApiToken.objects.get()
    response = client_for(other).post(reverse("api:contractor_token_revoke", args=[token.pk]))
    assert response.status_code == 404


def test_a_member_without_contractor_access_gets_404_on_the_contractor_page(org, alice, client_for):
    assert client_for(alice).get(reverse("api:contractor_tokens")).status_code == 404
