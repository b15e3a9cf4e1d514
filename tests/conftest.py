"""Standing people for every test: alice (admin) and bob (viewer) of Voorbeeldstad, and charlie,
admin of another organisation and so an outsider to Voorbeeldstad."""

import pytest
from django.core.cache import cache
from django.utils import translation

from impactinkoop.accounts.models import Organisation, User
from impactinkoop.accounts.roles import Role

from .factories import make_member, make_organisation


@pytest.fixture(autouse=True)
def _dutch_after_each_test():
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _empty_cache_after_each_test():
    """Kept breakdowns and figures are keyed by data version, whose ids a rolled-back test
    database hands out again: each test starts with an empty cache."""
    yield
    cache.clear()


@pytest.fixture
def org(db) -> Organisation:
    return make_organisation("voorbeeldstad", "Gemeente Voorbeeldstad")


@pytest.fixture
def other_org(db) -> Organisation:
    return make_organisation("anderdorp", "Waterschap Anderdorp", kind="waterschap")


@pytest.fixture
def alice(org) -> User:
    return make_member(org, "alice@voorbeeldstad.example", Role.ADMIN, full_name="Alice")


@pytest.fixture
def bob(org) -> User:
    return make_member(org, "bob@voorbeeldstad.example", Role.VIEWER, full_name="Bob")


@pytest.fixture
def charlie(other_org) -> User:
    return make_member(other_org, "charlie@anderdorp.example", Role.ADMIN, full_name="Charlie")


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login
