"""Importing a ledger export: read, check every row, find duplicates, then (unless it is a dry
run) create suppliers and dimensions and write the lines in one transaction.

Every row is checked before anything is written. A line is a duplicate when the organisation
already has a line with the same content in the same period: a file with three identical lines
adds as many as the database has fewer than three. So importing the same file, or the same lines
in another file, adds nothing, while two identical lines in one file both count."""

from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal

import polars as pl
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from impactinkoop.core.audit import log_action
from impactinkoop.core.imports.problems import MAX_LISTED_PROBLEMS, Problem
from impactinkoop.core.imports.reader import LINE, Frame, formula_cells
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.mapping import MappingError, check_mapping
from impactinkoop.core.numbers import count
from impactinkoop.core.stored_text import label as stored_label
from impactinkoop.core.stored_text import stored
from impactinkoop.matching.normalise import name_key
from impactinkoop.registry.models import Company

from ..models import (
    Category,
    CostCentre,
    Department,
    LedgerImport,
    LedgerLine,
    Supplier,
    lines_key,
)
from .columns import (
    FIELDS,
    MAX_LENGTHS,
    TEXT_FIELDS,
    amount_to_cents,
    detect_date_format,
    detect_decimal_separator,
    parse_dates,
)
from .currency import EURO, SIGN_PATTERN, normalise
from .summary import summarise_import
from .supplier_keys import SupplierPlan, lines_key_expression, plan_suppliers
from .writer import insert_rows, write_lines

FIELD_LABELS = {f.name: f.label for f in FIELDS}


@dataclass
class LedgerOptions:
    mapping: dict[str, str]
    decimal: str = "auto"  # ",", "." or "auto"
    date_format: str = "auto"
    amounts_include_vat: bool = False
    currency: str = ""  # the import's currency as the person chose it; "" detects it
    exchange_rate: Decimal | None = None  # euros for one unit of `currency`

    def as_dict(self) -> dict:
        return {
            "decimal": self.decimal,
            "date_format": self.date_format,
            "amounts_include_vat": self.amounts_include_vat,
        }


@dataclass
class LedgerResult:
    rows: int = 0
    valid: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    total: Decimal = Decimal("0.00")
    imported_total: Decimal = Decimal("0.00")
    period_start: date | None = None
    period_end: date | None = None
    suppliers: int = 0
    new_suppliers: int = 0
    linked_suppliers: int = 0
    decimal: str = ""
    currency: str = ""  # the import's currency
    detected_currency: str = ""  # what the file says, if anything
    currency_source: str = ""  # "column" (then fixed) or "sign" (a hint), or "" when unknown
    date_formats: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read
    overlapping: list[dict] = field(default_factory=list)
    # One supplier number with clearly different names (each became a supplier of its own),
    # and numbers that stand for many payees and key no supplier.
    supplier_conflicts: list[dict] = field(default_factory=list)
    generic_numbers: list[dict] = field(default_factory=list)
    supplier_plan_keys: dict = field(default_factory=dict, repr=False)
    same_file_before: str | None = None
    committed: bool = False

    def as_dict(self) -> dict:
        # Without the plan's keys (internal: which supplier each number and name went to),
        # which `asdict` would copy deeply, thousands of them, only to drop them.
        data = asdict(replace(self, supplier_plan_keys={}))
        del data["supplier_plan_keys"]
        data["total"] = f"{self.total:.2f}"
        data["imported_total"] = f"{self.imported_total:.2f}"
        data["period_start"] = self.period_start.isoformat() if self.period_start else None
        data["period_end"] = self.period_end.isoformat() if self.period_end else None
        return data


class Progress:
    """What the import reports while it runs; the job gives one that writes to the Job row."""

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        pass


def _error(result: LedgerResult, line: int, column: str, code: str, message: dict) -> None:
    """One problem in the shape of every import (`core.imports.problems`); `message` is a
    stored message, shown in the reader's language."""
    if len(result.errors) < MAX_LISTED_PROBLEMS:
        result.errors.append(Problem(line, column, code, message).as_dict())


def run_ledger_import(
    ledger: Frame,
    options: LedgerOptions,
    *,
    organisation,
    actor,
    dry_run: bool,
    ledger_import: LedgerImport | None = None,
    progress: Progress | None = None,
) -> LedgerResult:
    progress = progress or Progress()
    result = LedgerResult(rows=ledger.frame.height + len(ledger.ragged), notes=list(ledger.notes))
    mapping = {k: v for k, v in options.mapping.items() if v}
    check_ledger_mapping(mapping, ledger)
    for line, message in ledger.ragged:
        _error(result, line, "", "ragged", message)
    progress.update(0, 100, _("Checking %(rows)s lines") % {"rows": count(result.rows)})

    frame = valid_rows(ledger, mapping, options, result)
    result.valid = frame.height
    progress.update(30, 100)
    frame = _with_supplier_keys(frame, organisation, result)
    if frame.height:
        result.total = Decimal(int(frame["amount_cents"].sum())) / 100
        result.period_start = frame["date"].min()
        result.period_end = frame["date"].max()
    result.suppliers = frame["supplier_key"].n_unique() if frame.height else 0

    known = (
        set(Supplier.objects.filter(organisation=organisation).values_list("key", flat=True))
        if frame.height
        else set()
    )
    keys = set(frame["supplier_key"].unique().to_list()) if frame.height else set()
    result.new_suppliers = len(keys - known)
    if dry_run:
        _count_new_lines(frame, organisation, result, ledger_import)
        return result
    if ledger_import is None:
        raise ValueError("a ledger import row is needed to write lines")
    with _bulk_write_session(), transaction.atomic():
        # One import of an organisation writes at a time, and what is new is decided while
        # holding the lock: a second import of the same lines waits, then finds them there.
        lock_organisation(organisation.pk, "ledger-import")
        _refuse_same_file(organisation, ledger_import)
        # Suppliers again, under the lock: another import may have added some meanwhile.
        plan = plan_suppliers(frame, organisation)
        if plan.keys != result.supplier_plan_keys:
            frame = _with_supplier_keys(frame.drop("supplier_key"), organisation, result, plan)
        fresh = _count_new_lines(frame, organisation, result, ledger_import)
        progress.update(50, 100)
        supplier_ids = save_suppliers(organisation, fresh, result)
        fresh = _with_dimension_ids(organisation, fresh, mapping)
        fresh = fresh.with_columns(
            pl.col("supplier_key")
            .replace_strict(supplier_ids, return_dtype=pl.Int64)
            .alias("supplier_id")
        )
        progress.update(60, 100, _("Writing %(rows)s lines") % {"rows": count(fresh.height)})
        write_lines(organisation, ledger_import, fresh)
        ledger_import.currency = result.currency
        ledger_import.exchange_rate = None if result.currency == EURO else options.exchange_rate
        ledger_import.rate_set_at = timezone.now() if ledger_import.exchange_rate else None
        summarise_import(organisation, ledger_import, fresh)
        ledger_import.state = LedgerImport.State.COMMITTED
        # How the file was read, so it can be read the same way again (`splitting`).
        ledger_import.mapping, ledger_import.options = mapping, options.as_dict()
        ledger_import.rows_imported = result.imported
        ledger_import.total_cents = int(fresh["amount_cents"].sum()) if fresh.height else 0
        ledger_import.period_start = result.period_start
        ledger_import.period_end = result.period_end
        ledger_import.committed_at = timezone.now()
        ledger_import.summary = result.as_dict() | {"committed": True}
        ledger_import.save()
        log_action(
            "spend.ledger_imported",
            actor=actor,
            organisation=organisation,
            obj=ledger_import,
            after={
                "rows": result.rows,
                "imported": result.imported,
                "duplicates": result.duplicates,
                "rejected": result.rejected,
                "total": f"{result.total:.2f}",
            },
        )
    result.committed = True
    progress.update(100, 100, _("%(rows)s new lines imported") % {"rows": count(result.imported)})
    return result


def valid_rows(ledger: Frame, mapping, options: LedgerOptions, result) -> pl.DataFrame:
    """The file's rows typed and checked (rejected rows counted and listed in `result`), each
    with its KvK number, name key and lines key; the suppliers are not decided yet."""
    frame = _typed_frame(ledger, mapping, options, result)
    frame = _detect_currency(frame, ledger, mapping, options, result)
    frame, rejected = _split_rejected(frame, mapping, result)
    result.rejected = len(ledger.ragged) + rejected
    return _with_line_keys(frame, mapping, result)


class AlreadyImported(ValueError):
    """The same file is already imported, or being imported, for this organisation."""


def _refuse_same_file(organisation, ledger_import: LedgerImport) -> None:
    earlier = (
        LedgerImport.objects.filter(
            organisation=organisation,
            file_sha256=ledger_import.file_sha256,
            state=LedgerImport.State.COMMITTED,
        )
        .exclude(pk=ledger_import.pk)
        .order_by("committed_at")
        .first()
    )
    if earlier is not None and ledger_import.file_sha256:
        raise AlreadyImported(
            _("This exact file was already imported on %(date)s; nothing was added again.")
            % {
                "date": formats.date_format(
                    timezone.localtime(earlier.committed_at), "DATETIME_FORMAT"
                )
            }
        )


def _count_new_lines(frame, organisation, result: LedgerResult, ledger_import) -> pl.DataFrame:
    """The rows the organisation does not have yet, with the counts and notes of the result."""
    fresh = _without_duplicates(frame, organisation, result.period_start, result.period_end)
    result.duplicates = frame.height - fresh.height
    result.imported = fresh.height
    result.imported_total = (
        Decimal(int(fresh["amount_cents"].sum())) / 100 if fresh.height else Decimal("0.00")
    )
    result.overlapping = _overlapping(organisation, result, ledger_import)
    result.same_file_before = _same_file_before(organisation, ledger_import)
    return fresh


@contextmanager
def _bulk_write_session():
    """On SQLite a larger page cache for this connection while a million rows go in."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")


def check_ledger_mapping(mapping: dict[str, str], ledger: Frame) -> None:
    problems = []
    if "amount" not in mapping:
        problems.append(_("map a column to the amount"))
    if "supplier_name" not in mapping and "supplier_number" not in mapping:
        problems.append(_("map a column to the supplier name or the supplier number"))
    if "invoice_date" not in mapping and "booking_date" not in mapping:
        problems.append(_("map a column to the invoice date or the booking date"))
    unknown = set(mapping) - {f.name for f in FIELDS}
    if unknown:
        problems.append(_("unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if problems:
        raise MappingError(problems)
    check_mapping(mapping, ledger.columns)


def _typed_frame(
    ledger: Frame, mapping: dict[str, str], options: LedgerOptions, result: LedgerResult
) -> pl.DataFrame:
    source = ledger.frame
    decimal = options.decimal
    if decimal == "auto":
        decimal = detect_decimal_separator(source[mapping["amount"]])
    result.decimal = decimal
    lazy = source.lazy()
    columns = [pl.col(LINE)]
    for name in TEXT_FIELDS + ["supplier_kvk", "currency"]:
        columns.append(
            pl.col(mapping[name]).alias(f"raw_{name}")
            if name in mapping
            else pl.lit(None, dtype=pl.String).alias(f"raw_{name}")
        )
    columns.append(pl.col(mapping["amount"]).alias("raw_amount"))
    # Parsed beside the file's columns under names no header can have, then renamed.
    lazy = amount_to_cents(lazy, mapping["amount"], decimal, "\x1famount_cents")
    columns.append(pl.col("\x1famount_cents").alias("amount_cents"))
    if "vat_amount" in mapping:
        lazy = amount_to_cents(lazy, mapping["vat_amount"], decimal, "\x1fvat_cents")
        columns += [
            pl.col(mapping["vat_amount"]).alias("raw_vat_amount"),
            pl.col("\x1fvat_cents").alias("vat_cents"),
        ]
    else:
        columns += [
            pl.lit(None, dtype=pl.String).alias("raw_vat_amount"),
            pl.lit(None, dtype=pl.Int64).alias("vat_cents"),
        ]
    for name in ("invoice_date", "booking_date"):
        if name in mapping:
            date_format = options.date_format
            if date_format == "auto":
                date_format = detect_date_format(source[mapping[name]]) or "%d-%m-%Y"
            result.date_formats[name] = date_format
            columns += [
                pl.col(mapping[name]).alias(f"raw_{name}"),
                parse_dates(mapping[name], date_format).alias(name),
            ]
        else:
            columns += [
                pl.lit(None, dtype=pl.String).alias(f"raw_{name}"),
                pl.lit(None, dtype=pl.Date).alias(name),
            ]
    return (
        lazy.select(columns)
        .with_columns(pl.coalesce("invoice_date", "booking_date").alias("date"))
        .collect()
    )


def _detect_currency(
    frame: pl.DataFrame, ledger: Frame, mapping, options: LedgerOptions, result
) -> pl.DataFrame:
    """The import's currency: as chosen, else from the currency column (each row's currency
    is checked against it), else from a sign or code in the amounts (a hint the person may
    overrule), else euros. Adds each row's `currency` (null without a currency column)."""
    if "currency" in mapping:
        cells = frame["raw_currency"].drop_nulls().unique().to_list()
        codes = {cell: normalise(cell) for cell in cells}
        frame = frame.with_columns(
            pl.col("raw_currency")
            .replace_strict(codes, default=None, return_dtype=pl.String)
            .alias("currency")
        )
        counts = frame["currency"].drop_nulls().value_counts(sort=True)
        if counts.height:
            result.detected_currency, result.currency_source = counts[0, 0], "column"
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("currency"))
        sample = ledger.frame[mapping["amount"]].head(20000)
        signs = sample.str.extract(SIGN_PATTERN, 1).drop_nulls()
        counts = signs.map_elements(normalise, return_dtype=pl.String).drop_nulls()
        if counts.len():
            result.detected_currency = counts.value_counts(sort=True)[0, 0]
            result.currency_source = "sign"
    if result.currency_source == "column":
        result.currency = result.detected_currency
    else:
        result.currency = options.currency or result.detected_currency or EURO
    return frame


def _split_rejected(
    frame: pl.DataFrame, mapping: dict[str, str], result: LedgerResult
) -> tuple[pl.DataFrame, int]:
    """Collect every problem of every row; return the valid rows and the number rejected."""
    checks: list[tuple[pl.Expr, str, object]] = [
        (
            pl.col("raw_currency").is_not_null() & pl.col("currency").is_null(),
            "currency",
            "currency",
        ),
        (
            pl.col("currency").is_not_null() & (pl.col("currency") != result.currency),
            "currency",
            "other_currency",
        ),
        (pl.col("raw_amount").is_null(), "amount", _("no amount")),
        (pl.col("raw_amount").is_not_null() & pl.col("amount_cents").is_null(), "amount", "amount"),
        (
            pl.col("raw_vat_amount").is_not_null() & pl.col("vat_cents").is_null(),
            "vat_amount",
            "vat_amount",
        ),
        (
            pl.col("raw_supplier_name").is_null() & pl.col("raw_supplier_number").is_null(),
            "supplier_name",
            gettext_noop("no supplier"),
        ),
        (
            pl.col("raw_invoice_date").is_null() & pl.col("raw_booking_date").is_null(),
            "invoice_date",
            gettext_noop("no date"),
        ),
        (
            pl.col("raw_invoice_date").is_not_null() & pl.col("invoice_date").is_null(),
            "invoice_date",
            "invoice_date",
        ),
        (
            pl.col("raw_booking_date").is_not_null() & pl.col("booking_date").is_null(),
            "booking_date",
            "booking_date",
        ),
    ]
    for name in TEXT_FIELDS:
        checks.append((formula_cells(f"raw_{name}"), name, "formula"))
        if name in MAX_LENGTHS:
            checks.append(
                (pl.col(f"raw_{name}").str.len_chars() > MAX_LENGTHS[name], name, "length")
            )
    flags = frame.select([check.alias(f"c{i}") for i, (check, _c, _m) in enumerate(checks)])
    bad_any = flags.select(pl.any_horizontal(pl.all().fill_null(False))).to_series()
    bad_rows = frame.filter(bad_any)
    bad_flags = flags.filter(bad_any)
    for row, row_flags in zip(bad_rows.iter_rows(named=True), bad_flags.iter_rows(), strict=True):
        if len(result.errors) >= MAX_LISTED_PROBLEMS:
            break
        for (_check, field_name, message), flagged in zip(checks, row_flags, strict=True):
            if flagged:
                _error(
                    result,
                    row[LINE],
                    mapping.get(field_name, field_name),
                    message if " " not in message else "missing",
                    _describe(field_name, message, row, result.currency),
                )
    return frame.filter(~bad_any), bad_rows.height


def _describe(field_name: str, message, row: dict, currency: str) -> dict:
    """The problem as a stored message (`core.stored_text`): English with its values, translated
    when the import's page is read."""
    label = stored_label(FIELD_LABELS.get(field_name, field_name))
    value = row.get(f"raw_{field_name}")
    if message in ("amount", "vat_amount"):
        return stored(
            gettext_noop("“%(value)s” is not an amount with at most two decimals"), value=value
        )
    if message in ("invoice_date", "booking_date"):
        return stored(
            gettext_noop("“%(value)s” is not a date in the file's date format"), value=value
        )
    if message == "currency":
        return stored(
            gettext_noop(
                "currency “%(value)s” is not one this platform knows (use a code such as EUR)"
            ),
            value=value,
        )
    if message == "other_currency":
        return stored(
            gettext_noop(
                "the amount is in %(value)s, the rest of the file in %(currency)s: import each "
                "currency as a file of its own"
            ),
            value=row.get("currency"),
            currency=currency,
        )
    if message == "formula":
        return stored(
            gettext_noop("%(field)s “%(value)s” looks like a spreadsheet formula; not imported"),
            field=label,
            value=(value or "")[:60],
        )
    if message == "length":
        return stored(
            gettext_noop("%(field)s is longer than %(max)d characters"),
            field=label,
            max=MAX_LENGTHS[field_name],
        )
    return stored(str(message))


def _with_supplier_keys(
    frame: pl.DataFrame, organisation, result: LedgerResult, plan: SupplierPlan | None = None
) -> pl.DataFrame:
    """Each row's supplier (`supplier_keys`), with the numbers that stand for several."""
    plan = plan or plan_suppliers(frame, organisation)
    result.supplier_conflicts = plan.conflicts
    result.generic_numbers = plan.generic
    result.supplier_plan_keys = plan.keys
    return plan.apply(frame)


def _with_line_keys(
    frame: pl.DataFrame, mapping: dict[str, str], result: LedgerResult
) -> pl.DataFrame:
    """A valid KvK number, the name key, and the lines key: ledger number first, then the KvK
    number, then the name with its legal form removed."""
    kvk = pl.col("raw_supplier_kvk").str.replace_all(r"[\s.\-]", "")
    kvk = pl.when(kvk.str.contains(r"^\d{1,8}$")).then(kvk.str.zfill(8)).otherwise(None)
    frame = frame.with_columns(kvk.alias("supplier_kvk"))
    invalid_kvk = (
        frame.filter(pl.col("raw_supplier_kvk").is_not_null() & pl.col("supplier_kvk").is_null())
        .select(LINE, "raw_supplier_kvk")
        .head(MAX_LISTED_PROBLEMS)
    )
    for line, value in invalid_kvk.iter_rows():
        message = stored(gettext_noop("KvK number “%(value)s” ignored: not 8 digits"), value=value)
        column = mapping.get("supplier_kvk", "")
        result.warnings.append(Problem(line, column, "kvk_ignored", message).as_dict())
    names = frame["raw_supplier_name"].drop_nulls().unique()
    keys = pl.DataFrame(
        {"raw_supplier_name": names, "name_key": [name_key(name) for name in names.to_list()]},
        schema={"raw_supplier_name": pl.String, "name_key": pl.String},
    )
    frame = frame.join(keys, on="raw_supplier_name", how="left")
    return frame.with_columns(lines_key_expression().alias("lines_key")).sort(LINE)


# What makes two lines the same line. The supplier is its lines key (the number as the file
# has it), not the supplier key: lines imported before one number was split by name keep
# matching the same lines of the file, so importing an earlier file again still adds nothing.
CANONICAL = [
    "lines_key",
    "raw_invoice_number",
    "invoice_date",
    "booking_date",
    "amount_cents",
    "vat_cents",
    "raw_description",
    "raw_cost_centre",
    "raw_department",
    "raw_ledger_account",
    "raw_category",
]


def _canonical(frame: pl.DataFrame) -> pl.Expr:
    return pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in CANONICAL], separator="\x1f"
    )


def _without_duplicates(frame: pl.DataFrame, organisation, start, end) -> pl.DataFrame:
    """The rows of `frame` the organisation does not have yet, counting identical lines."""
    if frame.height == 0:
        return frame
    existing = _existing_lines(organisation, start, end)
    if existing.height == 0:
        return frame
    frame = frame.with_columns(_canonical(frame).alias("canonical"))
    frame = frame.with_columns(pl.col("canonical").cum_count().over("canonical").alias("nth"))
    counts = existing.select(_canonical(existing).alias("canonical")).group_by("canonical").len()
    frame = frame.join(counts, on="canonical", how="left").with_columns(pl.col("len").fill_null(0))
    return frame.filter(pl.col("nth") > pl.col("len")).drop("canonical", "nth", "len").sort(LINE)


def _existing_lines(organisation, start, end) -> pl.DataFrame:
    """The organisation's lines in the period, in the shape of the file's rows. Read with one
    plain query and ids mapped to names here: a join per dimension over a million rows is slow."""
    table = LedgerLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT supplier_id, invoice_number, invoice_date, booking_date, amount_cents, "  # noqa: S608
            f"vat_cents, description, cost_centre_id, department_id, ledger_account, category_id "
            f"FROM {table} WHERE organisation_id = %s AND date >= %s AND date <= %s",
            [organisation.pk, start, end],
        )
        rows = cursor.fetchall()
    ids = [
        "supplier_id",
        "raw_invoice_number",
        "invoice_date",
        "booking_date",
        "amount_cents",
        "vat_cents",
        "raw_description",
        "cost_centre_id",
        "department_id",
        "raw_ledger_account",
        "category_id",
    ]
    frame = pl.DataFrame(rows, schema=ids, orient="row", infer_schema_length=None)
    names = {
        "cost_centre_id": ("raw_cost_centre", CostCentre, "name"),
        "department_id": ("raw_department", Department, "name"),
        "category_id": ("raw_category", Category, "name"),
    }
    suppliers = Supplier.objects.filter(organisation=organisation)
    columns = [
        pl.col("supplier_id")
        .cast(pl.Int64)
        .replace_strict(
            {
                pk: lines_key(key, number)
                for pk, key, number in suppliers.values_list("pk", "key", "ledger_number")
            },
            default=None,
            return_dtype=pl.String,
        )
        .alias("lines_key")
    ]
    for column, (alias, model, field_name) in names.items():
        lookup = dict(model.objects.filter(organisation=organisation).values_list("pk", field_name))
        columns.append(
            pl.col(column)
            .cast(pl.Int64)
            .replace_strict(lookup, default=None, return_dtype=pl.String)
            .alias(alias)
        )
    for column in ("invoice_date", "booking_date"):
        columns.append(
            pl.col(column)
            .cast(pl.String)
            .str.slice(0, 10)
            .str.strptime(pl.Date, "%Y-%m-%d", strict=False)
            .alias(column)
        )
    text = ["raw_invoice_number", "raw_description", "raw_ledger_account"]
    columns += [pl.col(c).cast(pl.String).replace("", None) for c in text]
    columns += [pl.col("amount_cents").cast(pl.Int64), pl.col("vat_cents").cast(pl.Int64)]
    return (
        frame.select(columns)
        if frame.height
        else pl.DataFrame(schema=dict.fromkeys(CANONICAL, pl.String))
    )


def _same_file_before(organisation, ledger_import) -> str | None:
    if ledger_import is None or not ledger_import.file_sha256:
        return None
    earlier = (
        LedgerImport.objects.filter(
            organisation=organisation,
            file_sha256=ledger_import.file_sha256,
            state=LedgerImport.State.COMMITTED,
        )
        .exclude(pk=ledger_import.pk)
        .order_by("committed_at")
        .first()
    )
    if earlier is None:
        return None
    return _("This exact file was already imported on %(date)s; its lines are not added again.") % {
        "date": formats.date_format(timezone.localtime(earlier.committed_at), "DATETIME_FORMAT")
    }


def _overlapping(organisation, result: LedgerResult, ledger_import) -> list[dict]:
    if result.period_start is None:
        return []
    others = LedgerImport.objects.filter(
        organisation=organisation,
        state=LedgerImport.State.COMMITTED,
        period_start__lte=result.period_end,
        period_end__gte=result.period_start,
    )
    if ledger_import is not None:
        others = others.exclude(pk=ledger_import.pk)
    return [
        {
            "id": other.pk,
            "file": other.file_name,
            "from": other.period_start.isoformat(),
            "until": other.period_end.isoformat(),
        }
        for other in others[:20]
    ]


def save_suppliers(organisation, frame: pl.DataFrame, result: LedgerResult) -> dict[str, int]:
    if frame.height == 0:
        return {}
    firsts = frame.group_by("supplier_key", maintain_order=True).agg(
        pl.col("raw_supplier_name").drop_nulls().first(),
        pl.col("raw_supplier_number").drop_nulls().first(),
        pl.col("supplier_kvk").drop_nulls().first(),
    )
    existing = {s.key: s for s in Supplier.objects.filter(organisation=organisation)}
    kvks = [k for k in firsts["supplier_kvk"].to_list() if k]
    companies = dict(Company.objects.filter(kvk_number__in=kvks).values_list("kvk_number", "pk"))
    new, updated = [], []
    for key, name, number, kvk in firsts.iter_rows():
        supplier = existing.get(key)
        if supplier is None:
            new.append(
                (
                    key[:220],
                    (name or number or "")[:200],
                    number or "",
                    kvk or "",
                    companies.get(kvk),
                )
            )
        elif kvk and not supplier.kvk_number:
            supplier.kvk_number = kvk
            supplier.company_id = supplier.company_id or companies.get(kvk)
            updated.append(supplier)
    _insert_suppliers(organisation, new)
    if updated:
        Supplier.objects.bulk_update(updated, ["kvk_number", "company"], batch_size=2000)
    result.new_suppliers = len(new)
    result.linked_suppliers = sum(1 for row in new if row[4]) + sum(
        1 for s in updated if s.company_id
    )
    return dict(Supplier.objects.filter(organisation=organisation).values_list("key", "pk"))


def _insert_suppliers(organisation, rows: list[tuple]) -> None:
    if not rows:
        return
    if connection.vendor != "sqlite":
        Supplier.objects.bulk_create(
            [
                Supplier(
                    organisation=organisation,
                    key=key,
                    name=name,
                    ledger_number=number,
                    kvk_number=kvk,
                    company_id=company,
                )
                for key, name, number, kvk, company in rows
            ],
            batch_size=2000,
        )
        return
    now = timezone.now().isoformat(sep=" ")
    frame = pl.DataFrame(
        rows,
        schema={
            "key": pl.String,
            "name": pl.String,
            "ledger_number": pl.String,
            "kvk_number": pl.String,
            "company_id": pl.Int64,
        },
        orient="row",
    )
    frame = frame.with_columns(pl.lit(now).alias("created_at"))
    variable = ["key", "name", "ledger_number", "kvk_number", "company_id", "created_at"]
    insert_rows(
        Supplier._meta.db_table,
        ["organisation_id", *variable],
        variable,
        frame,
        constants=(organisation.pk,),
    )


def _with_dimension_ids(organisation, frame: pl.DataFrame, mapping) -> pl.DataFrame:
    for model, name in (
        (Department, "department"),
        (CostCentre, "cost_centre"),
        (Category, "category"),
    ):
        column = f"raw_{name}"
        values = [v for v in frame[column].unique().to_list() if v] if frame.height else []
        ids = dict(
            model.objects.filter(organisation=organisation, name__in=values).values_list(
                "name", "pk"
            )
        )
        missing = [model(organisation=organisation, name=v) for v in values if v not in ids]
        model.objects.bulk_create(missing, batch_size=2000)
        if missing:
            ids = dict(
                model.objects.filter(organisation=organisation, name__in=values).values_list(
                    "name", "pk"
                )
            )
        frame = frame.with_columns(
            pl.col(column)
            .replace_strict(ids, default=None, return_dtype=pl.Int64)
            .alias(f"{name}_id")
        )
    return frame
