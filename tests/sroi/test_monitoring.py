"""The social-return monitoring: figures per obligation and by contractor, department, target
group and residence; overdue reports; follow-up; the council view and exports in which no count
of 1 to 4 people appears, directly or by one subtraction; the residence check of the form."""

import csv
import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from impactinkoop.accounts.models import Department, Organisation, User
from impactinkoop.accounts.roles import Role
from impactinkoop.core.suppression import HIDDEN
from impactinkoop.sroi.models import Realisation
from impactinkoop.sroi.monitoring import monitoring, overdue_deadlines, sections
from impactinkoop.sroi.services import create_obligation
from tests.contracts.helpers import make_contract
from tests.factories import make_member

from .helpers import block, edition, realisation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)


@pytest.fixture
def viewer(org):
    return make_member(org, "raad@voorbeeldstad.example", Role.VIEWER)


def _obligation(org, title, supplier, department=None, interim=12):
    contract = make_contract(
        org,
        title,
        supplier_name=supplier,
        department=department,
        awarded_value="1000000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    return create_obligation(
        contract,
        actor="test",
        rule_set=edition(org, "utrecht-current"),
        interim_every_months=interim,
    )


def _place(obligation, code, *, kind="placement", status="accepted", **fields):
    fields.setdefault("start_date", date(2025, 2, 1))
    fields.setdefault("end_date", date(2025, 12, 31))
    name = "WW-uitkering" if kind == "placement" else "Mbo bbl niveau 2, 3 en 4"
    return realisation(
        obligation,
        name,
        kind=kind,
        participant_code=code,
        hours_per_week=Decimal("36"),
        status=status,
        **fields,
    )


@pytest.fixture
def monitored(org):
    """Utrecht's organisation; Bouw B.V. placed 6 people from Utrecht, 1 from Houten, 1 from
    Amsterdam, 1 waits for review and 1 was rejected; Schoon B.V. has 2 learning places (one of
    them a person Bouw placed first) and a purchase; Leeg B.V., due to report every month,
    reported nothing."""
    org.municipality = "Utrecht"
    org.save()
    works = Department.objects.create(organisation=org, name="Stadswerken")
    bouw = _obligation(org, "Bouw", "Bouw B.V.", department=works)
    schoon = _obligation(org, "Schoonmaak", "Schoon B.V.")
    leeg = _obligation(org, "Groen", "Leeg B.V.", interim=1)
    for number in range(6):
        _place(
            bouw,
            f"SR-U{number}",
            residence="Utrecht",
            target_group="ww",
            employed_after_6=number < 4,
            employed_after_12=True if number < 2 else None,
        )
    _place(bouw, "SR-H1", residence="Houten", target_group="participatiewet")
    _place(bouw, "SR-A1", residence="Amsterdam", target_group="participatiewet")
    _place(bouw, "SR-P1", status="submitted", residence="Utrecht")
    _place(bouw, "SR-R1", status="rejected", residence="Utrecht")
    _place(schoon, "SR-L1", kind="learning")
    _place(schoon, "SR-U0", kind="learning", start_date=date(2025, 3, 1))  # placed by Bouw first
    realisation(
        schoon,
        "Inkopen bij sociale bedrijven",
        kind="purchase",
        invoice_number="F-1",
        amount_excl_vat=Decimal("1000.00"),
        start_date=date(2025, 5, 1),
        end_date=date(2025, 5, 1),
    )
    return {"bouw": bouw, "schoon": schoon, "leeg": leeg}


def breakdown(found, key):
    return next(b for b in found.breakdowns if b.key == key)


def test_figures_per_obligation_and_in_total(org, monitored):
    found = monitoring(org, today=TODAY)
    rows = {row.obligation.pk: row for row in found.rows}
    bouw = rows[monitored["bouw"].pk]
    assert bouw.people == 8  # the waiting and the rejected placement do not count
    assert rows[monitored["schoon"].pk].people == 1  # SR-U0 counted with Bouw already
    assert found.people == 9
    assert found.people_pending == 1
    assert bouw.balance.pending > 0
    assert found.total.realised == sum(row.balance.realised for row in found.rows)
    assert found.total.obligated == Decimal("150000.00")
    # Leeg reported nothing since the start: every monthly deadline from 1 February 2025 to
    # 1 December 2026 is overdue; Bouw and Schoon reported after their last deadline
    leeg = rows[monitored["leeg"].pk]
    assert leeg.overdue[0] == date(2025, 2, 1)
    assert leeg.overdue[-1] == date(2026, 12, 1)
    assert len(leeg.overdue) == 23
    assert found.overdue == 23


def test_breakdowns_count_each_person_once(org, monitored):
    found = monitoring(org, today=TODAY)
    residence = breakdown(found, "residence")
    assert dict(zip(residence.labels, residence.cells, strict=True)) == {
        "Eigen gemeente": [6, 0],
        "Elders in de arbeidsmarktregio": [1, 0],
        "Buiten de arbeidsmarktregio": [1, 0],
        "Niet bekend": [0, 1],
    } or dict(zip(residence.labels, residence.cells, strict=True)) == {
        "Own municipality": [6, 0],
        "Elsewhere in the labour-market region": [1, 0],
        "Outside the labour-market region": [1, 0],
        "Not known": [0, 1],
    }
    contractor = breakdown(found, "contractor")
    assert dict(zip(contractor.labels, contractor.cells, strict=True)) == {
        "Bouw B.V.": [8, 0],
        "Leeg B.V.": [0, 0],
        "Schoon B.V.": [0, 1],
    }
    assert contractor.money_total == found.total.realised
    department = breakdown(found, "department")
    assert ["Stadswerken", [8, 0]] in [
        [label, cells] for label, cells in zip(department.labels, department.cells, strict=True)
    ]
    for table in found.breakdowns:
        assert sum(sum(cells) for cells in table.cells) == found.people
    # follow-up: 8 placements, 6 and 12 months passed for all
    assert found.follow_up[0][1] == [4, 2, 2]
    assert found.follow_up[1][1] == [2, 0, 6]


def test_filters_by_contractor_and_year(org, monitored):
    found = monitoring(org, today=TODAY, contractor="Schoon B.V.")
    assert [row.contractor for row in found.rows] == ["Schoon B.V."]
    assert found.people == 2  # within Schoon's selection SR-U0 is Schoon's
    assert monitoring(org, today=TODAY, year=2027).people == 0
    assert monitoring(org, today=TODAY, year=2025).value_in_year is not None


def test_overdue_means_nothing_reported_since_the_deadline_before():
    class Obligation:
        start_date = date(2025, 1, 1)
        end_date = date(2027, 12, 31)
        interim_every_months = 6

    deadlines = [date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1)]
    assert overdue_deadlines(Obligation, [], date(2026, 8, 1)) == deadlines
    assert overdue_deadlines(Obligation, [date(2025, 9, 1)], date(2026, 8, 1)) == deadlines[2:]
    # a late report clears every deadline before it
    assert overdue_deadlines(Obligation, [date(2026, 7, 15)], date(2026, 8, 1)) == []
    assert overdue_deadlines(Obligation, [], date(2025, 7, 1)) == []  # due today: not yet


def _counts_in(values) -> list[int]:
    return [value for value in values if isinstance(value, int) and not isinstance(value, bool)]


def test_council_sections_show_no_count_from_one_to_four(org, monitored):
    found = monitoring(org, today=TODAY)
    exact = sections(found, council=False)
    council = sections(found, council=True)
    assert any(0 < v < 5 for s in exact for row in s.rows for v in _counts_in(row[1:]))
    for section in council:
        people = range(1, len(section.header)) if section.key != "obligations" else [7]
        for row in [*section.rows, *([section.total] if section.total else [])]:
            for column in people:
                if section.key in ("contractor", "department") and column == len(row) - 1:
                    continue  # money
                value = row[column]
                assert value == HIDDEN or value == 0 or value >= 5, (section.key, row)


def url(name, org, *args):
    return reverse(f"sroi:{name}", args=[org.slug, *args])


def test_the_officer_sees_exact_numbers_and_the_council_view(org, monitored, officer, client_for):
    client = client_for(officer)
    exact = client.get(url("monitoring", org))
    assert exact.status_code == 200
    assert b'id="council-view-link"' in exact.content
    assert re.search(rb"<th[^>]*>Buiten de arbeidsmarktregio</th><td[^>]*>1</td>", exact.content)
    council = client.get(url("monitoring", org) + "?view=council")
    assert re.search(
        rb"<th[^>]*>Buiten de arbeidsmarktregio</th><td[^>]*>&lt; 5</td>", council.content
    )
    # the obligations page links to it
    assert url("monitoring", org).encode() in client.get(url("obligations", org)).content


def test_a_viewer_sees_only_the_council_view(org, monitored, viewer, client_for):
    page = client_for(viewer).get(url("monitoring", org))
    assert page.status_code == 200
    assert b"council-view-link" not in page.content
    assert b"exact-view-link" not in page.content
    assert b"&lt; 5" in page.content


def people_columns() -> set[str]:
    with translation.override("nl"):
        return {
            gettext(text)
            for text in (
                "Placements",
                "Learning places",
                "People",
                "People placed",
                "Still employed",
                "No longer employed",
                "Not reported",
            )
        }


def people_values(rows) -> list:
    """Every value in a column of people in an exported sheet: the sheet is tables one after
    another, each a title row, a header row and its rows, with a blank row between them."""
    names = people_columns()
    found, header, after_title = [], None, False
    for row in rows:
        cells = ["" if cell is None else cell for cell in row]
        if not any(str(cell).strip() for cell in cells):
            header, after_title = None, True
            continue
        if after_title and header is None and len([c for c in cells if str(c).strip()]) == 1:
            after_title = False
            continue  # the table's title
        if header is None:
            header = [str(cell) for cell in cells]
            continue
        found += [cells[i] for i, name in enumerate(header) if name in names and i < len(cells)]
    return found


def tables_of(rows) -> list[tuple[list[str], list[list[str]]]]:
    """The exported sheet's tables: (header, rows), the total row last where there is one."""
    found, header, body, after_title = [], None, [], False
    for row in [*rows, []]:
        cells = [str(cell).strip() for cell in row]
        if not any(cells):
            if header is not None:
                found.append((header, body))
            header, body, after_title = None, [], True
            continue
        if after_title and header is None and len([c for c in cells if c]) == 1:
            after_title = False
            continue
        if header is None:
            header = cells
            continue
        body.append(cells)
    return found


def revealed(header: list[str], body: list[list[str]]) -> list:
    """What a reader finds by subtracting along rows and columns, again and again, in one
    exported table of people: the columns of people (the last of them the row total when it is
    "People"), and the total row when the table has one."""
    with translation.override("nl"):
        total_row_label, people = gettext("Total"), gettext("People")
    columns = [i for i, name in enumerate(header) if name in people_columns()]
    if not columns:
        return []
    grid = [
        [None if row[i] == HIDDEN else int(row[i] or 0) for i in columns]
        for row in body
        if len(row) > max(columns)
    ]
    labels = [row[0] for row in body if len(row) > max(columns)]
    has_total_row = bool(labels) and labels[-1] == total_row_label
    has_total_column = header[columns[-1]] == people and len(columns) > 1
    equations = []
    if has_total_column:
        equations += [[(r, c) for c in range(len(columns))] for r in range(len(grid))]
    if has_total_row:
        equations += [[(r, c) for r in range(len(grid))] for c in range(len(columns))]
    found, progress = [], True
    while progress:
        progress = False
        for line in equations:
            unknown = [(r, c) for r, c in line if grid[r][c] is None]
            if len(unknown) != 1:
                continue
            *parts, total = line
            r, c = unknown[0]
            if (r, c) == total:
                grid[r][c] = sum(grid[a][b] for a, b in parts)
            else:
                grid[r][c] = grid[total[0]][total[1]] - sum(
                    grid[a][b] for a, b in parts if (a, b) != (r, c)
                )
            found.append((labels[r], header[columns[c]], grid[r][c]))
            progress = True
    return found


def check_council_csv(content: bytes) -> list:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    values = people_values(rows)
    assert not [value for value in values if re.fullmatch(r"\s*[1-4]\s*", value)]
    for header, body in tables_of(rows):
        assert revealed(header, body) == [], header
    return values


def test_the_csv_export_has_no_count_from_one_to_four(org, monitored, viewer, client_for):
    response = client_for(viewer).get(url("monitoring_export", org, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    values = check_council_csv(response.content)
    assert len(values) > 40
    assert HIDDEN in values
    assert "6" in values  # the people from the own municipality: 6 is shown


def test_the_reader_of_the_check_finds_what_is_not_hidden_well():
    """The check above can fail: a table with one lonely hidden value is caught."""
    with translation.override("nl"):
        header = ["Woont in", gettext("Placements"), gettext("Learning places"), gettext("People")]
        body = [["A", HIDDEN, "6", "9"], ["B", "7", "0", "7"], [gettext("Total"), "10", "6", "16"]]
    assert revealed(header, body) == [("A", gettext("Placements"), 3)]


def test_the_demo_exports_show_no_count_from_one_to_four(db, client):
    call_command("demo", no_serve=True, password="demo-wachtwoord-1")
    demo = Organisation.objects.get(slug="voorbeeldstad")
    officer = User.objects.get(email="sroi_officer@voorbeeldstad.example")
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    found = monitoring(demo, today=date.today())
    assert found.people > 0
    for query in ["", *[f"?year={year}" for year in found.years]]:
        response = client.get(url("monitoring_export", demo, "csv") + query)
        assert response.status_code == 200
        check_council_csv(response.content)


def test_the_xlsx_export_has_no_count_from_one_to_four(org, monitored, viewer, client_for):
    from python_calamine import CalamineWorkbook

    response = client_for(viewer).get(url("monitoring_export", org, "xlsx"))
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    values = people_values(sheet.to_python())
    assert HIDDEN in values
    assert 6 in values
    assert not [v for v in values if isinstance(v, int | float) and 0 < v < 5]


def test_the_pdf_export_has_no_count_from_one_to_four(org, monitored, viewer, client_for):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    response = client_for(viewer).get(url("monitoring_export", org, "pdf") + "?lang=nl")
    if response.status_code == 503:
        pytest.skip("WeasyPrint cannot run here: Pango is missing")
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "< 5" in text
    assert "Buiten de arbeidsmarktregio" in text
    english = client_for(viewer).get(url("monitoring_export", org, "pdf") + "?lang=en")
    text_en = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=english.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Outside the labour-market region" in text_en
    assert "By contractor" in text_en
    assert "Buiten de arbeidsmarktregio" not in text_en
    # no bare 1 to 4 as a number of its own (page numbers "1 / 2" and dates aside)
    for line in text.splitlines():
        if "/" in line or re.search(r"\d{4}", line):
            continue
        assert not re.search(r"(?<![\d.,<€])\s[1-4](?![\d.,])", " " + line), line


def test_an_unknown_export_format_is_404(org, officer, client_for):
    assert client_for(officer).get(url("monitoring_export", org, "doc")).status_code == 404


def test_the_residence_must_be_a_known_municipality(org, officer, client_for):
    org.municipality = "Voorbeeldstad"
    org.save()
    obligation = _obligation(org, "Bouw", "Bouw B.V.")
    data = {
        "kind": "placement",
        "block": block(obligation.rule_set, "WW-uitkering").pk,
        "participant_code": "SR-24-AB12",
        "hours_per_week": "24",
        "start_date": "2025-02-01",
        "end_date": "2025-07-31",
    }
    client = client_for(officer)
    form = client.get(url("realisation_new", org, obligation.pk)).content.decode()
    assert re.search(r'<input[^>]*name="residence"[^>]*list="id_residence-list"', form)
    assert '<datalist id="id_residence-list">' in form
    assert re.search(r'<option value="(&#x27;|\')s-Gravenhage"></option>', form)
    refused = client.post(
        url("realisation_new", org, obligation.pk), {**data, "residence": "Atlantis"}
    )
    assert refused.status_code == 400
    assert "„Atlantis” is geen Nederlandse gemeente" in refused.content.decode()
    assert not Realisation.objects.exists()
    for typed, kept in (
        ("den haag", "'s-Gravenhage"),
        ("voorbeeldstad", "Voorbeeldstad"),
        ("", ""),
    ):
        response = client.post(
            url("realisation_new", org, obligation.pk), {**data, "residence": typed}
        )
        assert response.status_code == 302
        assert Realisation.objects.order_by("-pk").first().residence == kept
