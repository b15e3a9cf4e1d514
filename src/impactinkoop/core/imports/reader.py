"""The one upload reader of every import. `core.tabular` checks the file (type by name and first
bytes, size, a spreadsheet's unpacked size against zip bombs, encoding) and reads rows of text
with their line numbers; this module hands the same file back either as those rows
(`read_rows`, for imports that check row by row) or as a polars frame of text columns with each
row's line number (`read_frame`, for imports of a million rows that check column by column). Both
run in the worker; the wizard's preview reads only the first rows (`read_preview`). Cells that a
spreadsheet would run as a formula are found by `is_formula` / `formula_cells`.

Large CSV files go through polars' reader (fast, bounded memory). A file polars cannot read as a
clean table (ragged rows, fields with line breaks) goes through the standard csv reader instead,
which is slower but knows every line number, so ragged rows are rejected by line. Spreadsheets
come row by row from the core reader (which checks their unpacked size and caps rows and cells)
and are turned into the frame a chunk at a time."""

import csv
import io
from dataclasses import dataclass, field

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from impactinkoop.core import spreadsheets
from impactinkoop.core.stored_text import stored
from impactinkoop.core.tabular import (
    Limits,
    Table,
    TableError,
    check_size,
    check_upload,
    decode_text,
    extension_of,
    read_preview,
    read_table,
    sniff_delimiter,
    unique_headers,
)

__all__ = ["Frame", "Limits", "Table", "TableError", "read_frame", "read_preview", "read_rows"]

LINE = "__line"
# A text cell a spreadsheet program would run when the file is opened again (`=`, `@`; `+` and
# `-` start ordinary negative amounts and phone numbers, so they are left alone).
FORMULA_PATTERN = r"^[=@]"


def is_formula(text: str | None) -> bool:
    return bool(text) and text[0] in "=@"


def formula_cells(column: str) -> pl.Expr:
    """True for the frame's cells in `column` that look like a formula."""
    return pl.col(column).str.contains(FORMULA_PATTERN)


def read_rows(data: bytes, filename: str, sheet: str | None, limits: Limits) -> Table:
    """Every row of the file as text cells with its line number."""
    return read_table(data, filename, sheet, limits)


@dataclass
class Frame:
    frame: pl.DataFrame  # every column text, plus LINE (the line number in the file)
    columns: list[str]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    ragged: list[tuple[int, dict]] = field(default_factory=list)  # (line, stored message)
    notes: list[str] = field(default_factory=list)  # how the file was read (mixed encodings)


def read_frame(data: bytes, filename: str, sheet: str | None, limits: Limits) -> Frame:
    """Every row of the file as a polars frame; ragged rows are listed by line, not read."""
    check_upload(filename, len(data), limits.max_bytes, head=data[:8])
    if not data.strip():
        raise TableError(_("%(name)s is empty.") % {"name": filename})
    if extension_of(filename) in spreadsheets.SPREADSHEET_EXTENSIONS or (
        spreadsheets.is_spreadsheet(data[:8])
    ):
        return _read_spreadsheet(data, filename, sheet, limits)
    decoded = decode_text(data, filename)
    text, encoding = decoded.text, decoded.encoding
    delimiter = sniff_delimiter(text[:20000])
    utf8 = data.removeprefix(b"\xef\xbb\xbf") if encoding == "utf-8" else text.encode()
    fast = _read_fast(text, utf8, delimiter)
    if fast is not None:
        ledger = Frame(fast[0], fast[1], encoding, delimiter, notes=decoded.notes)
    else:
        frame, columns, ragged = _read_careful(text, delimiter, filename)
        ledger = Frame(frame, columns, encoding, delimiter, ragged=ragged)
        ledger.notes = decoded.notes
    check_size(filename, ledger.frame.height, ledger.frame.height * len(ledger.columns), limits)
    return ledger


SPREADSHEET_CHUNK = 50_000  # rows turned into Python lists at a time


def _read_spreadsheet(data: bytes, filename: str, sheet: str | None, limits: Limits):
    columns, chosen, _names, rows = spreadsheets.read_rows(data, filename, sheet, limits)
    schema = {**dict.fromkeys(columns, pl.String), LINE: pl.Int64}
    chunks, lines, values = [], [], [[] for _ in columns]

    def flush():
        chunks.append(
            pl.DataFrame({**dict(zip(columns, values, strict=True)), LINE: lines}, schema=schema)
        )

    for line, cells in rows:
        lines.append(line)
        for index, column_values in enumerate(values):
            column_values.append(_cell(cells, index))
        if len(lines) >= SPREADSHEET_CHUNK:
            flush()
            lines, values = [], [[] for _ in columns]
    flush()
    return Frame(pl.concat(chunks), columns, sheet=chosen)


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
    columns = unique_headers(header)
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


def _read_careful(text: str, delimiter: str, filename: str):
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
                header = unique_headers(cells)
                continue
            if len(cells) != len(header) and (
                len(cells) < len(header) or any(c.strip() for c in cells[len(header) :])
            ):
                ragged.append(
                    (
                        reader.line_num,
                        stored(
                            gettext_noop(
                                "this line has %(found)d fields where the header has %(expected)d"
                            ),
                            found=len(cells),
                            expected=len(header),
                        ),
                    )
                )
                continue
            lines.append(reader.line_num)
            values.append([_cell(cells, i) for i in range(len(header))])
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
