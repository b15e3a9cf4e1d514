"""The SROI officer's review: the queue of realisations waiting for review across the
organisation's obligations, and one realisation with its valuation, evidence and history, to
accept, reject with a reason, answer, or split a double count (`sroi.review`).

Only the SROI officers see these pages (`sroi.realisations`): a realisation carries a
participant code and evidence (decision 0022)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.uploads import evidence_response

from . import queries, review
from .models import Obligation, Realisation, ReviewStatus
from .monitoring import contractor_of
from .valuation import value_realisation


class AcceptForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the contractor (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Give the reason for the rejection: the contractor reads it.")
        },
        help_text=gettext_lazy("The contractor reads it and may answer and submit again."),
    )


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write a message.")},
    )


class SplitForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for counting it in both obligations"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy("Give the reason for splitting the double count.")
        },
        help_text=gettext_lazy(
            "For example: two part-time jobs at two contractors; each counts for its own hours."
        ),
    )


FORMS = {"accept": AcceptForm, "reject": RejectForm, "answer": AnswerForm, "split": SplitForm}


def _realisation(request, pk: int, realisation: int) -> Realisation:
    obligation = get_for_organisation(
        request, Obligation.objects.select_related("contract", "rule_set"), pk=pk
    )
    found = (
        obligation.realisations.select_related("block", "company")
        .prefetch_related("bonuses")
        .filter(pk=realisation)
        .first()
    )
    if found is None:
        raise Http404
    found.obligation = obligation
    return found


@organisation_view(Permission.VIEW_REALISATIONS)
@require_GET
def review_queue(request):
    """Every realisation waiting for review, the oldest first."""
    waiting = list(
        Realisation.objects.filter(
            obligation__organisation=request.organisation, status=ReviewStatus.SUBMITTED
        )
        .select_related("obligation__contract__company", "obligation__rule_set", "block", "company")
        .prefetch_related("bonuses")
        # An officer's own entry has no submitted_at: it waits since it was entered.
        .order_by(Coalesce("submitted_at", "created_at").asc(), "pk")
    )
    doubles = queries.double_counts([request.organisation])
    rows = [
        (
            realisation,
            contractor_of(realisation.obligation.contract),
            value_realisation(
                realisation,
                realisation.obligation,
                list(realisation.bonuses.all()),
                doubles.get(realisation.pk),
            ),
        )
        for realisation in waiting
    ]
    return render(request, "sroi/review_queue.html", {"rows": rows})


def _page(request, realisation, forms_given=None, status=200):
    doubles = queries.double_counts([request.organisation])
    obligation = realisation.obligation
    valuation = value_realisation(
        realisation, obligation, list(realisation.bonuses.all()), doubles.get(realisation.pk)
    )
    given = forms_given or {}
    context = {
        "obligation": obligation,
        "realisation": realisation,
        "valuation": valuation,
        "events": realisation.events.select_related("by"),
        "evidence": realisation.evidence.select_related("file"),
        "may_manage": request.membership.has_permission(Permission.MANAGE_SROI),
        **{f"{name}_form": given.get(name) or form(prefix=name) for name, form in FORMS.items()},
    }
    return render(request, "sroi/realisation_review.html", context, status=status)


@organisation_view(Permission.VIEW_REALISATIONS)
@require_GET
def realisation_review(request, pk: int, realisation: int):
    return _page(request, _realisation(request, pk, realisation))


def _decide(request, pk: int, realisation: int, name: str):
    found = _realisation(request, pk, realisation)
    form = FORMS[name](request.POST, prefix=name)
    if form.is_valid():
        text = next(iter(form.cleaned_data.values()), "")
        try:
            if name == "accept":
                review.accept(found, actor=request.user, message=text)
                messages.success(request, _("The realisation was accepted and now counts."))
            elif name == "reject":
                review.reject(found, actor=request.user, reason=text)
                messages.success(
                    request, _("The realisation was rejected; the contractor reads why.")
                )
            elif name == "answer":
                review.answer(found, actor=request.user, message=text, by_contractor=False)
                messages.success(request, _("Your message was added to the history."))
            else:
                review.split(found, actor=request.user, reason=text)
                messages.success(
                    request, _("The double count was split: each counts for its own hours.")
                )
        except ValidationError as error:
            form.add_error(next(iter(form.fields)), error)
        else:
            return redirect(
                "sroi:realisation_review",
                org_slug=request.organisation.slug,
                pk=pk,
                realisation=found.pk,
            )
    return _page(request, found, {name: form}, status=400)


@organisation_view(Permission.VIEW_REALISATIONS)
@require_POST
def realisation_accept(request, pk: int, realisation: int):
    return _decide(request, pk, realisation, "accept")


@organisation_view(Permission.VIEW_REALISATIONS)
@require_POST
def realisation_reject(request, pk: int, realisation: int):
    return _decide(request, pk, realisation, "reject")


@organisation_view(Permission.VIEW_REALISATIONS)
@require_POST
def realisation_answer(request, pk: int, realisation: int):
    return _decide(request, pk, realisation, "answer")


@organisation_view(Permission.VIEW_REALISATIONS)
@require_POST
def realisation_split(request, pk: int, realisation: int):
    return _decide(request, pk, realisation, "split")


@organisation_view(Permission.VIEW_REALISATIONS)
@require_GET
def realisation_evidence(request, pk: int, realisation: int, evidence: int):
    found = _realisation(request, pk, realisation)
    item = found.evidence.select_related("file").filter(pk=evidence).first()
    if item is None:
        raise Http404
    return evidence_response(item.file)
