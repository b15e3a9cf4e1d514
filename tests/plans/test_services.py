"""The plan's services: keyword-only actor and organisation, the baseline rule applied in one
place, refusals that change nothing, and a "before" in the audit log that is the row's own."""

import inspect
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impactinkoop.catalogue.services import quotes, shortlists
from impactinkoop.core.models import AuditEntry
from impactinkoop.plans import services
from impactinkoop.plans.forms import SessionForm, TeamMemberForm
from impactinkoop.plans.models import Goal, Metric, ProgressEntry, TeamMember, Theme

from .helpers import national, small_plan
from .test_goals import goal_form, measured  # noqa: F401 (a fixture)

# Enterprise editors answer a request from outside the organisation that sent it.
OUTSIDE_AN_ORGANISATION = {"answer_quote_request"}


def writes(module):
    return [
        (name, function)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "actor" in inspect.signature(function).parameters
    ]


@pytest.mark.parametrize("module", [services, shortlists, quotes])
def test_every_write_of_an_organisation_takes_actor_and_organisation_by_keyword(module):
    found = writes(module)
    assert found
    for name, function in found:
        parameters = inspect.signature(function).parameters
        assert parameters["actor"].kind is inspect.Parameter.KEYWORD_ONLY, name
        if name not in OUTSIDE_AN_ORGANISATION:
            assert parameters["organisation"].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_a_typed_baseline_of_a_computed_goal_gives_way_to_the_nulmeting(
    measured,  # noqa: F811
    alice,
    client_for,
):
    typed = goal_form(baseline_value="9", baseline_date="2024-06-30", baseline_label="Eigen")
    response = client_for(alice).post(reverse("plans:goal_new", args=[measured.slug]), typed)
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.baseline_value, goal.baseline_date, goal.baseline_label) == (
        Decimal("2.50"),
        date(2025, 12, 31),
        "Nulmeting 2025",
    )
    assert goal.baseline.is_official


def test_without_a_nulmeting_the_typed_baseline_stays_without_a_frozen_one(org, alice, client_for):
    typed = goal_form(baseline_value="3", baseline_date="2025-06-30", baseline_label="Telling")
    response = client_for(alice).post(reverse("plans:goal_new", args=[org.slug]), typed)
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.baseline_value, goal.baseline_date, goal.baseline) == (
        Decimal("3.00"),
        date(2025, 6, 30),
        None,
    )


def test_the_deadline_is_checked_against_the_nulmeting_date(
    measured,  # noqa: F811
    alice,
    client_for,
):
    early = goal_form(deadline="2025-06-30")
    response = client_for(alice).post(reverse("plans:goal_new", args=[measured.slug]), early)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["deadline"]
    assert not Goal.objects.exists()


def test_changing_a_goal_logs_what_its_row_held(org, alice, client_for):
    goal = small_plan(org, alice)["goal"]
    edit = {
        "title": "Twaalf contracten met social return",
        "metric": Metric.NUMBER,
        "unit": "contracten",
        "baseline_value": "2",
        "baseline_date": "2025-12-31",
        "target_value": "12",
        "deadline": "2026-12-31",
    }
    response = client_for(alice).post(reverse("plans:goal_edit", args=[org.slug, goal.pk]), edit)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="plan.goal.changed")
    assert entry.before["title"] == "Tien contracten met social return"
    assert entry.after["title"] == "Twaalf contracten met social return"


def measurement() -> dict:
    return {"measured_on": date(2026, 1, 5), "value": Decimal("4"), "evidence": "Telling"}


def test_a_measurement_for_another_organisations_goal_is_refused(org, other_org, alice):
    goal = small_plan(other_org, None)["goal"]
    with pytest.raises(PermissionDenied):
        services.add_progress(goal, measurement(), actor=alice, organisation=org)
    assert not ProgressEntry.objects.exists()
    assert not AuditEntry.objects.filter(action="plan.progress_entered").exists()


def test_a_computed_goal_takes_no_measurement_by_hand(org, alice):
    goal = Goal.objects.create(
        organisation=org, title="Aandeel", metric=Metric.SOCIAL_SHARE, deadline=date(2026, 12, 31)
    )
    with pytest.raises(PermissionDenied):
        services.add_progress(goal, measurement(), actor=alice, organisation=org)
    assert not ProgressEntry.objects.exists()


def test_a_new_reason_for_a_theme_logs_the_reason_it_replaces(org, alice):
    theme = national("circulair")
    services.choose_theme(theme, reason="Coalitieakkoord", actor=alice, organisation=org)
    services.choose_theme(theme, reason="Inkoopbeleid 2026", actor=alice, organisation=org)
    entry = AuditEntry.objects.get(action="plan.theme_reason_changed")
    assert (entry.before, entry.after) == (
        {"reason": "Coalitieakkoord"},
        {"reason": "Inkoopbeleid 2026"},
    )
    services.drop_theme(theme, actor=alice, organisation=org)
    dropped = AuditEntry.objects.get(action="plan.theme_dropped")
    assert dropped.before == {"reason": "Inkoopbeleid 2026"}


def test_a_changed_session_logs_its_levels_before(org, alice):
    session = small_plan(org, alice)["sessions"][0]
    themes = Theme.objects.in_use(org)
    data = {"title": session.title, "held_on": "2025-03-01", "subject": "organisation"}
    data.update({f"level_{theme.pk}": "3" for theme in themes})
    form = SessionForm(data, instance=session, organisation=org, themes=themes)
    assert form.is_valid(), form.errors
    services.save_session(form, actor=alice, organisation=org)
    entry = AuditEntry.objects.get(action="plan.session_changed")
    social_return, circular = str(national("social-return").label), str(national("circulair").label)
    assert entry.before["levels"] == {social_return: 1, circular: 2}
    assert entry.after["levels"] == {social_return: 3, circular: 3}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer and no row locks"
)
def test_a_change_locks_its_row_before_it_reads_the_before(org, alice):
    member = TeamMember.objects.create(organisation=org, name="Lotte", function="Wethouder")
    form = TeamMemberForm(
        {"name": "Lotte Smit", "function": "Wethouder", "part": "sponsor"}, instance=member
    )
    assert form.is_valid(), form.errors
    with CaptureQueriesContext(connection) as queries:
        services.save_object(form, actor=alice, organisation=org, action="plan.team_member")
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "plans_teammember" in q and "FOR UPDATE" in q)
    update = next(i for i, q in enumerate(sql) if q.startswith('UPDATE "plans_teammember"'))
    audit = next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "core_auditentry"'))
    assert lock < update < audit
    assert AuditEntry.objects.get(action="plan.team_member.changed").before["name"] == "Lotte"
