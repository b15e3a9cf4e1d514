"""The base of every API view: the token, the tenant boundary, scopes, the rate limit, ETags,
the language and the audit entry of a writing call.

Three scopes, as in the browser (`accounts.tenancy`): organisation endpoints under
`o/<org_slug>/` (an organisation or personal token of that organisation; any other is told 404,
as an outsider in the browser), contractor endpoints under `contractor/` (a contractor token,
bounded by its access), and public endpoints without a token.
"""

from django.http import Http404
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext as _
from rest_framework import exceptions, generics
from rest_framework.views import APIView

from impactinkoop.accounts.models import Membership
from impactinkoop.core.audit import log_action

from . import throttling
from .models import ApiToken
from .scopes import Scope

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TooManyRequests(exceptions.Throttled):
    pass


class ApiBase:
    """Mixed into APIView and the generic views."""

    def initial(self, request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            # A strong ETag of the body: a client that sends it back in If-None-Match gets 304
            # and no body when nothing changed (a BI tool polling the figures every hour).
            response.render()
            set_response_etag(response)
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        if response.status_code < 300 or response.status_code == 304:
            response.setdefault("Cache-Control", "private, no-cache")
        return response


def actor_of(token: ApiToken):
    """Who a service should name in the audit log: the token's person, or the token itself."""
    if token.user_id:
        return token.user
    return _("API token %(name)s") % {"name": token.name}


class TokenScopedView(ApiBase):
    """A view that needs a token: its scope, and a call counted against the rate limit."""

    scope: str = Scope.READ_FIGURES

    def check_token(self, request, token: ApiToken) -> None:
        raise NotImplementedError

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated(_("Send a token: Authorization: Bearer iik_…"))
        request.api_token = token
        self.check_token(request, token)  # 404 before 403: outsiders learn nothing
        if not token.has_scope(self.required_scope(request)):
            raise exceptions.PermissionDenied(
                _("This token lacks the scope %(scope)s.") % {"scope": self.required_scope(request)}
            )
        calls = throttling.count_call(token, write=request.method not in SAFE_METHODS)
        if calls > throttling.limit_per_minute():
            raise TooManyRequests(
                wait=throttling.seconds_to_next_minute(),
                detail=_("This token made more than %(limit)s calls this minute.")
                % {"limit": throttling.limit_per_minute()},
            )

    def required_scope(self, request) -> str:
        return self.scope

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None and request.method not in SAFE_METHODS and response.status_code < 400:
            # Every writing call, in the organisation's audit log under the token's name. The
            # service it called writes its own entry too, naming the token's person or name.
            log_action(
                "api.write",
                actor=token.user if token.user_id else actor_of(token),
                organisation=token.organisation,
                obj=token,
                object_repr=token.name,
                after={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "token": token.name,
                },
            )
        return response


class OrganisationView(TokenScopedView):
    """An endpoint of one organisation (`o/<org_slug>/…`). `permission` is the role permission a
    personal token's member needs, the same one the browser's page checks."""

    permission: str = ""
    # Endpoints with personal data (participant codes) answer only a person's token, whose
    # role is checked at every call; an organisation token has no role to check (decision 0022:
    # an administrator manages accounts, not participants).
    needs_a_person: bool = False

    def check_token(self, request, token: ApiToken) -> None:
        org_slug = self.kwargs.get("org_slug")
        if token.kind == ApiToken.Kind.CONTRACTOR or token.organisation.slug != org_slug:
            raise Http404
        request.organisation = token.organisation
        request.membership = None
        if self.needs_a_person and token.kind == ApiToken.Kind.ORGANISATION:
            raise exceptions.PermissionDenied(
                _(
                    "This holds personal data: use the personal token of someone whose role "
                    "allows it."
                )
            )
        if token.kind == ApiToken.Kind.PERSONAL:
            membership = (
                Membership.objects.active()
                .filter(user_id=token.user_id, organisation=token.organisation)
                .first()
            )
            if membership is None:
                raise Http404  # no longer (an active) member: the token opens nothing
            request.membership = membership
            permission = self.required_permission(request)
            if permission and not membership.has_permission(permission):
                raise exceptions.PermissionDenied(
                    _("Your role does not allow this (%(permission)s).")
                    % {"permission": permission}
                )

    def required_permission(self, request) -> str:
        return self.permission


class ContractorView(TokenScopedView):
    """An endpoint of a contractor token: its access (a company and the organisation that
    invited it) bounds every object."""

    scope = Scope.REPORT_SROI

    def check_token(self, request, token: ApiToken) -> None:
        if token.kind != ApiToken.Kind.CONTRACTOR or token.contractor_access_id is None:
            raise Http404
        request.contractor_access = token.contractor_access
        request.contractor_accesses = [token.contractor_access]


class OrganisationAPIView(OrganisationView, APIView):
    pass


class OrganisationListView(OrganisationView, generics.ListAPIView):
    pass


class OrganisationDetailView(OrganisationView, generics.RetrieveAPIView):
    pass


class ContractorAPIView(ContractorView, APIView):
    pass


class PublicAPIView(ApiBase, APIView):
    """No token; what the public pages show, nothing more."""

    authentication_classes = []
    permission_classes = []
