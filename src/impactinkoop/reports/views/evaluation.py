"""The evaluation of a year (PIANOo step 7): everyone with `reports.view` reads it; the
coordinator (`reports.manage`) starts it, evaluates each goal, writes the summary and closes
the year. A closed year shows its frozen figures and no forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.urls import ORG

from .. import evaluations
from ..evaluation_forms import CloseForm, GoalEvaluationForm, SummaryForm
from ..models import FrozenError, GoalEvaluation

YEAR = ORG + "results/<int:year>/evaluation/"


def _year(year: int) -> int:
    if not evaluations.evaluable(year):
        raise Http404
    return year


def _may_manage(request) -> bool:
    return request.membership.has_permission(Permission.MANAGE_RESULTS)


def _back(request, year: int):
    return redirect("reports:evaluation", request.organisation.slug, year)


def _frozen(request, year: int):
    messages.error(
        request, _("The evaluation of %(year)s is closed: it no longer changes.") % {"year": year}
    )
    return _back(request, year)


def _page(request, year: int, *, bound=None, summary_form=None, status: int = 200):
    """The evaluation page; `bound` is a goal's form with its errors, shown in its place."""
    organisation = request.organisation
    evaluation = evaluations.evaluation_of(organisation, year)
    may_manage = _may_manage(request)
    context = {
        "year": year,
        "evaluation": evaluation,
        "may_manage": may_manage,
        "previous_year": year - 1 if evaluations.evaluable(year - 1) else None,
        "next_year": year + 1 if evaluations.evaluable(year + 1) else None,
    }
    if evaluation is None:
        context["goals"] = evaluations.goals_of_year(organisation, year)
        return render(request, "reports/evaluation.html", context, status=status)
    rows = []
    for line in evaluations.lines(evaluation):
        form = None
        if may_manage and not evaluation.is_closed:
            if bound is not None and bound.prefix == _prefix(line.item):
                form = bound
            else:
                form = GoalEvaluationForm(
                    item=line.item, suggestion=line.measured.suggestion, prefix=_prefix(line.item)
                )
        rows.append((line, form))
    context.update(
        {
            "rows": rows,
            "evaluated": sum(1 for line, _form in rows if line.item.outcome),
            "missing": (evaluations.missing_goals(evaluation) if not evaluation.is_closed else []),
            "summary_form": (
                summary_form or SummaryForm(initial={"summary": evaluation.summary})
                if may_manage and not evaluation.is_closed
                else None
            ),
        }
    )
    return render(request, "reports/evaluation.html", context, status=status)


def _prefix(item: GoalEvaluation) -> str:
    return f"goal-{item.pk}"


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def evaluation(request, year: int):
    return _page(request, _year(year))


@organisation_view(Permission.MANAGE_RESULTS)
@require_POST
def evaluation_start(request, year: int):
    year = _year(year)
    try:
        evaluations.start_evaluation(year, actor=request.user, organisation=request.organisation)
    except FrozenError:
        return _frozen(request, year)
    messages.success(request, _("The evaluation of %(year)s is under way.") % {"year": year})
    return _back(request, year)


def _open_evaluation(request, year: int):
    found = evaluations.evaluation_of(request.organisation, _year(year))
    if found is None:
        raise Http404
    return found


@organisation_view(Permission.MANAGE_RESULTS)
@require_POST
def evaluation_goal(request, year: int, pk: int):
    evaluation = _open_evaluation(request, year)
    item = get_for_organisation(
        request,
        GoalEvaluation.objects.select_related("evaluation", "goal"),
        "evaluation__organisation",
        pk=pk,
        evaluation=evaluation,
    )
    if evaluation.is_closed:
        return _frozen(request, year)
    form = GoalEvaluationForm(request.POST, prefix=_prefix(item))
    if form.is_valid():
        try:
            evaluations.save_goal_evaluation(
                item, form.cleaned_data, actor=request.user, organisation=request.organisation
            )
        except FrozenError:
            return _frozen(request, year)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The evaluation of “%(goal)s” is saved.") % {"goal": item.goal.title}
            )
            return _back(request, year)
    return _page(request, year, bound=form, status=400)


@organisation_view(Permission.MANAGE_RESULTS)
@require_POST
def evaluation_summary(request, year: int):
    evaluation = _open_evaluation(request, year)
    if evaluation.is_closed:
        return _frozen(request, year)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _page(request, year, summary_form=form, status=400)
    try:
        evaluations.save_summary(
            evaluation,
            form.cleaned_data["summary"],
            actor=request.user,
            organisation=request.organisation,
        )
    except FrozenError:
        return _frozen(request, year)
    messages.success(request, _("The summary is saved."))
    return _back(request, year)


@organisation_view(Permission.MANAGE_RESULTS)
@require_http_methods(["GET", "POST"])
def evaluation_close(request, year: int):
    """A confirmation page that says what closing does, then the close itself."""
    evaluation = _open_evaluation(request, year)
    if evaluation.is_closed:
        return _frozen(request, year)
    form = CloseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                evaluations.close_evaluation(
                    evaluation, actor=request.user, organisation=request.organisation
                )
            except FrozenError:
                return _frozen(request, year)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The evaluation of %(year)s is closed and its figures are frozen.")
                    % {"year": year},
                )
                return _back(request, year)
    items = list(evaluation.goals.select_related("goal"))
    context = {
        "year": year,
        "evaluation": evaluation,
        "form": form,
        "without_outcome": [item for item in items if not item.outcome],
        "follow_ups": [
            (item, evaluations.follow_up_title(item)) for item in items if item.follow_up
        ],
        "next_year": year + 1,
        "today": timezone.localdate(),
    }
    return render(request, "reports/evaluation_close.html", context, status=status)


urlpatterns = [
    path(YEAR, evaluation, name="evaluation"),
    path(YEAR + "start/", evaluation_start, name="evaluation_start"),
    path(YEAR + "goals/<int:pk>/", evaluation_goal, name="evaluation_goal"),
    path(YEAR + "summary/", evaluation_summary, name="evaluation_summary"),
    path(YEAR + "close/", evaluation_close, name="evaluation_close"),
]
