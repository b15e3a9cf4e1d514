"""The officer's review page in the browser: a required textarea is not marked wrong before
anything is sent, a refused rejection comes back at its own form, marked, and each decision has
its heading."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.sroi.models import Realisation, RuleSet
from impactinkoop.sroi.rules import load_shipped
from impactinkoop.sroi.services import create_obligation

from ..contracts.helpers import make_contract
from ..factories import make_member
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def border(page, element_id: str) -> str:
    return page.evaluate(
        "(id) => getComputedStyle(document.getElementById(id)).borderTopColor", element_id
    )


def test_the_review_forms_are_marked_only_after_a_refusal(page, live_server, org, console_errors):
    officer = make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)
    load_shipped(org)
    contract = make_contract(
        org,
        "Bouw",
        supplier_name="Bouw B.V.",
        awarded_value="1000000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    table = RuleSet.objects.get(organisation=org, key="utrecht-current")
    obligation = create_obligation(contract, actor="test", rule_set=table)
    waiting = Realisation.objects.create(
        obligation=obligation,
        block=obligation.rule_set.blocks.get(name="WW-uitkering"),
        kind="placement",
        participant_code="SR-W1",
        hours_per_week=Decimal("36"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        status="submitted",
        source="officer",
    )
    log_in(page, live_server, officer.email)
    address = reverse("sroi:realisation_review", args=[org.slug, obligation.pk, waiting.pk])
    page.goto(live_server.url + address)
    for name in ("Accepteren", "Afwijzen", "Bericht aan de opdrachtnemer"):
        expect(page.get_by_role("heading", name=name, level=3)).to_be_visible()
    # required and empty, optional and empty: the same border before anything is sent
    optional = border(page, "id_accept-message")
    assert border(page, "id_reject-reason") == optional
    assert border(page, "id_answer-message") == optional

    page.get_by_role("button", name="Afwijzen").click()
    page.wait_for_load_state()
    console_errors.clear()  # the refusal answers 400 on purpose
    assert page.url.endswith("#reject-heading")
    expect(page.get_by_text("Geef de reden van de afwijzing")).to_be_visible()
    assert page.locator("#id_reject-reason").get_attribute("aria-invalid") == "true"
    assert border(page, "id_reject-reason") != optional  # refused: marked
    assert border(page, "id_answer-message") == border(page, "id_accept-message")
    heading = page.locator("#reject-heading").bounding_box()
    assert 0 <= heading["y"] < 900  # scrolled to the refused form
