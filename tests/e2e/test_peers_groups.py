"""Issue 25 in the browser: a coordinator opens her intervision groups, the group (members of two
organisations, a meeting held with notes, a dilemma), answers the dilemma and replies to an
answer, which is shown indented under it; an outsider gets 404 at the same address."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.peers import group_threads
from impactinkoop.peers.models import Answer

from ..factories import make_member
from ..peers.groups_helpers import add, make_group
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_answers_a_dilemma_in_her_group(page, live_server, org, other_org, browser):
    coordinator = make_member(
        org, "fatima@voorbeeldstad.example", Role.COORDINATOR, full_name="Fatima el Amrani"
    )
    noor = make_member(other_org, "noor@anderdorp.example", Role.ADMIN, full_name="Noor Hendriks")
    host = make_group(coordinator, org, name="Sociaal inkopen Midden-Utrecht")
    guest = add(host, noor, other_org)
    group_threads.plan_meeting(
        member=host,
        starts_at=timezone.now() - timedelta(days=30),
        place="Stadhuis",
        agenda="1. Voorstelronde",
        notes="Iedereen neemt een aanbesteding mee.",
    )
    dilemma = group_threads.post_dilemma(
        member=guest, title="Social return in minicompetities?", text="Hoe houden jullie het vast?"
    )
    group_threads.answer_dilemma(member=guest, dilemma=dilemma, text="Wij zetten het in het model.")
    group_pk = host.group.pk

    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/groups/")
    page.screenshot(path="/tmp/peers-groups-list.png", full_page=True)
    page.locator(f'main a[href="/groups/{group_pk}/"]').click()
    page.wait_for_url(f"{live_server.url}/groups/{group_pk}/")
    main = page.locator("main")
    expect(main.get_by_text("Noor Hendriks (Waterschap Anderdorp)")).to_be_visible()
    expect(
        page.locator("#switch-organisation")
    ).to_be_visible()  # the header keeps her organisations
    page.screenshot(path="/tmp/peers-groups-group.png", full_page=True)

    page.locator(f'main a[href="/groups/{group_pk}/dilemmas/{dilemma.pk}/"]').click()
    page.locator("#id_text").fill("Bij ons telt het mee in de gunning, met 10%.")
    page.locator("form:has(#id_text) button[type=submit]").click()
    page.wait_for_load_state()
    expect(main.get_by_text("Bij ons telt het mee in de gunning, met 10%.")).to_be_visible()

    # Reply to Noor's answer: it is shown under it, indented.
    first = Answer.objects.get(text="Wij zetten het in het model.")
    page.locator(f"li:has(#answer-{first.pk}) > details > summary").click()
    page.locator(f"#reply-{first.pk}").fill("Mogen we jullie model zien?")
    page.locator(f"li:has(#answer-{first.pk}) > details button[type=submit]").click()
    page.wait_for_load_state()
    reply = Answer.objects.get(parent=first)
    answer_box = page.locator(f"#answer-{first.pk}").bounding_box()
    reply_box = page.locator(f"#answer-{reply.pk}").bounding_box()
    assert reply_box["x"] > answer_box["x"] and reply_box["y"] > answer_box["y"]
    page.screenshot(path="/tmp/peers-groups-dilemma.png", full_page=True)

    # Someone outside the group, from the same organisation, gets the 404 page.
    outsider = make_member(org, "jeroen@voorbeeldstad.example", Role.BUYER)
    other = browser.new_context()
    other_page = other.new_page()
    log_in(other_page, live_server, outsider.email)
    response = other_page.goto(f"{live_server.url}/groups/{group_pk}/dilemmas/{dilemma.pk}/")
    assert response.status == 404
    assert "minicompetities" not in other_page.content()
    other.close()
