"""The API tokens pages: an administrator's organisation tokens, every member's own personal
tokens, and a contractor's tokens. A new token's secret is shown once, in the answer to the
form that made it, and never again (only its hash is kept)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import contractor_view, organisation_view
from impactinkoop.core.models import AuditEntry

from . import throttling
from .forms import TokenForm
from .models import ApiToken
from .scopes import CONTRACTOR_SCOPES
from .services import create_token, revoke_token, scopes_for_membership

Kind = ApiToken.Kind


def _organisation_tokens(request):
    tokens = ApiToken.objects.for_organisation(request.organisation)
    can_manage = request.membership.has_permission(Permission.EDIT_ORGANISATION)
    shown = tokens.filter(kind=Kind.PERSONAL, user=request.user)
    if can_manage:
        shown = tokens.filter(kind=Kind.ORGANISATION) | shown
    return shown.select_related("user", "created_by"), can_manage


def _with_calls(tokens) -> list[ApiToken]:
    tokens = list(tokens)
    calls = throttling.totals(tokens)
    for token in tokens:
        token.calls_today = calls.get(token.pk, 0)
    return tokens


@organisation_view()
@require_http_methods(["GET", "POST"])
def tokens(request):
    tokens, can_manage = _organisation_tokens(request)
    own_scopes = scopes_for_membership(request.membership)
    kind = request.POST.get("kind") if request.method == "POST" else None
    if kind == Kind.ORGANISATION and not can_manage:
        raise Http404
    personal_form = TokenForm(
        request.POST if kind == Kind.PERSONAL else None, scopes=own_scopes, prefix="personal"
    )
    organisation_form = (
        TokenForm(request.POST if kind == Kind.ORGANISATION else None, prefix="organisation")
        if can_manage
        else None
    )
    form = {Kind.PERSONAL: personal_form, Kind.ORGANISATION: organisation_form}.get(kind)
    created = secret = None
    if form is not None and form.is_valid():
        try:
            created, secret = create_token(
                kind=kind,
                organisation=request.organisation,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
                actor=request.user,
                user=request.user if kind == Kind.PERSONAL else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:  # empty forms again: the next token starts from nothing
            personal_form = TokenForm(scopes=own_scopes, prefix="personal")
            if can_manage:
                organisation_form = TokenForm(prefix="organisation")
    context = {
        "tokens": _with_calls(tokens),
        "can_manage": can_manage,
        "personal_form": personal_form if own_scopes else None,
        "organisation_form": organisation_form,
        "created": created,
        "secret": secret,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "api/tokens.html", context, status=status)


def _visible_token(request, pk: int) -> ApiToken:
    tokens, _can_manage = _organisation_tokens(request)
    return get_object_or_404(tokens, pk=pk)


@organisation_view()
@require_GET
def token_detail(request, pk: int):
    token = _visible_token(request, pk)
    writes = AuditEntry.objects.for_organisation(request.organisation).filter(
        action="api.write", object_type="api.apitoken", object_id=str(token.pk)
    )[:50]
    context = {"token": token, "hours": throttling.hourly_usage(token), "writes": writes}
    return render(request, "api/token_detail.html", context)


@organisation_view()
@require_POST
def token_revoke(request, pk: int):
    token = _visible_token(request, pk)
    revoke_token(token, actor=request.user)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("api:tokens", org_slug=request.organisation.slug)


def _contractor_tokens(request):
    return ApiToken.objects.filter(
        kind=Kind.CONTRACTOR, user=request.user, contractor_access__in=request.contractor_accesses
    ).select_related("contractor_access__organisation")


@contractor_view
@require_http_methods(["GET", "POST"])
def contractor_tokens(request):
    accesses = request.contractor_accesses
    form = TokenForm(request.POST or None, scopes=CONTRACTOR_SCOPES)
    choices = [(a.pk, f"{a.company_name} ({a.organisation.name})") for a in accesses]
    access = None
    created = secret = None
    if request.method == "POST":
        access = next((a for a in accesses if str(a.pk) == request.POST.get("access")), None)
        if access is None:
            form.add_error(None, _("Choose the company and organisation the token reports for."))
        elif form.is_valid():
            try:
                created, secret = create_token(
                    kind=Kind.CONTRACTOR,
                    organisation=access.organisation,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    days=form.cleaned_data["days"],
                    actor=request.user,
                    user=request.user,
                    contractor_access=access,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                form = TokenForm(scopes=CONTRACTOR_SCOPES)
    context = {
        "tokens": _with_calls(_contractor_tokens(request)),
        "form": form,
        "accesses": accesses,
        "access_choices": choices,
        "created": created,
        "secret": secret,
    }
    status = 400 if form.errors else 200
    return render(request, "api/contractor_tokens.html", context, status=status)


@contractor_view
@require_POST
def contractor_token_revoke(request, pk: int):
    token = get_object_or_404(_contractor_tokens(request), pk=pk)
    revoke_token(token, actor=request.user)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("api:contractor_tokens")
