"""The plan at a glance, and the two step plans as checklists to tick off."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view

from .. import progress, services, step_plans
from ..forms import StepCheckForm
from ..models import Action, AmbitionSession, Goal, StepCheck, TeamMember, ThemeChoice
from .base import may_manage, to


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def overview(request):
    organisation, today = request.organisation, timezone.localdate()
    goals = Goal.objects.for_organisation(organisation).select_related("theme", "owner")
    open_actions = Action.objects.for_organisation(organisation).open()
    team = TeamMember.objects.for_organisation(organisation)
    context = {
        "themes": ThemeChoice.objects.for_organisation(organisation).select_related("theme"),
        "progresses": [progress.progress(goal, today) for goal in goals],
        "overdue": open_actions.filter(due__lt=today).select_related("owner", "department"),
        "open_count": open_actions.count(),
        "sponsor": team.filter(part=TeamMember.Part.SPONSOR).first(),
        "team_count": team.count(),
        "done_counts": step_plans.done_counts(organisation),
        "session_count": AmbitionSession.objects.for_organisation(organisation).count(),
        "may_manage": may_manage(request),
    }
    return render(request, "plans/overview.html", context)


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def checklists(request):
    plans = [
        (plan, StepCheck.Plan(plan).label, step_plans.checklist(request.organisation, plan))
        for plan in step_plans.PLANS
    ]
    context = {"plans": plans, "may_manage": may_manage(request)}
    return render(request, "plans/checklists.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def checklist_step(request, plan: str, number: int):
    if plan not in step_plans.PLANS or not 1 <= number <= len(step_plans.PLANS[plan]):
        raise Http404
    form = StepCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note may be at most 300 characters."))
        return to(request, "checklists")
    services.set_step(
        plan,
        number,
        done=form.cleaned_data["done"],
        note=form.cleaned_data["note"],
        actor=request.user,
        organisation=request.organisation,
    )
    messages.success(request, _("The checklist is saved."))
    return redirect(f"{to(request, 'checklists').url}#{plan}-{number}")
