"""Importing a contract register: every row is read and checked first, then matched against
the contracts the organisation has, then (unless it is a dry run or rows were rejected) written
in one transaction with bulk writes.

A contract is known across imports by its contract number, else by a hash of its row (title,
supplier, dates and value), so importing the same file again changes nothing. Suppliers are
linked to the ledger supplier with the same KvK number or name, and through it (or the KvK
number) to the register company."""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from impactinkoop.accounts.models import Department
from impactinkoop.core.audit import log_action
from impactinkoop.core.imports.lifecycle import mark_committed
from impactinkoop.core.imports.problems import MAX_LISTED_PROBLEMS, ProblemList, RowProblem
from impactinkoop.core.imports.reader import is_formula
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.mapping import ImportField, MappingError, cells_for, check_mapping
from impactinkoop.core.parsing import parse_amount, parse_date
from impactinkoop.core.stored_text import label as stored_label
from impactinkoop.core.tabular import Table
from impactinkoop.core.validators import normalise_kvk
from impactinkoop.registry.models import Company
from impactinkoop.spend import queries as spend_queries
from impactinkoop.spend.services import ensure_categories

from .codes import parse_cpv_codes
from .models import Contract, Procedure

FIELDS = [
    ImportField(
        "reference",
        gettext_lazy("Contract number"),
        (
            "contractnummer",
            "contractnr",
            "contract nummer",
            "contract number",
            "contract id",
            "kenmerk",
            "referentie",
            "reference",
            "dossiernummer",
        ),
    ),
    ImportField(
        "title",
        gettext_lazy("Title"),
        ("omschrijving", "onderwerp", "titel", "contractnaam", "naam contract", "description"),
    ),
    ImportField(
        "supplier",
        gettext_lazy("Supplier"),
        ("leverancier", "opdrachtnemer", "contractant", "contractor", "supplier name", "vendor"),
    ),
    ImportField(
        "supplier_kvk",
        gettext_lazy("Supplier's KvK number"),
        ("kvk", "kvknummer", "kvk-nummer", "kvk nummer", "kvk leverancier", "coc number"),
    ),
    ImportField(
        "department",
        gettext_lazy("Department"),
        ("afdeling", "directie", "budgethouder afdeling", "organisatieonderdeel", "dept"),
    ),
    ImportField(
        "category",
        gettext_lazy("Purchase category"),
        ("inkoopcategorie", "categorie", "inkooppakket", "productgroep", "category"),
    ),
    ImportField("cpv", gettext_lazy("CPV codes"), ("cpv", "cpv-code", "cpv code", "cpv codes")),
    ImportField(
        "value",
        gettext_lazy("Contract value"),
        (
            "waarde",
            "contractwaarde",
            "opdrachtwaarde",
            "gunningswaarde",
            "totale waarde",
            "value",
            "contract value",
            "awarded value",
        ),
    ),
    ImportField(
        "estimated_value",
        gettext_lazy("Estimated value"),
        ("geraamde waarde", "raming", "geschatte waarde", "estimated value", "estimate"),
    ),
    ImportField(
        "start",
        gettext_lazy("Start"),
        ("startdatum", "ingangsdatum", "begindatum", "start date", "ingang", "start"),
    ),
    ImportField(
        "end",
        gettext_lazy("End"),
        ("einddatum", "afloopdatum", "expiratiedatum", "end date", "einde", "end"),
    ),
    ImportField(
        "extension_until",
        gettext_lazy("May be extended until"),
        (
            "verlengen tot",
            "verlenging tot",
            "verlengingsoptie tot",
            "uiterste einddatum",
            "extension until",
            "optie tot",
        ),
    ),
    ImportField(
        "extension_decide_by",
        gettext_lazy("Extension to be decided by"),
        ("besluit verlenging", "opzegdatum", "beslisdatum", "decide by", "notice date"),
    ),
    ImportField(
        "procedure",
        gettext_lazy("Procedure"),
        ("procedure", "aanbestedingsprocedure", "procedure type", "procurement procedure"),
    ),
    ImportField(
        "reserved",
        gettext_lazy("Reserved (art. 2.82)"),
        ("voorbehouden", "voorbehouden opdracht", "2.82", "reserved"),
    ),
    ImportField(
        "social_return",
        gettext_lazy("Social-return clause"),
        ("social return", "sroi", "social return clausule", "sroi clausule", "srOI ja/nee"),
    ),
    ImportField(
        "social_return_percentage",
        gettext_lazy("Social return percentage"),
        ("sroi percentage", "percentage social return", "social return %", "sroi %"),
    ),
]
FIELD_LABELS = {f.name: f.label for f in FIELDS}

_YES = {"ja", "j", "yes", "y", "x", "1", "true", "waar", "wel"}
_NO = {"nee", "n", "no", "0", "false", "onwaar", "niet", "geen", "-"}

PROCEDURE_WORDS = {
    Procedure.OPEN: (
        "open",
        "openbaar",
        "openbare procedure",
        "europees openbaar",
        "nationaal openbaar",
    ),
    Procedure.RESTRICTED: ("niet-openbaar", "niet openbaar", "restricted", "selective"),
    Procedure.NEGOTIATED: (
        "onderhandelingsprocedure",
        "negotiated",
        "concurrentiegerichte onderhandeling",
    ),
    Procedure.DIALOGUE: ("concurrentiegerichte dialoog", "competitive dialogue", "dialoog"),
    Procedure.MULTIPLE_QUOTES: ("meervoudig onderhands", "meervoudig", "multiple quotes"),
    Procedure.SINGLE_QUOTE: ("enkelvoudig onderhands", "enkelvoudig", "single quote", "direct"),
    Procedure.OTHER: ("anders", "overig", "other"),
}
_PROCEDURES = {word: code for code, words in PROCEDURE_WORDS.items() for word in words} | {
    code.value: code for code in Procedure
}

WRITTEN = (
    "reference",
    "title",
    "supplier_name",
    "supplier_kvk",
    "cpv_codes",
    "estimated_value",
    "awarded_value",
    "start_date",
    "end_date",
    "extension_until",
    "extension_decide_by",
    "procedure",
    "reserved",
    "social_return",
    "social_return_percentage",
)


@dataclass
class ImportOptions:
    organisation: object
    mapping: dict[str, str]
    allow_rejected: bool = False


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0  # new and updated: what the import writes
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    total: str = "0.00"  # the summed value of the valid rows, in euros
    committed: bool = False
    blocked: bool = False
    errors: list[dict] = field(default_factory=list)
    duplicate_lines: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Row:
    line: int
    key: str
    values: dict  # the contract's fields
    department: str
    category: str


def check_options(options: ImportOptions, table: Table) -> dict[str, int]:
    mapping = {k: v for k, v in options.mapping.items() if v}
    if "title" not in mapping:
        raise MappingError([_("map a column to the title of the contract")])
    return check_mapping(mapping, table.columns)


def _problem(name: str, options: ImportOptions, text: str, **values) -> RowProblem:
    return RowProblem(name, text, values, column=options.mapping.get(name, "") or "")


def _amount(values: dict, name: str, options: ImportOptions) -> Decimal | None:
    text = values.get(name, "")
    if not text:
        return None
    try:
        amount = parse_amount(text)
    except ValueError as error:
        raise _problem(
            name,
            options,
            gettext_noop("%(field)s “%(value)s” is not an amount in euros"),
            field=stored_label(FIELD_LABELS[name]),
            value=text[:60],
        ) from error
    if amount < 0:
        raise _problem(
            name,
            options,
            gettext_noop("%(field)s %(value)s is below zero"),
            field=stored_label(FIELD_LABELS[name]),
            value=text[:60],
        )
    if amount.as_tuple().exponent < -2 or amount >= Decimal("1e12"):
        raise _problem(
            name,
            options,
            gettext_noop("%(field)s “%(value)s” has more than two decimals or is too large"),
            field=stored_label(FIELD_LABELS[name]),
            value=text[:60],
        )
    return amount.quantize(Decimal("0.01"))


def _date(values: dict, name: str, options: ImportOptions) -> date | None:
    text = values.get(name, "")
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise _problem(
            name,
            options,
            gettext_noop("%(field)s “%(value)s” is not a date"),
            field=stored_label(FIELD_LABELS[name]),
            value=text[:60],
        ) from error


def _yes_no(values: dict, name: str, options: ImportOptions) -> bool | None:
    text = values.get(name, "").strip().casefold()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _problem(
        name,
        options,
        gettext_noop("%(field)s “%(value)s” is not yes or no"),
        field=stored_label(FIELD_LABELS[name]),
        value=text[:60],
    )


def _parse_row(line: int, values: dict[str, str], options: ImportOptions) -> _Row:
    for name, value in values.items():
        if is_formula(value):
            raise _problem(
                name,
                options,
                gettext_noop(
                    "%(field)s “%(value)s” looks like a spreadsheet formula; not imported"
                ),
                field=stored_label(FIELD_LABELS[name]),
                value=value[:60],
            )
    title = values.get("title", "")
    if not title:
        raise _problem("title", options, gettext_noop("no title"))
    if len(title) > 300:
        raise _problem("title", options, gettext_noop("the title is longer than 300 characters"))
    reference = values.get("reference", "")
    if len(reference) > 64:
        raise _problem(
            "reference", options, gettext_noop("the contract number is longer than 64 characters")
        )
    supplier = values.get("supplier", "")[:200]
    kvk = normalise_kvk(values.get("supplier_kvk", ""))
    if kvk and kvk.isdigit() and len(kvk) < 8:
        kvk = kvk.zfill(8)
    if kvk and not (kvk.isdigit() and len(kvk) == 8):
        raise _problem(
            "supplier_kvk",
            options,
            gettext_noop("KvK number “%(value)s” is not 8 digits"),
            value=values.get("supplier_kvk", "")[:40],
        )
    try:
        cpv_codes = parse_cpv_codes(values.get("cpv", ""))
    except ValidationError as error:
        raise _problem(
            "cpv",
            options,
            gettext_noop("unknown CPV code “%(value)s”"),
            value=error.params["code"],
        ) from error
    value = _amount(values, "value", options)
    estimate = _amount(values, "estimated_value", options)
    start = _date(values, "start", options)
    end = _date(values, "end", options)
    if start and end and end < start:
        raise _problem(
            "end",
            options,
            gettext_noop("the end %(end)s is before the start %(start)s"),
            end=end.isoformat(),
            start=start.isoformat(),
        )
    extension_until = _date(values, "extension_until", options)
    if extension_until and end and extension_until < end:
        raise _problem(
            "extension_until",
            options,
            gettext_noop("the extension until %(until)s is before the end %(end)s"),
            until=extension_until.isoformat(),
            end=end.isoformat(),
        )
    decide_by = _date(values, "extension_decide_by", options)
    procedure = ""
    if values.get("procedure"):
        procedure = _PROCEDURES.get(values["procedure"].strip().casefold(), "")
        if not procedure:
            raise _problem(
                "procedure",
                options,
                gettext_noop("procedure “%(value)s” is not known"),
                value=values["procedure"][:60],
            )
    percentage = _amount(values, "social_return_percentage", options)
    if percentage is not None and percentage > 100:
        raise _problem(
            "social_return_percentage",
            options,
            gettext_noop("social return percentage %(value)s is above 100"),
            value=str(percentage),
        )
    social_return = _yes_no(values, "social_return", options)
    if social_return is None:
        social_return = bool(percentage)
    contract = {
        "reference": reference,
        "title": title,
        "supplier_name": supplier,
        "supplier_kvk": kvk,
        "cpv_codes": cpv_codes,
        "estimated_value": estimate,
        "awarded_value": value,
        "start_date": start,
        "end_date": end,
        "extension_until": extension_until,
        "extension_decide_by": decide_by,
        "procedure": procedure,
        "reserved": bool(_yes_no(values, "reserved", options)),
        "social_return": social_return,
        "social_return_percentage": percentage,
    }
    if reference:
        key = f"ref:{reference.casefold()}"
    else:
        # Without a number the row itself is the identity: the same row again is the same
        # contract; a changed row is a new one (the file gives no way to tell).
        identity = "\x1f".join(
            str(contract[name] or "")
            for name in ("title", "supplier_name", "start_date", "end_date", "awarded_value")
        )
        key = "row:" + hashlib.sha256(identity.encode()).hexdigest()[:40]
    return _Row(line, key, contract, values.get("department", ""), values.get("category", ""))


def _parse_rows(table: Table, options, positions, result: ImportResult, problems: ProblemList):
    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    width = len(table.columns)
    for line, cells in table.rows:
        result.rows += 1
        try:
            row = _parse_row(line, cells_for(cells, width, positions), options)
        except RowProblem as problem:
            result.rejected += 1
            problems.add_error(line, problem)
            continue
        if row.key in first_line:
            result.duplicates += 1
            if len(result.duplicate_lines) < MAX_LISTED_PROBLEMS:
                result.duplicate_lines.append({"line": line, "same_as": first_line[row.key]})
            continue
        first_line[row.key] = line
        rows.append(row)
    return rows


def run_contract_import(
    table: Table, options: ImportOptions, *, actor, dry_run: bool, batch=None
) -> ImportResult:
    """Check every row, match it to the contracts there are, and write unless `dry_run`."""
    positions = check_options(options, table)
    result = ImportResult()
    problems = ProblemList()
    rows = _parse_rows(table, options, positions, result, problems)
    result.errors = problems.as_dicts()
    result.total = str(
        sum(
            (row.values["awarded_value"] or row.values["estimated_value"] or 0 for row in rows),
            Decimal("0.00"),
        )
    )
    result.blocked = bool(result.rejected and not options.allow_rejected)
    write = not (dry_run or result.blocked)
    organisation = options.organisation
    with transaction.atomic():
        if write:
            # Two imports of one register cannot both add the same contract.
            lock_organisation(organisation.pk, "contract-import")
        existing = {
            contract.key: contract
            for contract in Contract.objects.for_organisation(organisation).filter(
                key__in=[row.key for row in rows]
            )
        }
        links = _links(organisation, rows, write=write)
        new, changed = [], []
        for row in rows:
            fields = {**row.values, **links(row)}
            contract = existing.get(row.key)
            if contract is None:
                result.new += 1
                new.append(
                    Contract(
                        organisation=organisation,
                        key=row.key,
                        source=Contract.Source.IMPORT,
                        contract_import=batch,
                        **fields,
                    )
                )
                continue
            differs = {k: v for k, v in fields.items() if getattr(contract, k) != v}
            if differs:
                result.updated += 1
                for name, value in differs.items():
                    setattr(contract, name, value)
                changed.append(contract)
            else:
                result.unchanged += 1
        result.imported = result.new + result.updated
        if write:
            Contract.objects.bulk_create(new, batch_size=1000)
            if changed:
                Contract.objects.bulk_update(
                    changed,
                    [*WRITTEN, "supplier_id", "company_id", "department_id", "category_id"],
                    batch_size=1000,
                )
            result.committed = True
            log_action(
                "contracts.contract_imported",
                actor=actor,
                organisation=organisation,
                obj=batch,
                object_repr=batch.file_name if batch is not None else "",
                after={
                    "new": result.new,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "total": result.total,
                },
            )
            if batch is not None:
                mark_committed(batch, result.as_dict())
    return result


def _links(organisation, rows: list[_Row], *, write: bool):
    """A function giving each row its ledger supplier, register company, department and
    category ids. Departments and categories the organisation lacks are created when writing
    (and left empty in a check)."""
    ledger = spend_queries.suppliers(organisation)
    by_kvk = {s.kvk_number: s for s in ledger if s.kvk_number}
    by_name = {}
    for supplier in ledger:
        by_name.setdefault(supplier.name.casefold(), supplier)
    kvks = {row.values["supplier_kvk"] for row in rows if row.values["supplier_kvk"]}
    companies = dict(Company.objects.filter(kvk_number__in=kvks).values_list("kvk_number", "pk"))
    department_names = {row.department.strip() for row in rows if row.department.strip()}
    departments = {
        name.casefold(): pk
        for pk, name in Department.objects.filter(organisation=organisation).values_list(
            "pk", "name"
        )
    }
    if write:
        missing = [n for n in department_names if n.casefold() not in departments]
        Department.objects.bulk_create(
            [Department(organisation=organisation, name=n[:200]) for n in missing],
            ignore_conflicts=True,
        )
        departments = {
            name.casefold(): pk
            for pk, name in Department.objects.filter(organisation=organisation).values_list(
                "pk", "name"
            )
        }
        categories = ensure_categories(organisation, {row.category for row in rows})
    else:
        categories = spend_queries.categories(organisation)

    def link(row: _Row) -> dict:
        kvk = row.values["supplier_kvk"]
        supplier = by_kvk.get(kvk) if kvk else None
        if supplier is None and row.values["supplier_name"]:
            supplier = by_name.get(row.values["supplier_name"].casefold())
        company_id = (supplier.company_id if supplier else None) or companies.get(kvk)
        return {
            "supplier_id": supplier.id if supplier else None,
            "company_id": company_id,
            "department_id": departments.get(row.department.strip().casefold()),
            "category_id": categories.get(row.category.strip().casefold()),
        }

    return link
