"""Currencies of ledger imports. An import keeps its lines in the currency of its file; the
baseline is in euros, so an import in another currency counts once the exchange rate it should
use is entered.

Rounding rule: each line is converted on its own, at the import's rate (euros for one unit of
its currency, at most six decimals), and rounded to the cent, half away from zero. Every euro
figure is a sum of these cents, so a total equals the sum of the converted lines to the cent."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import polars as pl
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

EURO = "EUR"
CURRENCIES = {
    "EUR": _("euro"),
    "GBP": _("pound sterling"),
    "USD": _("US dollar"),
    "CHF": _("Swiss franc"),
    "DKK": _("Danish krone"),
    "SEK": _("Swedish krona"),
    "NOK": _("Norwegian krone"),
    "PLN": _("Polish złoty"),
    "CZK": _("Czech koruna"),
    "HUF": _("Hungarian forint"),
    "CAD": _("Canadian dollar"),
    "AUD": _("Australian dollar"),
    "JPY": _("Japanese yen"),
}
SIGNS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY"}
NAMES = {"EURO": "EUR", "EUROS": "EUR", "POUND": "GBP", "POUNDS": "GBP", "STERLING": "GBP"}
RATE_PLACES = 6
MAX_RATE = Decimal("100000")
_SCALE = 10**RATE_PLACES

# The sign or code in an amount's text, as finance exports write it ("£1,234.56", "EUR 12,50").
SIGN_PATTERN = "(" + "|".join(["€", "£", r"\$", "¥", *CURRENCIES]) + ")"


def choices() -> list[tuple[str, str]]:
    return [(code, f"{code} ({name})") for code, name in CURRENCIES.items()]


def normalise(text: str | None) -> str | None:
    """A currency cell as a code: "gbp", "£" and "Pounds" are GBP; None if it is none we know."""
    if text is None:
        return None
    value = text.strip().upper()
    if value in CURRENCIES:
        return value
    return SIGNS.get(value) or NAMES.get(value)


def parse_rate(value) -> Decimal:
    """A rate as entered: positive, at most six decimals, below 100,000; else ValueError."""
    try:
        rate = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(str(value)) from error
    if not rate.is_finite() or rate <= 0 or rate >= MAX_RATE:
        raise ValueError(str(value))
    if rate != rate.quantize(Decimal(1).scaleb(-RATE_PLACES)):
        raise ValueError(str(value))
    return rate


def euro_cents(cents: int, rate: Decimal) -> int:
    """One line's amount in euro cents, rounded half away from zero."""
    return int((Decimal(cents) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def converted(frame: pl.DataFrame, rate: Decimal, column: str = "amount_cents") -> pl.DataFrame:
    """The frame with `column` in euro cents, line by line, exactly as `euro_cents` does it:
    in integers (no floats), and in Python where a product would not fit in 64 bits."""
    if frame.height == 0:
        return frame
    scaled = int(rate.scaleb(RATE_PLACES))
    largest = frame[column].abs().max() or 0
    if largest * scaled >= 2**62:
        values = [euro_cents(cents, rate) for cents in frame[column].to_list()]
        return frame.with_columns(pl.Series(column, values, dtype=pl.Int64))
    size = (pl.col(column).abs() * scaled + _SCALE // 2) // _SCALE
    return frame.with_columns(pl.when(pl.col(column) < 0).then(-size).otherwise(size).alias(column))


def format_rate(rate: Decimal) -> str:
    """1.165000 as "1,165" (in the reader's language)."""
    places = max(-rate.normalize().as_tuple().exponent, 0)
    return number_format(rate, decimal_pos=places)


def format_amount(amount: Decimal, currency: str) -> str:
    """An amount with the sign of its currency where there is a well-known one."""
    number = number_format(amount, decimal_pos=2, force_grouping=True)
    sign = next((s for s, code in SIGNS.items() if code == currency), None)
    return f"{sign}\u00a0{number}" if sign else f"{currency}\u00a0{number}"
