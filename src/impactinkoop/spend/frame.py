"""Reading a ledger export into a polars frame of text columns with each row's line number.

Large CSV files go through polars' reader (fast, bounded memory). A file polars cannot read as a
clean table (ragged rows, fields with line breaks) goes through the standard csv reader instead,
which is slower but knows every line number, so ragged rows are rejected by line. Spreadsheets
are read with python-calamine after a check that their unpacked size is sane (zip bombs)."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

from impactinkoop.core.tabular import (
    SPREADSHEET_EXTENSIONS,
    TableError,
    decode_text,
    extension_of,
    read_table,
    sniff_delimiter,
)

LINE = "__line"


@dataclass
class LedgerFrame:
    frame: pl.DataFrame  # every column text, plus LINE (the line number in the file)
    columns: list[str]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    ragged: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def _unique_headers(header: list[str]) -> list[str]:
    """Polars needs unique, non-empty column names; keep what people see recognisable."""
    seen: dict[str, int] = {}
    names = []
    for position, name in enumerate(header, start=1):
        name = name.strip() or _("column %(number)d") % {"number": position}
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        names.append(name)
    return names


def check_spreadsheet_size(data: bytes, filename: str) -> None:
    """An XLSX is a zip: refuse one that would unpack to far more than its upload limit."""
    if data[:4] != b"PK\x03\x04":
        return
    limit = settings.LEDGER_IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise TableError(
            _("%(name)s is not a readable spreadsheet (%(error)s).")
            % {"name": filename, "error": "BadZipFile"}
        ) from error
    if unpacked > limit:
        raise TableError(
            _(
                "%(name)s would unpack to %(size)s MB, more than the %(limit)s MB allowed. "
                "Export it as CSV instead."
            )
            % {
                "name": filename,
                "size": f"{unpacked / 1_000_000:.0f}",
                "limit": f"{limit / 1_000_000:.0f}",
            }
        )


def read_ledger(
    data: bytes, filename: str, sheet: str | None = None, n_rows: int | None = None
) -> LedgerFrame:
    if not data.strip():
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    is_zip_or_ole = data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
    if extension_of(filename) in SPREADSHEET_EXTENSIONS or is_zip_or_ole:
        check_spreadsheet_size(data, filename)
        table = read_table(data, filename, sheet)
        columns = _unique_headers(table.columns)
        width = len(columns)
        rows = table.rows[:n_rows] if n_rows else table.rows
        frame = pl.DataFrame(
            {
                **{
                    name: [_cell(cells, i) for _line, cells in rows]
                    for i, name in enumerate(columns)
                },
                LINE: [line for line, _cells in rows],
            },
            schema={**dict.fromkeys(columns, pl.String), LINE: pl.Int64},
        )
        del width
        return LedgerFrame(frame, columns, sheet=table.sheet)
    text, encoding = decode_text(data, filename)
    delimiter = sniff_delimiter(text[:20000])
    if n_rows is None:
        utf8 = data.removeprefix(b"\xef\xbb\xbf") if encoding == "utf-8" else text.encode()
        fast = _read_fast(text, utf8, delimiter)
        if fast is not None:
            return LedgerFrame(fast[0], fast[1], encoding, delimiter)
    frame, columns, ragged = _read_careful(text, delimiter, filename, n_rows)
    return LedgerFrame(frame, columns, encoding, delimiter, ragged=ragged)


def _cell(cells: list[str], index: int) -> str | None:
    value = cells[index] if index < len(cells) else ""
    return value if value.strip() else None


def _read_fast(text: str, utf8: bytes, delimiter: str):
    """Polars, when every line has exactly the header's number of delimiters and every row is
    one line; None otherwise (ragged rows, quoted delimiters or line breaks, blank lines)."""
    first_newline = text.find("\n")
    header_line = text[: first_newline if first_newline >= 0 else len(text)].rstrip("\r")
    if not header_line.strip():
        return None  # leading blank lines: let the careful reader count them
    header = next(csv.reader([header_line], delimiter=delimiter))
    line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    # Every line must hold exactly the header's number of delimiters. Counting them over the
    # whole text is cheap; a quoted delimiter or a ragged row upsets the count, and then the
    # careful reader finds the lines. Polars itself refuses rows that are too long.
    if text.count(delimiter) != line_count * (len(header) - 1):
        return None
    columns = _unique_headers(header)
    try:
        frame = pl.read_csv(
            io.BytesIO(utf8),
            separator=delimiter,
            has_header=False,
            skip_rows=1,
            new_columns=columns,
            schema=dict.fromkeys(columns, pl.String),
            infer_schema=False,
            truncate_ragged_lines=False,
            quote_char='"',
        )
    except (pl.exceptions.ComputeError, pl.exceptions.ShapeError, pl.exceptions.NoDataError):
        return None
    if frame.height != line_count - 1:
        return None  # a blank line or a quoted line break: line numbers would drift
    frame = (
        frame.with_columns([pl.col(name).str.strip_chars().replace("", None) for name in columns])
        .with_row_index(LINE, offset=2)
        .with_columns(pl.col(LINE).cast(pl.Int64))
    )
    return frame.select([*columns, LINE]), columns


def _read_careful(text: str, delimiter: str, filename: str, n_rows: int | None):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    lines: list[int] = []
    values: list[list[str | None]] = []
    ragged: list[tuple[int, str]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _unique_headers(cells)
                continue
            if len(cells) != len(header) and (
                len(cells) < len(header) or any(c.strip() for c in cells[len(header) :])
            ):
                ragged.append(
                    (
                        reader.line_num,
                        _("this line has %(found)d fields where the header has %(expected)d")
                        % {"found": len(cells), "expected": len(header)},
                    )
                )
                continue
            lines.append(reader.line_num)
            values.append([_cell(cells, i) for i in range(len(header))])
            if n_rows and len(values) >= n_rows:
                break
    except csv.Error as error:
        raise TableError(
            _("%(name)s cannot be read as CSV at line %(line)d: %(error)s")
            % {"name": filename, "line": reader.line_num, "error": error}
        ) from error
    if header is None:
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    columns = list(zip(*values, strict=False)) if values else [[] for _ in header]
    frame = pl.DataFrame(
        {**{name: list(columns[i]) for i, name in enumerate(header)}, LINE: lines},
        schema={**dict.fromkeys(header, pl.String), LINE: pl.Int64},
    ).with_columns([pl.col(name).str.strip_chars().replace("", None) for name in header])
    return frame, header, ragged
