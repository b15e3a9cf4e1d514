"""The one table reader: previews read only the first rows, spreadsheets are checked before they
are unpacked, rows and cells are capped, and text in any encoding Dutch systems write is read
right, line by line when a file mixes them."""

import datetime
import io
import struct
import zipfile

import pytest
import xlsxwriter

from impactinkoop.core.tabular import Limits, TableError, decode_text, read_preview, read_table


@pytest.fixture
def limits(settings) -> Limits:
    return Limits.for_import("register")


def xlsx(rows_by_sheet: dict, *, date_1904: bool = False, constant_memory: bool = False) -> bytes:
    buffer = io.BytesIO()
    options = {"in_memory": True, "date_1904": date_1904, "constant_memory": constant_memory}
    workbook = xlsxwriter.Workbook(buffer, options)
    for name, writer in rows_by_sheet.items():
        writer(workbook, workbook.add_worksheet(name))
    workbook.close()
    return buffer.getvalue()


def every_kind_of_cell(workbook, sheet):
    day = workbook.add_format({"num_format": "dd-mm-yyyy"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    builtin = workbook.add_format({"num_format": 14})
    clock = workbook.add_format({"num_format": "hh:mm"})
    elapsed = workbook.add_format({"num_format": "[h]:mm"})
    percent = workbook.add_format({"num_format": "0.00%"})
    quoted = workbook.add_format({"num_format": '0.0 "m"'})
    sheet.write_row(0, 0, ["Naam", "Datum", "Moment", "Dag", "Tijd", "Duur", "Ja", "Deel", "Maat"])
    sheet.write_string(1, 0, "Café de Brug")
    sheet.write_datetime(1, 1, datetime.date(2025, 3, 4), day)
    sheet.write_datetime(1, 2, datetime.datetime(2025, 3, 4, 10, 30), moment)
    sheet.write_number(1, 3, 45000, builtin)
    sheet.write_number(1, 4, 0.5, clock)
    sheet.write_number(1, 5, 1.5, elapsed)
    sheet.write_boolean(1, 6, True)
    sheet.write_number(1, 7, 0.25, percent)
    sheet.write_number(1, 8, 3.5, quoted)
    sheet.write_rich_string(2, 0, "plain ", workbook.add_format({"bold": True}), "vet")
    sheet.write_number(2, 3, 12345678)  # a KvK number typed as a number
    sheet.write_formula(3, 0, '="x"&"y"', None, "xy")
    sheet.write_number(3, 1, 45720.5, day)  # a date with a time in a date format
    sheet.write_string(5, 2, "na een lege regel")
    sheet.write_string(6, 12, "")  # an empty cell far to the right adds no column


def test_the_preview_of_a_spreadsheet_shows_exactly_what_the_import_reads(limits):
    data = xlsx({"Blad 1": every_kind_of_cell})
    preview = read_preview(data, "r.xlsx", None, limits)
    full = read_table(data, "r.xlsx", None, limits)
    assert preview.columns == full.columns
    assert preview.rows == full.rows[:8]
    assert preview.rows[0] == (
        2,
        [
            "Café de Brug",
            "2025-03-04",
            "2025-03-04T10:30:00",
            "2023-03-15",
            "12:00:00",
            "1 day, 12:00:00",
            "True",
            "0.25",
            "3.5",
        ],
    )
    assert preview.rows[1][1][0] == "plain vet" and preview.rows[1][1][3] == "12345678"
    assert preview.rows[2][1][:2] == ["xy", "2025-03-04T12:00:00"]
    assert preview.rows[3][0] == 6  # the empty row 5 is skipped, line numbers stay true


def test_the_preview_of_a_1904_workbook_has_the_same_dates(limits):
    def one_date(workbook, sheet):
        sheet.write_row(0, 0, ["Datum"])
        sheet.write_datetime(
            1, 0, datetime.date(2025, 3, 4), workbook.add_format({"num_format": 14})
        )

    data = xlsx({"Blad": one_date}, date_1904=True)
    assert read_preview(data, "r.xlsx", None, limits).rows == [(2, ["2025-03-04"])]
    assert read_table(data, "r.xlsx", None, limits).rows == [(2, ["2025-03-04"])]


def test_the_preview_of_a_chosen_sheet_with_inline_strings(limits):
    def info(workbook, sheet):
        sheet.write_row(0, 0, ["Export van 2025"])

    def lines(workbook, sheet):
        sheet.write_row(0, 0, ["Crediteur", "Bedrag"])
        sheet.write_row(1, 0, ["De Brug", 12.5])

    data = xlsx({"Info": info, "Regels": lines}, constant_memory=True)  # inline strings
    preview = read_preview(data, "r.xlsx", "Regels", limits)
    assert (preview.sheet, preview.sheets) == ("Regels", ["Info", "Regels"])
    assert (preview.columns, preview.rows) == (["Crediteur", "Bedrag"], [(2, ["De Brug", "12.5"])])
    with pytest.raises(TableError, match="geen werkblad Kosten"):
        read_preview(data, "r.xlsx", "Kosten", limits)


def test_a_preview_never_unpacks_the_whole_sheet(limits, monkeypatch):
    """A spreadsheet of a million rows is previewed without reading them (it was parsed whole,
    in the web request, on every view of the mapping page)."""

    def million(workbook, sheet):
        sheet.write_row(0, 0, ["Naam", "Bedrag"])
        for row in range(1, 1_048_576, 997):  # rows spread over the whole sheet
            sheet.write_row(row, 0, [f"Leverancier {row}", row])

    data = xlsx({"Blad": million}, constant_memory=True)

    def refuse(*args, **kwargs):
        raise AssertionError("calamine read the whole sheet for a preview")

    monkeypatch.setattr("python_calamine.CalamineWorkbook.from_filelike", refuse)
    preview = read_preview(data, "groot.xlsx", None, limits)
    assert [line for line, _cells in preview.rows] == [2, 999, 1996, 2993, 3990, 4987, 5984, 6981]


def zip_with(member: bytes, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, member)
    return buffer.getvalue()


def test_a_register_spreadsheet_that_unpacks_too_far_is_refused_before_reading(settings):
    """The register import had no zip-bomb check at all."""
    settings.REGISTER_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    data = zip_with(b"0" * 5_000_000)  # compresses to about 5 kB
    assert len(data) < 50_000
    limits = Limits.for_import("register")
    for read in (read_preview, read_table):
        with pytest.raises(TableError, match="zou bij het uitpakken 5 MB worden"):
            read(data, "register.xlsx", None, limits)


def test_a_zip_that_hides_its_size_is_refused(limits):
    """Calamine trusts the data, not the header: a member that says it is small but unpacks to
    more is caught before calamine reads it."""
    honest = zip_with(b"<x>" + b"0" * 100_000 + b"</x>")
    central = honest.rindex(b"PK\x01\x02")
    local_size, central_size = 22, central + 24
    lying = bytearray(honest)
    for offset in (local_size, central_size):
        struct.pack_into("<I", lying, offset, 1000)
    with pytest.raises(TableError, match="geen leesbaar spreadsheet"):
        read_table(bytes(lying), "r.xlsx", None, limits)


def test_rows_and_cells_are_capped(settings):
    settings.IMPORT_MAX_ROWS = 5
    limits = Limits.for_import("register")
    text = "naam;plaats\n" + "".join(f"Bedrijf {n};Utrecht\n" for n in range(6))
    with pytest.raises(TableError, match="meer dan 5 rijen"):
        read_table(text.encode(), "r.csv", None, limits)
    assert len(read_preview(text.encode(), "r.csv", None, limits).rows) == 6

    def rows(workbook, sheet):
        for row in range(8):
            sheet.write_row(row, 0, [f"Bedrijf {row}", "Utrecht"])

    with pytest.raises(TableError, match="meer dan 5 rijen"):
        read_table(xlsx({"Blad": rows}), "r.xlsx", None, limits)
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 100, 9
    with pytest.raises(TableError, match="meer dan 9 cellen"):
        read_table(text.encode(), "r.csv", None, Limits.for_import("register"))


def test_a_text_file_named_as_a_spreadsheet_is_refused(limits):
    with pytest.raises(TableError, match="heet een spreadsheet maar is het niet"):
        read_preview(b"naam;plaats\nA;B\n", "r.xlsx", None, limits)


def test_a_file_mixing_utf8_and_windows_1252_lines_is_read_line_by_line(limits):
    """Both lines say "Café": a file joined from two exports used to show "CafÃ©"."""
    data = (
        b"naam;plaats\n"
        + "Café Utrecht;Utrecht\n".encode()
        + "Café Zeist;Zeist\n".encode("cp1252")
        + "Crème;Houten\n".encode("cp1252")
    )
    table = read_table(data, "r.csv", None, limits)
    assert [cells[0] for _line, cells in table.rows] == ["Café Utrecht", "Café Zeist", "Crème"]
    assert table.encoding == "utf-8 + windows-1252"
    assert "regels 3, 4" in table.notes[0]
    preview = read_preview(data, "r.csv", None, limits)
    assert (preview.rows, preview.encoding) == (table.rows, table.encoding)


def test_a_plain_windows_1252_file_is_read_whole(limits):
    data = "naam\nCafé\n".encode("cp1252")
    decoded = decode_text(data, "r.csv")
    assert (decoded.text, decoded.encoding, decoded.notes) == ("naam\nCafé\n", "windows-1252", [])


@pytest.mark.parametrize(
    "encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")]
)
def test_utf16_text_is_read_not_called_binary(encoding, bom, limits):
    """Excel's "Unicode text" is UTF-16 with tabs; it was refused as "binary data"."""
    data = bom + "naam\tplaats\nCafé de Brug\tUtrecht\n".encode(encoding)
    for read in (read_preview, read_table):
        table = read(data, "export.txt", None, limits)
        assert (table.columns, table.rows) == (
            ["naam", "plaats"],
            [(2, ["Café de Brug", "Utrecht"])],
        )
        assert (table.encoding, table.delimiter) == ("utf-16", "\t")


def test_an_unreadable_byte_is_reported_with_its_line(limits):
    data = "naam\nCafé\n".encode() + b"goed\nslecht \x81\x8d\n"
    with pytest.raises(TableError, match="onleesbaar teken op regel 4"):
        read_table(data, "r.csv", None, limits)


def test_a_preview_of_a_large_csv_reads_only_its_first_lines(limits):
    """A bad byte on the last line of 200,000 does not trouble the preview, which never gets
    there; the full read in the worker finds it."""
    lines = "".join(f"Bedrijf {n};Utrecht\n" for n in range(200_000))
    data = ("naam;plaats\n" + lines).encode() + b"kapot \x81;Zeist\n"
    preview = read_preview(data, "r.csv", None, limits)
    assert preview.rows[0] == (2, ["Bedrijf 0", "Utrecht"]) and len(preview.rows) == 8
    assert not preview.complete
    with pytest.raises(TableError, match="regel 200002"):
        read_table(data, "r.csv", None, limits)
