"""The MVOI team: sponsor, coordinator, team members and ambassadors."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view

from .. import services
from ..forms import TeamMemberForm
from ..models import TeamMember
from .base import may_manage, simple_edit, to


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def team(request):
    members = TeamMember.objects.for_organisation(request.organisation)
    context = {
        "groups": [
            (part, label, [member for member in members if member.part == part])
            for part, label in TeamMember.Part.choices
        ],
        "may_manage": may_manage(request),
    }
    return render(request, "plans/team.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int | None = None):
    return simple_edit(
        request,
        TeamMember,
        TeamMemberForm,
        pk,
        action="plan.team_member",
        template="plans/team_form.html",
        back="team",
    )


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def team_delete(request, pk: int):
    member = get_for_organisation(request, TeamMember, pk=pk)
    services.delete_object(
        member, actor=request.user, organisation=request.organisation, action="plan.team_member"
    )
    messages.success(request, _("%(name)s is no longer in the team.") % {"name": member.name})
    return to(request, "team")
