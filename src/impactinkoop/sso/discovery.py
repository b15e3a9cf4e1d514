"""The provider's endpoints: from its discovery document (fetched once, then cached), each
overridden by an address stored on the provider."""

import hashlib
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

ENDPOINT_FIELDS = (
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
)
# Every endpoint but the end of the session is needed to sign someone in.
REQUIRED_ENDPOINTS = ENDPOINT_FIELDS[:4]
PREFERRED_SIGNING_ALGORITHM = "RS256"


class DiscoveryError(Exception):
    """The provider's configuration could not be read; the message says why, for the person."""


@dataclass(frozen=True)
class Endpoints:
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    signing_algorithm: str


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _cache_key(issuer: str) -> str:
    return "sso.discovery." + hashlib.sha256(issuer.encode()).hexdigest()


def fetch_document(issuer: str) -> dict:
    """The discovery document, checked to be the issuer's own (OpenID Connect Discovery 4.3)."""
    url = discovery_url(issuer)
    try:
        response = requests.get(url, timeout=settings.SSO_HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(
            _("The provider's configuration could not be read from %(url)s.") % {"url": url}
        ) from error
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer.rstrip(
        "/"
    ):
        raise DiscoveryError(
            _("The configuration at %(url)s is for another issuer; check the issuer address.")
            % {"url": url}
        )
    return document


def document_for(issuer: str, *, refresh: bool = False) -> dict:
    key = _cache_key(issuer)
    document = None if refresh else cache.get(key)
    if document is None:
        document = fetch_document(issuer)
        cache.set(key, document, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return document


def endpoints_for(provider, *, refresh: bool = False) -> Endpoints:
    """Stored addresses first; the discovery document only when one of them is missing."""
    stored = {field: getattr(provider, field) for field in ENDPOINT_FIELDS}
    needs_discovery = not all(stored[field] for field in REQUIRED_ENDPOINTS)
    document = document_for(provider.issuer, refresh=refresh) if needs_discovery else {}
    values = {field: stored[field] or str(document.get(field) or "") for field in ENDPOINT_FIELDS}
    missing = [field for field in REQUIRED_ENDPOINTS if not values[field]]
    if missing:
        raise DiscoveryError(
            _("The provider names no %(endpoints)s; fill them in under the advanced settings.")
            % {"endpoints": ", ".join(missing)}
        )
    return Endpoints(**values, signing_algorithm=_signing_algorithm(document))


def _signing_algorithm(document: dict) -> str:
    """RS256 where offered, else another key-pair algorithm: the library checks RS* and ES*
    signatures against the provider's published keys; a shared-secret or unsigned token is
    refused rather than trusted."""
    offered = document.get("id_token_signing_alg_values_supported") or [PREFERRED_SIGNING_ALGORITHM]
    usable = [name for name in offered if str(name).startswith(("RS", "ES"))]
    if not usable:
        raise DiscoveryError(
            _("The provider signs its tokens only with %(algorithms)s; Impactinkoop needs RS256.")
            % {"algorithms": ", ".join(map(str, offered))}
        )
    return PREFERRED_SIGNING_ALGORITHM if PREFERRED_SIGNING_ALGORITHM in usable else usable[0]
