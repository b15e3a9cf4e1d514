"""What the benchmark tests share: peer organisations that share their figures, and a collector
that gives each organisation the figures a test chose (the snapshot's own code does the rest:
who is in it, groups, ranges and medians). `test_benchmark_figures` collects real figures."""

from datetime import date
from decimal import Decimal

from impactinkoop.peers import benchmark
from impactinkoop.peers.benchmark_figures import YearFigures
from impactinkoop.peers.models import Sharing
from tests.factories import make_organisation

YEAR = 2025
TAKEN_ON = date(2026, 4, 1)


def share(org, band="m", *, named=False, shares=True, size=None, measure="inhabitants"):
    sharing, _created = Sharing.objects.update_or_create(
        organisation=org,
        defaults={
            "shares_figures": shares,
            "named": named,
            "size_band": band,
            "size_measure": measure if size else "",
            "size": size,
        },
    )
    return sharing


def peers(count: int, *, kind="gemeente", band="m", prefix="peer", first=0) -> list:
    """`count` organisations of `kind` sharing in `band`, named Gemeente Peer 0, 1, ..."""
    found = []
    for number in range(first, first + count):
        org = make_organisation(
            f"{prefix}-{number}", f"Gemeente {prefix.title()} {number}", kind=kind
        )
        share(org, band)
        found.append(org)
    return found


def figures_for(values: dict):
    """A collector for `take_snapshot`: the YearFigures given per organisation slug, else
    none (an organisation without data)."""

    def collect(organisation, year, *, size, today):
        return values.get(organisation.slug, YearFigures())

    return collect


def distinct(number: int, sources=("pso",)) -> YearFigures:
    """Figures of peer `number` (0 to 9) that no other peer has, each figure in its own
    interval, in steps of 3 whose quarters with five peers fall between two values."""
    return YearFigures(
        social_spend=10 + 3 * number,
        tenders_mvi=41 + 3 * number,
        sroi_realised=71 + 3 * number,
        purchases=Decimal(f"{(number + 1) * 97}.3"),
        sources=tuple(sources),
    )


def take(values: dict, year=YEAR, taken_on=TAKEN_ON):
    return benchmark.take_snapshot(
        year, taken_on=taken_on, actor="test", figures=figures_for(values)
    )
