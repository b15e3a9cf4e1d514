"""Tokens and a client that sends them."""

import pytest
from django.test import Client

from impactinkoop.api.models import ApiToken
from impactinkoop.api.scopes import Scope
from impactinkoop.api.services import create_token

ALL_SCOPES = [scope.value for scope in Scope]


@pytest.fixture
def make_token(db):
    """`make_token(org, kind="organisation", scopes=..., user=..., access=...)` -> secret."""

    def make(
        organisation, kind=ApiToken.Kind.ORGANISATION, scopes=None, user=None, access=None, days=30
    ):
        if kind == ApiToken.Kind.CONTRACTOR:
            scopes = scopes or [Scope.REPORT_SROI]
        elif kind == ApiToken.Kind.PERSONAL:
            from impactinkoop.api.services import scopes_for_membership

            scopes = scopes or scopes_for_membership(
                user.memberships.get(organisation=organisation)
            )
        _token, secret = create_token(
            kind=kind,
            organisation=organisation,
            name=f"test {kind}",
            scopes=scopes or ALL_SCOPES,
            days=days,
            actor=user,
            user=user,
            contractor_access=access,
        )
        return secret

    return make


class ApiClient:
    """The test client with a token in every call's Authorization header."""

    def __init__(self, secret: str | None = None, language: str = "nl"):
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, url, data=None, **headers):
        return self.client.get(url, data, headers={**self.headers, **headers})

    def post(self, url, data=None, content_type="application/json", **headers):
        if content_type is None:  # multipart: the client encodes the dict with its files
            return self.client.post(url, data, headers={**self.headers, **headers})
        return self.client.post(
            url, data, content_type=content_type, headers={**self.headers, **headers}
        )

    def patch(self, url, data=None, **headers):
        return self.client.patch(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def delete(self, url, **headers):
        return self.client.delete(url, headers={**self.headers, **headers})


@pytest.fixture
def api():
    """`api(secret)` -> a client that sends the token (none: anonymous)."""
    return ApiClient
