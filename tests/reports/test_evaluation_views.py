"""The evaluation pages: the coordinator starts, evaluates, writes the summary and closes the
year after a confirmation; a viewer reads; an outsider finds nothing; a closed year shows its
frozen figures and no forms."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.reports.models import Evaluation, GoalEvaluation

from ..factories import make_member
from ..plans.test_goals import measured  # noqa: F401 (a fixture)
from ..test_accessibility import check
from .evaluation_helpers import item_of, started, year_2026


@pytest.fixture
def plan(measured, alice):  # noqa: F811
    return year_2026(measured, alice)


@pytest.fixture
def coordinator(org):
    return make_member(org, "cora@voorbeeldstad.example", Role.COORDINATOR, full_name="Cora")


def url(org, name: str, *args, year: int = 2026) -> str:
    return reverse(f"reports:{name}", args=[org.slug, year, *args])


def goal_post(item, **fields) -> dict:
    data = {
        "outcome": "",
        "helped": "",
        "hindered": "",
        "follow_up": "",
        "follow_up_note": "",
        **fields,
    }
    return {f"goal-{item.pk}-{key}": value for key, value in data.items()}


def test_the_coordinator_evaluates_and_closes_the_year(org, plan, coordinator, client_for):
    client = client_for(coordinator)
    page = client.get(url(org, "evaluation"))
    assert page.status_code == 200
    assert plan["share"].title in page.content.decode()  # the goals it will cover

    assert client.post(url(org, "evaluation_start")).status_code == 302
    evaluation = Evaluation.objects.get(organisation=org, year=2026)
    page = client.get(url(org, "evaluation")).content.decode()
    assert "4,00" in page  # the share measured live, in Dutch
    assert reverse("plans:goal", args=[org.slug, plan["share"].pk]) in page  # the drill-down
    # The figures suggest "partly": the form starts there.
    item = item_of(evaluation, plan["share"])
    assert re.search(f'name="goal-{item.pk}-outcome" value="partly"[^>]* checked', page)

    response = client.post(
        url(org, "evaluation_goal", item.pk),
        goal_post(item, outcome="partly", helped="Koffie", follow_up="carry_over"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.outcome, item.helped, item.follow_up) == ("partly", "Koffie", "carry_over")

    response = client.post(url(org, "evaluation_summary"), {"summary": "Een goed jaar."})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.summary == "Een goed jaar."

    # The confirmation names the goals still without an outcome; closing is refused.
    confirm = client.get(url(org, "evaluation_close"))
    assert confirm.status_code == 200
    assert plan["spend"].title in confirm.content.decode()
    refused = client.post(url(org, "evaluation_close"), {"confirm": "on"})
    assert refused.status_code == 400
    assert plan["counted"].title in refused.content.decode()
    for key, value in (("spend", "achieved"), ("counted", "not")):
        other = item_of(evaluation, plan[key])
        client.post(url(org, "evaluation_goal", other.pk), goal_post(other, outcome=value))

    assert client.post(url(org, "evaluation_close"), {}).status_code == 400  # not confirmed
    assert client.post(url(org, "evaluation_close"), {"confirm": "on"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_closed
    item.refresh_from_db()
    assert item.measured_value == Decimal("4.00") and item.follow_up_action is not None

    page = client.get(url(org, "evaluation")).content.decode()
    assert evaluation.data_version in page
    assert "Cora" in page
    assert item.follow_up_action.title in page
    assert "<form" not in page.split('id="summary-heading"')[1]  # no forms on a closed year

    # A closed year changes no more.
    response = client.post(url(org, "evaluation_goal", item.pk), goal_post(item, outcome="not"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "partly"
    assert client.get(url(org, "evaluation_close")).status_code == 302


def test_a_new_action_without_a_description_is_refused_on_the_page(org, plan, alice, client_for):
    evaluation = started(org, alice)
    item = item_of(evaluation, plan["share"])
    response = client_for(alice).post(
        url(org, "evaluation_goal", item.pk),
        goal_post(item, outcome="not", follow_up="new_action"),
    )
    assert response.status_code == 400
    assert "Beschrijf de nieuwe actie" in response.content.decode()
    item.refresh_from_db()
    assert item.outcome == ""


def test_a_viewer_reads_but_changes_nothing(org, plan, alice, bob, client_for):
    evaluation = started(org, alice)
    item = item_of(evaluation, plan["share"])
    client = client_for(bob)
    page = client.get(url(org, "evaluation"))
    assert page.status_code == 200
    assert plan["share"].title in page.content.decode()
    assert reverse("reports:evaluation_goal", args=[org.slug, 2026, item.pk]) not in (
        page.content.decode()
    )
    for name, args, data in (
        ("evaluation_start", (), {}),
        ("evaluation_goal", (item.pk,), goal_post(item, outcome="achieved")),
        ("evaluation_summary", (), {"summary": "Niet van mij"}),
        ("evaluation_close", (), {"confirm": "on"}),
    ):
        assert client.post(url(org, name, *args), data).status_code == 403
    assert client.get(url(org, "evaluation_close")).status_code == 403
    evaluation.refresh_from_db()
    assert not evaluation.is_closed and evaluation.summary == ""
    assert not GoalEvaluation.objects.exclude(outcome="").exists()


def test_an_outsider_finds_nothing(org, plan, alice, charlie, client_for):
    evaluation = started(org, alice)
    item = item_of(evaluation, plan["share"])
    client = client_for(charlie)
    assert client.get(url(org, "evaluation")).status_code == 404
    assert client.post(url(org, "evaluation_goal", item.pk), goal_post(item)).status_code == 404
    # Through his own organisation, asking for Voorbeeldstad's goal evaluation by its id.
    other = reverse("reports:evaluation_goal", args=["anderdorp", 2026, item.pk])
    assert client.post(other, goal_post(item, outcome="achieved")).status_code == 404
    item.refresh_from_db()
    assert item.outcome == ""


def test_a_year_not_begun_or_before_2000_is_not_found(org, alice, client_for):
    client = client_for(alice)
    assert client.get(url(org, "evaluation", year=1999)).status_code == 404
    assert client.get(url(org, "evaluation", year=9999)).status_code == 404
    assert client.post(url(org, "evaluation_start", year=9999)).status_code == 404
    assert client.get(url(org, "evaluation_close")).status_code == 404  # nothing started
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_state_of_the_pages_has_the_structure_every_page_needs(
    org, plan, alice, client_for, language
):
    alice.language = language
    alice.save()
    client = client_for(alice)
    check(client.get(url(org, "evaluation")), language)  # not started
    evaluation = started(org, alice)
    check(client.get(url(org, "evaluation")), language)  # open, with forms
    item = item_of(evaluation, plan["share"])
    check(
        client.post(
            url(org, "evaluation_goal", item.pk),
            goal_post(item, outcome="not", follow_up="new_action"),
        ),
        language,
        400,
    )
    check(client.get(url(org, "evaluation_close")), language)
    for line in evaluation.goals.all():
        client.post(url(org, "evaluation_goal", line.pk), goal_post(line, outcome="achieved"))
    assert client.post(url(org, "evaluation_close"), {"confirm": "on"}).status_code == 302
    check(client.get(url(org, "evaluation")), language)  # closed


def test_a_goal_in_an_evaluation_cannot_be_deleted(org, plan, alice, client_for):
    started(org, alice)
    client = client_for(alice)
    response = client.post(
        reverse("plans:goal_delete", args=[org.slug, plan["share"].pk]), follow=True
    )
    assert response.status_code == 200
    assert "kan niet worden verwijderd" in response.content.decode()
    plan["share"].refresh_from_db()  # still there
