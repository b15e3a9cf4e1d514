"""What a browser walk of the officer's social-return pages found: the monitoring's money for the
chosen year, the exact counts for the SROI officers only, the review queue's order and
contractor, the review page's forms, the obligation page's badges, dates and purchases, and the
PDF's total printed once."""

import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from impactinkoop.accounts.roles import Role
from impactinkoop.spend.models import Baseline
from impactinkoop.sroi import queries, review
from impactinkoop.sroi.models import Realisation, Source
from impactinkoop.sroi.monitoring import monitoring, sections
from impactinkoop.sroi.services import create_obligation
from tests.contracts.helpers import make_contract
from tests.factories import make_member, make_user

from .helpers import block, edition

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)
WW = "WW-uitkering"  # 20.000 a year in "utrecht-current", 36 hours a week basis


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)


@pytest.fixture
def admin(org):
    return make_member(org, "beheer@voorbeeldstad.example", Role.ADMIN)


def url(name, org, *args):
    return reverse(f"sroi:{name}", args=[org.slug, *args])


def obligation(org, title="Bouw", supplier="Bouw B.V.", value="1000000"):
    contract = make_contract(
        org,
        title,
        supplier_name=supplier,
        awarded_value=value,
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    return create_obligation(contract, actor="test", rule_set=edition(org, "utrecht-current"))


def placement(found, code, start, end, **fields):
    return Realisation.objects.create(
        obligation=found,
        block=block(found.rule_set, WW),
        kind="placement",
        participant_code=code,
        hours_per_week=Decimal("36"),
        start_date=start,
        end_date=end,
        **fields,
    )


def purchase(found, invoice, day, amount="1000.00", **fields):
    return Realisation.objects.create(
        obligation=found,
        block=block(found.rule_set, "Inkopen bij sociale bedrijven"),
        kind="purchase",
        invoice_number=invoice,
        amount_excl_vat=Decimal(amount),
        start_date=day,
        end_date=day,
        **fields,
    )


@pytest.fixture
def years(org):
    """Bouw: a placement in 2025 (11 months), one in 2026 (6 months), a purchase in 2025, and a
    placement waiting for review in 2026 (2 months); Schoon: a purchase in 2026."""
    bouw = obligation(org)
    schoon = obligation(org, "Schoonmaak", "Schoon B.V.")
    placement(bouw, "SR-2025", date(2025, 2, 1), date(2025, 12, 31))
    placement(bouw, "SR-2026", date(2026, 1, 1), date(2026, 6, 30))
    purchase(bouw, "F-2025", date(2025, 5, 1))
    placement(bouw, "SR-WACHT", date(2026, 3, 1), date(2026, 4, 30), status="submitted")
    purchase(schoon, "F-2026", date(2026, 4, 1), amount="2500.55")
    return {"bouw": bouw, "schoon": schoon}


# 1. The monitoring's money for the chosen year -----------------------------------------------


def test_with_a_year_the_money_is_that_years(org, years):
    whole = monitoring(org, today=TODAY)
    rows = {row.obligation.pk: row for row in whole.rows}
    assert rows[years["bouw"].pk].accepted == Decimal("18333.33") + Decimal("10000.00") + Decimal(
        "1000.00"
    )

    found = monitoring(org, today=TODAY, year=2026)
    rows = {row.obligation.pk: row for row in found.rows}
    assert rows[years["bouw"].pk].accepted == Decimal("10000.00")  # 20.000 x 6/12
    assert rows[years["bouw"].pk].pending == Decimal("3333.33")  # 20.000 x 2/12, waiting
    assert rows[years["schoon"].pk].accepted == Decimal("2500.55")
    assert found.accepted == Decimal("12500.55")
    assert found.accepted == queries.value_in_year(org, 2026)
    in_2025 = monitoring(org, today=TODAY, year=2025)
    assert in_2025.accepted == Decimal("19333.33")

    table = sections(found, council=False)[0]
    assert table.header[3] == "Geaccepteerd in 2026"
    assert table.header[2] == "Verplicht (hele looptijd)"
    assert table.header[5] == "Prognose voor de hele looptijd"
    assert [row[3] for row in table.rows] == [Decimal("10000.00"), Decimal("2500.55")]
    # the total is the sum of the rows, to the cent; the contractors' money too
    assert table.total[3] == sum(row[3] for row in table.rows) == Decimal("12500.55")
    assert table.total[4] == Decimal("3333.33")
    by_contractor = next(s for s in sections(found, council=True) if s.key == "contractor")
    assert by_contractor.header[-1] == "Geaccepteerd in 2026 (euro)"
    assert [row[-1] for row in by_contractor.rows] == [Decimal("10000.00"), Decimal("2500.55")]
    assert by_contractor.total[-1] == Decimal("12500.55")


def test_the_page_and_the_export_show_the_years_money(org, years, officer, client_for):
    client = client_for(officer)
    page = client.get(url("monitoring", org) + "?year=2026")
    text = page.content.decode()
    assert re.search(r"Geaccepteerd in 2026</dt><dd[^>]*>€\s?12\.500,55</dd>", text)
    assert "Verplicht (hele looptijd)" in text
    assert 'id="monitoring-year-note"' in text
    assert "€ 29.333,33" not in text  # Bouw's whole period is not shown as 2026's
    export = client.get(url("monitoring_export", org, "csv") + "?year=2026").content.decode()
    assert "Geaccepteerd in 2026" in export
    assert "12500.55" in export or "12500,55" in export
    whole = client.get(url("monitoring", org)).content.decode()
    assert "hele looptijd" not in whole


# 2. Exact counts for the SROI officers only ---------------------------------------------------


def test_an_administrator_sees_only_the_council_view(org, years, admin, officer, client_for):
    page = client_for(admin).get(url("monitoring", org))
    assert page.status_code == 200
    assert page.context["council"] is True
    assert page.context["exact_allowed"] is False
    assert b"council-view-link" not in page.content
    assert b"exact-view-link" not in page.content
    exact = client_for(officer).get(url("monitoring", org))
    assert exact.context["council"] is False
    assert b"council-view-link" in exact.content


# 3. The review queue ------------------------------------------------------------------------


def test_the_queue_is_oldest_first_with_the_contracts_supplier(org, officer, client_for):
    bouw = obligation(org)
    contractor = make_user("leverancier@voorbeeldstad.example")
    theirs = placement(bouw, "SR-INGEDIEND", date(2026, 1, 1), date(2026, 6, 30))
    theirs.source = "contractor"
    theirs.save()
    review.submit(theirs, actor=contractor)
    Realisation.objects.filter(pk=theirs.pk).update(submitted_at=timezone.now() - timedelta(days=5))
    # entered by the officer's import today, waiting too: no submitted_at, so its created_at
    ours = purchase(bouw, "F-IMPORT", date(2026, 2, 1), status="submitted", source="import")
    older = purchase(bouw, "F-OUD", date(2026, 2, 1), status="submitted", source="officer")
    Realisation.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=9))

    page = client_for(officer).get(url("review_queue", org))
    rows = page.context["rows"]
    assert [row[0].pk for row in rows] == [older.pk, theirs.pk, ours.pk]
    assert [row[1] for row in rows] == ["Bouw B.V."] * 3
    body = page.content.decode().split('id="review-queue"')[1]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", body)
    assert cells.count("Bouw B.V.") == 3
    with translation.override("nl"):  # the source apart: who reported it
        sources = [str(Source.OFFICER.label), str(Source.IMPORT.label)]
    assert set(sources) <= set(cells)


# 4. The review page's forms -----------------------------------------------------------------


def test_each_decision_has_its_heading_and_a_refusal_comes_back_to_it(org, officer, client_for):
    bouw = obligation(org)
    waiting = placement(
        bouw, "SR-W1", date(2026, 1, 1), date(2026, 6, 30), status="submitted", source="officer"
    )
    client = client_for(officer)
    page = client.get(url("realisation_review", org, bouw.pk, waiting.pk)).content.decode()
    for heading in ("accept-heading", "reject-heading", "answer-heading"):
        assert re.search(rf'<h3 class="utrecht-heading-3" id="{heading}">', page), heading
    reject = url("realisation_reject", org, bouw.pk, waiting.pk)
    assert f'action="{reject}#reject-heading"' in page
    assert 'aria-invalid="true"' not in page
    refused = client.post(reject, {"reject-reason": ""})
    assert refused.status_code == 400
    text = refused.content.decode()
    reason = re.search(r"<textarea[^>]*name=\"reject-reason\"[^>]*>", text).group(0)
    assert 'aria-invalid="true"' in reason
    answer = re.search(r"<textarea[^>]*name=\"answer-message\"[^>]*>", text).group(0)
    assert "aria-invalid" not in answer


def test_a_required_textarea_is_not_styled_wrong_before_it_is_sent():
    """The Utrecht CSS styles `:invalid`, which a required empty textarea is from the start; the
    site's CSS takes that back unless the server marked the field (aria-invalid)."""
    from pathlib import Path

    from impactinkoop.core import __file__ as core

    css = (Path(core).parent / "static" / "impactinkoop" / "site.css").read_text()
    assert ".utrecht-textarea--html-textarea:invalid:not([aria-invalid=true]) {" in css


# 5. The obligation page ---------------------------------------------------------------------


def test_the_obligation_page_badges_dates_and_its_own_purchases(org, officer, client_for):
    bouw = obligation(org)
    placement(bouw, "SR-OK", date(2026, 1, 1), date(2027, 2, 1))
    placement(bouw, "SR-NEE", date(2026, 1, 1), date(2026, 3, 1), status="rejected")
    purchase(bouw, "F-1", date(2026, 3, 1), amount="1234.56")
    Baseline.objects.create(
        organisation=org,
        name="Nulmeting 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        figures={"total_spend": 9000000, "social_spend": 3137463.20},
        data_version="x",
        is_official=True,
    )
    client = client_for(officer)
    text = client.get(url("obligation", org, bouw.pk)).content.decode()
    assert 'class="utrecht-status-badge utrecht-status-badge--success">Geaccepteerd<' in text
    assert 'class="utrecht-status-badge utrecht-status-badge--danger">Afgewezen<' in text
    assert '<span class="nowrap">1-2-2027</span>' in text
    assert re.search(r'<p class="utrecht-paragraph button-row"><a [^>]*>Realisatie invoeren', text)
    assert re.search(r'id="sroi-purchases">€\s?1\.234,56<', text)
    assert "Deze inkopen zijn ook sociale inkoop in de nulmeting" in text
    assert "sroi-baseline-social" not in text
    assert "3.137.463,20" not in text
    listing = client.get(url("obligations", org)).content.decode()
    assert re.search(r'id="sroi-baseline-social">€\s?3\.137\.463,20<', listing)


# 6. The PDF's total once --------------------------------------------------------------------


def test_the_pdf_prints_the_grand_total_once(org, officer, client_for):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    for number in range(45):  # the table of obligations runs over more than one page
        obligation(org, f"Perceel-{number:02d}", f"Leverancier-{number:02d}", value="20000")
    response = client_for(officer).get(url("monitoring_export", org, "pdf") + "?lang=nl")
    if response.status_code == 503:
        pytest.skip("WeasyPrint cannot run here: Pango is missing")
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    first = next(n for n, page in enumerate(pages) if "Perceel-00" in page)
    assert "Perceel-44" not in pages[first]  # the table runs over a page
    grand = [line for line in text.splitlines() if re.match(r"\s*Totaal\s+€\s?45\.000,00", line)]
    assert len(grand) == 1, grand
