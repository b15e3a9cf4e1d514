"""A goal's value in its own unit: "4,25 %", "€ 1.250,00", "3 purchases", "12 contracts"."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

from impactinkoop.core.numbers import whole
from impactinkoop.core.templatetags.money import euros
from impactinkoop.plans.models import SHARE_METRICS, Metric

WHOLE_METRICS = (Metric.SOCIAL_PURCHASES, Metric.SROI_JOBS)

register = template.Library()


@register.filter
def in_unit(value, goal) -> str:
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    metric = goal.metric
    if metric in SHARE_METRICS:
        return number_format(number, decimal_pos=2) + "\u00a0%"
    if metric in (Metric.SOCIAL_SPEND, Metric.SROI_VALUE):
        return euros(number)
    if metric in WHOLE_METRICS:  # people and purchases: 15,97 places on a straight line is 16
        number = whole(number)
    places = 0 if number == number.to_integral_value() else 2
    shown = number_format(number, decimal_pos=places, force_grouping=True)
    if metric == Metric.SOCIAL_PURCHASES:
        return ngettext("%(n)s purchase", "%(n)s purchases", int(number)) % {"n": shown}
    if metric == Metric.SROI_JOBS:
        return ngettext("%(n)s job", "%(n)s jobs", int(number)) % {"n": shown}
    return f"{shown} {goal.unit}".strip()
