"""The contract register and the tender pipeline through the API: the fields and filters, pages,
amounts as the decimal strings that were saved, the tenant boundary, and writes that go through
the browser's forms and services (the same checks, the same audit entries)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from impactinkoop.accounts.models import Department
from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken
from impactinkoop.contracts.models import Contract, Tender
from impactinkoop.contracts.services import create_tender, decide_themes
from impactinkoop.core.models import AuditEntry
from impactinkoop.registry.models import Company
from impactinkoop.spend.models import Category, Supplier

from ..contracts.helpers import make_contract
from ..factories import make_member

pytestmark = pytest.mark.django_db


def contracts_url(org, pk=None):
    if pk is None:
        return reverse("api:contracts", kwargs={"org_slug": org.slug})
    return reverse("api:contract", kwargs={"org_slug": org.slug, "pk": pk})


def tenders_url(org, pk=None):
    if pk is None:
        return reverse("api:tenders", kwargs={"org_slug": org.slug})
    return reverse("api:tender", kwargs={"org_slug": org.slug, "pk": pk})


@pytest.fixture
def as_alice(org, alice, make_token, api):
    """Alice's personal token: writes are hers in the audit log, as in the browser."""
    return api(make_token(org, kind=ApiToken.Kind.PERSONAL, user=alice))


@pytest.fixture
def buyer(org):
    return make_member(org, "jeroen@voorbeeldstad.example", Role.BUYER, full_name="Jeroen")


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    found: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        found.setdefault(error["field"], []).append(error["message"])
    return found


# -- reading contracts -------------------------------------------------------------------------


def test_a_contract_with_its_supplier_department_category_codes_values_and_themes(org, as_alice):
    company = Company.objects.create(kvk_number="12345678", name="Schoon B.V.")
    supplier = Supplier.objects.create(
        organisation=org, key="n:7", name="Schoon BV", kvk_number="12345678", company=company
    )
    department = Department.objects.create(organisation=org, name="Facilitair")
    category = Category.objects.create(organisation=org, name="Schoonmaak")
    contract = make_contract(
        org,
        "Schoonmaak stadhuis",
        reference="C-2024-7",
        supplier_name="Schoon BV",
        supplier_kvk="12345678",
        supplier=supplier,
        company=company,
        department=department,
        category=category,
        cpv_codes=["90910000-9"],
        estimated_value=Decimal("250000.00"),
        awarded_value="234567.89",
        start_date=date(2024, 1, 1),
        end_date=date(2027, 12, 31),
        extension_until=date(2029, 12, 31),
        procedure="open",
        reserved=True,
        mvi_themes=["klimaat"],
        social_return=True,
        social_return_percentage=Decimal("5.00"),
    )
    response = as_alice.get(contracts_url(org, contract.pk))
    assert response.status_code == 200
    body = response.json()
    assert {
        key: body[key] for key in body if key not in ("mvi_themes", "created_at", "updated_at")
    } == {
        "id": contract.pk,
        "reference": "C-2024-7",
        "title": "Schoonmaak stadhuis",
        "supplier_name": "Schoon BV",
        "supplier_kvk": "12345678",
        "ledger_supplier_id": supplier.pk,
        "register_kvk": "12345678",
        "department_id": department.pk,
        "department_name": "Facilitair",
        "category_id": category.pk,
        "category_name": "Schoonmaak",
        "cpv_codes": ["90910000-9"],
        "estimated_value": "250000.00",
        "awarded_value": "234567.89",
        "value": "234567.89",
        "start_date": "2024-01-01",
        "end_date": "2027-12-31",
        "extension_until": "2029-12-31",
        "extension_decide_by": None,
        "extension_decided": False,
        "procedure": "open",
        "reserved": True,
        "social_return": True,
        "social_return_percentage": "5.00",
        "source": "hand",
        "tender_id": None,
    }
    [theme] = body["mvi_themes"]
    assert theme["key"] == "klimaat" and theme["name"] and theme["name"] != "klimaat"
    listed = as_alice.get(contracts_url(org)).json()
    assert listed["count"] == 1 and listed["results"] == [body]


def test_a_contract_without_links_gives_nulls(org, as_alice):
    contract = make_contract(org, "Los", start_date=None, end_date=None)
    body = as_alice.get(contracts_url(org, contract.pk)).json()
    assert (body["ledger_supplier_id"], body["register_kvk"], body["department_name"]) == (
        None,
        None,
        None,
    )
    assert (body["awarded_value"], body["value"], body["start_date"]) == (None, None, None)


def test_amounts_are_the_decimal_strings_that_were_saved(org, as_alice):
    saved = ["0.01", "1234.56", "99999999.99", "100000.00", "999999999999.99"]
    for number, value in enumerate(saved):
        make_contract(org, f"Contract {number}", awarded_value=value)
    results = as_alice.get(contracts_url(org)).json()["results"]
    assert sorted(row["awarded_value"] for row in results) == sorted(saved)
    for row in results:
        stored = Contract.objects.get(pk=row["id"]).awarded_value
        assert isinstance(row["awarded_value"], str) and Decimal(row["awarded_value"]) == stored


def test_the_list_comes_in_pages(org, as_alice):
    for number in range(5):
        make_contract(org, f"Contract {number}", end_date=date(2030, 1, number + 1))
    first = as_alice.get(contracts_url(org), {"page_size": 2}).json()
    assert first["count"] == 5
    assert [row["title"] for row in first["results"]] == ["Contract 0", "Contract 1"]
    assert "page=2" in first["next"] and first["previous"] is None
    last = as_alice.get(contracts_url(org), {"page_size": 2, "page": 3}).json()
    assert [row["title"] for row in last["results"]] == ["Contract 4"]
    assert last["next"] is None


def titles(as_alice, org, **query) -> list[str]:
    response = as_alice.get(contracts_url(org), query)
    assert response.status_code == 200, response.content[:500]
    return sorted(row["title"] for row in response.json()["results"])


def test_filters_on_day_supplier_kvk_social_return_cpv_department_and_text(org, as_alice):
    company = Company.objects.create(kvk_number="87654321", name="Groen B.V.")
    supplier = Supplier.objects.create(organisation=org, key="n:1", name="Groen", company=company)
    department = Department.objects.create(organisation=org, name="Openbare ruimte")
    make_contract(
        org,
        "Groen",
        supplier=supplier,
        company=company,
        department=department,
        social_return=True,
        cpv_codes=["77310000-6"],  # planting and maintenance of green areas
        start_date=date(2024, 1, 1),
        end_date=date(2025, 12, 31),
    )
    make_contract(
        org,
        "Bouw",
        supplier_kvk="11223344",
        cpv_codes=["45210000-2"],  # building construction work
        start_date=date(2025, 6, 1),
        end_date=date(2026, 5, 31),
        extension_until=date(2027, 5, 31),
    )
    make_contract(org, "Oud", start_date=date(2020, 1, 1), end_date=date(2021, 1, 1))
    assert titles(as_alice, org, active_on="2026-12-01") == ["Bouw"]  # in its extension option
    assert titles(as_alice, org, active_on="2025-07-01") == ["Bouw", "Groen"]
    assert titles(as_alice, org, supplier=supplier.pk) == ["Groen"]
    assert titles(as_alice, org, kvk="87654321") == ["Groen"]  # the register company's
    assert titles(as_alice, org, kvk="1122 3344") == ["Bouw"]  # as entered
    assert titles(as_alice, org, social_return="yes") == ["Groen"]
    assert titles(as_alice, org, social_return="no") == ["Bouw", "Oud"]
    assert titles(as_alice, org, cpv="45000000-7") == ["Bouw"]  # construction, and below it
    assert titles(as_alice, org, cpv="45210000") == ["Bouw"]
    assert titles(as_alice, org, cpv="77000000-0") == ["Groen"]
    assert titles(as_alice, org, cpv="45100000-8") == []
    assert titles(as_alice, org, department=department.pk) == ["Groen"]
    assert titles(as_alice, org, q="bou") == ["Bouw"]


def test_bad_filters_are_refused_naming_the_parameter(org, as_alice):
    assert set(errors_of(as_alice.get(contracts_url(org), {"cpv": "45000000-1"}))) == {"cpv"}
    assert set(errors_of(as_alice.get(contracts_url(org), {"active_on": "morgen"}))) == {
        "active_on"
    }
    assert set(errors_of(as_alice.get(contracts_url(org), {"social_return": "ja"}))) == {
        "social_return"
    }


def test_another_organisations_contract_is_not_found(org, other_org, as_alice):
    theirs = make_contract(other_org, "Van hen", awarded_value="1000.00")
    assert as_alice.get(contracts_url(org, theirs.pk)).status_code == 404
    entries = AuditEntry.objects.count()
    assert as_alice.patch(contracts_url(org, theirs.pk), {"title": "Van ons"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Van hen" and AuditEntry.objects.count() == entries
    assert as_alice.get(contracts_url(org)).json()["count"] == 0


# -- writing contracts -------------------------------------------------------------------------


def test_post_then_get_gives_back_what_was_sent(org, as_alice):
    department = Department.objects.create(organisation=org, name="Facilitair")
    sent = {
        "reference": "C-2026-1",
        "title": "Catering",
        "supplier_name": "De Keuken BV",
        "supplier_kvk": "12345678",
        "department_id": department.pk,
        "category_id": None,
        "cpv_codes": ["55520000-1"],
        "estimated_value": "250000.00",
        "awarded_value": "234999.99",
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
        "extension_until": "2031-12-31",
        "extension_decide_by": "2029-06-30",
        "extension_decided": False,
        "procedure": "open",
        "reserved": False,
        "social_return": True,
        "social_return_percentage": "5.00",
    }
    created = as_alice.post(contracts_url(org), sent)
    assert created.status_code == 201, created.content[:500]
    read = as_alice.get(created["Location"])
    assert read.status_code == 200
    assert read.json() == created.json()
    assert {key: read.json()[key] for key in sent} == sent
    contract = Contract.objects.get(pk=created.json()["id"])
    assert contract.source == "hand" and contract.awarded_value == Decimal("234999.99")


def test_amounts_may_be_numbers_and_are_kept_to_the_cent(org, as_alice):
    created = as_alice.post(contracts_url(org), {"title": "Getal", "awarded_value": 1500.5})
    assert created.status_code == 201, created.content[:500]
    assert created.json()["awarded_value"] == "1500.50"


def test_patch_changes_what_is_sent_and_logs_it(org, alice, as_alice):
    contract = make_contract(org, "Schoonmaak", awarded_value="1000.00", cpv_codes=["90910000-9"])
    response = as_alice.patch(contracts_url(org, contract.pk), {"awarded_value": "1250.00"})
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert (body["awarded_value"], body["title"], body["cpv_codes"]) == (
        "1250.00",
        "Schoonmaak",
        ["90910000-9"],
    )
    entry = AuditEntry.objects.get(action="contracts.contract_updated")
    assert (entry.actor, entry.object_id, entry.after) == (
        alice,
        str(contract.pk),
        {"awarded_value": "1250.00"},
    )
    assert AuditEntry.objects.filter(action="api.write").count() == 1


def test_patch_may_empty_a_field(org, as_alice):
    department = Department.objects.create(organisation=org, name="Facilitair")
    contract = make_contract(org, "Schoonmaak", department=department, cpv_codes=["90910000-9"])
    response = as_alice.patch(
        contracts_url(org, contract.pk), {"department_id": None, "cpv_codes": []}
    )
    assert response.status_code == 200, response.content[:500]
    contract.refresh_from_db()
    assert contract.department is None and contract.cpv_codes == []


def test_validation_errors_name_the_field_and_nothing_is_saved(org, other_org, as_alice):
    make_contract(org, "Bestaand", reference="C-1")
    theirs = Department.objects.create(organisation=other_org, name="Van hen")
    cases = [
        ({"title": "Fout", "start_date": "2026-01-01", "end_date": "2025-01-01"}, "end_date"),
        ({"title": "Fout", "supplier_kvk": "1234"}, "supplier_kvk"),
        ({"title": "Fout", "cpv_codes": ["99999999"]}, "cpv_codes"),
        ({"title": "Fout", "department_id": theirs.pk}, "department_id"),
        ({"title": "Fout", "awarded_value": "12.345"}, "awarded_value"),
        ({"title": "Fout", "awarded_value": "-5"}, "awarded_value"),
        ({"title": "Fout", "awarded_value": "veel"}, "awarded_value"),
        ({"title": "Fout", "social_return_percentage": "101"}, "social_return_percentage"),
        ({"title": "Fout", "reference": "c-1"}, "reference"),
        ({"title": "Fout", "procedure": "lottery"}, "procedure"),
        ({"title": "Fout", "start_date": "1 januari"}, "start_date"),
        ({"title": ""}, "title"),
        ({"supplier_name": "Zonder titel"}, "title"),
        ({"title": "x" * 301}, "title"),
    ]
    for body, field in cases:
        assert set(errors_of(as_alice.post(contracts_url(org), body))) == {field}, body
    assert list(Contract.objects.values_list("title", flat=True)) == ["Bestaand"]
    assert not AuditEntry.objects.filter(action__startswith="contracts.").exists()


def test_a_patch_is_checked_against_the_values_it_keeps(org, as_alice):
    contract = make_contract(
        org, "Schoonmaak", start_date=date(2026, 1, 1), end_date=date(2027, 1, 1)
    )
    response = as_alice.patch(contracts_url(org, contract.pk), {"start_date": "2028-01-01"})
    assert set(errors_of(response)) == {"end_date"}
    contract.refresh_from_db()
    assert contract.start_date == date(2026, 1, 1)


def test_a_body_that_is_not_an_object_is_refused(org, as_alice):
    assert errors_of(as_alice.post(contracts_url(org), ["title"]))


def test_a_create_writes_the_audit_entry_the_browser_writes(org, alice, as_alice, client_for):
    page = {
        "title": "Catering",
        "supplier_name": "De Keuken BV",
        "awarded_value": "234999.99",
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
        "cpv_codes": "55520000-1",
        "social_return": "on",
    }
    browser = client_for(alice).post(reverse("contracts:contract_new", args=[org.slug]), page)
    assert browser.status_code == 302
    api = as_alice.post(
        contracts_url(org),
        {**page, "cpv_codes": ["55520000-1"], "social_return": True},
    )
    assert api.status_code == 201, api.content[:500]
    by_browser, by_api = AuditEntry.objects.filter(action="contracts.contract_created").order_by(
        "pk"
    )
    fields = ("actor_id", "actor_label", "organisation_id", "object_type", "before", "after")
    assert [getattr(by_api, name) for name in fields] == [
        getattr(by_browser, name) for name in fields
    ]
    assert by_api.object_id == str(api.json()["id"])
    assert by_api.after == {
        "title": "Catering",
        "supplier_name": "De Keuken BV",
        "cpv_codes": ["55520000-1"],
        "awarded_value": "234999.99",
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
        "social_return": True,
    }
    # And the API's own entry of the writing call, under the token's name.
    write = AuditEntry.objects.get(action="api.write")
    assert write.after["method"] == "POST" and write.after["status"] == 201


def test_an_organisation_tokens_writes_are_logged_under_its_name(org, make_token, api):
    organisation_token = api(make_token(org))  # no person behind it
    assert organisation_token.post(contracts_url(org), {"title": "Catering"}).status_code == 201
    entry = AuditEntry.objects.get(action="contracts.contract_created")
    assert entry.actor is None and "test organisation" in entry.actor_label


def test_a_viewers_token_reads_but_does_not_write(org, bob, make_token, api):
    make_contract(org, "Schoonmaak")
    as_bob = api(make_token(org, kind=ApiToken.Kind.PERSONAL, user=bob))
    assert as_bob.get(contracts_url(org)).status_code == 200
    assert as_bob.post(contracts_url(org), {"title": "Nee"}).status_code == 403
    assert Contract.objects.count() == 1


# -- tenders -----------------------------------------------------------------------------------


def decide(tender, user, decisions: dict[str, dict]):
    themes = {theme.theme_key: theme for theme in tender.themes.all()}
    chosen = []
    for key, values in decisions.items():
        theme = themes[key]
        for name, value in values.items():
            setattr(theme, name, value)
        chosen.append(theme)
    decide_themes(tender, chosen, actor=user)


def test_a_tender_with_its_decision_per_theme_and_its_status(org, buyer, as_alice):
    tender = create_tender(
        org,
        actor=buyer,
        title="Catering",
        estimated_value=Decimal("300000.00"),
        cpv_codes=["55520000-1"],
        planned_publication=date(2026, 3, 1),
        status=Tender.Status.PREPARING,
        budget_holder=buyer,
    )
    decide(
        tender,
        buyer,
        {
            "klimaat": {
                "decision": "applied",
                "how": "award",
                "weight": Decimal("10.00"),
                "ambition": 2,
                "text": "CO2-prestatieladder",
            },
            "milieu": {"decision": "explained", "reason": "no_market", "explanation": "Geen"},
        },
    )
    response = as_alice.get(tenders_url(org, tender.pk))
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("status", "origin", "estimated_value", "cpv_codes")} == {
        "status": "preparing",
        "origin": "hand",
        "estimated_value": "300000.00",
        "cpv_codes": ["55520000-1"],
    }
    assert (body["rules_version"], body["mvoi_required"], body["social_return_required"]) == (
        1,
        True,
        True,
    )
    assert (body["tenderboard_review"], body["social_return_effective"]) == (True, "5.00")
    assert (body["budget_holder_id"], body["budget_holder_name"]) == (buyer.pk, "Jeroen")
    assert body["planned_publication"] == "2026-03-01" and body["contract_id"] is None
    themes = {theme["key"]: theme for theme in body["themes"]}
    assert len(themes) == 6
    assert {
        key: themes["klimaat"][key] for key in ("decision", "how", "weight", "ambition", "text")
    } == {
        "decision": "applied",
        "how": "award",
        "weight": "10.00",
        "ambition": 2,
        "text": "CO2-prestatieladder",
    }
    assert {key: themes["milieu"][key] for key in ("decision", "reason", "explanation")} == {
        "decision": "explained",
        "reason": "no_market",
        "explanation": "Geen",
    }
    assert themes["circulair"]["decision"] is None and themes["circulair"]["decided_at"] is None
    listed = as_alice.get(tenders_url(org)).json()
    assert listed["count"] == 1 and listed["results"] == [body]


def tender_titles(as_alice, org, **query) -> list[str]:
    response = as_alice.get(tenders_url(org), query)
    assert response.status_code == 200, response.content[:500]
    return sorted(row["title"] for row in response.json()["results"])


def test_tenders_filter_on_status_origin_and_year(org, buyer, as_alice):
    value = Decimal("60000")
    create_tender(org, actor=buyer, title="Idee", estimated_value=value)
    create_tender(
        org,
        actor=buyer,
        title="Gepland",
        estimated_value=value,
        status=Tender.Status.PUBLISHED,
        planned_publication=date(2025, 5, 1),
    )
    create_tender(
        org, actor=buyer, title="Uit uitgaven", estimated_value=value, origin=Tender.Origin.SPEND
    )
    assert tender_titles(as_alice, org, status="published") == ["Gepland"]
    assert tender_titles(as_alice, org, origin="spend") == ["Uit uitgaven"]
    assert tender_titles(as_alice, org, year=2025) == ["Gepland"]
    # Without a planned date a tender counts in the year it was entered.
    this_year = timezone.localdate().year
    assert tender_titles(as_alice, org, year=this_year) == ["Idee", "Uit uitgaven"]
    assert set(errors_of(as_alice.get(tenders_url(org), {"status": "klaar"}))) == {"status"}


def test_tenders_come_in_pages(org, buyer, as_alice):
    for number in range(3):
        create_tender(
            org,
            actor=buyer,
            title=f"Tender {number}",
            estimated_value=Decimal("1000"),
            planned_publication=date(2026, 1, 1) + timedelta(days=number),
        )
    page = as_alice.get(tenders_url(org), {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3 and [row["title"] for row in page["results"]] == ["Tender 2"]


def test_another_organisations_tender_is_not_found(org, other_org, charlie, as_alice):
    theirs = create_tender(other_org, actor=charlie, title="Van hen", estimated_value=Decimal("1"))
    assert as_alice.get(tenders_url(org, theirs.pk)).status_code == 404
    assert as_alice.get(tenders_url(org)).json()["count"] == 0


def test_post_a_tender_then_get_it_with_the_themes_to_decide(org, buyer, as_alice):
    sent = {
        "title": "Groenonderhoud",
        "description": "Maaien en snoeien",
        "estimated_value": "300000.00",
        "cpv_codes": ["77310000-6"],
        "budget_holder_id": buyer.pk,
        "planned_publication": "2026-09-01",
        "status": "preparing",
        "procedure": "open",
        "reserved_procurement": "none",
        "social_objectives": [],
        "region": "",
        "social_return_percentage": "2.00",
        "social_return_reason": "no_labour",
        "social_return_explanation": "Vooral levering van planten",
    }
    created = as_alice.post(tenders_url(org), sent)
    assert created.status_code == 201, created.content[:500]
    read = as_alice.get(created["Location"]).json()
    assert read == created.json()
    assert {key: read[key] for key in sent} == sent
    assert read["social_return_effective"] == "2.00" and read["rules_version"] == 1
    assert len(read["themes"]) == 6
    assert {theme["decision"] for theme in read["themes"]} == {None}


def test_a_tender_is_checked_as_the_form_checks_it(org, as_alice):
    less = {"title": "Groen", "estimated_value": "300000", "social_return_percentage": "2"}
    assert set(errors_of(as_alice.post(tenders_url(org), less))) == {
        "social_return_reason",
        "social_return_explanation",
    }
    assert set(
        errors_of(
            as_alice.post(tenders_url(org), {"title": "Groen", "estimated_value": "drie ton"})
        )
    ) == {"estimated_value"}
    assert set(
        errors_of(
            as_alice.post(
                tenders_url(org),
                {"title": "Groen", "estimated_value": "1", "cpv_codes": ["99999999"]},
            )
        )
    ) == {"cpv_codes"}
    assert set(errors_of(as_alice.post(tenders_url(org), {"title": "Groen"}))) == {
        "estimated_value"
    }
    assert set(
        errors_of(
            as_alice.post(
                tenders_url(org), {"title": "Groen", "estimated_value": "1", "status": "awarded"}
            )
        )
    ) == {"status"}
    assert set(
        errors_of(
            as_alice.post(
                tenders_url(org),
                {"title": "Groen", "estimated_value": "1", "reserved_procurement": "maybe"},
            )
        )
    ) == {"reserved_procurement"}
    assert not Tender.objects.exists()


def test_a_tender_create_writes_the_audit_entry_the_browser_writes(
    org, alice, as_alice, client_for
):
    page = {
        "title": "Printers",
        "estimated_value": "80000.00",
        "status": "idea",
        "reserved_procurement": "none",
        "planned_publication": "2026-09-01",
    }
    browser = client_for(alice).post(reverse("contracts:tender_new", args=[org.slug]), page)
    assert browser.status_code == 302
    api = as_alice.post(tenders_url(org), page)
    assert api.status_code == 201, api.content[:500]
    by_browser, by_api = AuditEntry.objects.filter(action="contracts.tender_created").order_by("pk")
    fields = ("actor_id", "actor_label", "organisation_id", "object_type", "before", "after")
    assert [getattr(by_api, name) for name in fields] == [
        getattr(by_browser, name) for name in fields
    ]
    assert by_api.after["estimated_value"] == "80000.00"
    assert by_api.after["planned_publication"] == "2026-09-01"
    first, second = Tender.objects.order_by("pk")
    assert [theme.theme_key for theme in first.themes.all()] == [
        theme.theme_key for theme in second.themes.all()
    ]


ODD_QUERIES = [
    {"department": "99999999999999999999999999"},
    {"supplier": "1e30"},
    {"supplier": "-1"},
    {"active_on": "0001-01-01"},
    {"active_on": "9999-12-31"},
    {"cpv": "x" * 500},
    {"q": "a\x00b"},
    {"kvk": "\x00"},
    {"page_size": "0"},
    {"page": "999"},
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_are_answered_not_failed(org, as_alice, query):
    make_contract(org, "Schoonmaak")
    assert as_alice.get(contracts_url(org), query).status_code in (200, 400, 404)


ODD_TENDER_QUERIES = [{"year": "99999999999"}, {"year": "-5"}, {"category": "1.5"}]


@pytest.mark.parametrize("query", ODD_TENDER_QUERIES)
def test_odd_tender_queries_are_answered_not_failed(org, as_alice, query):
    assert as_alice.get(tenders_url(org), query).status_code in (200, 400)


ODD_BODIES = [
    {"title": "a\x00b"},
    {"title": "Groot", "awarded_value": "1e999999"},
    {"title": "Klein", "awarded_value": "1e-999999"},
    {"title": "Niets", "awarded_value": "NaN"},
    {"title": "Oneindig", "awarded_value": "Infinity"},
    {"title": "Te groot", "awarded_value": "10000000000000"},
    {"title": "Id", "department_id": 2**70},
    {"title": "Codes", "cpv_codes": "45000000-7"},
    {"title": "Codes", "cpv_codes": [None]},
    {"title": "Dag", "start_date": "0000-01-01"},
    {"title": "Waar", "reserved": "misschien"},
    {"title": ["lijst"]},
]


@pytest.mark.parametrize("body", ODD_BODIES)
def test_odd_bodies_are_refused_with_the_field(org, as_alice, body):
    response = as_alice.post(contracts_url(org), body)
    assert response.status_code == 400, response.content[:500]
    assert all(error["field"].split(".")[0] in body for error in response.json()["errors"])
    assert not Contract.objects.exists()


ODD_TENDER_BODIES = [
    {"title": "Groot", "estimated_value": "1e999999"},
    {"title": "Wie", "estimated_value": "1", "budget_holder_id": 2**62},
    {"title": "Regio", "estimated_value": "1", "region": "Atlantis"},
    {"title": "Doel", "estimated_value": "1", "social_objectives": ["world-peace"]},
    {"title": "x" * 301, "estimated_value": "1"},
]


@pytest.mark.parametrize("body", ODD_TENDER_BODIES)
def test_odd_tender_bodies_are_refused_with_the_field(org, as_alice, body):
    response = as_alice.post(tenders_url(org), body)
    assert response.status_code == 400, response.content[:500]
    assert all(error["field"].split(".")[0] in body for error in response.json()["errors"])
    assert not Tender.objects.exists()


def test_the_schema_names_the_filters_and_the_fields_to_write(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    contracts = schema["paths"]["/api/v1/o/{org_slug}/contracts/"]
    assert {parameter["name"] for parameter in contracts["get"]["parameters"]} >= {
        "active_on",
        "supplier",
        "kvk",
        "social_return",
        "cpv",
        "page",
        "page_size",
    }
    tenders = schema["paths"]["/api/v1/o/{org_slug}/tenders/"]
    assert {parameter["name"] for parameter in tenders["get"]["parameters"]} >= {"status", "year"}
    components = schema["components"]["schemas"]
    assert components["ContractInputRequest"]["required"] == ["title"]
    assert set(components["TenderInputRequest"]["required"]) == {"title", "estimated_value"}
    assert "PatchedContractInputRequest" in components
