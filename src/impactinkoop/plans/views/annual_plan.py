"""The annual plan: actions with an owner, a department and a due date, on screen and as a PDF.
Budget holders add and change the actions of their own department."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.models import Department
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.pdf import pdf_response

from .. import progress, services
from ..forms import ActionForm
from ..models import Action, Goal, TeamMember
from .base import form_page, may_manage, to


def _year(request) -> int:
    value = request.GET.get("year") or timezone.localdate().year
    try:
        year = int(value)
    except ValueError as error:
        raise Http404(_("Not a year.")) from error
    if not 2000 <= year <= 2100:
        raise Http404(_("Not a year."))
    return year


def _plan_context(request, year: int) -> dict:
    organisation, today = request.organisation, timezone.localdate()
    actions = (
        Action.objects.for_organisation(organisation)
        .filter(due__year=year)
        .select_related("goal", "owner", "department")
    )
    department = request.GET.get("department")
    if department and department.isdigit():
        actions = actions.filter(department_id=int(department))
    rows = [(action, action.is_overdue(today)) for action in actions]
    goals = (
        Goal.objects.for_organisation(organisation)
        .filter(Q(deadline__year__gte=year) | Q(actions__due__year=year))
        .distinct()
    )
    return {
        "year": year,
        "rows": rows,
        "overdue_count": sum(1 for _action, overdue in rows if overdue),
        "goals": [progress.progress(goal, today) for goal in goals],
        "team": TeamMember.objects.for_organisation(organisation),
        "today": today,
    }


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def actions(request):
    year = _year(request)
    context = _plan_context(request, year)
    membership = request.membership
    context.update(
        {
            "years": (year - 1, year + 1),
            "may_add": services.may_edit_action(membership, None),
            "editable": {
                action.pk
                for action, _o in context["rows"]
                if services.may_edit_action(membership, action)
            },
            "departments": Department.objects.for_organisation(request.organisation),
        }
    )
    return render(request, "plans/actions.html", context)


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def plan_pdf(request):
    year = _year(request)

    def context():
        return {**_plan_context(request, year), "organisation": request.organisation}

    return pdf_response(
        request, "plans/plan_pdf.html", context, f"annual-plan-{request.organisation.slug}-{year}"
    )


@organisation_view(Permission.EDIT_ACTIONS)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int | None = None):
    action = get_for_organisation(request, Action, pk=pk) if pk else None
    membership = request.membership
    if not services.may_edit_action(membership, action):
        raise PermissionDenied
    own = None if may_manage(request) else membership.department
    initial = {"due": date(timezone.localdate().year, 12, 31)} if action is None else None
    form = ActionForm(
        request.POST or None,
        instance=action,
        initial=initial,
        organisation=request.organisation,
        department=own,
    )
    if request.method == "POST" and form.is_valid():
        action = services.save_object(
            form, actor=request.user, organisation=request.organisation, action="plan.action"
        )
        messages.success(request, _("The action is saved."))
        return redirect(f"{to(request, 'actions').url}?year={action.due.year}")
    return form_page(request, form, "plans/action_form.html", {"action": action})


@organisation_view(Permission.EDIT_ACTIONS)
@require_POST
def action_delete(request, pk: int):
    action = get_for_organisation(request, Action, pk=pk)
    if not services.may_edit_action(request.membership, action):
        raise PermissionDenied
    services.delete_object(
        action, actor=request.user, organisation=request.organisation, action="plan.action"
    )
    messages.success(request, _("The action is deleted."))
    return to(request, "actions")
