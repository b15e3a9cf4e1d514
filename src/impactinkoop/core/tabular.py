"""Reading uploaded tables (CSV in any common Dutch encoding and delimiter, XLSX/XLS/ODS) into
rows of text with their line numbers, with one clear, translated error for a file that cannot be
read at all. Imports map and validate the rows; this module only reads them."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}
ALLOWED_EXTENSIONS = SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_DELIMITERS = ";,\t|"


class TableError(Exception):
    """The file cannot be read as a table; the message says why, for the person who uploaded it."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)

    def preview(self, count: int = 10) -> list[tuple[int, list[str]]]:
        return self.rows[:count]


def extension_of(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def check_upload(filename: str, size: int, max_bytes: int) -> None:
    """Refuse a file by name and size before reading it."""
    if extension_of(filename) not in ALLOWED_EXTENSIONS:
        raise TableError(
            _("%(name)s is not a CSV or spreadsheet file. Upload a .csv, .xlsx, .xls or .ods file.")
            % {"name": filename}
        )
    if size == 0:
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    if size > max_bytes:
        raise TableError(
            _("%(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": filename,
                "size": f"{size / 1_000_000:.1f}",
                "limit": f"{max_bytes / 1_000_000:.0f}",
            }
        )


def read_table(data: bytes, filename: str, sheet: str | None = None) -> Table:
    """Read the whole file; the first non-empty row is the header."""
    if not data.strip():
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    if extension_of(filename) in SPREADSHEET_EXTENSIONS or data[:4] in (_ZIP_MAGIC, _OLE_MAGIC):
        return _read_spreadsheet(data, filename, sheet)
    return _read_text(data, filename)


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first; otherwise Windows-1252, what Dutch Excel writes."""
    if b"\x00" in data[:65536]:
        raise TableError(
            _(
                "%(name)s contains binary data, not text. Export it from the spreadsheet as "
                "CSV or upload the .xlsx file itself."
            )
            % {"name": filename}
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, but a file full of them
        # is not a text export, so say where the first one is.
        line = data[: error.start].count(b"\n") + 1
        raise TableError(
            _(
                "%(name)s is not in a known text encoding (UTF-8 or Windows-1252): unreadable "
                "byte on line %(line)d."
            )
            % {"name": filename, "line": line}
        ) from error
    return text, "cp1252"


def sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    if not lines:
        return ";"
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # Pick the delimiter that splits the header into the most columns.
        return max(_DELIMITERS, key=lambda delimiter: lines[0].count(delimiter))


def _read_text(data: bytes, filename: str) -> Table:
    text, encoding = decode_text(data, filename)
    delimiter = sniff_delimiter(text[:20000])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise TableError(
            _("%(name)s cannot be read as CSV at line %(line)d: %(error)s")
            % {"name": filename, "line": reader.line_num, "error": error}
        ) from error
    if header is None:
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    return Table(columns=header, rows=rows, encoding=encoding, delimiter=delimiter)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a KvK number typed as a number keeps no ".0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_spreadsheet(data: bytes, filename: str, sheet: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
        if not names:
            raise TableError(_("%(name)s has no sheets.") % {"name": filename})
        chosen = sheet or names[0]
        if chosen not in names:
            raise TableError(
                _("%(name)s has no sheet called %(sheet)s; it has: %(sheets)s.")
                % {"name": filename, "sheet": chosen, "sheets": ", ".join(names)}
            )
        values = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except TableError:
        raise
    except (CalamineError, ValueError, OSError) as error:
        raise TableError(
            _("%(name)s is not a readable spreadsheet (%(error)s).")
            % {"name": filename, "error": type(error).__name__}
        ) from error
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    for number, raw in enumerate(values, start=1):
        cells = [_cell_text(value) for value in raw]
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            continue
        rows.append((number, cells))
    if header is None:
        raise TableError(
            _("Sheet %(sheet)s of %(name)s is empty.") % {"sheet": chosen, "name": filename}
        )
    return Table(columns=header, rows=rows, sheet=chosen, sheets=names)
