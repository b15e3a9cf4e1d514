"""Reading ledger exports in the formats finance systems write, and refusing what is not one."""

import io
import zipfile

import polars as pl
import pytest
import xlsxwriter

from impactinkoop.core.imports.reader import LINE
from impactinkoop.core.imports.reader import read_frame as read_with_limits
from impactinkoop.core.tabular import Limits, TableError
from impactinkoop.spend.imports.columns import (
    amount_to_cents,
    detect_date_format,
    detect_decimal_separator,
)


def read_ledger(data, name, sheet=None):
    return read_with_limits(data, name, sheet, Limits.for_import("ledger"))


def cents(values, decimal):
    frame = amount_to_cents(pl.DataFrame({"a": values}).lazy(), "a", decimal, "cents")
    return frame.collect()["cents"].to_list()


def test_dutch_and_international_amounts():
    assert cents(
        [
            "1.234,56",
            "-12,50",
            "12,5",
            "(12,50)",
            "12,50-",
            "€ 1.000",
            "0,00",
            "1.234.567,89",
            "12,5000",
            "abc",
            "12,345",
            None,
        ],
        ",",
    ) == [123456, -1250, 1250, -1250, -1250, 100000, 0, 123456789, 1250, None, None, None]
    assert cents(["1,234.56", "(12.50)", "-0.01", "1234", "12.345"], ".") == [
        123456,
        -1250,
        -1,
        123400,
        None,
    ]


def test_decimal_separator_and_date_format_are_recognised():
    assert detect_decimal_separator(pl.Series(["1.234,56", "12,50", "7"])) == ","
    assert detect_decimal_separator(pl.Series(["1,234.56", "12.50", "7"])) == "."
    assert detect_decimal_separator(pl.Series(["1.234", "12.000"])) == ","
    assert detect_date_format(pl.Series(["31-12-2025", "01-02-2026"])) == "%d-%m-%Y"
    assert detect_date_format(pl.Series(["2025-12-31", "2026-02-01T00:00:00"])) == "%Y-%m-%d"
    assert detect_date_format(pl.Series(["31/12/2025"])) == "%d/%m/%Y"


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("latin-1", b"")],
)
@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_encodings_and_delimiters(encoding, prefix, delimiter):
    text = (
        delimiter.join(["Crediteur", "Bedrag", "Datum"])
        + "\n"
        + delimiter.join(["Café Één", "12", "01-02-2025"])
        + "\n"
    )
    ledger = read_ledger(prefix + text.encode(encoding, errors="replace"), "x.csv")
    assert ledger.delimiter == delimiter
    assert ledger.columns == ["Crediteur", "Bedrag", "Datum"]
    assert ledger.frame.row(0) == ("Café Één", "12", "01-02-2025", 2)


def test_quoted_delimiters_and_line_breaks_keep_line_numbers():
    text = (
        'Crediteur;Bedrag;Omschrijving\n"Jansen; Zn.";10,00;"twee\nregels"\nDe Brug;5,00;gewoon\n'
    )
    ledger = read_ledger(text.encode(), "x.csv")
    assert ledger.frame["Crediteur"].to_list() == ["Jansen; Zn.", "De Brug"]
    assert ledger.frame[LINE].to_list() == [3, 4]  # the csv reader's own line count


def test_ragged_rows_are_listed_with_their_line():
    text = "Crediteur;Bedrag;Datum\nA;1;01-01-2025\nB;2\nC;3;01-01-2025;extra\nD;4;01-01-2025\n"
    ledger = read_ledger(text.encode(), "x.csv")
    assert ledger.frame["Crediteur"].to_list() == ["A", "D"]
    assert [line for line, _message in ledger.ragged] == [3, 4]


def test_blank_lines_do_not_shift_line_numbers():
    ledger = read_ledger(b"Crediteur;Bedrag\n\nA;1\n\nB;2\n", "x.csv")
    assert ledger.frame[LINE].to_list() == [3, 5]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "leeg"),
        (b" \n \n", "leeg"),
        (b"\x00\x01\x02binary\x00", "binaire"),
        (b"Crediteur;Bedrag\n\x81\x8d\x8f;1\n", "tekenset"),
    ],
)
def test_unreadable_files(data, message):
    with pytest.raises(TableError) as error:
        read_ledger(data, "x.csv")
    assert message in str(error.value)


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    workbook.close()
    return buffer.getvalue()


def test_xlsx_first_or_chosen_sheet():
    data = xlsx(
        {
            "Info": [["Export van 2025"]],
            "Regels": [["Crediteur", "Bedrag"], ["De Brug", 12.5], ["Jansen", -3]],
        }
    )
    assert read_ledger(data, "x.xlsx").columns == ["Export van 2025"]
    ledger = read_ledger(data, "x.xlsx", sheet="Regels")
    assert ledger.frame.select("Crediteur", "Bedrag").rows() == [
        ("De Brug", "12.5"),
        ("Jansen", "-3"),
    ]
    with pytest.raises(TableError, match="geen werkblad Kosten"):
        read_ledger(data, "x.xlsx", sheet="Kosten")


def test_an_xlsx_that_unpacks_too_far_is_refused_before_reading(settings):
    settings.LEDGER_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)  # compresses to ~5 kB
    data = buffer.getvalue()
    assert len(data) < 50_000
    with pytest.raises(TableError, match="uitpakken"):
        read_ledger(data, "bom.xlsx")
