"""The one reader of uploaded tables, shared by every import: CSV in the encodings Dutch finance
systems write (UTF-8, Windows-1252, both mixed line by line, UTF-16), and spreadsheets (XLSX, XLS,
ODS). It checks type, size and unpacked size before reading, caps rows and cells, gives rows of
text with their line numbers, and raises one `TableError` with a translated message that says
what is wrong and where.

Two ways to read: `read_preview` reads only the first rows (the mapping page, in the web
request, whatever the size of the file), `read_table` reads everything (in the worker)."""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from . import spreadsheets
from .spreadsheets import SPREADSHEET_EXTENSIONS, TableError, is_spreadsheet

TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}
ALLOWED_EXTENSIONS = SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS
_DELIMITERS = ";,\t|"
PREVIEW_ROWS = 8

__all__ = ["TableError", "Table", "Limits", "check_upload", "read_preview", "read_table"]


@dataclass(frozen=True)
class Limits:
    """How much one kind of import may read: upload size, unpacked size of a spreadsheet (zip
    bombs), and rows and cells (a small file can declare millions of empty rows)."""

    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_cells: int

    @classmethod
    def for_import(cls, kind: str) -> "Limits":
        """`<KIND>_IMPORT_MAX_BYTES` and `_MAX_UNPACKED_BYTES` where the kind has its own
        (`LEDGER_…`, `REGISTER_…`), else the `IMPORT_MAX_…` every other import shares."""
        prefix = f"{kind.upper()}_IMPORT"
        return cls(
            max_bytes=getattr(settings, f"{prefix}_MAX_BYTES", settings.IMPORT_MAX_BYTES),
            max_unpacked_bytes=getattr(
                settings, f"{prefix}_MAX_UNPACKED_BYTES", settings.IMPORT_MAX_UNPACKED_BYTES
            ),
            max_rows=settings.IMPORT_MAX_ROWS,
            max_cells=settings.IMPORT_MAX_CELLS,
        )


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read, for the person
    complete: bool = True  # False for a preview: more rows may follow

    def preview(self, count: int = PREVIEW_ROWS) -> list[tuple[int, list[str]]]:
        return self.rows[:count]

    def preview_rows(self) -> list[tuple[int, list[str]]]:
        """The first rows with as many cells as the header has columns (the preview partial)."""
        width = len(self.columns)
        return [(line, cells[:width]) for line, cells in self.rows[:PREVIEW_ROWS]]

    def as_json(self) -> dict:
        """What an import keeps of its preview, so the mapping page never reads the file again."""
        return {
            "columns": self.columns,
            "rows": [[line, cells] for line, cells in self.rows],
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "sheets": self.sheets,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        return cls(
            columns=data["columns"],
            rows=[(line, cells) for line, cells in data["rows"]],
            encoding=data.get("encoding", ""),
            delimiter=data.get("delimiter", ""),
            sheet=data.get("sheet", ""),
            sheets=data.get("sheets", []),
            notes=data.get("notes", []),
            complete=False,
        )


def extension_of(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def check_upload(filename: str, size: int, max_bytes: int, head: bytes | None = None) -> None:
    """Refuse a file by its name, size and (given its first bytes) its content, before reading:
    a spreadsheet must be a zip (XLSX, ODS) or OLE file (XLS), a text file must not be one."""
    extension = extension_of(filename)
    if extension not in ALLOWED_EXTENSIONS:
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
    if head is not None and extension in SPREADSHEET_EXTENSIONS and not is_spreadsheet(head):
        raise TableError(
            _(
                "%(name)s is called a spreadsheet but is not one. Save it again from the "
                "spreadsheet program, or export it as CSV."
            )
            % {"name": filename}
        )


def unique_headers(header: list[str]) -> list[str]:
    """Column names are unique and never empty (an empty header becomes "column 3", a repeated
    one "Bedrag (2)"), so a mapping names one column and every reader agrees on the names."""
    seen: dict[str, int] = {}
    names = []
    for position, name in enumerate(header, start=1):
        name = (name or "").strip() or _("column %(number)d") % {"number": position}
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        names.append(name)
    return names


# -- text ----------------------------------------------------------------------------------------


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def decode_text(data: bytes, filename: str) -> Decoded:
    """UTF-16 when it says so (Excel's "Unicode text"); else UTF-8 (with or without BOM); else
    Windows-1252, what Dutch Excel writes. A file joined from both is read line by line, each
    line in the encoding it is valid in, so "Café" is never read as "CafÃ©"."""
    utf16 = _utf16_encoding(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16).removeprefix("\ufeff"), "utf-16")
        except UnicodeDecodeError as error:
            raise _unreadable(filename, data, error.start) from error
    if b"\x00" in data[:65536]:
        raise TableError(
            _(
                "%(name)s contains binary data, not text. Export it from the spreadsheet as "
                "CSV or upload the .xlsx file itself."
            )
            % {"name": filename}
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if not _UTF8_MULTIBYTE.search(data):
        try:
            return Decoded(data.decode("cp1252"), "windows-1252")
        except UnicodeDecodeError as error:
            raise _unreadable(filename, data, error.start) from error
    return _decode_per_line(data, filename)


def encoding_of(data: bytes) -> str:
    """The encoding `decode_text` would name for the whole file, without decoding it: the
    preview reads only the first lines, but says how the whole file will be read."""
    utf16 = _utf16_encoding(data)
    if utf16:
        return "utf-16"
    if data.isascii():
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(data[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return "utf-8 + windows-1252" if _UTF8_MULTIBYTE.search(data) else "windows-1252"


def _utf16_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 8:
        # Text in UTF-16 without a byte-order mark: every other byte is zero.
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
            return "utf-16-be"
    return ""


def _decode_per_line(data: bytes, filename: str) -> Decoded:
    parts: list[str] = []
    legacy_lines: list[int] = []
    position, line, counted_to = 0, 1, 0
    while True:
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            bad = position + error.start
            start = data.rfind(b"\n", position, bad)
            start = position if start < 0 else start + 1
            end = data.find(b"\n", bad)
            end = len(data) if end < 0 else end + 1
            parts.append(data[position:start].decode("utf-8"))
            line += data.count(b"\n", counted_to, start)
            counted_to = start
            try:
                parts.append(data[start:end].decode("cp1252"))
            except UnicodeDecodeError as legacy_error:
                raise _unreadable(filename, data, start + legacy_error.start) from legacy_error
            legacy_lines.append(line)
            position = end
    text = "".join(parts)
    shown = ", ".join(str(number) for number in legacy_lines[:10])
    if len(legacy_lines) > 10:
        shown += ", …"
    note = _(
        "Most of %(name)s is UTF-8, but %(count)d lines are Windows-1252 and were read as such "
        "(lines %(lines)s). Check the accented letters on those lines."
    ) % {"name": filename, "count": len(legacy_lines), "lines": shown}
    return Decoded(text, "utf-8 + windows-1252", [note])


def _unreadable(filename: str, data: bytes, offset: int) -> TableError:
    # cp1252 leaves five bytes undefined; a file full of them is not a text export.
    return TableError(
        _(
            "%(name)s is not in a known text encoding (UTF-8, Windows-1252 or UTF-16): "
            "unreadable byte on line %(line)d."
        )
        % {"name": filename, "line": data.count(b"\n", 0, offset) + 1}
    )


def sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    if not lines:
        return ";"
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # Pick the delimiter that splits the header into the most columns.
        return max(_DELIMITERS, key=lambda delimiter: lines[0].count(delimiter))


def csv_records(text: str, delimiter: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    """Non-empty CSV records with their line number (where the record ends, for a record whose
    fields hold line breaks)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells
    except csv.Error as error:
        raise TableError(
            _("%(name)s cannot be read as CSV at line %(line)d: %(error)s")
            % {"name": filename, "line": reader.line_num, "error": error}
        ) from error


def _text_table(decoded: Decoded, filename: str, limits: Limits, max_rows: int | None) -> Table:
    delimiter = sniff_delimiter(decoded.text[:20000])
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    cells_read = 0
    for line, cells in csv_records(decoded.text, delimiter, filename):
        if header is None:
            header = unique_headers(cells)
            continue
        rows.append((line, cells))
        cells_read += len(cells)
        if max_rows is not None:
            if len(rows) >= max_rows:
                break
            continue  # a preview reads a few rows: the caps are for the whole file
        check_size(filename, len(rows), cells_read, limits)
    if header is None:
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    return Table(
        columns=header,
        rows=rows,
        encoding=decoded.encoding,
        delimiter=delimiter,
        notes=decoded.notes,
        complete=max_rows is None,
    )


def check_size(filename: str, rows: int, cells: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise TableError(
            _("%(name)s has more than %(limit)s rows; split it into smaller files.")
            % {"name": filename, "limit": f"{limits.max_rows:,}".replace(",", ".")}
        )
    if cells > limits.max_cells:
        raise TableError(
            _("%(name)s has more than %(limit)s cells; split it into smaller files.")
            % {"name": filename, "limit": f"{limits.max_cells:,}".replace(",", ".")}
        )


def _text_prefix(data: bytes, rows: int) -> bytes:
    """Enough whole lines from the start of the file for `rows` records (fields may hold line
    breaks, so take more than `rows` lines and let the CSV reader stop)."""
    size = 64 * 1024
    while size < len(data):
        cut = data.rfind(b"\n", 0, size)
        if cut > 0 and data.count(b"\n", 0, cut) > rows * 4:
            return data[: cut + 1]
        size *= 4
    return data


# -- reading -------------------------------------------------------------------------------------


def read_preview(
    data: bytes, filename: str, sheet: str | None, limits: Limits, rows: int = PREVIEW_ROWS
) -> Table:
    """The header and the first `rows` rows, reading no more of the file than that needs."""
    check_upload(filename, len(data), limits.max_bytes, head=data[:8])
    if _is_spreadsheet_file(data, filename):
        return spreadsheets.preview(data, filename, sheet, limits, rows)
    if not data.strip():
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    # UTF-16 lines end in two bytes; such files are rare and read whole.
    prefix = data if _utf16_encoding(data) else _text_prefix(data, rows)
    decoded = decode_text(prefix, filename)
    if decoded.encoding != "utf-16":
        decoded.encoding = encoding_of(data)
    return _text_table(decoded, filename, limits, rows)


def read_table(data: bytes, filename: str, sheet: str | None, limits: Limits) -> Table:
    """Every row of the file; the first non-empty row is the header."""
    check_upload(filename, len(data), limits.max_bytes, head=data[:8])
    if _is_spreadsheet_file(data, filename):
        columns, sheet_name, sheets, rows = spreadsheets.read_rows(data, filename, sheet, limits)
        return Table(columns=columns, rows=list(rows), sheet=sheet_name, sheets=sheets)
    if not data.strip():
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    return _text_table(decode_text(data, filename), filename, limits, None)


def _is_spreadsheet_file(data: bytes, filename: str) -> bool:
    return extension_of(filename) in SPREADSHEET_EXTENSIONS or is_spreadsheet(data[:8])
