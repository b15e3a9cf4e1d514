"""Parsing the values Dutch exports contain: dates such as 31-12-2025 and amounts such as
"1.234,56". Each parser returns the value or raises ValueError with a message for the user."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_DATE_FORMATS = (
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d/%m/%y",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d %m %Y",
)
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "mar": 3,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WORD_DATE = re.compile(r"^(\d{1,2})[\s\-]+([a-z]{3})[a-z]*\.?[\s\-]+(\d{4})$")


def parse_date(value: str) -> date:
    """Dates as Dutch and international exports write them; ISO datetimes keep only the date."""
    text = (value or "").strip()
    if not text:
        raise ValueError(_("no date given"))
    if "T" in text or (len(text) > 10 and text[:4].isdigit() and text[4] == "-"):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    match = _WORD_DATE.match(text.lower())
    if match and match.group(2) in _MONTHS:
        try:
            return date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
        except ValueError:
            pass
    raise ValueError(
        _("“%(value)s” is not a date (expected for example 31-12-2025)") % {"value": text}
    )


def parse_amount(value: str) -> Decimal:
    """Amounts in Dutch ("1.234,56", "-12,50") and international ("1,234.56", "(12.50)") form."""
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    for symbol in ("€", "EUR", "eur", "£", "$"):
        text = text.replace(symbol, "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("-"):
        negative, text = True, text[:-1]
    if text.startswith(("-", "+")):
        negative, text = text[0] == "-", text[1:]
    if not text or not re.fullmatch(r"[\d.,']+", text):
        raise ValueError(_("“%(value)s” is not an amount") % {"value": value})
    text = text.replace("'", "")
    last_comma, last_dot = text.rfind(","), text.rfind(".")
    if last_comma > last_dot:
        # The comma is the decimal mark: 1.234,56 or 12,5
        text = text.replace(".", "").replace(",", ".")
    elif last_dot > last_comma and last_comma >= 0:
        text = text.replace(",", "")  # 1,234.56
    elif last_dot >= 0 and text.count(".") > 1:
        text = text.replace(".", "")  # 1.234.567 as thousands
    elif last_comma >= 0 and text.count(",") > 1:
        text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not an amount") % {"value": value}) from error
    return -amount if negative else amount
