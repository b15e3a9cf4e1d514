"""Spreadsheet exports whose cells cannot run as formulas (CSV injection)."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import BinaryIO

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Render a value as text a spreadsheet shows as written, never evaluates."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)  # a number stays a number, minus sign included
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(file: BinaryIO, header: list[str], rows: Iterable[Iterable]) -> None:
    """UTF-8 with BOM and semicolons: what Dutch Excel opens correctly by double-click. Rows go
    to `file` one by one, so memory stays flat however many there are."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    text.flush()
    text.detach()  # the caller owns `file`


def csv_bytes(header: list[str], rows: Iterable[Iterable]) -> bytes:
    buffer = io.BytesIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def write_xlsx(
    file: BinaryIO, header: list[str], rows: Iterable[Iterable], sheet: str = "Export"
) -> None:
    """An XLSX file whose text cells are written as text, never as formulas; numbers (int and
    Decimal amounts) stay numbers so the spreadsheet can sum them. Constant-memory mode writes
    each row to a temporary file as it comes, so a year of lines does not sit in memory."""
    import xlsxwriter  # imported here: only exports need it

    workbook = xlsxwriter.Workbook(
        file,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    for column, title in enumerate(header):
        worksheet.write_string(0, column, str(title), bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, Decimal):
                worksheet.write_number(number, column, value, money)
            elif isinstance(value, int) and not isinstance(value, bool):
                worksheet.write_number(number, column, value)
            else:
                worksheet.write_string(number, column, "" if value is None else str(value))
    workbook.close()


def xlsx_bytes(header: list[str], rows: Iterable[Iterable], sheet: str = "Export") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, header, rows, sheet)
    return buffer.getvalue()
