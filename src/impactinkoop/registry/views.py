"""Pages of the register: list, company, manual entry, the policy and the import wizard."""

from dataclasses import replace
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view, scoped
from impactinkoop.core.background import reap_expired_jobs
from impactinkoop.core.imports import EDITABLE, ImportState
from impactinkoop.core.imports.lifecycle import ImportBusy
from impactinkoop.core.mapping import MappingError
from impactinkoop.core.models import AuditEntry, StoredFile
from impactinkoop.core.parsing import parse_date
from impactinkoop.core.tabular import Table, TableError
from impactinkoop.core.uploads import evidence_response

from .filters import CompanyFilter
from .forms import (
    CompanyForm,
    ImportStartForm,
    MappingForm,
    PolicyForm,
    QualificationChangeForm,
    QualificationForm,
)
from .importing import check_options
from .jobs import options_for
from .models import Company, Qualification, RegisterImport
from .policy import accepted_keys, social_enterprise_ids, verdict
from .services import (
    add_qualification,
    cancel_import,
    commit_import,
    create_company,
    create_import,
    may_edit_company,
    may_edit_qualification,
    set_policy,
    start_check,
    update_company,
    update_qualification,
)
from .sources import SOURCE_DESCRIPTIONS, Source, all_policy_keys


def _visible_qualifications(organisation):
    return Qualification.objects.visible_to(organisation).select_related("organisation")


@organisation_view(Permission.VIEW_REGISTER)
@require_GET
def company_list(request):
    organisation = request.organisation
    company_filter = CompanyFilter(
        request.GET or None, queryset=Company.objects.all(), organisation=organisation
    )
    today = timezone.localdate()
    companies = company_filter.qs.prefetch_related(
        Prefetch(
            "qualifications",
            queryset=_visible_qualifications(organisation).valid_on(today),
            to_attr="current_qualifications",
        )
    )
    page = Paginator(companies, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": company_filter,
        "page": page,
        "query": query.urlencode(),
        "social_ids": social_enterprise_ids(organisation, today),
        "can_manage": request.membership.has_permission(Permission.MANAGE_REGISTER),
        "can_import": request.membership.has_permission(Permission.IMPORT_REGISTER),
    }
    return render(request, "registry/company_list.html", context)


@organisation_view(Permission.VIEW_REGISTER)
@require_GET
def company_detail(request, pk: int):
    organisation = request.organisation
    company = get_object_or_404(Company, pk=pk)
    day = timezone.localdate()
    if request.GET.get("on"):
        try:
            day = parse_date(request.GET["on"])
        except ValueError as error:
            messages.error(request, str(error))
    # Public changes and this organisation's own; never another organisation's.
    trail = AuditEntry.objects.for_object(company).filter(
        Q(organisation__isnull=True) | Q(organisation=organisation)
    )[:100]
    context = {
        "company": company,
        "verdict": verdict(company, organisation, day),
        "day": day,
        "qualifications": _visible_qualifications(organisation)
        .filter(company=company)
        .select_related("verified_by", "evidence_file"),
        "trail": trail,
        "can_edit": may_edit_company(request.user, organisation, company)
        and request.membership.has_permission(Permission.MANAGE_REGISTER),
        "can_manage": request.membership.has_permission(Permission.MANAGE_REGISTER),
    }
    return render(request, "registry/company_detail.html", context)


@organisation_view(Permission.MANAGE_REGISTER)
@require_http_methods(["GET", "POST"])
def company_create(request):
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        company = form.save(commit=False)
        create_company(
            actor=request.user,
            organisation=request.organisation,
            company=company,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("%(name)s has been added.") % {"name": company.name})
        return redirect("registry:company", org_slug=request.organisation.slug, pk=company.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/company_form.html", {"form": form}, status=status)


@organisation_view(Permission.MANAGE_REGISTER)
@require_http_methods(["GET", "POST"])
def company_edit(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    if not may_edit_company(request.user, request.organisation, company):
        raise PermissionDenied
    form = CompanyForm(
        request.POST or None, instance=company, initial={"kvk_number": company.kvk_number or ""}
    )
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f != "reason"}
        try:
            update_company(
                actor=request.user,
                organisation=request.organisation,
                company=company,
                changes=changes,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The company has been saved."))
            return redirect("registry:company", org_slug=request.organisation.slug, pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registry/company_form.html", {"form": form, "company": company}, status=status
    )


@organisation_view(Permission.MANAGE_REGISTER)
@require_http_methods(["GET", "POST"])
def qualification_create(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    form = QualificationForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"valid_from": timezone.localdate(), "source": Source.OWN_JUDGEMENT},
    )
    if request.method == "POST" and form.is_valid():
        qualification = form.save(commit=False)
        qualification.company = company
        try:
            add_qualification(
                actor=request.user,
                organisation=request.organisation,
                qualification=qualification,
                public=form.cleaned_data.get("public", False),
                evidence_upload=form.cleaned_data.get("evidence_upload"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The qualification has been added."))
            return redirect("registry:company", org_slug=request.organisation.slug, pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "company": company, "sources": SOURCE_DESCRIPTIONS.items()}
    return render(request, "registry/qualification_form.html", context, status=status)


@organisation_view(Permission.MANAGE_REGISTER)
@require_http_methods(["GET", "POST"])
def qualification_edit(request, pk: int):
    qualification = get_object_or_404(
        Qualification.objects.visible_to(request.organisation).select_related("company"), pk=pk
    )
    if not may_edit_qualification(request.user, request.organisation, qualification):
        raise PermissionDenied
    form = QualificationChangeForm(
        request.POST or None, request.FILES or None, instance=qualification
    )
    if request.method == "POST" and form.is_valid():
        changes = {
            f: form.cleaned_data[f]
            for f in form.changed_data
            if f in ("valid_until", "evidence_url")
        }
        try:
            update_qualification(
                actor=request.user,
                organisation=request.organisation,
                qualification=qualification,
                changes=changes,
                reason=form.cleaned_data["change_reason"],
                evidence_upload=form.cleaned_data.get("evidence_upload"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The qualification has been saved."))
            return redirect(
                "registry:company", org_slug=request.organisation.slug, pk=qualification.company_id
            )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "qualification": qualification, "company": qualification.company}
    return render(request, "registry/qualification_change.html", context, status=status)


@organisation_view(Permission.VIEW_REGISTER)
@require_GET
def evidence(request, pk: int):
    qualification = get_object_or_404(Qualification.objects.visible_to(request.organisation), pk=pk)
    if qualification.evidence_file_id is None:
        raise Http404
    return evidence_response(StoredFile.objects.get(pk=qualification.evidence_file_id))


@organisation_view(Permission.VIEW_REGISTER)
@require_http_methods(["GET", "POST"])
def policy(request):
    organisation = request.organisation
    can_edit = request.membership.has_permission(Permission.EDIT_POLICY)
    form = PolicyForm(
        request.POST or None, initial={"accepted": sorted(accepted_keys(organisation))}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            set_policy(
                actor=request.user,
                organisation=organisation,
                accepted=form.cleaned_data["accepted"],
            )
            messages.success(request, _("The policy has been saved."))
            return redirect("registry:policy", org_slug=organisation.slug)
    context = {
        "form": form,
        "can_edit": can_edit,
        "sources": SOURCE_DESCRIPTIONS.items(),
        "keys": all_policy_keys(),
        "accepted": accepted_keys(organisation),
        "social_count": len(social_enterprise_ids(organisation, timezone.localdate())),
    }
    return render(request, "registry/policy.html", context)


# The import wizard: upload -> map columns -> review what will change -> commit (a job).


def _imports(request):
    return scoped(request, RegisterImport.objects.select_related("file", "job"), "started_in")


@organisation_view(Permission.IMPORT_REGISTER)
@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ImportStartForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            register_import = create_import(
                actor=request.user,
                organisation=request.organisation,
                public=form.cleaned_data.get("public", False),
                upload=form.cleaned_data["file"],
                sheet=form.cleaned_data["sheet"],
                source=form.cleaned_data["source"],
                level=form.cleaned_data["level"],
                region=form.cleaned_data["region"],
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except TableError as error:
            form.add_error("file", str(error))
        else:
            return redirect(
                "registry:import_mapping", org_slug=request.organisation.slug, pk=register_import.pk
            )
    status = 400 if request.method == "POST" else 200
    recent = _imports(request).defer("preview", "summary")[:10]
    return render(
        request, "registry/import_start.html", {"form": form, "recent": recent}, status=status
    )


def _stay(request, pk: int, error: ImportBusy):
    messages.error(request, str(error))
    return redirect("registry:import_review", org_slug=request.organisation.slug, pk=pk)


@organisation_view(Permission.IMPORT_REGISTER)
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk: int):
    register_import = get_object_or_404(_imports(request), pk=pk)
    if register_import.state not in EDITABLE or not register_import.preview:
        return redirect("registry:import_review", org_slug=request.organisation.slug, pk=pk)
    table = Table.from_json(register_import.preview)
    initial = {f"map_{name}": column for name, column in register_import.mapping.items()}
    initial["allow_rejected"] = register_import.allow_rejected
    initial["valid_from"] = register_import.valid_from
    form = MappingForm(request.POST or None, columns=table.columns, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check_options(replace(options_for(register_import), mapping=form.mapping()), table)
        except MappingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            try:
                job = start_check(
                    actor=request.user,
                    register_import=register_import,
                    mapping=form.mapping(),
                    allow_rejected=form.cleaned_data["allow_rejected"],
                    valid_from=form.cleaned_data["valid_from"],
                )
            except ImportBusy as error:
                return _stay(request, pk, error)
            return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
    context = {
        "register_import": register_import,
        "form": form,
        "table": table,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/import_mapping.html", context, status=status)


@organisation_view(Permission.IMPORT_REGISTER)
@require_GET
def import_review(request, pk: int):
    reap_expired_jobs(request.organisation)
    register_import = get_object_or_404(_imports(request), pk=pk)
    if register_import.state in (ImportState.UPLOADED, ImportState.CHECKED) and (
        register_import.summary is None
    ):
        return redirect("registry:import_mapping", org_slug=request.organisation.slug, pk=pk)
    earlier = (
        _imports(request)
        .filter(file__sha256=register_import.file.sha256, state=ImportState.COMMITTED)
        .exclude(pk=pk)
        .first()
    )
    summary = register_import.summary or {}
    context = {
        "register_import": register_import,
        "summary": register_import.summary,
        "earlier": earlier,
        "default_valid_from": (
            date.fromisoformat(summary["default_valid_from"])
            if summary.get("default_valid_from")
            else None
        ),
    }
    return render(request, "registry/import_review.html", context)


@organisation_view(Permission.IMPORT_REGISTER)
@require_POST
def import_commit(request, pk: int):
    register_import = get_object_or_404(_imports(request), pk=pk)
    if register_import.organisation is None and not request.user.is_staff:
        raise PermissionDenied
    if register_import.state == ImportState.CHECKED and register_import.summary.get("blocked"):
        messages.error(
            request, _("Rows were rejected: fix the file or choose to import the valid rows only.")
        )
        return redirect("registry:import_mapping", org_slug=request.organisation.slug, pk=pk)
    try:
        job = commit_import(actor=request.user, register_import=register_import)
    except ImportBusy as error:
        return _stay(request, pk, error)
    return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)


@organisation_view(Permission.IMPORT_REGISTER)
@require_POST
def import_cancel(request, pk: int):
    register_import = get_object_or_404(_imports(request), pk=pk)
    try:
        cancel_import(actor=request.user, register_import=register_import)
    except ImportBusy as error:
        return _stay(request, pk, error)
    messages.success(request, _("The import was cancelled; nothing was changed."))
    return redirect("registry:import_start", org_slug=request.organisation.slug)
