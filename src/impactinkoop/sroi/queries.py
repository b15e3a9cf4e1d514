"""What other apps and pages read of social return: the balance per obligation and in total,
the contracts list's balance column, and the plan's measures (value and jobs per year).
Plans imports this module only."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from impactinkoop.contracts.columns import Column

from .models import Obligation, Realisation, RealisationEvent, RealisationKind, ReviewStatus
from .valuation import CENT, Valuation, figure, value_realisation

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Balance:
    obligated: Decimal
    realised: Decimal  # accepted by the officer: what counts
    forecast: Decimal | None  # at the current pace, by the end of the period
    pending: Decimal = ZERO  # reported and waiting for review: counts once accepted
    # A total's "still to do" is the sum of its rows' (one obligation's surplus never makes up
    # for another's shortfall); None for one obligation, where it follows from the figures.
    shortfall: Decimal | None = None

    @property
    def accepted(self) -> Decimal:
        return self.realised

    @property
    def reported(self) -> Decimal:
        """Everything reported and not rejected: accepted plus waiting."""
        return self.realised + self.pending

    @property
    def to_do(self) -> Decimal:
        if self.shortfall is not None:
            return self.shortfall
        return max(self.obligated - self.realised, ZERO)

    @property
    def percent_done(self) -> int | None:
        if not self.obligated:
            return None
        return int((self.realised / self.obligated * 100).to_integral_value(ROUND_HALF_UP))


def forecast(obligation, realised: Decimal, today: date) -> Decimal | None:
    """Realised so far, projected to the whole period at the pace of the days gone by."""
    if today < obligation.start_date:
        return None
    if today >= obligation.end_date:
        return realised
    gone = (today - obligation.start_date).days + 1
    whole = (obligation.end_date - obligation.start_date).days + 1
    return (realised * Decimal(whole) / Decimal(gone)).quantize(CENT, ROUND_HALF_UP)


def _realisations(obligations):
    return (
        Realisation.objects.filter(obligation__in=obligations)
        .select_related("block")
        .prefetch_related("bonuses")
        .order_by("start_date", "pk")
    )


@dataclass(frozen=True)
class DoubleCount:
    """One realisation whose participant code is also in another obligation of the same
    organisation in overlapping months."""

    others: tuple[str, ...]  # the other obligations (their contracts' titles)
    counts: bool  # it came first, or the officer split it
    split: bool
    first: bool  # it is the one that counts as the participant (accepted or entered first)

    @property
    def explanation(self) -> str:
        if not self.others:  # reduced: the code is gone, the outcome was kept
            return gettext(
                "The participant was counted in another obligation in the same months; "
                "kept when the participant data were reduced."
            )
        others = ", ".join(self.others)
        if self.split:
            return gettext(
                "The participant code is also in %(others)s in overlapping months; the officer "
                "split it, so each counts for its own hours."
            ) % {"others": others}
        if self.counts:
            return gettext(
                "The participant code is also in %(others)s in overlapping months; this one "
                "came first and counts, the other counts 0 unless the officer splits it."
            ) % {"others": others}
        return gettext(
            "The participant code is also in %(others)s in overlapping months: it counts once, "
            "in the realisation accepted first, so this one counts 0 unless the officer splits it."
        ) % {"others": others}


def _month(day: date) -> int:
    return day.year * 12 + day.month


def double_counts(organisations) -> dict[int, DoubleCount]:
    """The realisations (by id) whose participant code is in two obligations of the same
    organisation with overlapping months, in one query for every page and figure.

    The realisation accepted first counts (an officer's own entry is accepted when entered);
    those waiting for review come after every accepted one, in the order they were submitted.
    A later one counts 0 unless the officer split it (`split` on either). Rejected realisations
    and empty participant codes (reduced or not given) are never a double count; a reduced
    realisation keeps its outcome in `counted_elsewhere`."""
    ids = {getattr(organisation, "pk", organisation) for organisation in organisations}
    rows = (
        Realisation.objects.filter(obligation__organisation_id__in=ids)
        .exclude(status=ReviewStatus.REJECTED)
        .filter(
            Q(counted_elsewhere=True)
            | (~Q(participant_code="") & Q(start_date__isnull=False) & Q(end_date__isnull=False))
        )
        .annotate(
            accepted_at=Min("events__at", filter=Q(events__action=RealisationEvent.Action.ACCEPTED))
        )
        .values(
            "pk",
            "obligation_id",
            "obligation__organisation_id",
            "obligation__contract__title",
            "participant_code",
            "start_date",
            "end_date",
            "status",
            "split",
            "counted_elsewhere",
            "created_at",
            "submitted_at",
            "accepted_at",
        )
    )
    found: dict[int, DoubleCount] = {}
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if not row["participant_code"]:  # reduced: its outcome was kept
            found[row["pk"]] = DoubleCount((), row["split"], row["split"], False)
            continue
        key = (row["obligation__organisation_id"], row["participant_code"].upper())
        groups.setdefault(key, []).append(row)

    def rank(row):
        if row["status"] == ReviewStatus.ACCEPTED:
            return (0, row["accepted_at"] or row["created_at"], row["pk"])
        return (1, row["submitted_at"] or row["created_at"], row["pk"])

    for group in groups.values():
        if len({row["obligation_id"] for row in group}) < 2:
            continue
        group.sort(key=rank)
        for position, row in enumerate(group):
            span = (_month(row["start_date"]), _month(row["end_date"]))
            others, blocked, first, settled = [], False, True, bool(row["split"])
            for index, other in enumerate(group):
                if other["obligation_id"] == row["obligation_id"]:
                    continue
                if not (
                    _month(other["start_date"]) <= span[1] and span[0] <= _month(other["end_date"])
                ):
                    continue
                title = other["obligation__contract__title"]
                if title not in others:
                    others.append(title)
                settled = settled or bool(other["split"])
                if index < position:
                    first = False
                    if not (row["split"] or other["split"]):
                        blocked = True
            if others:
                # Split: the officer let both count (on this one or on its overlapping other).
                found[row["pk"]] = DoubleCount(tuple(others), not blocked, settled, first)
    # Kept at a reduction: the participant counted in a realisation whose code is gone.
    for group in groups.values():
        for row in group:
            if row["counted_elsewhere"]:
                others = found[row["pk"]].others if row["pk"] in found else ()
                found[row["pk"]] = DoubleCount(others, row["split"], row["split"], False)
    return found


def _organisations(obligations) -> set[int]:
    return {obligation.organisation_id for obligation in obligations}


def valued(obligation) -> list[tuple[Realisation, Valuation]]:
    doubles = double_counts([obligation.organisation_id])
    return [
        (
            realisation,
            value_realisation(
                realisation,
                obligation,
                list(realisation.bonuses.all()),
                doubles.get(realisation.pk),
            ),
        )
        for realisation in _realisations([obligation])
    ]


def balances(obligations, today: date) -> dict[int, Balance]:
    """Balance per obligation id, for a list of obligations (with rule_set selected). A double
    count (`double_counts`) counts once; what waits for review is pending."""
    by_id = {obligation.pk: obligation for obligation in obligations}
    realised = dict.fromkeys(by_id, ZERO)
    pending = dict.fromkeys(by_id, ZERO)
    doubles = double_counts(_organisations(by_id.values())) if by_id else {}
    for realisation in _realisations(list(by_id.values())):
        obligation = by_id[realisation.obligation_id]
        valuation = value_realisation(
            realisation, obligation, list(realisation.bonuses.all()), doubles.get(realisation.pk)
        )
        realised[obligation.pk] += valuation.total
        if realisation.status == ReviewStatus.SUBMITTED and not valuation.counted_out:
            pending[obligation.pk] += valuation.worth
    return {
        pk: Balance(
            obligation.amount,
            realised[pk],
            forecast(obligation, realised[pk], today),
            pending[pk],
        )
        for pk, obligation in by_id.items()
    }


def purchases(obligations) -> dict[int, Decimal]:
    """Per obligation: the accepted purchases at social enterprises (their value counted as
    social return). The same purchases are social spend in the baseline: show both, never add
    them up (decision 0022)."""
    by_id = {obligation.pk: obligation for obligation in obligations}
    found = dict.fromkeys(by_id, ZERO)
    for realisation in _realisations(list(by_id.values())).filter(
        kind=RealisationKind.PURCHASE, status=ReviewStatus.ACCEPTED
    ):
        obligation = by_id[realisation.obligation_id]
        found[obligation.pk] += value_realisation(
            realisation, obligation, list(realisation.bonuses.all())
        ).total
    return found


def total_balance(found: dict[int, Balance]) -> Balance:
    forecasts = [balance.forecast for balance in found.values() if balance.forecast is not None]
    return Balance(
        sum((balance.obligated for balance in found.values()), ZERO),
        sum((balance.realised for balance in found.values()), ZERO),
        sum(forecasts, ZERO) if forecasts else None,
        sum((balance.pending for balance in found.values()), ZERO),
        shortfall=sum((balance.to_do for balance in found.values()), ZERO),
    )


def _page_balances(organisation, contracts) -> tuple[list, dict[int, Balance]]:
    obligations = list(
        Obligation.objects.for_organisation(organisation)
        .filter(contract__in=[contract.pk for contract in contracts])
        .select_related("rule_set")
    )
    return obligations, balances(obligations, date.today())


def realised_on_page(organisation, contracts) -> Decimal:
    """What the shown contracts' obligations have realised together, to the cent."""
    _obligations, found = _page_balances(organisation, contracts)
    return sum((balance.realised for balance in found.values()), ZERO).quantize(CENT)


def _balance_total(organisation, contracts) -> str:
    return figure(realised_on_page(organisation, contracts), 2)


def _balance_values(organisation, contracts) -> dict[int, str]:
    obligations, found = _page_balances(organisation, contracts)
    return {
        obligation.contract_id: _("%(realised)s of %(obligated)s")
        % {
            "realised": figure(found[obligation.pk].realised, 2),
            "obligated": figure(found[obligation.pk].obligated, 2),
        }
        for obligation in obligations
    }


balance_column = Column(
    "sroi_balance", _("Social return realised"), _balance_values, total=_balance_total
)


def value_in_year(organisation, year: int) -> Decimal | None:
    """Social return realised in a calendar year (plan goal "SROI value"): every realisation
    valued, placements and learning places for their months in that year, purchases and
    activities by the year of their date. None when the organisation has no obligations."""
    obligations = list(Obligation.objects.for_organisation(organisation).select_related("rule_set"))
    if not obligations:
        return None
    found = values_in_year(obligations, year)
    return sum((value.accepted for value in found.values()), ZERO)


def jobs_in_year(organisation, year: int) -> Decimal | None:
    """People placed (jobs and learning places) active in the year, accepted by the officer,
    each participant counted once (plan goal "SROI jobs"). A realisation reduced after the
    retention period counts as one person unless it was counted elsewhere."""
    if not Obligation.objects.for_organisation(organisation).exists():
        return None
    rows = Realisation.objects.filter(
        obligation__organisation=organisation,
        status=ReviewStatus.ACCEPTED,
        kind__in=[RealisationKind.PLACEMENT, RealisationKind.LEARNING],
        start_date__lte=date(year, 12, 31),
        end_date__gte=date(year, 1, 1),
    ).values_list("participant_code", "counted_elsewhere")
    codes, reduced = set(), 0
    for code, counted_elsewhere in rows:
        if counted_elsewhere:  # the person counts in another realisation
            continue
        if code:
            codes.add(code.upper())
        else:
            reduced += 1
    return Decimal(len(codes) + reduced)


def contractor_obligations(accesses):
    """The obligations a contractor may see: those whose contract's company is one of its
    companies, at the organisation that invited it for that company (`accesses` is the list of
    its `ContractorAccess` rows). Any other obligation is not there (the pages answer 404)."""
    from django.db.models import Q

    pairs = Q(pk__in=[])
    for access in accesses:
        pairs |= Q(organisation_id=access.organisation_id, contract__company_id=access.company_id)
    return Obligation.objects.filter(pairs)


def contractor_realisations(accesses):
    """The realisations a contractor may see: those its own companies reported on its
    obligations, never another contractor's."""
    from django.db.models import Q

    pairs = Q(pk__in=[])
    for access in accesses:
        pairs |= Q(
            obligation__organisation_id=access.organisation_id,
            obligation__contract__company_id=access.company_id,
            company_id=access.company_id,
        )
    return Realisation.objects.filter(pairs)


@dataclass(frozen=True)
class YearValue:
    """One obligation's social return in a calendar year: accepted (what counts) and waiting
    for review (what would count once accepted), each a sum of lines rounded to the cent."""

    accepted: Decimal = ZERO
    pending: Decimal = ZERO


def values_in_year(obligations, year: int) -> dict[int, YearValue]:
    """Per obligation id (obligations with rule_set selected): its realisations valued as
    `value_in_year` values them, placements and learning places for their months in the year,
    purchases and activities by the year of their date; a double count counts once."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    accepted = {obligation.pk: ZERO for obligation in obligations}
    pending = dict(accepted)
    doubles = double_counts(_organisations(obligations)) if obligations else {}
    for obligation in obligations:
        if obligation.end_date < start or obligation.start_date > end:
            continue
        # The obligation seen through this year only: its months in the year count.
        window = Obligation(
            start_date=max(obligation.start_date, start),
            end_date=min(obligation.end_date, end),
            rule_set=obligation.rule_set,
        )
        for realisation in _realisations([obligation]):
            if not (realisation.start_date and realisation.end_date):
                continue
            if realisation.end_date < window.start_date or realisation.start_date > window.end_date:
                continue
            if realisation.kind in (RealisationKind.PURCHASE, RealisationKind.ACTIVITY):
                if not (start <= realisation.start_date <= end):
                    continue
                window_for = obligation
            else:
                window_for = window
            valuation = value_realisation(
                realisation,
                window_for,
                list(realisation.bonuses.all()),
                doubles.get(realisation.pk),
            )
            accepted[obligation.pk] += valuation.total
            if realisation.status == ReviewStatus.SUBMITTED and not valuation.counted_out:
                pending[obligation.pk] += valuation.worth
    return {pk: YearValue(accepted[pk], pending[pk]) for pk in accepted}


def counted_by_organisation(obligation, own: list) -> dict:
    """What the obligation's balance counts besides the contractor's own realisations (entered
    or imported by the organisation): how many and together how much, so that the figures can
    be matched. Only the number and the sum: never their participant codes."""
    own_ids = {realisation.pk for realisation in own}
    totals = [
        valuation.total
        for realisation, valuation in valued(obligation)
        if realisation.pk not in own_ids and valuation.total
    ]
    return {"count": len(totals), "total": sum(totals, Decimal("0.00"))}
