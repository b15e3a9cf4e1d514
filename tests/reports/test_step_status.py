"""PIANOo step 7 (evaluate) and De Normaalste Zaak's step 7 (share results) read where the
organisation stands from its evaluations, impact reports and public page, not from a tick."""

from django.utils import timezone

from impactinkoop.core.steps import STEPS_BY_SLUG, status_for, status_for_slug
from impactinkoop.plans import step_plans
from impactinkoop.reports import evaluations
from impactinkoop.reports.models import Edition, PublicPage, Report
from impactinkoop.reports.step_status import SHARE_RESULTS

from ..plans.test_goals import measured  # noqa: F401 (a fixture)
from .evaluation_helpers import item_of, outcome, started, year_2026


def evaluate(org):
    return status_for(STEPS_BY_SLUG["evaluate"], org)


def publish(org, year: int) -> Edition:
    report = Report.objects.create(organisation=org, year=year, sections={"intro": "Ons jaar"})
    return Edition.objects.create(
        organisation=org,
        report=report,
        year=year,
        number=1,
        figures={"year": year, "figures": [], "tables": []},
        data_version="v1",
        published_at=timezone.now(),
    )


def test_evaluate_is_todo_then_started_with_the_goals_evaluated_then_done(
    measured,  # noqa: F811
    alice,
):
    assert evaluate(measured).state == "todo"
    plan = year_2026(measured, alice)
    evaluation = started(measured, alice)
    status = evaluate(measured)
    assert status.state == "started"
    assert "2026" in status.summary and "0 van 3" in status.summary

    for key in plan:
        evaluations.save_goal_evaluation(
            item_of(evaluation, plan[key]), outcome("achieved"), actor=alice, organisation=measured
        )
    assert "3 van 3" in evaluate(measured).summary
    evaluations.close_evaluation(evaluation, actor=alice, organisation=measured)
    status = evaluate(measured)
    assert status.state == "done"
    assert "2026" in status.summary and "nog niet gepubliceerd" in status.summary

    publish(measured, 2026)
    status = evaluate(measured)
    assert status.state == "done" and "is gepubliceerd" in status.summary


def test_evaluate_follows_the_latest_year(org, alice):
    closed = evaluations.start_evaluation(2025, actor=alice, organisation=org)
    evaluations.close_evaluation(closed, actor=alice, organisation=org)
    assert evaluate(org).state == "done"
    evaluations.start_evaluation(2026, actor=alice, organisation=org)
    assert evaluate(org).state == "started"


def share(org):
    return status_for_slug(SHARE_RESULTS, org)


def test_share_results_is_done_once_a_report_is_published_or_the_public_page_is_on(org, alice):
    assert share(org).state == "todo"
    Report.objects.create(organisation=org, year=2026, sections={"intro": "  "})
    assert share(org).state == "todo"  # no text yet
    evaluations.start_evaluation(2026, actor=alice, organisation=org)
    assert share(org).state == "started"

    page = PublicPage.objects.create(organisation=org, enabled=False)
    assert share(org).state == "started"
    page.enabled = True
    page.save()
    status = share(org)
    assert status.state == "done" and "openbare" in status.summary.lower()
    page.enabled = False
    page.save()

    publish(org, 2025)
    status = share(org)
    assert status.state == "done" and "2025" in status.summary


def test_a_report_with_text_is_sharing_under_way(org):
    Report.objects.create(organisation=org, year=2026, sections={"intro": "Ons jaar"})
    assert share(org).state == "started"


def test_the_dnz_checklist_reads_step_7_from_the_data(org, alice):
    rows = step_plans.checklist(org, "dnz")
    seventh = rows[6]
    assert seventh.step.number == 7 and seventh.check is None
    assert seventh.status.state == "todo"
    PublicPage.objects.create(organisation=org, enabled=True)
    assert step_plans.checklist(org, "dnz")[6].status.state == "done"
    # The PIANOo checklist's step 7 reads the evaluation.
    assert step_plans.checklist(org, "pianoo")[6].status.state == "todo"
    # DNZ's steps 1 to 4 say nothing of their own (step 5 reads the knowledge, step 6 the
    # intervision groups).
    assert all(row.status is None for row in rows[:4])
    assert [row.status is not None for row in rows[4:6]] == [True, True]
