"""The report's figures: collected from the query modules with fixed keys, money in Decimal with
totals equal to the sum of the rows to the cent, counts of people suppressed at collection,
labels in both languages, and the goals with their status and the evaluation's outcome."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from impactinkoop.core.suppression import HIDDEN
from impactinkoop.plans.progress import Status
from impactinkoop.reports import figures, labels
from impactinkoop.reports.models import Evaluation, GoalEvaluation
from impactinkoop.reports.snapshot import Snapshot
from impactinkoop.spend import queries as spend

from .data import TODAY, YEAR, build
from .helpers import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(org):
    return build(org, coordinator_of(org))


def test_the_keys_are_fixed_and_every_figure_has_a_drill_down(org, built):
    snapshot = figures.collect(org, YEAR, today=TODAY)
    assert tuple(snapshot.figures) == figures.FIGURE_KEYS
    assert tuple(snapshot.tables) == figures.TABLE_KEYS
    assert snapshot.data_version == spend.version(org)
    for figure in snapshot.figures.values():
        assert figure.url.startswith(f"/o/{org.slug}/"), figure.key
    for table in snapshot.tables.values():
        assert table.url.startswith(f"/o/{org.slug}/"), table.key


def test_money_is_decimal_and_totals_are_the_sums_of_the_rows(org, built):
    snapshot = figures.collect(org, YEAR, today=TODAY)
    for figure in snapshot.figures.values():
        if figure.unit in ("eur", "share") and figure.value is not None:
            assert isinstance(figure.value, Decimal), figure.key
    departments = snapshot.tables["spend.by_department"]
    assert departments.total[0] == sum(row.values[0] for row in departments.rows)
    assert departments.total[1] == sum(row.values[1] for row in departments.rows)
    assert departments.total[0] == snapshot.figures["spend.total"].value == Decimal("2484.59")
    assert departments.total[1] == snapshot.figures["spend.social"].value == Decimal("1434.55")
    sources = snapshot.tables["spend.by_source"]
    assert [(row.key, row.values[0]) for row in sources.rows] == [
        ("code_so", Decimal("1134.55")),
        ("se_nl", Decimal("300.00")),
    ]
    assert sources.total == (snapshot.figures["spend.social"].value,)
    # Local spend as the dashboard counts it: linked companies in Utrecht and in its region.
    assert snapshot.figures["spend.local"].value == Decimal("1134.55") + Decimal("999.99")
    assert snapshot.figures["spend.region"].value == Decimal("1134.55") + Decimal("999.99") + 300
    assert snapshot.figures["spend.baseline_total"].value == Decimal("1000.00")
    assert snapshot.figures["spend.baseline_social_share"].value == Decimal("0.4000")
    assert snapshot.figures["tenders.at_ambition_2_or_3"].value == 1
    levels = snapshot.tables["tenders.by_ambition"]
    assert [(row.key, row.values) for row in levels.rows] == [("1", (1,)), ("2", (1,)), ("3", (0,))]
    assert levels.total == (snapshot.figures["tenders.with_mvi"].value,)


def test_the_snapshot_survives_json_without_a_float(org, built):
    snapshot = figures.collect(org, YEAR, today=TODAY)
    data = snapshot.to_json()
    assert "float" not in repr(data)
    assert Snapshot.from_json(data) == snapshot


def test_small_counts_of_people_are_stored_as_hidden(org, built):
    snapshot = figures.collect(org, YEAR, today=TODAY)
    groups = {
        row.key: row.values for row in snapshot.tables["sroi.placements_by_target_group"].rows
    }
    assert groups["participatiewet"] == (None, 0, None)  # 3 people
    assert groups["ww"] == (None, 0, None)  # 6 people, but 9 - 3 would reveal it
    assert snapshot.tables["sroi.placements_by_target_group"].total == (9, 0, 9)
    assert snapshot.figures["sroi.people"].value == 9
    with translation.override("nl"):
        assert labels.display(None, "people") == HIDDEN


def test_an_organisation_without_data_has_a_report_of_nothing(org):
    snapshot = figures.collect(org, YEAR, today=TODAY)
    assert snapshot.figures["spend.total"].value == Decimal("0.00")
    assert snapshot.figures["spend.social_share"].value is None
    assert snapshot.figures["spend.baseline_total"].value is None
    assert snapshot.figures["spend.baseline_total"].url == ""
    assert snapshot.tables["spend.by_department"].rows == ()
    with translation.override("nl"):
        assert labels.figure_display(snapshot.figures["spend.social_share"]) == "—"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_key_and_code_has_a_label_in_both_languages(org, built, language):
    snapshot = figures.collect(org, YEAR, today=TODAY)
    with translation.override(language):
        for key in figures.FIGURE_KEYS:
            assert labels.figure_label(key) != key
        for key, table in snapshot.tables.items():
            assert labels.table_label(key) != key
            assert labels.row_heading(key)
            for column in table.columns:
                assert labels.column_label(column) != column
            for row in table.rows:
                assert labels.row_label(key, row) not in ("", row.key), (key, row.key)
    with translation.override("nl"):
        dutch = [labels.figure_label(key) for key in figures.FIGURE_KEYS]
    with translation.override("en"):
        english = [labels.figure_label(key) for key in figures.FIGURE_KEYS]
    assert all(nl != en for nl, en in zip(dutch, english, strict=True))


def test_display_follows_the_dashboard_in_each_language():
    with translation.override("nl"):
        assert labels.display(Decimal("1234.5"), "eur") == "€\u00a01.234,50"
        assert labels.display(Decimal("0.5774"), "share") == "57,7\u00a0%"
        assert labels.display(12345, "count") == "12.345"
    with translation.override("en"):
        assert labels.display(Decimal("1234.5"), "eur") == "€\u00a01,234.50"
        assert labels.display(Decimal("0.5774"), "share") == "57.7\u00a0%"
        assert labels.display(None, "eur") == "—"


def test_goals_show_their_live_status_and_the_closed_evaluations_frozen_outcome(org, built):
    goal = built["goal"]
    [line] = figures.goals(org, YEAR, today=TODAY)
    assert (line.id, line.title, line.outcome) == (goal.pk, goal.title, "")
    assert line.status in {Status.ON_TRACK, Status.BEHIND, Status.NO_DATA}
    assert line.target == Decimal("60")

    evaluation = Evaluation.objects.create(organisation=org, year=YEAR)
    GoalEvaluation.objects.create(
        evaluation=evaluation,
        goal=goal,
        outcome=GoalEvaluation.Outcome.PARTLY,
        measured_value=Decimal("41.50"),
        target_value=Decimal("55.00"),
    )
    [open_line] = figures.goals(org, YEAR, today=TODAY)
    assert open_line.outcome == "partly"
    assert open_line.target == Decimal("60")  # still live while the evaluation is open

    evaluation.closed_at = timezone.now()
    evaluation.save()
    [closed] = figures.goals(org, YEAR, today=TODAY)
    assert (closed.value, closed.target, closed.outcome) == (
        Decimal("41.50"),
        Decimal("55.00"),
        "partly",
    )
    assert figures.GoalLine.from_json(closed.to_json()) == closed
    with translation.override("nl"):
        assert labels.outcome_label(closed.outcome) == "Deels gehaald"


def test_a_goal_that_ended_before_the_year_is_not_in_its_report(org, built):
    built["goal"].deadline = date(YEAR - 1, 12, 31)
    built["goal"].save()
    assert figures.goals(org, YEAR, today=TODAY) == []


def test_a_year_the_ledger_does_not_reach_the_end_of_says_so(org, built):
    full = figures.collect(org, YEAR, today=TODAY)
    assert full.figures["spend.total"].note == ""
    partial = figures.collect(org, YEAR - 1, today=TODAY)  # lines in January and February only
    for key in ("spend.total", "spend.social", "spend.social_share"):
        assert partial.figures[key].note
    assert Snapshot.from_json(partial.to_json()) == partial
    with translation.override("nl"):
        note = labels.figure_note(partial.figures["spend.total"])
        assert "2024-02-29" in note and "grootboek" in note
    with translation.override("en"):
        assert "ledger does not reach" in labels.figure_note(partial.figures["spend.total"])
