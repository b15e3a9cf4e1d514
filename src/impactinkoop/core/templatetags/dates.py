"""`{% load dates %}`: dates kept as ISO text (in JSON summaries) shown in the reader's notation."""

from datetime import date

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def isodate(value, format_name: str = "SHORT_DATE_FORMAT") -> str:
    """`{{ "2025-12-27"|isodate }}`: 27-12-2025 in Dutch, 27 Dec 2025 in English."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return date_format(day, format_name)
