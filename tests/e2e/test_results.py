"""Issue 24 in the browser: a coordinator goes from the home page to a closed evaluation and a
published impact report, the administrator turns the public page on with one chosen figure and
one chosen story, and an anonymous visitor sees exactly that and nothing else."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.plans.models import Action, Goal, Metric, ProgressEntry
from impactinkoop.reports.models import Edition, Evaluation, Story

from ..factories import make_member
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1


def goal_of_last_year(org, owner) -> Goal:
    goal = Goal.objects.create(
        organisation=org,
        title=f"Tien social-returnplaatsen in {YEAR}",
        metric=Metric.NUMBER,
        unit="plaatsen",
        baseline_value=Decimal("4"),
        baseline_date=date(YEAR - 1, 12, 31),
        baseline_label="Jaarverslag",
        target_value=Decimal("10"),
        deadline=date(YEAR, 12, 31),
        owner=owner,
    )
    # Set at the start of that year, so its evaluation covers it.
    Goal.objects.filter(pk=goal.pk).update(
        created_at=timezone.make_aware(datetime(YEAR, 1, 15, 9, 0))
    )
    ProgressEntry.objects.create(
        goal=goal,
        measured_on=date(YEAR, 12, 31),
        value=Decimal("7"),
        evidence="Kwartaalrapportages",
        entered_by=owner,
    )
    return goal


def story(org, writer, title: str, state: str) -> Story:
    return Story.objects.create(
        organisation=org,
        title=title,
        text="Een verhaal uit de praktijk.",
        state=state,
        written_by=writer,
    )


def test_coordinator_publishes_the_report_and_a_visitor_sees_only_what_was_chosen(
    page, live_server, org, browser
):
    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    admin = make_member(org, "beheer@voorbeeldstad.example", Role.ADMIN)
    goal = goal_of_last_year(org, coordinator)
    story(org, coordinator, "Soep van geredde groente", Story.State.APPROVED)
    story(org, coordinator, "Nog niet goedgekeurd verhaal", Story.State.SUBMITTED)

    # The coordinator starts on the home page: step 7 and the results panel say nothing is done.
    log_in(page, live_server, coordinator.email)
    results = page.get_by_role("region", name="Resultaten")
    expect(results.get_by_text(f"{YEAR} is nog niet geëvalueerd.")).to_be_visible()
    results.get_by_role("link", name=f"Evaluatie {YEAR}").click()

    # Evaluate the year: the figures suggest "partly" (7 of 10 from 4), the coordinator agrees,
    # carries the goal over, and closes the year.
    page.get_by_role("button", name=f"Begin de evaluatie van {YEAR}").click()
    partly = page.get_by_label("Deels gehaald")
    assert partly.is_checked()  # the suggestion from the figures
    partly.check()
    page.get_by_label("Wat hielp").fill("Social return in alle grote opdrachten.")
    page.get_by_label("Wat volgt").select_option("carry_over")
    page.get_by_role("button", name=f"Evaluatie van “{goal.title}” opslaan").click()
    page.get_by_role("link", name=f"{YEAR} afsluiten").click()
    page.get_by_label("Ik begrijp").check()
    page.get_by_role("button", name=f"{YEAR} afsluiten").click()
    expect(page.get_by_text("Afgesloten op")).to_be_visible()
    evaluation = Evaluation.objects.get(organisation=org, year=YEAR)
    assert evaluation.is_closed and evaluation.data_version
    item = evaluation.goals.get()
    assert (item.outcome, item.measured_value, item.target_value) == (
        "partly",
        Decimal("7.00"),
        Decimal("10.00"),
    )
    follow_up = Action.objects.get(pk=item.follow_up_action_id)
    assert follow_up.due == date(YEAR + 1, 12, 31) and follow_up.goal_id == goal.pk

    # Write the report's introduction, choose the approved story and publish edition 1.
    page.get_by_role("link", name="Resultaten", exact=True).first.click()
    page.get_by_role("link", name=f"Impactverslag {YEAR} met de cijfers van vandaag").click()
    page.get_by_role("link", name="Tekst schrijven en verhalen kiezen").click()
    page.get_by_label("Inleiding").fill("Wat ons inkopen in dit jaar opleverde.")
    page.get_by_label("Soep van geredde groente").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Een editie publiceren").click()
    edition = Edition.objects.get(organisation=org, year=YEAR)
    assert edition.number == 1 and edition.published_at is not None
    page.wait_for_url(f"**/results/{YEAR}/report/editions/1/")
    expect(page.get_by_text("Wat ons inkopen in dit jaar opleverde.")).to_be_visible()
    expect(page.get_by_text("Soep van geredde groente").first).to_be_visible()

    # The administrator turns the public page on with one figure and the story.
    admin_page = browser.new_page()
    log_in(admin_page, live_server, admin.email)
    admin_page.goto(f"{live_server.url}/o/{org.slug}/results/public/")
    admin_page.get_by_label("De pagina publiceren").check()
    admin_page.get_by_label("Bij sociale ondernemingen", exact=True).check()
    admin_page.get_by_label("Soep van geredde groente").check()
    admin_page.get_by_role("button", name="Opslaan").click()
    admin_page.close()

    # An anonymous visitor sees the chosen figure and story, and nothing that was not chosen.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/impact/{org.slug}/")
    expect(visitor.get_by_role("heading", name="Impact van Gemeente Voorbeeldstad")).to_be_visible()
    expect(visitor.get_by_text("Bij sociale ondernemingen", exact=True)).to_be_visible()
    expect(visitor.get_by_role("heading", name="Soep van geredde groente")).to_be_visible()
    html = visitor.content()
    assert "Nog niet goedgekeurd verhaal" not in html
    assert "Totale uitgaven" not in html
    assert "Wat ons inkopen in dit jaar opleverde." not in html  # the report's text is not chosen
    visitor.context.close()
