"""Filters of the spend pages: match reasons, notes on the figures, other currencies."""

from decimal import Decimal

from django import template

from impactinkoop.spend.baseline.explain import social_note_text
from impactinkoop.spend.imports.currency import format_amount, format_rate
from impactinkoop.spend.linking.reasons import translate_reason

register = template.Library()


@register.filter
def match_reason(reason: str) -> str:
    return translate_reason(reason)


@register.filter
def social_note(note: dict | None) -> str:
    """Why nothing counts as social in these figures (`baseline.explain.social_note`), as a
    sentence."""
    return social_note_text(note)


@register.filter
def in_currency(amount, currency: str) -> str:
    """`{{ amount|in_currency:"GBP" }}`: a Decimal (or its text) in its own currency."""
    if amount is None or amount == "":
        return ""
    return format_amount(Decimal(amount), currency or "EUR")


@register.filter
def cents_in_currency(cents, currency: str) -> str:
    if cents is None or cents == "":
        return ""
    return format_amount(Decimal(cents).scaleb(-2), currency or "EUR")


@register.filter
def exchange_rate(rate) -> str:
    """1.165000 as "1,165"."""
    if rate is None or rate == "":
        return ""
    return format_rate(Decimal(rate))
