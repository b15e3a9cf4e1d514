"""A coordinator scores an ambition web and sets a goal measured against the official baseline,
in the browser; a budget holder then updates an action of their own department."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from playwright.sync_api import expect

from impactinkoop.accounts.models import Department, Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.plans.models import Action, AmbitionScore, Goal
from impactinkoop.spend.models import Baseline

from ..factories import make_member
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def national_themes():
    # Transactional tests empty the tables between tests: load the national themes again.
    importlib.import_module("impactinkoop.plans.migrations.0002_national_themes").load(apps, None)


def test_coordinator_scores_an_ambition_web_and_sets_a_measured_goal(
    page, live_server, org, national_themes
):
    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    Baseline.objects.create(
        organisation=org,
        name="Nulmeting 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        figures={"social_share": "0.0238", "social_spend": "23800.00"},
        data_version="e2e",
        is_official=True,
    )
    log_in(page, live_server, coordinator.email)
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Ambitieweb").click()
    page.get_by_role("link", name="Nieuwe sessie").click()
    page.get_by_label("Titel").fill("Ambitieweb 2026")
    page.get_by_label("Datum").fill("2026-02-10")
    page.get_by_label("Social return", exact=True).select_option("3")
    page.get_by_label("Circulair", exact=True).select_option("2")
    page.get_by_label("Toelichting bij Social return").fill("5% bij alle grote opdrachten")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", name="Ambitieweb 2026")).to_be_visible()
    expect(page.get_by_role("img", name="Ambitieweb: Ambitieweb 2026")).to_be_visible()
    expect(page.get_by_role("row", name="Social return 3")).to_be_visible()
    assert AmbitionScore.objects.get(theme__key="social-return").level == 3

    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Doelen").click()
    page.get_by_role("link", name="Nieuw doel").click()
    page.get_by_label("Titel").fill("5% van de inkoop bij sociale ondernemingen in 2026")
    page.get_by_label("Gemeten als").select_option("social_share")
    page.get_by_label("Streefwaarde").fill("5")
    page.get_by_label("Deadline").fill("2026-12-31")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", name="5% van de inkoop")).to_be_visible()
    expect(page.get_by_text("2,38 % (Nulmeting 2025, 31-12-2025)")).to_be_visible()
    assert str(Goal.objects.get().baseline_value) == "2.38"


def test_budget_holder_updates_an_action_of_their_department(page, live_server, org):
    ruimte = Department.objects.create(organisation=org, name="Ruimte")
    holder = make_member(org, "anouk@voorbeeldstad.example", Role.BUDGET_HOLDER)
    Membership.objects.filter(user=holder).update(department=ruimte)
    action = Action.objects.create(
        organisation=org,
        title="Groenonderhoud voorbehouden",
        department=ruimte,
        due=date(date.today().year, 12, 31),
    )
    log_in(page, live_server, holder.email)
    page.goto(f"{live_server.url}/o/{org.slug}/plan/actions/")
    page.get_by_role("link", name="Wijzigen Groenonderhoud voorbehouden").click()
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De actie is opgeslagen.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "in_progress"
