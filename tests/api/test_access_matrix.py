"""Every organisation endpoint of the API, as the owner (an organisation token), as a member of
a role without the permission (a personal token), as an outsider (a token of another
organisation: 404, as in the browser) and anonymously (401). Nothing is written by a call that
is refused."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from impactinkoop.api.models import ApiToken
from impactinkoop.api.scopes import Scope
from impactinkoop.core.models import AuditEntry
from tests.factories import make_member

from . import endpoints
from .conftest import ApiClient
from .endpoints.harness import Endpoint, raw_token, role_with, role_without

ALL_SCOPES = [scope.value for scope in Scope]


def _all_endpoints() -> list[Endpoint]:
    found = []
    for module in pkgutil.iter_modules(endpoints.__path__):
        found += getattr(
            importlib.import_module(f"{endpoints.__name__}.{module.name}"), "ENDPOINTS", []
        )
    return found


ENDPOINTS = _all_endpoints()


def organisation_api_routes() -> set[str]:
    names = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/o/"):
                names.add(pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_organisation_endpoint_is_in_the_matrix():
    assert organisation_api_routes() == {endpoint.name for endpoint in ENDPOINTS}


def _call(client: ApiClient, endpoint: Endpoint, org, user, made):
    url = reverse(f"api:{endpoint.name}", kwargs={"org_slug": org.slug, **made})
    if endpoint.query:
        url += "?" + endpoint.query
    body = endpoint.body(org, user, made) if endpoint.body else None
    method = endpoint.method.lower()
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    if endpoint.multipart:
        return client.post(url, body, content_type=None)
    return getattr(client, method)(url, body)


def _made(endpoint, org, user):
    return endpoint.setup(org, user) if endpoint.setup else {}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
def test_owner(endpoint, org, alice, make_token):
    made = _made(endpoint, org, alice)
    if endpoint.owner == "personal":
        member = make_member(org, "owner@voorbeeldstad.example", role_with(endpoint.permission))
        secret = raw_token(org, ApiToken.Kind.PERSONAL, scopes=ALL_SCOPES, user=member)
    else:
        secret = make_token(org, user=alice)
    response = _call(ApiClient(secret), endpoint, org, alice, made)
    assert response.status_code in endpoint.ok, response.content[:500]


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.owner == "personal"], ids=lambda endpoint: endpoint.id
)
def test_an_organisation_token_gets_no_personal_data(endpoint, org, alice, make_token):
    made = _made(endpoint, org, alice)
    response = _call(ApiClient(make_token(org, user=alice)), endpoint, org, alice, made)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.permission], ids=lambda endpoint: endpoint.id
)
def test_member_of_another_role(endpoint, org, alice):
    made = _made(endpoint, org, alice)
    member = make_member(org, "other-role@voorbeeldstad.example", role_with(endpoint.permission))
    secret = raw_token(org, ApiToken.Kind.PERSONAL, scopes=ALL_SCOPES, user=member)
    member.memberships.update(role=role_without(endpoint.permission))
    entries = AuditEntry.objects.count()
    response = _call(ApiClient(secret), endpoint, org, alice, made)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
def test_outsider(endpoint, org, alice, other_org, charlie, make_token):
    made = _made(endpoint, org, alice)
    client = ApiClient(make_token(other_org, user=charlie))
    entries = AuditEntry.objects.count()
    response = _call(client, endpoint, org, alice, made)
    assert response.status_code == 404
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
def test_anonymous(endpoint, org, alice):
    made = _made(endpoint, org, alice)
    entries = AuditEntry.objects.count()
    response = _call(ApiClient(), endpoint, org, alice, made)
    assert response.status_code == 401
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
def test_a_token_without_the_scope(endpoint, org, alice, make_token):
    made = _made(endpoint, org, alice)
    others = [scope for scope in ALL_SCOPES if scope != endpoint.scope]
    response = _call(
        ApiClient(make_token(org, user=alice, scopes=others)), endpoint, org, alice, made
    )
    assert response.status_code == 403
