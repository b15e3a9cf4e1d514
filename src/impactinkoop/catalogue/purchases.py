"""Purchases recorded by requesters, and how they count in monitoring without being counted twice.

A recorded purchase counts until the same invoice arrives through the ledger. Reconciling looks
for a ledger line of a supplier linked to the enterprise's company, first with the same invoice
number, else with the same amount within 60 days; the line found is claimed by that purchase only.
Reconciling is cheap (only open purchases are looked at) and runs whenever purchases are recorded
or read, so a later import, a new supplier link or a deleted import is always taken into account.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from impactinkoop.core.audit import log_action
from impactinkoop.registry.policy import social_enterprise_ids
from impactinkoop.spend.models import LedgerLine

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
        existing = set(
            LedgerLine.objects.filter(organisation=organisation, pk__in=claimed).values_list(
                "pk", flat=True
            )
        )
        gone = claimed - existing
        if gone:
            purchases.filter(ledger_line_id__in=gone).update(ledger_line_id=None, ledger_match="")
            claimed = existing
    linked = 0
    for purchase in purchases.filter(ledger_line_id__isnull=True).select_related("enterprise"):
        lines = LedgerLine.objects.filter(
            organisation=organisation, supplier__company_id=purchase.enterprise.company_id
        ).exclude(pk__in=claimed)
        match, how = None, ""
        if purchase.invoice_number:
            key = _invoice_key(purchase.invoice_number)
            for pk, number in lines.exclude(invoice_number="").values_list("pk", "invoice_number"):
                if _invoice_key(number) == key:
                    match, how = pk, Purchase.Match.INVOICE
                    break
        if match is None:
            match = (
                lines.filter(
                    amount_cents=int(purchase.amount * 100),
                    date__range=(purchase.date - MATCH_WINDOW, purchase.date + MATCH_WINDOW),
                )
                .order_by("date", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            how = Purchase.Match.AMOUNT
        if match is not None:
            purchase.ledger_line_id = match
            purchase.ledger_match = how
            purchase.save(update_fields=["ledger_line_id", "ledger_match"])
            claimed.add(match)
            linked += 1
    return linked


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


def figures(organisation, start, end) -> PurchaseFigures:
    reconcile(organisation)
    rows = list(
        Purchase.objects.filter(organisation=organisation, date__range=(start, end)).values_list(
            "amount", "ledger_line_id", "enterprise__company_id"
        )
    )
    social = social_enterprise_ids(organisation, end)
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
