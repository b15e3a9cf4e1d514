"""Own documents in the knowledge, checked by their first bytes and their size, not by their
name: a PDF, or an OpenDocument or Office Open XML file (a zip whose members say which kind it
is), without macros. Only the zip's directory and the few bytes of its `mimetype` are read, so
nothing is unpacked."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from impactinkoop.core.spreadsheets import ZIP_MAGIC

# kind: (content type, extension)
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "odt": ("application/vnd.oasis.opendocument.text", ".odt"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
_ODF_KINDS = {DOCUMENT_TYPES[kind][0]: kind for kind in ("odt", "ods")}
# The main part of each Office Open XML kind; a file has exactly one.
_OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Document:
    """An upload that passed `check_document`."""

    data: bytes
    content_type: str
    file_name: str


class _Macros(Exception):
    pass


def _has_macros(names) -> bool:
    """VBA in an Office file, Basic or scripts in an OpenDocument file: code that runs when a
    colleague opens it."""
    return any(
        name.lower().endswith("vbaproject.bin") or name.startswith(("Basic/", "Scripts/"))
        for name in names
    )


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if len(members) > _MAX_MEMBERS:
            return None
        names = {member.filename for member in members}
        if _has_macros(names):
            raise _Macros
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            # The OpenDocument type, stored first and uncompressed: a few dozen bytes.
            if info.file_size > 100:
                return None
            return _ODF_KINDS.get(archive.read(info).decode("ascii", "replace").strip())
        if "[Content_Types].xml" in names:
            found = [kind for part, kind in _OOXML_PARTS.items() if part in names]
            return found[0] if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return None
    except RuntimeError:  # an encrypted member
        return None
    return None


def document_kind(data: bytes) -> str | None:
    """pdf, odt, ods, docx, xlsx or pptx from the file's own bytes, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data[:4] == ZIP_MAGIC:
        return _zip_kind(data)
    return None


def _file_name(name: str, extension: str) -> str:
    """The upload's own name without any folder, ending in the extension of what it really is."""
    name = PurePath((name or "").replace("\\", "/")).name.strip() or "document"
    stem = name[: -len(extension)] if name.lower().endswith(extension) else name
    return stem[: 255 - len(extension)] + extension


def check_document(upload) -> Document:
    """A PDF, ODT, ODS, DOCX, XLSX or PPTX file of at most KNOWLEDGE_DOCUMENT_MAX_BYTES, without
    macros; refused with a message that says why."""
    limit = settings.KNOWLEDGE_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; a document may be at most %(limit)s MB.")
            % {
                "name": upload.name,
                "size": f"{upload.size / 1_000_000:.1f}",
                "limit": f"{limit / 1_000_000:.0f}",
            },
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        kind = document_kind(data)
    except _Macros:
        raise ValidationError(
            _("%(name)s contains macros. Save it as a document without macros and try again.")
            % {"name": upload.name},
            code="macros",
        ) from None
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF, ODT, ODS, DOCX, XLSX or PPTX document.")
            % {"name": upload.name},
            code="wrong_type",
        )
    content_type, extension = DOCUMENT_TYPES[kind]
    return Document(data, content_type, _file_name(upload.name, extension))
