"""Where an organisation stands in step 6 (annual plan), as far as its team tells."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.steps import StepStatus, register_step_status

from .roles import Role


@register_step_status("annual-plan")
def team_status(organisation) -> StepStatus:
    roles = set(organisation.memberships.values_list("role", flat=True))
    members = organisation.memberships.count()
    summary = ngettext(
        "%(count)d member in %(roles)d roles.", "%(count)d members in %(roles)d roles.", members
    ) % {"count": members, "roles": len(roles)}
    if Role.COORDINATOR not in roles:
        return StepStatus("todo", summary + " " + _("Nobody is MVI coordinator yet."))
    if len(roles) < 3:
        return StepStatus("started", summary + " " + _("Invite the buyers and budget holders."))
    return StepStatus("started", summary)
