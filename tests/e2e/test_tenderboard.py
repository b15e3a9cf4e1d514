"""In the browser: a buyer submits a tender to the tenderboard, a member advises "revise" on one
theme, the buyer raises the ambition and resubmits, and the member approves, in Dutch and in
English. And a coordinator records a conversation with a supplier from the list of whom to talk
to first, and turns its commitment into a plan action."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.contracts.models import TenderTheme
from impactinkoop.conversations.models import Commitment, Conversation
from impactinkoop.plans.models import Action
from impactinkoop.tenderboard.models import Submission, ThemeAdvice

from ..conversations.helpers import make_ledger
from ..factories import make_member
from ..tenderboard.helpers import make_reviewable_tender
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "nl": {
        "review": "De beoordeling door de tenderboard",
        "submit": "Voorleggen aan de tenderboard",
        "resubmit": "Opnieuw voorleggen aan de tenderboard",
        "note": "Toelichting voor de tenderboard",
        "submitted": "De aanbesteding is voorgelegd aan de tenderboard.",
        "advise": "Adviseren",
        "opinion": "Oordeel over Klimaat",
        "advice": "Advies over Klimaat",
        "revise": "Aanpassen en opnieuw voorleggen",
        "approved": "Akkoord",
        "summary": "Advies en voorwaarden",
        "send": "Advies versturen",
        "sent": "Uw advies is naar de inkoper gestuurd.",
        "theme": "Klimaat",
        "ambition": "Ambitieniveau",
        "save": "Besluiten opslaan",
    },
    "en": {
        "review": "Its review by the tenderboard",
        "submit": "Submit to the tenderboard",
        "resubmit": "Resubmit to the tenderboard",
        "note": "Note for the tenderboard",
        "submitted": "The tender was submitted to the tenderboard.",
        "advise": "Advise",
        "opinion": "Opinion on Climate",
        "advice": "Advice on Climate",
        "revise": "Revise and resubmit",
        "approved": "Approved",
        "summary": "Advice and conditions",
        "send": "Send the advice",
        "sent": "Your advice was sent to the buyer.",
        "theme": "Climate",
        "ambition": "Ambition level",
        "save": "Save the decisions",
    },
}


@pytest.fixture
def national_themes():
    # Transactional tests empty the tables between tests: load the national themes again.
    importlib.import_module("impactinkoop.plans.migrations.0002_national_themes").load(apps, None)


def _as(page, live_server, user):
    page.context.clear_cookies()
    log_in(page, live_server, user.email)


def _advise(page, live_server, org, words, verdict, summary="", revise_climate=False):
    page.goto(f"{live_server.url}/o/{org.slug}/tenderboard/")
    page.get_by_role("link", name=words["advise"], exact=True).first.click()
    if revise_climate:
        page.get_by_label(words["opinion"]).select_option("revise")
        page.get_by_label(words["advice"]).fill("Niveau 2 is haalbaar")
    page.get_by_label(words[verdict], exact=True).check()
    page.get_by_label(words["summary"]).fill(summary)
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_text(words["sent"])).to_be_visible()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_submit_revise_raise_the_ambition_resubmit_approve(
    page, live_server, org, national_themes, console_errors, language
):
    words = WORDS[language]
    buyer = make_member(
        org, f"buyer-{language}@voorbeeldstad.example", Role.BUYER, language=language
    )
    member = make_member(
        org, f"board-{language}@voorbeeldstad.example", Role.TENDERBOARD, language=language
    )
    tender = make_reviewable_tender(org, buyer, "Schoonmaak stadhuis")

    _as(page, live_server, buyer)
    page.goto(f"{live_server.url}/o/{org.slug}/tenders/{tender.pk}/")
    page.get_by_role("link", name=words["review"]).click()
    page.get_by_role("button", name=words["submit"]).click()
    expect(page.get_by_text(words["submitted"])).to_be_visible()

    _as(page, live_server, member)
    _advise(page, live_server, org, words, "revise", "Verhoog Klimaat", revise_climate=True)
    assert ThemeAdvice.objects.get(opinion="revise").theme_key == "klimaat"

    _as(page, live_server, buyer)
    page.goto(f"{live_server.url}/o/{org.slug}/tenders/{tender.pk}/")
    group = page.get_by_role("group", name=words["theme"], exact=True)
    group.get_by_label(words["ambition"]).select_option("2")
    page.get_by_role("button", name=words["save"]).click()
    assert TenderTheme.objects.get(tender=tender, theme_key="klimaat").ambition == 2
    page.get_by_role("link", name=words["review"]).click()
    page.get_by_label(words["note"]).fill("Klimaat naar niveau 2")
    page.get_by_role("button", name=words["resubmit"]).click()
    expect(page.get_by_text(words["submitted"])).to_be_visible()

    _as(page, live_server, member)
    _advise(page, live_server, org, words, "approved")

    rounds = list(Submission.objects.filter(tender=tender).order_by("number"))
    assert [(s.number, s.verdict) for s in rounds] == [(1, "revise"), (2, "approved")]
    klimaat = [
        [row["ambition"] for row in s.themes if row["theme_key"] == "klimaat"] for s in rounds
    ]
    assert klimaat == [[1], [2]]


def test_coordinator_records_a_conversation_and_plans_its_commitment(
    page, live_server, org, console_errors
):
    coordinator = make_member(
        org, "coordinator@voorbeeldstad.example", Role.COORDINATOR, full_name="Cor"
    )
    make_ledger(org)
    _as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/o/{org.slug}/supplier-conversations/priorities/")
    page.get_by_role("link", name="Een gesprek vastleggen met Uitzendbureau Flex").click()
    page.get_by_label("Wie deden mee").fill("Cor en de accountmanager")
    page.get_by_label("Wat we vroegen").fill("Wilt u ex-gedetineerden plaatsen?")
    page.get_by_label("Wat de leverancier aanbood").fill("Twee plekken")
    page.get_by_label("Toezegging").fill("Neemt in 2027 twee ex-gedetineerden in dienst")
    page.get_by_label("Opvolgen op").fill("2027-01-15")
    page.get_by_label("Eigenaar").select_option(label="Cor")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het gesprek is vastgelegd.")).to_be_visible()
    assert Conversation.objects.get().supplier_name == "Uitzendbureau Flex"

    page.get_by_role("button", name="Maak er een actie in het plan van").click()
    expect(page.get_by_text("De toezegging is nu een actie in het plan.")).to_be_visible()
    action = Action.objects.get()
    assert action.title == "Uitzendbureau Flex: Neemt in 2027 twee ex-gedetineerden in dienst"
    assert (action.due, action.owner) == (date(2027, 1, 15), coordinator)
    assert Commitment.objects.get().plan_action == action
