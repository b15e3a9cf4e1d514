"""The token, the tenant boundary, scopes, the rate limit, problem details and ETags, on the
baseline endpoint."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken, ApiUsage
from impactinkoop.api.scopes import Scope
from impactinkoop.api.tokens import hash_of
from impactinkoop.core.models import AuditEntry
from tests.factories import make_member

URL = "/api/v1/o/voorbeeldstad/baseline/?year=2025"


def test_a_token_is_kept_only_as_its_sha256(org, alice, make_token):
    secret = make_token(org, user=alice)
    token = ApiToken.objects.get()
    assert secret.startswith("iik_") and len(secret) >= 47
    assert token.token_hash == hash_of(secret)
    assert secret not in str(ApiToken.objects.values().get())
    assert AuditEntry.objects.filter(action="api.token_created", object_id=str(token.pk)).exists()


def test_owner_reads_figures(org, alice, make_token, api):
    response = api(make_token(org, user=alice)).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["total_spend"] == "0.00"
    assert body["period_start"] == "2025-01-01"
    assert response["Content-Type"] == "application/json"


def test_anonymous_gets_401_as_problem_details(org, api):
    response = api().get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_a_wrong_token_is_401(org, api):
    response = api("iik_" + "x" * 43).get(URL)
    assert response.status_code == 401


def test_outsider_gets_404(org, other_org, charlie, make_token, api):
    response = api(make_token(other_org, user=charlie)).get(URL)
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"


def test_a_member_whose_role_cannot_see_spend_gets_403(org, make_token, api):
    rita = make_member(org, "rita@voorbeeldstad.example", Role.VIEWER)
    secret = make_token(org, kind=ApiToken.Kind.PERSONAL, user=rita, scopes=[Scope.READ_FIGURES])
    assert api(secret).get(URL).status_code == 200
    # The role is read again at every call: a token never outlives the permission it had.
    rita.memberships.update(role=Role.REQUESTER)
    assert api(secret).get(URL).status_code == 403


def test_a_personal_token_cannot_be_given_more_than_the_role(org, make_token):
    rita = make_member(org, "rita@voorbeeldstad.example", Role.REQUESTER)
    with pytest.raises(ValidationError):
        make_token(org, kind=ApiToken.Kind.PERSONAL, user=rita, scopes=[Scope.READ_FIGURES])


def test_a_personal_token_stops_when_the_membership_ends(org, alice, make_token, api):
    secret = make_token(org, kind=ApiToken.Kind.PERSONAL, user=alice)
    assert api(secret).get(URL).status_code == 200
    alice.memberships.all().delete()
    assert api(secret).get(URL).status_code == 404


def test_a_token_without_the_scope_gets_403(org, alice, make_token, api):
    secret = make_token(org, user=alice, scopes=[Scope.IMPORT_LEDGERS])
    response = api(secret).get(URL)
    assert response.status_code == 403
    assert "figures:read" in response.json()["detail"]


def test_expired_and_revoked_tokens_are_401(org, alice, make_token, api):
    secret = make_token(org, user=alice)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(secret).get(URL).status_code == 401
    ApiToken.objects.update(
        expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now()
    )
    assert api(secret).get(URL).status_code == 401


def test_bad_period_is_400_with_the_field(org, alice, make_token, api):
    response = api(make_token(org, user=alice)).get(
        "/api/v1/o/voorbeeldstad/baseline/?start=2025-05-01&end=2025-01-01"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "end", "message": "Het einde ligt voor het begin."}
    ]


def test_messages_follow_accept_language(org, api):
    response = api(language="en").get(URL)
    assert response.json()["title"] == "A valid token is needed"
    assert response["Content-Language"] == "en"


def test_etag_gives_304_when_nothing_changed(org, alice, make_token, api):
    client = api(make_token(org, user=alice))
    first = client.get(URL)
    etag = first["ETag"]
    again = client.get(URL, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_calls_are_counted_per_minute_and_limited(org, alice, make_token, api, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    client = api(make_token(org, user=alice))
    codes = [client.get(URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert ApiUsage.objects.get().reads == 4
    limited = client.get(URL)
    assert limited["Content-Type"] == "application/problem+json"
    assert 1 <= int(limited["Retry-After"]) <= 60


def test_an_unknown_address_is_a_problem_404(db, api):
    response = api().get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer \u00e9"])
def test_a_malformed_header_is_401(org, api, header):
    from django.test import Client

    response = Client().get(URL, headers={"Authorization": header})
    assert response.status_code == 401
