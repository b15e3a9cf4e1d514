"""Standing people for every test: alice (admin) and bob (viewer) of Voorbeeldstad, and charlie,
admin of another organisation and so an outsider to Voorbeeldstad."""

import pytest
from django.core.cache import cache
from django.utils import translation

from impactinkoop.accounts.models import Membership, Organisation, User
from impactinkoop.accounts.roles import Role

PASSWORD = "een-lang-wachtwoord-42"


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


def make_organisation(slug: str, name: str | None = None, **fields) -> Organisation:
    return Organisation.objects.create(slug=slug, name=name or slug.title(), **fields)


def make_user(email: str, language: str = "nl", **fields) -> User:
    return User.objects.create_user(email, PASSWORD, language=language, **fields)


def make_member(organisation: Organisation, email: str, role: str, **fields) -> User:
    user = User.objects.filter(email=email).first() or make_user(email, **fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


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
