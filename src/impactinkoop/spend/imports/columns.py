"""The ledger fields an import maps, and vectorised parsing of their text: amounts to integer
cents and dates to dates, in the formats Dutch and international exports use."""

import polars as pl
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.mapping import ImportField

from .currency import CURRENCIES

FIELDS = [
    ImportField(
        "supplier_name",
        _("Supplier name"),
        (
            "crediteur",
            "crediteurnaam",
            "naam crediteur",
            "leverancier",
            "leveranciersnaam",
            "relatie",
            "relatienaam",
            "supplier name",
            "supplier",
            "vendor",
            "vendor name",
            "payee",
            "beneficiary",
        ),
    ),
    ImportField(
        "supplier_kvk",
        _("Supplier KvK number"),
        ("kvk", "kvknummer", "kvk-nummer", "kvk nummer", "coc", "chamber of commerce"),
    ),
    ImportField(
        "supplier_number",
        _("Supplier number in the ledger"),
        (
            "crediteurnummer",
            "crediteurnr",
            "crediteur nr",
            "leveranciersnummer",
            "relatienummer",
            "supplier number",
            "supplier id",
            "vendor number",
            "vendor id",
        ),
    ),
    ImportField(
        "invoice_number",
        _("Invoice number"),
        (
            "factuurnummer",
            "factuurnr",
            "boekstuknummer",
            "boekstuk",
            "invoice number",
            "invoice no",
            "transaction number",
            "document number",
        ),
    ),
    ImportField(
        "invoice_date", _("Invoice date"), ("factuurdatum", "invoice date", "document date")
    ),
    ImportField(
        "booking_date",
        _("Booking or payment date"),
        (
            "boekdatum",
            "betaaldatum",
            "datum betaling",
            "datum",
            "payment date",
            "posting date",
            "transaction date",
            "date",
        ),
    ),
    ImportField(
        "amount",
        _("Amount"),
        (
            "bedrag",
            "bedrag excl btw",
            "bedrag excl. btw",
            "bedrag incl btw",
            "netto bedrag",
            "factuurbedrag",
            "totaal",
            "amount",
            "net amount",
            "value",
            "total",
        ),
    ),
    ImportField(
        "vat_amount", _("VAT amount"), ("btw", "btw-bedrag", "btw bedrag", "vat", "vat amount")
    ),
    ImportField(
        "currency",
        _("Currency"),
        ("valuta", "valutacode", "munteenheid", "currency", "currency code", "ccy"),
    ),
    ImportField(
        "cost_centre",
        _("Cost centre"),
        ("kostenplaats", "kostenplaatsnummer", "kpl", "cost centre", "cost center", "service code"),
    ),
    ImportField(
        "department",
        _("Department"),
        (
            "afdeling",
            "directie",
            "organisatieonderdeel",
            "team",
            "department",
            "directorate",
            "service label",
            "service area",
        ),
    ),
    ImportField(
        "ledger_account",
        _("Ledger account"),
        (
            "grootboekrekening",
            "grootboek",
            "grootboeknummer",
            "ledger account",
            "account code",
            "expenditure code",
            "gl code",
        ),
    ),
    ImportField(
        "description",
        _("Description"),
        ("omschrijving", "factuuromschrijving", "description", "narrative", "details"),
    ),
    ImportField(
        "category",
        _("Purchase category"),
        (
            "inkooppakket",
            "categorie",
            "inkoopcategorie",
            "category",
            "expenditure category",
            "purchase category",
        ),
    ),
]
TEXT_FIELDS = [
    "supplier_name",
    "supplier_number",
    "invoice_number",
    "cost_centre",
    "department",
    "ledger_account",
    "description",
    "category",
]
MAX_LENGTHS = {
    "supplier_name": 200,
    "supplier_number": 64,
    "invoice_number": 64,
    "cost_centre": 200,
    "department": 200,
    "ledger_account": 64,
    "category": 200,
}

_DATE_FORMATS = [
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d/%m/%y",
    "%Y/%m/%d",
    "%Y%m%d",
    "%m/%d/%Y",
]


def detect_decimal_separator(values: pl.Series) -> str:
    """ "," for Dutch amounts (1.234,56), "." for international ones (1,234.56)."""
    sample = values.drop_nulls().head(20000)
    comma = sample.str.contains(r"\d,\d{1,2}\)?-?$").sum()
    dot = sample.str.contains(r"\d\.\d{1,2}\)?-?$").sum()
    if comma > dot:
        return ","
    if dot > comma:
        return "."
    return "," if sample.str.contains(r"\d\.\d{3}(\D|$)").any() else "."


def amount_to_cents(frame: pl.LazyFrame, column: str, decimal: str, alias: str) -> pl.LazyFrame:
    """`frame` with `alias`: integer cents, or null where the text of `column` is not an amount
    with at most two decimals. Computed in stages, each intermediate once: in one expression
    polars evaluated the cleaned text again for every use (twice the time at a million lines)."""
    thousands = "." if decimal == "," else ","
    # The currency's sign or code is not part of the number; which currency it is, is decided
    # for the whole import (`importing._detect_currency`).
    codes = "|".join(CURRENCIES)
    # Working columns named so that no header of a file can clash with them.
    text, core, parts, valid, negative = (f"\x1f{alias}.{n}" for n in "tcpvn")
    frame = frame.with_columns(
        pl.col(column).str.replace_all(rf"[\s\u00a0€$£¥]|(?i:{codes})", "").alias(text)
    )
    frame = frame.with_columns(
        (
            pl.col(text).str.starts_with("-")
            | pl.col(text).str.ends_with("-")
            | (pl.col(text).str.starts_with("(") & pl.col(text).str.ends_with(")"))
        ).alias(negative),
        pl.col(text).str.replace_all(r"^[-+(]+|[-)]+$", "").alias(core),
    )
    d, t = ("\\" + decimal), ("\\" + thousands)
    pattern = rf"^(\d{{1,3}}({t}\d{{3}})+|\d+)({d}\d{{1,2}}0*)?$"
    frame = frame.with_columns(
        pl.col(core).str.contains(pattern).alias(valid),
        pl.col(core).str.replace_all(thousands, "", literal=True).str.split(decimal).alias(parts),
    )
    whole = pl.col(parts).list.get(0, null_on_oob=True).cast(pl.Int64, strict=False)
    fraction = (
        pl.col(parts)
        .list.get(1, null_on_oob=True)
        .fill_null("")
        .str.pad_end(2, "0")
        .str.slice(0, 2)
        .cast(pl.Int64, strict=False)
    )
    cents = whole * 100 + fraction
    amount = pl.when(pl.col(valid)).then(pl.when(pl.col(negative)).then(-cents).otherwise(cents))
    return frame.with_columns(amount.otherwise(None).alias(alias)).drop(
        text, core, parts, valid, negative
    )


def detect_date_format(values: pl.Series) -> str | None:
    sample = _date_text(values.drop_nulls().head(5000))
    if sample.len() == 0:
        return None
    best, best_count = None, 0
    for candidate in _DATE_FORMATS:
        count = sample.str.strptime(pl.Date, candidate, strict=False).is_not_null().sum()
        if count > best_count:
            best, best_count = candidate, count
    return best


def _date_text(values: pl.Series) -> pl.Series:
    return values.str.replace(r"[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "")


def parse_dates(column: str, date_format: str) -> pl.Expr:
    return (
        pl.col(column)
        .str.replace(r"[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "")
        .str.strptime(pl.Date, date_format, strict=False)
    )
