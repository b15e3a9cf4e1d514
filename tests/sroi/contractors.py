"""Fixtures of the contractor tests: company X reports to Voorbeeldstad; Voorbeeldstad also has
a contract with company Y, and Anderdorp a contract with company X that never invited it."""

from datetime import date
from decimal import Decimal

import pytest

from impactinkoop.accounts.models import ContractorAccess, User
from impactinkoop.accounts.roles import Role
from impactinkoop.registry.models import Company
from impactinkoop.sroi.services import create_obligation
from tests.contracts.helpers import make_contract
from tests.factories import make_member, make_user

from .helpers import edition

PDF = b"%PDF-1.4 bewijs van plaatsing"


def obligation_for(org, company, title: str, key: str = "utrecht-current"):
    contract = make_contract(
        org,
        title,
        company=company,
        awarded_value="200000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    return create_obligation(contract, actor="test", rule_set=edition(org, key))


@pytest.fixture
def company_x(db):
    return Company.objects.create(kvk_number="11111111", name="Bouwbedrijf X B.V.")


@pytest.fixture
def company_y(db):
    return Company.objects.create(kvk_number="22222222", name="Schoonmaak Y B.V.")


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)


@pytest.fixture
def obligations(org, other_org, company_x, company_y):
    """Voorbeeldstad with X (ours) and with Y; Anderdorp with X (not invited there)."""
    return {
        "ours": obligation_for(org, company_x, "Bouw stadhuis"),
        "other_company": obligation_for(org, company_y, "Schoonmaak stadhuis"),
        "other_organisation": obligation_for(other_org, company_x, "Bouw gemaal"),
    }


def contractor_user(email: str, company, org) -> User:
    user = User.objects.filter(email=email).first() or make_user(email)
    ContractorAccess.grant(user=user, company=company, organisation=org)
    return user


@pytest.fixture
def contractor(org, company_x) -> User:
    return contractor_user("leverancier@bouwbedrijf-x.example", company_x, org)


@pytest.fixture
def rival(org, company_y) -> User:
    """Another contractor of the same organisation, for company Y."""
    return contractor_user("planner@schoonmaak-y.example", company_y, org)
