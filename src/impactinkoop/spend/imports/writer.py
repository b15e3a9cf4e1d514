"""Writing ledger lines in bulk: one prepared INSERT run over all rows on SQLite, COPY on
PostgreSQL. Never an ORM save per row: a year's ledger has a million lines."""

import io
import sqlite3
from itertools import chain

import polars as pl
from django.db import connection

from ..models import LedgerLine

COLUMNS = [
    "organisation_id",
    "ledger_import_id",
    "line_number",
    "supplier_id",
    "invoice_number",
    "invoice_date",
    "booking_date",
    "date",
    "amount_cents",
    "vat_cents",
    "department_id",
    "cost_centre_id",
    "category_id",
    "ledger_account",
    "description",
]
# Python's sqlite3 binds None through its adapter look-up (attribute probes on NoneType), which
# makes a row with empty columns up to twice as slow to insert. A registered adapter is found at
# once and changes nothing: None is still bound as NULL.
sqlite3.register_adapter(type(None), lambda value: value)

CHUNK = 25_000  # rows turned into Python values at a time: bounds memory
# Rows per INSERT statement: as many as SQLite's 32,766 parameters allow, up to this many.
ROWS_PER_STATEMENT = 2000
MAX_PARAMETERS = 32_000


def _rows_frame(organisation, ledger_import, frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.lit(organisation.pk, dtype=pl.Int64).alias("organisation_id"),
        pl.lit(ledger_import.pk, dtype=pl.Int64).alias("ledger_import_id"),
        pl.col("__line").alias("line_number"),
        pl.col("supplier_id"),
        pl.col("raw_invoice_number").fill_null("").alias("invoice_number"),
        pl.col("invoice_date"),
        pl.col("booking_date"),
        pl.col("date"),
        pl.col("amount_cents"),
        pl.col("vat_cents"),
        pl.col("department_id"),
        pl.col("cost_centre_id"),
        pl.col("category_id"),
        pl.col("raw_ledger_account").fill_null("").alias("ledger_account"),
        pl.col("raw_description").fill_null("").alias("description"),
    ).sort("date")  # in index order: the (organisation, date) index grows at its end


def write_lines(organisation, ledger_import, frame: pl.DataFrame) -> int:
    if frame.height == 0:
        return 0
    rows = _rows_frame(organisation, ledger_import, frame)
    table = LedgerLine._meta.db_table
    if connection.vendor == "postgresql":
        return copy_postgresql(table, rows)
    return _insert_many(table, rows)


def _insert_many(table: str, rows: pl.DataFrame) -> int:
    # The two ids are the same for every row: written into the statement, not bound a million
    # times. Both are integers from our own rows, never text from the file.
    organisation_id = int(rows["organisation_id"][0])
    import_id = int(rows["ledger_import_id"][0])
    variable = COLUMNS[2:]
    dates = ("invoice_date", "booking_date", "date")
    rows = rows.select(variable).with_columns([pl.col(c).cast(pl.String) for c in dates])
    return insert_rows(table, COLUMNS, variable, rows, constants=(organisation_id, import_id))


def insert_rows(
    table: str,
    columns: list[str],
    variable: list[str],
    rows: pl.DataFrame,
    constants: tuple[int, ...] = (),
) -> int:
    """SQLite: multi-row INSERT statements of up to ROWS_PER_STATEMENT rows, half the time of one
    statement per row, because SQLite prepares and steps once per statement, not per row.
    `constants` are integer values for the first columns, the same in every row. A column that
    is empty in every row (a ledger without VAT or departments) is written as NULL in the
    statement rather than bound once per row."""
    empty = {name for name in variable[1:] if rows[name].null_count() == rows.height}
    bound = [name for name in variable if name not in empty]  # the first always, so some are
    fixed = "".join(f"{int(value)}, " for value in constants)
    cells = ", ".join("NULL" if name in empty else "?" for name in variable)
    one_row = f"({fixed}{cells})"
    prefix = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
    width = len(bound)
    per_statement = min(ROWS_PER_STATEMENT, MAX_PARAMETERS // width)
    full = prefix + ", ".join([one_row] * per_statement)
    step = per_statement * width
    raw = connection.connection  # sqlite3's own connection: no per-call wrapper work
    for start in range(0, rows.height, CHUNK):
        chunk = rows.slice(start, CHUNK)
        flat = list(chain.from_iterable(zip(*(chunk[c].to_list() for c in bound), strict=True)))
        whole = len(flat) - len(flat) % step
        for offset in range(0, whole, step):
            raw.execute(full, flat[offset : offset + step])
        if whole < len(flat):
            count = (len(flat) - whole) // width
            raw.execute(prefix + ", ".join([one_row] * count), flat[whole:])
    return rows.height


def copy_postgresql(table: str, rows: pl.DataFrame, columns: list[str] = COLUMNS) -> int:
    """PostgreSQL: COPY the frame's `columns` (in that order) into `table`."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(sql) as copy:
            for start in range(0, rows.height, CHUNK):
                buffer = io.BytesIO()
                # Strings are always quoted, so an empty text stays text; nulls stay unquoted.
                rows.slice(start, CHUNK).write_csv(
                    buffer, include_header=False, quote_style="non_numeric", null_value=""
                )
                copy.write(buffer.getvalue())
    return rows.height
