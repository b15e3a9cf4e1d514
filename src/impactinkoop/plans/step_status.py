"""Where an organisation stands in steps 2, 3 and 6 of the approach, from its plan, and the
progress through the two step plans on the home page."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.home import HomePanel, register_home_panel
from impactinkoop.core.steps import StepStatus, register_step_status

from . import step_plans
from .models import Action, AmbitionSession, Goal, StepCheck, TeamMember, ThemeChoice


@register_step_status("themes")
def themes_status(organisation) -> StepStatus:
    chosen = ThemeChoice.objects.for_organisation(organisation).aggregate(
        count=Count("pk"), without_reason=Count("pk", filter=Q(reason=""))
    )
    count = chosen["count"]
    if not count:
        return StepStatus("todo", _("No themes chosen yet."))
    summary = ngettext("%(count)d theme chosen.", "%(count)d themes chosen.", count) % {
        "count": count
    }
    if chosen["without_reason"]:
        return StepStatus("started", summary + " " + _("Record why for each theme."))
    return StepStatus("done", summary)


@register_step_status("ambitions")
def ambitions_status(organisation) -> StepStatus:
    sessions = AmbitionSession.objects.for_organisation(organisation).count()
    goals = Goal.objects.for_organisation(organisation)
    measured = goals.exclude(metric="").exclude(target_value=None).count()
    summary = ngettext(
        "%(count)d ambition-web session, ", "%(count)d ambition-web sessions, ", sessions
    ) % {"count": sessions} + ngettext(
        "%(count)d goal with a target.", "%(count)d goals with a target.", measured
    ) % {"count": measured}
    if not sessions and not goals.exists():
        return StepStatus("todo", summary)
    return StepStatus("done" if sessions and measured else "started", summary)


@register_step_status("annual-plan")
def annual_plan_status(organisation) -> StepStatus:
    today = timezone.localdate()
    open_and_late = Q(status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS], due__lt=today)
    actions = (
        Action.objects.for_organisation(organisation)
        .filter(due__year=today.year)
        .aggregate(count=Count("pk"), overdue=Count("pk", filter=open_and_late))
    )
    count, overdue = actions["count"], actions["overdue"]
    team = TeamMember.objects.for_organisation(organisation).aggregate(
        people=Count("pk"), sponsors=Count("pk", filter=Q(part=TeamMember.Part.SPONSOR))
    )
    people = team["people"]
    parts = [
        ngettext("%(count)d action this year", "%(count)d actions this year", count)
        % {"count": count}
    ]
    if overdue:
        parts.append(
            ngettext("%(count)d overdue", "%(count)d overdue", overdue) % {"count": overdue}
        )
    parts.append(
        ngettext("%(count)d person in the team", "%(count)d people in the team", people)
        % {"count": people}
    )
    summary = ", ".join(parts) + "."
    if not count and not people:
        return StepStatus("todo", summary)
    if not team["sponsors"]:
        return StepStatus("started", summary + " " + _("No sponsor with authority yet."))
    return StepStatus("started" if overdue or not count else "done", summary)


@register_home_panel
def step_plans_panel(request):
    if not request.membership.has_permission(Permission.VIEW_PLAN):
        return None
    counts = step_plans.done_counts(request.organisation)
    return HomePanel(
        "plans/includes/home_panel.html",
        {
            "plans": [
                (plan, StepCheck.Plan(plan).label, counts[plan], len(steps))
                for plan, steps in step_plans.PLANS.items()
            ]
        },
    )
