"""The organisation's tenders and contracts as OCDS (the format of TenderNed's open data), both
ways, through the plain records of `core.reference.ocds`.

Export: one procurement per tender (with the contract its award created) and one per contract
that no tender of ours created. The estimated value of a tender not yet published is left out
(the writer's `hide_unpublished_estimates`); MVI per theme, eForms codes and social return go in
our own extension, declared in the package.

Import: one tender per procurement that has a tender, one contract per OCDS contract, known again
by ocid (and contract id), so importing the same file twice changes nothing."""

import hashlib
import io
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import transaction

from impactinkoop.core.audit import log_action
from impactinkoop.core.imports.problems import MAX_LISTED_PROBLEMS, ProblemList
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.reference import ocds
from impactinkoop.spend import queries as spend_queries

from .models import Contract, Procedure, Tender, TenderTheme
from .services import rules_in_force

OCID_PREFIX = "ocds-impactinkoop"

STATUS_TO_OCDS = {
    Tender.Status.IDEA: "planning",
    Tender.Status.PREPARING: "planned",
    Tender.Status.PUBLISHED: "active",
    Tender.Status.AWARDED: "complete",
    Tender.Status.CANCELLED: "cancelled",
}
STATUS_FROM_OCDS = {
    "planning": Tender.Status.IDEA,
    "planned": Tender.Status.PREPARING,
    "active": Tender.Status.PUBLISHED,
    "complete": Tender.Status.AWARDED,
    "cancelled": Tender.Status.CANCELLED,
    "unsuccessful": Tender.Status.CANCELLED,
    "withdrawn": Tender.Status.CANCELLED,
}
METHOD_TO_OCDS = {
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.NEGOTIATED: "selective",
    Procedure.DIALOGUE: "selective",
    Procedure.MULTIPLE_QUOTES: "limited",
    Procedure.SINGLE_QUOTE: "direct",
}
METHOD_FROM_OCDS = {
    "open": Procedure.OPEN,
    "selective": Procedure.RESTRICTED,
    "limited": Procedure.MULTIPLE_QUOTES,
    "direct": Procedure.SINGLE_QUOTE,
}
HOW_TO_OCDS = {
    TenderTheme.How.SELECTION: "selectionCriterion",
    TenderTheme.How.REQUIREMENT: "requirement",
    TenderTheme.How.AWARD: "awardCriterion",
    TenderTheme.How.CONDITION: "contractCondition",
}
HOW_FROM_OCDS = {value: key for key, value in HOW_TO_OCDS.items()}


# -- export ------------------------------------------------------------------------------------


def _party(contract: Contract) -> ocds.OcdsParty | None:
    if not contract.supplier_name and not contract.supplier_kvk:
        return None
    if contract.supplier_kvk:
        return ocds.OcdsParty(
            f"NL-KVK-{contract.supplier_kvk}",
            contract.supplier_name,
            identifier_scheme="NL-KVK",
            identifier_id=contract.supplier_kvk,
        )
    digest = hashlib.sha256(contract.supplier_name.casefold().encode()).hexdigest()[:12]
    return ocds.OcdsParty(f"supplier-{digest}", contract.supplier_name)


def _contract_record(contract: Contract) -> ocds.OcdsContract:
    return ocds.OcdsContract(
        id=contract.reference or f"contract-{contract.pk}",
        title=contract.title,
        supplier=_party(contract),
        value=contract.awarded_value if contract.awarded_value is not None else None,
        currency="EUR",
        start=contract.start_date,
        end=contract.end_date,
        max_end=contract.extension_until,
        cpv_codes=tuple(contract.cpv_codes),
        status="active",
        reserved="res-ws" if contract.reserved else "",
        social_return=contract.social_return,
    )


def _themes(tender: Tender) -> tuple[ocds.OcdsMviTheme, ...]:
    return tuple(
        ocds.OcdsMviTheme(
            theme=theme.theme_key,
            applied_as=HOW_TO_OCDS.get(theme.how, "") if theme.decision == "applied" else "",
            ambition_level=theme.ambition,
            weight=theme.weight,
            text=theme.text,
            reason=theme.reason,
            explanation=theme.explanation,
        )
        for theme in tender.themes.all()
        if theme.decision
    )


def _tender_record(tender: Tender) -> ocds.OcdsTender:
    return ocds.OcdsTender(
        id=f"tender-{tender.pk}",
        title=tender.title,
        description=tender.description,
        status=STATUS_TO_OCDS[tender.status],
        value=tender.estimated_value,
        currency="EUR",
        cpv_codes=tuple(tender.cpv_codes),
        procurement_method=METHOD_TO_OCDS.get(tender.procedure, ""),
        publication_date=tender.planned_publication,
        reserved=tender.reserved_procurement
        if tender.reserved_procurement not in ("", "none")
        else "",
        social_objectives=tuple(tender.social_objectives),
        mvi_themes=_themes(tender),
    )


def procurements(organisation) -> list[ocds.OcdsProcurement]:
    buyer = ocds.OcdsParty(
        f"NL-KVK-{organisation.kvk_number}" if organisation.kvk_number else organisation.slug,
        organisation.name,
        identifier_scheme="NL-KVK" if organisation.kvk_number else "",
        identifier_id=organisation.kvk_number,
    )
    found = []
    tenders = (
        Tender.objects.for_organisation(organisation)
        .select_related("awarded_contract")
        .prefetch_related("themes")
        .order_by("pk")
    )
    for tender in tenders:
        contract = getattr(tender, "awarded_contract", None)
        found.append(
            ocds.OcdsProcurement(
                ocid=tender.ocid or f"{OCID_PREFIX}-{organisation.slug}-t{tender.pk}",
                date=(tender.updated_at.date() if tender.updated_at else None),
                buyer=buyer,
                tender=_tender_record(tender),
                contracts=(_contract_record(contract),) if contract else (),
            )
        )
    contracts = Contract.objects.for_organisation(organisation).filter(tender__isnull=True)
    for contract in contracts.order_by("pk"):
        ocid = (
            contract.key.split(":", 2)[1]
            if contract.key.startswith("ocds:")
            else f"{OCID_PREFIX}-{organisation.slug}-c{contract.pk}"
        )
        found.append(
            ocds.OcdsProcurement(
                ocid=ocid,
                date=contract.updated_at.date() if contract.updated_at else None,
                buyer=buyer,
                contracts=(_contract_record(contract),),
            )
        )
    return found


def export_package(organisation, *, uri: str, extension_url: str = "") -> dict:
    """The organisation's tenders and contracts as an OCDS 1.1 release package."""
    return ocds.write_release_package(
        procurements(organisation),
        publisher=ocds.OcdsPublisher(name=organisation.name),
        uri=uri,
        extension_url=extension_url,
        hide_unpublished_estimates=True,
    )


# -- import ------------------------------------------------------------------------------------


def read_ocds(files: list[bytes]) -> list[ocds.OcdsItem]:
    """Every procurement in these files (releases of one ocid compiled across them). Raises
    `ocds.OcdsFileError` for a file that is not JSON, not OCDS or too large."""
    return list(ocds.read_release_package(*(io.BytesIO(data) for data in files)))


@dataclass
class OcdsResult:
    rows: int = 0  # procurements in the file
    imported: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    tenders: int = 0
    total: str = "0.00"  # the summed value of the contracts read
    committed: bool = False
    blocked: bool = False
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _key(ocid: str, contract_id: str) -> str:
    key = f"ocds:{ocid}:{contract_id}"
    if len(key) <= 80:
        return key
    return "ocds:" + hashlib.sha256(f"{ocid}\x1f{contract_id}".encode()).hexdigest()[:60]


def import_procurements(
    organisation, items, *, actor, dry_run: bool, allow_rejected: bool = False, batch=None
) -> OcdsResult:
    """Check every procurement the reader gives, then write tenders and contracts in one
    transaction (unless a dry run, or procurements were refused and not allowed)."""
    result = OcdsResult()
    problems = ProblemList()
    accepted: list[ocds.OcdsProcurement] = []
    for item in items:
        result.rows += 1
        if item.problems or item.procurement is None:
            result.rejected += 1
            for problem in item.problems:
                problems.add(problem.line, problem.column, problem.code, problem.message)
            continue
        accepted.append(item.procurement)
    result.errors = problems.as_dicts()
    total = Decimal("0.00")
    for procurement in accepted:
        for contract in procurement.contracts:
            total += contract.value or Decimal("0")
    result.total = str(total.quantize(Decimal("0.01")))
    result.blocked = bool(result.rejected and not allow_rejected)
    write = not (dry_run or result.blocked)
    with transaction.atomic():
        if write:
            lock_organisation(organisation.pk, "contract-import")
        _apply(organisation, accepted, result, write=write, batch=batch)
        if write:
            result.committed = True
            log_action(
                "contracts.contract_imported",
                actor=actor,
                organisation=organisation,
                obj=batch,
                object_repr=batch.file_name if batch is not None else "OCDS",
                after={"new": result.new, "updated": result.updated, "total": result.total},
            )
            if batch is not None:
                from impactinkoop.core.imports.lifecycle import mark_committed

                mark_committed(batch, result.as_dict())
    result.errors = result.errors[:MAX_LISTED_PROBLEMS]
    return result


def _apply(organisation, accepted, result: OcdsResult, *, write: bool, batch) -> None:
    rules = rules_in_force(organisation) if write else None
    tenders = {t.ocid: t for t in Tender.objects.for_organisation(organisation).exclude(ocid="")}
    contracts = {
        c.key: c
        for c in Contract.objects.for_organisation(organisation).filter(key__startswith="ocds:")
    }
    ledger = spend_queries.suppliers(organisation)
    by_kvk = {s.kvk_number: s for s in ledger if s.kvk_number}
    by_name = {}
    for supplier in ledger:
        by_name.setdefault(supplier.name.casefold(), supplier)
    for procurement in accepted:
        tender = tenders.get(procurement.ocid)
        if procurement.tender is not None:
            fields = _tender_fields(procurement.tender)
            if tender is None:
                result.tenders += 1
                if write:
                    tender = Tender.objects.create(
                        organisation=organisation, ocid=procurement.ocid, rules=rules, **fields
                    )
                    _write_themes(tender, procurement.tender.mvi_themes)
            elif any(getattr(tender, k) != v for k, v in fields.items()) and write:
                for name, value in fields.items():
                    setattr(tender, name, value)
                tender.save()
        for record in procurement.contracts:
            key = _key(procurement.ocid, record.id)
            supplier = None
            kvk = record.supplier.identifier_id if record.supplier else ""
            kvk = kvk if record.supplier and record.supplier.identifier_scheme == "NL-KVK" else ""
            name = record.supplier.name if record.supplier else ""
            if kvk:
                supplier = by_kvk.get(kvk)
            if supplier is None and name:
                supplier = by_name.get(name.casefold())
            fields = {
                "reference": record.id[:64],
                "title": (
                    record.title
                    or (procurement.tender.title if procurement.tender else "")
                    or record.id
                )[:300],
                "supplier_name": name[:200],
                "supplier_kvk": kvk[:8],
                "supplier_id": supplier.id if supplier else None,
                "company_id": supplier.company_id if supplier else None,
                "cpv_codes": list(record.cpv_codes)
                or (list(procurement.tender.cpv_codes) if procurement.tender else []),
                "awarded_value": record.value,
                "estimated_value": procurement.tender.value if procurement.tender else None,
                "start_date": record.start,
                "end_date": record.end,
                "extension_until": record.max_end if record.max_end != record.end else None,
                "reserved": bool(record.reserved),
                "social_return": bool(record.social_return),
            }
            existing = contracts.get(key)
            if existing is None:
                result.new += 1
                if write:
                    contracts[key] = Contract.objects.create(
                        organisation=organisation,
                        key=key,
                        source=Contract.Source.OCDS,
                        contract_import=batch,
                        tender=tender if tender is not None and tender.pk else None,
                        **fields,
                    )
            elif any(getattr(existing, k) != v for k, v in fields.items()):
                result.updated += 1
                if write:
                    for name_, value in fields.items():
                        setattr(existing, name_, value)
                    existing.save()
            else:
                result.unchanged += 1
    result.imported = result.new + result.updated


def _tender_fields(record: ocds.OcdsTender) -> dict:
    return {
        "title": (record.title or record.id)[:300],
        "description": record.description,
        "estimated_value": record.value,
        "cpv_codes": list(record.cpv_codes),
        "status": STATUS_FROM_OCDS.get(record.status, Tender.Status.IDEA),
        "procedure": METHOD_FROM_OCDS.get(record.procurement_method, ""),
        "planned_publication": record.publication_date,
        "reserved_procurement": record.reserved or "none",
        "social_objectives": list(record.social_objectives),
        "origin": Tender.Origin.HAND,
    }


def _write_themes(tender: Tender, themes) -> None:
    TenderTheme.objects.bulk_create(
        TenderTheme(
            tender=tender,
            theme_key=theme.theme[:60],
            theme_name=theme.theme[:100],
            position=position,
            decision="applied" if theme.applied_as else "explained",
            how=HOW_FROM_OCDS.get(theme.applied_as, ""),
            ambition=theme.ambition_level,
            weight=theme.weight,
            text=theme.text,
            reason=theme.reason if theme.reason in TenderTheme.Reason.values else "",
            explanation=theme.explanation,
        )
        for position, theme in enumerate(themes)
    )
