"""Writes on the register: companies, qualifications, policies and imports, each in one
transaction with an explicit audit entry that carries the reason the person gave."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from impactinkoop.core.audit import log_action, snapshot
from impactinkoop.core.imports import lifecycle
from impactinkoop.core.models import StoredFile

from .models import COMPANY_DETAILS, Company, Qualification, RegisterImport, RegisterPolicy
from .policy import accepted_keys, policy_changed

COMPANY_FIELDS = ["kvk_number", *COMPANY_DETAILS]
QUALIFICATION_FIELDS = [
    "source",
    "level",
    "region",
    "label",
    "valid_from",
    "valid_until",
    "evidence_url",
    "reason",
]


def may_edit_company(user, organisation, company: Company) -> bool:
    """Shared companies are kept by platform administrators; a company an organisation added
    itself may be corrected by that organisation."""
    return user.is_staff or (
        company.added_by_organisation_id is not None
        and company.added_by_organisation_id == organisation.pk
    )


def may_edit_qualification(user, organisation, qualification: Qualification) -> bool:
    if qualification.organisation_id is None:
        return user.is_staff
    return qualification.organisation_id == organisation.pk


def create_company(*, actor, organisation, company: Company, reason: str) -> Company:
    with transaction.atomic():
        company.added_by_organisation = None if actor.is_staff else organisation
        company.save()
        log_action(
            "register.company_created",
            actor=actor,
            organisation=organisation,
            obj=company,
            after={**snapshot(company, COMPANY_FIELDS), "reason": reason},
        )
    return company


def update_company(*, actor, organisation, company: Company, changes: dict, reason: str) -> Company:
    if not may_edit_company(actor, organisation, company):
        raise PermissionDenied
    with transaction.atomic():
        stored = Company.objects.select_for_update().get(pk=company.pk)
        before = {field: getattr(stored, field) for field in changes}
        for field, value in changes.items():
            setattr(stored, field, value)
        stored.full_clean()
        stored.save()
        log_action(
            "register.company_updated",
            actor=actor,
            organisation=organisation,
            obj=stored,
            before=before,
            after={**changes, "reason": reason},
        )
    return stored


def add_qualification(
    *, actor, organisation, qualification: Qualification, public: bool, evidence_upload=None
) -> Qualification:
    """An organisation's own qualification, or a public one when a platform administrator
    enters it. The person who enters it with evidence is recorded as having verified it."""
    if public and not actor.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        qualification.organisation = None if public else organisation
        qualification.origin = Qualification.Origin.MANUAL
        if evidence_upload is not None:
            qualification.evidence_file = _store_evidence(
                evidence_upload, organisation, actor, public
            )
        if qualification.evidence_url or qualification.evidence_file_id:
            qualification.verified_by = actor
            qualification.verified_at = timezone.now()
        qualification.full_clean()
        qualification.save()
        log_action(
            "register.qualification_added",
            actor=actor,
            organisation=None if public else organisation,
            obj=qualification.company,
            after=snapshot(qualification, QUALIFICATION_FIELDS),
        )
    return qualification


def update_qualification(
    *,
    actor,
    organisation,
    qualification: Qualification,
    changes: dict,
    reason: str,
    evidence_upload=None,
) -> Qualification:
    if not may_edit_qualification(actor, organisation, qualification):
        raise PermissionDenied
    with transaction.atomic():
        stored = Qualification.objects.select_for_update().get(pk=qualification.pk)
        before = {field: getattr(stored, field) for field in changes}
        for field, value in changes.items():
            setattr(stored, field, value)
        if evidence_upload is not None:
            stored.evidence_file = _store_evidence(
                evidence_upload, organisation, actor, stored.organisation_id is None
            )
            changes = {**changes, "evidence_file": stored.evidence_file.name}
        if evidence_upload is not None or "evidence_url" in changes:
            stored.verified_by = actor
            stored.verified_at = timezone.now()
        stored.full_clean()
        stored.save()
        log_action(
            "register.qualification_changed",
            actor=actor,
            organisation=stored.organisation,
            obj=stored.company,
            before=before,
            after={**changes, "reason": reason},
        )
    return stored


def _store_evidence(upload, organisation, actor, public: bool) -> StoredFile:
    data = upload.read()
    return StoredFile.from_bytes(
        data,
        name=upload.name,
        content_type=getattr(upload, "content_type", ""),
        organisation=None if public else organisation,
        uploaded_by=actor,
    )


def set_policy(*, actor, organisation, accepted: list[str]) -> RegisterPolicy:
    before = sorted(accepted_keys(organisation))
    with transaction.atomic():
        policy, _created = RegisterPolicy.objects.select_for_update().get_or_create(
            organisation=organisation, defaults={"accepted": [], "updated_by": actor}
        )
        policy.accepted = sorted(set(accepted))
        policy.updated_by = actor
        policy.save()
        log_action(
            "register.policy_changed",
            actor=actor,
            organisation=organisation,
            obj=policy,
            object_repr=str(organisation),
            before={"accepted": before},
            after={"accepted": policy.accepted},
        )
        policy_changed(organisation, actor=actor)
    return policy


def _register_imports():
    from .jobs import REGISTER_IMPORTS  # the kind registers its jobs when jobs.py loads

    return REGISTER_IMPORTS


def create_import(*, actor, organisation, public: bool, upload, sheet: str = "", **fields):
    """A register file uploaded in `organisation`'s pages: public register data when a
    platform administrator says so, else the organisation's own qualifications. Raises
    `TableError` for a file that cannot be read."""
    owner = None if public else organisation
    return lifecycle.create_from_upload(
        _register_imports(),
        upload,
        actor=actor,
        sheet=sheet,
        file_organisation=owner,
        organisation=owner,
        started_in=organisation,
        **fields,
    )


def start_check(
    *,
    actor,
    register_import: RegisterImport,
    mapping: dict,
    allow_rejected: bool,
    valid_from: date | None,
):
    """Store the mapping and the date the qualifications hold from, and check every row in the
    worker (a register file may be large)."""
    return lifecycle.start_check(
        _register_imports(),
        register_import,
        actor=actor,
        mapping=mapping,
        allow_rejected=allow_rejected,
        valid_from=valid_from,
    )


def commit_import(*, actor, register_import: RegisterImport):
    """Queue the import once; the job runs the same checks again and writes in one
    transaction. A second click or process is told the file is already being imported."""
    return lifecycle.start_commit(_register_imports(), register_import, actor=actor)


def cancel_import(*, actor, register_import: RegisterImport) -> None:
    lifecycle.cancel(_register_imports(), register_import, actor=actor)
