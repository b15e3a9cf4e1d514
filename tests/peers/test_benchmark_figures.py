"""One organisation's figures of a year, collected through the other apps' query modules (the
impact report's figures, social-return monitoring, the register policy) and rounded once."""

from datetime import date
from decimal import Decimal

import pytest

from impactinkoop.peers import benchmark
from impactinkoop.peers.benchmark_figures import (
    YearFigures,
    figures_of,
    per_thousand,
    rate_percent,
    whole_percent,
)
from impactinkoop.peers.models import BenchmarkEntry
from impactinkoop.registry.models import RegisterPolicy
from impactinkoop.reports.figures import collect
from tests.reports.data import TODAY, build

from .benchmark_helpers import share

pytestmark = pytest.mark.django_db


def test_percentages_are_whole_and_rounded_half_up():
    assert whole_percent(Decimal("0.125")) == 13
    assert whole_percent(Decimal("0.1249")) == 12
    assert whole_percent(Decimal("0.005")) == 1
    assert whole_percent(None) is None
    assert rate_percent(Decimal("1"), Decimal("8")) == 13  # 12.5
    assert rate_percent(Decimal("5"), Decimal("0")) is None


def test_purchases_per_thousand_have_one_decimal_and_need_a_size():
    assert per_thousand(1, 8000) == Decimal("0.1")  # 0.125
    assert per_thousand(3, 8000) == Decimal("0.4")  # 0.375
    assert per_thousand(7, 1500) == Decimal("4.7")  # 4.666...
    assert per_thousand(7, None) is None


def test_the_figures_are_the_impact_reports_rounded(org, alice):
    build(org, alice)
    report = collect(org, 2025, today=TODAY).figures
    found = figures_of(org, 2025, size=1500, today=TODAY)
    assert report["spend.social_share"].value == Decimal("0.5774")
    assert found.social_spend == 58
    assert report["tenders.mvi_share"].value == Decimal("0.6667")
    assert found.tenders_mvi == 67
    # Two purchases in 2025 among 1,500 employees: 1.333... per 1,000.
    assert report["purchases.count"].value == 2
    assert found.purchases == Decimal("1.3")
    # The obligation of 50,000 running in 2025 had 164,999.97 accepted for the year: the rate is
    # the report's accepted against obligated, the same two figures the report shows.
    assert report["sroi.obligated"].value == Decimal("50000.00")
    assert report["sroi.accepted"].value == Decimal("164999.97")
    assert found.sroi_realised == 330
    # Without a size there is no per-1,000 figure.
    assert figures_of(org, 2025, size=None, today=TODAY).purchases is None


def test_an_organisation_without_data_has_no_figures(org):
    RegisterPolicy.objects.create(organisation=org, accepted=["pso:pso_2", "code_so:"])
    found = figures_of(org, 2025, size=70000, today=TODAY)
    assert found == YearFigures(sources=("code_so", "pso"))  # never a purchase: no figure


def test_the_snapshot_stores_the_collected_figures(org, alice):
    build(org, alice)
    share(org, "s", size=1500, measure="employees", named=True)
    snapshot = benchmark.take_snapshot(2025, taken_on=date(2026, 4, 1), actor="test")
    entry = BenchmarkEntry.objects.get(snapshot=snapshot, organisation=org)
    assert (entry.kind, entry.size_band, entry.named) == ("gemeente", "s", True)
    assert (entry.social_spend, entry.tenders_mvi, entry.purchases) == (58, 67, Decimal("1.3"))
    assert "code_so" in entry.sources
