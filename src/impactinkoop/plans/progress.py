"""A goal's progress: its baseline from the official frozen baseline (nulmeting), its value now
computed live from the ledger and recorded purchases where the metric allows, or entered with
evidence where it does not, and whether it is on track.

The computed metrics are yearly figures: a goal's value for a year is that year's share, spend or
count so far. A year not yet complete is judged by its pace: an amount or a count is projected to
the whole year from the months that have data, a share is taken as it stands.

The tender metrics come from `contracts.figures`: of the tenders above the MVOI threshold that
belong to the year (planned for publication in it, or without a date entered in it), the share
with MVI applied, at ambition level 2 or 3, or asking social return. They have no frozen
baseline: the goal's baseline is entered by hand."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from impactinkoop.catalogue import purchases
from impactinkoop.contracts import figures as contract_figures
from impactinkoop.registry.policy import Policy, policy_of
from impactinkoop.spend import queries as spend
from impactinkoop.spend.queries import FrozenBaseline, Period

from .models import SHARE_METRICS, Goal, Metric

CENT = Decimal("0.01")
# The tender metrics and the figure of contracts.figures each one reads.
FROM_TENDERS = {
    Metric.TENDER_MVI: "mvi_share",
    Metric.TENDER_AMBITION: "ambition_share",
    Metric.TENDER_SOCIAL_RETURN: "social_return_share",
}
COMPUTED = frozenset(
    {Metric.SOCIAL_SHARE, Metric.SOCIAL_SPEND, Metric.SOCIAL_PURCHASES, *FROM_TENDERS}
)
YEARLY_SUMS = frozenset({Metric.SOCIAL_SPEND, Metric.SOCIAL_PURCHASES})
FROM_LEDGER = frozenset({Metric.SOCIAL_SHARE, Metric.SOCIAL_SPEND})


class Status:
    ON_TRACK = "on_track"
    BEHIND = "behind"
    ACHIEVED = "achieved"
    MISSED = "missed"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"


STATUS_LABELS = {
    Status.ON_TRACK: _("On track"),
    Status.BEHIND: _("Behind"),
    Status.ACHIEVED: _("Achieved"),
    Status.MISSED: _("Not achieved"),
    Status.NO_DATA: _("No measurement yet"),
    Status.NO_TARGET: _("No target"),
}


@dataclass(frozen=True)
class Point:
    label: str
    as_of: date  # the last day the value covers
    value: Decimal
    source: str  # baseline, live or entered
    months: int = 12  # months of data behind a live yearly figure


@dataclass(frozen=True)
class Progress:
    goal: Goal
    points: list[Point]
    current: Point | None
    expected: Decimal | None
    status: str
    fraction: Decimal | None  # of the way from baseline to target, 0 to 1

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def percent_done(self) -> int | None:
        return None if self.fraction is None else int(self.fraction * 100)


@dataclass(frozen=True)
class Nulmeting:
    """A computed metric's value in the official baseline, which a goal starts from."""

    value: Decimal
    day: date
    label: str
    baseline_id: int


def official_baseline(organisation) -> FrozenBaseline | None:
    return spend.official_baseline(organisation)


def baseline_from_nulmeting(organisation, metric: str) -> Nulmeting | None:
    """The value of a computed metric in the official baseline, or None (the baseline freezes
    spend, not tenders)."""
    if metric not in COMPUTED or metric in FROM_TENDERS:
        return None
    baseline = official_baseline(organisation)
    if baseline is None:
        return None
    if metric == Metric.SOCIAL_SHARE:
        if baseline.social_share is None:
            return None
        value = baseline.social_share * 100
    elif metric == Metric.SOCIAL_SPEND:
        value = baseline.social
    else:  # purchases are recorded in the catalogue, not frozen: count those in the period
        period = baseline.period
        value = Decimal(purchases.figures(organisation, period.start, period.end).social_count)
    return Nulmeting(
        value.quantize(CENT, ROUND_HALF_UP), baseline.period.end, baseline.name, baseline.id
    )


def apply_baseline(goal: Goal) -> None:
    """A computed metric takes its baseline from the official nulmeting when there is one."""
    found = baseline_from_nulmeting(goal.organisation, goal.metric)
    if found:
        goal.baseline_value, goal.baseline_date = found.value, found.day
        goal.baseline_label, goal.baseline_id = found.label, found.baseline_id
    else:  # entered by hand: no frozen baseline behind it
        goal.baseline = None


class Measuring:
    """What one progress computation reads once, however many years it measures: the
    organisation's register policy and spend's data version."""

    def __init__(self, organisation):
        self.organisation = organisation
        self._policy: Policy | None = None
        self._version: str | None = None

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            self._policy = policy_of(self.organisation)
        return self._policy

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = spend.version(self.organisation, self.policy)
        return self._version


def measure(
    organisation, metric: str, year: int, today: date, measuring: Measuring | None = None
) -> Point | None:
    """The metric's live value for one calendar year, or None when there is no data for it."""
    measuring = measuring or Measuring(organisation)
    period = Period.year(year)
    if metric in FROM_LEDGER:
        figures = spend.spend_figures(
            organisation, period, policy=measuring.policy, version=measuring.version
        )
        if not figures.has_spend:
            return None
        if metric == Metric.SOCIAL_SHARE:
            if figures.social_share is None:
                return None
            value = figures.social_share * 100
        else:
            value = figures.social
        as_of = figures.last_day
        count = len(figures.months)
    elif metric == Metric.SOCIAL_PURCHASES:
        if year > today.year:
            return None
        found = purchases.figures(organisation, period.start, period.end, measuring.policy)
        value = Decimal(found.social_count)
        as_of = min(today, period.end)
        count = 12 if year < today.year else today.month
    elif metric in FROM_TENDERS:
        if year > today.year:
            return None
        value = contract_figures.goal_value(organisation, FROM_TENDERS[metric], year)
        if value is None:  # no tender above the threshold in the year: nothing to divide
            return None
        as_of = min(today, period.end)
        count = 12 if year < today.year else today.month
    else:
        return None
    return Point(str(year), as_of, value.quantize(CENT, ROUND_HALF_UP), "live", count)


def points_of(goal: Goal, today: date) -> list[Point]:
    points = []
    if goal.baseline_value is not None and goal.baseline_date:
        label = goal.baseline_label or date_format(goal.baseline_date, "SHORT_DATE_FORMAT")
        points.append(Point(label, goal.baseline_date, goal.baseline_value, "baseline"))
    if goal.metric in COMPUTED:
        measuring = Measuring(goal.organisation)
        first = goal.baseline_date.year + 1 if goal.baseline_date else goal.deadline.year
        for year in range(first, min(today.year, goal.deadline.year) + 1):
            point = measure(goal.organisation, goal.metric, year, today, measuring)
            if point:
                points.append(point)
    else:
        for entry in goal.entries.all():
            points.append(
                Point(
                    date_format(entry.measured_on, "SHORT_DATE_FORMAT"),
                    entry.measured_on,
                    entry.value,
                    "entered",
                )
            )
    return points


def expected_at(goal: Goal, day: date) -> Decimal | None:
    """Where the goal should be on `day`: a straight line from the baseline to the target."""
    if goal.target_value is None:
        return None
    if goal.baseline_value is None or not goal.baseline_date or day >= goal.deadline:
        return goal.target_value
    if day <= goal.baseline_date:
        return goal.baseline_value
    span = (goal.deadline - goal.baseline_date).days
    done = Decimal((day - goal.baseline_date).days) / Decimal(span)
    step = (goal.target_value - goal.baseline_value) * done
    return (goal.baseline_value + step).quantize(CENT, ROUND_HALF_UP)


def progress(goal: Goal, today: date) -> Progress:
    points = points_of(goal, today)
    measured = [point for point in points if point.source != "baseline"]
    current = measured[-1] if measured else None
    target = goal.target_value
    if not goal.metric or target is None:
        return Progress(goal, points, current, None, Status.NO_TARGET, None)
    if current is None:
        return Progress(goal, points, None, None, Status.NO_DATA, None)
    start = goal.baseline_value if goal.baseline_value is not None else Decimal(0)
    rising = target >= start

    def reached(value: Decimal, wanted: Decimal) -> bool:
        return value >= wanted if rising else value <= wanted

    fraction = None
    if target != start:
        share_done = (current.value - start) / (target - start)
        fraction = min(max(share_done, Decimal(0)), Decimal(1)).quantize(CENT)
    if today > goal.deadline:
        status = Status.ACHIEVED if reached(current.value, target) else Status.MISSED
        return Progress(goal, points, current, target, status, fraction)
    if goal.metric in YEARLY_SUMS:
        year_end = date(current.as_of.year, 12, 31)
        expected = expected_at(goal, min(year_end, goal.deadline))
        judged = current.value * 12 / max(current.months, 1)
    else:
        expected = expected_at(goal, current.as_of)
        judged = current.value
    # A share can still fall before the year is out; an amount or count so far cannot.
    settled = goal.metric not in SHARE_METRICS or current.as_of >= goal.deadline
    if reached(current.value, target) and settled:
        status = Status.ACHIEVED
    else:
        status = Status.ON_TRACK if reached(judged, expected) else Status.BEHIND
    return Progress(goal, points, current, expected, status, fraction)
