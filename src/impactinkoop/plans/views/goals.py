"""Goals with their progress: measured live or entered with evidence, judged against the line
from baseline to target."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core import charts
from impactinkoop.core.numbers import whole
from impactinkoop.core.uploads import evidence_response

from .. import progress, services
from ..forms import GoalForm, ProgressEntryForm
from ..models import Goal, ProgressEntry
from ..templatetags.plan_values import WHOLE_METRICS
from .base import delete, form_page, may_manage, to


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def goals(request):
    today = timezone.localdate()
    goal_list = Goal.objects.for_organisation(request.organisation).select_related("theme", "owner")
    context = {
        "progresses": [progress.progress(goal, today) for goal in goal_list],
        "official": progress.official_baseline(request.organisation),
        "may_manage": may_manage(request),
    }
    return render(request, "plans/goals.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int | None = None):
    goal = get_for_organisation(request, Goal, pk=pk) if pk else None
    form = GoalForm(request.POST or None, instance=goal, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        goal = services.save_goal(form, actor=request.user, organisation=request.organisation)
        messages.success(request, _("The goal is saved."))
        return to(request, "goal", goal.pk)
    context = {"goal": goal, "official": progress.official_baseline(request.organisation)}
    return form_page(request, form, "plans/goal_form.html", context)


def goal_chart(result: progress.Progress):
    goal = result.goal
    points = [(point.label, point.value) for point in result.points]
    target = goal.target_value
    if goal.metric in WHOLE_METRICS:
        points = [(label, whole(value)) for label, value in points]
        target = whole(target) if target is not None else None
    return charts.progress_line(
        points,
        target,
        _("Progress of “%(goal)s”") % {"goal": goal.title},
        (_("Measured"), _("Target")),
    )


@organisation_view(Permission.VIEW_PLAN)
@require_http_methods(["GET", "POST"])
def goal_detail(request, pk: int):
    goal = get_for_organisation(
        request, Goal.objects.select_related("theme", "owner", "baseline"), pk=pk
    )
    entered = goal.metric not in progress.COMPUTED
    form = ProgressEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not (entered and may_manage(request)):
            raise PermissionDenied
        if form.is_valid():
            services.add_progress(
                goal, form.cleaned_data, actor=request.user, organisation=request.organisation
            )
            messages.success(request, _("The measurement is saved."))
            return to(request, "goal", goal.pk)
    result = progress.progress(goal, timezone.localdate())
    context = {
        "goal": goal,
        "result": result,
        "chart": goal_chart(result) if result.points else None,
        "entries": goal.entries.select_related("entered_by", "file"),
        "entered": entered,
        "passages": goal.passages.select_related("document"),
        "actions": goal.actions.select_related("owner"),
        "may_manage": may_manage(request),
    }
    return form_page(request, form, "plans/goal_detail.html", context)


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def evidence_file(request, pk: int, entry: int):
    row = get_for_organisation(
        request,
        ProgressEntry.objects.select_related("file"),
        "goal__organisation",
        pk=entry,
        goal__pk=pk,  # goal__pk: an id too large for SQLite is "no such row", not an error
    )
    if row.file is None:
        raise Http404
    return evidence_response(row.file)


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def goal_delete(request, pk: int):
    """Its measurements go with it; its actions stay, without a goal."""
    return delete(
        request, Goal, pk, action="plan.goal", back="goals", message=_("“%(name)s” is deleted.")
    )
