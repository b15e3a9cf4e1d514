"""List pages of the supplier conversations and the tenderboard take as many queries for many
rows as for few."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.conversations.services import add_commitment, record_conversation
from impactinkoop.tenderboard.services import advise, submit
from tests.factories import make_member

from ..tenderboard.helpers import make_reviewable_tender
from .helpers import make_ledger

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _talk(org, actor, supplier_id, number):
    conversation = record_conversation(
        org,
        actor=actor,
        supplier_id=supplier_id,
        held_on=date(2026, 5, number),
        participants="Cor",
        asked=f"Vraag {number}",
    )
    add_commitment(
        conversation, actor=actor, description=f"Belofte {number}", follow_up=date(2026, 1, 1)
    )


def test_conversation_and_commitment_lists(org, client_for):
    coordinator = make_member(org, "cor@voorbeeldstad.example", Role.COORDINATOR)
    ids = list(make_ledger(org).values())
    client = client_for(coordinator)
    _talk(org, coordinator, ids[0], 1)
    urls = [
        reverse(f"conversations:{name}", kwargs={"org_slug": org.slug})
        for name in ("conversations", "commitments", "priorities")
    ]
    few = [_queries(client, url) for url in urls]
    for number, supplier_id in enumerate(ids[1:], start=2):
        _talk(org, coordinator, supplier_id, number)
    assert [_queries(client, url) for url in urls] == few


def test_tenderboard_queue(org, client_for):
    buyer = make_member(org, "bea@voorbeeldstad.example", Role.BUYER)
    member = make_member(org, "tom@voorbeeldstad.example", Role.TENDERBOARD)
    client = client_for(member)
    url = reverse("tenderboard:queue", kwargs={"org_slug": org.slug})

    def one_more(title):
        submission = submit(make_reviewable_tender(org, buyer, title), actor=buyer)
        advise(submission, actor=member, verdict="approved", summary="", advice={})
        submit(make_reviewable_tender(org, buyer, title + " 2"), actor=buyer)

    one_more("A")
    few = _queries(client, url)
    one_more("B")
    one_more("C")
    assert _queries(client, url) == few
