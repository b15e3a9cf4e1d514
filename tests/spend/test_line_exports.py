"""Downloading the drill-down's ledger lines: a small selection comes at once, a large one is
written by a background job with a progress bar; the file's total equals the page's to the cent,
and the ids of the filters are checked against the organisation again in the job."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from python_calamine import CalamineWorkbook

from impactinkoop.accounts.models import Department
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import Job
from impactinkoop.spend.baseline.line_exports import LINES_EXPORT
from impactinkoop.spend.models import Supplier

from ..factories import make_member
from . import test_baseline
from .test_baseline import LEDGER
from .test_importing import import_text

ledger = test_baseline.ledger  # the fixture: a small ledger of 2024 and 2025
HEADER = (
    "Datum;Leverancier;Factuurnummer;Bedrag;Afdeling;Kostenplaats;Categorie;Omschrijving;Valuta;"
    "Bedrag in die valuta;Wisselkoers"
)


def export(client, org, fmt="csv", **filters):
    return client.post(
        reverse("spend:baseline_lines_export", args=[org.slug]), {"format": fmt, **filters}
    )


def page_total(client, org, **filters) -> tuple[int, int]:
    page = client.get(reverse("spend:baseline_lines", args=[org.slug]), filters)
    return page.context["total_cents"], page.context["page"].paginator.count


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Dutch Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def csv_total_cents(content: bytes) -> int:
    return sum(int(Decimal(row[3]) * 100) for row in csv_rows(content)[1:])


def xlsx_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def xlsx_total_cents(content: bytes) -> int:
    # Each cell holds the amount as a number; repr of the float gives its two decimals back.
    return sum(int(Decimal(repr(row[3])) * 100) for row in xlsx_rows(content)[1:])


def test_a_small_selection_downloads_at_once_with_exact_content(ledger, client_for, alice):
    response = export(client_for(alice), ledger, year="2025")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lines-voorbeeldstad-2025.csv"'
    assert response.content.decode("utf-8-sig").split("\r\n") == [
        HEADER,
        "2025-12-01;Drukkerij Lokaal;F4;999.99;Bedrijfsvoering;4010;Drukwerk;Drukwerk;EUR;999.99;",
        "2025-06-10;Groen Doen;F6;300.00;Ruimte;4000;Groen;Maaien;EUR;300.00;",
        "2025-03-16;DE WERKPLAATS B.V.;F2;-100.01;Ruimte;4000;Groen;Creditnota;EUR;-100.01;",
        "2025-02-20;Jansen & Zn;F3;50.05;Bedrijfsvoering;4010;Catering;Koffie;EUR;50.05;",
        "2025-01-15;DE WERKPLAATS B.V.;F1;1234.56;Ruimte;4000;Groen;Onderhoud;EUR;1234.56;",
        "",
    ]
    assert not Job.objects.exists()


def test_a_small_xlsx_download_has_numbers_and_text_that_never_runs(ledger, client_for, alice):
    Supplier.objects.filter(ledger_number="1002").update(name='=HYPERLINK("x")')

    response = export(client_for(alice), ledger, "xlsx", year="2025", social="no")

    assert response["Content-Disposition"] == (
        'attachment; filename="lines-voorbeeldstad-2025.xlsx"'
    )
    assert xlsx_rows(response.content) == [
        HEADER.split(";"),
        ["2025-12-01", "Drukkerij Lokaal", "F4", 999.99, "Bedrijfsvoering", "4010", "Drukwerk"]
        + ["Drukwerk", "EUR", 999.99, ""],
        ["2025-02-20", '=HYPERLINK("x")', "F3", 50.05, "Bedrijfsvoering", "4010", "Catering"]
        + ["Koffie", "EUR", 50.05, ""],
    ]


def test_the_page_offers_the_download_as_a_form_and_a_get_no_longer_exports(
    ledger, client_for, alice
):
    client = client_for(alice)
    url = reverse("spend:baseline_lines", args=[ledger.slug])
    department = Department.objects.get(organisation=ledger, name="Ruimte")

    page = client.get(url, {"year": "2025", "department": department.pk, "format": "csv"})

    assert page.status_code == 200
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert page.context["export_params"] == {"year": "2025", "department": str(department.pk)}
    html = page.content.decode()
    action = reverse("spend:baseline_lines_export", args=[ledger.slug])
    assert f'<form method="post" action="{action}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit" name="format" value="xlsx"' in html
    assert not Job.objects.exists()


@override_settings(EXPORT_DIRECT_MAX_LINES=1)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "filters",
    [
        {"year": "2025"},
        {"year": "2025", "social": "yes"},
        {"year": "2025", "social": "no"},
        {"from": "2025-02", "until": "2025-06"},
        {"year": "2025", "department": "Ruimte"},
        {"year": "2025", "category": "Groen", "social": "yes"},
        {"year": "2025", "supplier": "1001"},
    ],
)
def test_a_large_selection_runs_as_a_job_whose_file_totals_equal_the_page(
    ledger, client_for, alice, fmt, filters, django_capture_on_commit_callbacks
):
    filters = resolve_names(ledger, filters)
    client = client_for(alice)
    total_cents, count = page_total(client, ledger, **filters)
    assert count > 1

    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, ledger, fmt, **filters)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:job", args=[ledger.slug, job.pk])
    assert (job.kind, job.state, job.created_by) == (LINES_EXPORT, Job.State.SUCCEEDED, alice)
    assert (job.done, job.total, job.percent) == (count, count, 100)
    assert job.result == {"lines": count}
    download = client.get(reverse("portal:job_download", args=[ledger.slug, job.pk]))
    assert download.status_code == 200
    if fmt == "csv":
        assert len(csv_rows(download.content)) == 1 + count
        assert csv_total_cents(download.content) == total_cents
    else:
        assert len(xlsx_rows(download.content)) == 1 + count
        assert xlsx_total_cents(download.content) == total_cents


def resolve_names(org, filters: dict) -> dict:
    """Test parameters name departments, categories and suppliers; the page wants their ids."""
    from impactinkoop.spend.models import Category

    resolved = dict(filters)
    if "department" in filters:
        department = Department.objects.get(organisation=org, name=filters["department"])
        resolved["department"] = department.pk
    if "category" in filters:
        resolved["category"] = Category.objects.get(organisation=org, name=filters["category"]).pk
    if "supplier" in filters:
        resolved["supplier"] = Supplier.objects.get(
            organisation=org, ledger_number=filters["supplier"]
        ).pk
    return resolved


@override_settings(EXPORT_DIRECT_MAX_LINES=2)
def test_the_job_file_is_exactly_the_direct_download(
    ledger, client_for, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    with override_settings(EXPORT_DIRECT_MAX_LINES=5):
        direct = export(client, ledger, year="2025").content
    assert not Job.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        export(client, ledger, year="2025")

    job = Job.objects.get()
    assert bytes(Job.objects.values_list("output", flat=True).get()) == direct
    assert job.output_name == "lines-voorbeeldstad-2025.csv"
    assert job.title == "Grootboekregels 2025 (CSV)"


@override_settings(EXPORT_DIRECT_MAX_LINES=2)
def test_a_viewer_follows_and_downloads_their_export_but_not_the_list_of_all_jobs(
    ledger, client_for, bob, django_capture_on_commit_callbacks
):
    client = client_for(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, ledger, year="2025", social="yes")
    job = Job.objects.get()

    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<progress" in html
    assert reverse("portal:job_download", args=[ledger.slug, job.pk]) in html
    all_jobs = reverse("portal:jobs", args=[ledger.slug])
    assert f'href="{all_jobs}"' not in html  # a page viewers may not see
    status = client.get(reverse("portal:job_status", args=[ledger.slug, job.pk])).json()
    assert (status["state"], status["percent"]) == ("succeeded", 100)
    download = client.get(reverse("portal:job_download", args=[ledger.slug, job.pk]))
    assert csv_total_cents(download.content) == 123456 - 10001 + 30000
    assert client.get(reverse("portal:jobs", args=[ledger.slug])).status_code == 403


@override_settings(EXPORT_DIRECT_MAX_LINES=2)
def test_the_lines_page_lists_the_members_own_downloads(
    ledger, client_for, bob, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export(client_for(alice), ledger, year="2025")
        export(client_for(bob), ledger, "xlsx", year="2025")
    mine = Job.objects.get(created_by=bob)

    page = client_for(bob).get(reverse("spend:baseline_lines", args=[ledger.slug]))

    assert [job.pk for job in page.context["my_exports"]] == [mine.pk]
    assert reverse("portal:job", args=[ledger.slug, mine.pk]) in page.content.decode()


@override_settings(EXPORT_DIRECT_MAX_LINES=2)
def test_only_members_who_may_see_spend_or_started_it_see_an_export_job(
    ledger, other_org, client_for, bob, charlie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export(client_for(bob), ledger, year="2025")
    job = Job.objects.get()
    requester = make_member(ledger, "rita@voorbeeldstad.example", Role.REQUESTER)
    budget_holder = make_member(ledger, "bea@voorbeeldstad.example", Role.BUDGET_HOLDER)
    urls = [
        reverse(name, args=[ledger.slug, job.pk])
        for name in ("portal:job", "portal:job_status", "portal:job_download")
    ]

    for url in urls:
        assert client_for(budget_holder).get(url).status_code == 200  # has spend.view
        assert client_for(requester).get(url).status_code == 404  # no spend.view, not hers
        assert client_for(charlie).get(url).status_code == 404  # outsider
    charlie_urls = [url.replace(ledger.slug, other_org.slug) for url in urls]
    for url in charlie_urls:
        assert client_for(charlie).get(url).status_code == 404


def test_another_organisations_department_gives_404_and_starts_nothing(
    ledger, other_org, client_for, alice
):
    import_text(other_org, LEDGER)
    theirs = Department.objects.filter(organisation=other_org).first()

    response = export(client_for(alice), ledger, year="2025", department=theirs.pk)

    assert response.status_code == 404
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "form", [{"format": "pdf", "year": "2025"}, {"format": "csv", "year": "20x5"}, {}]
)
def test_a_bad_form_gives_404_and_starts_nothing(ledger, client_for, alice, form):
    response = client_for(alice).post(
        reverse("spend:baseline_lines_export", args=[ledger.slug]), form
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_a_job_given_another_organisations_ids_fails_clearly_and_writes_nothing(
    ledger, other_org, alice, django_capture_on_commit_callbacks
):
    from impactinkoop.core.background import start_job

    import_text(other_org, LEDGER)
    theirs = Department.objects.filter(organisation=other_org).first()

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            organisation=ledger,
            kind=LINES_EXPORT,
            title="Regels",
            actor=alice,
            params={"filters": {"year": "2025", "department": str(theirs.pk)}, "format": "csv"},
        )

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == "De gekozen afdeling hoort niet bij deze organisatie."
    assert Job.objects.values_list("output", flat=True).get() is None


@override_settings(EXPORT_DIRECT_MAX_LINES=2)
def test_a_third_export_while_two_are_unfinished_is_refused(
    ledger, client_for, bob, alice, django_capture_on_commit_callbacks
):
    def unfinished(user, state):
        return Job.objects.create(
            organisation=ledger, kind=LINES_EXPORT, title="x", created_by=user, state=state
        )

    unfinished(bob, Job.State.QUEUED)
    unfinished(bob, Job.State.RUNNING)
    unfinished(alice, Job.State.RUNNING)  # someone else's do not count against bob
    client = client_for(bob)

    response = export(client, ledger, year="2025")

    assert response.status_code == 302
    assert response.url == reverse("spend:baseline_lines", args=[ledger.slug]) + "?year=2025"
    assert Job.objects.filter(created_by=bob).count() == 2
    page = client.get(response.url)
    assert (
        "Er worden al twee downloads voor je klaargemaakt. Wacht tot er een klaar is en probeer "
        "het dan opnieuw." in page.content.decode()
    )
    # A small selection still comes at once, and a finished job frees a place.
    assert export(client, ledger, year="2025", social="no").status_code == 200
    Job.objects.filter(created_by=bob, state=Job.State.RUNNING).update(state=Job.State.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, ledger, year="2025")
    newest = Job.objects.filter(created_by=bob).latest("id")
    assert response.url == reverse("portal:job", args=[ledger.slug, newest.pk])
    assert Job.objects.filter(created_by=bob).count() == 3
