"""The review queue of proposed links, worked by spend: every proposal carries the spend behind
its supplier and the queue puts the largest first; the list view filters the proposals (company,
score band, minimum spend, text, asked again); one decision rejects many proposals at once. Links
a newer matching engine asks again (`recheck`) wait in the same queue, ordered the same way.

The spend comes from the monthly summary (in euros, as the baseline counts it), summed per
supplier in one grouped query; proposals are sorted in Python, so a page costs the same few
queries whether the queue holds ten proposals or ten thousand."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from impactinkoop.core.audit import actor_fields
from impactinkoop.core.models import AuditEntry
from impactinkoop.registry.models import Company

from ..changes import refresh_later
from ..models import MonthlySpend, SupplierMatch
from .recheck import answer

# Score bands of the list view: (lowest score, first score above the band).
SCORE_BANDS = {"high": (90.0, None), "middle": (85.0, 90.0), "low": (None, 85.0)}
TOP_COMPANIES = 10  # companies with the most proposals, each with a button to reject them all


@dataclass(frozen=True)
class ReviewFilters:
    company: Company | None = None
    band: str = ""
    min_spend: Decimal | None = None  # in euros
    text: str = ""
    asked_again: bool = False  # only the links a newer matching engine asks again

    def is_empty(self) -> bool:
        return (
            self.company is None
            and not self.band
            and self.min_spend is None
            and not self.text
            and not self.asked_again
        )


def parse_filters(organisation, params) -> ReviewFilters:
    """The list view's filters from the query; anything that is not a valid value is no filter
    (a company is only one that has a proposal in this organisation)."""
    company = None
    company_id = str(params.get("company", "") or "")
    if company_id.isdigit() and len(company_id) < 19:
        company = Company.objects.filter(
            pk=int(company_id),
            pk__in=proposals(organisation).values("company_id"),
        ).first()
    band = params.get("band", "")
    return ReviewFilters(
        company=company,
        band=band if band in SCORE_BANDS else "",
        min_spend=_euros(params.get("min_spend", "")),
        text=str(params.get("q", "") or "").strip()[:100],
        asked_again=params.get("again", "") == "1",
    )


def _euros(value) -> Decimal | None:
    """ "1.000", "1000,50" or "1000.50" as euros; anything else is no minimum."""
    text = str(value or "").strip().replace("€", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")  # a thousands separator, as Dutch people write it
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and 0 <= amount < 10**12 else None


def proposals(organisation):
    """What waits for a person: the proposals, and the links asked again by a newer engine."""
    return SupplierMatch.objects.filter(
        Q(state=SupplierMatch.State.PROPOSED) | Q(state=SupplierMatch.State.ACCEPTED, recheck=True),
        organisation=organisation,
    )


def spend_by_supplier(organisation, supplier_ids) -> dict[int, tuple[int, int]]:
    """Cents and lines per supplier, all periods, in one grouped query over the summary."""
    return {
        row["supplier_id"]: (row["total"] or 0, row["count"] or 0)
        for row in MonthlySpend.objects.filter(
            organisation=organisation, supplier_id__in=supplier_ids
        )
        .values("supplier_id")
        .annotate(total=Sum("amount_cents"), count=Sum("lines"))
        .order_by()
    }


@dataclass(frozen=True)
class Entry:
    """One proposal as the queue orders it."""

    pk: int
    supplier_id: int
    company_id: int
    score: float
    cents: int
    lines: int


def ordered(organisation, filters: ReviewFilters | None = None) -> list[Entry]:
    """The open proposals, largest spend first (then highest score), filtered: two queries."""
    filters = filters or ReviewFilters()
    found = proposals(organisation)
    if filters.company is not None:
        found = found.filter(company=filters.company)
    if filters.band:
        low, high = SCORE_BANDS[filters.band]
        if low is not None:
            found = found.filter(score__gte=low)
        if high is not None:
            found = found.filter(score__lt=high)
    if filters.asked_again:
        found = found.filter(recheck=True)
    if filters.text:
        found = found.filter(
            Q(supplier__name__icontains=filters.text) | Q(company__name__icontains=filters.text)
        )
    rows = list(found.values_list("pk", "supplier_id", "company_id", "score"))
    # The suppliers as a subquery: a list of ids could pass SQLite's limit of parameters.
    totals = spend_by_supplier(organisation, found.values("supplier_id")) if rows else {}
    entries = [
        Entry(pk, supplier_id, company_id, score, *totals.get(supplier_id, (0, 0)))
        for pk, supplier_id, company_id, score in rows
    ]
    if filters.min_spend is not None:
        least = int(filters.min_spend * 100)
        entries = [entry for entry in entries if entry.cents >= least]
    entries.sort(key=lambda entry: (-entry.cents, -entry.score, entry.pk))
    return entries


def with_spend(entries: list[Entry]) -> list[SupplierMatch]:
    """The proposals of `entries` as model objects (one query), each with `spend` (Decimal
    euros) and `line_count`, in the order of `entries`."""
    by_id = SupplierMatch.objects.select_related("supplier__company", "company").in_bulk(
        [entry.pk for entry in entries]
    )
    found = []
    for entry in entries:
        proposal = by_id.get(entry.pk)
        if proposal is None:  # decided meanwhile
            continue
        proposal.spend = Decimal(entry.cents).scaleb(-2)
        proposal.line_count = entry.lines
        found.append(proposal)
    return found


def by_company(entries: list[Entry], limit: int = TOP_COMPANIES) -> list[dict]:
    """The companies with the most proposals (then the most spend), with their count and spend:
    where one decision for many proposals saves the most clicks. One query for the names."""
    counts = Counter(entry.company_id for entry in entries)
    cents = defaultdict(int)
    for entry in entries:
        cents[entry.company_id] += entry.cents
    top = sorted(counts, key=lambda pk: (-counts[pk], -cents[pk], pk))[:limit]
    top = [pk for pk in top if counts[pk] > 1]
    names = Company.objects.in_bulk(top) if top else {}
    return [
        {
            "company": names[pk],
            "count": counts[pk],
            "spend": Decimal(cents[pk]).scaleb(-2),
        }
        for pk in top
        if pk in names
    ]


def reject_many(*, actor, organisation, ids=None, company=None) -> int:
    """Reject the open proposals with these ids, or all open proposals for `company`, as one
    decision: each rejected pair is remembered (never proposed again) and has its own audit
    entry, as when it is rejected on its own. An item asked again is answered as its own
    Reject button does (`recheck.answer`). Returns how many were rejected."""
    found = proposals(organisation)
    if company is not None:
        found = found.filter(company=company)
    if ids is not None:
        found = found.filter(pk__in=ids)
    with transaction.atomic():
        asked_again = list(found.filter(recheck=True).select_for_update(of=("self",)))
        for item in asked_again:
            answer(actor=actor, item=item, action="reject")
        found = found.filter(recheck=False)
        rows = list(
            found.select_for_update(of=("self",)).values_list(
                "pk", "supplier_id", "supplier__name", "company_id", "company__name"
            )
        )
        if not rows:
            return len(asked_again)
        now = timezone.now()
        user = actor if getattr(actor, "is_authenticated", False) else None
        # The rows just read and locked: the same filter, not a list of ids (no parameter limit).
        found.update(state=SupplierMatch.State.REJECTED, decided_by=user, decided_at=now)
        who = actor_fields(actor)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    organisation=organisation,
                    **who,
                    action="spend.match_rejected",
                    object_type="spend.supplier",
                    object_id=str(supplier_id),
                    object_repr=supplier_name[:300],
                    after={"company": company_id, "company_name": company_name, "bulk": True},
                )
                for _pk, supplier_id, supplier_name, company_id, company_name in rows
            ]
        )
        refresh_later(organisation, actor=actor)
    return len(rows) + len(asked_again)
