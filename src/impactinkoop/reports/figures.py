"""The report's figures, collected from the other apps' query modules (`spend.queries`,
`catalogue.purchases`, `contracts.figures`, `sroi.monitoring`, `plans.progress`), never from
their tables. Every figure and table carries the address of the page that shows the same
number (its drill-down), so a reader and an auditor can check it there.

Counts of people are suppressed here, at collection (decision 0022): the report is meant to be
shared outside, so a count from 1 to 4, and a value one subtraction would reveal, is stored as
None and shown as `core.suppression.HIDDEN` everywhere.

The keys are fixed (`FIGURE_KEYS`, `TABLE_KEYS`): the public page and its open data use them."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from impactinkoop.catalogue import purchases
from impactinkoop.contracts import figures as contract_figures
from impactinkoop.core.stored_text import stored
from impactinkoop.plans import progress as plan_progress
from impactinkoop.plans.models import Goal
from impactinkoop.registry.policy import policy_of
from impactinkoop.spend import queries as spend
from impactinkoop.sroi import monitoring as sroi_monitoring
from impactinkoop.sroi.models import TargetGroup

from .models import Evaluation, GoalEvaluation
from .snapshot import Figure, Row, Snapshot, Table

ZERO = Decimal("0.00")

FIGURE_KEYS = (
    # Spend in the year, as on the spend dashboard of that year.
    "spend.total",
    "spend.social",
    "spend.social_share",
    # The official baseline (nulmeting), as on its frozen page; None without one.
    "spend.baseline_total",
    "spend.baseline_social",
    "spend.baseline_social_share",
    # Local spend, the same as on the dashboard: own municipality and labour-market region.
    "spend.local",
    "spend.local_share",
    "spend.region",
    "spend.region_share",
    # Purchases recorded in the catalogue in the year.
    "purchases.count",
    "purchases.amount",
    "purchases.extra_amount",
    "purchases.social_extra_amount",
    # Tenders above the MVOI threshold planned in the year.
    "tenders.above_threshold",
    "tenders.with_mvi",
    "tenders.mvi_share",
    "tenders.at_ambition_2_or_3",
    "tenders.ambition_share",
    "tenders.with_social_return",
    "tenders.social_return_share",
    # Social return in the year (obligated: the whole period of the obligations running in it).
    "sroi.obligated",
    "sroi.accepted",
    "sroi.pending",
    "sroi.people",
)

TABLE_KEYS = (
    "spend.by_department",  # columns total, social, social_share
    "spend.by_source",  # column social; rows keyed by registry.sources.Source
    "tenders.by_ambition",  # column tenders; rows "1", "2", "3": the highest level applied
    "sroi.placements_by_target_group",  # columns placements, learning_places, people
    "sroi.placements_by_residence",  # rows keyed by core.reference.municipalities classes
)

PEOPLE_COLUMNS = ("placements", "learning_places", "people")
NOT_ENTERED = "not_entered"  # the target-group row of placements without one
NO_DEPARTMENT = "-"  # the department row of lines without one


def _url(name: str, organisation, **query) -> str:
    address = reverse(name, kwargs={"org_slug": organisation.slug})
    params = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{address}?{urlencode(params)}" if params else address


def collect(organisation, year: int, *, today: date | None = None) -> Snapshot:
    """The year's figures as they are now."""
    today = today or timezone.localdate()
    policy = policy_of(organisation)
    version = spend.version(organisation, policy)
    found: dict[str, Figure] = {}
    tables: dict[str, Table] = {}

    def add(key, value, unit, url, note=""):
        found[key] = Figure(key, value, unit, url, note)

    _spend(organisation, year, policy, version, add, tables)
    _purchases(organisation, year, policy, add)
    _tenders(organisation, year, add, tables)
    _sroi(organisation, year, today, add, tables)
    ordered = {key: found[key] for key in FIGURE_KEYS}
    return Snapshot(year, version, ordered, {key: tables[key] for key in TABLE_KEYS})


def _spend(organisation, year, policy, version, add, tables) -> None:
    period = spend.Period.year(year)
    dashboard = _url("spend:baseline", organisation, year=year)
    figures = spend.spend_figures(organisation, period, policy=policy, version=version)
    note = ""
    if figures.has_spend and figures.last_day < period.end:
        note = json.dumps(
            stored(
                gettext_noop("Spend up to %(day)s: the ledger does not reach the end of the year."),
                day=figures.last_day.isoformat(),
            )
        )
    add("spend.total", figures.total, "eur", dashboard, note)
    add("spend.social", figures.social, "eur", dashboard, note)
    add("spend.social_share", figures.social_share, "share", dashboard, note)

    baseline = spend.official_baseline(organisation)
    frozen = ""
    if baseline is not None:
        frozen = reverse(
            "spend:baseline_frozen", kwargs={"org_slug": organisation.slug, "pk": baseline.id}
        )
    add("spend.baseline_total", baseline.total if baseline else None, "eur", frozen)
    add("spend.baseline_social", baseline.social if baseline else None, "eur", frozen)
    add("spend.baseline_social_share", baseline.social_share if baseline else None, "share", frozen)

    breakdown = spend.spend_breakdown(organisation, period, policy=policy, version=version)
    local = breakdown.local
    add("spend.local", local.municipality_spend, "eur", dashboard)
    add("spend.local_share", local.municipality_share, "share", dashboard)
    add("spend.region", local.region_spend, "eur", dashboard)
    add("spend.region_share", local.region_share, "share", dashboard)

    lines = reverse("spend:baseline_lines", kwargs={"org_slug": organisation.slug})
    rows = tuple(
        Row(
            str(part.id) if part.id is not None else NO_DEPARTMENT,
            part.name if part.id is not None else "",
            (part.total, part.social, part.social_share),
            f"{lines}?{urlencode({'year': year, 'department': part.id})}"
            if part.id is not None
            else "",
        )
        for part in breakdown.by_department
    )
    tables["spend.by_department"] = Table(
        "spend.by_department",
        ("total", "social", "social_share"),
        "eur",
        rows,
        dashboard,
        (
            sum((row.values[0] for row in rows), ZERO),
            sum((row.values[1] for row in rows), ZERO),
            figures.social_share,
        )
        if rows
        else (),
    )
    sources = tuple(Row(item.source, "", (item.social,)) for item in breakdown.by_source)
    tables["spend.by_source"] = Table(
        "spend.by_source",
        ("social",),
        "eur",
        sources,
        dashboard,
        (sum((row.values[0] for row in sources), ZERO),) if sources else (),
    )


def _purchases(organisation, year, policy, add) -> None:
    url = _url("catalogue:purchases", organisation, year=year)
    found = purchases.figures(organisation, date(year, 1, 1), date(year, 12, 31), policy)
    add("purchases.count", found.count, "count", url)
    add("purchases.amount", found.amount, "eur", url)
    add("purchases.extra_amount", found.extra_amount, "eur", url)
    add("purchases.social_extra_amount", found.social_extra_amount, "eur", url)


def _tenders(organisation, year, add, tables) -> None:
    url = _url("contracts:pipeline", organisation, year=year)
    found = contract_figures.tender_figures(organisation, year)
    add("tenders.above_threshold", found.above_threshold, "count", url)
    add("tenders.with_mvi", found.with_mvi, "count", url)
    add("tenders.mvi_share", found.mvi_share, "share", url)
    add("tenders.at_ambition_2_or_3", found.at_ambition_2_or_3, "count", url)
    add("tenders.ambition_share", found.ambition_share, "share", url)
    add("tenders.with_social_return", found.with_social_return, "count", url)
    add("tenders.social_return_share", found.social_return_share, "share", url)
    rows = tuple(Row(str(level), "", (count,)) for level, count in found.ambition_levels)
    tables["tenders.by_ambition"] = Table(
        "tenders.by_ambition",
        ("tenders",),
        "count",
        rows,
        url,
        (sum(row.values[0] for row in rows),),
    )


def _sroi(organisation, year, today, add, tables) -> None:
    # The council view: the same suppressed counts a reader outside the organisation sees.
    url = _url("sroi:monitoring", organisation, year=year, view="council")
    m = sroi_monitoring.monitoring(organisation, today=today, year=year)
    add("sroi.obligated", m.total.obligated, "eur", url)
    add("sroi.accepted", m.accepted, "eur", url)
    add("sroi.pending", m.pending, "eur", url)
    keys = {
        "target_group": [*TargetGroup.values, NOT_ENTERED],
        "residence": list(sroi_monitoring.RESIDENCE_LABELS),
    }
    table_keys = {
        "target_group": "sroi.placements_by_target_group",
        "residence": "sroi.placements_by_residence",
    }
    people = None
    for breakdown in m.breakdowns:
        if breakdown.key not in keys:
            continue
        suppressed = breakdown.suppressed()
        rows = tuple(
            Row(code, "", tuple(_person(suppressed, number, c) for c in range(3)))
            for number, code in enumerate(keys[breakdown.key])
        )
        total = tuple(_person(suppressed, suppressed.height, c) for c in range(3))
        key = table_keys[breakdown.key]
        tables[key] = Table(key, PEOPLE_COLUMNS, "people", rows, url, total)
        if breakdown.key == "target_group":
            people = total[2]
    add("sroi.people", people, "people", url)


def _person(table, row: int, column: int) -> int | None:
    """A count of people as published: None where it is hidden."""
    return None if table.is_hidden(row, column) else table.value(row, column)


# Goals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalLine:
    """A goal in the report: its live status (`plans.progress`), and its outcome in the
    year's evaluation when there is one (the frozen values once the evaluation is closed)."""

    id: int
    title: str
    status: str  # plans.progress.Status
    value: Decimal | None
    target: Decimal | None
    unit: str
    outcome: str = ""  # GoalEvaluation.Outcome, "" when not evaluated
    url: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "value": None if self.value is None else str(self.value),
            "target": None if self.target is None else str(self.target),
            "unit": self.unit,
            "outcome": self.outcome,
            "url": self.url,
        }

    @classmethod
    def from_json(cls, data: dict) -> "GoalLine":
        def number(value):
            return None if value is None else Decimal(value)

        return cls(
            data["id"],
            data["title"],
            data["status"],
            number(data.get("value")),
            number(data.get("target")),
            data.get("unit", ""),
            data.get("outcome", ""),
            data.get("url", ""),
        )


def goals(organisation, year: int, *, today: date | None = None) -> list[GoalLine]:
    """The goals that run in the year (deadline in or after it), and any the year's evaluation
    looked at, with their status on the year's last day (or today, when that is earlier)."""
    today = today or timezone.localdate()
    day = min(today, date(year, 12, 31))
    evaluation = Evaluation.objects.for_organisation(organisation).filter(year=year).first()
    evaluated = {}
    if evaluation is not None:
        evaluated = {
            item.goal_id: item for item in GoalEvaluation.objects.filter(evaluation=evaluation)
        }
    chosen = Goal.objects.for_organisation(organisation).filter(deadline__gte=date(year, 1, 1))
    listed = {goal.pk: goal for goal in chosen}
    listed.update(
        {
            goal.pk: goal
            for goal in Goal.objects.for_organisation(organisation).filter(pk__in=evaluated)
        }
    )
    lines = []
    for goal in sorted(listed.values(), key=lambda goal: (goal.deadline, goal.title, goal.pk)):
        found = plan_progress.progress(goal, day)
        value = found.current.value if found.current else None
        target = goal.target_value
        item = evaluated.get(goal.pk)
        if item is not None and evaluation.is_closed:
            value, target = item.measured_value, item.target_value
        lines.append(
            GoalLine(
                goal.pk,
                goal.title,
                found.status,
                value,
                target,
                goal.unit,
                item.outcome if item is not None else "",
                reverse("plans:goal", kwargs={"org_slug": organisation.slug, "pk": goal.pk}),
            )
        )
    return lines
