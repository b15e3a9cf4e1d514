"""Social return of one organisation: obligations (figures:read, sroi.view), realisations
(sroi:report; reading needs sroi.realisations, recording sroi.manage)."""

from datetime import date
from decimal import Decimal

from impactinkoop.accounts.roles import Permission
from impactinkoop.sroi.services import create_obligation
from tests.contracts.helpers import make_contract
from tests.sroi.helpers import block, edition

from .harness import Endpoint


def an_obligation(org, user=None) -> dict:
    contract = make_contract(
        org,
        "Bouw stadhuis",
        awarded_value="200000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    obligation = create_obligation(contract, actor="test", rule_set=edition(org, "utrecht-current"))
    return {"pk": obligation.pk}


def placement(org, made, **changes) -> dict:
    rule_set = edition(org, "utrecht-current")
    item = {
        "kind": "placement",
        "block": block(rule_set, "WW-uitkering").pk,
        "participant_code": "SR-24-AB12",
        "hours_per_week": "24.00",
        "start_date": "2025-02-01",
        "end_date": "2025-07-31",
        "target_group": "ww",
    }
    item.update(changes)
    return item


ENDPOINTS = [
    Endpoint("sroi_obligations", permission=Permission.VIEW_SROI),
    Endpoint("sroi_obligation", permission=Permission.VIEW_SROI, setup=an_obligation),
    Endpoint(
        "sroi_obligation_realisations",
        permission=Permission.VIEW_REALISATIONS,
        scope="sroi:report",
        setup=an_obligation,
        owner="personal",
    ),
    Endpoint(
        "sroi_obligation_realisations",
        method="POST",
        permission=Permission.MANAGE_SROI,
        scope="sroi:report",
        setup=an_obligation,
        body=lambda org, user, made: [placement(org, made)],
        ok=(201,),
        owner="personal",
    ),
]
