"""The two ends of the OpenID Connect flow, mozilla-django-oidc's views with the organisation's
provider in place of settings: the start at the organisation's own address, and the callback.
The library makes and checks state, nonce and PKCE; this module adds which organisation a state
belongs to, and what follows the sign-in (membership, the provider session, the organisation)."""

import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import requests
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from impactinkoop.accounts.services import switch_organisation
from impactinkoop.signin.services import mark_provider_sign_in
from impactinkoop.signin.sessions import start_provider_session

from .backend import library_settings
from .discovery import DiscoveryError, endpoints_for
from .models import IdentityProvider

logger = logging.getLogger(__name__)

# state -> organisation id, for the sign-ins this browser has started and not finished.
PENDING_KEY = "sso.pending"
ID_TOKEN_KEY = "sso.id_token"
# A browser starts few sign-ins at once; older unfinished ones are forgotten.
MAX_PENDING = 10


class ProviderSignInView(OIDCAuthenticationRequestView):
    """`/sign-in/<slug>/`: off to the organisation's provider (404 where it has none)."""

    def __init__(self, **kwargs):
        # The library reads the client from settings here; it is read per organisation in get.
        View.__init__(self, **kwargs)
        self.provider = None

    def get_settings(self, attr, *default):
        return library_settings(self.provider, attr, *default)

    def get(self, request, slug: str):
        provider = get_object_or_404(
            IdentityProvider.objects.enabled().select_related("organisation"),
            organisation__slug=slug,
        )
        try:
            endpoints = endpoints_for(provider)
        except DiscoveryError as error:
            logger.warning("Sign-in for %s: %s", slug, error)
            return unavailable(request, provider)
        self.provider = provider
        self.OIDC_OP_AUTH_ENDPOINT = endpoints.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        pending = request.session.get(PENDING_KEY, {})
        pending[state] = provider.organisation_id
        request.session[PENDING_KEY] = dict(list(pending.items())[-MAX_PENDING:])
        return response


def unavailable(request, provider, status: int = 503):
    return render(
        request,
        "sso/unavailable.html",
        {"organisation": provider.organisation},
        status=status,
    )


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """`/sso/callback/`: the provider sends the person back here with a code and the state."""

    def get_settings(self, attr, *default):
        return library_settings(getattr(self.request, "sso_provider", None), attr, *default)

    def get(self, request):
        pending = request.session.get(PENDING_KEY, {})
        organisation_id = pending.pop(request.GET.get("state", ""), None)
        request.session[PENDING_KEY] = pending
        provider = (
            IdentityProvider.objects.enabled()
            .select_related("organisation")
            .filter(organisation_id=organisation_id)
            .first()
            if organisation_id
            else None
        )
        if provider is None and request.GET.get("error"):
            # A refusal (a person removed or blocked at the provider); some providers leave the
            # state out of it. Nothing opens either way.
            logger.warning("Provider refused a sign-in: %s", request.GET.get("error"))
            return self.refuse(_("Your organisation's sign-in service did not sign you in."))
        if provider is None:
            # No sign-in of this browser has this state: a replay, a forged link or an old tab.
            logger.warning("Provider callback with an unknown state")
            return self.refuse(_("This sign-in could not be completed. Please start again."))
        request.sso_provider = provider
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # State, nonce, signature, issuer or audience did not match.
            logger.warning("Provider callback refused for %s: %s", provider.issuer, error)
            return self.refuse(_("This sign-in could not be completed. Please start again."))
        except requests.HTTPError as error:
            # The provider answered, with a refusal: a wrong client secret or a changed client.
            logger.warning("Provider %s refused the token request: %s", provider.issuer, error)
            return self.refuse(
                _(
                    "Your organisation's sign-in service refused this sign-in. Tell your "
                    "administrator: the sign-in settings may be wrong."
                )
            )
        except (requests.RequestException, DiscoveryError) as error:
            logger.warning("Provider %s could not be reached: %s", provider.issuer, error)
            return unavailable(request, provider)

    def refuse(self, message: str):
        messages.error(self.request, message)
        return redirect("accounts:login")

    def login_failure(self):
        refusal = getattr(self.request, "sso_refusal", None)
        if refusal is None and self.request.GET.get("error"):
            refusal = _("Your organisation's sign-in service did not sign you in.")
        elif refusal is None and getattr(self, "user", None) is not None:
            refusal = _("This account has been deactivated.")
        return self.refuse(refusal or _("This sign-in could not be completed. Please start again."))

    def login_success(self):
        request, provider = self.request, self.request.sso_provider
        organisation = provider.organisation
        auth.login(request, self.user)
        endpoints = endpoints_for(provider)
        start_provider_session(
            request,
            organisation_id=organisation.pk,
            ends_at=timezone.now() + timedelta(hours=provider.max_session_hours),
            logout_url=endpoints.end_session_endpoint,
        )
        mark_provider_sign_in(request)
        request.session[ID_TOKEN_KEY] = getattr(request, "sso_id_token", "")
        switch_organisation(user=self.user, organisation=organisation)
        next_url = request.session.pop("oidc_login_next", None)
        return redirect(next_url or reverse("portal:home", args=[organisation.slug]))
