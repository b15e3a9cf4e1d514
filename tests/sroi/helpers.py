"""Helpers for the social-return tests: an obligation under a shipped edition."""

from datetime import date
from decimal import Decimal

from impactinkoop.sroi.models import Block, Realisation, RuleSet
from impactinkoop.sroi.rules import load_shipped
from impactinkoop.sroi.services import create_obligation
from tests.contracts.helpers import make_contract


def edition(org, key: str) -> RuleSet:
    if not RuleSet.objects.filter(organisation=org).exists():
        load_shipped(org)
    return RuleSet.objects.get(organisation=org, key=key)


def block(rule_set: RuleSet, name: str) -> Block:
    return rule_set.blocks.get(name=name)


def obligation_under(
    org, key: str, value="1000000", start=date(2025, 1, 1), end=date(2027, 12, 31)
):
    contract = make_contract(
        org,
        "Schoonmaak",
        awarded_value=value,
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=start,
        end_date=end,
    )
    return create_obligation(contract, actor="test", rule_set=edition(org, key))


def realisation(obligation, block_name: str, bonuses=(), **fields) -> Realisation:
    rule_set = obligation.rule_set
    found = Realisation.objects.create(
        obligation=obligation, block=block(rule_set, block_name), **fields
    )
    found.bonuses.set([block(rule_set, name) for name in bonuses])
    return found
