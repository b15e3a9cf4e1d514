"""Whom to talk to first: large, not social under the policy, no social return, ending soon."""

import pytest
from django.utils import translation

from impactinkoop.conversations.priorities import priorities

from .helpers import TODAY, make_ledger

pytestmark = pytest.mark.django_db


def test_the_order_and_the_reasons(org):
    make_ledger(org)

    with translation.override("en"):
        found = priorities(org, TODAY)

    # De Werkplaats (a social enterprise) and Klein (below the threshold) are left out.
    assert [(p.supplier.name, p.score) for p in found] == [
        ("Schoonmaak Groot", 2),
        ("Uitzendbureau Flex", 1),
        ("Catering Plus", 0),
    ]
    assert [str(p.spend) for p in found] == ["90000.00", "120000.00", "70000.00"]
    assert found[0].reasons[1:] == [
        "Not a social enterprise under your policy.",
        "Its running contracts have no social-return clause.",
        "The contract Schoonmaak kantoren ends on 31 December 2026: talk before the next tender.",
    ]
    assert found[1].reasons[2] == "No running contract, so no social-return clause either."
    assert len(found[2].reasons) == 2  # spend and not social: its contract has social return


def test_a_recent_conversation_moves_a_supplier_down(org):
    ids = make_ledger(org)
    found = priorities(org, TODAY, {ids["Schoonmaak Groot"]: TODAY})
    # Schoonmaak drops to the score of Flex, whose larger spend then comes first.
    assert [(p.supplier.name, p.score) for p in found] == [
        ("Uitzendbureau Flex", 1),
        ("Schoonmaak Groot", 1),
        ("Catering Plus", 0),
    ]


def test_no_ledger_no_priorities(org):
    assert priorities(org, TODAY) == []
