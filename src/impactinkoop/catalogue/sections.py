"""Sections a higher app adds to an enterprise's catalogue page (the catalogue sits below them
and cannot import them). `reports` registers its approved case stories in its `AppConfig.ready`.

A section is `function(request, enterprise)` returning HTML, or "" when it has nothing to show.
On the public pages `request.organisation` is None: a section then shows only what its
organisation chose to publish.
"""

from django.utils.safestring import SafeString

_SECTIONS: list = []


def register_enterprise_section(function):
    """Add `function(request, enterprise) -> str` (HTML rendered from a template) to every
    enterprise page, public and inside an organisation."""
    if function not in _SECTIONS:
        _SECTIONS.append(function)
    return function


def enterprise_sections(request, enterprise) -> list[SafeString]:
    """The sections' HTML, each as its template rendered it (a SafeString; plain text would be
    escaped by the page)."""
    return [html for function in _SECTIONS if (html := function(request, enterprise))]
