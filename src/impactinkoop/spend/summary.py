"""The monthly summary of an import's lines (MonthlySpend), summed from the import's own frame
while it is in memory (polars, a few tens of milliseconds for a million lines) and written in bulk;
the baseline reads only this table."""

import polars as pl
from django.db import connection

from .models import LedgerLine, MonthlySpend
from .writer import copy_postgresql, insert_rows

KEYS = ["supplier_id", "department_id", "cost_centre_id", "category_id", "month"]


def summarise_import(organisation, ledger_import, frame: pl.DataFrame) -> int:
    """Sum the import's lines per month and dimension; returns the number of summary rows."""
    if frame.height == 0:
        return 0
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


def refresh_statistics() -> None:
    """After a large import the planner's row estimates are stale (PostgreSQL would plan a
    million lines as nine and pick nested loops); refresh them for the tables reports read."""
    tables = [LedgerLine._meta.db_table, MonthlySpend._meta.db_table, "spend_supplier"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
