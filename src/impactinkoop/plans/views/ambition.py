"""Ambition-web sessions: a level per theme, shown as a radar chart, compared, and on paper."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core import charts
from impactinkoop.core.pdf import pdf_response

from .. import services
from ..forms import CompareForm, SessionForm
from ..models import AmbitionSession, Theme
from ..themes import LEVELS, MAX_LEVEL
from .base import delete, form_page, may_manage, to


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
    organisation = request.organisation
    context = {
        "sessions": AmbitionSession.objects.for_organisation(organisation).select_related(
            "department", "category"
        ),
        "compare_form": CompareForm(organisation=organisation),
        "may_manage": may_manage(request),
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
        return to(request, "session", session.pk)
    return form_page(request, form, "plans/session_form.html", {"session": session})


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
    context["may_manage"] = may_manage(request)
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


@organisation_view(Permission.MANAGE_PLAN)
@require_POST
def session_delete(request, pk: int):
    return delete(
        request,
        AmbitionSession,
        pk,
        action="plan.session",
        back="sessions",
        message=_("“%(name)s” is deleted."),
    )
