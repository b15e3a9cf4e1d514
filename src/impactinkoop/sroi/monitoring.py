"""The figures of the social-return monitoring (decision 0022, "Monitoring and the council
exports"): per obligation and in total what was obligated, accepted, is waiting for review and
is forecast, with the overdue reports; the people placed by contractor, department, target group
and residence; and the placements still employed 6 and 12 months after their start.

Money comes from `queries.balances` (only accepted realisations are realised; what waits for
review is shown apart), so a change in how balances count flows in here. With a year chosen,
accepted and waiting are that year's (`queries.values_in_year`: placements and learning places
for their months in the year, purchases and activities by their date); what is obligated and the
forecast stay the whole period's and say so.

People are counted as distinct participants (their code; a realisation reduced to counts, or
without a code, is one person). Each person counts once in every table: in the row and column of
their first accepted placement or learning place in the selection (by start date), so every
table's cells add up to the same total and small counts can be hidden safely
(`core.suppression`)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactinkoop.core.reference import municipalities
from impactinkoop.core.suppression import HIDDEN, Suppressed, suppress

from . import queries
from .models import Obligation, Realisation, RealisationKind, ReviewStatus, TargetGroup
from .queries import Balance
from .services import report_deadlines

PEOPLE_KINDS = (RealisationKind.PLACEMENT, RealisationKind.LEARNING)
RESIDENCE_LABELS = {
    municipalities.OWN_MUNICIPALITY: gettext_lazy("Own municipality"),
    municipalities.OWN_REGION: gettext_lazy("Elsewhere in the labour-market region"),
    municipalities.ELSEWHERE: gettext_lazy("Outside the labour-market region"),
    municipalities.UNKNOWN: gettext_lazy("Not known"),
}
FOLLOW_UP_COLUMNS = (
    gettext_lazy("Still employed"),
    gettext_lazy("No longer employed"),
    gettext_lazy("Not reported"),
)


def contractor_of(contract) -> str:
    if contract.company_id:
        return contract.company.name
    return contract.supplier_name or _("Contractor not known")


def overdue_deadlines(obligation, reported: list[date], today: date) -> list[date]:
    """Report deadlines that have passed with nothing reported since the deadline before them
    (the start, for the first). A report made late still clears the deadline; anything the
    contractor or officer reported counts as a report, whatever the review decides later."""
    overdue = []
    previous = obligation.start_date
    for due, _final in report_deadlines(obligation):
        if due >= today:
            break
        if not any(day > previous for day in reported):
            overdue.append(due)
        previous = due
    return overdue


@dataclass
class ObligationRow:
    obligation: Obligation
    contractor: str
    department: str
    balance: Balance
    overdue: list[date]
    people: int = 0
    in_year: queries.YearValue | None = None  # with a year chosen: that year's money

    @property
    def accepted(self) -> Decimal:
        return self.in_year.accepted if self.in_year else self.balance.realised

    @property
    def pending(self) -> Decimal:
        return self.in_year.pending if self.in_year else self.balance.pending


@dataclass
class Breakdown:
    """People by one dimension (rows) and kind of place (columns); `money` per row when the
    dimension is not about people (contractor, department)."""

    key: str
    title: str
    dimension: str
    labels: list[str]
    cells: list[list[int]]
    money: list[Decimal] | None = None
    money_total: Decimal | None = None

    @property
    def columns(self) -> list[str]:
        return [_("Placements"), _("Learning places")]

    def suppressed(self) -> Suppressed:
        return suppress(self.cells) if self.cells else suppress([[0, 0]])


@dataclass
class Monitoring:
    today: date
    year: int | None
    contractor: str
    rows: list[ObligationRow]
    total: Balance
    breakdowns: list[Breakdown]
    follow_up: list[tuple[str, list[int]]]
    value_in_year: Decimal | None
    people: int
    people_pending: int
    years: list[int] = field(default_factory=list)
    contractors: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(len(row.overdue) for row in self.rows)

    @property
    def accepted(self) -> Decimal:
        """Accepted in the chosen year, or in the whole period: the sum of the rows."""
        return sum((row.accepted for row in self.rows), Decimal("0.00"))

    @property
    def pending(self) -> Decimal:
        return sum((row.pending for row in self.rows), Decimal("0.00"))

    def obligation_people(self) -> Suppressed:
        return suppress([[row.people] for row in self.rows] or [[0]])

    def follow_up_suppressed(self) -> list[tuple[str, Suppressed]]:
        return [(label, suppress([counts])) for label, counts in self.follow_up]


def _active_in(realisation, year: int | None) -> bool:
    if year is None:
        return True
    start = realisation.start_date
    end = realisation.end_date or start
    if start is None:
        return False
    return start <= date(year, 12, 31) and end >= date(year, 1, 1)


def _person(realisation) -> str:
    code = (realisation.participant_code or "").strip().upper()
    return code or f"#{realisation.pk}"


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def monitoring(organisation, *, today: date, year: int | None = None, contractor: str = ""):
    every = list(
        Obligation.objects.for_organisation(organisation)
        .select_related("contract", "contract__company", "contract__department", "rule_set")
        .order_by("end_date", "pk")
    )
    contractors = sorted({contractor_of(o.contract) for o in every}, key=str.casefold)
    years = sorted(
        {y for o in every for y in range(o.start_date.year, o.end_date.year + 1)}, reverse=True
    )
    chosen = [
        o
        for o in every
        if (not contractor or contractor_of(o.contract) == contractor)
        and (year is None or (o.start_date.year <= year <= o.end_date.year))
    ]
    found = queries.balances(chosen, today)
    in_year = queries.values_in_year(chosen, year) if year is not None else {}
    realisations = list(
        Realisation.objects.filter(obligation__in=chosen).order_by("start_date", "pk")
    )
    reported: dict[int, list[date]] = {o.pk: [] for o in chosen}
    for realisation in realisations:
        moment = realisation.submitted_at or realisation.created_at
        reported[realisation.obligation_id].append(timezone.localdate(moment))
    rows = {
        o.pk: ObligationRow(
            o,
            contractor_of(o.contract),
            o.contract.department.name if o.contract.department_id else _("No department"),
            found[o.pk],
            overdue_deadlines(o, reported[o.pk], today),
            in_year=in_year.get(o.pk),
        )
        for o in chosen
    }

    first: dict[str, Realisation] = {}
    waiting: set[str] = set()
    for realisation in realisations:
        if realisation.kind not in PEOPLE_KINDS or not _active_in(realisation, year):
            continue
        person = _person(realisation)
        if realisation.status == ReviewStatus.ACCEPTED:
            first.setdefault(person, realisation)
        elif realisation.status == ReviewStatus.SUBMITTED:
            waiting.add(person)
    waiting -= set(first)

    by_obligation = {o.pk: o for o in chosen}
    dimensions = {
        "contractor": (
            _("By contractor"),
            _("Contractor"),
            lambda r: rows[r.obligation_id].contractor,
        ),
        "department": (
            _("By department"),
            _("Department"),
            lambda r: rows[r.obligation_id].department,
        ),
        "target_group": (
            _("By target group"),
            _("Target group"),
            lambda r: (
                str(TargetGroup(r.target_group).label)
                if r.target_group in TargetGroup.values
                else _("Not entered")
            ),
        ),
        "residence": (
            _("By residence"),
            _("Lives in"),
            lambda r: str(
                RESIDENCE_LABELS[
                    municipalities.classify(
                        r.residence,
                        organisation.municipality,
                        organisation.labour_market_region,
                    )
                ]
            ),
        ),
    }
    fixed_labels = {
        "target_group": [str(label) for label in TargetGroup.labels] + [_("Not entered")],
        "residence": [str(label) for label in RESIDENCE_LABELS.values()],
    }
    breakdowns = []
    for key, (title, dimension, label_of) in dimensions.items():
        counts: dict[str, list[int]] = {}
        for label in fixed_labels.get(key, []):
            counts[label] = [0, 0]
        if key == "contractor":
            for row in rows.values():
                counts.setdefault(row.contractor, [0, 0])
        if key == "department":
            for row in rows.values():
                counts.setdefault(row.department, [0, 0])
        for realisation in first.values():
            column = 0 if realisation.kind == RealisationKind.PLACEMENT else 1
            counts.setdefault(label_of(realisation), [0, 0])[column] += 1
        labels = list(counts) if key in fixed_labels else sorted(counts, key=str.casefold)
        breakdown = Breakdown(key, title, dimension, labels, [counts[label] for label in labels])
        if key in ("contractor", "department"):
            money = dict.fromkeys(labels, Decimal("0.00"))
            for row in rows.values():
                money[getattr(row, key)] += row.accepted
            breakdown.money = [money[label] for label in labels]
            breakdown.money_total = sum(breakdown.money, Decimal("0.00"))
        breakdowns.append(breakdown)

    for realisation in first.values():
        rows[realisation.obligation_id].people += 1

    follow_up = []
    for months, attribute in ((6, "employed_after_6"), (12, "employed_after_12")):
        counts = [0, 0, 0]
        for realisation in first.values():
            if realisation.kind != RealisationKind.PLACEMENT or realisation.start_date is None:
                continue
            if _months_later(realisation.start_date, months) > today:
                continue  # not yet due
            answer = getattr(realisation, attribute)
            counts[0 if answer is True else 1 if answer is False else 2] += 1
        follow_up.append((_("%(months)s months after the start") % {"months": months}, counts))

    value = None
    if year is not None and not contractor:
        value = queries.value_in_year(organisation, year)
    ordered = [rows[o.pk] for o in chosen if o.pk in by_obligation]
    return Monitoring(
        today=today,
        year=year,
        contractor=contractor,
        rows=ordered,
        total=queries.total_balance(found),
        breakdowns=breakdowns,
        follow_up=follow_up,
        value_in_year=value,
        people=len(first),
        people_pending=len(waiting),
        years=years,
        contractors=contractors,
    )


@dataclass
class Section:
    """One table as the page, the CSV, the XLSX and the PDF show it: counts of people are
    numbers or HIDDEN ("< 5"), money is Decimal."""

    key: str
    title: str
    header: list[str]
    rows: list[list]
    total: list | None
    note: str = ""

    @property
    def text_columns(self) -> int:
        return 2 if self.key == "obligations" else 1


def _count(table: Suppressed, row: int, column: int, council: bool):
    return table.shown(row, column) if council else table.value(row, column)


def money_headers(m: Monitoring) -> dict[str, str]:
    """The money columns' titles: with a year chosen, accepted and waiting are that year's and
    what is obligated and the forecast say they are the whole period's."""
    if m.year is None:
        return {
            "obligated": _("Obligated"),
            "accepted": _("Accepted"),
            "pending": _("Waiting for review"),
            "forecast": _("Forecast at the current pace"),
            "money": _("Accepted (euros)"),
        }
    year = {"year": m.year}
    return {
        "obligated": _("Obligated (whole period)"),
        "accepted": _("Accepted in %(year)s") % year,
        "pending": _("Waiting for review in %(year)s") % year,
        "forecast": _("Forecast for the whole period"),
        "money": _("Accepted in %(year)s (euros)") % year,
    }


def sections(m: Monitoring, *, council: bool) -> list[Section]:
    """The monitoring as tables. With `council`, every count of people from 1 to 4 is HIDDEN,
    and so is every value it could be found from by one subtraction (`core.suppression`); money
    is not a count of people and is shown. The totals are the sums of the rows."""
    found = []
    money = money_headers(m)
    people = m.obligation_people()
    last = people.height
    found.append(
        Section(
            "obligations",
            _("Per obligation"),
            [
                _("Contract"),
                _("Contractor"),
                money["obligated"],
                money["accepted"],
                money["pending"],
                money["forecast"],
                _("Overdue reports"),
                _("People placed"),
            ],
            [
                [
                    row.obligation.contract.title,
                    row.contractor,
                    row.balance.obligated,
                    row.accepted,
                    row.pending,
                    row.balance.forecast,
                    len(row.overdue),
                    _count(people, number, 0, council),
                ]
                for number, row in enumerate(m.rows)
            ],
            [
                _("Total"),
                "",
                m.total.obligated,
                m.accepted,
                m.pending,
                m.total.forecast,
                m.overdue,
                _count(people, last, 0, council) if m.rows else 0,
            ],
        )
    )
    for breakdown in m.breakdowns:
        table = breakdown.suppressed()
        header = [breakdown.dimension, *breakdown.columns, _("People")]
        if breakdown.money is not None:
            header.append(money["money"])
        rows = []
        for number, label in enumerate(breakdown.labels):
            row = [label, *[_count(table, number, c, council) for c in range(table.width + 1)]]
            if breakdown.money is not None:
                row.append(breakdown.money[number])
            rows.append(row)
        total = [
            _("Total"),
            *[_count(table, table.height, c, council) for c in range(table.width + 1)],
        ]
        if breakdown.money is not None:
            total.append(breakdown.money_total)
        found.append(Section(breakdown.key, breakdown.title, header, rows, total))
    follow = [
        [label, *[_count(table, 0, c, council) for c in range(table.width + 1)]]
        for label, table in m.follow_up_suppressed()
    ]
    found.append(
        Section(
            "follow_up",
            _("Placements still employed"),
            [_("After"), *[str(label) for label in FOLLOW_UP_COLUMNS], _("People")],
            follow,
            None,
            _("Only placements whose 6 or 12 months have passed."),
        )
    )
    return found


def export_rows(m: Monitoring, organisation) -> tuple[list[str], list[list]]:
    """The council export as one sheet: a title row, then each table with its title, header,
    rows and total, a blank row between them. Always suppressed."""
    header = [_("Social-return monitoring"), organisation.name, _filters(m)]
    rows: list[list] = []
    for section in sections(m, council=True):
        rows.append([])
        rows.append([section.title])
        rows.append(section.header)
        rows.extend(section.rows)
        if section.total:
            rows.append(section.total)
        if section.note:
            rows.append([section.note])
    rows.append([])
    rows.append([_('"< 5": fewer than 5 people, or hidden so that such a number cannot be found.')])
    return header, rows


def _filters(m: Monitoring) -> str:
    parts = [str(m.year) if m.year else _("all years")]
    parts.append(m.contractor or _("all contractors"))
    parts.append(_("figures of %(day)s") % {"day": m.today.isoformat()})
    return " · ".join(parts)


__all__ = ["HIDDEN", "Monitoring", "export_rows", "monitoring", "overdue_deadlines", "sections"]
