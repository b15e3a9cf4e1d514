"""OCDS both ways: the export validates against the OCDS 1.1 release-package schema, leaves out
unpublished estimates, and imported into another organisation gives the same tenders, values,
dates, CPV codes and suppliers back; TenderNed's fictional example imports; bad files are
refused with a clear message."""

import io
import json
from datetime import date
from decimal import Decimal

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from impactinkoop.contracts.models import Contract, Tender
from impactinkoop.contracts.ocds import export_package
from impactinkoop.contracts.services import award, create_tender
from impactinkoop.core.reference.ocds import package_json, validate_release_package

from ..shared_data import SHARED, needs_shared
from .helpers import make_contract

pytestmark = pytest.mark.django_db

SCHEMA = SHARED / "tenders" / "ocds-schema" / "release-package-schema.json"
EXAMPLE = SHARED / "tenders" / "ocds-fictional-example"
EXTENSION = "https://example.org/static/impactinkoop/ocds-extension/extension.json"


@pytest.fixture
def register(org, alice):
    published = create_tender(
        org,
        actor=alice,
        title="Groenonderhoud",
        estimated_value=Decimal("480000.50"),
        cpv_codes=["77310000-6"],
        status="published",
        planned_publication=date(2026, 3, 1),
        procedure="open",
        social_objectives=["opp"],
    )
    published.themes.filter(theme_key="klimaat").update(
        decision="applied", how="award", weight=Decimal("10"), ambition=2, text="CO2-arme machines"
    )
    unpublished = create_tender(
        org, actor=alice, title="Koffie", estimated_value=Decimal("90000"), status="idea"
    )
    awarded = create_tender(
        org,
        actor=alice,
        title="Catering",
        estimated_value=Decimal("240000"),
        cpv_codes=["55520000-1"],
        status="published",
    )
    award(
        awarded,
        actor=alice,
        supplier_name="De Keuken B.V.",
        awarded_value=Decimal("235000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2029, 12, 31),
        reference="C-CAT",
    )
    Contract.objects.filter(reference="C-CAT").update(supplier_kvk="12345678")
    make_contract(
        org,
        "Schoonmaak",
        reference="C-SCH",
        awarded_value="1234567.89",
        cpv_codes=["90910000-9"],
        supplier_name="Schoon B.V.",
        supplier_kvk="87654321",
        start_date=date(2024, 1, 1),
        end_date=date(2026, 12, 31),
        extension_until=date(2027, 12, 31),
        social_return=True,
    )
    return {"published": published, "unpublished": unpublished, "awarded": awarded}


def exported(org) -> dict:
    package = export_package(org, uri="https://example.org/ocds.json", extension_url=EXTENSION)
    return json.loads(package_json(package))


@needs_shared(EXAMPLE)
def test_the_export_validates_against_the_release_package_schema(org, register):
    package = exported(org)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # The release schema is referenced by URL; resolve it from the local copy.
    release_schema = json.loads(
        (SHARED / "tenders" / "ocds-schema" / "release-schema.json").read_text(encoding="utf-8")
    )
    resolver = jsonschema.RefResolver.from_schema(
        schema, store={release_schema.get("id", ""): release_schema}
    )
    jsonschema.Draft4Validator(schema, resolver=resolver).validate(package)
    assert validate_release_package(package) == []  # with our extension's fields too
    assert len(package["releases"]) == 4


def test_the_estimate_of_an_unpublished_tender_is_left_out(org, register):
    releases = {r["tender"]["title"]: r for r in exported(org)["releases"] if "tender" in r}
    assert "value" not in releases["Koffie"]["tender"]
    assert releases["Groenonderhoud"]["tender"]["value"]["amount"] == 480000.5


def test_our_export_imported_elsewhere_gives_the_same_back(org, other_org, register, tmp_path):
    path = tmp_path / "export.json"
    package = export_package(org, uri="https://example.org/x.json", extension_url=EXTENSION)
    path.write_text(package_json(package))
    out = io.StringIO()
    call_command("import_contracts", str(path), "--org", other_org.slug, "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["rows"], summary["new"], summary["rejected"]) == (4, 2, 0)
    assert summary["total"] == "1469567.89"

    def tenders(organisation):
        return sorted(
            Tender.objects.for_organisation(organisation).values_list(
                "title", "estimated_value", "planned_publication", "cpv_codes"
            )
        )

    original = tenders(org)
    copied = tenders(other_org)
    # Only the unpublished tender's estimate stays behind, on purpose.
    assert copied == [
        (title, None if title == "Koffie" else value, day, codes)
        for title, value, day, codes in original
    ]

    def contracts(organisation):
        return sorted(
            Contract.objects.for_organisation(organisation).values_list(
                "reference",
                "awarded_value",
                "start_date",
                "end_date",
                "extension_until",
                "cpv_codes",
                "supplier_name",
                "supplier_kvk",
            )
        )

    assert contracts(other_org) == contracts(org)
    catering = Tender.objects.get(organisation=other_org, title="Catering")
    assert catering.awarded_contract.reference == "C-CAT"
    groen = Tender.objects.get(organisation=other_org, title="Groenonderhoud")
    applied = groen.themes.get(theme_key="klimaat")
    assert (applied.decision, applied.how, applied.ambition) == ("applied", "award", 2)
    assert groen.social_objectives == ["opp"]

    again = io.StringIO()
    call_command("import_contracts", str(path), "--org", other_org.slug, "--json", stdout=again)
    repeat = json.loads(again.getvalue())
    assert (repeat["new"], repeat["updated"], repeat["unchanged"]) == (0, 0, 2)
    assert Tender.objects.for_organisation(other_org).count() == 3


@needs_shared(EXAMPLE)
def test_tenderneds_fictional_example_imports(org):
    files = sorted(str(path) for path in EXAMPLE.glob("*.json"))
    out = io.StringIO()
    call_command("import_contracts", *files, "--org", org.slug, "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["rows"] == 1 and summary["rejected"] == 0
    tender = Tender.objects.get(organisation=org)
    assert tender.ocid.startswith("ocds-213czf-000-00001")
    assert tender.cpv_codes
    contract = Contract.objects.get(organisation=org)
    assert contract.source == "ocds" and contract.tender == tender
    assert contract.awarded_value is not None
    assert summary["total"] == str(contract.awarded_value)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"{not json", "JSON"),
        (b'{"releases": 3}', "OCDS"),
        (b'{"something": []}', "OCDS"),
    ],
)
def test_a_file_that_is_not_ocds_is_refused_clearly(org, tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=words):
        call_command("import_contracts", str(path), "--org", org.slug, "--json")
    assert not Contract.objects.exists() and not Tender.objects.exists()


def test_a_huge_file_is_refused(org, tmp_path, settings):
    settings.OCDS_IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"releases": [{"ocid": "x" * 2000}]}))
    with pytest.raises(CommandError, match="MB"):
        call_command("import_contracts", str(path), "--org", org.slug, "--json")


def test_the_export_page_downloads_the_package(org, bob, register, client_for):
    response = client_for(bob).get(reverse("contracts:ocds_export", args=[org.slug]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    package = json.loads(response.content)
    assert package["extensions"] and len(package["releases"]) == 4
