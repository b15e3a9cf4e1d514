"""Extra columns of the contracts list that apps above contracts fill in (social return's
balance per contract). Contracts cannot import them, so they register a column here in their
AppConfig.ready, as plans registers its theme source (`themes.py`)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """`label` heads the column; `values(organisation, contracts)` answers, for the contracts on
    one page, a dict of contract id to the text shown (missing ids show a dash). `total`, when
    given, answers the text of the footer cell under the column for the same contracts; without
    it the footer cell stays empty, so the table keeps a cell under every column."""

    key: str
    label: object
    values: Callable[[object, list], dict[int, str]]
    total: Callable[[object, list], str] | None = None


_COLUMNS: list[Column] = []


def register_column(column: Column) -> Column:
    if all(existing.key != column.key for existing in _COLUMNS):
        _COLUMNS.append(column)
    return column


def extra_columns(organisation, contracts: list) -> list[tuple[Column, dict[int, str]]]:
    """Every registered column with its values for these contracts (one query per column)."""
    return [(column, column.values(organisation, contracts)) for column in _COLUMNS]


def extra_totals(organisation, contracts: list) -> list[str]:
    """The footer cell of every registered column for these contracts ("" when it has none)."""
    return [
        column.total(organisation, contracts) if column.total is not None else ""
        for column in _COLUMNS
    ]
