"""Issue 15, done when: the coordinator walks from the home page through a ledger import, the
supplier proposals, the baseline dashboard, freezing and the board PDF; the requester from a
catalogue search to a recorded purchase with its amount shown right. In Dutch and English, on a
desktop (1280 px) and a phone (390 px) wide screen, without console errors.

Labels come from the translation catalogue (`label`), so the Dutch walk clicks Dutch buttons and
the English walk English ones; amounts are formatted here, independently of the app's filters."""

import importlib
import os
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Purchase
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend.models import Baseline, LedgerLine, Supplier, SupplierMatch

from ..catalogue.helpers import published_enterprise
from ..factories import make_member
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en"]
WIDTHS = [1280, 390]
# With WALK_SHOTS=<folder>, a full-page screenshot of every step of these two walks, to look at.
SHOTS = os.environ.get("WALK_SHOTS", "")
SHOT_COMBINATIONS = {("nl", 390), ("en", 1280)}

# A small ledger export as finance gives it: De Werkplaats is in the register under its KvK
# number (linked at once, social), "BAKKERIJ JANSEN ZN" only resembles a register company (a
# proposal to review), Drukkerij Lokaal is nowhere. One line is of 2024, outside the year shown.
LEDGER_ROWS = [
    ("1001", "DE WERKPLAATS B.V.", "01234567", "F1", "15-01-2025", "1.234,56", "Ruimte"),
    ("1001", "DE WERKPLAATS B.V.", "01234567", "F2", "16-03-2025", "-100,01", "Ruimte"),
    ("1002", "BAKKERIJ JANSEN ZN", "", "F3", "20-02-2025", "50,05", "Bedrijfsvoering"),
    ("1003", "Drukkerij Lokaal", "", "F4", "01-12-2025", "999,99", "Bedrijfsvoering"),
    ("1003", "Drukkerij Lokaal", "", "F5", "31-12-2024", "10,00", "Bedrijfsvoering"),
]
YEAR = 2025


def ledger_csv() -> str:
    header = "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
    return header + "".join(";".join(row) + "\n" for row in LEDGER_ROWS)


def amount(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def total_of(year: int, supplier: str | None = None) -> Decimal:
    return sum(
        (
            amount(row[5])
            for row in LEDGER_ROWS
            if row[4].endswith(str(year)) and supplier in (None, row[1])
        ),
        Decimal("0.00"),
    )


def euros(value: Decimal, language: str) -> str:
    """An amount as a reader of `language` expects it: € 1.234,56 or € 1,234.56 (no-break space)."""
    english = f"{value:,.2f}"
    number = english.translate(str.maketrans(",.", ".,")) if language == "nl" else english
    return f"€\u00a0{number}"


def label(language: str, text: str, *args) -> str:
    """`text` (an msgid) in `language`; with args, `ngettext(text, plural, n)`. A Dutch walk
    clicks Dutch words: a label the catalogue lacks would leave English on a Dutch page."""
    with translation.override(language):
        translated = ngettext(text, *args) if args else gettext(text)
    english = args[0] if args and args[1] != 1 else text
    if language != "en":
        assert translated != english, f"no {language} translation of {english!r}"
    return translated


class Walk:
    """The page, the language and the screen width of one walk, with its screenshots."""

    def __init__(self, page, language: str, width: int, role: str):
        self.page, self.language, self.width = page, language, width
        self.folder = Path(SHOTS) / f"{role}-{language}-{width}"
        self.shots = bool(SHOTS) and (language, width) in SHOT_COMBINATIONS
        self.count = 0
        page.set_viewport_size({"width": width, "height": 900})
        if self.shots:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)

    def t(self, text: str, *args) -> str:
        return label(self.language, text, *args)

    def shot(self, name: str) -> None:
        self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("lang") == self.language
        if self.shots:
            self.count += 1
            path = self.folder / f"{self.count:02d}-{name}.png"
            self.page.screenshot(path=str(path), full_page=True)

    def open_menu(self) -> None:
        """On a phone the header's links are behind the menu button (menu.js)."""
        button = self.page.get_by_role("banner").get_by_role(
            "button", name="Menu"
        )  # the same word in Dutch
        if button.is_visible() and button.get_attribute("aria-expanded") == "false":
            button.click()

    def click(self, locator) -> None:
        """Click what a person clicks: it must be visible on the screen once scrolled to."""
        expect(locator).to_be_visible()
        locator.scroll_into_view_if_needed()
        expect(locator).to_be_in_viewport()
        locator.click()


@pytest.fixture
def register():
    """The register and the catalogue the walks use: one social company, one ordinary bakery, and
    an enterprise that sells Christmas hampers."""
    # Transactional tests empty the tables between tests: load the category tree again.
    importlib.import_module("impactinkoop.catalogue.migrations.0003_platform_categories").load(
        apps, None
    )
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="sw_company", valid_from="2020-01-01")
    Company.objects.create(kvk_number="22334455", name="Bakkerij Jansen")
    published_enterprise(
        "11000001", "Broodjes van Morgen", [("lunch-en-broodjes", "Broodjes", "Broodjes")]
    )
    return published_enterprise(
        "11000009",
        "Pakhuis van Kansen",
        [("kerstpakketten", "Kerstpakket met streekproducten", "Kerstpakketten vol lekkers.")],
        source="code_so",
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinator_imports_reviews_freezes_and_prints(
    page, console_errors, live_server, org, register, tmp_path, language, width
):
    walk = Walk(page, language, width, "coordinator")
    t = walk.t
    coordinator = make_member(
        org, f"co-{language}@voorbeeldstad.example", Role.COORDINATOR, language=language
    )
    # An earlier official baseline: freezing a new official one asks to replace it.
    Baseline.objects.create(
        organisation=org,
        name="Nulmeting 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        figures={"social_share": "0.0100", "social_spend": "100.00"},
        data_version="e2e",
        is_official=True,
    )
    export = tmp_path / "crediteuren-2025.csv"
    export.write_text(ledger_csv(), encoding="utf-8")

    # Home page → step 1 → the ledger imports.
    log_in(page, live_server, coordinator.email)
    assert page.url == f"{live_server.url}/o/{org.slug}/"
    expect(page.get_by_role("heading", name=t("Where we stand"))).to_be_visible()
    walk.shot("home")
    steps = page.get_by_role("navigation", name=t("Steps of the approach"))
    walk.click(steps.get_by_role("link", name=t("Inventory")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Inventory"))
    walk.shot("inventory")
    walk.click(page.get_by_role("link", name=t("Ledger imports")).first)

    # The wizard: upload, map the columns, check every line, import.
    page.get_by_label(t("Ledger export")).set_input_files(str(export))
    walk.shot("upload")
    walk.click(page.get_by_role("button", name=t("Upload and continue")))
    expect(page.get_by_role("heading", name=t("Map columns"))).to_be_visible()
    walk.shot("mapping")
    walk.click(page.get_by_role("button", name=t("Check all lines")))
    walk.shot("check-job")
    walk.click(page.get_by_role("link", name=t("See the result")))
    expect(page.get_by_role("heading", name=t("What the import will do"))).to_be_visible()
    walk.shot("check")
    assert not LedgerLine.objects.exists()
    lines = len(LEDGER_ROWS)
    walk.click(
        page.get_by_role(
            "button",
            name=t("Import %(counter)s line", "Import %(counter)s lines", lines)
            % {"counter": lines},
        )
    )
    walk.shot("import-job")
    walk.click(page.get_by_role("link", name=t("See the result")))
    expect(page.get_by_role("heading", name=t("What the import did"))).to_be_visible()
    walk.shot("imported")
    assert LedgerLine.objects.filter(organisation=org).count() == lines

    # The proposal: the bakery resembles a register company; the coordinator accepts it.
    summary = page.get_by_role("row", name=t("Linked to the register after the import"))
    expect(summary).to_contain_text(
        t("%(auto)s at once, %(review)s to review") % {"auto": 0, "review": 1}
    )
    walk.click(summary.get_by_role("link", name=t("Supplier matching")))
    expect(page.get_by_text("BAKKERIJ JANSEN ZN").first).to_be_visible()
    walk.shot("proposals")
    walk.click(page.get_by_role("button", name=re.compile("^" + re.escape(t("Accept")))).first)
    page.wait_for_load_state()
    walk.shot("proposal-accepted")
    assert SupplierMatch.objects.get(supplier__name="BAKKERIJ JANSEN ZN").state == "accepted"
    assert Supplier.objects.get(name="BAKKERIJ JANSEN ZN").company.name == "Bakkerij Jansen"

    # The baseline dashboard of 2025: its totals are the sums of the lines imported for 2025.
    steps = page.get_by_role("navigation", name=t("Steps of the approach"))
    walk.click(steps.get_by_role("link", name=t("Inventory")))
    walk.click(page.get_by_role("link", name=t("Baseline"), exact=True))
    page.get_by_label(t("Year"), exact=True).select_option(str(YEAR))
    walk.click(page.get_by_role("button", name=t("Show year")))
    title = t("Baseline %(period)s") % {"period": YEAR}
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    total = euros(total_of(YEAR), language)
    social = euros(total_of(YEAR, "DE WERKPLAATS B.V."), language)
    assert total_of(YEAR) == Decimal("2184.59")  # the sum, to the cent, of the 2025 lines
    key_figures = page.get_by_role("region", name=t("Key figures"))
    expect(key_figures.get_by_text(total, exact=True)).to_be_visible()
    expect(key_figures.get_by_text(social, exact=True)).to_be_visible()
    walk.shot("dashboard")

    # Freeze 2025 as the official baseline: not ticked until the coordinator ticks it, and
    # replacing the official baseline of 2024 asks for a confirmation first.
    name = f"{title} (raad)"
    page.get_by_label(t("Name"), exact=True).fill(name)
    official = page.get_by_label(t("Make this the official baseline (nulmeting)"))
    expect(official).not_to_be_checked()
    official.check()
    walk.shot("freeze-form")
    walk.click(
        page.get_by_role("button", name=t("Freeze the figures of %(period)s") % {"period": YEAR})
    )
    expect(page.get_by_role("heading", name=t("Replace the official baseline?"))).to_be_visible()
    walk.shot("freeze-confirm")
    walk.click(page.get_by_role("button", name=t("Yes, replace the official baseline")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    frozen = Baseline.objects.get(is_official=True)
    assert frozen.name == name
    assert Decimal(frozen.figures["total_spend"]) == total_of(YEAR)
    expect(page.get_by_text(total, exact=True).first).to_be_visible()
    walk.shot("frozen")

    # The board PDF of the frozen baseline, in the walker's language.
    pdf_link = page.get_by_role(
        "link",
        name=t("PDF for the board (Dutch)" if language == "nl" else "PDF for the board (English)"),
    )
    expect(pdf_link).to_be_visible()
    probe = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    if probe.status == 503 and "Pango" in probe.text():
        pytest.skip(f"the server cannot draw PDFs: {probe.text()}")
    with page.expect_download() as download:
        walk.click(pdf_link)
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = Path(download.value.path())
    assert pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # pdftotext writes the no-break space between € and the number as a plain space.
        assert total.replace("\u00a0", " ") in text.replace("\u00a0", " "), text[:2000]
        if walk.shots:
            (walk.folder / "board.txt").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_requester_searches_and_records_a_purchase(
    page, console_errors, live_server, org, register, language, width
):
    walk = Walk(page, language, width, "requester")
    t = walk.t
    hampers = register
    requester = make_member(
        org, f"sem-{language}@voorbeeldstad.example", Role.REQUESTER, language=language
    )
    typed, shown = (
        ("5.400,00", "€\u00a05.400,00") if language == "nl" else ("5,400.00", "€\u00a05,400.00")
    )
    assert shown == euros(Decimal("5400.00"), language)

    # Home page → the catalogue → a search for Christmas hampers.
    log_in(page, live_server, requester.email)
    assert page.url == f"{live_server.url}/o/{org.slug}/"
    walk.shot("home")
    walk.open_menu()
    walk.click(page.get_by_role("banner").get_by_role("link", name=t("Catalogue"), exact=True))
    search = page.get_by_role("search")
    search.get_by_label(t("What are you looking for?")).fill("kerstpakket")
    walk.shot("catalogue")
    walk.click(search.get_by_role("button", name=t("Search"), exact=True))
    walk.shot("results")
    walk.click(page.get_by_role("link", name=hampers.name, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(hampers.name)
    walk.shot("enterprise")
    walk.click(page.get_by_role("link", name="Kerstpakket met streekproducten"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kerstpakket met streekproducten")
    walk.shot("offer")

    # A quote request, then the purchase recorded on it.
    walk.click(page.get_by_role("link", name=t("Request a quote")))
    page.get_by_label(t("What do you need?")).fill("120 kerstpakketten voor het personeel")
    walk.shot("quote-request")
    page.wait_for_timeout(2100)  # a person takes longer than the spam check's two seconds
    walk.click(page.get_by_role("button", name=t("Send request")))
    expect(
        page.get_by_role("heading", name=t("Did you order? Record the purchase"))
    ).to_be_visible()
    page.get_by_label(t("Amount (excluding VAT)")).fill(typed)
    page.get_by_label(t("Invoice date")).fill(timezone.localdate().isoformat())
    page.get_by_label(t("Invoice number")).fill("PK-2026-001")
    walk.shot("record-purchase")
    walk.click(page.get_by_role("button", name=t("Record purchase")))

    # The purchases page lists it with the amount as typed, in the reader's number format.
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Purchases at social enterprises"))
    expect(
        page.get_by_text(t("The purchase is recorded and counts in your figures."))
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="PK-2026-001")
    expect(row.get_by_role("cell", name=shown, exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name=hampers.name, exact=True)).to_be_visible()
    walk.shot("purchases")
    purchase = Purchase.objects.get(organisation=org)
    assert purchase.amount == Decimal("5400.00")
    assert purchase.recorded_by == requester
