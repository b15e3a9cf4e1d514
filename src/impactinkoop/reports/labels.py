"""What the report's figures are called and how they are written, in the reader's language.

A snapshot (`snapshot.py`) keeps values and keys only, so a frozen edition reads in Dutch and in
English; everything a person reads is looked up here when it is shown: the label of every figure
key, table key, column key and choice-coded row key, and `display(value, unit)`, which writes
money as the spend dashboard does ("€ 1.234,56"), shares as its percentages ("4,6 %"), counts
with grouping and counts of people as `core.suppression.HIDDEN` ("< 5") where they are hidden.
The public page uses the same functions."""

import json
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from impactinkoop.core import numbers, stored_text
from impactinkoop.core.suppression import HIDDEN
from impactinkoop.plans.progress import STATUS_LABELS
from impactinkoop.registry.sources import Source
from impactinkoop.sroi.models import TargetGroup
from impactinkoop.sroi.monitoring import RESIDENCE_LABELS

from .figures import NO_DEPARTMENT, NOT_ENTERED
from .models import GoalEvaluation
from .snapshot import Figure, Row, Table

NOTHING = "—"

SECTION_LABELS = {
    "spend": _("Spend at social enterprises"),
    "purchases": _("Purchases from the catalogue"),
    "tenders": _("Tenders and MVI"),
    "sroi": _("Social return"),
    "goals": _("Goals"),
}

FIGURE_LABELS = {
    "spend.total": _("Total spend"),
    "spend.social": _("At social enterprises"),
    "spend.social_share": _("Share at social enterprises"),
    "spend.baseline_total": _("Total spend in the baseline"),
    "spend.baseline_social": _("At social enterprises in the baseline"),
    "spend.baseline_social_share": _("Share at social enterprises in the baseline"),
    "spend.local": _("Local spend (own municipality)"),
    "spend.local_share": _("Local share of all spend"),
    "spend.region": _("Spend in the labour-market region"),
    "spend.region_share": _("Share of all spend in the labour-market region"),
    "purchases.count": _("Recorded purchases"),
    "purchases.amount": _("Amount of the recorded purchases"),
    "purchases.extra_amount": _("Not yet in the ledger (counted from the record)"),
    "purchases.social_extra_amount": _("Of which at enterprises that count under your policy"),
    "tenders.above_threshold": _("Tenders above the MVOI threshold"),
    "tenders.with_mvi": _("with MVI applied"),
    "tenders.mvi_share": _("Share of tenders with MVI applied"),
    "tenders.at_ambition_2_or_3": _("with a theme at ambition level 2 or 3"),
    "tenders.ambition_share": _("Share of tenders at ambition level 2 or 3"),
    "tenders.with_social_return": _("with social return"),
    "tenders.social_return_share": _("Share of tenders with social return"),
    "sroi.obligated": _("Social return obligated (whole period)"),
    "sroi.accepted": _("Social return realised and accepted"),
    "sroi.pending": _("Social return reported, waiting for review"),
    "sroi.people": _("People placed"),
}

TABLE_LABELS = {
    "spend.by_department": _("Spend by department"),
    "spend.by_source": _("Social spend by qualification"),
    "tenders.by_ambition": _("Tenders with MVI by their highest ambition level"),
    "sroi.placements_by_target_group": _("Placements by target group"),
    "sroi.placements_by_residence": _("Placements by residence"),
}

# The first column's heading: what the rows are.
ROW_HEADINGS = {
    "spend.by_department": _("Department"),
    "spend.by_source": _("Source"),
    "tenders.by_ambition": _("Highest ambition level"),
    "sroi.placements_by_target_group": _("Target group"),
    "sroi.placements_by_residence": _("Lives in"),
}

COLUMN_LABELS = {
    "total": _("Total"),
    "social": _("At social enterprises"),
    "social_share": _("Social share"),
    "tenders": _("Tenders"),
    "placements": _("Placements"),
    "learning_places": _("Learning places"),
    "people": _("People"),
}

OUTCOME_LABELS = dict(GoalEvaluation.Outcome.choices)


def figure_label(key: str) -> str:
    return str(FIGURE_LABELS.get(key, key))


def table_label(key: str) -> str:
    return str(TABLE_LABELS.get(key, key))


def row_heading(key: str) -> str:
    return str(ROW_HEADINGS.get(key, ""))


def column_label(key: str) -> str:
    return str(COLUMN_LABELS.get(key, key))


def section_label(key: str) -> str:
    return str(SECTION_LABELS.get(key, key))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, "")) if outcome else ""


def row_label(table_key: str, row: Row) -> str:
    """A row's label: as given (a department's name), else its code translated."""
    if row.label:
        return row.label
    code = row.key
    if table_key == "spend.by_department" and code == NO_DEPARTMENT:
        return str(_("(not given)"))
    if table_key == "spend.by_source" and code in Source.values:
        return str(Source(code).label)
    if table_key == "tenders.by_ambition":
        return _("Level %(level)s") % {"level": code}
    if table_key == "sroi.placements_by_target_group":
        if code == NOT_ENTERED:
            return str(_("Not entered"))
        if code in TargetGroup.values:
            return str(TargetGroup(code).label)
    if table_key == "sroi.placements_by_residence" and code in RESIDENCE_LABELS:
        return str(RESIDENCE_LABELS[code])
    return code


def column_unit(table: Table, column: str) -> str:
    """A column's unit: the table's, except a share column in a table of money."""
    return "share" if column.endswith("share") else table.unit


def euros(value) -> str:
    """Money as the dashboard writes it (`core.templatetags.money.euros`)."""
    return "€\u00a0" + number_format(Decimal(value), decimal_pos=2, force_grouping=True)


def display(value, unit: str) -> str:
    """A value written in the reader's language for its unit."""
    if value is None:
        return HIDDEN if unit == "people" else NOTHING
    if unit == "eur":
        return euros(value)
    if unit == "share":
        return numbers.percent(value)
    return numbers.count(value)


def figure_note(figure: Figure) -> str:
    """The sentence that qualifies a figure ("the ledger does not reach the end of the year"),
    in the reader's language; "" when there is none."""
    if not figure.note:
        return ""
    try:
        return stored_text.shown(json.loads(figure.note))
    except ValueError:
        return figure.note


def figure_display(figure: Figure) -> str:
    return display(figure.value, figure.unit)


def cell_display(table: Table, index: int, value) -> str:
    return display(value, column_unit(table, table.columns[index]))


def goal_value(value, unit: str) -> str:
    """A goal's value or target with its own unit ("12,50 %")."""
    if value is None:
        return NOTHING
    shown = number_format(Decimal(value), decimal_pos=2, force_grouping=True)
    return f"{shown}\u00a0{unit}".strip() if unit else shown
