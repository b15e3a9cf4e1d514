"""The evaluation of a year: the goals it covers, the live figures and the outcome they
suggest, saving, and closing: values frozen with the data version, follow-ups as actions in next
year's plan, and nothing changes after."""

import inspect
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from impactinkoop.core.models import AuditEntry
from impactinkoop.plans.models import Action, Metric
from impactinkoop.reports import evaluations
from impactinkoop.reports.models import Evaluation, FrozenError, GoalEvaluation
from impactinkoop.spend import queries as spend

from ..plans.test_goals import measured  # noqa: F401 (a fixture)
from ..spend.test_importing import import_text
from .evaluation_helpers import goal, item_of, outcome, started, year_2026

LATE_2026 = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
    "1001;DE WERKPLAATS B.V.;01234567;H1;15-11-2026;5.000,00;Ruimte\n"
)


@pytest.fixture
def plan(measured, alice):  # noqa: F811
    return year_2026(measured, alice)


def test_every_write_takes_actor_and_organisation_by_keyword():
    writes = [
        function
        for name, function in inspect.getmembers(evaluations, inspect.isfunction)
        if function.__module__ == evaluations.__name__
        and not name.startswith("_")
        and "actor" in inspect.signature(function).parameters
    ]
    assert len(writes) == 4
    for function in writes:
        parameters = inspect.signature(function).parameters
        assert parameters["actor"].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters["organisation"].kind is inspect.Parameter.KEYWORD_ONLY


def test_a_year_covers_the_goals_that_existed_in_it_with_a_deadline_in_it_or_later(
    org, plan, alice
):
    goal(org, "Afgelopen doel", metric=Metric.NUMBER, deadline=date(2025, 12, 31))
    goal(
        org,
        "Later gesteld",
        metric=Metric.NUMBER,
        deadline=date(2027, 12, 31),
        created_at=timezone.make_aware(datetime(2027, 1, 5)),
    )
    evaluation = started(org, alice)
    covered = set(evaluation.goals.values_list("goal__title", flat=True))
    assert covered == {goal_obj.title for goal_obj in plan.values()}
    entry = AuditEntry.objects.get(action="reports.evaluation_started")
    assert entry.object_repr == "2026"
    assert sorted(entry.after["goals_added"]) == sorted(covered)


def test_starting_again_takes_in_goals_set_since_and_nothing_twice(org, plan, alice):
    evaluation = started(org, alice)
    assert started(org, alice) == evaluation
    assert evaluation.goals.count() == 3
    goal(org, "Nieuw doel", metric=Metric.NUMBER, deadline=date(2026, 12, 31))
    assert [g.title for g in evaluations.missing_goals(evaluation)] == ["Nieuw doel"]
    started(org, alice)
    assert evaluation.goals.count() == 4
    assert AuditEntry.objects.filter(action="reports.evaluation_goals_added").count() == 1


def test_a_year_not_begun_cannot_be_evaluated(org, alice):
    with pytest.raises(ValidationError):
        started(org, alice, timezone.localdate().year + 1)
    assert not Evaluation.objects.exists()


def test_while_open_the_figures_are_live_and_suggest_an_outcome(org, plan, alice):
    evaluation = started(org, alice)
    lines = {line.goal.title: line for line in evaluations.lines(evaluation)}
    share = lines[plan["share"].title].measured
    # 4.00 % against 5 % from a baseline of 2.50 %: moved towards the target.
    assert (share.value, share.target, share.suggestion) == (
        Decimal("4.00"),
        Decimal("5.00"),
        "partly",
    )
    assert share.source.startswith("live 2026-06-30 ")
    spend_line = lines[plan["spend"].title].measured
    assert (spend_line.value, spend_line.suggestion) == (Decimal("400.00"), "achieved")
    counted = lines[plan["counted"].title].measured
    assert (counted.value, counted.suggestion) == (Decimal("2.00"), "not")
    assert counted.source == "entered 2026-06-01"
    assert not any(line.frozen for line in lines.values())

    # More data for 2026 and the open evaluation follows it.
    import_text(org, LATE_2026, name="late-2026.csv")
    share = next(
        line.measured for line in evaluations.lines(evaluation) if line.goal.pk == plan["share"].pk
    )
    assert share.value > Decimal("5") and share.suggestion == "achieved"


def test_suggest_reads_the_direction_from_baseline_to_target():
    suggest = evaluations.suggest
    assert suggest(Decimal(5), Decimal(5), Decimal(2)) == "achieved"
    assert suggest(Decimal(3), Decimal(5), Decimal(2)) == "partly"
    assert suggest(Decimal(2), Decimal(5), Decimal(2)) == "not"
    assert suggest(Decimal(1), Decimal(5), Decimal(2)) == "not"
    # Less is better: a target below the baseline.
    assert suggest(Decimal(40), Decimal(50), Decimal(80)) == "achieved"
    assert suggest(Decimal(60), Decimal(50), Decimal(80)) == "partly"
    assert suggest(Decimal(90), Decimal(50), Decimal(80)) == "not"
    assert suggest(None, Decimal(5), Decimal(2)) == ""
    assert suggest(Decimal(5), None, Decimal(2)) == ""


def test_saving_a_goal_logs_before_and_after(org, plan, alice):
    evaluation = started(org, alice)
    item = item_of(evaluation, plan["share"])
    evaluations.save_goal_evaluation(
        item,
        outcome("partly", helped="Een koffiecontract", hindered="Weinig aanbod"),
        actor=alice,
        organisation=org,
    )
    item.refresh_from_db()
    assert (item.outcome, item.helped, item.hindered) == (
        "partly",
        "Een koffiecontract",
        "Weinig aanbod",
    )
    entry = AuditEntry.objects.get(action="reports.goal_evaluated")
    assert entry.before["outcome"] == "" and entry.after["outcome"] == "partly"
    assert entry.object_repr == "2026: 5% sociaal in 2026"


def test_a_new_action_needs_its_description(org, plan, alice):
    item = item_of(started(org, alice), plan["share"])
    with pytest.raises(ValidationError):
        evaluations.save_goal_evaluation(
            item, outcome("not", follow_up="new_action"), actor=alice, organisation=org
        )
    item.refresh_from_db()
    assert item.outcome == "" and item.follow_up == ""


def test_another_organisation_cannot_change_the_evaluation(org, other_org, plan, alice, charlie):
    evaluation = started(org, alice)
    item = item_of(evaluation, plan["share"])
    with pytest.raises(PermissionDenied):
        evaluations.save_goal_evaluation(
            item, outcome("achieved"), actor=charlie, organisation=other_org
        )
    with pytest.raises(PermissionDenied):
        evaluations.close_evaluation(evaluation, actor=charlie, organisation=other_org)
    item.refresh_from_db()
    assert item.outcome == ""


def test_closing_needs_every_outcome_and_names_the_goals_without_one(org, plan, alice):
    evaluation = started(org, alice)
    evaluations.save_goal_evaluation(
        item_of(evaluation, plan["share"]),
        outcome("partly", follow_up="new_action", follow_up_note="Koffie sociaal"),
        actor=alice,
        organisation=org,
    )
    with pytest.raises(ValidationError) as refused:
        evaluations.close_evaluation(evaluation, actor=alice, organisation=org)
    message = " ".join(refused.value.messages)
    assert plan["spend"].title in message and plan["counted"].title in message
    assert plan["share"].title not in message
    evaluation.refresh_from_db()
    assert not evaluation.is_closed
    assert not Action.objects.filter(title="Koffie sociaal").exists()
    assert not GoalEvaluation.objects.exclude(measured_value=None).exists()


def close_all(org, plan, alice):
    evaluation = started(org, alice)
    choices = {
        "share": outcome(
            "partly",
            follow_up="new_action",
            follow_up_note="Koffiecontract sociaal aanbesteden\nMet de afdeling Facilitair.",
        ),
        "spend": outcome("achieved", follow_up="carry_over"),
        "counted": outcome("not", follow_up="adjust", follow_up_note=""),
    }
    for key, data in choices.items():
        evaluations.save_goal_evaluation(
            item_of(evaluation, plan[key]), data, actor=alice, organisation=org
        )
    evaluations.save_summary(evaluation, "Een goed jaar.", actor=alice, organisation=org)
    return evaluations.close_evaluation(evaluation, actor=alice, organisation=org)


def test_closing_freezes_the_values_with_the_data_version(org, plan, alice):
    evaluation = close_all(org, plan, alice)
    evaluation.refresh_from_db()
    assert evaluation.is_closed and evaluation.closed_by == alice
    assert evaluation.data_version == spend.version(org)
    share = item_of(evaluation, plan["share"])
    assert (share.measured_value, share.target_value) == (Decimal("4.00"), Decimal("5.00"))
    assert share.measured_source.startswith("live 2026-06-30")
    counted = item_of(evaluation, plan["counted"])
    assert (counted.measured_value, counted.measured_source) == (
        Decimal("2.00"),
        "entered 2026-06-01",
    )
    entry = AuditEntry.objects.get(action="reports.evaluation_closed")
    assert entry.after["data_version"] == evaluation.data_version
    assert entry.after["goals_frozen"][plan["share"].title]["measured_value"] == "4.00"

    # New data and a changed target: the closed year shows what it was closed with.
    import_text(org, LATE_2026, name="late-2026.csv")
    plan["share"].target_value = Decimal("8")
    plan["share"].save()
    assert spend.version(org) != evaluation.data_version
    line = next(line for line in evaluations.lines(evaluation) if line.goal.pk == plan["share"].pk)
    assert line.frozen
    assert (line.measured.value, line.measured.target) == (Decimal("4.00"), Decimal("5.00"))


def test_follow_ups_become_actions_in_next_years_plan_linked_to_their_goal(org, plan, alice):
    evaluation = close_all(org, plan, alice)
    actions = {
        key: item_of(evaluation, plan[key]).follow_up_action
        for key in ("share", "spend", "counted")
    }
    assert all(action is not None for action in actions.values())
    for key, action in actions.items():
        assert action.goal == plan[key]
        assert action.due == date(2027, 12, 31)
        assert action.organisation == org
    assert actions["share"].title == "Koffiecontract sociaal aanbesteden"
    assert "Met de afdeling Facilitair." in actions["share"].description
    assert actions["share"].owner == alice  # the goal's owner
    assert plan["spend"].title in actions["spend"].title
    assert plan["counted"].title in actions["counted"].title
    assert AuditEntry.objects.filter(action="plan.action.created").count() == 3


def test_a_closed_year_refuses_every_change(org, plan, alice):
    evaluation = close_all(org, plan, alice)
    item = item_of(evaluation, plan["share"])
    actions = Action.objects.count()
    with pytest.raises(FrozenError):
        evaluations.save_goal_evaluation(item, outcome("achieved"), actor=alice, organisation=org)
    with pytest.raises(FrozenError):
        evaluations.save_summary(evaluation, "Anders", actor=alice, organisation=org)
    with pytest.raises(FrozenError):
        evaluations.close_evaluation(evaluation, actor=alice, organisation=org)
    with pytest.raises(FrozenError):
        started(org, alice)
    item.refresh_from_db()
    evaluation.refresh_from_db()
    assert item.outcome == "partly" and evaluation.summary == "Een goed jaar."
    assert Action.objects.count() == actions
    assert AuditEntry.objects.filter(action="reports.evaluation_closed").count() == 1
