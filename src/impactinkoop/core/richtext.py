"""Rich text: the little HTML people may write in descriptions, cleaned by nh3 when it is
stored and again, by the `rich_text` filter, when it is shown. Nothing else in a template is
marked safe."""

import nh3
from django.utils.safestring import SafeString, mark_safe

# Paragraphs, emphasis, lists and links; everything else (scripts, styles, images, event
# handlers, unknown tags) goes.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def clean_html(value: str) -> str:
    """Sanitised HTML: only ALLOWED_TAGS, links only to LINK_SCHEMES and with rel=LINK_REL."""
    return nh3.clean(value or "", tags=ALLOWED_TAGS, url_schemes=LINK_SCHEMES, link_rel=LINK_REL)


def render_html(value) -> SafeString:
    """Rich text for a page. Cleaned again here, not trusted from the database: rows written
    before sanitising (or by hand) must not run either, and nh3 takes microseconds."""
    return mark_safe(clean_html(str(value or "")))  # noqa: S308 - nh3 cleaned it on this line
