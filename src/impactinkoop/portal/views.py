"""The organisation's own pages: its home, the steps of the approach, the audit log and jobs."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from impactinkoop.accounts.roles import Permission, Role
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.background import (
    may_retry,
    reap_expired_jobs,
    retry_job,
    start_job,
    visible_kinds,
)
from impactinkoop.core.filters import AuditEntryFilter
from impactinkoop.core.home import panels_for
from impactinkoop.core.models import AuditEntry, Job
from impactinkoop.core.steps import STEPS, STEPS_BY_SLUG, status_for

from .jobs import AUDIT_EXPORT


@organisation_view()
@require_GET
def organisation_home(request):
    organisation = request.organisation
    reap_expired_jobs(organisation)
    # Members who see the figures run (or follow) the programme and get the seven steps; a
    # requester gets a home page for buying: the search box and their own requests.
    programme = request.membership.has_permission(Permission.VIEW_SPEND)
    steps = [(step, status_for(step, organisation)) for step in STEPS] if programme else []
    members = (
        organisation.memberships.active().select_related("user").order_by("role", "user__email")
    )
    roles_present = {membership.role for membership in members}
    can_audit = request.membership.has_permission(Permission.VIEW_AUDIT)
    context = {
        "programme": programme,
        "steps_with_status": steps,
        "home_panels": panels_for(request, programme=programme),
        "member_count": len(members),
        "missing_roles": [
            Role(role).label for role in (Role.COORDINATOR, Role.ADMIN) if role not in roles_present
        ],
        "recent_entries": (
            AuditEntry.objects.for_organisation(organisation).select_related("actor")[:8]
            if can_audit
            else []
        ),
        "open_jobs": Job.objects.for_organisation(organisation)
        .unfinished()
        .filter(kind__in=visible_kinds(request.membership))
        .defer("output")[:5],
    }
    return render(request, "portal/organisation_home.html", context)


@organisation_view()
@require_GET
def step_detail(request, step_slug: str):
    step = STEPS_BY_SLUG.get(step_slug)
    if step is None:
        raise Http404
    tools = [(tool, tool.url(request.organisation)) for tool in step.tools]
    context = {
        "step": step,
        "tools": tools,
        "status": status_for(step, request.organisation),
        "previous_step": STEPS[step.number - 2] if step.number > 1 else None,
        "next_step": STEPS[step.number] if step.number < len(STEPS) else None,
    }
    return render(request, "portal/step_detail.html", context)


@organisation_view(Permission.VIEW_AUDIT)
@require_GET
def audit_log(request):
    entries = AuditEntry.objects.for_organisation(request.organisation).select_related("actor")
    audit_filter = AuditEntryFilter(request.GET or None, queryset=entries)
    page = Paginator(audit_filter.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": audit_filter,
        "page": page,
        "query": query.urlencode(),
        "can_export": request.membership.has_permission(Permission.EXPORT_AUDIT),
    }
    return render(request, "portal/audit_log.html", context)


@organisation_view(Permission.EXPORT_AUDIT)
@require_POST
def audit_export(request):
    audit_filter = AuditEntryFilter(request.POST)
    if not audit_filter.is_valid():
        return render(
            request,
            "portal/audit_log.html",
            {"filter": audit_filter, "page": None, "query": "", "can_export": True},
            status=400,
        )
    filters = {
        key: value for key, value in request.POST.items() if key in audit_filter.filters and value
    }
    job = start_job(
        organisation=request.organisation,
        kind=AUDIT_EXPORT,
        title=_("Audit log export"),
        actor=request.user,
        params={"filters": filters},
    )
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


@organisation_view(Permission.VIEW_JOBS)
@require_GET
def job_list(request):
    reap_expired_jobs(request.organisation)
    jobs = (
        Job.objects.for_organisation(request.organisation)
        .filter(kind__in=visible_kinds(request.membership))
        .select_related("created_by")
    )
    page = Paginator(jobs.defer("output", "log"), 25).get_page(request.GET.get("page"))
    return render(request, "portal/job_list.html", {"page": page})


def _visible_job(request, pk: int) -> Job:
    """A job of the organisation that the member started or whose kind their role may see; any
    other is a 404. Members without `jobs.view` (viewers) so follow their own downloads."""
    reap_expired_jobs(request.organisation)
    visible = Q(kind__in=visible_kinds(request.membership)) | Q(created_by=request.user)
    return get_for_organisation(request, Job.objects.defer("output").filter(visible), pk=pk)


# A job's own pages are open to every member; `_visible_job` decides which jobs they see.
@organisation_view()
@require_GET
def job_detail(request, pk: int):
    job = _visible_job(request, pk)
    return render(request, "portal/job_detail.html", {"job": job, "may_retry": may_retry(job)})


@organisation_view()
@require_POST
def job_retry(request, pk: int):
    """Start a failed job's work again, as a new job; the failed one stays in the list."""
    job = _visible_job(request, pk)
    again = retry_job(job, actor=request.user) if may_retry(job) else None
    if again is None:
        messages.error(
            request,
            _("This job cannot be started again: what it worked on has changed since."),
        )
        return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
    return redirect("portal:job", org_slug=request.organisation.slug, pk=again.pk)


@organisation_view()
@require_GET
def job_status(request, pk: int):
    job = _visible_job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "finished": job.is_finished,
        }
    )


@organisation_view()
@require_GET
def job_download(request, pk: int):
    job = _visible_job(request, pk)
    content = Job.objects.filter(pk=job.pk).values_list("output", flat=True).first()
    if job.state != Job.State.SUCCEEDED or content is None:
        raise Http404
    response = HttpResponse(bytes(content), content_type=job.output_content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
    return response
