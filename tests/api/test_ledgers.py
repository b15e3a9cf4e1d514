"""Ledger imports through the API: a pushed file gives the same import, figures and audit entries
as the same file through the wizard's pages; bad input is refused before anything is stored,
with problem details that name the field; the list and the detail of an organisation's imports."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken
from impactinkoop.core.models import AuditEntry, Job, StoredFile
from impactinkoop.registry.models import Company
from impactinkoop.spend.baseline.figures import compute
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.models import LedgerImport, LedgerLine, LedgerMapping, Supplier
from tests.factories import make_member, make_organisation

from .conftest import ApiClient

# A month of a municipality's ledger, as finance systems export it: semicolons, decimal commas,
# day-month-year dates; a credit note, two identical lines (both count) and a supplier without
# a KvK number.
LEDGER = (
    b"Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    b"Omschrijving\n"
    b"1001;DE WERKPLAATS B.V.;01234567;F1;15-01-2025;1.234,56;4000;Ruimte;Onderhoud\n"
    b"1001;DE WERKPLAATS B.V.;01234567;F2;16-01-2025;-100,00;4000;Ruimte;Creditnota\n"
    b"1002;Jansen & Zn;;F3;20-02-2025;50,01;4010;Bedrijfsvoering;Koffie\n"
    b"1002;Jansen & Zn;;F3;20-02-2025;50,01;4010;Bedrijfsvoering;Koffie\n"
    b"1003;Groenbedrijf Oost;;F4;03-03-2025;999,99;4020;Ruimte;Maaien\n"
)

# One line without a supplier and one with an amount that is none: left out, listed by line.
WITH_PROBLEMS = (
    b"Crediteur;Factuurdatum;Bedrag\n"
    b"DE WERKPLAATS B.V.;15-01-2025;10,00\n"
    b";16-01-2025;20,00\n"
    b"Jansen & Zn;17-01-2025;veel\n"
)


def imports_url(org) -> str:
    return reverse("api:ledger_imports", kwargs={"org_slug": org.slug})


def import_url(org, pk) -> str:
    return reverse("api:ledger_import", kwargs={"org_slug": org.slug, "pk": pk})


def push(client: ApiClient, org, data=LEDGER, name="grootboek-2025-q1.csv", **fields):
    form = {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields}
    return client.post(imports_url(org), form, content_type=None)


def through_the_wizard(client, org, run_jobs, data=LEDGER, name="grootboek-2025-q1.csv"):
    """Upload, map (the guessed mapping, the form's defaults), check and import in the pages, as
    a person clicks through them; each page's jobs run at once (`run_jobs`: the on-commit
    capture)."""
    client.post(reverse("spend:imports", args=[org.slug]), {"file": SimpleUploadedFile(name, data)})
    ledger_import = LedgerImport.objects.get(organisation=org)
    form = {f"map_{field}": column for field, column in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    with run_jobs(execute=True):
        client.post(reverse("spend:import", args=[org.slug, ledger_import.pk]), form)
    with run_jobs(execute=True):
        client.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))
    ledger_import.refresh_from_db()
    return ledger_import


def lines_of(org) -> list[tuple]:
    return sorted(
        LedgerLine.objects.filter(organisation=org).values_list(
            "line_number",
            "supplier__name",
            "supplier__ledger_number",
            "supplier__kvk_number",
            "invoice_number",
            "date",
            "amount_cents",
            "department__name",
            "cost_centre__name",
            "description",
        )
    )


def suppliers_of(org) -> list[tuple]:
    return sorted(
        Supplier.objects.filter(organisation=org).values_list(
            "key", "name", "ledger_number", "kvk_number", "company_id"
        )
    )


def without_own_ids(figures):
    """Figures as two organisations can share them: without the rows' own ids and names of the
    organisation (departments and cost centres are each organisation's own rows)."""
    if isinstance(figures, dict):
        return {
            key: without_own_ids(value)
            for key, value in figures.items()
            if key not in ("id", "organisation", "organisation_name")
        }
    if isinstance(figures, list):
        return [without_own_ids(value) for value in figures]
    return figures


def entries_of(org, after: int) -> list[tuple]:
    """The audit entries since `after`, as two organisations can share them: what was done, to
    what and with which values, without who did it, the API's own `api.write` and the browser's
    sign-in."""
    entries = (
        AuditEntry.objects.filter(organisation=org, pk__gt=after)
        .exclude(action="api.write")
        .exclude(action__startswith="signin.")
    )
    return list(
        entries.order_by("created_at", "pk").values_list(
            "action", "object_type", "object_repr", "before", "after"
        )
    )


def last_entry() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def second_org(db):
    """A second municipality, of the same kind as `org`, whose admin uses the wizard."""
    organisation = make_organisation("tweestad", "Gemeente Tweestad")
    make_member(organisation, "dora@tweestad.example", Role.ADMIN, full_name="Dora")
    return organisation


@pytest.fixture
def werkplaats(db):
    return Company.objects.create(kvk_number="01234567", name="Stichting De Werkplaats")


def test_a_pushed_ledger_gives_what_the_wizard_gives(
    org, alice, second_org, werkplaats, make_token, client_for, django_capture_on_commit_callbacks
):
    client = ApiClient(make_token(org, user=alice))
    api_start = last_entry()
    with django_capture_on_commit_callbacks(execute=True):
        response = push(client, org)
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    assert (body["state"], body["file_name"]) == ("uploaded", "grootboek-2025-q1.csv")
    assert body["job"]["kind"] == "api.ledger_push"

    wizard_start = last_entry()
    dora = second_org.memberships.get().user
    wizard = through_the_wizard(client_for(dora), second_org, django_capture_on_commit_callbacks)
    pushed = LedgerImport.objects.get(organisation=org)
    assert pushed.state == wizard.state == LedgerImport.State.COMMITTED

    # The same import: lines, suppliers and amounts to the cent.
    assert lines_of(org) == lines_of(second_org)
    assert len(lines_of(org)) == 5
    assert suppliers_of(org) == suppliers_of(second_org)
    assert Supplier.objects.get(organisation=org, ledger_number="1001").company == werkplaats
    assert (pushed.rows_imported, pushed.total_cents) == (wizard.rows_imported, wizard.total_cents)
    assert pushed.total_cents == 123456 - 10000 + 5001 + 5001 + 99999
    for field in ("mapping", "options", "currency", "exchange_rate", "period_start", "period_end"):
        assert getattr(pushed, field) == getattr(wizard, field), field
    assert pushed.summary == wizard.summary

    # The same baseline figures.
    period = Period.year(2025)
    pushed_figures, wizard_figures = compute(org, period), compute(second_org, period)
    assert pushed_figures["total_spend"] == Decimal("2234.57")
    assert without_own_ids(pushed_figures) == without_own_ids(wizard_figures)

    # The same audit entries, in the same order (the API adds its own `api.write`).
    assert entries_of(org, api_start) == entries_of(second_org, wizard_start)
    assert [entry[0] for entry in entries_of(org, api_start)] == [
        "spend.import_uploaded",
        "spend.import_check_started",
        "spend.import_queued",
        "spend.ledger_imported",
    ]
    assert AuditEntry.objects.filter(organisation=org, action="api.write").count() == 1


def test_the_import_follows_the_wizard_jobs_and_reports_its_progress(
    org, alice, werkplaats, make_token, client_for, django_capture_on_commit_callbacks
):
    client = ApiClient(make_token(org, user=alice), language="en")
    with django_capture_on_commit_callbacks(execute=True):
        pk = push(client, org).json()["id"]
    body = client.get(import_url(org, pk)).json()
    assert body["state"] == "committed"
    assert (body["lines"], body["total"], body["currency"]) == (5, "2234.57", "EUR")
    assert body["summary"]["rows"] == 5 and body["summary"]["total"] == "2234.57"
    assert body["problem_count"] == 0 and body["problems"] == []
    kinds = [job["kind"] for job in body["jobs"]]
    assert kinds == ["api.ledger_push", "spend.import", "spend.after_import"]
    assert all(job["state"] == "succeeded" for job in body["jobs"])
    assert body["job"]["kind"] == "spend.after_import"
    assert body["job"]["done"] == body["job"]["total"]
    pushed = Job.objects.get(kind="api.ledger_push")
    assert pushed.created_by == alice
    assert "5 lines checked" in pushed.message
    # In the browser, the import and its push's job are pages like the wizard's.
    browser = client_for(alice)
    assert browser.get(reverse("spend:import", args=[org.slug, pk])).status_code == 200
    job_page = browser.get(reverse("portal:job", args=[org.slug, pushed.pk]))
    assert job_page.status_code == 200


def test_problems_are_listed_with_line_and_column(
    org, alice, make_token, django_capture_on_commit_callbacks
):
    client = ApiClient(make_token(org, user=alice), language="en")
    with django_capture_on_commit_callbacks(execute=True):
        pk = push(client, org, data=WITH_PROBLEMS, name="problemen.csv").json()["id"]
    body = client.get(import_url(org, pk)).json()
    assert body["state"] == "committed"
    assert (body["lines"], body["total"], body["problem_count"]) == (1, "10.00", 2)
    where = [(problem["line"], problem["column"], problem["code"]) for problem in body["problems"]]
    assert where == [(3, "Crediteur", "missing"), (4, "Bedrag", "amount")]
    assert "veel" in body["problems"][1]["message"]


def test_an_organisation_token_imports_under_the_token_name(
    org, make_token, django_capture_on_commit_callbacks
):
    client = ApiClient(make_token(org))
    with django_capture_on_commit_callbacks(execute=True):
        assert push(client, org).status_code == 202
    assert LedgerImport.objects.get().state == LedgerImport.State.COMMITTED
    uploaded = AuditEntry.objects.get(action="spend.import_uploaded")
    checked = AuditEntry.objects.get(action="spend.import_check_started")
    assert uploaded.actor is None and checked.actor is None
    assert "test organisation" in uploaded.actor_label == checked.actor_label


def test_a_saved_mapping_and_map_options(
    org, alice, make_token, django_capture_on_commit_callbacks
):
    """A file whose headers the guess does not know: a mapping saved in the wizard, with one
    column given on top of it."""
    LedgerMapping.objects.create(
        organisation=org,
        name="Financieel systeem",
        mapping={"supplier_name": "Wie", "invoice_date": "Wanneer", "amount": "Hoeveel"},
        options={"decimal": ",", "date_format": "%d-%m-%Y", "amounts_include_vat": False},
    )
    data = b"Wie;Wanneer;Hoeveel;Nr\nDE WERKPLAATS B.V.;15-01-2025;1.000,50;1001\n"
    client = ApiClient(make_token(org, user=alice))
    with django_capture_on_commit_callbacks(execute=True):
        response = push(
            client, org, data=data, mapping="Financieel systeem", map=["supplier_number=Nr"]
        )
    assert response.status_code == 202, response.content
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.mapping["supplier_number"] == "Nr"
    assert ledger_import.options["date_format"] == "%d-%m-%Y"
    assert ledger_import.state == LedgerImport.State.COMMITTED
    assert ledger_import.total_cents == 100050
    assert Supplier.objects.get().ledger_number == "1001"


# -- bad input: refused before anything is stored -----------------------------------------------


def refused(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert field in [error["field"] for error in body["errors"]], body
    assert not LedgerImport.objects.exists() and not StoredFile.objects.exists()
    assert not Job.objects.exists()
    return body


@pytest.fixture
def pusher(org, alice, make_token):
    return ApiClient(make_token(org, user=alice), language="en")


def test_no_file(pusher, org):
    body = refused(pusher.post(imports_url(org), {"sheet": ""}, content_type=None), 400, "file")
    assert body["errors"][0]["message"] == "No file was submitted."


def test_json_instead_of_a_file(pusher, org):
    response = pusher.post(imports_url(org), {"file": "grootboek.csv"})
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"


def test_a_file_of_the_wrong_type(pusher, org):
    body = refused(push(pusher, org, data=b"MZ\x90\x00", name="grootboek.exe"), 415, "file")
    assert "not a CSV or spreadsheet file" in body["errors"][0]["message"]


def test_a_spreadsheet_that_is_none(pusher, org):
    body = refused(push(pusher, org, data=b"PK\x03\x04kapot", name="grootboek.xlsx"), 400, "file")
    assert "grootboek.xlsx" in body["errors"][0]["message"]


def test_an_empty_file(pusher, org):
    refused(push(pusher, org, data=b"", name="leeg.csv"), 400, "file")


def test_a_file_over_the_limit(pusher, org, settings):
    settings.LEDGER_IMPORT_MAX_BYTES = 100
    body = refused(push(pusher, org), 413, "file")
    assert "the limit is 0 MB" in body["errors"][0]["message"]


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(pusher, org, settings):
    settings.LEDGER_IMPORT_MAX_BYTES = 100
    body = refused(push(pusher, org, data=LEDGER * 3000), 413, "file")
    message = body["errors"][0]["message"]
    assert message.startswith("The upload is 1.") and message.endswith("the limit is 0 MB.")


def test_an_unknown_saved_mapping(pusher, org):
    body = refused(push(pusher, org, mapping="Bestaat niet"), 400, "mapping")
    assert "Bestaat niet" in body["errors"][0]["message"]


def test_a_column_that_is_not_in_the_file(pusher, org):
    body = refused(push(pusher, org, map=["amount=Totaal"]), 400, "map")
    assert "column “Totaal” is not in the file" in body["errors"][0]["message"]
    assert "Bedrag" in body["errors"][0]["message"]  # its columns are listed


def test_an_unknown_field(pusher, org):
    body = refused(push(pusher, org, map=["price=Bedrag"]), 400, "map")
    assert "unknown field price" in body["errors"][0]["message"]


def test_a_mapping_without_an_amount(pusher, org):
    body = refused(push(pusher, org, map=["amount="]), 400, "map")
    assert "map a column to the amount" in body["errors"][0]["message"]


def test_a_saved_mapping_whose_column_the_file_lacks(pusher, org):
    LedgerMapping.objects.create(
        organisation=org,
        name="Oud systeem",
        mapping={"amount": "Som", "supplier_name": "Crediteur", "invoice_date": "Factuurdatum"},
    )
    body = refused(push(pusher, org, mapping="Oud systeem"), 400, "mapping")
    assert "Som" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"exchange_rate": "veel"}, "exchange_rate"),
        ({"currency": "EUR", "exchange_rate": "1.2"}, "exchange_rate"),
        ({"currency": "XYZ"}, "currency"),
        ({"decimal": ";"}, "decimal"),
        ({"date_format": "dag-maand"}, "date_format"),
    ],
)
def test_bad_options(pusher, org, fields, field):
    refused(push(pusher, org, **fields), 400, field)


def test_a_date_format_without_codes_is_told_an_example(pusher, org):
    body = refused(push(pusher, org, date_format="dag-maand"), 400, "date_format")
    assert body["errors"][0]["message"] == "Give a date format such as %d-%m-%Y, or auto."


def test_the_reading_options_are_kept_as_the_wizard_keeps_them(pusher, org):
    response = push(
        pusher,
        org,
        decimal=",",
        date_format="%d-%m-%Y",
        amounts_include_vat="true",
        currency="GBP",
        exchange_rate="1,165",
    )
    assert response.status_code == 202, response.content
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.options == {
        "decimal": ",",
        "date_format": "%d-%m-%Y",
        "amounts_include_vat": True,
    }
    job = Job.objects.get(kind="api.ledger_push")
    assert (job.params["currency"], job.params["exchange_rate"]) == ("GBP", "1.165")


def test_the_same_file_twice(pusher, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert push(pusher, org).status_code == 202
    response = push(pusher, org, name="again.csv")  # the same bytes under another name
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"field": "file", "message": "This file is already imported."}
    ]
    assert LedgerImport.objects.count() == 1


def test_the_same_file_while_the_first_is_on_its_way(pusher, org):
    assert push(pusher, org).status_code == 202  # its job waits for the worker
    response = push(pusher, org)
    assert response.status_code == 409
    assert response.json()["errors"][0]["message"] == "This file is already being imported."
    assert LedgerImport.objects.count() == 1


def test_the_same_file_queued_in_the_wizard(
    pusher, org, alice, client_for, django_capture_on_commit_callbacks
):
    """The wizard's import of the file waits for the worker: the push is refused as the wizard
    refuses a second import."""
    browser = client_for(alice)
    browser.post(
        reverse("spend:imports", args=[org.slug]), {"file": SimpleUploadedFile("g.csv", LEDGER)}
    )
    ledger_import = LedgerImport.objects.get()
    form = {f"map_{field}": column for field, column in ledger_import.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(
            reverse("spend:import", args=[org.slug, ledger_import.pk]),
            {**form, "decimal": "auto", "date_format": "auto"},
        )
    browser.post(reverse("spend:import_commit", args=[org.slug, ledger_import.pk]))
    ledger_import.refresh_from_db()
    assert ledger_import.state == LedgerImport.State.QUEUED  # its job waits for the worker
    response = push(pusher, org)
    assert response.status_code == 409
    assert response.json()["errors"][0]["message"] == "This file is already being imported."


def test_a_currency_the_file_contradicts_stops_before_the_import(
    pusher, org, django_capture_on_commit_callbacks
):
    data = b"Crediteur;Factuurdatum;Bedrag;Valuta\nJansen & Zn;15-01-2025;10,00;GBP\n"
    with django_capture_on_commit_callbacks(execute=True):
        pk = push(pusher, org, data=data, currency="USD").json()["id"]
    body = pusher.get(import_url(org, pk)).json()
    assert body["state"] == "checked"  # left for the wizard, as the check page leaves it
    assert body["job"]["state"] == "cancelled"
    assert "GBP" in body["job"]["message"]
    assert not LedgerLine.objects.exists()


def test_a_file_the_worker_cannot_read_whole_fails_the_import(
    pusher, org, settings, django_capture_on_commit_callbacks
):
    """The request reads only the first rows; the worker reads them all and finds too many."""
    settings.IMPORT_MAX_ROWS = 3
    with django_capture_on_commit_callbacks(execute=True):
        pk = push(pusher, org).json()["id"]
    body = pusher.get(import_url(org, pk)).json()
    assert body["state"] == "failed"  # its mapping can be changed and checked in the wizard
    assert body["job"]["state"] == "failed"
    assert "more than 3 rows" in body["job"]["message"]
    assert not LedgerLine.objects.exists()


# -- the list and the detail ----------------------------------------------------------------------


def test_the_list_is_newest_first_and_paginated(
    pusher, org, other_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        push(pusher, org)
    push(pusher, org, data=WITH_PROBLEMS, name="problemen.csv")  # waits for the worker
    LedgerImport.objects.create(organisation=other_org, file_name="elders.csv", file_sha256="x")
    body = pusher.get(imports_url(org)).json()
    assert body["count"] == 2
    newest, first = body["results"]
    assert (newest["file_name"], newest["state"], newest["summary"]) == (
        "problemen.csv",
        "uploaded",
        None,
    )
    assert (first["file_name"], first["state"], first["lines"], first["total"]) == (
        "grootboek-2025-q1.csv",
        "committed",
        5,
        "2234.57",
    )
    assert first["file_size"] == len(LEDGER) and len(first["file_sha256"]) == 64
    assert first["committed_at"] and first["created_at"]
    assert first["summary"]["imported_total"] == "2234.57"
    page = pusher.get(imports_url(org), {"page_size": 1, "page": 2}).json()
    assert [row["file_name"] for row in page["results"]] == ["grootboek-2025-q1.csv"]


def test_another_organisations_import_is_not_found(pusher, org, other_org):
    elsewhere = LedgerImport.objects.create(
        organisation=other_org, file_name="elders.csv", file_sha256="x"
    )
    response = pusher.get(import_url(org, elsewhere.pk))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_deleted_import_is_gone_as_in_the_wizard(pusher, org):
    deleted = LedgerImport.objects.create(
        organisation=org, file_name="weg.csv", file_sha256="x", state=LedgerImport.State.DELETED
    )
    assert pusher.get(import_url(org, deleted.pk)).status_code == 404
    assert pusher.get(imports_url(org)).json()["count"] == 0


def test_a_viewer_token_may_not_push(org, bob, make_token):
    from .endpoints.harness import raw_token

    secret = raw_token(org, ApiToken.Kind.PERSONAL, scopes=["ledgers:import"], user=bob)
    response = push(ApiClient(secret), org)
    assert response.status_code == 403
    assert not LedgerImport.objects.exists()
