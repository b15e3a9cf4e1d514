"""Every page, in Dutch and in English, with structural WCAG checks: language, one h1, skip link,
landmarks, labelled controls, headings without gaps, images with alt text."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from impactinkoop.accounts.models import Invitation
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import Job


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.headings: list[int] = []
        self.label_targets: set[str] = set()
        self.controls: list[dict] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.landmarks: list[str] = []
        self.images_without_alt = 0
        self.first_link_text = ""
        self._in_first_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type") not in {"hidden", "submit", "button"}:
                self.controls.append(attrs)
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            self._in_first_link = len(self.links) == 1
        elif tag in {"main", "nav", "header", "footer"}:
            self.landmarks.append(tag)
        elif tag == "img" and "alt" not in attrs:
            self.images_without_alt += 1

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_first_link = False

    def handle_data(self, data):
        if self._in_first_link:
            self.first_link_text += data


SKIP_LINK = {"nl": "Naar de inhoud", "en": "Skip to content"}


@pytest.fixture(params=["nl", "en"])
def language(request, client):
    client.cookies["django_language"] = request.param
    return request.param


def check(response, language: str, status: int = 200) -> None:
    """The page answered `status` (a walk that met a redirect or an error page would check the
    wrong page) and has the structure every page needs."""
    assert response.status_code == status, (
        response.request["PATH_INFO"],
        response.status_code,
        response.get("Location"),
    )
    page = PageStructure()
    page.feed(response.content.decode())
    assert page.lang == language
    assert page.first_link_text.strip() == SKIP_LINK[language]
    assert page.headings.count(1) == 1, "one h1 per page"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"
    assert page.links and page.links[0] == "#main", "the skip link comes first"
    assert "main" in page.ids and "main" in page.landmarks
    for control in page.controls:
        labelled = (
            control.get("id") in page.label_targets
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        assert labelled, f"control without label: {control}"
    assert page.images_without_alt == 0


ORGANISATION_PAGES = [
    ("portal:home", {}),
    ("portal:step", {"step_slug": "inventory"}),
    ("portal:audit", {}),
    ("portal:jobs", {}),
    ("accounts:members", {}),
    ("accounts:settings", {}),
    ("accounts:house_style", {}),
    ("registry:companies", {}),
    ("registry:company_create", {}),
    ("registry:policy", {}),
    ("registry:import_start", {}),
    ("spend:imports", {}),
    ("spend:suppliers", {}),
    ("spend:matches", {}),
    ("spend:match_list", {}),
    ("spend:baseline", {}),
    ("spend:baseline_lines", {}),
    ("sroi:monitoring", {}),
]


@pytest.mark.parametrize("name,kwargs", ORGANISATION_PAGES)
def test_organisation_pages(name, kwargs, language, org, alice, bob, client_for):
    alice.language = language
    alice.save()
    Invitation.new(organisation=org, email="x@example.org", role=Role.VIEWER, invited_by=alice)[
        0
    ].save()
    response = client_for(alice).get(reverse(name, kwargs={"org_slug": org.slug, **kwargs}))
    check(response, language)


def test_house_style_pages_with_a_logo(language, org, alice, client_for):
    """The organisation's page with its logo in the header, the public catalogue in its house
    style, and the platform administrator's page of token sets."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from impactinkoop.accounts.services import update_theme

    from .accounts.test_themes import png

    update_theme(
        actor=alice,
        organisation=org,
        changes={"public_catalogue": True},
        logo=SimpleUploadedFile("logo.png", png(), "image/png"),
    )
    alice.language = language
    alice.is_staff = True
    alice.save()
    client = client_for(alice)
    for url, logos in (
        # On the house style page the logo is also in the sample header.
        (reverse("accounts:house_style", args=[org.slug]), 2),
        (reverse("accounts:house_styles"), 0),
        (reverse("catalogue:themed_home", args=[org.slug]), 1),
    ):
        response = client.get(url)
        check(response, language)
        assert response.content.decode().count('class="brand-logo"') == logos


def test_register_company_and_import_pages(language, org, alice, client_for):
    from impactinkoop.core.models import StoredFile
    from impactinkoop.registry.models import Company, Qualification, RegisterImport

    alice.language = language
    alice.save()
    company = Company.objects.create(kvk_number="01234567", name="De Werkplaats")
    qualification = Qualification.objects.create(
        company=company, source="pso", level="pso_2", valid_from="2025-01-01"
    )
    register_import = RegisterImport.objects.create(
        organisation=org,
        started_in=org,
        source="code_so",
        mapping={"name": "Naam"},
        file=StoredFile.from_bytes(b"Naam;Plaats\nDe Brug;Utrecht\n", name="r.csv"),
        preview={"columns": ["Naam", "Plaats"], "rows": [[2, ["De Brug", "Utrecht"]]]},
    )
    client = client_for(alice)
    for name, pk in [
        ("registry:company", company.pk),
        ("registry:qualification_create", company.pk),
        ("registry:import_mapping", register_import.pk),
    ]:
        check(client.get(reverse(name, args=[org.slug, pk])), language)
    alice.is_staff = True
    alice.save()
    for name, pk in [
        ("registry:company_edit", company.pk),
        ("registry:qualification_edit", qualification.pk),
    ]:
        check(client.get(reverse(name, args=[org.slug, pk])), language)
    client.post(
        reverse("registry:import_mapping", args=[org.slug, register_import.pk]),
        {"map_name": "Naam"},
    )
    page = client.get(reverse("registry:import_review", args=[org.slug, register_import.pk]))
    check(page, language)


def test_ledger_import_and_review_pages(language, org, alice, client_for):
    from impactinkoop.core.models import StoredFile
    from impactinkoop.registry.models import Company
    from impactinkoop.spend.models import LedgerImport, Supplier, SupplierMatch

    alice.language = language
    alice.save()
    ledger_import = LedgerImport.objects.create(
        organisation=org,
        file_name="g.csv",
        file_sha256="x",
        file=StoredFile.from_bytes(b"Crediteur;Bedrag;Datum\nA;1,00;01-01-2025\n", name="g.csv"),
        mapping={"supplier_name": "Crediteur", "amount": "Bedrag"},
        options={"decimal": "auto", "date_format": "auto", "amounts_include_vat": False},
    )
    client = client_for(alice)
    page = client.get(reverse("spend:import", args=[org.slug, ledger_import.pk]))
    check(page, language)
    company = Company.objects.create(kvk_number="01234567", name="De Werkplaats")
    other = Company.objects.create(kvk_number="01234568", name="De Werkplaatsen")
    supplier = Supplier.objects.create(organisation=org, key="n:1", name="WERKPLAATS")
    SupplierMatch.objects.create(
        organisation=org,
        supplier=supplier,
        company=company,
        score=90,
        reason="x",
        alternatives=[[other.pk, other.name, other.kvk_number, 88.0]],
    )
    check(client.get(reverse("spend:matches", args=[org.slug])), language)
    check(client.get(reverse("spend:match_list", args=[org.slug])), language)
    # Links asked again by a newer matching engine: a new candidate, and a link to confirm.
    linked = Supplier.objects.create(
        organisation=org, key="n:2", name="DE WERKPLAATS", company=other
    )
    SupplierMatch.objects.create(
        organisation=org, supplier=linked, company=other, state="accepted", score=100, reason="x"
    )
    SupplierMatch.objects.create(
        organisation=org, supplier=linked, company=company, score=100, reason="x", recheck=True
    )
    unsure = Supplier.objects.create(organisation=org, key="n:3", name="ONBEKEND", company=other)
    SupplierMatch.objects.create(
        organisation=org,
        supplier=unsure,
        company=other,
        state="accepted",
        score=100,
        reason="x",
        recheck=True,
    )
    for skip in ("1", "2"):
        check(client.get(reverse("spend:matches", args=[org.slug]), {"skip": skip}), language)
    check(client.get(reverse("spend:match_list", args=[org.slug])), language)


def test_drill_down_with_its_breakdown_search_and_pages(language, org, alice, client_for):
    from .spend.test_importing import import_text

    alice.language = language
    alice.save()
    rows = "\n".join(
        f"Leverancier {n % 4};F{n};{n % 28 + 1:02d}-01-2025;{n},00" for n in range(120)
    )
    import_text(org, "Leverancier;Factuurnummer;Datum;Bedrag\n" + rows)
    url = reverse("spend:baseline_lines", args=[org.slug])
    for query in ({"year": "2025"}, {"year": "2025", "q": "F1", "sort": "-amount", "page": "2"}):
        response = client_for(alice).get(url, query)
        check(response, language)
        assert 'id="breakdown"' in response.content.decode()


def test_job_page(language, org, alice, client_for):
    alice.language = language
    alice.save()
    job = Job.objects.create(organisation=org, kind="audit.export", title="Export")
    page = client_for(alice).get(reverse("portal:job", args=[org.slug, job.pk]))
    check(page, language)


@pytest.mark.parametrize(
    "name", ["accounts:profile", "accounts:organisations", "accounts:password_change"]
)
def test_account_pages(name, language, alice, client_for):
    alice.language = language
    alice.save()
    check(client_for(alice).get(reverse(name)), language)


@pytest.mark.parametrize(
    "name",
    [
        "accounts:login",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_complete",
    ],
)
def test_public_pages(name, language, client, db):
    check(client.get(reverse(name)), language)


def test_invitation_and_error_pages(language, client, org, alice, db):
    invitation, token = Invitation.new(
        organisation=org, email="x@example.org", role=Role.VIEWER, invited_by=alice
    )
    invitation.save()
    check(client.get(reverse("accounts:invitation", args=[token])), language)
    check(client.get(reverse("accounts:invitation", args=["onbekend"])), language, status=404)
    check(client.get("/bestaat-niet/"), language, status=404)


def test_contracts_and_tender_pages(language, org, alice, client_for):
    from datetime import date
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from impactinkoop.contracts.models import ContractImport
    from impactinkoop.contracts.services import award, create_tender

    from .contracts.helpers import make_contract

    alice.language = language
    alice.save()
    contract = make_contract(
        org, "Schoonmaak", awarded_value="480000", extension_until=date(2029, 12, 31)
    )
    tender = create_tender(
        org, actor=alice, title="Groen", estimated_value=Decimal("300000"), status="published"
    )
    awarded = create_tender(org, actor=alice, title="Koffie", estimated_value=Decimal("90000"))
    award(
        awarded,
        actor=alice,
        supplier_name="Bonen B.V.",
        awarded_value=Decimal("88000"),
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
    )
    client = client_for(alice)
    for name, args in [
        ("contracts:contracts", []),
        ("contracts:contract_new", []),
        ("contracts:contract", [contract.pk]),
        ("contracts:contract_edit", [contract.pk]),
        ("contracts:import_start", []),
        ("contracts:pipeline", []),
        ("contracts:tender_new", []),
        ("contracts:tender", [tender.pk]),
        ("contracts:tender", [awarded.pk]),
        ("contracts:tender_edit", [tender.pk]),
        ("contracts:tender_award", [tender.pk]),
        ("contracts:uncovered", []),
        ("contracts:rules", []),
    ]:
        check(client.get(reverse(name, args=[org.slug, *args])), language)
    client.post(
        reverse("contracts:import_start", args=[org.slug]),
        {"file": SimpleUploadedFile("c.csv", b"Omschrijving;Waarde\nGoed;100\nFout;honderd\n")},
    )
    batch = ContractImport.objects.get()
    mapping = reverse("contracts:import_mapping", args=[org.slug, batch.pk])
    check(client.get(mapping), language)
    client.post(mapping, {f"map_{k}": v for k, v in batch.mapping.items()})
    check(client.get(reverse("contracts:import_review", args=[org.slug, batch.pk])), language)


def test_impact_report_pages(language, org, alice, client_for):
    """The live report, its form, the editions and an edition's page with a difference."""
    from impactinkoop.reports.editions import publish

    from .reports.data import LATER_LEDGER, YEAR, build
    from .spend.test_importing import import_text

    build(org, alice)
    publish(org, YEAR, actor=alice)
    import_text(org, LATER_LEDGER, name="later.csv")
    alice.language = language
    alice.save()
    client = client_for(alice)
    for name, extra in (
        ("reports:report", {}),
        ("reports:report_edit", {}),
        ("reports:editions", {}),
        ("reports:edition", {"number": 1}),
    ):
        url = reverse(name, kwargs={"org_slug": org.slug, "year": YEAR, **extra})
        check(client.get(url), language)
