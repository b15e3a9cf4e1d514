from datetime import date
from decimal import Decimal

from impactinkoop.accounts.roles import Permission
from impactinkoop.contracts.services import create_tender

from ...contracts.helpers import make_contract
from .harness import Endpoint


def a_contract(org, user):
    contract = make_contract(org, "Schoonmaak stadhuis", awarded_value="120000.00")
    return {"pk": contract.pk}


def a_tender(org, user):
    tender = create_tender(org, actor=user, title="Catering", estimated_value=Decimal("80000"))
    return {"pk": tender.pk}


def contracts_made(org, user):
    """For a list: something to list, and no URL argument."""
    a_contract(org, user)
    return {}


def tenders_made(org, user):
    a_tender(org, user)
    return {}


def new_contract(org, user, made):
    return {
        "title": "Groenonderhoud",
        "supplier_name": "Groen BV",
        "awarded_value": "45000.00",
        "start_date": date(2026, 1, 1).isoformat(),
        "end_date": date(2027, 12, 31).isoformat(),
    }


def new_tender(org, user, made):
    return {"title": "Printers", "estimated_value": "60000.00"}


def a_change(org, user, made):
    return {"awarded_value": "125000.00"}


WRITE = {"permission": Permission.MANAGE_CONTRACTS, "scope": "contracts:manage"}

ENDPOINTS = [
    Endpoint("contracts", permission=Permission.VIEW_CONTRACTS, setup=contracts_made),
    Endpoint("contracts", method="POST", body=new_contract, ok=(201,), **WRITE),
    Endpoint("contract", permission=Permission.VIEW_CONTRACTS, setup=a_contract),
    Endpoint("contract", method="PATCH", setup=a_contract, body=a_change, **WRITE),
    Endpoint("tenders", permission=Permission.VIEW_CONTRACTS, setup=tenders_made),
    Endpoint("tenders", method="POST", body=new_tender, ok=(201,), **WRITE),
    Endpoint("tender", permission=Permission.VIEW_CONTRACTS, setup=a_tender),
]
