"""Checks on uploaded files by size and by their first bytes, not by the name alone."""

from django.conf import settings
from django.core.exceptions import ValidationError
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
