"""Whether a commitment's follow-up date has passed, for its tables."""

from django import template

register = template.Library()


@register.filter
def overdue(commitment, today) -> bool:
    return commitment.is_overdue(today)
