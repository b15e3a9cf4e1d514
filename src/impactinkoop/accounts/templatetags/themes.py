"""`{% theme_head %}` and `{% theme_logo %}`: the organisation's house style in the base layout.

The organisation is the page's own (`request.organisation`, set by `organisation_view`) or the
one a public page is shown for (`request.theme_organisation`, set by `public_theme_view`). Both
load the theme with the organisation, so these tags cost no query.
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


def _theme(context):
    request = context.get("request")
    organisation = getattr(request, "organisation", None) or getattr(
        request, "theme_organisation", None
    )
    if organisation is None:
        return None, None
    try:
        theme = organisation.theme
    except ObjectDoesNotExist:
        return organisation, None
    return organisation, (theme if theme.version else None)


@register.simple_tag(takes_context=True)
def theme_head(context) -> str:
    """A link to the theme's stylesheet, after the site's own (its variables win)."""
    organisation, theme = _theme(context)
    if theme is None:
        return ""
    href = reverse("accounts:theme_css", args=[organisation.slug, theme.version])
    return format_html('<link rel="stylesheet" href="{}">', href)


@register.simple_tag(takes_context=True)
def theme_logo(context) -> str:
    """The organisation's logo for the header, named by the organisation."""
    organisation, theme = _theme(context)
    if theme is None or not theme.has_logo:
        return ""
    src = reverse("accounts:theme_logo", args=[organisation.slug, theme.version])
    return format_html('<img class="brand-logo" src="{}" alt="{}">', src, organisation.name)
