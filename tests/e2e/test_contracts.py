"""A buyer goes, in the browser, from a contract that ends soon to a tender, decides each MVI
theme (applied or explained), awards it and finds the new contract with the tender's decisions,
in Dutch and in English."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.contracts.models import Contract, Tender, TenderTheme

from ..contracts.helpers import make_contract
from ..factories import make_member
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "nl": {
        "contracts": "Contracten",
        "start": "Start een aanbesteding als vervolg op dit contract",
        "applied": "Toegepast",
        "explained": "Niet toegepast, uitgelegd",
        "how": "Toegepast als",
        "weight": "Weging (%)",
        "ambition": "Ambitieniveau",
        "text": "Tekst in de aanbesteding",
        "reason": "Reden",
        "explanation": "Toelichting",
        "save": "Besluiten opslaan",
        "saved": "De besluiten over de thema’s zijn opgeslagen.",
        "award": "Gunnen",
        "supplier": "Leverancier",
        "value": "Gegunde waarde (euro)",
        "start_date": "Start (verplicht)",
        "end_date": "Einde (verplicht)",
        "reference": "Contractnummer",
        "confirm": "Gunnen en het contract aanmaken",
        "awarded": "De aanbesteding is gegund; het contract staat in het register.",
        "themes": [
            "Klimaat",
            "Milieu",
            "Circulair",
            "Ketenverantwoordelijkheid",
            "Diversiteit en inclusie",
            "Social return",
        ],
        "amount": "235.000,00",
    },
    "en": {
        "contracts": "Contracts",
        "start": "Start a tender to follow up this contract",
        "applied": "Applied",
        "explained": "Not applied, explained",
        "how": "Applied as",
        "weight": "Weight (%)",
        "ambition": "Ambition level",
        "text": "Text in the tender",
        "reason": "Reason",
        "explanation": "Explanation",
        "save": "Save the decisions",
        "saved": "The decisions on the themes were saved.",
        "award": "Award",
        "supplier": "Supplier",
        "value": "Awarded value (euros)",
        "start_date": "Start (required)",
        "end_date": "End (required)",
        "reference": "Contract number",
        "confirm": "Award and create the contract",
        "awarded": "The tender was awarded; its contract is in the register.",
        "themes": [
            "Climate",
            "Environment",
            "Circular",
            "Supply-chain responsibility",
            "Diversity and inclusion",
            "Social return",
        ],
        "amount": "235,000.00",
    },
}


@pytest.fixture
def national_themes():
    # Transactional tests empty the tables between tests: load the national themes again.
    importlib.import_module("impactinkoop.plans.migrations.0002_national_themes").load(apps, None)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_from_an_ending_contract_to_an_awarded_tender_with_mvi_themes(
    page, live_server, org, national_themes, console_errors, language
):
    words = WORDS[language]
    buyer = make_member(
        org, f"buyer-{language}@voorbeeldstad.example", Role.BUYER, language=language
    )
    ending = make_contract(
        org,
        "Catering stadhuis",
        awarded_value="240000",
        cpv_codes=["55520000-1"],
        end_date=timezone.localdate() + timedelta(days=60),
    )
    log_in(page, live_server, buyer.email)
    page.goto(f"{live_server.url}/o/{org.slug}/contracts/")
    reminders = page.get_by_role("table").first
    reminders.get_by_role("link", name="Catering stadhuis").click()
    page.get_by_role("button", name=words["start"]).click()

    tender = Tender.objects.get(previous_contract=ending)
    expect(page.get_by_role("heading", name="Catering stadhuis", level=1)).to_be_visible()
    for index, name in enumerate(words["themes"]):
        group = page.get_by_role("group", name=name, exact=True)
        if index < 2:
            group.get_by_label(words["applied"], exact=True).check()
            group.get_by_label(words["how"]).select_option("award")
            group.get_by_label(words["weight"]).fill("15")
            group.get_by_label(words["ambition"]).select_option(str(index + 2))
            group.get_by_label(words["text"]).fill(f"Criterium {name}")
        else:
            group.get_by_label(words["explained"], exact=True).check()
            group.get_by_label(words["reason"]).select_option("no_market")
            group.get_by_label(words["explanation"]).fill("Geen aanbieders in de regio")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["saved"])).to_be_visible()
    decisions = dict(TenderTheme.objects.filter(tender=tender).values_list("theme_key", "decision"))
    assert decisions == {
        "klimaat": "applied",
        "milieu": "applied",
        "circulair": "explained",
        "ketenverantwoordelijkheid": "explained",
        "diversiteit-en-inclusie": "explained",
        "social-return": "explained",
    }

    page.get_by_role("link", name=words["award"], exact=True).click()
    page.get_by_label(words["supplier"], exact=True).fill("De Keuken B.V.")
    page.get_by_label(words["reference"]).fill(f"C-{language}")
    page.get_by_label(words["value"]).fill(words["amount"])
    page.get_by_label(words["start_date"]).fill("2027-01-01")
    page.get_by_label(words["end_date"]).fill("2030-12-31")
    page.get_by_role("button", name=words["confirm"]).click()

    expect(page.get_by_text(words["awarded"])).to_be_visible()
    contract = Contract.objects.get(reference=f"C-{language}")
    assert page.url.endswith(f"/contracts/{contract.pk}/")
    assert contract.mvi_themes == ["klimaat", "milieu"]
    assert contract.awarded_value == Decimal("235000.00")
    assert contract.social_return_percentage == Decimal("5.00")
    expect(page.get_by_text(f"{words['themes'][0]}, {words['themes'][1]}")).to_be_visible()
    tender.refresh_from_db()
    assert tender.status == "awarded"
