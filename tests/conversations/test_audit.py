"""The audit log reads the conversations' entries: the owner and the plan action by name."""

from datetime import date

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.conversations.services import add_commitment, record_conversation, to_plan_action
from tests.factories import make_member

from .helpers import make_ledger

pytestmark = pytest.mark.django_db


def test_the_audit_log_shows_the_commitments_owner_and_action(org, alice, client_for):
    coordinator = make_member(org, "cor@voorbeeldstad.example", Role.COORDINATOR, full_name="Cor")
    ids = make_ledger(org)
    conversation = record_conversation(
        org,
        actor=coordinator,
        supplier_id=ids["Uitzendbureau Flex"],
        held_on=date(2026, 5, 1),
        participants="Cor",
        asked="Vraag",
    )
    commitment = add_commitment(
        conversation,
        actor=coordinator,
        description="Belofte",
        follow_up=date(2027, 1, 1),
        owner=coordinator,
    )
    to_plan_action(commitment, actor=coordinator)

    page = client_for(alice).get(reverse("portal:audit", kwargs={"org_slug": org.slug}))

    assert page.status_code == 200
    assert "Uitzendbureau Flex: Belofte" in page.content.decode()
