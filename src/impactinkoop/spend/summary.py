"""The monthly summary of an import's lines (MonthlySpend), written in one INSERT … SELECT so
the database does the summing; the baseline reads only this table."""

from django.db import connection

from .models import LedgerLine, MonthlySpend

_MONTH = {
    "sqlite": "date(date, 'start of month')",
    "postgresql": "CAST(date_trunc('month', date) AS date)",
}


def summarise_import(ledger_import) -> int:
    """Sum the import's lines per month and dimension; returns the number of summary rows."""
    lines = LedgerLine._meta.db_table
    monthly = MonthlySpend._meta.db_table
    month = _MONTH[connection.vendor]
    columns = "organisation_id, ledger_import_id, supplier_id, department_id, cost_centre_id, "
    columns += "category_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {monthly} ({columns}, month, amount_cents, lines) "  # noqa: S608
            f"SELECT {columns}, {month}, SUM(amount_cents), COUNT(*) FROM {lines} "
            f"WHERE ledger_import_id = %s GROUP BY {columns}, {month}",
            [ledger_import.pk],
        )
        return cursor.rowcount


def refresh_statistics() -> None:
    """After a large import the planner's row estimates are stale (PostgreSQL would plan a
    million lines as nine and pick nested loops); refresh them for the tables reports read."""
    tables = [LedgerLine._meta.db_table, MonthlySpend._meta.db_table, "spend_supplier"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
