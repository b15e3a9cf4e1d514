"""Periods of the baseline: whole months or a calendar year, which one the dashboard opens on,
and whether a period's figures cover all of it (a partial year reads lower than a whole one)."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Baseline, LedgerImport


@dataclass(frozen=True)
class Period:
    start: date  # the first day of a month
    end: date  # the last day of a month

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def months(cls, first: date, last: date) -> "Period":
        """From the month of `first` up to and including the month of `last`."""
        if last < first:
            raise ValueError(_("The end of the period lies before its start."))
        end_day = calendar.monthrange(last.year, last.month)[1]
        return cls(first.replace(day=1), last.replace(day=end_day))

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ) and (self.start.year == self.end.year)

    def label(self) -> str:
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%m-%Y} – {self.end:%m-%Y}"


def years_with_spend(organisation) -> list[int]:
    """Years that imported lines fall in, from the imports' periods (a few rows, not the lines)."""
    years: set[int] = set()
    for start, end in _import_periods(organisation):
        years.update(range(start.year, end.year + 1))
    return sorted(years)


def _import_periods(organisation) -> list[tuple[date, date]]:
    periods = LedgerImport.objects.filter(
        organisation=organisation, state=LedgerImport.State.COMMITTED, rows_imported__gt=0
    ).values_list("period_start", "period_end")
    return [(start, end) for start, end in periods if start and end]


def default_period(organisation, today: date | None = None) -> Period:
    """The period the dashboard opens on: the last year that is over and whose imports reach
    from January to December; else the official baseline's period; else the latest year with
    spend (which then shows as partial). Opening on the current year showed a year of eleven
    months as if it were the whole picture."""
    today = today or timezone.localdate()
    periods = _import_periods(organisation)
    years = sorted({year for start, end in periods for year in range(start.year, end.year + 1)})
    for year in reversed(years):
        if year < today.year and _covered(periods, year):
            return Period.year(year)
    official = Baseline.objects.filter(organisation=organisation, is_official=True).first()
    if official is not None:
        return Period(official.period_start, official.period_end)
    return Period.year(years[-1] if years else today.year)


def _covered(periods: list[tuple[date, date]], year: int) -> bool:
    overlapping = [(s, e) for s, e in periods if s.year <= year <= e.year]
    first = min(s for s, _e in overlapping)
    last = max(e for _s, e in overlapping)
    return (first.year, first.month) <= (year, 1) and (last.year, last.month) >= (year, 12)


def partial(figures: dict, today: date) -> dict | None:
    """Why a period's figures are not the whole period, or None when they are: the period is
    not over on `today`, or its lines start after its first month or end before its last."""
    start, end = _day(figures["period_start"]), _day(figures["period_end"])
    months = [_day(row["month"]) for row in figures.get("monthly", [])]
    first, last = (min(months), max(months)) if months else (None, None)
    not_over = today < end
    if not months and not not_over:
        return None  # nothing in a period that is over: empty, and the page says so
    uncovered = first is None or first > start or last < end.replace(day=1)
    if not (not_over or uncovered):
        return None
    return {"first": first, "last": last, "not_over": not_over}


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
