"""Checks on uploaded files by size and by their first bytes, not by the name alone."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

_EVIDENCE_TYPES = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def check_evidence(upload) -> None:
    """Evidence is a PDF or an image, at most EVIDENCE_MAX_BYTES."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s MB; evidence may be at most %(limit)s MB.")
            % {
                "name": upload.name,
                "size": f"{upload.size / 1_000_000:.1f}",
                "limit": f"{settings.EVIDENCE_MAX_BYTES / 1_000_000:.0f}",
            },
            code="too_large",
        )
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in _EVIDENCE_TYPES):
        raise ValidationError(
            _("%(name)s is not a PDF, PNG or JPEG file.") % {"name": upload.name},
            code="wrong_type",
        )


def evidence_content_type(data: bytes) -> str:
    for magic, content_type in _EVIDENCE_TYPES.items():
        if data.startswith(magic):
            return content_type
    return "application/octet-stream"


def evidence_response(stored) -> HttpResponse:
    """A stored evidence file, shown in the browser with its type from its own bytes, and with
    nothing in it allowed to run."""
    data = bytes(stored.data)
    response = HttpResponse(data, content_type=evidence_content_type(data))
    response["Content-Disposition"] = content_disposition_header(False, stored.name)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
LOGO_MAX_PIXELS = 4000


def check_logo(upload, max_bytes: int | None = None) -> str:
    """A logo is a real PNG, JPEG or WebP image (opened, not judged by its name), at most
    `max_bytes` (LOGO_MAX_BYTES unless given) and LOGO_MAX_PIXELS on a side. SVG is refused: it
    can carry scripts. Returns the content type."""
    from PIL import Image, UnidentifiedImageError

    max_bytes = settings.LOGO_MAX_BYTES if max_bytes is None else max_bytes
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s is %(size)s kB; a logo may be at most %(limit)s kB.")
            % {
                "name": upload.name,
                "size": f"{upload.size / 1000:.0f}",
                "limit": f"{max_bytes / 1000:.0f}",
            },
            code="too_large",
        )
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(
            _("%(name)s is not a PNG, JPEG or WebP image.") % {"name": upload.name},
            code="wrong_type",
        ) from error
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("%(name)s is not a PNG, JPEG or WebP image.") % {"name": upload.name},
            code="wrong_type",
        )
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("%(name)s is %(width)d × %(height)d pixels; at most %(limit)d on a side.")
            % {"name": upload.name, "width": width, "height": height, "limit": LOGO_MAX_PIXELS},
            code="too_big",
        )
    return LOGO_FORMATS[image_format]
