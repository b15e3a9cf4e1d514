"""`{% load audit %}`: audit entries as readable sentences and changes."""

from django import template

from impactinkoop.core import audit_text

register = template.Library()


@register.filter
def audit_sentence(entry) -> str:
    return audit_text.sentence(entry)


@register.filter
def audit_changes(entry) -> list[dict]:
    return audit_text.changes(entry)
