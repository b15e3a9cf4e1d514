"""Filters for text from people: rich text (Markdown rendered and cleaned by nh3), and web
addresses that may be links."""

from django import template
from django.utils.html import format_html

from impactinkoop.core.richtext import LINK_REL, markdown_teaser, render_markdown
from impactinkoop.core.validators import is_web_address

register = template.Library()


@register.filter
def rich_text(value):
    """`{{ offer.description|rich_text }}`: the only way rich text is shown as HTML."""
    return render_markdown(value)


@register.filter
def rich_text_plain(value):
    """`{{ enterprise.summary|rich_text_plain|truncatewords:30 }}`: the words without markup."""
    return markdown_teaser(value)


@register.filter
def web_link(value, text=""):
    """`{{ company.website|web_link }}` or `{{ url|web_link:_("link") }}`: a link for an http(s)
    address; anything else (an old row with "javascript:…") is shown as plain text."""
    if not value:
        return ""
    if not is_web_address(str(value)):
        return str(value)
    return format_html('<a href="{}" rel="{}">{}</a>', value, LINK_REL, text or value)
