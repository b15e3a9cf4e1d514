import pytest

from impactinkoop.accounts.roles import Role

from .helpers import connect, provider_server, register_client

CALLBACK = "http://testserver/sso/callback/"


@pytest.fixture(scope="session")
def issuer():
    with provider_server() as url:
        yield url


@pytest.fixture(scope="session")
def client_registration(issuer):
    return register_client(issuer, CALLBACK)


@pytest.fixture
def provider(org, alice, issuer, client_registration):
    """Voorbeeldstad signs in through the loopback provider; alice is its local administrator."""
    return connect(
        org,
        issuer,
        client_registration,
        domains=["voorbeeldstad.example"],
        local_admin=alice,
        group_roles="inkoop = buyer\nmvi = coordinator",
        default_role=Role.VIEWER,
    )


@pytest.fixture
def english(client, settings):
    """Pages for people not yet signed in follow the language cookie: English, so the messages
    read as written (the Dutch catalogue is filled in later)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
