"""After `SignInMiddleware`: each organisation with its own provider is entered through it, and
signing out of a provider session also signs out at the provider."""

from urllib.parse import urlencode, urlsplit

from django.shortcuts import redirect
from django.urls import reverse

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.core.urls import ORG
from impactinkoop.signin.sessions import provider_session

from .discovery import DiscoveryError, endpoints_for
from .models import IdentityProvider
from .signing_in import ID_TOKEN_KEY


def is_organisation_page(request) -> bool:
    """Under o/<org_slug>/ (whatever else names an organisation in its address is no page of
    it)."""
    match = request.resolver_match
    return match is not None and match.route.startswith(ORG)


def is_local_admin_with_password(request, provider: IdentityProvider) -> bool:
    """The local administrator, signed in with a password (no provider mark): the way back in
    when the provider fails."""
    return (
        provider_session(request) is None
        and request.user.pk == provider.local_admin_id
        and Membership.objects.filter(
            user=request.user, organisation_id=provider.organisation_id, role=Role.ADMIN
        ).exists()
    )


def providers_of(request) -> list[IdentityProvider]:
    """The enabled providers of the organisations the person is an active member of (a
    deactivated member gets the tenant boundary's 404, not a sign-in): one query a request,
    shared by the redirect and the form-action."""
    if not hasattr(request, "_sso_providers"):
        request._sso_providers = list(
            IdentityProvider.objects.enabled()
            .filter(
                organisation__memberships__user=request.user,
                organisation__memberships__deactivated_at=None,
            )
            .select_related("organisation")
        )
    return request._sso_providers


class ProviderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mark = provider_session(request) if request.user.is_authenticated else None
        if request.method == "POST" and mark and request.path == reverse("accounts:logout"):
            return self._sign_out_at_provider(request, mark)
        response = self.get_response(request)
        if request.user.is_authenticated and "html" in response.get("Content-Type", ""):
            allow_forms_to_providers(request, response, mark)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A page of an organisation with its own provider, in a session that did not come
        through that provider: off to it, and back to this page afterwards."""
        org_slug = view_kwargs.get("org_slug")
        if not org_slug or not request.user.is_authenticated or not is_organisation_page(request):
            return None
        mark = provider_session(request)
        provider = next((p for p in providers_of(request) if p.organisation.slug == org_slug), None)
        if provider is None or (mark and mark.get("organisation") == provider.organisation_id):
            return None
        if is_local_admin_with_password(request, provider):
            return None
        start = reverse("sso:start", args=[org_slug])
        return redirect(f"{start}?{urlencode({'next': request.get_full_path()})}")

    def _sign_out_at_provider(self, request, mark):
        """Django's logout runs first; then the browser goes to the provider's end-session
        endpoint, which comes back to the login page."""
        logout_url = mark.get("logout_url") or ""
        id_token = request.session.get(ID_TOKEN_KEY, "")
        response = self.get_response(request)
        if not logout_url or request.user.is_authenticated or response.status_code != 302:
            return response
        query = {"post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login"))}
        if id_token:
            query["id_token_hint"] = id_token
        separator = "&" if "?" in logout_url else "?"
        return redirect(f"{logout_url}{separator}{urlencode(query)}")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def allow_forms_to_providers(request, response, mark) -> None:
    """The policy's form-action is 'self', and browsers apply it to the redirects after a form
    too: signing out (to the end-session endpoint) and switching organisation (to the other
    organisation's provider) end at a provider, so this page may send forms there. Only the
    providers of this person's own organisations are named."""
    origins = {_origin((mark or {}).get("logout_url") or "")}
    for provider in providers_of(request):
        try:
            origins.add(_origin(endpoints_for(provider).authorization_endpoint))
        except DiscoveryError:
            continue  # The sign-in page says so when the person gets there.
    origins.discard("")
    if origins:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["form-action"] = sorted({*update.get("form-action", []), *origins})
        response._csp_update = update
