"""Filters for text from people: rich text cleaned by nh3."""

from django import template

from impactinkoop.core.richtext import render_html

register = template.Library()


@register.filter
def rich_text(value):
    """`{{ offer.description|rich_text }}`: the only way rich text is shown as HTML."""
    return render_html(value)
