"""Showing amounts: integer cents or Decimals as euros in the reader's language."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from impactinkoop.core import numbers

register = template.Library()


@register.filter
def euros(value, cents: bool = False) -> str:
    """`{{ amount|euros }}` for a Decimal, `{{ cents|euros:True }}` for integer cents."""
    if value is None or value == "":
        return ""
    amount = Decimal(value) / 100 if cents else Decimal(value)
    return "€\u00a0" + number_format(amount, decimal_pos=2, force_grouping=True)


@register.filter
def percent(value, places: int = 1) -> str:
    """`{{ share|percent }}`: a fraction as "4,2 %", "—" without a share (`core.numbers`)."""
    return numbers.percent(value, places)


@register.filter
def short_euros(value) -> str:
    """`{{ amount|short_euros }}`: "€ 10,1 mln" in Dutch, "€10.1m" in English."""
    if value is None or value == "":
        return ""
    return numbers.short_euros(value)


@register.filter
def count(value) -> str:
    """`{{ lines|count }}`: 7.569 in Dutch, 7,569 in English."""
    if value is None or value == "":
        return ""
    return numbers.count(value)
