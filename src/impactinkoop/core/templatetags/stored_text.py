"""`{% load stored_text %}`: `{{ error|shown }}` shows a stored message in the reader's language."""

from django import template

from impactinkoop.core import stored_text

register = template.Library()


@register.filter
def shown(message) -> str:
    return stored_text.shown(message)
