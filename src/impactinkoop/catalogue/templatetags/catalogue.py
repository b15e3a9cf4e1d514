"""The catalogue's pages exist twice: public, and inside an organisation (with its short lists
and quote requests). `caturl` links to the same kind of page as the one being shown."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def caturl(context, name: str, *args) -> str:
    organisation = context.get("current_organisation")
    if organisation is not None:
        return reverse(f"catalogue:{name}", args=[organisation.slug, *args])
    return reverse(f"catalogue:public_{name}", args=list(args))
