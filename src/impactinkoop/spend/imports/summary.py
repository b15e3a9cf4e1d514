"""The monthly summary of an import's lines (MonthlySpend), summed from the import's own frame
while it is in memory (polars, a few tens of milliseconds for a million lines) and written in bulk;
the baseline reads only this table."""

import logging

import polars as pl
from django.db import OperationalError, connection

from ..models import LedgerLine, MonthlySpend
from .currency import EURO, converted
from .writer import copy_postgresql, insert_rows

logger = logging.getLogger(__name__)

KEYS = ["supplier_id", "department_id", "cost_centre_id", "category_id", "month"]


def summarise_import(organisation, ledger_import, frame: pl.DataFrame) -> int:
    """Sum the import's lines per month and dimension, in euros; returns the number of summary
    rows. An import in another currency is summed once its exchange rate is known, each line
    converted on its own (`currency.converted`); until then it has no rows here, so the
    baseline leaves it out."""
    if frame.height == 0:
        return 0
    if ledger_import.currency != EURO:
        if ledger_import.exchange_rate is None:
            return 0
        frame = converted(frame, ledger_import.exchange_rate)
    monthly = (
        frame.with_columns(pl.col("date").dt.truncate("1mo").alias("month"))
        .group_by(KEYS)
        .agg(pl.col("amount_cents").sum(), pl.len().alias("lines"))
    )
    table = MonthlySpend._meta.db_table
    variable = [*KEYS, "amount_cents", "lines"]
    if connection.vendor == "postgresql":
        rows = monthly.select(
            pl.lit(organisation.pk, dtype=pl.Int64).alias("organisation_id"),
            pl.lit(ledger_import.pk, dtype=pl.Int64).alias("ledger_import_id"),
            *variable,
        )
        return copy_postgresql(table, rows, ["organisation_id", "ledger_import_id", *variable])
    rows = monthly.select(variable).with_columns(pl.col("month").cast(pl.String))
    return insert_rows(
        table,
        ["organisation_id", "ledger_import_id", *variable],
        variable,
        rows,
        constants=(organisation.pk, ledger_import.pk),
    )


def rebuild_summary(ledger_import) -> int:
    """Sum an import's stored lines again (after its exchange rate changed, or its lines moved
    to another supplier): its summary rows are replaced in the caller's transaction."""
    MonthlySpend.objects.filter(ledger_import=ledger_import)._raw_delete(MonthlySpend.objects.db)
    table = LedgerLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT supplier_id, department_id, cost_centre_id, category_id, date, amount_cents "  # noqa: S608
            f"FROM {table} WHERE organisation_id = %s AND date >= %s AND date <= %s "
            f"AND ledger_import_id = %s",
            [
                ledger_import.organisation_id,
                ledger_import.period_start,
                ledger_import.period_end,
                ledger_import.pk,
            ],
        )
        rows = cursor.fetchall()
    # Dates come as dates or as text, depending on the database.
    rows = [(*row[:4], str(row[4])[:10], row[5]) for row in rows]
    frame = pl.DataFrame(
        rows,
        schema={
            "supplier_id": pl.Int64,
            "department_id": pl.Int64,
            "cost_centre_id": pl.Int64,
            "category_id": pl.Int64,
            "date": pl.String,
            "amount_cents": pl.Int64,
        },
        orient="row",
    )
    frame = frame.with_columns(pl.col("date").str.strptime(pl.Date, "%Y-%m-%d"))
    return summarise_import(ledger_import.organisation, ledger_import, frame)


def refresh_statistics() -> None:
    """After a large import the planner's row estimates are stale (PostgreSQL would plan a
    million lines as nine and pick nested loops); refresh them for the tables reports read."""
    tables = [LedgerLine._meta.db_table, MonthlySpend._meta.db_table, "spend_supplier"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            # Best effort: another worker's import may hold the one write lock longer than the
            # busy timeout, and statistics a little stale cost less than a failed follow-up.
            try:
                cursor.execute("PRAGMA optimize")
            except OperationalError as error:
                logger.warning("PRAGMA optimize skipped: %s", error)
