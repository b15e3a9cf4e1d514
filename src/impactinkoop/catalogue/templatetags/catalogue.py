"""The catalogue's pages exist twice: public, and inside an organisation (with its short lists
and quote requests), and public in an organisation's house style. `caturl` links to the same
kind of page as the one being shown."""

from django import template
from django.utils.html import format_html, format_html_join

from ..views import catalogue_url

register = template.Library()


@register.simple_tag(takes_context=True)
def caturl(context, name: str, *args) -> str:
    return catalogue_url(context.get("request"), name, *args)


@register.simple_tag
def select_options(field):
    """The <option>s of a choice field with its current value selected, built in Python: the
    search form's three lists have about a hundred options, which cost more through Django's
    widget or a template loop than the search itself (issue 15, item 19)."""
    current = str(field.value() or "")
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<option value="{}" selected>{}</option>', value, label)
                if str(value) == current
                else format_html('<option value="{}">{}</option>', value, label),
            )
            for value, label in field.field.choices
        ),
    )
