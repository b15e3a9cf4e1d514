"""The SROI officer, in the browser, records the obligation of a contract with a social-return
clause, enters a placement and a purchase, sees each valued with its computation and the balance
move, and finds the plan goal "social return value" measured from them; in Dutch and English."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.plans.models import Goal, Metric
from impactinkoop.registry.models import Company
from impactinkoop.sroi.models import Obligation
from impactinkoop.sroi.rules import load_shipped

from ..contracts.helpers import make_contract
from ..factories import make_member
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "nl": {
        "record": "Leg de verplichting van Schoonmaak stadskantoor vast",
        "table": "Bouwblokkentabel",
        "save": "Opslaan",
        "recorded": "De verplichting is vastgelegd.",
        "enter": "Realisatie invoeren",
        "kind": "Soort",
        "block": "Bouwblok",
        "code": "Deelnemerscode",
        "hours": "Uren per week",
        "start": "Begin (of datum)",
        "end": "Einde",
        "invoice": "Factuurnummer",
        "amount": "Bedrag exclusief btw (euro)",
        "kvk": "KvK-nummer",
        "computation": "40.000 x 24/36 uur x 8/12 maanden = 17.777,78",
        "purchase": "100% van 1.234,56 = 1.234,56",
        "realised_1": "17.777,78",
        "realised_2": "19.012,34",
        "to_do": "0,00",
        "column": "Social return gerealiseerd",
        "balance": "19.012,34 van 10.000,00",
    },
    "en": {
        "record": "Record the obligation of Schoonmaak stadskantoor",
        "table": "Building-block table",
        "save": "Save",
        "recorded": "The obligation was recorded.",
        "enter": "Enter a realisation",
        "kind": "Kind",
        "block": "Building block",
        "code": "Participant code",
        "hours": "Hours a week",
        "start": "Start (or date)",
        "end": "End",
        "invoice": "Invoice number",
        "amount": "Amount excluding VAT (euros)",
        "kvk": "KvK number",
        "computation": "40,000 x 24/36 hours x 8/12 months = 17,777.78",
        "purchase": "100% of 1,234.56 = 1,234.56",
        "realised_1": "17,777.78",
        "realised_2": "19,012.34",
        "to_do": "0.00",
        "column": "Social return realised",
        "balance": "19,012.34 of 10,000.00",
    },
}


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(|$)"))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_officer_records_an_obligation_and_realisations_and_the_goal_follows(
    page, live_server, org, console_errors, language
):
    words = WORDS[language]
    year = timezone.localdate().year
    officer = make_member(
        org, f"sroi-{language}@voorbeeldstad.example", Role.SROI_OFFICER, language=language
    )
    load_shipped(org)
    Company.objects.create(kvk_number="12345678", name="Sociaal Schoon B.V.")
    contract = make_contract(
        org,
        "Schoonmaak stadskantoor",
        awarded_value="200000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(year, 1, 1),
        end_date=date(year + 1, 12, 31),
    )
    goal = Goal.objects.create(
        organisation=org,
        title="Social return gerealiseerd",
        metric=Metric.SROI_VALUE,
        baseline_value=0,
        baseline_date=date(year - 1, 12, 31),
        target_value=50000,
        deadline=date(year, 12, 31),
    )
    log_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}/o/{org.slug}/social-return/")
    page.get_by_role("link", name=words["record"]).click()
    utrecht = "Utrecht, bouwblokken social return (huidige editie)"
    field(page, words["table"]).select_option(label=utrecht)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["recorded"])).to_be_visible()
    obligation = Obligation.objects.get(contract=contract)
    assert obligation.amount == Decimal("10000.00")

    page.get_by_role("link", name=words["enter"]).click()
    field(page, words["kind"]).select_option("placement")
    field(page, words["block"]).select_option(label="Participatiewet")
    field(page, words["code"]).fill("SR-24-AB12")
    field(page, words["hours"]).fill("24")
    field(page, words["start"]).fill(f"{year}-01-01")
    field(page, words["end"]).fill(f"{year}-08-31")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["computation"])).to_be_visible()
    assert page.locator("#sroi-realised").inner_text().endswith(words["realised_1"])

    page.get_by_role("link", name=words["enter"]).click()
    field(page, words["kind"]).select_option("purchase")
    field(page, words["block"]).select_option(label="Inkopen bij sociale bedrijven")
    field(page, words["invoice"]).fill("F-2026-7")
    field(page, words["amount"]).fill("1234,56" if language == "nl" else "1234.56")
    field(page, words["kvk"]).fill("12345678")
    field(page, words["start"]).fill(f"{year}-03-01")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["purchase"])).to_be_visible()
    assert page.locator("#sroi-realised").inner_text().endswith(words["realised_2"])
    assert page.locator("#sroi-to-do").inner_text().endswith(words["to_do"])

    page.goto(f"{live_server.url}/o/{org.slug}/contracts/")
    expect(page.get_by_role("columnheader", name=words["column"])).to_be_visible()
    expect(page.get_by_role("cell", name=words["balance"])).to_be_visible()

    page.goto(f"{live_server.url}/o/{org.slug}/plan/goals/{goal.pk}/")
    expect(page.get_by_text(words["realised_2"]).first).to_be_visible()
