"""Figures of PIANOo's steps 4 and 5 and for plan goals: how MVI is applied in the tenders above
the threshold, and how much of the contract value carries a social-return clause.

A tender counts when it is not cancelled and its estimated value reaches the MVOI threshold of
the rule version it was created under (it keeps that version). For a plan goal's yearly figure,
a tender belongs to the year of its planned publication, or, without one, to the year it was
entered (decision 0018)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce, TruncDate

from .models import Contract, Tender, TenderTheme


@dataclass(frozen=True)
class TenderFigures:
    above_threshold: int  # tenders whose value reaches their MVOI threshold
    with_mvi: int  # of those: at least one theme applied
    at_ambition_2_or_3: int  # of those: at least one theme applied at level 2 or 3
    with_social_return: int  # of those: asking social return (a percentage above zero)
    themes_applied: int  # decisions on themes in those tenders
    themes_explained: int
    themes_open: int
    # Of the tenders with MVI: how many have as their highest applied ambition level 1, 2 and 3.
    by_ambition: tuple[int, int, int] = (0, 0, 0)

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        return (Decimal(part) / whole).quantize(Decimal("0.0001")) if whole else None

    @property
    def ambition_levels(self) -> list[tuple[int, int]]:
        """(level, tenders whose highest applied theme is at that level), levels 1 to 3."""
        return list(zip((1, 2, 3), self.by_ambition, strict=True))

    @property
    def mvi_share(self) -> Decimal | None:
        return self._share(self.with_mvi, self.above_threshold)

    @property
    def ambition_share(self) -> Decimal | None:
        return self._share(self.at_ambition_2_or_3, self.above_threshold)

    @property
    def social_return_share(self) -> Decimal | None:
        return self._share(self.with_social_return, self.above_threshold)


@dataclass(frozen=True)
class ContractFigures:
    with_clause: int
    with_clause_value: Decimal
    without_clause: int
    without_clause_value: Decimal

    @property
    def clause_share_of_value(self) -> Decimal | None:
        whole = self.with_clause_value + self.without_clause_value
        return (self.with_clause_value / whole).quantize(Decimal("0.0001")) if whole else None


def tenders_above_threshold(organisation, year: int | None = None):
    """Tenders not cancelled whose value reaches their own rules' MVOI threshold; with `year`,
    those planned for publication in that year (or, with no date planned, entered in it)."""
    tenders = (
        Tender.objects.for_organisation(organisation)
        .not_cancelled()
        .filter(estimated_value__gte=F("rules__mvoi_threshold"))
    )
    if year is not None:
        tenders = tenders.annotate(
            counted_on=Coalesce("planned_publication", TruncDate("created_at"))
        ).filter(counted_on__year=year)
    return tenders


def tender_figures(organisation, year: int | None = None) -> TenderFigures:
    tenders = tenders_above_threshold(organisation, year)
    applied = Q(themes__decision=TenderTheme.Decision.APPLIED)
    counts = tenders.aggregate(
        total=Count("pk", distinct=True),
        mvi=Count("pk", filter=applied, distinct=True),
        ambitious=Count("pk", filter=applied & Q(themes__ambition__gte=2), distinct=True),
    )
    if not counts["total"]:
        return TenderFigures(0, 0, 0, 0, 0, 0, 0)
    # Social return: the tender's own percentage, else the rule's when above its threshold.
    own = Q(social_return_percentage__gt=0)
    by_rule = Q(
        social_return_percentage__isnull=True,
        estimated_value__gte=F("rules__social_return_threshold"),
        rules__social_return_percentage__gt=0,
    )
    with_social_return = tenders.filter(own | by_rule).count()
    highest = (
        tenders.annotate(level=Max("themes__ambition", filter=applied))
        .filter(level__isnull=False)
        .values_list("pk", "level")
        .distinct()
    )
    levels = [0, 0, 0]
    for _pk, level in highest:
        if 1 <= level <= 3:
            levels[level - 1] += 1
    decisions = TenderTheme.objects.filter(tender__in=tenders.values("pk")).aggregate(
        applied=Count("pk", filter=Q(decision=TenderTheme.Decision.APPLIED)),
        explained=Count("pk", filter=Q(decision=TenderTheme.Decision.EXPLAINED)),
        open=Count("pk", filter=Q(decision="")),
    )
    return TenderFigures(
        above_threshold=counts["total"],
        with_mvi=counts["mvi"],
        at_ambition_2_or_3=counts["ambitious"],
        with_social_return=with_social_return,
        themes_applied=decisions["applied"],
        themes_explained=decisions["explained"],
        themes_open=decisions["open"],
        by_ambition=tuple(levels),
    )


def contract_figures(organisation) -> ContractFigures:
    """Contracts with and without a social-return clause, by number and by value (the awarded
    value, else the estimate; a contract without either counts in number only)."""
    contracts = Contract.objects.for_organisation(organisation)
    rows = contracts.values("social_return").annotate(
        count=Count("pk"),
        awarded=Sum("awarded_value"),
        estimated=Sum("estimated_value", filter=Q(awarded_value__isnull=True)),
    )
    found = {True: (0, Decimal("0.00")), False: (0, Decimal("0.00"))}
    for row in rows:
        value = (row["awarded"] or Decimal("0")) + (row["estimated"] or Decimal("0"))
        found[row["social_return"]] = (row["count"], Decimal(value).quantize(Decimal("0.01")))
    return ContractFigures(*found[True], *found[False])


def goal_value(organisation, measure: str, year: int | None = None) -> Decimal | None:
    """A figure a plan goal can be measured by, in the unit of its metric: percent for a share
    (None while there is nothing to divide), a count otherwise; tender figures of one year
    when `year` is given (see the module's note).

    measure: "mvi_share", "ambition_share", "social_return_share" (of tenders above the
    threshold), "explained" (themes explained), "social_return_value_share" (of contract
    value, all years)."""
    if measure == "social_return_value_share":
        share = contract_figures(organisation).clause_share_of_value
    else:
        figures = tender_figures(organisation, year)
        if measure == "explained":
            return Decimal(figures.themes_explained)
        share = getattr(figures, measure)
    return None if share is None else (share * 100).quantize(Decimal("0.01"))
