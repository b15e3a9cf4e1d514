from django import template

from impactinkoop.spend.reasons import translate_reason

register = template.Library()


@register.filter
def match_reason(reason: str) -> str:
    return translate_reason(reason)
