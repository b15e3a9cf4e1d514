"""Plan goals measured from the tender pipeline: per year, the share of tenders above the MVOI
threshold with MVI applied, at ambition level 2 or 3, or asking social return, against counts
made independently, tender by tender in Python. A tender belongs to the year of its planned
publication, or, without one, to the year it was entered."""

import random
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.contracts.models import Tender, TenderTheme
from impactinkoop.plans import progress
from impactinkoop.plans.models import Goal, Metric

from ..contracts.test_figures import build

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)
YEARS = (2024, 2025, 2026)


def spread_over_years(tenders, seed: int) -> None:
    """Planned publication in one of the years, or none and entered in one of them."""
    generator = random.Random(seed)
    for tender in tenders:
        year = generator.choice(YEARS)
        if generator.random() < 0.3:
            entered = timezone.make_aware(datetime(year, 5, 17, 12, 0))
            Tender.objects.filter(pk=tender.pk).update(planned_publication=None, created_at=entered)
        else:
            planned = date(year, generator.randint(1, 12), 1)
            Tender.objects.filter(pk=tender.pk).update(planned_publication=planned)


def counted_in(year: int, tenders) -> dict:
    counted = {"above": 0, "mvi": 0, "ambitious": 0, "sr": 0}
    for tender in Tender.objects.filter(pk__in=[t.pk for t in tenders]).select_related("rules"):
        day = tender.planned_publication or timezone.localtime(tender.created_at).date()
        if day.year != year:
            continue
        if tender.status == "cancelled" or tender.estimated_value < tender.rules.mvoi_threshold:
            continue
        counted["above"] += 1
        applied = [t for t in TenderTheme.objects.filter(tender=tender) if t.decision == "applied"]
        counted["mvi"] += bool(applied)
        counted["ambitious"] += any(t.ambition >= 2 for t in applied)
        own = tender.social_return_percentage
        counted["sr"] += (
            own > 0
            if own is not None
            else tender.estimated_value >= tender.rules.social_return_threshold
        )
    return counted


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize("seed", [4, 5])
def test_each_years_share_equals_an_independent_count(org, alice, seed):
    tenders = build(org, alice, seed)
    spread_over_years(tenders, seed)
    for year in YEARS:
        counted = counted_in(year, tenders)
        assert counted["above"], "the seed should put tenders above the threshold in each year"
        for metric, key in [
            (Metric.TENDER_MVI, "mvi"),
            (Metric.TENDER_AMBITION, "ambitious"),
            (Metric.TENDER_SOCIAL_RETURN, "sr"),
        ]:
            point = progress.measure(org, metric, year, TODAY)
            assert point.value == percent(counted[key], counted["above"]), (metric, year)
            assert point.source == "live"
            assert point.as_of == (date(year, 12, 31) if year < TODAY.year else TODAY)


def test_a_year_without_tenders_above_the_threshold_has_no_value(org, alice):
    tenders = build(org, alice, 6)
    Tender.objects.filter(pk__in=[t.pk for t in tenders]).update(
        planned_publication=date(2025, 3, 1)
    )
    assert progress.measure(org, Metric.TENDER_MVI, 2024, TODAY) is None
    assert progress.measure(org, Metric.TENDER_MVI, 2025, TODAY) is not None
    # A later year is not measured before it comes.
    assert progress.measure(org, Metric.TENDER_MVI, 2027, TODAY) is None


def test_a_goal_on_tenders_follows_the_years_after_its_baseline(org, alice):
    tenders = build(org, alice, 4)
    spread_over_years(tenders, 4)
    goal = Goal.objects.create(
        organisation=org,
        title="MVI in elke aanbesteding",
        metric=Metric.TENDER_MVI,
        baseline_value=Decimal("40"),
        baseline_date=date(2024, 12, 31),
        target_value=Decimal("100"),
        deadline=date(2027, 12, 31),
    )
    progress.apply_baseline(goal)  # no frozen baseline for tenders: the entered one stays
    assert goal.baseline_value == Decimal("40") and goal.baseline_id is None
    result = progress.progress(goal, TODAY)
    assert [point.label for point in result.points] == ["31-12-2024", "2025", "2026"]
    counted = counted_in(2026, tenders)
    assert result.current.value == percent(counted["mvi"], counted["above"])


def test_a_tender_share_goal_is_shown_in_percent_and_refuses_a_target_above_100(
    client_for, org, alice
):
    client = client_for(alice)
    response = client.post(
        reverse("plans:goal_new", args=[org.slug]),
        {
            "title": "Sociale paragraaf",
            "metric": Metric.TENDER_SOCIAL_RETURN,
            "baseline_value": "20",
            "baseline_date": "2025-12-31",
            "target_value": "120",
            "deadline": "2027-12-31",
        },
    )
    assert response.status_code == 400
    assert "tussen 0 en 100" in " ".join(response.context["form"].errors["target_value"])
    assert not Goal.objects.exists()
