"""Numbers for people, in the reader's language: short amounts for chart axes ("€ 10,1 mln" in
Dutch, "€10.1m" in English), shares as percentages ("4,2 %"), counts with grouping ("7.569
regels") and whole numbers of people."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def short_euros(value) -> str:
    """An amount in a few characters, for chart axes and other tight spots."""
    amount = Decimal(str(value or 0))
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        shown = number_format(
            (amount / 1_000_000).quantize(Decimal("0.1"), ROUND_HALF_UP), decimal_pos=1
        )
        return f"{sign}€{shown}m" if _english() else f"{sign}€\u00a0{shown}\u00a0mln"
    shown = number_format(amount.quantize(Decimal(1), ROUND_HALF_UP), force_grouping=True)
    return f"{sign}€{shown}" if _english() else f"{sign}€\u00a0{shown}"


def percent(value, places: int = 1) -> str:
    """A fraction (Decimal or its string, as stored in a frozen baseline) as "4,2 %"; "—" when
    there is no share (nothing spent). Tables and charts both use it, so they show one figure."""
    if value is None or value == "":
        return "—"
    # Rounded half up first: number_format alone cuts the digits off (18,76 % would be 18,7 %).
    shown = (Decimal(value) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return number_format(shown, decimal_pos=places) + "\u00a0%"


def count(value) -> str:
    """A whole number with thousands grouped: 7.569 (nl), 7,569 (en)."""
    return number_format(int(value or 0), force_grouping=True)


def whole(value) -> Decimal:
    """People and purchases come in whole numbers: 15,97 places is 16."""
    return Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)
