"""Importing existing obligations and realisations (kept in Excel until now) on the one import
framework (decision 0013). One row per realisation; a row names its contract (by contract
number) and the edition (by code), so the first row of a contract makes its obligation. A row
without a kind records the obligation only.

Every row is checked first, with the same rules as the officer's form (hours a week up to 60,
end after start, inside the obligation, a block of the edition, a participant code that cannot
be a BSN); if one row is rejected nothing is written. A realisation is known by a hash of its
contract, kind, block, code or invoice and dates, so importing the file again changes nothing."""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from impactinkoop.accounts.roles import Permission
from impactinkoop.contracts.models import Contract
from impactinkoop.core.audit import log_action
from impactinkoop.core.imports.lifecycle import ImportKind, mark_committed, register
from impactinkoop.core.imports.problems import ProblemList, RowProblem
from impactinkoop.core.imports.reader import is_formula
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.mapping import ImportField, MappingError, cells_for, check_mapping
from impactinkoop.core.models import StoredFile
from impactinkoop.core.parsing import parse_amount, parse_date
from impactinkoop.core.tabular import Table
from impactinkoop.registry.models import Company

from .forms import check_participant_code
from .models import (
    KIND_BLOCKS,
    MAX_HOURS_A_WEEK,
    BlockKind,
    Obligation,
    Realisation,
    RealisationKind,
    ReviewStatus,
    RuleSet,
    Source,
    SroiImport,
)
from .services import create_obligation, default_percentage

FIELDS = [
    ImportField(
        "contract",
        gettext_lazy("Contract number"),
        ("contractnummer", "contract", "contract number", "kenmerk"),
    ),
    ImportField(
        "table",
        gettext_lazy("Building-block table"),
        ("tabel", "bouwblokkentabel", "editie", "table", "rule set"),
    ),
    ImportField(
        "percentage", gettext_lazy("Percentage"), ("percentage", "sroi %", "sroi percentage")
    ),
    ImportField("kind", gettext_lazy("Kind"), ("soort", "type", "kind")),
    ImportField("block", gettext_lazy("Building block"), ("bouwblok", "doelgroep", "block")),
    ImportField("bonuses", gettext_lazy("Bonuses"), ("bonus", "bonussen", "bonuses")),
    ImportField(
        "participant",
        gettext_lazy("Participant code"),
        ("deelnemer", "deelnemerscode", "kandidaatcode", "participant code"),
    ),
    ImportField(
        "hours_per_week",
        gettext_lazy("Hours a week"),
        ("uren per week", "uren p/w", "hours a week"),
    ),
    ImportField(
        "start", gettext_lazy("Start (or date)"), ("startdatum", "begin", "datum", "start", "date")
    ),
    ImportField("end", gettext_lazy("End"), ("einddatum", "einde", "end")),
    ImportField("invoice", gettext_lazy("Invoice number"), ("factuurnummer", "factuur", "invoice")),
    ImportField(
        "amount", gettext_lazy("Amount excluding VAT"), ("bedrag excl btw", "bedrag", "amount")
    ),
    ImportField("kvk", gettext_lazy("KvK number"), ("kvk", "kvk-nummer", "kvknummer")),
    ImportField("hours", gettext_lazy("Hours"), ("uren", "hours")),
]

KINDS = {
    "plaatsing": RealisationKind.PLACEMENT,
    "baan": RealisationKind.PLACEMENT,
    "leerwerkplek": RealisationKind.LEARNING,
    "leerplek": RealisationKind.LEARNING,
    "inkoop": RealisationKind.PURCHASE,
    "activiteit": RealisationKind.ACTIVITY,
} | {kind.value: kind for kind in RealisationKind}


@dataclass
class ImportResult:
    rows: int = 0
    obligations_new: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    committed: bool = False
    blocked: bool = False
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Row:
    line: int
    contract: Contract
    table: RuleSet
    percentage: Decimal | None
    kind: str
    values: dict
    bonuses: list
    key: str


def _problem(name, mapping, text, **values) -> RowProblem:
    return RowProblem(name, text, values, column=mapping.get(name, "") or "")


def _decimal(values, name, mapping):
    text = values.get(name, "")
    if not text:
        return None
    try:
        return parse_amount(text).quantize(Decimal("0.01"))
    except ValueError as error:
        raise _problem(
            name, mapping, gettext_noop("“%(value)s” is not a number"), value=text[:40]
        ) from error


def _date(values, name, mapping) -> date | None:
    text = values.get(name, "")
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise _problem(
            name, mapping, gettext_noop("“%(value)s” is not a date"), value=text[:40]
        ) from error


class _Context:
    def __init__(self, organisation):
        self.contracts = {
            contract.reference.casefold(): contract
            for contract in Contract.objects.for_organisation(organisation).exclude(reference="")
        }
        self.tables = {
            table.key: table
            for table in RuleSet.objects.for_organisation(organisation).prefetch_related("blocks")
        }
        self.obligations = {
            obligation.contract_id: obligation
            for obligation in Obligation.objects.for_organisation(organisation)
        }
        self.periods: dict[int, tuple[date, date]] = {}


def _parse(line, values, mapping, context: _Context) -> _Row:
    for name, value in values.items():
        if is_formula(value):
            raise _problem(
                name,
                mapping,
                gettext_noop("“%(value)s” looks like a spreadsheet formula; not imported"),
                value=value[:40],
            )
    contract = context.contracts.get(values.get("contract", "").strip().casefold())
    if contract is None:
        raise _problem(
            "contract",
            mapping,
            gettext_noop("no contract with number “%(value)s”"),
            value=values.get("contract", "")[:40],
        )
    obligation = context.obligations.get(contract.pk)
    table = (
        obligation.rule_set if obligation else context.tables.get(values.get("table", "").strip())
    )
    if table is None:
        raise _problem(
            "table",
            mapping,
            gettext_noop("no building-block table with code “%(value)s”"),
            value=values.get("table", "")[:40],
        )
    if obligation and values.get("table") and values["table"].strip() != table.key:
        raise _problem(
            "table",
            mapping,
            gettext_noop("the obligation was agreed under table “%(value)s”"),
            value=table.key,
        )
    percentage = _decimal(values, "percentage", mapping)
    if percentage is not None and not (0 <= percentage <= 100):
        raise _problem("percentage", mapping, gettext_noop("the percentage lies between 0 and 100"))
    if obligation is None and percentage is not None and percentage < default_percentage(contract):
        # A lowered percentage needs its reason, which the officer records on the page.
        raise _problem(
            "percentage",
            mapping,
            gettext_noop("a percentage below the rules needs a reason: record it on the page"),
        )
    start_period = obligation.start_date if obligation else contract.start_date
    end_period = obligation.end_date if obligation else contract.end_date
    if not (start_period and end_period):
        raise _problem("contract", mapping, gettext_noop("the contract has no start and end"))
    kind_text = values.get("kind", "").strip().casefold()
    if not kind_text:
        return _Row(line, contract, table, percentage, "", {}, [], "")
    kind = KINDS.get(kind_text)
    if kind is None:
        raise _problem(
            "kind", mapping, gettext_noop("kind “%(value)s” is not known"), value=kind_text[:40]
        )
    blocks = {block.name.casefold(): block for block in table.blocks.all()}
    block = blocks.get(values.get("block", "").strip().casefold())
    if block is None or block.kind not in KIND_BLOCKS[kind]:
        raise _problem(
            "block",
            mapping,
            gettext_noop("block “%(value)s” is not in table %(table)s for this kind"),
            value=values.get("block", "")[:60],
            table=table.key,
        )
    bonuses = []
    for name in filter(None, (part.strip() for part in values.get("bonuses", "").split("|"))):
        bonus = blocks.get(name.casefold())
        if bonus is None or bonus.kind != BlockKind.BONUS:
            raise _problem(
                "bonuses",
                mapping,
                gettext_noop("bonus “%(value)s” is not in table %(table)s"),
                value=name[:60],
                table=table.key,
            )
        bonuses.append(bonus)
    code = values.get("participant", "")
    if code:
        try:
            code = check_participant_code(code)
        except ValidationError as error:
            raise _problem(
                "participant",
                mapping,
                gettext_noop(
                    "participant code “%(value)s” could be a BSN or does not have the "
                    "organisation's shape"
                ),
                value="*" * len(code) if code.strip().isdigit() else code[:20],
            ) from error
    hours_per_week = _decimal(values, "hours_per_week", mapping)
    if hours_per_week is not None and not (0 < hours_per_week <= MAX_HOURS_A_WEEK):
        raise _problem("hours_per_week", mapping, gettext_noop("hours a week lie between 0 and 60"))
    start = _date(values, "start", mapping)
    end = _date(values, "end", mapping) or (
        start if kind in (RealisationKind.PURCHASE, RealisationKind.ACTIVITY) else None
    )
    if start is None or end is None:
        raise _problem("start", mapping, gettext_noop("a start and an end are needed"))
    if end < start:
        raise _problem(
            "end",
            mapping,
            gettext_noop("the end %(end)s is before the start %(start)s"),
            end=end.isoformat(),
            start=start.isoformat(),
        )
    if start < start_period or end > end_period:
        raise _problem(
            "start",
            mapping,
            gettext_noop("the period lies outside the obligation (%(start)s to %(end)s)"),
            start=start_period.isoformat(),
            end=end_period.isoformat(),
        )
    if kind in (RealisationKind.PLACEMENT, RealisationKind.LEARNING) and (
        not code or hours_per_week is None
    ):
        raise _problem(
            "participant",
            mapping,
            gettext_noop("a placement needs a participant code and hours a week"),
        )
    amount = _decimal(values, "amount", mapping)
    if kind == RealisationKind.PURCHASE and (amount is None or not values.get("invoice")):
        raise _problem(
            "amount", mapping, gettext_noop("a purchase needs an invoice number and an amount")
        )
    kvk = values.get("kvk", "").strip()
    if kvk and not (kvk.isdigit() and len(kvk) <= 8):
        raise _problem(
            "kvk", mapping, gettext_noop("KvK number “%(value)s” is not 8 digits"), value=kvk[:20]
        )
    kvk = kvk.zfill(8) if kvk else ""
    realisation = {
        "kind": kind,
        "block": block,
        "participant_code": code,
        "hours_per_week": hours_per_week,
        "start_date": start,
        "end_date": end,
        "invoice_number": values.get("invoice", "")[:60],
        "amount_excl_vat": amount,
        "kvk_number": kvk,
        "hours": _decimal(values, "hours", mapping),
    }
    identity = "\x1f".join(
        str(part)
        for part in (contract.pk, kind, block.name, code, realisation["invoice_number"], start, end)
    )
    key = hashlib.sha256(identity.encode()).hexdigest()[:40]
    return _Row(line, contract, table, percentage, kind, realisation, bonuses, key)


def check_sroi_mapping(mapping: dict, columns: list[str]) -> list[int]:
    """The mapping names the contract number and the table, in columns the file has (the
    command and the wizard refuse the same mappings)."""
    for needed in ("contract", "table"):
        if not mapping.get(needed):
            raise MappingError([_("map a column to the contract number and the table")])
    return check_mapping(mapping, columns)


def run_sroi_import(
    table: Table, organisation, mapping: dict, *, actor, dry_run: bool, batch=None
) -> ImportResult:
    mapping = {name: column for name, column in mapping.items() if column}
    positions = check_sroi_mapping(mapping, table.columns)
    result = ImportResult()
    problems = ProblemList()
    context = _Context(organisation)
    rows = []
    width = len(table.columns)
    for line, cells in table.rows:
        result.rows += 1
        try:
            rows.append(_parse(line, cells_for(cells, width, positions), mapping, context))
        except RowProblem as problem:
            result.rejected += 1
            problems.add_error(line, problem)
    result.errors = problems.as_dicts()
    # Validated completely before writing: one bad row and nothing is written.
    result.blocked = bool(result.rejected)
    write = not (dry_run or result.blocked)
    known = set(
        Realisation.objects.filter(obligation__organisation=organisation)
        .exclude(key="")
        .values_list("key", flat=True)
    )
    kvks = {row.values["kvk_number"] for row in rows if row.kind and row.values["kvk_number"]}
    registered = set(
        Company.objects.filter(kvk_number__in=kvks).values_list("kvk_number", flat=True)
    )
    with transaction.atomic():
        if write:
            lock_organisation(organisation.pk, "sroi-import")
        obligations = dict(context.obligations)
        for row in rows:
            obligation = obligations.get(row.contract.pk)
            if obligation is None:
                result.obligations_new += 1
                if write:
                    fields = {"percentage": row.percentage} if row.percentage is not None else {}
                    obligation = create_obligation(
                        row.contract, actor=actor, rule_set=row.table, **fields
                    )
                obligations[row.contract.pk] = obligation or True
            if not row.kind:
                continue
            if row.key in known:
                result.unchanged += 1
                continue
            known.add(row.key)
            result.new += 1
            unknown = bool(row.values["kvk_number"]) and row.values["kvk_number"] not in registered
            result.warnings += unknown
            if write:
                realisation = Realisation.objects.create(
                    obligation=obligation,
                    key=row.key,
                    kvk_known=not unknown,
                    status=ReviewStatus.ACCEPTED if not unknown else ReviewStatus.SUBMITTED,
                    source=Source.IMPORT,
                    **row.values,
                )
                realisation.bonuses.set(row.bonuses)
        if write:
            result.committed = True
            log_action(
                "sroi.imported",
                actor=actor,
                organisation=organisation,
                obj=batch,
                object_repr=batch.file_name if batch is not None else "",
                after={
                    "obligations": result.obligations_new,
                    "realisations": result.new,
                    "unchanged": result.unchanged,
                },
            )
            if batch is not None:
                mark_committed(batch, result.as_dict())
    return result


COUNTS = ("rows", "obligations_new", "new", "unchanged", "rejected", "warnings")


class SroiImportKind(ImportKind):
    prefix = "sroi"
    limits = "sroi"
    model = SroiImport
    fields = FIELDS
    permission = Permission.MANAGE_SROI
    param = "sroi_import"
    lock_purpose = "sroi-import"
    check_title = gettext_noop("Check social-return file %(name)s")
    commit_title = gettext_noop("Social-return import %(name)s")

    def file_name(self, batch) -> str:
        return batch.file_name

    def file_fields(self, stored: StoredFile) -> dict:
        return {"file_name": stored.name}

    def detail_url(self, batch) -> str:
        return reverse(
            "sroi:import_review", kwargs={"org_slug": batch.organisation.slug, "pk": batch.pk}
        )

    def check(self, batch, data, *, actor, progress) -> dict:
        return run_sroi_import(
            data, batch.organisation, batch.mapping, actor=actor, dry_run=True, batch=batch
        ).as_dict()

    def commit(self, batch, data, *, actor, progress) -> dict:
        result = run_sroi_import(
            data, batch.organisation, batch.mapping, actor=actor, dry_run=False, batch=batch
        )
        if result.blocked:
            raise ValueError(
                _("%(count)d rows were rejected: nothing was imported.")
                % {"count": result.rejected}
            )
        return result.as_dict()

    def remove(self, batch) -> dict:
        return {"file": batch.file_name}

    def counts(self, summary: dict) -> dict:
        return {key: summary[key] for key in COUNTS}

    def check_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d rows checked: %(new)d new realisations, %(unchanged)d unchanged, "
            "%(rejected)d with errors."
        ) % self.counts(summary)

    def commit_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d rows imported: %(obligations_new)d new obligations, %(new)d new "
            "realisations, %(unchanged)d unchanged."
        ) % self.counts(summary)


SROI_IMPORTS = register(SroiImportKind())
