"""A real OpenID Connect provider on loopback (oidc-provider-mock: Flask and Authlib in a
thread), and the steps a browser takes through it, for the Django test client."""

from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests
from oidc_provider_mock import run_server_in_thread

from impactinkoop.sso.models import IdentityProvider, SignInDomain

CLIENT_SECRET_FIELD = "client_secret"


@contextmanager
def provider_server():
    """Clients must register (so a wrong client secret is refused) and send a nonce."""
    with run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def register_client(issuer: str, redirect_uri: str) -> tuple[str, str]:
    response = requests.post(
        f"{issuer}/oauth2/clients",
        json={"redirect_uris": [redirect_uri], "token_endpoint_auth_method": "client_secret_post"},
        timeout=5,
    )
    response.raise_for_status()
    body = response.json()
    return body["client_id"], body["client_secret"]


def set_provider_user(issuer: str, sub: str, **claims) -> None:
    requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5).raise_for_status()


def connect(organisation, issuer: str, client: tuple[str, str], *, domains=(), **fields):
    """The organisation's provider, enabled, with its client registered at the issuer."""
    client_id, secret = client
    provider = IdentityProvider(
        organisation=organisation, issuer=issuer, client_id=client_id, enabled=True, **fields
    )
    provider.set_client_secret(secret)
    provider.save()
    for domain in domains or [f"{organisation.slug}.example"]:
        SignInDomain.objects.create(provider=provider, domain=domain)
    return provider


def authorize(authorize_url: str, sub: str) -> str:
    """The person at the provider signs in as `sub`; the provider's answer: the callback URL."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def replace_query(url: str, **values) -> str:
    parts = urlsplit(url)
    query = {key: value[0] for key, value in parse_qs(parts.query).items()}
    query.update(values)
    return urlunsplit(parts._replace(query=urlencode(query)))


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sign_in(client, org_slug: str, sub: str, *, next_url: str = "", tamper=None):
    """Start at the organisation's sign-in address, sign in at the provider, come back; the
    response of the callback. `tamper(authorize_url, callback_url)` may change either on the way
    and returns both."""
    start = f"/sign-in/{org_slug}/" + (f"?{urlencode({'next': next_url})}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302, response.content[:500]
    authorize_url = response["Location"]
    if tamper:
        authorize_url, _ = tamper(authorize_url, None)
    callback_url = authorize(authorize_url, sub)
    if tamper:
        _, callback_url = tamper(None, callback_url)
    return client.get(local_path(callback_url))
