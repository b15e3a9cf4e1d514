"""The yearly snapshot: who is in it, when a group is published, what its statistics may show
(nothing below 5, the range from 5, the median from 10), that the quarters of 5 to 9 values are
never one organisation's own value, the register sources in aggregate, and that a year is taken
once and never recomputed."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from impactinkoop.core.models import AuditEntry
from impactinkoop.peers import benchmark
from impactinkoop.peers.benchmark_figures import YearFigures
from impactinkoop.peers.models import (
    BenchmarkEntry,
    BenchmarkGroup,
    BenchmarkSnapshot,
    BenchmarkStatistic,
)
from tests.factories import make_organisation

from .benchmark_helpers import TAKEN_ON, YEAR, distinct, peers, share, take

pytestmark = pytest.mark.django_db


def values_of(orgs, **extra) -> dict:
    return {org.slug: distinct(number) for number, org in enumerate(orgs)} | extra


def test_four_sharing_organisations_publish_nothing_for_their_group():
    orgs = peers(4)
    snapshot = take(values_of(orgs))
    assert snapshot.entries.count() == 4  # each is in the snapshot, with its own position
    assert not BenchmarkGroup.objects.filter(snapshot=snapshot).exists()
    assert not BenchmarkStatistic.objects.exists()


def test_five_sharing_organisations_publish_the_range_without_a_median():
    orgs = peers(5)
    snapshot = take(values_of(orgs))
    group = BenchmarkGroup.objects.get(snapshot=snapshot)
    assert (group.kind, group.size_band, group.organisations) == ("gemeente", "m", 5)
    spend = group.statistics.get(figure="social_spend")
    # 10, 13, 16, 19, 22: the quarters at positions 1 2/3 and 4 1/3, between two values.
    assert (spend.count, spend.low, spend.high, spend.median) == (5, 12, 20, None)
    purchases = group.statistics.get(figure="purchases")
    # 97.3 ... 485.3: 97.3 + 2/3 * 97 = 161.97; 388.3 + 1/3 * 97 = 420.63
    assert (purchases.low, purchases.high) == (Decimal("162.0"), Decimal("420.6"))
    assert all(statistic.median is None for statistic in group.statistics.all())


def test_ten_sharing_organisations_publish_the_median_too():
    orgs = peers(10)
    snapshot = take(values_of(orgs))
    spend = BenchmarkStatistic.objects.get(group__snapshot=snapshot, figure="social_spend")
    # 10, 13, ..., 37: the median is halfway between 22 and 25.
    assert (spend.count, spend.median) == (10, Decimal("24"))  # 23.5 rounded half up
    assert spend.low < spend.median < spend.high


def test_a_figure_with_fewer_than_five_values_is_not_published_in_a_shown_group():
    orgs = peers(6)
    values = values_of(orgs)
    for org in orgs[:2]:  # two organisations without tenders above the threshold
        values[org.slug] = YearFigures(social_spend=30, sroi_realised=80)
    snapshot = take(values)
    group = BenchmarkGroup.objects.get(snapshot=snapshot)
    assert set(group.statistics.values_list("figure", flat=True)) == {
        "social_spend",
        "sroi_realised",
    }  # tenders: 4 values; purchases: 4 values
    assert BenchmarkEntry.objects.get(organisation=orgs[0]).tenders_mvi is None


def test_only_organisations_sharing_now_with_a_size_band_are_in_it():
    orgs = peers(5)
    stopped = make_organisation("gestopt", "Gemeente Gestopt")
    share(stopped, "m", shares=False)
    no_band = make_organisation("zonder", "Gemeente Zonder Band")
    share(no_band, "")
    snapshot = take(values_of(orgs))
    assert set(snapshot.entries.values_list("organisation__slug", flat=True)) == {
        org.slug for org in orgs
    }


def test_groups_are_kind_and_band():
    municipalities = peers(5, band="m")
    small = peers(5, band="s", prefix="klein")
    boards = peers(4, kind="waterschap", band="m", prefix="water")
    take(values_of(municipalities) | values_of(small) | values_of(boards))
    groups = set(BenchmarkGroup.objects.values_list("kind", "size_band", "organisations"))
    assert groups == {("gemeente", "m", 5), ("gemeente", "s", 5)}  # four boards: not shown


def test_the_register_sources_are_counted_per_shown_group():
    orgs = peers(6)
    values = {
        org.slug: distinct(number, ("pso", "code_so") if number < 4 else ("code_so",))
        for number, org in enumerate(orgs)
    }
    take(values)
    group = BenchmarkGroup.objects.get()
    assert group.sources == {"code_so": 6, "pso": 4}
    entry = BenchmarkEntry.objects.get(organisation=orgs[5])
    assert entry.sources == ["code_so"]


def test_a_year_is_taken_once_and_never_recomputed():
    orgs = peers(5)
    first = take(values_of(orgs))
    before = list(BenchmarkStatistic.objects.values_list("figure", "low", "high"))
    peers(5, first=5)  # five more start sharing afterwards
    with pytest.raises(benchmark.AlreadyTaken) as refused:
        take({})
    assert "2025" in str(refused.value)
    assert BenchmarkSnapshot.objects.get() == first
    assert list(BenchmarkStatistic.objects.values_list("figure", "low", "high")) == before
    assert first.entries.count() == 5


def test_a_year_that_is_not_over_is_refused():
    peers(5)
    with pytest.raises(benchmark.YearNotOver):
        take({}, year=2026, taken_on=date(2026, 12, 31))
    assert not BenchmarkSnapshot.objects.exists()


def test_an_organisation_that_withdraws_is_left_out_of_the_next_snapshot():
    orgs = peers(6)
    take(values_of(orgs))
    share(orgs[0], "m", shares=False)
    later = take(values_of(orgs), year=YEAR + 1, taken_on=date(YEAR + 2, 4, 1))
    assert orgs[0].pk not in set(later.entries.values_list("organisation", flat=True))
    assert BenchmarkGroup.objects.get(snapshot=later).organisations == 5
    # The earlier snapshot keeps it: published figures are never recomputed.
    assert BenchmarkGroup.objects.get(snapshot__year=YEAR).organisations == 6


def test_an_organisation_that_withdraws_while_figures_are_collected_is_left_out():
    orgs = peers(5)

    def collect(organisation, year, *, size, today):
        if organisation == orgs[-1]:
            share(orgs[0], "m", shares=False)  # the administrator stops meanwhile
        return distinct(1)

    snapshot = benchmark.take_snapshot(YEAR, taken_on=TAKEN_ON, actor="test", figures=collect)
    assert snapshot.entries.count() == 4
    assert not BenchmarkGroup.objects.filter(snapshot=snapshot).exists()


def test_each_sharing_organisation_sees_in_its_log_what_it_shared():
    orgs = peers(5)
    take(values_of(orgs))
    entry = AuditEntry.objects.get(organisation=orgs[2], action="peers.figures_shared")
    assert entry.after["social_spend"] == 16
    assert entry.after["purchases"] == "291.3"
    assert entry.after["named"] is False
    taken = AuditEntry.objects.get(action="peers.benchmark_taken")
    assert taken.after == {"taken_on": "2026-04-01", "organisations": 5, "groups": 1}


@pytest.mark.parametrize("count", [5, 6, 7, 8, 9])
def test_the_quarters_of_five_to_nine_values_lie_between_two_values(count):
    # Definition 8's positions are never whole for 5 to 9 values, so neither quarter is one
    # organisation's value (the "exclusive" method would hit the 2nd of 7 exactly).
    for q in (benchmark.LOWER, benchmark.UPPER):
        position = q * (count + Fraction(1, 3)) + Fraction(1, 3)
        assert position.denominator != 1
    values = [Fraction(1000 * (2**n)) for n in range(count)]  # far apart: no rounding hides it
    for q in (benchmark.LOWER, benchmark.UPPER):
        assert benchmark.quantile(values, q) not in values


def test_the_snapshot_is_due_on_the_first_of_april():
    assert benchmark.snapshot_day(2025) == date(2026, 4, 1)
    assert benchmark.due_year(date(2026, 3, 31)) is None
    assert benchmark.due_year(date(2026, 4, 1)) == 2025
    take({})
    assert benchmark.due_year(date(2026, 4, 2)) is None
