"""Where an organisation stands in De Normaalste Zaak's step 6 (organise intervision), read from
the intervision groups its people take part in on its behalf, not from a tick."""

from datetime import timedelta

from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.steps import StepStatus, register_step_status

from .models import Group, Meeting

# De Normaalste Zaak's step 6 has no PIANOo step of its own; `plans.step_plans` names this slug.
INTERVISION = "intervision"

# Intervision is a habit, not a one-off: a group that met within this period counts as done.
RECENT = timedelta(days=365)


def _day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


@register_step_status(INTERVISION)
def intervision_status(organisation) -> StepStatus:
    """Done when a group in which someone speaks for the organisation met in the last twelve
    months; under way while it is in a group that has not met (yet); not started otherwise.
    Only counts and dates: which groups, and what they discuss, stays with their members."""
    groups = Group.objects.filter(members__organisation=organisation).distinct()
    count = groups.count()
    if not count:
        return StepStatus(
            "todo",
            _("Nobody takes part in an intervision group on behalf of your organisation yet."),
        )
    now = timezone.now()
    meetings = Meeting.objects.filter(group__in=groups)
    held = meetings.filter(starts_at__lte=now, starts_at__gte=now - RECENT).aggregate(
        last=Max("starts_at")
    )["last"]
    upcoming = meetings.filter(starts_at__gt=now).aggregate(next=Min("starts_at"))["next"]
    summary = ngettext(
        "Your organisation takes part in %(count)d intervision group.",
        "Your organisation takes part in %(count)d intervision groups.",
        count,
    ) % {"count": count}
    if held:
        summary += " " + _("The last meeting was on %(date)s.") % {"date": _day(held)}
    else:
        summary += " " + _("None of them met in the last twelve months.")
    if upcoming:
        summary += " " + _("The next meeting is on %(date)s.") % {"date": _day(upcoming)}
    return StepStatus("done" if held else "started", summary)


# Step 5 (gain knowledge) reports from its own module; core finds this one by name.
from . import step_status_library  # noqa: E402, F401
