"""The steps of the register import wizard that views and jobs share: reading the stored file
and turning the import row into options."""

from impactinkoop.core.tabular import Limits, Table, read_table

from .importing import ImportOptions
from .models import RegisterImport


def table_for(register_import: RegisterImport) -> Table:
    """Every row of the import's file: only in the worker (the pages use the stored preview)."""
    return read_table(
        bytes(register_import.file.data),
        register_import.file.name,
        register_import.sheet or None,
        Limits.for_import("register"),
    )


def options_for(register_import: RegisterImport) -> ImportOptions:
    return ImportOptions(
        source=register_import.source,
        mapping=register_import.mapping,
        level=register_import.level,
        region=register_import.region,
        valid_from=register_import.valid_from,
        valid_until=register_import.valid_until,
        organisation=register_import.organisation,
        allow_rejected=register_import.allow_rejected,
    )
