"""The yearly benchmark snapshot (decision 0025, "The benchmark").

The snapshot of year Y is taken once, on a fixed day: 1 April of Y + 1 (`SNAPSHOT_MONTH`,
`SNAPSHOT_DAY`), when ledgers, tenders and social return of Y are in. The daily periodic task
(`peers/periodic.py`) takes it on that day or, if no worker ran then, on the first day after;
`impactinkoop take_benchmark --year Y` takes it by hand. Either way it is never taken again:
published figures are never recomputed, so switching sharing off and on cannot reveal an
organisation's figure as the difference between two versions.

Only organisations that share at that moment and entered a size band are in it, one entry each,
grouped by the organisation's kind and band. A group is published only with at least
`MIN_GROUP` (5) organisations; per figure, at least 5 values give the range between the lowest
and the highest quarter, and at least `MEDIAN_FROM` (10) the median too.

The quarters are Hyndman and Fan's definition 8 ("median-unbiased", R's type 8, numpy's
`median_unbiased`): position q(n + 1/3) + 1/3 in the sorted values, interpolated between the two
values around it and clamped to the first and last. For 5 to 9 values that position never falls
on a whole number (1.67 to 2.67 for the lower quarter, 4.33 to 7.33 for the upper), so the range
shown is always a point between two organisations' values, never one organisation's own value.
(The "exclusive" method of Python's `statistics.quantiles` lands on the 2nd value exactly with 7
values, the "inclusive" one with 5 and 9.)"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action

from .benchmark_figures import TENTH, WHOLE, YearFigures, figures_of
from .models import (
    BenchmarkEntry,
    BenchmarkGroup,
    BenchmarkSnapshot,
    BenchmarkStatistic,
    Figure,
    Sharing,
)

SNAPSHOT_MONTH, SNAPSHOT_DAY = 4, 1  # the snapshot of year Y: 1 April of Y + 1
MIN_GROUP = 5  # organisations (and values of a figure) before anything of a group is shown
MEDIAN_FROM = 10  # values of a figure before its median is shown
LOWER, UPPER, MIDDLE = Fraction(1, 4), Fraction(3, 4), Fraction(1, 2)


class SnapshotRefused(Exception):
    """The snapshot cannot be taken; the message says why, in the reader's language."""


class AlreadyTaken(SnapshotRefused):
    def __init__(self, snapshot: BenchmarkSnapshot):
        super().__init__(
            _(
                "The benchmark of %(year)s was already taken on %(day)s. A published benchmark "
                "is never taken again."
            )
            % {"year": snapshot.year, "day": snapshot.taken_on.isoformat()}
        )


class YearNotOver(SnapshotRefused):
    def __init__(self, year: int):
        super().__init__(
            _("%(year)s is not over yet: its benchmark can be taken from 1 January %(next)s.")
            % {"year": year, "next": year + 1}
        )


def snapshot_day(year: int) -> date:
    return date(year + 1, SNAPSHOT_MONTH, SNAPSHOT_DAY)


def due_year(today: date) -> int | None:
    """The year whose snapshot is due on `today` and not yet taken, if any."""
    year = today.year - 1
    if today < snapshot_day(year) or BenchmarkSnapshot.objects.filter(year=year).exists():
        return None
    return year


def next_snapshot_day(today: date) -> date:
    """When the next snapshot is taken: last year's on its day, or today when that day has
    passed without it (the worker takes it at its next run); once taken, this year's."""
    year = today.year - 1
    if not BenchmarkSnapshot.objects.filter(year=year).exists():
        return max(snapshot_day(year), today)
    return snapshot_day(today.year)


def quantile(values: list, q: Fraction) -> Fraction:
    """Hyndman and Fan's definition 8 on sorted `values` (see the module's text)."""
    n = len(values)
    position = min(max(q * (n + Fraction(1, 3)) + Fraction(1, 3), Fraction(1)), Fraction(n))
    below = int(position)  # 1-based
    fraction = position - below
    lower = Fraction(values[below - 1])
    upper = Fraction(values[min(below, n - 1)])
    return lower + (upper - lower) * fraction


def _rounded(value: Fraction, figure: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    places = TENTH if figure == Figure.PURCHASES else WHOLE
    return exact.quantize(places, ROUND_HALF_UP)


@dataclass(frozen=True)
class Summary:
    count: int
    low: Decimal
    high: Decimal
    median: Decimal | None


def summarise(figure: str, values: list) -> Summary | None:
    """What a group may show of one figure: nothing below `MIN_GROUP` values, the range of the
    middle half from there, and the median from `MEDIAN_FROM` values."""
    found = sorted(Fraction(value) for value in values if value is not None)
    if len(found) < MIN_GROUP:
        return None
    median = _rounded(quantile(found, MIDDLE), figure) if len(found) >= MEDIAN_FROM else None
    return Summary(
        len(found),
        _rounded(quantile(found, LOWER), figure),
        _rounded(quantile(found, UPPER), figure),
        median,
    )


def _size_for_figures(sharing: Sharing) -> int | None:
    return sharing.size if sharing.size_measure and sharing.size else None


def take_snapshot(year: int, *, taken_on: date, actor, figures=figures_of) -> BenchmarkSnapshot:
    """Take the benchmark of `year` on `taken_on`: one entry per organisation sharing now with
    a size band, the published groups and their statistics. `figures(organisation, year,
    size=..., today=...)` collects one organisation's `YearFigures` (the demo passes its own for
    the figures its peer organisations have no data for). Refused for a year that is not over
    or already has a snapshot."""
    if year >= taken_on.year:
        raise YearNotOver(year)
    existing = BenchmarkSnapshot.objects.filter(year=year).first()
    if existing is not None:
        raise AlreadyTaken(existing)
    sharers = list(
        Sharing.objects.sharing()
        .exclude(size_band="")
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    # Collected outside the transaction: it reads a year of several apps per organisation.
    collected = {
        sharing.organisation_id: figures(
            sharing.organisation, year, size=_size_for_figures(sharing), today=taken_on
        )
        for sharing in sharers
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                snapshot = BenchmarkSnapshot.objects.create(year=year, taken_on=taken_on)
        except IntegrityError:  # taken by another process meanwhile
            raise AlreadyTaken(BenchmarkSnapshot.objects.get(year=year)) from None
        # Consent as it stands when the snapshot is written: an organisation that withdrew
        # while the figures were collected is left out.
        still = {
            row.organisation_id: row
            for row in Sharing.objects.sharing()
            .exclude(size_band="")
            .filter(organisation_id__in=collected)
            .select_related("organisation")
        }
        entries = [
            _entry(snapshot, still[org_id], found)
            for org_id, found in collected.items()
            if org_id in still
        ]
        BenchmarkEntry.objects.bulk_create(entries)
        groups = _publish_groups(snapshot, entries)
        for entry in entries:
            log_action(
                "peers.figures_shared",
                actor=actor,
                organisation=entry.organisation,
                obj=snapshot,
                object_repr=str(year),
                after={**_jsonable(collected[entry.organisation_id]), "named": entry.named},
            )
        log_action(
            "peers.benchmark_taken",
            actor=actor,
            obj=snapshot,
            object_repr=str(year),
            after={
                "taken_on": taken_on.isoformat(),
                "organisations": len(entries),
                "groups": groups,
            },
        )
    return snapshot


def _jsonable(found: YearFigures) -> dict:
    values = {
        figure: (str(value) if isinstance(value, Decimal) else value)
        for figure, value in found.values().items()
    }
    return {**values, "sources": list(found.sources)}


def _entry(snapshot, sharing: Sharing, found: YearFigures) -> BenchmarkEntry:
    return BenchmarkEntry(
        snapshot=snapshot,
        organisation=sharing.organisation,
        kind=sharing.organisation.kind,
        size_band=sharing.size_band,
        named=sharing.named,
        sources=list(found.sources),
        **found.values(),
    )


def _publish_groups(snapshot, entries: list[BenchmarkEntry]) -> int:
    """A group and its statistics for every kind and band with enough organisations; returns
    how many were published."""
    by_group: dict[tuple[str, str], list[BenchmarkEntry]] = {}
    for entry in entries:
        by_group.setdefault((entry.kind, entry.size_band), []).append(entry)
    published = 0
    for (kind, band), members in sorted(by_group.items()):
        if len(members) < MIN_GROUP:
            continue
        sources = Counter(source for entry in members for source in entry.sources)
        group = BenchmarkGroup.objects.create(
            snapshot=snapshot,
            kind=kind,
            size_band=band,
            organisations=len(members),
            sources=dict(sorted(sources.items())),
        )
        statistics = []
        for figure in Figure.values:
            summary = summarise(figure, [getattr(entry, figure) for entry in members])
            if summary is not None:
                statistics.append(
                    BenchmarkStatistic(
                        group=group,
                        figure=figure,
                        count=summary.count,
                        low=summary.low,
                        high=summary.high,
                        median=summary.median,
                    )
                )
        BenchmarkStatistic.objects.bulk_create(statistics)
        published += 1
    return published


def take_due(today: date, *, actor="system") -> BenchmarkSnapshot | None:
    """The periodic task: take last year's snapshot on its day, or the first day after."""
    year = due_year(today)
    if year is None:
        return None
    try:
        return take_snapshot(year, taken_on=today, actor=actor)
    except AlreadyTaken:  # another worker took it a moment ago
        return None
