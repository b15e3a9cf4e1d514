"""Numbers for people, in the reader's language: short amounts for chart axes ("€ 10,1 mln" in
Dutch, "€10.1m" in English), counts with grouping ("7.569 regels") and whole numbers of people."""

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


def count(value) -> str:
    """A whole number with thousands grouped: 7.569 (nl), 7,569 (en)."""
    return number_format(int(value or 0), force_grouping=True)


def whole(value) -> Decimal:
    """People and purchases come in whole numbers: 15,97 places is 16."""
    return Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)
