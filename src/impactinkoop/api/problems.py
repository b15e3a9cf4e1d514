"""Every error of the API in one shape: RFC 9457 problem details, with the message translated
into the language the client asked for (Accept-Language, Dutch by default)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"

# Django's own messages that REST framework's Dutch catalogue words differently ("vereist" for
# "verplicht"). An installed app's catalogue goes before Django's, so without these in ours every
# form of the site would change its words when the API came in; ours goes before both.
DJANGOS_WORDS = (
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
)

_TITLES = {
    400: lambda: _("The request is not valid"),
    401: lambda: _("A valid token is needed"),
    403: lambda: _("Not allowed"),
    404: lambda: _("Not found"),
    405: lambda: _("Method not allowed"),
    406: lambda: _("Not acceptable"),
    409: lambda: _("Conflict"),
    412: lambda: _("Precondition failed"),
    413: lambda: _("Too large"),
    415: lambda: _("Unsupported media type"),
    429: lambda: _("Too many requests"),
}


def title_of(code: int) -> str:
    title = _TITLES.get(code)
    return title() if title else _("Error")


def _field_errors(detail, prefix: str = "") -> list[dict]:
    """Validation errors as a flat list of {field, message}; `field` is a path such as
    `realisations.2.hours` (empty for errors of the whole request)."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            field = "" if key == "non_field_errors" else str(key)
            errors += _field_errors(
                value, f"{prefix}.{field}" if prefix and field else prefix or field
            )
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                errors += _field_errors(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                errors.append({"field": prefix, "message": str(value)})
        return errors
    return [{"field": prefix, "message": str(detail)}]


def problem(code: int, detail: str, errors: list[dict] | None = None, headers=None) -> Response:
    body = {"type": "about:blank", "title": title_of(code), "status": code, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status=code, headers=headers, content_type=CONTENT_TYPE)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500 page, and the error is logged
    code = response.status_code
    headers = {
        key: value
        for key, value in response.items()
        if key in ("WWW-Authenticate", "Retry-After", "Allow")
    }
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        return problem(
            status.HTTP_400_BAD_REQUEST,
            _("%(count)s value(s) are not valid; see errors.") % {"count": len(errors)},
            errors,
            headers,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    if isinstance(detail, (dict, list)):
        return problem(code, title_of(code), _field_errors(detail), headers)
    return problem(code, str(detail), None, headers)
