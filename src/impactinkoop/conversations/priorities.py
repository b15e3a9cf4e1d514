"""Which current suppliers to talk to first (seed 002: decide whom to challenge first): large
spend in the last twelve months at a supplier that is not a social enterprise under the
organisation's policy, whose contracts carry no social-return clause or end soon. Each place in
the list comes with its reasons. Read through the query modules of spend, registry and
contracts, never their tables."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from impactinkoop.contracts.models import Contract, RuleVersion
from impactinkoop.core.templatetags.money import euros
from impactinkoop.registry.policy import social_enterprise_ids
from impactinkoop.spend import queries as spend

# "Large" when no rules are set yet: the MVOI threshold's default.
DEFAULT_LARGE = Decimal("50000.00")
# A contract that ends within this many days is the moment to talk: before the next tender.
ENDING_SOON_DAYS = 365


@dataclass
class Priority:
    supplier: spend.LedgerSupplier
    spend: Decimal
    reasons: list[str] = field(default_factory=list)
    score: int = 0
    last_conversation: date | None = None


def priorities(organisation, today: date, talked: dict[int, date] | None = None) -> list[Priority]:
    """Suppliers to talk to, most reasons first and then the largest spend. `talked`: the last
    conversation per supplier id, shown and counted against the supplier (talked to recently:
    lower in the list)."""
    period = spend.recent_year(organisation)
    if period is None:
        return []
    rules = RuleVersion.objects.in_force(organisation)
    large = rules.mvoi_threshold if rules is not None else DEFAULT_LARGE
    social = social_enterprise_ids(organisation, today)
    candidates = [
        item
        for item in spend.suppliers_with_spend(organisation, period, at_least=large)
        if item.supplier.company_id is None or item.supplier.company_id not in social
    ]
    ids = [item.supplier.id for item in candidates]
    contracts: dict[int, list[Contract]] = {}
    for contract in (
        Contract.objects.for_organisation(organisation)
        .running_on(today)
        .filter(supplier_id__in=ids)
        .order_by("end_date", "pk")
    ):
        contracts.setdefault(contract.supplier_id, []).append(contract)
    talked = talked or {}
    horizon = today + timedelta(days=ENDING_SOON_DAYS)
    found = []
    for item in candidates:
        entry = Priority(item.supplier, item.total, last_conversation=talked.get(item.supplier.id))
        entry.reasons.append(
            _("%(amount)s spent from %(start)s to %(end)s.")
            % {
                "amount": euros(item.total),
                "start": date_format(period.start, "j F Y"),
                "end": date_format(period.end, "j F Y"),
            }
        )
        entry.reasons.append(_("Not a social enterprise under your policy."))
        own = contracts.get(item.supplier.id, [])
        if not own:
            entry.reasons.append(_("No running contract, so no social-return clause either."))
            entry.score += 1
        elif not any(contract.social_return for contract in own):
            entry.reasons.append(_("Its running contracts have no social-return clause."))
            entry.score += 1
        ending = [c for c in own if c.last_day is not None and c.last_day <= horizon]
        if ending:
            entry.reasons.append(
                _("The contract %(title)s ends on %(day)s: talk before the next tender.")
                % {"title": ending[0].title, "day": date_format(ending[0].last_day, "j F Y")}
            )
            entry.score += 1
        if entry.last_conversation is not None:
            entry.reasons.append(
                _("Last conversation on %(day)s.")
                % {"day": date_format(entry.last_conversation, "j F Y")}
            )
            entry.score -= 1
        found.append(entry)
    return sorted(found, key=lambda p: (-p.score, -p.spend, p.supplier.name))
