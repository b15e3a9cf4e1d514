"""A plan for the evaluation tests: Voorbeeldstad with 2025 frozen as its official baseline and
half of 2026 in the ledger, and goals of 2026 measured from the ledger and entered by hand."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from impactinkoop.plans.models import Goal, Metric, ProgressEntry
from impactinkoop.reports import evaluations

from ..plans.test_goals import LEDGER_2026
from ..spend.test_importing import import_text

IN_2026 = timezone.make_aware(datetime(2026, 1, 15, 9, 0))


def goal(org, title: str, **fields) -> Goal:
    """A goal set in January 2026 (the year it is evaluated in), whenever the test runs."""
    created_at = fields.pop("created_at", IN_2026)
    made = Goal.objects.create(organisation=org, title=title, **fields)
    Goal.objects.filter(pk=made.pk).update(created_at=created_at)
    made.refresh_from_db()
    return made


def year_2026(org, owner) -> dict:
    """`org` must have the 2025 baseline (tests.plans.test_goals.measured). In 2026 so far:
    400.00 of 10,000.00 at the social enterprise, 4.00 %."""
    import_text(org, LEDGER_2026, name="2026.csv")
    share = goal(
        org,
        "5% sociaal in 2026",
        metric=Metric.SOCIAL_SHARE,
        baseline_value=Decimal("2.50"),
        baseline_date=date(2025, 12, 31),
        target_value=Decimal("5"),
        deadline=date(2026, 12, 31),
        owner=owner,
    )
    spend = goal(
        org,
        "300 euro bij sociale ondernemingen",
        metric=Metric.SOCIAL_SPEND,
        baseline_value=Decimal("250"),
        baseline_date=date(2025, 12, 31),
        target_value=Decimal("300"),
        deadline=date(2027, 12, 31),
    )
    counted = goal(
        org,
        "Tien contracten met social return",
        metric=Metric.NUMBER,
        unit="contracten",
        baseline_value=Decimal("2"),
        target_value=Decimal("10"),
        deadline=date(2026, 12, 31),
    )
    ProgressEntry.objects.create(
        goal=counted, measured_on=date(2026, 6, 1), value=Decimal("2"), evidence="telling"
    )
    return {"share": share, "spend": spend, "counted": counted}


def started(org, actor, year: int = 2026):
    return evaluations.start_evaluation(year, actor=actor, organisation=org)


def item_of(evaluation, goal_obj):
    return evaluation.goals.get(goal=goal_obj)


def outcome(value: str, **fields) -> dict:
    return {
        "outcome": value,
        "helped": "",
        "hindered": "",
        "follow_up": "",
        "follow_up_note": "",
        **fields,
    }
