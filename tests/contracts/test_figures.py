"""The figures of steps 4 and 5 against counts made independently, tender by tender in Python."""

import random
from decimal import Decimal

import pytest

from impactinkoop.contracts.figures import contract_figures, goal_value, tender_figures
from impactinkoop.contracts.models import Tender, TenderTheme
from impactinkoop.contracts.services import change_rules, create_tender
from impactinkoop.core.steps import STEPS_BY_SLUG, status_for

from .helpers import make_contract

pytestmark = pytest.mark.django_db


def build(org, alice, seed: int):
    generator = random.Random(seed)
    tenders = []
    for number in range(40):
        if number == 20:
            change_rules(org, actor=alice, mvoi_threshold=Decimal("100000"))
        tender = create_tender(
            org,
            actor=alice,
            title=f"T{number}",
            estimated_value=Decimal(generator.choice([20000, 60000, 90000, 150000, 400000])),
            status=generator.choice(["idea", "preparing", "published", "cancelled"]),
            social_return_percentage=generator.choice([None, None, Decimal("0"), Decimal("3")]),
        )
        for theme in tender.themes.all():
            decision = generator.choice(["", "applied", "applied", "explained"])
            theme.decision = decision
            if decision == "applied":
                theme.how, theme.ambition, theme.text = "requirement", generator.randint(1, 3), "x"
            elif decision == "explained":
                theme.reason, theme.explanation = "no_market", "x"
            theme.save()
        tenders.append(tender)
    return tenders


def independent_counts(tenders):
    counted = {"above": 0, "mvi": 0, "ambitious": 0, "sr": 0, "applied": 0, "explained": 0}
    counted["levels"] = [0, 0, 0]
    for tender in Tender.objects.filter(pk__in=[t.pk for t in tenders]).select_related("rules"):
        if tender.status == "cancelled" or tender.estimated_value < tender.rules.mvoi_threshold:
            continue
        counted["above"] += 1
        themes = list(TenderTheme.objects.filter(tender=tender))
        applied = [t for t in themes if t.decision == "applied"]
        counted["mvi"] += bool(applied)
        counted["ambitious"] += any(t.ambition >= 2 for t in applied)
        if applied:
            counted["levels"][max(t.ambition for t in applied) - 1] += 1
        own = tender.social_return_percentage
        asks = (
            own > 0
            if own is not None
            else (tender.estimated_value >= tender.rules.social_return_threshold)
        )
        counted["sr"] += asks
        counted["applied"] += len(applied)
        counted["explained"] += sum(t.decision == "explained" for t in themes)
    return counted


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tender_figures_equal_independent_counts(org, alice, seed):
    tenders = build(org, alice, seed)
    counted = independent_counts(tenders)
    figures = tender_figures(org)
    assert (
        figures.above_threshold,
        figures.with_mvi,
        figures.at_ambition_2_or_3,
        figures.with_social_return,
        figures.themes_applied,
        figures.themes_explained,
    ) == (
        counted["above"],
        counted["mvi"],
        counted["ambitious"],
        counted["sr"],
        counted["applied"],
        counted["explained"],
    )
    assert counted["above"] > 0
    assert figures.mvi_share == (Decimal(counted["mvi"]) / counted["above"]).quantize(
        Decimal("0.0001")
    )
    assert goal_value(org, "explained") == Decimal(counted["explained"])
    assert list(figures.by_ambition) == counted["levels"]
    assert sum(figures.by_ambition) == figures.with_mvi


def test_figures_of_an_organisation_without_tenders(org):
    figures = tender_figures(org)
    assert figures.above_threshold == 0 and figures.mvi_share is None
    assert goal_value(org, "mvi_share") is None


def test_contracts_with_and_without_social_return_by_value(org, other_org):
    make_contract(org, "A", awarded_value="100.10", social_return=True)
    make_contract(
        org, "B", awarded_value=None, estimated_value=Decimal("50.05"), social_return=True
    )
    make_contract(org, "C", awarded_value="0.01", estimated_value=Decimal("999"))
    make_contract(org, "D", awarded_value=None)
    make_contract(other_org, "E", awarded_value="1000000", social_return=True)
    figures = contract_figures(org)
    assert (figures.with_clause, figures.with_clause_value) == (2, Decimal("150.15"))
    assert (figures.without_clause, figures.without_clause_value) == (2, Decimal("0.01"))
    assert goal_value(org, "social_return_value_share") == (
        Decimal("150.15") / Decimal("150.16") * 100
    ).quantize(Decimal("0.01"))


def test_step_five_combines_the_catalogue_and_the_tenders(org, alice):
    tender = create_tender(org, actor=alice, title="Groot", estimated_value=Decimal("500000"))
    tender.themes.update(decision="applied", how="requirement", ambition=2, text="x")
    status = status_for(STEPS_BY_SLUG["procurement"], org)
    assert "100" in status.summary and "aanbestedingen" in status.summary
    assert status.state == "started"  # the catalogue's part has not started
    step4 = status_for(STEPS_BY_SLUG["tenders"], org)
    assert step4.state == "started"
