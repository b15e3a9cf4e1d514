"""The ledger lines behind a figure: the drill-down's filters as one selection checked against the
organisation, and its lines as CSV or XLSX, written row by row so a year of lines never sits in
memory. Few lines are downloaded at once; many are written by a background job (`spend.jobs`)."""

import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.db import transaction
from django.db.models import Q, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.accounts.models import Organisation, User
from impactinkoop.core.background import JobProgress, start_job
from impactinkoop.core.exports import write_csv, write_xlsx
from impactinkoop.core.models import Job
from impactinkoop.core.numbers import count
from impactinkoop.core.pdf import ascii_name

from ..imports.currency import EURO, euro_cents
from ..models import (
    Category,
    CostCentre,
    Department,
    LedgerImport,
    LedgerLine,
    MonthlySpend,
    Supplier,
)
from .figures import Period, figures_for, social_suppliers
from .periods import default_period

LINES_EXPORT = "spend.lines_export"
# One person may have this many exports waiting or running; more would only fill the queue.
UNFINISHED_EXPORTS_PER_USER = 2
CHUNK = 2000  # lines read per query, and how often the progress bar moves

DIMENSIONS = {"department": Department, "cost_centre": CostCentre, "category": Category}
CHOSEN = {**DIMENSIONS, "supplier": Supplier}
FORMATS = {"csv": write_csv, "xlsx": write_xlsx}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = (
    "date",
    "supplier__name",
    "invoice_number",
    "amount_cents",
    "department__name",
    "cost_centre__name",
    "category__name",
    "description",
    "ledger_import_id",
)


class SelectionError(ValueError):
    """A filter that is no period, no id, or an id of something outside the organisation."""


class TooManyExports(Exception):
    pass


def period_from_params(params, organisation) -> Period:
    """year=2025, or from=2025-01&until=2025-06; by default `periods.default_period`."""
    start, end = params.get("from", ""), params.get("until", "")
    if start or end:
        try:
            first = date.fromisoformat((start or end) + "-01")
            last = date.fromisoformat((end or start) + "-01")
            return Period.months(first, last)
        except ValueError as error:
            raise SelectionError(_("Not a period: use months as YYYY-MM.")) from error
    year = params.get("year", "")
    if year:
        if not year.isdigit() or not 1900 < int(year) < 2200:
            raise SelectionError(_("Not a year."))
        return Period.year(int(year))
    return default_period(organisation)


def period_params(period: Period) -> dict[str, str]:
    if period.is_year:
        return {"year": str(period.start.year)}
    return {"from": f"{period.start:%Y-%m}", "until": f"{period.end:%Y-%m}"}


def _not_ours(field: str) -> str:
    return {
        "department": _("The chosen department is not one of this organisation's."),
        "cost_centre": _("The chosen cost centre is not one of this organisation's."),
        "category": _("The chosen category is not one of this organisation's."),
        "supplier": _("The chosen supplier is not one of this organisation's."),
    }[field]


# The orders of the drill-down's lines: newest first by default; ties by id, so pages are stable.
SORTS = {
    "-date": ("-date", "-id"),
    "date": ("date", "id"),
    "-amount": ("-amount_cents", "-id"),
    "amount": ("amount_cents", "id"),
}
DEFAULT_SORT = "-date"
MAX_SEARCH = 100


@dataclass(frozen=True)
class LineSelection:
    organisation: Organisation
    period: Period
    chosen: dict  # field name -> the organisation's department, cost centre, category, supplier
    social: str  # "" for all suppliers, "yes" for social enterprises only, "no" for the others
    text: str = ""  # words in the description, invoice number or supplier name
    sort: str = DEFAULT_SORT  # one of SORTS

    def filters(self) -> Q:
        filters = Q()
        for field, picked in self.chosen.items():
            filters &= Q(**{f"{field}_id": picked.pk})
        social_ids = Subquery(social_suppliers(self.organisation, self.period.end))
        if self.social == "yes":
            filters &= Q(supplier_id__in=social_ids)
        elif self.social == "no":
            filters &= ~Q(supplier_id__in=social_ids)
        return filters

    def text_filter(self) -> Q:
        """The search: every word in the description, invoice number or supplier name."""
        found = Q()
        for word in self.text.split():
            found &= (
                Q(description__icontains=word)
                | Q(invoice_number__icontains=word)
                | Q(supplier__name__icontains=word)
            )
        return found

    def lines(self):
        """The selected lines in the chosen order (newest first unless sorted otherwise). Lines
        of an import whose exchange rate is not entered yet are left out, as the figures leave
        them out."""
        lines = LedgerLine.objects.filter(
            self.filters(),
            self.text_filter(),
            organisation=self.organisation,
            date__gte=self.period.start,
            date__lte=self.period.end,
        )
        left_out = list(
            LedgerImport.objects.filter(organisation=self.organisation, exchange_rate=None)
            .exclude(currency=EURO)
            .values_list("pk", flat=True)
        )
        if left_out:
            lines = lines.exclude(ledger_import_id__in=left_out)
        return lines.order_by(*SORTS[self.sort])

    def summary(self, figures: dict | None = None) -> dict:
        """Total (cents) and line count from the kept figures or the monthly summary: exact,
        and far cheaper than reading the lines."""
        if self.text:
            from .drilldown import breakdown  # a search reads the lines themselves

            found = breakdown(self)
            return {"total": found.total, "count": found.count}
        figures = figures if figures is not None else figures_for(self.organisation, self.period)
        kept = _kept_total(figures, self.chosen, self.social)
        if kept is None:
            kept = MonthlySpend.objects.filter(
                self.filters(),
                organisation=self.organisation,
                month__gte=self.period.start,
                month__lte=self.period.end,
            ).aggregate(total=Sum("amount_cents"), count=Sum("lines"))
        return {"total": kept["total"] or 0, "count": kept["count"] or 0}

    def params(self) -> dict[str, str]:
        """The selection as form fields, period included, so a job exports what the page
        showed even after a newer year is imported."""
        params = period_params(self.period)
        params.update({field: str(picked.pk) for field, picked in self.chosen.items()})
        if self.social:
            params["social"] = self.social
        if self.text:
            params["q"] = self.text
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort
        return params

    def file_name(self, fmt: str) -> str:
        label = self.period.label().replace(" ", "")
        return f"{ascii_name(f'lines-{self.organisation.slug}-{label}')}.{fmt}"


def select_lines(organisation, params) -> LineSelection:
    """The drill-down's filters from a query or form (or a job's params), every id looked up
    within the organisation: an id of anything else raises `SelectionError`."""
    period = period_from_params(params, organisation)
    chosen = {}
    for field, model in CHOSEN.items():
        value = str(params.get(field, "") or "")
        if not value:
            continue
        if not value.isdigit():
            raise SelectionError(_("Not an id."))
        picked = model.objects.filter(organisation=organisation, pk=int(value)).first()
        if picked is None:
            raise SelectionError(_not_ours(field))
        chosen[field] = picked
    social = params.get("social", "")
    sort = params.get("sort", "")
    return LineSelection(
        organisation,
        period,
        chosen,
        social if social in ("yes", "no") else "",
        text=" ".join(str(params.get("q", "") or "").split())[:MAX_SEARCH],
        sort=sort if sort in SORTS else DEFAULT_SORT,
    )


def _kept_total(figures: dict, chosen: dict, social: str) -> dict | None:
    """The total and line count from the kept figures when they hold it (the whole period, its
    social part, or one department, cost centre or category), which spares a pass over the
    monthly summary."""
    if not chosen:
        if social == "yes":
            return {
                "total": _cents(figures["social_spend"]),
                "count": figures["social_line_count"],
            }
        if not social:
            return {"total": _cents(figures["total_spend"]), "count": figures["line_count"]}
    if len(chosen) == 1 and not social and "supplier" not in chosen:
        field, picked = next(iter(chosen.items()))
        for row in figures[f"by_{field}"]:
            if row["id"] == picked.pk:
                return {"total": _cents(row["total"]), "count": row["lines"]}
    return None


def _cents(amount) -> int:
    return int(Decimal(amount) * 100)


def header() -> list[str]:
    return [
        _("Date"),
        _("Supplier"),
        _("Invoice number"),
        _("Amount"),
        _("Department"),
        _("Cost centre"),
        _("Category"),
        _("Description"),
        _("Currency"),
        _("Amount in that currency"),
        _("Exchange rate"),
    ]


def rates(organisation) -> dict[int, tuple[str, Decimal]]:
    """The currency and exchange rate of each of the organisation's imports in another
    currency than the euro (a few rows)."""
    return {
        pk: (currency, rate)
        for pk, currency, rate in LedgerImport.objects.filter(organisation=organisation)
        .exclude(currency=EURO)
        .exclude(exchange_rate=None)
        .values_list("pk", "currency", "exchange_rate")
    }


def in_euros(lines, organisation) -> list:
    """Lines (model objects) with `euro_cents`, and for another currency `currency`, `rate`
    and `original` (the amount as the file has it), as the page shows them."""
    known = rates(organisation)
    lines = list(lines)
    for line in lines:
        currency, rate = known.get(line.ledger_import_id, (EURO, None))
        line.currency, line.rate = currency, rate
        line.euro_cents = line.amount_cents if rate is None else euro_cents(line.amount_cents, rate)
        line.original = Decimal(line.amount_cents).scaleb(-2)
    return lines


def rows(selection: LineSelection):
    """The lines as rows, read a chunk at a time as plain values (no model objects). Amounts
    are in euros (`imports.currency.euro_cents` for another currency, as the figures are summed)."""
    known = rates(selection.organisation)
    found = selection.lines().values_list(*COLUMNS).iterator(chunk_size=CHUNK)
    for day, supplier, invoice, cents, department, cost_centre, category, text, source in found:
        currency, rate = known.get(source, (EURO, None))
        euro = cents if rate is None else euro_cents(cents, rate)
        yield [
            day.isoformat(),
            supplier,
            invoice,
            Decimal(euro).scaleb(-2),  # exact euros with two decimals, never a float
            department or "",
            cost_centre or "",
            category or "",
            text,
            currency,
            Decimal(cents).scaleb(-2),
            # As text: a number cell would show the rate with the amounts' two decimals.
            "" if rate is None else format(rate.normalize(), "f"),
        ]


def write_lines(selection: LineSelection, fmt: str, file: BinaryIO, progress=None) -> int:
    """Write the selection's lines to `file` in `fmt`; returns how many were written."""
    written = 0

    def counted():
        nonlocal written
        for row in rows(selection):
            yield row
            written += 1
            if progress is not None and written % CHUNK == 0:
                progress.update(written)

    FORMATS[fmt](file, header(), counted())
    return written


def content_type(fmt: str) -> str:
    return CONTENT_TYPES[fmt]


def start_lines_export(selection: LineSelection, fmt: str, *, actor) -> Job:
    """Queue a job that writes the selection's lines, unless `actor` already has enough
    unfinished exports. The user's row is locked (PostgreSQL; SQLite transactions are
    IMMEDIATE) so two clicks at once cannot both pass the count."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        unfinished = Job.objects.filter(created_by=actor, kind=LINES_EXPORT).unfinished()
        if unfinished.count() >= UNFINISHED_EXPORTS_PER_USER:
            raise TooManyExports(
                _(
                    "Two downloads are already being prepared for you. Wait until one of them "
                    "is ready, then try again."
                )
            )
        return start_job(
            organisation=selection.organisation,
            kind=LINES_EXPORT,
            title=_("Ledger lines %(period)s (%(format)s)")
            % {"period": selection.period.label(), "format": fmt.upper()},
            actor=actor,
            params={"filters": selection.params(), "format": fmt},
        )


def export_lines(job: Job, progress: JobProgress) -> dict:
    """The job: check the filters against the organisation again (the params came from a
    form), write the file to a temporary file and keep it in the job row."""
    fmt = job.params.get("format", "")
    if fmt not in FORMATS:
        raise SelectionError(_("Unknown file format: %(format)s.") % {"format": fmt})
    selection = select_lines(job.organisation, job.params.get("filters", {}))
    expected = selection.summary()["count"]
    progress.update(0, expected, _("Writing the ledger lines"))
    with tempfile.TemporaryFile() as file:
        written = write_lines(selection, fmt, file, progress)
        file.seek(0)
        job.output = file.read()
    job.output_name = selection.file_name(fmt)
    job.output_content_type = content_type(fmt)
    message = ngettext("%(count)s line written", "%(count)s lines written", written)
    progress.finish(message % {"count": count(written)})
    return {"lines": written}
