"""Reminders before a contract ends or an extension option must be decided, for the contracts
page and the home page's step 4."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import Contract

DEFAULT_HORIZON_DAYS = 180


@dataclass(frozen=True)
class Reminder:
    contract: Contract
    kind: str  # "extension" (decide the option) or "end" (ends; start the next tender)
    day: date
    has_follow_up: bool


def reminders(organisation, today: date, days: int = DEFAULT_HORIZON_DAYS) -> list[Reminder]:
    """Contracts with an extension decision due, or an end, within the horizon, soonest first."""
    contracts = (
        Contract.objects.for_organisation(organisation)
        .ending_within(today, days)
        .select_related("supplier")
        .prefetch_related("follow_ups")
    )
    found = []
    for contract in contracts:
        follow_up = any(tender.status != "cancelled" for tender in contract.follow_ups.all())
        due = contract.extension_decide_by
        if due and not contract.extension_decided and today <= due:
            found.append(Reminder(contract, "extension", due, follow_up))
        elif contract.end_date:
            found.append(Reminder(contract, "end", contract.end_date, follow_up))
    return sorted(found, key=lambda r: (r.day, r.contract.title))


def ending_filter(today: date, days: int) -> Q:
    return Q(pk__in=Contract.objects.ending_within(today, days).values("pk"))
