"""Hand-computed valuations for each shipped edition and the block kinds it has, to the cent."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from impactinkoop.sroi.valuation import months_between, value_realisation

from .helpers import obligation_under, realisation

pytestmark = pytest.mark.django_db

H = Decimal


def test_months_count_whole_months_and_the_rest_as_days():
    assert months_between(date(2025, 1, 1), date(2025, 8, 31)) == H("8")
    # 1 Jan to 15 Feb 2025: one month, then 15 of February's 28 days.
    assert months_between(date(2025, 1, 1), date(2025, 2, 15)) == H("1.54")
    assert months_between(date(2025, 3, 1), date(2025, 2, 28)) == 0


def test_utrecht_current_job_pro_rata_with_stacked_bonus_in_both_languages(org):
    obligation = obligation_under(org, "utrecht-current")
    found = realisation(
        obligation,
        "Participatiewet",
        bonuses=["Ouder dan 50 jaar"],
        kind="placement",
        participant_code="SR-AB12",
        hours_per_week=H("24"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 8, 31),
    )
    with translation.override("nl"):
        valuation = value_realisation(found)
        assert valuation.lines[0].computation == "40.000 x 24/36 uur x 8/12 maanden = 17.777,78"
        assert valuation.lines[1].computation == "10.000 x 24/36 uur x 8/12 maanden = 4.444,44"
    with translation.override("en"):
        valuation = value_realisation(found)
        assert valuation.lines[0].computation == "40,000 x 24/36 hours x 8/12 months = 17,777.78"
    assert valuation.total == H("22222.22")


def test_utrecht_current_learning_place_and_purchase(org):
    obligation = obligation_under(org, "utrecht-current")
    learning = realisation(
        obligation,
        "Mbo bol niveau 2, 3 en 4",
        kind="learning",
        participant_code="SR-LL01",
        hours_per_week=H("18"),
        start_date=date(2025, 9, 1),
        end_date=date(2026, 8, 31),
    )
    # 20.000 x 18/36 x 12/12 = 10.000,00
    assert value_realisation(learning).total == H("10000.00")
    purchase = realisation(
        obligation,
        "Inkopen bij sociale bedrijven",
        kind="purchase",
        invoice_number="F-1",
        amount_excl_vat=H("12345.67"),
        start_date=date(2025, 5, 1),
        end_date=date(2025, 5, 1),
    )
    with translation.override("nl"):
        assert value_realisation(purchase).lines[0].computation == "100% van 12.345,67 = 12.345,67"
    assert value_realisation(purchase).total == H("12345.67")


def test_utrecht_2018_activity_hours_purchase_at_sw_company_and_bonus(org):
    obligation = obligation_under(org, "utrecht-2018")
    activity = realisation(
        obligation,
        "Maatschappelijke activiteit, steun lokaal initiatief, afname bij sociale onderneming",
        kind="activity",
        hours=H("37.5"),
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 3),
    )
    assert value_realisation(activity).total == H("3750.00")
    sw = realisation(
        obligation,
        "Wsw-inzet (detachering, diensten)",
        kind="purchase",
        invoice_number="W-9",
        amount_excl_vat=H("4999.99"),
        start_date=date(2025, 6, 1),
        end_date=date(2025, 6, 1),
    )
    assert value_realisation(sw).total == H("4999.99")
    job = realisation(
        obligation,
        "WW > 1 jaar",
        bonuses=["50+"],
        kind="placement",
        participant_code="SR-WW1",
        hours_per_week=H("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    # 20.000 x 36/36 x 12/12 + 5.000 x 36/36 x 12/12
    assert value_realisation(job).total == H("25000.00")


def test_haaglanden_caps_months_and_stacks_bonuses(org):
    obligation = obligation_under(org, "haaglanden-2023", end=date(2028, 12, 31))
    ww = realisation(
        obligation,
        "WW",
        kind="placement",
        participant_code="SR-HG1",
        hours_per_week=H("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2026, 6, 30),
    )
    with translation.override("en"):
        line = value_realisation(ww).lines[0]
    # 18 months worked, the block counts 12: 20.000 x 36/36 x 12/12.
    assert line.amount == H("20000.00")
    assert "(at most 12)" in line.computation
    participation = realisation(
        obligation,
        "Participatiewet",
        bonuses=["55+", "Dienstverband vso/PrO na stage van minimaal 6 maanden"],
        kind="placement",
        participant_code="SR-HG2",
        hours_per_week=H("20"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 6, 30),
    )
    valuation = value_realisation(participation)
    # 40.000 x 20/36 x 24/12 = 44.444,44 (30 months, capped at 24); the 55+ bonus has no cap
    # of its own and takes the job's: 10.000 x 20/36 x 24/12 = 11.111,11; once 25.000.
    assert [line.amount for line in valuation.lines] == [
        H("44444.44"),
        H("11111.11"),
        H("25000.00"),
    ]
    assert valuation.total == H("80555.55")


def test_oost_nederland_placement_per_month_and_job_without_cap(org):
    obligation = obligation_under(org, "oost-nederland-2023-04")
    trial = realisation(
        obligation,
        "Werkervaringsplek/proefplaatsing",
        kind="placement",
        participant_code="SR-ON1",
        hours_per_week=H("30"),
        start_date=date(2025, 2, 1),
        end_date=date(2025, 6, 30),
    )
    assert value_realisation(trial).total == H("3750.00")  # 750 x 5 months
    short = realisation(
        obligation,
        "Participatiewet < 2 jaar",
        kind="placement",
        participant_code="SR-ON2",
        hours_per_week=H("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 2, 15),
    )
    assert value_realisation(short).total == H("3850.00")  # 30.000 x 36/36 x 1,54/12
    register = realisation(
        obligation,
        "Doelgroepregister, WIA/WAO, WSW, beschut werk",
        kind="placement",
        participant_code="SR-ON3",
        hours_per_week=H("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    assert value_realisation(register).total == H("120000.00")  # always counts: 36 months
    bbl = realisation(
        obligation,
        "Leerling BBL niveau 1 en 2",
        kind="learning",
        participant_code="SR-ON4",
        hours_per_week=H("32"),
        start_date=date(2025, 9, 1),
        end_date=date(2026, 2, 28),
    )
    assert value_realisation(bbl).total == H("8888.89")  # 20.000 x 32/36 x 6/12


def test_months_outside_the_obligation_do_not_count(org):
    obligation = obligation_under(
        org, "utrecht-current", start=date(2025, 1, 1), end=date(2025, 6, 30)
    )
    found = realisation(
        obligation,
        "WW-uitkering",
        kind="placement",
        participant_code="SR-X1",
        hours_per_week=H("36"),
        start_date=date(2025, 4, 1),
        end_date=date(2025, 9, 30),
    )
    assert value_realisation(found).total == H("5000.00")  # 20.000 x 3/12


def test_the_total_still_to_do_is_the_sum_of_the_rows_not_a_surplus_netted_off():
    from impactinkoop.sroi.queries import Balance, total_balance

    rows = {
        1: Balance(Decimal("10000.00"), Decimal("25000.00"), None),  # delivered more
        2: Balance(Decimal("10000.00"), Decimal("4000.00"), None),  # 6,000 still to do
    }
    total = total_balance(rows)
    assert (total.obligated, total.realised) == (Decimal("20000.00"), Decimal("29000.00"))
    assert total.to_do == Decimal("6000.00") == sum(row.to_do for row in rows.values())
