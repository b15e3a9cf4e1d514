"""Fixtures the social-return import tests share (the command and the wizard)."""

from datetime import date

import pytest

from impactinkoop.registry.models import Company
from impactinkoop.sroi.rules import load_shipped
from tests.contracts.helpers import make_contract


@pytest.fixture
def contracts(org):
    load_shipped(org)
    Company.objects.create(kvk_number="12345678", name="Sociaal B.V.")
    return [
        make_contract(
            org,
            f"Contract {number}",
            reference=f"SR-{number}",
            key=f"ref:sr-{number}",
            awarded_value="200000",
            social_return=True,
            start_date=date(2025, 1, 1),
            end_date=date(2026, 12, 31),
        )
        for number in (1, 2)
    ]


# The contractor tests' fixtures (tests/sroi/contractors.py) and the tenancy walk's objects.
from tests.test_tenancy import victim  # noqa: E402, F401

from .contractors import (  # noqa: E402, F401
    company_x,
    company_y,
    contractor,
    obligations,
    officer,
    rival,
)
