"""Small helpers for the contracts tests."""

from datetime import date
from decimal import Decimal

from impactinkoop.contracts.models import Contract

_number = iter(range(1, 1_000_000))


def make_contract(org, title: str = "Contract", **fields) -> Contract:
    number = next(_number)
    fields.setdefault("reference", f"C-{number}")
    fields.setdefault("key", f"ref:{fields['reference'].casefold()}")
    fields.setdefault("start_date", date(2024, 1, 1))
    fields.setdefault("end_date", date(2027, 12, 31))
    if "awarded_value" in fields and fields["awarded_value"] is not None:
        fields["awarded_value"] = Decimal(fields["awarded_value"])
    return Contract.objects.create(organisation=org, title=title, **fields)
