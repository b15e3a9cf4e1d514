"""One organisation's figures of a year for the benchmark, collected only through the other apps'
query modules and rounded here, once, before they leave the organisation (decision 0025, "The
benchmark"):

- share of spend at social enterprises under the organisation's own register policy, the share
  of tenders above the MVOI threshold with MVI, and the number of catalogue purchases: the impact
  report's `reports.figures.collect` computes these already (from `spend.queries`,
  `contracts.figures` and `catalogue.purchases`), so the benchmark shows the same numbers as the
  organisation's own report of that year;
- the social-return realisation rate: of the obligations running in the year, what was accepted
  by the officer for that year against what was obligated, the two figures of the impact report
  and the monitoring of that year (`sroi.monitoring`), so the rate is the one the organisation's
  own report shows (a walk found the cumulative realisation since the obligations began, 82 %
  where the report said 24 %);
- the register sources the organisation's policy counts (`registry.policy`).

Percentages are whole numbers (half up); purchases per 1,000 employees or inhabitants have one
decimal and exist only when the organisation entered its size. A figure the organisation has no
data for (no spend, no tender above the threshold, no obligation, never a catalogue purchase) is
None and is not counted in the group."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from impactinkoop.catalogue import purchases as catalogue_purchases
from impactinkoop.registry.policy import policy_of
from impactinkoop.registry.sources import Source
from impactinkoop.reports.figures import collect

from .models import Figure

WHOLE = Decimal(1)
TENTH = Decimal("0.1")
# Purchases count from the platform's first years on; "never a purchase" is no data.
FIRST_DAY = date(2000, 1, 1)


@dataclass(frozen=True)
class YearFigures:
    """What one organisation shares of one year, rounded as it goes into a snapshot."""

    social_spend: int | None = None
    tenders_mvi: int | None = None
    sroi_realised: int | None = None
    purchases: Decimal | None = None
    sources: tuple[str, ...] = ()  # registry Source codes, in the register's order

    def value(self, figure: str):
        return getattr(self, figure)

    def values(self) -> dict[str, object]:
        return {figure: self.value(figure) for figure in Figure.values}


def whole_percent(fraction) -> int | None:
    """A fraction (0.1250) as a whole percentage, half up (13)."""
    if fraction is None:
        return None
    return int((Decimal(fraction) * 100).quantize(WHOLE, ROUND_HALF_UP))


def rate_percent(part: Decimal, whole: Decimal) -> int | None:
    """`part` of `whole` as a whole percentage; None when there is no whole."""
    if not whole:
        return None
    return whole_percent(Decimal(part) / Decimal(whole))


def per_thousand(count: int, size: int | None) -> Decimal | None:
    """A count per 1,000 employees or inhabitants, to one decimal; None without a size."""
    if not size:
        return None
    return (Decimal(count) * 1000 / Decimal(size)).quantize(TENTH, ROUND_HALF_UP)


def sources_of(policy) -> tuple[str, ...]:
    """The register sources whose qualifications the policy accepts (at any level)."""
    counted = {key.split(":", 1)[0] for key in policy.keys}
    return tuple(source for source in Source.values if source in counted)


def figures_of(organisation, year: int, *, size: int | None, today: date) -> YearFigures:
    """The organisation's figures of `year` as they are on `today` (the snapshot's day)."""
    report = collect(organisation, year, today=today).figures
    purchases = None
    if size:
        ever = catalogue_purchases.figures(organisation, FIRST_DAY, date(year, 12, 31))
        if ever.count:
            purchases = per_thousand(report["purchases.count"].value, size)
    return YearFigures(
        social_spend=whole_percent(report["spend.social_share"].value),
        tenders_mvi=whole_percent(report["tenders.mvi_share"].value),
        sroi_realised=rate_percent(report["sroi.accepted"].value, report["sroi.obligated"].value),
        purchases=purchases,
        sources=sources_of(policy_of(organisation)),
    )
