"""PDFs for the board: a template rendered in the chosen language and drawn by WeasyPrint, which
also draws the server-side SVG charts, so the paper shows what the page shows."""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def pdf_language(request) -> str:
    language = request.GET.get("lang") or translation.get_language()
    if language not in ("nl", "en"):
        raise Http404(_("No such language."))
    return language


def ascii_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)


def pdf_response(
    request, template: str, build_context, name: str, *, variant: str | None = None
) -> HttpResponse:
    """`build_context()` runs inside the chosen language, so its labels are translated too.

    `variant`: a PDF variant WeasyPrint writes, such as "pdf/ua-1" (tagged for screen readers:
    the structure of headings, tables and images, the language and the title from the HTML);
    None, the default, writes a plain PDF as before."""
    try:
        from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs
    except OSError:  # Pango is missing from the operating system
        message = _(
            "The PDF cannot be made on this server: the Pango library is missing "
            "(Debian: apt install libpango-1.0-0). The page itself has the same figures."
        )
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    language = pdf_language(request)
    with translation.override(language):
        context = build_context()
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    options = {"pdf_variant": variant} if variant else {}
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(**options)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ascii_name(name)}.pdf"'
    return response
