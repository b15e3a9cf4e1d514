"""mozilla-django-oidc's backend, with its settings taken from the organisation's provider
instead of Django settings. The callback view puts the provider on the request
(`request.sso_provider`); without it this backend stays out of the way (password logins).
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from impactinkoop.accounts.models import User

from .discovery import endpoints_for
from .provisioning import SignInRefused, admit

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "sso:callback"


def library_settings(provider, attr: str, *default):
    """What mozilla-django-oidc reads through `get_settings`, for this provider."""
    values = {
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": settings.SSO_HTTP_TIMEOUT_SECONDS,
        "OIDC_RP_CLIENT_ID": provider.client_id,
    }
    if attr in values:
        return values[attr]
    return import_from_settings(attr, *default)


class OrganisationProviderBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads its settings here; ours depend on the organisation, known only
        # in `authenticate`.
        self.UserModel = User
        self.provider = None

    def get_settings(self, attr, *default):
        return library_settings(self.provider, attr, *default)

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "sso_provider", None) if request is not None else None
        if provider is None:
            return None
        endpoints = endpoints_for(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = endpoints.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """The one published key that can have signed the token: by its key id where the token
        names one (Entra ID and Keycloak publish several keys), else the only key of its
        algorithm. The library's own lookup fails on a token without a key id."""
        header = jwt.get_unverified_header(token)
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.SSO_HTTP_TIMEOUT_SECONDS
        )
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single published key matches the ID token")
        return jwt.PyJWK(keys[0])

    def get_payload_data(self, token, key):
        """The library checks signature, expiry and nonce; the issuer and the audience are
        checked here too, so a token of another provider or client is refused."""
        payload = super().get_payload_data(token, key)
        if str(payload.get("iss", "")).rstrip("/") != self.provider.issuer.rstrip("/"):
            raise SuspiciousOperation("ID token of another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.provider.client_id not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def store_tokens(self, access_token, id_token):
        # Kept on the request: `auth.login` may start a fresh session after this, and the
        # callback view stores it for signing out at the provider (id_token_hint).
        self.request.sso_id_token = id_token

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo answer over them: Entra ID sends groups in
        the token only, other providers send them from the userinfo endpoint."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo of another subject")
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            return admit(self.provider, claims)
        except SignInRefused as refusal:
            logger.info("Sign-in through %s refused: %s", self.provider.issuer, refusal.message)
            self.request.sso_refusal = refusal.message
            return None

    def get_user(self, user_id):
        # Django's own lookup, which refuses a deactivated account; the library's does not.
        return ModelBackend.get_user(self, user_id)
