"""Public reference pages: the CPV search behind the picker, and our OCDS extension's files,
which every export names by URL (decision 0019)."""

from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import cpv
from .schema import EXTENSION_DIR

SEARCH_MAX_LENGTH = 100
EXTENSION_FILES = ("extension.json", "release-schema.json")


@require_GET
def cpv_search(request):
    """{"results": [{"code": "45000000-7", "label": ..., "type": "works"}]}: at most 20 codes
    that start with the digits asked, or whose label holds every word, in the reader's language.
    Public like the CPV itself; the list is in memory, so a search costs no query. Not kept by
    caches: the labels follow the reader's language."""
    query = request.GET.get("q", "")[:SEARCH_MAX_LENGTH]
    results = [
        {"code": entry.code_with_check_digit, "label": entry.label, "type": entry.type}
        for entry in cpv.search(query, limit=20)
    ]
    return JsonResponse({"results": results})


@require_GET
@cache_control(public=True, max_age=86400)
def ocds_extension(request, name: str):
    """Our OCDS extension's files: the same for everyone, in no language, so caches may keep
    them for a day."""
    if name not in EXTENSION_FILES:
        raise Http404
    return FileResponse(open(EXTENSION_DIR / name, "rb"), content_type="application/json")


def extension_url(request) -> str:
    """The absolute URL of our extension.json on this installation, for an export's
    `extensions`."""
    return request.build_absolute_uri(reverse("core:ocds_extension", args=["extension.json"]))
