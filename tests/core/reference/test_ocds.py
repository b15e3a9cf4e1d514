"""Reading and writing OCDS: the worked example, our own export round trip, and bad files."""

import io
import json
import tracemalloc
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from impactinkoop.core.reference import ocds
from impactinkoop.core.reference.ocds import (
    OcdsContract,
    OcdsFileError,
    OcdsMviTheme,
    OcdsParty,
    OcdsProcurement,
    OcdsPublisher,
    OcdsTender,
)
from tests.shared_data import SHARED, needs_shared

EXAMPLE = SHARED / "tenders" / "ocds-fictional-example"
STAGES = ["01-planning", "02-tender", "03-tenderAmendment", "04-award", "05-contract"]
STAGES += ["06-implementation"]
OCID = "ocds-213czf-000-00001"
EXTENSION = "https://example.org/ocds-extension/extension.json"


def example(stage: str):
    return open(EXAMPLE / f"{OCID}-{stage}.json", "rb")


def read(*files, **options) -> list[ocds.OcdsItem]:
    return list(ocds.read_release_package(*files, **options))


def from_text(text: str, **options) -> list[ocds.OcdsItem]:
    return read(io.BytesIO(text.encode("utf-8")), **options)


def only(items) -> OcdsProcurement:
    assert len(items) == 1 and not items[0].problems, [p.as_dict() for p in items[0].problems]
    return items[0].procurement


# The OCDS worked example: one procurement in six packages.

needs_example = needs_shared(EXAMPLE)


@needs_example
@pytest.mark.parametrize("stage", STAGES)
def test_each_package_of_the_worked_example_reads_without_problems(stage):
    with example(stage) as file:
        procurement = only(read(file))
    assert procurement.ocid == OCID
    assert procurement.buyer.name == "London Borough of Barnet"
    assert procurement.buyer.identifier_scheme == "GB-LAC"


@needs_example
def test_the_planning_package_has_the_planned_tender():
    with example("01-planning") as file:
        tender = only(read(file)).tender
    assert tender.status == "planned"
    assert tender.value == Decimal("1000000")


@needs_example
def test_the_award_package_names_the_supplier_value_and_period():
    with example("04-award") as file:
        (contract,) = only(read(file)).contracts
    assert contract.supplier.name == "AnyCorp Cycle Provision"
    assert contract.supplier.identifier_scheme == "GB-COH"
    assert contract.value == Decimal("11000000")
    assert contract.currency == "GBP"
    assert (contract.start, contract.end) == (date(2010, 7, 1), date(2011, 6, 30))
    assert contract.award_date == date(2010, 5, 10)


@needs_example
def test_the_six_packages_compile_into_one_procurement_the_newest_value_winning():
    files = [example(stage) for stage in reversed(STAGES)]  # file order must not matter
    try:
        procurement = only(read(*files))
    finally:
        for file in files:
            file.close()
    assert procurement.date == date(2011, 1, 10)
    tender = procurement.tender
    assert tender.title == "Planned cycle lane improvements"
    assert tender.status == "complete"  # planning, then active, then complete
    assert tender.value == Decimal("1100000")  # 1,000,000 planned, then 1,100,000
    assert tender.currency == "GBP"
    assert tender.cpv_codes == ("45233130-9", "45233162-2")  # "45233130.0" in the file
    assert tender.main_category == "works"
    assert tender.procurement_method == "open"
    assert tender.publication_date == date(2010, 3, 1)
    (contract,) = procurement.contracts
    assert contract.id == "ocds-213czf-000-00001-contract-01"
    assert contract.supplier.name == "AnyCorp Cycle Provision"
    assert contract.value == Decimal("11000000")
    assert (contract.start, contract.end, contract.max_end) == (
        date(2010, 7, 1),
        date(2011, 6, 30),
        date(2011, 12, 31),
    )
    assert contract.cpv_codes == ("45233130-9", "45233162-2")
    assert contract.status == "active"


@needs_example
def test_a_record_package_reads_like_its_releases():
    releases = []
    for stage in STAGES:
        with example(stage) as file:
            releases += json.load(file)["releases"]
    record_package = {"records": [{"ocid": OCID, "releases": releases}]}
    from_record = only(from_text(json.dumps(record_package)))
    from_list = only(from_text(json.dumps(releases)))
    files = [example(stage) for stage in STAGES]
    from_packages = only(read(*files))
    for file in files:
        file.close()
    assert from_record == from_list == from_packages


def test_a_record_with_only_a_compiled_release_reads_it():
    compiled = {"ocid": "ocds-x-1", "id": "1", "date": "2026-01-05T00:00:00Z", "tag": ["compiled"]}
    compiled["tender"] = {"id": "t", "value": {"amount": 5, "currency": "EUR"}}
    linked = [{"url": "https://example.org/1.json", "date": "2026-01-05T00:00:00Z", "tag": []}]
    package = {"records": [{"ocid": "ocds-x-1", "releases": linked, "compiledRelease": compiled}]}
    assert only(from_text(json.dumps(package))).tender.value == Decimal("5")


def test_releases_merge_per_id_and_a_null_removes_a_field():
    older = {
        "ocid": "o-1",
        "id": "a",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {"id": "t", "title": "Old", "description": "Gone later"},
        "awards": [{"id": "a1", "title": "One"}, {"id": "a2", "title": "Two"}],
    }
    newer = {
        "ocid": "o-1",
        "id": "b",
        "date": "2026-02-01T00:00:00Z",
        "tag": ["tenderUpdate"],
        "tender": {"title": "New", "description": None},
        "awards": [{"id": "a2", "title": "Two, amended"}],
    }
    procurement = only(from_text(json.dumps([newer, older])))
    assert procurement.tender.title == "New"
    assert procurement.tender.description == ""
    assert [contract.title for contract in procurement.contracts] == ["One", "Two, amended"]


def test_amounts_are_exact_decimals():
    release = {"ocid": "o-1", "id": "a", "date": "2026-01-01T00:00:00Z", "tag": ["tender"]}
    text = json.dumps({**release, "tender": {"id": "t"}}).replace(
        '"id": "t"}', '"id": "t", "value": {"amount": 1234567.89, "currency": "EUR"}}'
    )
    assert only(from_text(f"[{text}]")).tender.value == Decimal("1234567.89")


# Our own export, and back.


def procurements() -> list[OcdsProcurement]:
    buyer = OcdsParty("NL-KVK-50000001", "Gemeente Voorbeeld", "NL-KVK", "50000001")
    supplier = OcdsParty("NL-KVK-60000002", "Groen & Werk B.V.", "NL-KVK", "60000002")
    themes = (
        OcdsMviTheme("social-return", "contractCondition", 2, None, "5% van de opdrachtwaarde"),
        OcdsMviTheme("climate", "awardCriterion", 3, Decimal("12.5"), "CO2-prestatieladder"),
        OcdsMviTheme("circular", reason="no-market", explanation="Geen aanbod in de regio."),
    )
    awarded = OcdsProcurement(
        ocid="ocds-ik0001-voorbeeld-17",
        date=date(2026, 3, 2),
        buyer=buyer,
        tender=OcdsTender(
            id="T-17",
            title="Groenonderhoud 2026-2029",
            description="Onderhoud van het openbaar groen.",
            status="complete",
            value=Decimal("480000.00"),
            currency="EUR",
            cpv_codes=("77310000-6", "77313000-7"),
            main_category="services",
            procurement_method="open",
            publication_date=date(2025, 11, 3),
            reserved="res-ws",
            social_objectives=("opp",),
            strategic_procurement=("soc-obj", "env-imp"),
            mvi_themes=themes,
        ),
        contracts=(
            OcdsContract(
                id="C-17",
                title="Groenonderhoud 2026-2029",
                supplier=supplier,
                value=Decimal("455123.45"),
                currency="EUR",
                start=date(2026, 4, 1),
                end=date(2029, 3, 31),
                max_end=date(2031, 3, 31),
                cpv_codes=("77310000-6",),
                award_date=date(2026, 3, 2),
                status="active",
                reserved="res-ws",
                social_objectives=("opp",),
                social_return=True,
            ),
        ),
    )
    planned = OcdsProcurement(
        ocid="ocds-ik0001-voorbeeld-18",
        date=date(2026, 5, 1),
        buyer=buyer,
        tender=OcdsTender(
            id="T-18",
            title="Schoonmaak gemeentehuis",
            status="planned",
            value=Decimal("250000"),
            currency="EUR",
            cpv_codes=("90911200-8",),
            main_category="services",
        ),
    )
    return [awarded, planned]


def export(extension_url=EXTENSION, **options) -> dict:
    return ocds.write_release_package(
        procurements(),
        publisher=OcdsPublisher("Gemeente Voorbeeld", "NL-KVK", "50000001"),
        uri="https://impactinkoop.example/o/voorbeeld/contracts/ocds.json",
        extension_url=extension_url,
        **options,
    )


def test_the_export_is_valid_against_the_ocds_release_package_schema():
    package = export()
    assert ocds.validate_release_package(package) == []
    assert package["extensions"] == [EXTENSION]
    assert package["version"] == "1.1"
    assert len(package["releases"]) == 2


def test_the_validator_finds_what_breaks_the_schema():
    package = export()
    package["releases"][0]["tender"]["status"] = "almost done"
    package["releases"][0]["tender"]["mviThemes"][0]["ambitionLevel"] = 4
    del package["releases"][1]["ocid"]
    errors = ocds.validate_release_package(package)
    assert any(error.startswith("/releases/0/tender/status:") for error in errors)
    assert any(
        error.startswith("/releases/0/tender/mviThemes/0/ambitionLevel:") for error in errors
    )
    assert any(error.startswith("/releases/1:") and "ocid" in error for error in errors)


def test_the_export_read_back_gives_the_same_procurements():
    package = export(hide_unpublished_estimates=False)
    text = ocds.package_json(package)
    assert "455123.45" in text and "12.5" in text  # written as numbers, not through float
    assert only(from_text(text)[:1]) == procurements()[0]
    assert [item.procurement for item in from_text(text)] == procurements()


def test_the_estimate_of_a_tender_not_yet_published_is_left_out():
    package = export()
    planned = package["releases"][1]["tender"]
    assert planned["status"] == "planned"
    assert "value" not in planned
    assert package["releases"][0]["tender"]["value"]["amount"] == Decimal("480000.00")
    read_back = [item.procurement for item in from_text(ocds.package_json(package))]
    assert read_back[1].tender.value is None
    assert read_back[1] == replace(
        procurements()[1], tender=replace(procurements()[1].tender, value=None, currency="")
    )


def test_without_the_extension_our_own_fields_are_left_out_and_it_stays_valid():
    package = export(extension_url="")
    assert "extensions" not in package
    tender = package["releases"][0]["tender"]
    assert not {"mviThemes", "socialObjectives", "reservedProcurement"} & set(tender)
    assert "socialReturn" not in package["releases"][0]["contracts"][0]
    assert ocds.validate_release_package(package) == []
    read_back = only(from_text(ocds.package_json(package))[:1])
    assert read_back.tender.mvi_themes == ()
    assert read_back.contracts[0].supplier.name == "Groen & Werk B.V."


# Bad files: each refused with a clear, translated problem.


def refusal(text_or_bytes, **options) -> OcdsFileError:
    data = text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode()
    with pytest.raises(OcdsFileError) as refused:
        read(io.BytesIO(data), **options)
    return refused.value


@pytest.mark.parametrize("text", ["", "{releases: []}", '{"releases": [{"ocid": "x",', "\xff"])
def test_a_file_that_is_not_json_is_refused(text):
    data = b"\xff\xfe" if text == "\xff" else text.encode()
    problem = refusal(data).problem
    assert problem.code == "not_json"
    assert problem.line == 0


def test_the_not_json_message_is_translated():
    problem = refusal('{"releases": [{"ocid": "x", ').problem
    with translation.override("en"):
        assert problem.text.startswith("The file is not valid JSON (near byte ")
    with translation.override("nl"):
        assert problem.text.startswith("Het bestand is geen geldige JSON (rond byte ")


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ('{"name": "a ledger", "rows": []}', "no_list", ""),
        ("42", "no_list", ""),
        ('{"releases": {"ocid": "x"}}', "no_list", "/releases"),
        ('{"releases": [1, 2]}', "not_object", "/releases/0"),
        ('[{"id": "no ocid"}]', "no_ocid", "/0"),
        (
            '{"records": [{"ocid": "x", "releases": [{"url": "u", "date": "d"}]}]}',
            "linked_only",
            "/records/0",
        ),
    ],
)
def test_a_json_file_that_is_not_ocds_is_refused(text, code, column):
    problem = refusal(text).problem
    assert (problem.code, problem.column) == (code, column)


def test_a_file_over_the_cap_is_refused_before_it_is_read():
    problem = refusal("[" + " " * 2000 + "]", max_bytes=1000).problem
    assert problem.code == "too_large"
    with translation.override("en"):
        assert problem.text.startswith("The file is larger than 0.001 MB.")


class Pipe(io.RawIOBase):
    """A huge stream whose size cannot be told beforehand: releases made as they are read."""

    def __init__(self, releases: int):
        self.left = releases
        self.buffer = b'{"releases": ['

    def readable(self):
        return True

    def readinto(self, target):
        while len(self.buffer) < len(target) and self.left:
            self.left -= 1
            release = {"ocid": f"o-{self.left}", "id": "1", "date": "2026-01-01T00:00:00Z"}
            release["tender"] = {"id": "t", "description": "x" * 500}
            self.buffer += json.dumps(release).encode() + (b"," if self.left else b"]}")
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def test_a_huge_stream_over_the_cap_is_refused_with_bounded_memory():
    tracemalloc.start()
    try:
        with pytest.raises(OcdsFileError) as refused:
            read(Pipe(releases=100_000), max_bytes=5_000_000)  # about 60 MB if read whole
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.problem.code == "too_large"
    # Reading stops at the cap: what is held is the fields kept from the releases before it
    # (a few times the cap's bytes), never the 60 MB of the whole stream.
    assert peak < 20_000_000


def release_with(**tender) -> str:
    release = {"ocid": "o-1", "id": "a", "date": "2026-01-01T00:00:00Z", "tag": ["tender"]}
    return json.dumps({"releases": [{**release, "tender": {"id": "t", **tender}}]})


def problems_of(text: str, **options) -> list[tuple[str, str]]:
    (item,) = from_text(text, **options)
    assert item.procurement is None
    return [(problem.code, problem.column) for problem in item.problems]


def test_a_value_in_words_is_refused_at_its_pointer():
    text = release_with(value={"amount": "een miljoen", "currency": "EUR"})
    assert problems_of(text) == [("value_in_words", "/releases/0/tender/value/amount")]
    (item,) = from_text(text)
    with translation.override("nl"):
        assert item.problems[0].text == "“een miljoen” is geen bedrag: schrijf de waarde als getal."


def test_a_quoted_plain_number_is_an_amount():
    text = release_with(value={"amount": "1250.50", "currency": "EUR"})
    assert only(from_text(text)).tender.value == Decimal("1250.50")


def test_an_end_before_the_start_is_refused():
    period = {"startDate": "2026-06-01T00:00:00Z", "endDate": "2026-05-31T00:00:00Z"}
    text = release_with(contractPeriod=period)
    assert problems_of(text) == [("end_before_start", "/releases/0/tender/contractPeriod/endDate")]
    (item,) = from_text(text)
    with translation.override("en"):
        assert (
            item.problems[0].text == "The end date 2026-05-31 is before the start date 2026-06-01."
        )


def test_an_unreadable_date_is_refused():
    assert problems_of(release_with(datePublished="31-02-2026")) == [
        ("bad_date", "/releases/0/tender/datePublished")
    ]


def test_an_unknown_cpv_code_is_refused_with_its_code():
    item = {"id": "1", "classification": {"scheme": "CPV", "id": "99999999-9"}}
    text = release_with(items=[item])
    assert problems_of(text) == [("unknown_cpv", "/releases/0/tender/items/0/classification/id")]
    (found,) = from_text(text)
    with translation.override("en"):
        assert found.problems[0].text == "“99999999-9” is not a code of the CPV 2008."
    assert only(from_text(text, known_cpv=False)).tender.cpv_codes == ()


def test_problems_in_several_files_name_the_file():
    good = io.BytesIO(release_with().encode())
    good.name = "/somewhere/good.json"
    bad = io.BytesIO(release_with(value={"amount": "veel"}).encode())
    bad.name = "/somewhere/bad.json"
    (item,) = read(good, bad)
    assert [problem.column for problem in item.problems] == [
        "bad.json#/releases/0/tender/value/amount"
    ]


def test_one_bad_procurement_does_not_refuse_the_others():
    good = {"ocid": "o-good", "id": "a", "date": "2026-01-01T00:00:00Z", "tag": ["tender"]}
    bad = {**good, "ocid": "o-bad", "tender": {"id": "t", "value": {"amount": "veel"}}}
    items = from_text(json.dumps([good, bad]))
    assert [(item.number, item.ocid, bool(item.problems)) for item in items] == [
        (1, "o-good", False),
        (2, "o-bad", True),
    ]
    assert items[1].problems[0].line == 2


def test_tenderned_shapes_are_understood():
    # TenderNed's transformer puts the main CPV on the tender itself, reserves participation with
    # the other-requirements extension, and writes empty strings for what it does not know.
    tender = {
        "id": "t",
        "classification": {"scheme": "CPV", "id": "79530000-8"},
        "additionalClassifications": [{"scheme": "CPV", "id": "79540000-1"}],
        "otherRequirements": {"reservedParticipation": ["shelteredWorkshop"]},
        "value": {"amount": "", "currency": "EUR"},
        "tenderPeriod": {"startDate": "", "endDate": "2026-02-01T12:00:00+01:00"},
        "datePublished": "2026-01-05T09:00:00+01:00",
    }
    found = only(from_text(release_with(**tender))).tender
    assert found.cpv_codes == ("79530000-8", "79540000-1")
    assert found.reserved == "res-ws"
    assert found.value is None
    assert found.publication_date == date(2026, 1, 5)
