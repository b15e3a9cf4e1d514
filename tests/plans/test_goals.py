"""Goals: the baseline comes from the official frozen baseline, progress is computed live from
new ledger imports, and the status compares it with a straight line from baseline to target."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from impactinkoop.plans import progress
from impactinkoop.plans.models import Goal, Metric
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.services import freeze_baseline

from ..spend.test_importing import import_text

HEADER = "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
LEDGER_2025 = HEADER + (
    "1001;DE WERKPLAATS B.V.;01234567;F1;15-03-2025;150,00;Ruimte\n"
    "1001;DE WERKPLAATS B.V.;01234567;F2;15-09-2025;100,00;Ruimte\n"
    "1002;Bouwbedrijf Groot;;F3;20-02-2025;9.000,00;Ruimte\n"
    "1003;Koffie Centraal;;F4;01-12-2025;750,00;Bedrijfsvoering\n"
)
LEDGER_2026 = HEADER + (
    "1001;DE WERKPLAATS B.V.;01234567;G1;15-01-2026;400,00;Ruimte\n"
    "1002;Bouwbedrijf Groot;;G2;20-04-2026;9.000,00;Ruimte\n"
    "1003;Koffie Centraal;;G3;30-06-2026;600,00;Bedrijfsvoering\n"
)


@pytest.fixture
def measured(org, alice):
    """Voorbeeldstad with 2025 in the ledger and 2025 frozen as its official baseline:
    250.00 of 10,000.00 at the sheltered-employment company, 2.50 %."""
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="sw_company", valid_from="2020-01-01")
    import_text(org, LEDGER_2025, name="2025.csv")
    freeze_baseline(
        actor=alice,
        organisation=org,
        period=Period.year(2025),
        name="Nulmeting 2025",
        official=True,
    )
    return org


def goal_form(**fields) -> dict:
    return {
        "title": "5% van de inkoop bij sociale ondernemingen in 2026",
        "metric": Metric.SOCIAL_SHARE,
        "target_value": "5",
        "deadline": "2026-12-31",
        **fields,
    }


def test_a_share_goal_takes_its_baseline_from_the_nulmeting_and_follows_new_imports(
    measured, alice, client_for
):
    client = client_for(alice)
    response = client.post(reverse("plans:goal_new", args=[measured.slug]), goal_form())
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.baseline_value, goal.baseline_date, goal.baseline_label) == (
        Decimal("2.50"),
        date(2025, 12, 31),
        "Nulmeting 2025",
    )
    assert goal.baseline.is_official

    before = progress.progress(goal, date(2026, 6, 30))
    assert before.current is None and before.status == progress.Status.NO_DATA

    # Half a year of 2026: 400.00 of 10,000.00 at the social enterprise, 4.00 %.
    import_text(measured, LEDGER_2026, name="2026.csv")
    result = progress.progress(goal, date(2026, 6, 30))
    assert result.current.value == Decimal("4.00")
    assert (result.current.as_of, result.current.months) == (date(2026, 6, 30), 3)
    # On the line from 2.50 on 31-12-2025 to 5.00 on 31-12-2026, 30 June is 181 of 365 days.
    assert result.expected == Decimal("3.74")
    assert result.status == progress.Status.ON_TRACK
    assert result.fraction == Decimal("0.60")
    assert [(p.label, p.value, p.source) for p in result.points] == [
        ("Nulmeting 2025", Decimal("2.50"), "baseline"),
        ("2026", Decimal("4.00"), "live"),
    ]

    page = client.get(reverse("plans:goal", args=[measured.slug, goal.pk])).content.decode()
    assert "2,50\u00a0%" in page and "4,00\u00a0%" in page and "5,00\u00a0%" in page
    assert "Nulmeting 2025" in page
    assert "<svg" in page and "Voortgang van" in page


def test_a_later_import_does_not_move_the_frozen_baseline(measured, alice, client_for):
    client_for(alice).post(reverse("plans:goal_new", args=[measured.slug]), goal_form())
    import_text(measured, HEADER + "1002;Bouwbedrijf Groot;;F9;01-05-2025;90.000,00;Ruimte\n")
    goal = Goal.objects.get()
    assert goal.baseline_value == Decimal("2.50")


def test_behind_when_the_share_falls_short_of_the_line(measured, alice):
    goal = Goal.objects.create(
        organisation=measured,
        title="Delen",
        metric=Metric.SOCIAL_SHARE,
        target_value=Decimal("20"),
        deadline=date(2026, 12, 31),
    )
    progress.apply_baseline(goal)
    goal.save()
    import_text(measured, LEDGER_2026, name="2026.csv")
    result = progress.progress(goal, date(2026, 7, 1))
    assert result.status == progress.Status.BEHIND
    assert progress.progress(goal, date(2027, 1, 2)).status == progress.Status.MISSED


def test_a_spend_goal_is_judged_by_its_pace_over_the_year(measured):
    goal = Goal.objects.create(
        organisation=measured,
        title="Besteding",
        metric=Metric.SOCIAL_SPEND,
        target_value=Decimal("1000"),
        deadline=date(2026, 12, 31),
    )
    progress.apply_baseline(goal)
    goal.save()
    assert goal.baseline_value == Decimal("250.00")
    import_text(measured, LEDGER_2026, name="2026.csv")
    result = progress.progress(goal, date(2026, 7, 1))
    # 400.00 in three months with data is 1,600.00 at this pace, above the 1,000.00 wanted.
    assert result.current.value == Decimal("400.00")
    assert result.status == progress.Status.ON_TRACK


def test_a_free_number_goal_shows_entered_measurements_with_evidence(org, alice, client_for):
    client = client_for(alice)
    response = client.post(
        reverse("plans:goal_new", args=[org.slug]),
        goal_form(
            metric=Metric.NUMBER,
            unit="contracten met SROI",
            target_value="10",
            baseline_value="2",
            baseline_date="2025-12-31",
        ),
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    url = reverse("plans:goal", args=[org.slug, goal.pk])
    response = client.post(
        url, {"measured_on": "2026-03-31", "value": "4", "evidence": "Contractregister Q1"}
    )
    assert response.status_code == 302
    result = progress.progress(goal, date(2026, 4, 1))
    assert result.current.value == Decimal("4")
    page = client.get(url).content.decode()
    assert "Contractregister Q1" in page and "4 contracten met SROI" in page


def test_live_goals_cannot_be_entered_by_hand(measured, alice, client_for):
    client = client_for(alice)
    client.post(reverse("plans:goal_new", args=[measured.slug]), goal_form())
    goal = Goal.objects.get()
    response = client.post(
        reverse("plans:goal", args=[measured.slug, goal.pk]),
        {"measured_on": "2026-03-31", "value": "40", "evidence": "gokje"},
    )
    assert response.status_code == 403
    assert not goal.entries.exists()


def test_purchases_goal_counts_recorded_purchases_at_social_enterprises(measured, alice):
    from impactinkoop.catalogue.models import Purchase

    from ..catalogue.helpers import published_enterprise

    enterprise = published_enterprise("87654321", "Sociaal Gebak", source="sw_company")
    plain = published_enterprise("87654322", "Gewone Bakker")
    for who, day in [
        (enterprise, date(2026, 2, 1)),
        (enterprise, date(2026, 3, 1)),
        (plain, date(2026, 3, 1)),
        (enterprise, date(2025, 5, 1)),
    ]:
        Purchase.objects.create(
            organisation=measured,
            enterprise=who,
            description="Taart",
            amount="80.00",
            date=day,
            recorded_by=alice,
        )
    goal = Goal.objects.create(
        organisation=measured,
        title="Twee aankopen",
        metric=Metric.SOCIAL_PURCHASES,
        target_value=Decimal("2"),
        deadline=date(2026, 12, 31),
    )
    progress.apply_baseline(goal)
    goal.save()
    assert goal.baseline_value == Decimal("1.00")
    result = progress.progress(goal, date(2026, 4, 15))
    assert result.current.value == Decimal("2")
    assert result.status == progress.Status.ACHIEVED
