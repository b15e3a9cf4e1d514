"""Purchases recorded by requesters, and how they count in monitoring without being counted twice.

A recorded purchase counts until the same invoice arrives through the ledger. Reconciling looks
for a ledger line of a supplier linked to the enterprise's company, first with the same invoice
number, else with the same amount within 60 days; the line found is claimed by that purchase only.
Reconciling is a write: it runs when a purchase is recorded and after the ledger lines of the
organisation changed (spend calls it after an import, a deleted import or a link decision, through
the hook registered in `apps.py`), never on a read. Reading the figures checks that a claimed line
still exists, so a deleted import makes its purchases count again at once.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from impactinkoop.core.audit import log_action
from impactinkoop.registry.policy import Policy, policy_of
from impactinkoop.spend import queries as spend

from .models import Purchase, QuoteRequest

MATCH_WINDOW = timedelta(days=60)


def _invoice_key(number: str) -> str:
    """Invoice numbers as finance systems rewrite them: "F-2025-0042" is "F2025 0042"."""
    return re.sub(r"[^0-9A-Z]", "", number.upper()).lstrip("0")


@transaction.atomic
def record_purchase(organisation, *, data: dict, quote_request=None, actor) -> Purchase:
    purchase = Purchase.objects.create(
        organisation=organisation,
        enterprise=data["enterprise"] if quote_request is None else quote_request.enterprise,
        quote_request=quote_request,
        description=data["description"],
        amount=data["amount"],
        date=data["date"],
        invoice_number=data.get("invoice_number", "").strip(),
        department=data.get("department", ""),
        recorded_by=actor,
    )
    if quote_request is not None:
        quote_request.status = QuoteRequest.Status.ORDERED
        quote_request.save(update_fields=["status", "updated_at"])
    log_action(
        "catalogue.purchase_recorded",
        actor=actor,
        organisation=organisation,
        obj=purchase,
        after={"amount": str(purchase.amount), "invoice_number": purchase.invoice_number},
    )
    reconcile(organisation)
    return purchase


@transaction.atomic
def reconcile(organisation) -> int:
    """Link open purchases to the ledger lines that carry them; returns how many were linked."""
    purchases = Purchase.objects.filter(organisation=organisation)
    claimed = set(
        purchases.filter(ledger_line_id__isnull=False).values_list("ledger_line_id", flat=True)
    )
    # A deleted import takes its lines along: those purchases count again until found anew.
    if claimed:
        existing = spend.existing_lines(organisation, claimed)
        gone = claimed - existing
        if gone:
            purchases.filter(ledger_line_id__in=gone).update(ledger_line_id=None, ledger_match="")
            claimed = existing
    open_purchases = list(
        purchases.filter(ledger_line_id__isnull=True).select_related("enterprise")
    )
    if not open_purchases:
        return 0
    # One read of the lines of every company with an open purchase, oldest first.
    lines_of: dict[int, list[spend.InvoiceLine]] = defaultdict(list)
    companies = {purchase.enterprise.company_id for purchase in open_purchases}
    for line in spend.invoice_lines(organisation, companies):
        lines_of[line.company_id].append(line)
    linked = 0
    for purchase in open_purchases:
        match, how = _match(purchase, lines_of[purchase.enterprise.company_id], claimed)
        if match is not None:
            purchase.ledger_line_id = match.id
            purchase.ledger_match = how
            purchase.save(update_fields=["ledger_line_id", "ledger_match"])
            claimed.add(match.id)
            linked += 1
    return linked


def _match(purchase: Purchase, lines: list, claimed: set[int]):
    """The line that carries the purchase, and how it was found: the same invoice number, else
    the oldest line of the same amount within the window."""
    candidates = [line for line in lines if line.id not in claimed]
    if purchase.invoice_number:
        key = _invoice_key(purchase.invoice_number)
        for line in sorted(candidates, key=lambda line: line.id):
            if line.invoice_number and _invoice_key(line.invoice_number) == key:
                return line, Purchase.Match.INVOICE
    cents = int(purchase.amount * 100)
    earliest, latest = purchase.date - MATCH_WINDOW, purchase.date + MATCH_WINDOW
    for line in candidates:  # oldest first
        if line.amount_cents == cents and earliest <= line.date <= latest:
            return line, Purchase.Match.AMOUNT
    return None, ""


@dataclass
class PurchaseFigures:
    """Recorded purchases in a period, split by whether the ledger already counts them."""

    count: int
    amount: Decimal
    in_ledger_count: int
    in_ledger_amount: Decimal
    extra_count: int
    extra_amount: Decimal
    social_extra_amount: Decimal
    social_count: int


def figures(organisation, start, end, policy: Policy | None = None) -> PurchaseFigures:
    """Only reads. A purchase counts as in the ledger while the line it claimed exists.
    `policy`: the organisation's policy when the computation has read it already."""
    found = list(
        Purchase.objects.filter(organisation=organisation, date__range=(start, end)).values_list(
            "amount", "ledger_line_id", "enterprise__company_id"
        )
    )
    existing = spend.existing_lines(organisation, {line for _a, line, _c in found if line})
    rows = [(amount, line if line in existing else None, c) for amount, line, c in found]
    social = (policy or policy_of(organisation)).company_ids(end)
    zero = Decimal("0.00")
    in_ledger = [amount for amount, line, _c in rows if line is not None]
    extra = [(amount, company) for amount, line, company in rows if line is None]
    return PurchaseFigures(
        count=len(rows),
        amount=sum((amount for amount, _l, _c in rows), zero),
        in_ledger_count=len(in_ledger),
        in_ledger_amount=sum(in_ledger, zero),
        extra_count=len(extra),
        extra_amount=sum((amount for amount, _c in extra), zero),
        social_extra_amount=sum((amount for amount, c in extra if c in social), zero),
        social_count=sum(1 for _a, _l, company in rows if company in social),
    )
