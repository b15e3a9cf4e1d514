"""The contractor portal (`/contractor/`) and the officer's invitation of a contractor.

A contractor is not a member (decision 0022): `contractor_view` opens these pages to a user
with contractor access, and every object is looked up within `queries.contractor_obligations`
or `queries.contractor_realisations`, so anything else (another organisation's obligation,
another company's contract, another contractor's realisation) is a 404."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.models import ContractorAccess, Invitation
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.services import (
    invite_contractor,
    revoke_invitation,
    withdraw_contractor_access,
)
from impactinkoop.accounts.tenancy import contractor_view, get_for_organisation, organisation_view
from impactinkoop.core.models import StoredFile
from impactinkoop.core.uploads import evidence_content_type, evidence_response

from . import queries, review
from .contractor_forms import (
    INVITE_AUTO_ID,
    AnswerForm,
    ContractorInviteForm,
    ContractorRealisationForm,
    FollowUpForm,
    ResubmitForm,
)
from .models import Evidence, Obligation, ReviewStatus
from .services import report_deadlines
from .valuation import value_realisation
from .views import obligation_context

# --- the contractor's own pages ------------------------------------------------------------


def _obligations(request):
    return list(
        queries.contractor_obligations(request.contractor_accesses)
        .select_related("contract", "rule_set", "organisation")
        .order_by("organisation__name", "end_date", "pk")
    )


def _realisations(request):
    return queries.contractor_realisations(request.contractor_accesses).select_related(
        "obligation__contract", "obligation__organisation", "obligation__rule_set", "block"
    )


def deadlines_with_state(obligation, reported_at: list, today: date) -> list[dict]:
    """The obligation's report deadlines still worth showing: every passed one for which
    nothing was reported since the deadline before it (overdue), and the next two."""
    shown, previous, upcoming = [], None, 0
    for day, final in report_deadlines(obligation):
        if day < today:
            since = previous or obligation.start_date
            if not any(moment.date() > since for moment in reported_at):
                shown.append({"day": day, "final": final, "overdue": True})
        elif upcoming < 2:
            shown.append({"day": day, "final": final, "overdue": False})
            upcoming += 1
        previous = day
    return shown


@contractor_view
@require_GET
def home(request):
    today = timezone.localdate()
    obligations = _obligations(request)
    found = queries.balances(obligations, today)
    by_obligation: dict[int, list] = {}
    doubles = queries.double_counts({obligation.organisation_id for obligation in obligations})
    for realisation in _realisations(request).order_by("-submitted_at", "-pk"):
        # Counted 0 because the participant counts under another obligation in the same
        # months; the contractor is told so, not which obligation (another contractor's).
        double = doubles.get(realisation.pk)
        realisation.counted_out = double is not None and not double.counts
        by_obligation.setdefault(realisation.obligation_id, []).append(realisation)
    rows = []
    for obligation in obligations:
        own = by_obligation.get(obligation.pk, [])
        reported_at = [r.submitted_at for r in own if r.submitted_at]
        rows.append(
            {
                "obligation": obligation,
                "balance": found[obligation.pk],
                "deadlines": deadlines_with_state(obligation, reported_at, today),
                "realisations": own,
                "by_organisation": queries.counted_by_organisation(obligation, own),
            }
        )
    context = {"rows": rows, "accesses": request.contractor_accesses}
    return render(request, "sroi/contractor/home.html", context)


def _store_evidence(realisation, uploads, user) -> None:
    for upload in uploads:
        content = upload.read()
        stored = StoredFile.from_bytes(
            content,
            name=upload.name,
            content_type=evidence_content_type(content),
            organisation=realisation.obligation.organisation,
            uploaded_by=user,
        )
        Evidence.objects.create(realisation=realisation, file=stored, uploaded_by=user)


@contractor_view
@require_http_methods(["GET", "POST"])
def report(request):
    obligations = _obligations(request)
    if not obligations:
        return render(request, "sroi/contractor/no_obligations.html")
    form = ContractorRealisationForm(
        request.POST or None,
        request.FILES or None,
        obligations=obligations,
        initial={"obligation": request.GET.get("obligation")},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            realisation = review.submit_from_contractor(
                form,
                actor=request.user,
                with_saved=lambda saved: _store_evidence(
                    saved, form.cleaned_data["evidence"], request.user
                ),
            )
        messages.success(
            request, _("Your realisation was sent. The officer will review it and let you know.")
        )
        return redirect("sroi:contractor_realisation", pk=realisation.pk)
    return render(
        request,
        "sroi/contractor/report.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _own_realisation(request, pk: int):
    return get_object_or_404(_realisations(request), pk=pk)


def _follow_up_form(realisation, data=None):
    due = review.follow_up_due(realisation, timezone.localdate())
    return FollowUpForm(data, due=due, realisation=realisation, prefix="follow") if due else None


def _detail(request, realisation, *, answer_form=None, follow_up_form=None, status=200):
    obligation = realisation.obligation
    bonuses = list(realisation.bonuses.all())
    double = queries.double_counts([obligation.organisation_id]).get(realisation.pk)
    realisation.counted_out = double is not None and not double.counts
    context = {
        "realisation": realisation,
        "obligation": obligation,
        "bonuses": bonuses,
        "valuation": value_realisation(realisation, obligation, bonuses, double),
        "events": realisation.events.all(),
        "evidence": realisation.evidence.select_related("file"),
        "answer_form": answer_form or AnswerForm(),
        "follow_up_form": follow_up_form or _follow_up_form(realisation),
        "rejected": realisation.status == ReviewStatus.REJECTED,
    }
    return render(request, "sroi/contractor/realisation.html", context, status=status)


@contractor_view
@require_GET
def realisation_detail(request, pk: int):
    return _detail(request, _own_realisation(request, pk))


@contractor_view
@require_POST
def realisation_answer(request, pk: int):
    realisation = _own_realisation(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        review.answer(
            realisation,
            actor=request.user,
            message=form.cleaned_data["message"],
            by_contractor=True,
        )
        messages.success(request, _("Your answer was sent to the officer."))
        return redirect("sroi:contractor_realisation", pk=realisation.pk)
    return _detail(request, realisation, answer_form=form, status=400)


@contractor_view
@require_http_methods(["GET", "POST"])
def realisation_resubmit(request, pk: int):
    realisation = _own_realisation(request, pk)
    if realisation.status != ReviewStatus.REJECTED:
        messages.info(request, _("Only a rejected realisation can be changed and sent again."))
        return redirect("sroi:contractor_realisation", pk=realisation.pk)
    form = ResubmitForm(
        request.POST or None,
        request.FILES or None,
        instance=realisation,
        obligations=[realisation.obligation],
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            realisation = form.save()
            _store_evidence(realisation, form.cleaned_data["evidence"], request.user)
            review.resubmit(realisation, actor=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("Your realisation was sent again for review."))
        return redirect("sroi:contractor_realisation", pk=realisation.pk)
    return render(
        request,
        "sroi/contractor/resubmit.html",
        {"form": form, "realisation": realisation},
        status=400 if request.method == "POST" else 200,
    )


@contractor_view
@require_GET
def evidence_file(request, pk: int, evidence: int):
    row = get_object_or_404(
        Evidence.objects.select_related("file").filter(realisation__in=_realisations(request)),
        pk=evidence,
        realisation__pk=pk,  # __pk: an id too large for SQLite is "no such row", not an error
    )
    return evidence_response(row.file)


# --- the officer's side: inviting contractors on an obligation ----------------------------


def sentence(text: str) -> str:
    """One full stop at the end, also when a name ends in one ("Bakker Bouw B.V.")."""
    return text[:-1] if text.endswith("..") else text


def _obligation_page(request, obligation) -> str:
    return (
        reverse("sroi:obligation", args=[request.organisation.slug, obligation.pk]) + "#contractors"
    )


def _managed_obligation(request, pk: int) -> Obligation:
    return get_for_organisation(
        request, Obligation.objects.select_related("contract__company"), pk=pk
    )


@organisation_view(Permission.MANAGE_SROI)
@require_POST
def contractor_invite(request, pk: int):
    obligation = _managed_obligation(request, pk)
    company = obligation.contract.company
    if company is None:
        messages.error(
            request,
            _(
                "The contract %(contract)s has no contractor in the register, so no contractor "
                "can be invited. Link the contract to its company in the register first."
            )
            % {"contract": obligation.contract.title},
        )
        return redirect(_obligation_page(request, obligation))
    form = ContractorInviteForm(request.POST, auto_id=INVITE_AUTO_ID)
    if form.is_valid():
        try:
            invite_contractor(
                actor=request.user,
                organisation=request.organisation,
                email=form.cleaned_data["email"],
                company=company,
            )
        except ValidationError as error:
            form.add_error("email", [sentence(message) for message in error.messages])
        else:
            messages.success(
                request,
                sentence(
                    _("Invitation sent to %(email)s to report for %(company)s.")
                    % {"email": form.cleaned_data["email"], "company": company.name}
                ),
            )
            return redirect(_obligation_page(request, obligation))
    # The error shows at the field, with the typed address kept (not in a banner at the top).
    context = obligation_context(request, obligation) | {"invite_form": form}
    return render(request, "sroi/obligation_detail.html", context, status=400)


@organisation_view(Permission.MANAGE_SROI)
@require_POST
def contractor_withdraw(request, pk: int, access: int):
    obligation = _managed_obligation(request, pk)
    found = get_object_or_404(
        ContractorAccess.objects.select_related("user", "organisation"),
        pk=access,
        organisation=request.organisation,
        company_id=obligation.contract.company_id,
    )
    withdraw_contractor_access(actor=request.user, access=found)
    messages.success(
        request,
        sentence(
            _("%(email)s can no longer report for %(company)s.")
            % {"email": found.user.email, "company": found.company_name}
        ),
    )
    return redirect(_obligation_page(request, obligation))


@organisation_view(Permission.MANAGE_SROI)
@require_POST
def contractor_invitation_withdraw(request, pk: int, invitation: int):
    obligation = _managed_obligation(request, pk)
    if obligation.contract.company_id is None:
        raise Http404
    found = get_object_or_404(
        Invitation.objects.filter(accepted_at=None, revoked_at=None),
        pk=invitation,
        organisation=request.organisation,
        company_id=obligation.contract.company_id,
    )
    revoke_invitation(actor=request.user, invitation=found)
    messages.success(
        request, _("The invitation for %(email)s was withdrawn.") % {"email": found.email}
    )
    return redirect(_obligation_page(request, obligation))


@contractor_view
@require_POST
def realisation_follow_up(request, pk: int):
    """The contractor reports whether the participant is still employed 6 and 12 months on."""
    realisation = _own_realisation(request, pk)
    form = _follow_up_form(realisation, request.POST)
    if form is None:
        raise Http404
    if not form.is_valid():
        return _detail(request, realisation, follow_up_form=form, status=400)
    review.report_follow_up(
        realisation, actor=request.user, answers=form.answers(), by_contractor=True
    )
    messages.success(request, _("Thank you: the follow-up was recorded."))
    return redirect("sroi:contractor_realisation", pk=realisation.pk)
