"""The plan's pages. Everyone in the organisation reads them; coordinators and administrators
change them; budget holders plan the actions of their own department."""

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
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view, scoped
from impactinkoop.core import charts
from impactinkoop.core.numbers import whole
from impactinkoop.core.pdf import pdf_response
from impactinkoop.core.uploads import evidence_response
from impactinkoop.spend.models import Category

from . import progress, services, step_plans
from .forms import (
    ActionForm,
    CompareForm,
    GoalForm,
    MatrixForm,
    OwnThemeForm,
    PassageForm,
    PolicyDocumentForm,
    ProgressEntryForm,
    SessionForm,
    StepCheckForm,
    TeamMemberForm,
    ThemeChoiceForm,
)
from .models import (
    Action,
    AmbitionSession,
    CategoryThemeException,
    Goal,
    KeyPassage,
    PolicyDocument,
    ProgressEntry,
    StepCheck,
    TeamMember,
    Theme,
    ThemeChoice,
)
from .templatetags.plan_values import WHOLE_METRICS
from .themes import LEVELS, MAX_LEVEL, SDGS


def _may_manage(request) -> bool:
    return request.membership.has_permission(Permission.MANAGE_PLAN)


def _to(request, name: str, *args):
    return redirect(f"plans:{name}", request.organisation.slug, *args)


def _form_page(request, form, template: str, context: dict | None = None):
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


# -- overview --------------------------------------------------------------------------------


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def overview(request):
    organisation, today = request.organisation, timezone.localdate()
    goals = scoped(request, Goal).select_related("theme", "owner")
    open_actions = scoped(request, Action).filter(
        status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS]
    )
    context = {
        "themes": ThemeChoice.objects.filter(organisation=organisation).select_related("theme"),
        "progresses": [progress.progress(goal, today) for goal in goals],
        "overdue": open_actions.filter(due__lt=today).select_related("owner", "department"),
        "open_count": open_actions.count(),
        "sponsor": scoped(request, TeamMember).filter(part=TeamMember.Part.SPONSOR).first(),
        "team_count": scoped(request, TeamMember).count(),
        "done_counts": step_plans.done_counts(organisation),
        "session_count": scoped(request, AmbitionSession).count(),
        "may_manage": _may_manage(request),
    }
    return render(request, "plans/overview.html", context)


# -- themes ----------------------------------------------------------------------------------


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def themes(request):
    organisation = request.organisation
    choices = {
        choice.theme_id: choice for choice in ThemeChoice.objects.filter(organisation=organisation)
    }
    rows = [
        (theme, choices.get(theme.pk), [(number, SDGS.get(number, "")) for number in theme.sdgs])
        for theme in Theme.objects.visible_to(organisation)
    ]
    context = {"rows": rows, "may_manage": _may_manage(request)}
    return render(request, "plans/themes.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def theme_choose(request, pk: int):
    theme = _theme(request, pk)
    form = ThemeChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return _to(request, "themes")
    if request.POST.get("drop"):
        services.drop_theme(request.organisation, theme, actor=request.user)
        messages.success(request, _("“%(theme)s” is no longer chosen.") % {"theme": theme.label})
    else:
        services.choose_theme(
            request.organisation, theme, reason=form.cleaned_data["reason"], actor=request.user
        )
        messages.success(request, _("“%(theme)s” is chosen.") % {"theme": theme.label})
    return _to(request, "themes")


def _theme(request, pk: int) -> Theme:
    theme = Theme.objects.visible_to(request.organisation).filter(pk=pk).first()
    if theme is None:
        raise Http404
    return theme


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def theme_edit(request, pk: int | None = None):
    theme = get_for_organisation(request, Theme, pk=pk) if pk else None
    form = OwnThemeForm(request.POST or None, instance=theme, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        services.save_object(
            form, actor=request.user, organisation=request.organisation, action="plan.theme"
        )
        messages.success(request, _("The theme is saved."))
        return _to(request, "themes")
    return _form_page(request, form, "plans/theme_form.html", {"theme": theme})


# -- category theme matrix ("MVI, tenzij") --------------------------------------------------


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def matrix(request):
    themes_in_use = Theme.objects.in_use(request.organisation)
    exceptions: dict[tuple[int, int], str] = {
        (row.category_id, row.theme_id): row.reason
        for row in CategoryThemeException.objects.filter(organisation=request.organisation)
    }
    rows = [
        (category, [(theme, exceptions.get((category.pk, theme.pk))) for theme in themes_in_use])
        for category in scoped(request, Category).order_by("name")
    ]
    context = {"themes": themes_in_use, "rows": rows, "may_manage": _may_manage(request)}
    return render(request, "plans/matrix.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def matrix_row(request, pk: int):
    category = get_for_organisation(request, Category, pk=pk)
    current = dict(
        CategoryThemeException.objects.filter(
            organisation=request.organisation, category=category
        ).values_list("theme_id", "reason")
    )
    form = MatrixForm(
        request.POST or None, themes=Theme.objects.in_use(request.organisation), exceptions=current
    )
    if request.method == "POST" and form.is_valid():
        services.save_matrix_row(
            request.organisation, category, form.exceptions(), actor=request.user
        )
        messages.success(
            request, _("The themes of “%(category)s” are saved.") % {"category": category}
        )
        return _to(request, "matrix")
    return _form_page(request, form, "plans/matrix_row.html", {"category": category})


# -- ambition web ----------------------------------------------------------------------------


def _radar(sessions: list[AmbitionSession], title: str):
    """The chart and its table: one row per theme, one level column per session."""
    themes_seen: dict[int, Theme] = {}
    levels: list[dict[int, int]] = []
    for session in sessions:
        scores = {score.theme_id: score for score in session.scores.select_related("theme")}
        for score in scores.values():
            themes_seen.setdefault(score.theme_id, score.theme)
        levels.append({theme_id: score.level for theme_id, score in scores.items()})
    ordered = sorted(themes_seen.values(), key=lambda theme: (theme.position, str(theme.label)))
    series = [
        (f"{session.title} ({session.held_on:%d-%m-%Y})", [lv.get(t.pk, 0) for t in ordered])
        for session, lv in zip(sessions, levels, strict=True)
    ]
    chart = charts.radar([str(t.label) for t in ordered], series, MAX_LEVEL, title)
    table = [(theme, [lv.get(theme.pk, 0) for lv in levels]) for theme in ordered]
    return {"chart": chart, "table": table, "series": series, "level_names": LEVELS}


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def sessions(request):
    form = CompareForm(organisation=request.organisation)
    context = {
        "sessions": scoped(request, AmbitionSession).select_related("department", "category"),
        "compare_form": form,
        "may_manage": _may_manage(request),
    }
    return render(request, "plans/sessions.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int | None = None):
    session = get_for_organisation(request, AmbitionSession, pk=pk) if pk else None
    form = SessionForm(
        request.POST or None,
        instance=session,
        organisation=request.organisation,
        themes=Theme.objects.in_use(request.organisation),
    )
    if request.method == "POST" and form.is_valid():
        session = services.save_session(form, actor=request.user, organisation=request.organisation)
        messages.success(request, _("The session is saved."))
        return _to(request, "session", session.pk)
    return _form_page(request, form, "plans/session_form.html", {"session": session})


def _session_context(request, pk: int) -> dict:
    session = get_for_organisation(
        request, AmbitionSession.objects.select_related("department", "category"), pk=pk
    )
    title = _("Ambition web: %(title)s") % {"title": session.title}
    notes = session.scores.exclude(note="").select_related("theme")
    return {"session": session, "notes": notes, "title": title, **_radar([session], title)}


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def session_detail(request, pk: int):
    context = _session_context(request, pk)
    context["may_manage"] = _may_manage(request)
    return render(request, "plans/session_detail.html", context)


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def session_pdf(request, pk: int):
    get_for_organisation(request, AmbitionSession, pk=pk)  # 404 before any work

    def context():
        return {**_session_context(request, pk), "organisation": request.organisation}

    return pdf_response(
        request, "plans/radar_pdf.html", context, f"ambition-web-{request.organisation.slug}-{pk}"
    )


def _compare_context(request) -> dict:
    form = CompareForm(request.GET, organisation=request.organisation)
    if not form.is_valid():
        return {"compare_form": form}
    first, second = form.cleaned_data["first"], form.cleaned_data["second"]
    title = _("Ambition web: %(first)s compared with %(second)s") % {
        "first": first.title,
        "second": second.title,
    }
    return {
        "compare_form": form,
        "first": first,
        "second": second,
        "title": title,
        **_radar([first, second], title),
    }


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def session_compare(request):
    context = _compare_context(request)
    status = 200 if "chart" in context else 400
    return render(request, "plans/session_compare.html", context, status=status)


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def session_compare_pdf(request):
    if "chart" not in _compare_context(request):
        raise Http404(_("Choose two different sessions."))

    def context():
        return {**_compare_context(request), "organisation": request.organisation}

    return pdf_response(
        request, "plans/radar_pdf.html", context, f"ambition-web-{request.organisation.slug}"
    )


# -- goals -----------------------------------------------------------------------------------


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def goals(request):
    today = timezone.localdate()
    goal_list = scoped(request, Goal).select_related("theme", "owner")
    context = {
        "progresses": [progress.progress(goal, today) for goal in goal_list],
        "official": progress.official_baseline(request.organisation),
        "may_manage": _may_manage(request),
    }
    return render(request, "plans/goals.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int | None = None):
    goal = get_for_organisation(request, Goal, pk=pk) if pk else None
    form = GoalForm(request.POST or None, instance=goal, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        goal = services.save_object(
            form, actor=request.user, organisation=request.organisation, action="plan.goal"
        )
        messages.success(request, _("The goal is saved."))
        return _to(request, "goal", goal.pk)
    context = {"goal": goal, "official": progress.official_baseline(request.organisation)}
    return _form_page(request, form, "plans/goal_form.html", context)


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
        if not (entered and _may_manage(request)):
            raise PermissionDenied
        if form.is_valid():
            services.add_progress(goal, form.cleaned_data, actor=request.user)
            messages.success(request, _("The measurement is saved."))
            return _to(request, "goal", goal.pk)
    result = progress.progress(goal, timezone.localdate())
    context = {
        "goal": goal,
        "result": result,
        "chart": goal_chart(result) if result.points else None,
        "entries": goal.entries.select_related("entered_by", "file"),
        "entered": entered,
        "passages": goal.passages.select_related("document"),
        "actions": goal.actions.select_related("owner"),
        "may_manage": _may_manage(request),
    }
    return _form_page(request, form, "plans/goal_detail.html", context)


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


# -- annual plan -----------------------------------------------------------------------------


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
    today = timezone.localdate()
    actions = (
        scoped(request, Action).filter(due__year=year).select_related("goal", "owner", "department")
    )
    department = request.GET.get("department")
    if department and department.isdigit():
        actions = actions.filter(department_id=int(department))
    rows = [(action, action.is_overdue(today)) for action in actions]
    return {
        "year": year,
        "rows": rows,
        "overdue_count": sum(1 for _action, overdue in rows if overdue),
        "goals": [
            progress.progress(goal, today)
            for goal in scoped(request, Goal)
            .filter(Q(deadline__year__gte=year) | Q(actions__due__year=year))
            .distinct()
        ],
        "team": scoped(request, TeamMember),
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
            "departments": scoped(request, Department),
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
    own = None if _may_manage(request) else membership.department
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
        return redirect(f"{_to(request, 'actions').url}?year={action.due.year}")
    return _form_page(request, form, "plans/action_form.html", {"action": action})


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
    return _to(request, "actions")


# -- the two step plans ----------------------------------------------------------------------


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def checklists(request):
    plans = [
        (plan, StepCheck.Plan(plan).label, step_plans.checklist(request.organisation, plan))
        for plan in step_plans.PLANS
    ]
    context = {"plans": plans, "may_manage": _may_manage(request)}
    return render(request, "plans/checklists.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def checklist_step(request, plan: str, number: int):
    if plan not in step_plans.PLANS or not 1 <= number <= len(step_plans.PLANS[plan]):
        raise Http404
    form = StepCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note may be at most 300 characters."))
        return _to(request, "checklists")
    services.set_step(
        request.organisation,
        plan,
        number,
        done=form.cleaned_data["done"],
        note=form.cleaned_data["note"],
        actor=request.user,
    )
    messages.success(request, _("The checklist is saved."))
    return redirect(f"{_to(request, 'checklists').url}#{plan}-{number}")


# -- team and policy documents ---------------------------------------------------------------


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def team(request):
    members = scoped(request, TeamMember)
    context = {
        "groups": [
            (part, label, [member for member in members if member.part == part])
            for part, label in TeamMember.Part.choices
        ],
        "may_manage": _may_manage(request),
    }
    return render(request, "plans/team.html", context)


def _simple_edit(request, model, form_class, pk, *, action: str, template: str, back: str):
    obj = get_for_organisation(request, model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        services.save_object(
            form, actor=request.user, organisation=request.organisation, action=action
        )
        messages.success(request, _("Saved."))
        return _to(request, back)
    return _form_page(request, form, template, {"object": obj})


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int | None = None):
    return _simple_edit(
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
    return _to(request, "team")


@organisation_view(Permission.VIEW_PLAN)
@require_GET
def documents(request):
    context = {
        "documents": scoped(request, PolicyDocument).prefetch_related("passages__goals"),
        "may_manage": _may_manage(request),
    }
    return render(request, "plans/documents.html", context)


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int | None = None):
    return _simple_edit(
        request,
        PolicyDocument,
        PolicyDocumentForm,
        pk,
        action="plan.document",
        template="plans/document_form.html",
        back="documents",
    )


@organisation_view(Permission.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def passage_edit(request, pk: int, passage: int | None = None):
    document = get_for_organisation(request, PolicyDocument, pk=pk)
    instance = KeyPassage.objects.filter(document=document, pk=passage).first() if passage else None
    if passage and instance is None:
        raise Http404
    form = PassageForm(request.POST or None, instance=instance, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        form.instance.document = document
        services.save_object(
            form, actor=request.user, organisation=request.organisation, action="plan.passage"
        )
        messages.success(request, _("The passage is saved."))
        return _to(request, "documents")
    return _form_page(request, form, "plans/passage_form.html", {"document": document})


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def passage_delete(request, pk: int, passage: int):
    document = get_for_organisation(request, PolicyDocument, pk=pk)
    instance = KeyPassage.objects.filter(document=document, pk=passage).first()
    if instance is None:
        raise Http404
    services.delete_object(
        instance, actor=request.user, organisation=request.organisation, action="plan.passage"
    )
    messages.success(request, _("The passage is deleted."))
    return _to(request, "documents")


# -- deleting ----------------------------------------------------------------------------------


def _delete(request, model, pk: int, *, action: str, back: str, message: str):
    obj = get_for_organisation(request, model, pk=pk)
    services.delete_object(
        obj, actor=request.user, organisation=request.organisation, action=action
    )
    messages.success(request, message % {"name": str(obj)})
    return _to(request, back)


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def goal_delete(request, pk: int):
    """Its measurements go with it; its actions stay, without a goal."""
    return _delete(
        request, Goal, pk, action="plan.goal", back="goals", message=_("“%(name)s” is deleted.")
    )


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def session_delete(request, pk: int):
    return _delete(
        request,
        AmbitionSession,
        pk,
        action="plan.session",
        back="sessions",
        message=_("“%(name)s” is deleted."),
    )


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def document_delete(request, pk: int):
    return _delete(
        request,
        PolicyDocument,
        pk,
        action="plan.document",
        back="documents",
        message=_("“%(name)s” is deleted."),
    )
