"""The public impact page: the administrator's settings inside the organisation
(`reports.public`), and the public page, its summary card (SVG), its open data (CSV, JSON) and
the photos of its stories, for anyone without logging in. Off or unknown: the same 404.

The card is an image others put on their site with a link around it, never a frame: the site's
framing policy (X-Frame-Options DENY, frame-ancestors 'none', decision 0009) stays as strict as
it is (decision 0024, "The public page and the embeddable card")."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from impactinkoop.accounts.models import Organisation
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.exports import csv_bytes
from impactinkoop.core.urls import ORG

from .. import public
from ..models import StoryPhoto
from ..public_forms import PublicPageForm
from .stories import photo_response

SETTINGS = ORG + "results/public/"
PUBLIC = "impact/<slug:slug>/"  # not org_slug: these are not organisation pages
DEFAULT_COLOUR = "#01689b"


def _public_organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("theme"), slug=slug)


def _content(request, slug: str) -> public.Content:
    """The organisation's published content, or 404 (off and unknown answer the same)."""
    organisation = _public_organisation(slug)
    content = public.published_content(organisation)
    if content is None:
        raise Http404
    return content


def _page(request, content: public.Content, *, preview: bool = False):
    # The page in the organisation's house style, as its themed catalogue is.
    request.theme_organisation = content.organisation
    slug = content.organisation.slug
    return render(
        request,
        "reports/public_page.html",
        {
            "content": content,
            "preview": preview,
            "card_url": reverse("reports:public_card", args=[slug]),
            "csv_url": reverse("reports:public_csv", args=[slug]),
            "json_url": reverse("reports:public_json", args=[slug]),
        },
    )


@require_GET
def public_page(request, slug: str):
    return _page(request, _content(request, slug))


@organisation_view(Permission.PUBLISH_PAGE)
@require_GET
def public_preview(request):
    content = public.published_content(request.organisation, preview=True)
    if content is None:
        raise Http404
    return _page(request, content, preview=True)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:2]


def _colour(organisation) -> str:
    theme = getattr(organisation, "theme", None)
    return (theme.primary_colour if theme and theme.primary_colour else "") or DEFAULT_COLOUR


@require_GET
def public_card(request, slug: str):
    """The summary card as an SVG image: the organisation, the year and the first chosen
    figures. Drawn here from text escaped by the template; no script, no link, no font or
    image from elsewhere, and a policy that forbids scripts should it be opened on its own."""
    content = _content(request, slug)
    headlines = [
        {"label": _wrap(figure.label, 38), "shown": figure.shown, "y": 150 + index * 56}
        for index, figure in enumerate(content.headlines)
    ]
    svg = render_to_string(
        "reports/public_card.svg",
        {
            "content": content,
            "name": _wrap(content.organisation.name, 34),
            "headlines": headlines,
            "subtitle": (
                _("Social procurement in %(year)s") % {"year": content.year}
                if content.year
                else _("Social procurement")
            ),
            "colour": _colour(content.organisation),
            "height": 150 + max(len(headlines), 1) * 56 + 20,
        },
        request=request,
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # other sites show it
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _file_name(content: public.Content, extension: str) -> str:
    year = content.year or ""
    return f"impact-{slugify(content.organisation.slug)}-{year}.{extension}"


@require_GET
def public_csv(request, slug: str):
    content = _content(request, slug)
    data = csv_bytes(public.CSV_HEADER, public.open_data_rows(content))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(content, "csv")}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data
    return response


@require_GET
def public_json(request, slug: str):
    content = _content(request, slug)
    response = HttpResponse(
        json.dumps(public.open_data_json(content), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{_file_name(content, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def public_photo(request, slug: str, photo: int):
    """A photo of a story the public page shows; any other photo is not found."""
    organisation = _public_organisation(slug)
    content = public.published_content(organisation)
    if content is None:
        raise Http404
    row = get_object_or_404(
        StoryPhoto, pk=photo, story__organisation=organisation, story_id__in=content.story_ids
    )
    response = photo_response(row)
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@organisation_view(Permission.PUBLISH_PAGE)
@require_http_methods(["GET", "POST"])
def public_settings(request):
    organisation = request.organisation
    page = public.page_of(organisation)
    snapshot, items, stories = public.choosable(organisation)
    initial = {
        "enabled": page.enabled,
        "introduction": page.introduction,
        "figures": list(page.figures),
        "stories": list(page.stories.values_list("pk", flat=True)) if page.pk else [],
    }
    form = PublicPageForm(request.POST or None, initial=initial, items=items, stories=stories)
    if request.method == "POST" and form.is_valid():
        public.save_public_page(
            organisation,
            actor=request.user,
            enabled=form.cleaned_data["enabled"],
            introduction=form.cleaned_data["introduction"],
            figures=form.cleaned_data["figures"],
            stories=list(form.cleaned_data["stories"]),
        )
        messages.success(request, _("Saved."))
        return redirect("reports:public_settings", organisation.slug)
    page_url = request.build_absolute_uri(reverse("reports:public_page", args=[organisation.slug]))
    card_url = request.build_absolute_uri(reverse("reports:public_card", args=[organisation.slug]))
    snippet = render_to_string(
        "reports/public_snippet.html",
        {"page_url": page_url, "card_url": card_url, "organisation": organisation},
    ).strip()
    return render(
        request,
        "reports/public_settings.html",
        {
            "form": form,
            "page": page,
            "snapshot": snapshot,
            "page_url": page_url,
            "snippet": snippet,
        },
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path(SETTINGS, public_settings, name="public_settings"),
    path(SETTINGS + "preview/", public_preview, name="public_preview"),
    path(PUBLIC, public_page, name="public_page"),
    path(PUBLIC + "card.svg", public_card, name="public_card"),
    path(PUBLIC + "data.csv", public_csv, name="public_csv"),
    path(PUBLIC + "data.json", public_json, name="public_json"),
    path(PUBLIC + "photos/<int:photo>/", public_photo, name="public_photo"),
]
