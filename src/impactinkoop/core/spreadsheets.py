"""Spreadsheets for the table reader: the checks an XLSX or ODS file (a zip) must pass before it
is unpacked, the whole sheet read by python-calamine in the worker, and the first rows of an XLSX
read by streaming, so that a preview costs milliseconds whatever the file declares.

A zip names the unpacked size of each member. Python's zipfile never unpacks more than that and
checks the CRC at the end, so `verify_archive`, which streams every member through it, proves the
real size before calamine (which trusts the data, not the header) reads the file."""

import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_MEMBERS = 10_000
XLSX_MAX_ROWS = 1_048_576  # the format's own limit: more rows is not a real spreadsheet


class TableError(Exception):
    """The file cannot be read as a table; the message says why, for the person who uploaded it."""


def is_spreadsheet(head: bytes) -> bool:
    return head[:4] in (ZIP_MAGIC, OLE_MAGIC)


def cell_text(value) -> str:
    """A cell as the text an import reads: a whole number without ".0" (a KvK number typed as a
    number), dates in ISO form, everything else as Python writes it."""
    kind = type(value)
    if kind is str:
        return value  # most cells: checked first, this runs for every cell of a million rows
    if kind is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return ""
    if kind in (date, datetime, time):
        return value.isoformat()
    return str(value)


def _unreadable(filename: str, error: Exception | str) -> TableError:
    reason = error if isinstance(error, str) else type(error).__name__
    return TableError(
        _("%(name)s is not a readable spreadsheet (%(error)s).")
        % {"name": filename, "error": reason}
    )


# -- zip checks ----------------------------------------------------------------------------------


def open_archive(data: bytes, filename: str, max_unpacked: int) -> zipfile.ZipFile | None:
    """The zip of an XLSX or ODS after checking what its members declare (None for XLS)."""
    if data[:4] != ZIP_MAGIC:
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise _unreadable(filename, "BadZipFile") from error
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or unpacked > max_unpacked:
        raise TableError(
            _(
                "%(name)s would unpack to %(size)s MB, more than the %(limit)s MB allowed. "
                "Export it as CSV instead."
            )
            % {
                "name": filename,
                "size": f"{unpacked / 1_000_000:.0f}",
                "limit": f"{max_unpacked / 1_000_000:.0f}",
            }
        )
    return archive


def verify_archive(archive: zipfile.ZipFile, filename: str) -> None:
    """Unpack every member once, in small pieces, to prove it holds what its header says."""
    try:
        for member in archive.infolist():
            with archive.open(member) as stream:
                while stream.read(1 << 20):
                    pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise _unreadable(filename, "BadZipFile") from error
    except RuntimeError as error:  # an encrypted member
        raise TableError(
            _("%(name)s is protected with a password; save it without one.") % {"name": filename}
        ) from error


# -- the whole sheet (worker) --------------------------------------------------------------------


def read_rows(data: bytes, filename: str, sheet: str | None, limits):
    """(columns, sheet name, sheet names, rows): rows is an iterator of (line, cells) that
    converts one row at a time, so memory stays near the size of the sheet itself."""
    from python_calamine import CalamineError, CalamineWorkbook

    from .tabular import check_size, unique_headers

    archive = open_archive(data, filename, limits.max_unpacked_bytes)
    if archive is not None:
        verify_archive(archive, filename)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
        chosen = _choose_sheet(names, sheet, filename)
        calamine_sheet = workbook.get_sheet_by_name(chosen)
    except TableError:
        raise
    except (CalamineError, ValueError, OSError) as error:
        raise _unreadable(filename, error) from error
    height, width = calamine_sheet.height, calamine_sheet.width
    check_size(
        filename,
        height,
        height * width,
        replace(limits, max_rows=min(limits.max_rows, XLSX_MAX_ROWS)),
    )
    start_row, start_column = calamine_sheet.start or (0, 0)
    indent = [""] * start_column
    values = iter(calamine_sheet.iter_rows())
    header, line = None, start_row
    for raw in values:
        line += 1
        cells = indent + list(map(cell_text, raw))
        if any(map(str.strip, cells)):
            header = unique_headers(_trimmed(cells))
            break
    if header is None:
        raise TableError(
            _("Sheet %(sheet)s of %(name)s is empty.") % {"sheet": chosen, "name": filename}
        )
    width = len(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = line
        try:
            for raw in values:
                number += 1
                cells = indent + list(map(cell_text, raw)) if indent else list(map(cell_text, raw))
                if any(map(str.strip, cells)):
                    yield number, fit(cells, width)
        except (CalamineError, ValueError) as error:
            raise _unreadable(filename, error) from error

    return header, chosen, names, rows()


def fit(cells: list[str], width: int) -> list[str]:
    """A spreadsheet row as wide as its header: empty cells after it dropped, missing ones
    added; a filled cell beyond the header stays, so the import can say the row is too long."""
    if len(cells) > width:
        end = len(cells)
        while end > width and not cells[end - 1].strip():
            end -= 1
        return cells[:end]
    return cells + [""] * (width - len(cells)) if len(cells) < width else cells


def _choose_sheet(names: list[str], sheet: str | None, filename: str) -> str:
    if not names:
        raise TableError(_("%(name)s has no sheets.") % {"name": filename})
    chosen = sheet or names[0]
    if chosen not in names:
        raise TableError(
            _("%(name)s has no sheet called %(sheet)s; it has: %(sheets)s.")
            % {"name": filename, "sheet": chosen, "sheets": ", ".join(names)}
        )
    return chosen


def _trimmed(cells: list[str]) -> list[str]:
    """A header without the empty cells after its last title: a stray cell far to the right
    somewhere in the sheet must not add columns called "column 27"."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


# -- the first rows (web request) ----------------------------------------------------------------


def preview(data: bytes, filename: str, sheet: str | None, limits, rows: int):
    from .tabular import Table, unique_headers

    archive = open_archive(data, filename, limits.max_unpacked_bytes)
    if archive is not None and "xl/workbook.xml" in archive.namelist():
        names, chosen, found = _XlsxPreview(archive, filename).first_rows(sheet, rows + 1)
    else:
        # XLS is not compressed (its size is bounded by the upload limit); ODS is rare and is
        # checked in full before calamine reads it.
        columns, chosen, names, all_rows = read_rows(data, filename, sheet, limits)
        return Table(
            columns=columns,
            rows=[row for _number, row in zip(range(rows), all_rows, strict=False)],
            sheet=chosen,
            sheets=names,
            complete=False,
        )
    if not found:
        raise TableError(
            _("Sheet %(sheet)s of %(name)s is empty.") % {"sheet": chosen, "name": filename}
        )
    header = unique_headers(_trimmed(found[0][1]))
    body = [(number, fit(cells, len(header))) for number, cells in found[1:]]
    return Table(columns=header, rows=body, sheet=chosen, sheets=names, complete=False)


# Built-in number formats that show dates and times; 46 is an elapsed time ([h]:mm:ss).
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
_DURATION_FORMAT_IDS = {46}
_MAX_ROWS_SCANNED = 50_000
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)


def _format_kind(code: str) -> str:
    """ "date", "duration" or "" for a custom number format code."""
    section = _first_section(code)
    if _ELAPSED.search(section):
        return "duration"
    plain = re.sub(r"\[[^\]]*\]", "", section)  # colours, locales
    plain = re.sub(r"\\.|_.|\*.", "", plain)  # escaped characters, padding
    if re.search(r"[dmyhs]", plain, re.IGNORECASE) or "AM/PM" in plain.upper():
        return "date"
    return ""


def _first_section(code: str) -> str:
    """The format for positive numbers: up to the first ";" outside quotes, quotes removed."""
    out, quoted = [], False
    for character in code:
        if character == '"':
            quoted = not quoted
        elif character == ";" and not quoted:
            break
        elif not quoted:
            out.append(character)
    return "".join(out)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _XlsxPreview:
    """Reads the first rows of one sheet of an XLSX without unpacking the rest: the sheet's XML
    is parsed as a stream and left after the rows needed, and of the shared strings only those
    the rows use are kept. Cells become the Python values calamine gives for them, so the
    preview shows exactly what the import will read."""

    def __init__(self, archive: zipfile.ZipFile, filename: str):
        self.archive, self.filename = archive, filename

    def first_rows(self, sheet: str | None, wanted: int):
        try:
            names, paths, date1904 = self._sheets()
            chosen = _choose_sheet(names, sheet, self.filename)
            kinds = self._style_kinds()
            raw_rows = self._raw_rows(paths[chosen], wanted + 20)
            strings = self._shared_strings(
                {value for _n, cells in raw_rows for _c, kind, value, _s in cells if kind == "s"}
            )
            found = []
            for number, cells in raw_rows:
                texts = self._texts(cells, strings, kinds, date1904)
                if any(text.strip() for text in texts):
                    found.append((number, texts))
                if len(found) == wanted:
                    break
        except (
            ParseError,
            DefusedXmlException,
            KeyError,
            ValueError,
            IndexError,
            zipfile.BadZipFile,
        ) as error:
            raise _unreadable(self.filename, error) from error
        return names, chosen, found

    def _xml(self, path: str):
        return iterparse(self.archive.open(path), events=("end",))

    def _relationships(self, path: str) -> dict[str, str]:
        folder, _slash, name = path.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in self.archive.namelist():
            return {}
        targets = {}
        for _event, element in self._xml(rels):
            if _local(element.tag) == "Relationship":
                target = element.get("Target", "")
                targets[element.get("Id")] = (
                    target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                )
        return targets

    def _sheets(self) -> tuple[list[str], dict[str, str], bool]:
        relationships = self._relationships("xl/workbook.xml")
        names, paths, date1904 = [], {}, False
        for _event, element in self._xml("xl/workbook.xml"):
            tag = _local(element.tag)
            if tag == "workbookPr":
                date1904 = element.get("date1904", "0").lower() in ("1", "true")
            elif tag == "sheet":
                relation = next(
                    (value for key, value in element.attrib.items() if _local(key) == "id"), ""
                )
                if relation in relationships:
                    names.append(element.get("name", ""))
                    paths[names[-1]] = relationships[relation]
        return names, paths, date1904

    def _style_kinds(self) -> list[str]:
        """For each cell style (the `s` of a cell), "date", "duration" or ""."""
        if "xl/styles.xml" not in self.archive.namelist():
            return []
        custom: dict[int, str] = {}
        kinds: list[str] = []
        in_cell_xfs = False
        for event, element in iterparse(
            self.archive.open("xl/styles.xml"), events=("start", "end")
        ):
            tag = _local(element.tag)
            if tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_cell_xfs:
                number_format = int(element.get("numFmtId", "0"))
                if number_format in custom:
                    kinds.append(_format_kind(custom[number_format]))
                elif number_format in _DURATION_FORMAT_IDS:
                    kinds.append("duration")
                else:
                    kinds.append("date" if number_format in _DATE_FORMAT_IDS else "")
        return kinds

    def _raw_rows(self, path: str, limit: int) -> list[tuple[int, list[tuple]]]:
        """Rows with a value, as (row number, [(column, type, value, style)]); stops early."""
        rows: list[tuple[int, list[tuple]]] = []
        number = scanned = 0
        for _event, element in self._xml(path):
            if _local(element.tag) != "row":
                continue
            scanned += 1
            if scanned > _MAX_ROWS_SCANNED:
                break  # thousands of empty rows first: show what was found
            number = int(element.get("r", number + 1))
            cells, column = [], -1
            for cell in element:
                if _local(cell.tag) != "c":
                    continue
                column = _column(cell.get("r")) if cell.get("r") else column + 1
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    value = "".join(
                        text.text or ""
                        for text in cell.iter()
                        if _local(text.tag) == "t" and not _in_phonetic(cell, text)
                    )
                else:
                    value = next((v.text for v in cell if _local(v.tag) == "v"), None)
                if value is not None:
                    cells.append((column, kind, value, int(cell.get("s", "0"))))
            element.clear()
            if cells:
                rows.append((number, cells))
                if len(rows) >= limit:
                    break
        return rows

    def _shared_strings(self, needed: set[str]) -> dict[str, str]:
        indexes = {int(value) for value in needed}
        strings: dict[str, str] = {}
        if not indexes or "xl/sharedStrings.xml" not in self.archive.namelist():
            return strings
        last, index = max(indexes), -1
        for _event, element in self._xml("xl/sharedStrings.xml"):
            if _local(element.tag) != "si":
                continue
            index += 1
            if index in indexes:
                strings[str(index)] = "".join(
                    text.text or ""
                    for text in element.iter()
                    if _local(text.tag) == "t" and not _in_phonetic(element, text)
                )
            element.clear()
            if index >= last:
                break
        return strings

    def _texts(self, cells, strings, kinds, date1904) -> list[str]:
        width = max(column for column, *_rest in cells) + 1
        texts = [""] * width
        for column, kind, value, style in cells:
            texts[column] = cell_text(_value(kind, value, style, strings, kinds, date1904))
        return texts


def _in_phonetic(parent, text) -> bool:
    """Japanese reading hints (rPh) are not part of a cell's text."""
    return any(
        _local(phonetic.tag) == "rPh" and any(node is text for node in phonetic.iter())
        for phonetic in parent
    )


def _column(reference: str) -> int:
    number = 0
    for character in reference:
        if not character.isalpha():
            break
        number = number * 26 + (ord(character.upper()) - 64)
    return number - 1


def _value(kind: str, value: str, style: int, strings, kinds, date1904: bool):
    if kind == "s":
        return strings[value]
    if kind in ("str", "inlineStr"):
        return value
    if kind == "e":
        return ""  # an error such as #DIV/0! reads as an empty cell, as calamine reads it
    if kind == "b":
        return value.strip() in ("1", "true")
    if kind == "d":
        return datetime.fromisoformat(value)
    number = float(value)
    style_kind = kinds[style] if style < len(kinds) else ""
    if style_kind == "duration":
        return timedelta(milliseconds=round(number * 86_400_000))
    if style_kind == "date":
        return _excel_date(number, date1904)
    return number


def _excel_date(serial: float, date1904: bool):
    """A date serial as calamine gives it: a time below 1, a date when whole, else a datetime.
    The 1900 system counts 29 February 1900, which never was (Lotus 1-2-3's mistake)."""
    milliseconds = round((serial - math.floor(serial)) * 86_400_000)
    if serial < 1:
        return (datetime.min + timedelta(milliseconds=milliseconds)).time()
    if date1904:
        base = datetime(1904, 1, 1)
    else:
        base = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
    moment = base + timedelta(days=math.floor(serial), milliseconds=milliseconds)
    return moment.date() if milliseconds == 0 else moment
