"""Pages of the tenderboard: the queue of submissions waiting with their deadline and the
figures, a tender's review history with the buyer's submit button, and the member's advice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.contracts.models import Tender
from impactinkoop.contracts.themes import theme_labels

from .figures import tenderboard_figures
from .forms import AdviceForm, SubmitForm
from .models import Submission
from .services import advise, may_advise, may_submit, submit


def _submissions(request):
    return Submission.objects.for_organisation(request.organisation).select_related(
        "tender", "submitted_by", "advised_by"
    )


@organisation_view(Permission.VIEW_CONTRACTS)
@require_GET
def queue(request):
    waiting = list(_submissions(request).waiting().by_deadline())
    advised = list(_submissions(request).advised().order_by("-advised_at", "-pk")[:20])
    context = {
        "waiting": waiting,
        "advised": advised,
        "figures": tenderboard_figures(request.organisation),
        "may_advise": request.membership.has_permission(Permission.ADVISE_TENDERS),
    }
    return render(request, "tenderboard/queue.html", context)


def _tender(request, pk: int) -> Tender:
    return get_for_organisation(
        request,
        Tender.objects.for_organisation(request.organisation).select_related("rules"),
        pk=pk,
    )


@organisation_view(Permission.VIEW_CONTRACTS)
@require_GET
def tender_reviews(request, pk: int):
    tender = _tender(request, pk)
    rounds = list(
        _submissions(request).filter(tender=tender).prefetch_related("advice").order_by("-number")
    )
    allowed, why = may_submit(tender)
    context = {
        "tender": tender,
        "rounds": rounds,
        "may_submit": allowed and request.membership.has_permission(Permission.MANAGE_CONTRACTS),
        "why_not": why,
        "form": SubmitForm(),
        "may_advise": request.membership.has_permission(Permission.ADVISE_TENDERS),
        "theme_labels": theme_labels(request.organisation),
    }
    return render(request, "tenderboard/tender.html", context)


@organisation_view(Permission.MANAGE_CONTRACTS)
@require_POST
def tender_submit(request, pk: int):
    tender = _tender(request, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            submit(tender, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The tender was submitted to the tenderboard."))
    return redirect("tenderboard:tender", org_slug=request.organisation.slug, pk=tender.pk)


@organisation_view(Permission.ADVISE_TENDERS)
@require_http_methods(["GET", "POST"])
def submission_advise(request, pk: int):
    submission = get_for_organisation(request, _submissions(request), pk=pk)
    if not may_advise(submission, request.user):
        raise PermissionDenied
    if not submission.is_waiting:
        messages.info(request, _("The tenderboard has already advised on this submission."))
        return redirect(
            "tenderboard:tender", org_slug=request.organisation.slug, pk=submission.tender_id
        )
    form = AdviceForm(
        request.POST if request.method == "POST" else None,
        themes=submission.themes,
        labels=theme_labels(request.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            advise(
                submission,
                actor=request.user,
                verdict=form.cleaned_data["verdict"],
                summary=form.cleaned_data["summary"],
                advice=form.theme_advice(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your advice was sent to the buyer."))
            return redirect("tenderboard:queue", org_slug=request.organisation.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "tenderboard/advise.html",
        {"submission": submission, "form": form, "tender": submission.tender},
        status=status,
    )
