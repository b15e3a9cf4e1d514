"""`{{ value|cell }}`: a value of a monitoring table as the reader sees it (money in euros, a
count grouped, "< 5" as it is, nothing as a dash)."""

from decimal import Decimal

from django import template

from impactinkoop.core import numbers
from impactinkoop.core.suppression import HIDDEN
from impactinkoop.core.templatetags.money import euros

register = template.Library()


@register.filter
def cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return numbers.count(value)
    return str(value)


@register.filter
def numeric(value) -> bool:
    return value is None or value == HIDDEN or isinstance(value, int | Decimal)


@register.filter
def hidden(value) -> bool:
    return value == HIDDEN
