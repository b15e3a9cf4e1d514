"""Baseline figures: every total is compared with a sum computed independently from the ledger
lines (credit notes and unlinked suppliers included), with social status from the policy's own
per-company verdict."""

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from impactinkoop.registry.models import Company, Qualification
from impactinkoop.registry.policy import verdict
from impactinkoop.spend.baseline.figures import compute, data_version
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.generator import generate_ledger
from impactinkoop.spend.models import LedgerImport, LedgerLine, MonthlySpend, Supplier
from impactinkoop.spend.services import delete_import

from .test_importing import import_text

LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    "Omschrijving;Inkooppakket\n"
    "1001;DE WERKPLAATS B.V.;01234567;F1;15-01-2025;1.234,56;4000;Ruimte;Onderhoud;Groen\n"
    "1001;DE WERKPLAATS B.V.;01234567;F2;16-03-2025;-100,01;4000;Ruimte;Creditnota;Groen\n"
    "1002;Jansen & Zn;;F3;20-02-2025;50,05;4010;Bedrijfsvoering;Koffie;Catering\n"
    "1003;Drukkerij Lokaal;22334455;F4;01-12-2025;999,99;4010;Bedrijfsvoering;Drukwerk;Drukwerk\n"
    "1003;Drukkerij Lokaal;22334455;F5;31-12-2024;10,00;4010;Bedrijfsvoering;Drukwerk;Drukwerk\n"
    "1004;Groen Doen;33445566;F6;10-06-2025;300,00;4000;Ruimte;Maaien;Groen\n"
)


@pytest.fixture
def ledger(org):
    org.municipality = "Voorbeeldstad"
    org.labour_market_region = "Rijnmond"
    org.save()
    werkplaats = Company.objects.create(
        kvk_number="01234567",
        name="De Werkplaats B.V.",
        municipality="Voorbeeldstad",
        labour_market_region="Rijnmond",
    )
    Company.objects.create(
        kvk_number="22334455", name="Drukkerij Lokaal", municipality="VOORBEELDSTAD"
    )
    groen = Company.objects.create(
        kvk_number="33445566", name="Groen Doen", labour_market_region="Rijnmond"
    )
    # Two sources for one company: counted once, under the first source.
    Qualification.objects.create(company=werkplaats, source="sw_company", valid_from="2020-01-01")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    # Qualified only from July 2025: social for 2025 (judged on 31 December), not for 2024.
    Qualification.objects.create(company=groen, source="se_nl", valid_from="2025-07-01")
    import_text(org, LEDGER)
    return org


def test_the_figures_of_a_small_ledger(ledger):
    figures = compute(ledger, Period.year(2025))
    total = Decimal("1234.56") - Decimal("100.01") + Decimal("50.05") + Decimal("999.99") + 300
    social = Decimal("1234.56") - Decimal("100.01") + 300
    assert figures["total_spend"] == total
    assert figures["social_spend"] == social
    assert figures["social_share"] == (social / total).quantize(Decimal("0.0001"))
    assert (figures["supplier_count"], figures["social_supplier_count"]) == (4, 2)
    assert figures["line_count"] == 5
    # Local: linked companies in the organisation's municipality (case-insensitive) and region.
    assert figures["local"]["municipality_spend"] == Decimal("1134.55") + Decimal("999.99")
    assert figures["local"]["region_spend"] == Decimal("1134.55") + 300
    assert [(s["source"], s["social"]) for s in figures["by_source"]] == [
        ("code_so", Decimal("1134.55")),
        ("se_nl", Decimal("300.00")),
    ]
    departments = {row["name"]: (row["total"], row["social"]) for row in figures["by_department"]}
    assert departments == {
        "Ruimte": (Decimal("1434.55"), Decimal("1434.55")),
        "Bedrijfsvoering": (Decimal("1050.04"), Decimal("0.00")),
    }
    assert [s["name"] for s in figures["top_suppliers"]] == ["Drukkerij Lokaal", "Jansen & Zn"]
    assert [s["name"] for s in figures["top_social_suppliers"]] == [
        "DE WERKPLAATS B.V.",
        "Groen Doen",
    ]
    assert [(m["month"].month, m["total"]) for m in figures["monthly"]] == [
        (1, Decimal("1234.56")),
        (2, Decimal("50.05")),
        (3, Decimal("-100.01")),
        (6, Decimal("300.00")),
        (12, Decimal("999.99")),
    ]
    # Year on year, each year with the social enterprises of its own last day.
    assert [(y["year"], y["total"], y["social"]) for y in figures["yearly"]] == [
        (2024, Decimal("10.00"), Decimal("0.00")),
        (2025, total, social),
    ]


def test_a_period_of_months_and_an_empty_period(ledger):
    figures = compute(ledger, Period.months(date(2025, 1, 1), date(2025, 2, 28)))
    assert figures["total_spend"] == Decimal("1284.61")
    assert figures["period_label"] == "01-2025 – 02-2025"
    empty = compute(ledger, Period.year(2023))
    assert (empty["total_spend"], empty["social_share"], empty["by_department"]) == (
        Decimal("0.00"),
        None,
        [],
    )
    with pytest.raises(ValueError):
        Period.months(date(2025, 3, 1), date(2025, 1, 1))


def test_only_accepted_links_count_and_deleting_an_import_removes_its_figures(ledger):
    supplier = Supplier.objects.get(organisation=ledger, ledger_number="1001")
    before = compute(ledger, Period.year(2025))
    version = data_version(ledger)
    supplier.company = None
    supplier.save()
    after = compute(ledger, Period.year(2025))
    assert after["social_spend"] == before["social_spend"] - Decimal("1134.55")
    assert data_version(ledger) != version
    delete_import(actor=None, ledger_import=LedgerImport.objects.get(organisation=ledger))
    assert not MonthlySpend.objects.exists()
    assert compute(ledger, Period.year(2025))["total_spend"] == 0


def test_other_organisations_lines_never_count(ledger, other_org):
    import_text(other_org, LEDGER)
    assert compute(ledger, Period.year(2025))["total_spend"] == Decimal("2484.59")


def test_a_generated_ledger_matches_an_independent_sum_to_the_cent(org):
    companies = [
        Company.objects.create(kvk_number=f"{10000000 + n}", name=f"Sociaal Bedrijf {n}")
        for n in range(40)
    ]
    for company in companies[::2]:
        Qualification.objects.create(
            company=company, source="pso", level="pso_2", valid_from="2020-01-01"
        )
    for company in companies[1::4]:  # an aspirant level the default policy does not accept
        Qualification.objects.create(
            company=company, source="pso", level="pso_aspirant", valid_from="2020-01-01"
        )
    data = generate_ledger(
        4000, suppliers=300, year=2025, seed=9, known=[(c.kvk_number, c.name) for c in companies]
    )
    import_text(org, data.decode("utf-8"))
    figures = compute(org, Period.year(2025))

    day = date(2025, 12, 31)
    social_company = {c.pk: verdict(c, org, day).is_social_enterprise for c in companies}
    totals, social, departments = Decimal(0), Decimal(0), defaultdict(Decimal)
    for line in LedgerLine.objects.filter(organisation=org).select_related(
        "supplier", "department"
    ):
        amount = Decimal(line.amount_cents) / 100
        totals += amount
        is_social = social_company.get(line.supplier.company_id, False)
        social += amount if is_social else 0
        departments[line.department.name] += amount
    assert figures["total_spend"] == totals
    assert figures["social_spend"] == social > 0
    assert {row["name"]: row["total"] for row in figures["by_department"]} == departments
    assert sum(row["total"] for row in figures["by_category"]) == totals
    assert sum(row["total"] for row in figures["by_cost_centre"]) == totals
    assert sum(row["social"] for row in figures["by_source"]) == social
    assert sum(m["total"] for m in figures["monthly"]) == totals


def test_baseline_command(ledger, capsys):
    call_command("baseline", org=ledger.slug, year=2025, json=True)
    data = json.loads(capsys.readouterr().out)
    assert data["total_spend"] == "2484.59" and data["social_spend"] == "1434.55"
    assert data["social_share"] == "0.5774"
    assert (data["supplier_count"], data["social_supplier_count"]) == (4, 2)
    assert {"name": "Ruimte", "total": "1434.55", "social": "1434.55"}.items() <= (
        data["by_department"][0].items()
    )
    call_command("baseline", org=ledger.slug, year=2025)
    assert "57.7%" in capsys.readouterr().out


@pytest.mark.parametrize("options,message", [({"org": "nope", "year": 2025}, "no organisation")])
def test_baseline_command_errors(db, options, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("baseline", **options)


# -- the pages ----------------------------------------------------------------------------------


def test_dashboard_shows_the_figures_and_links_to_the_lines(ledger, client_for, alice):
    from django.urls import reverse

    client = client_for(alice)
    page = client.get(reverse("spend:baseline", args=[ledger.slug]), {"year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert "€\xa02.484,59" in html and "€\xa01.434,55" in html and "57,7\xa0%" in html
    assert "<svg" in html and 'role="img"' in html
    department = page.context["figures"]["by_department"][0]
    lines = client.get(
        reverse("spend:baseline_lines", args=[ledger.slug]),
        {"year": 2025, "department": department["id"]},
    )
    assert lines.context["page"].paginator.count == 3
    assert lines.context["total_cents"] == 143455
    social = client.get(
        reverse("spend:baseline_lines", args=[ledger.slug]), {"year": 2025, "social": "no"}
    )
    assert social.context["total_cents"] == 5005 + 99999
    assert {line.supplier.name for line in social.context["page"]} == {
        "Jansen & Zn",
        "Drukkerij Lokaal",
    }
    # Without a period the latest year with spend is shown.
    assert (
        client.get(reverse("spend:baseline", args=[ledger.slug])).context["period"].start.year
        == 2025
    )


def test_dashboard_draws_the_same_figures_once_and_changed_figures_at_once(
    ledger, client_for, alice, monkeypatch
):
    """Drawing the figures (tables, charts, links) is most of the dashboard's cost under load:
    the same figures are drawn once per web process, changed figures at once, each language
    apart."""
    from django.core.cache import cache
    from django.urls import reverse

    from impactinkoop.core import charts

    cache.clear()
    drawn = []
    draw = charts.stacked_bars
    monkeypatch.setattr(
        charts, "stacked_bars", lambda *args, **kwargs: drawn.append(1) or draw(*args, **kwargs)
    )
    client = client_for(alice)
    url = reverse("spend:baseline", args=[ledger.slug])
    assert "€\xa02.484,59" in client.get(url, {"year": 2025}).content.decode()
    assert len(drawn) == 2  # by department and by category
    assert "€\xa02.484,59" in client.get(url, {"year": 2025}).content.decode()
    assert len(drawn) == 2
    import_text(ledger, LEDGER.replace("F1;", "F9;"), name="tweede.csv")
    assert "€\xa03.719,15" in client.get(url, {"year": 2025}).content.decode()
    assert len(drawn) == 4
    alice.language = "en"
    alice.save()
    english = client.get(url, {"year": 2025}).content.decode()
    assert "Total spend" in english and "€\xa03,719.15" in english
    assert len(drawn) == 6


@pytest.mark.parametrize(
    "query", [{"year": "20x5"}, {"from": "2025-13"}, {"department": "abc", "year": "2025"}]
)
def test_bad_periods_and_ids_give_404(ledger, client_for, alice, query):
    from django.urls import reverse

    response = client_for(alice).get(reverse("spend:baseline_lines", args=[ledger.slug]), query)
    assert response.status_code == 404


def test_another_organisations_department_gives_404(ledger, other_org, client_for, alice):
    from django.urls import reverse

    from impactinkoop.accounts.models import Department

    import_text(other_org, LEDGER)
    theirs = Department.objects.filter(organisation=other_org).first()
    response = client_for(alice).get(
        reverse("spend:baseline_lines", args=[ledger.slug]), {"department": theirs.pk}
    )
    assert response.status_code == 404


def test_exports_are_exact_and_cannot_run_formulas(ledger, client_for, alice):
    import io

    from django.urls import reverse
    from python_calamine import CalamineWorkbook

    Supplier.objects.filter(ledger_number="1002").update(name='=HYPERLINK("x")')
    client = client_for(alice)
    url = reverse("spend:baseline_export", args=[ledger.slug, "suppliers"])
    csv_text = client.get(url, {"year": 2025, "format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "999.99" in csv_text
    xlsx = client.get(url, {"year": 2025, "format": "xlsx"})
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0).to_python()
    )
    assert rows[1][2] == 999.99 and rows[2][0] == '=HYPERLINK("x")'  # text, not a formula
    lines = client.post(
        reverse("spend:baseline_lines_export", args=[ledger.slug]),
        {"year": 2025, "format": "csv"},
    ).content.decode("utf-8-sig")
    assert len(lines.strip().splitlines()) == 1 + 5 and "-100.01" in lines
    assert (
        client.get(reverse("spend:baseline_export", args=[ledger.slug, "nope"])).status_code == 404
    )


def test_freeze_keeps_the_figures_when_more_is_imported(ledger, client_for, alice):
    from django.urls import reverse

    from impactinkoop.core.models import AuditEntry
    from impactinkoop.spend.models import Baseline

    client = client_for(alice)
    response = client.post(
        reverse("spend:baseline_freeze", args=[ledger.slug]) + "?year=2025",
        {"name": "Nulmeting 2025", "official": "on"},
    )
    baseline = Baseline.objects.get()
    assert response.url == reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk])
    assert baseline.is_official and baseline.frozen_by == alice
    assert baseline.figures["total_spend"] == "2484.59"
    assert AuditEntry.objects.filter(action="spend.baseline_frozen").exists()
    import_text(ledger, LEDGER.replace("F1;", "F9;"), name="tweede.csv")
    assert compute(ledger, Period.year(2025))["total_spend"] == Decimal("3719.15")
    baseline.refresh_from_db()
    assert baseline.figures["total_spend"] == "2484.59"
    page = client.get(reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk]))
    assert "€\xa02.484,59" in page.content.decode()
    # A second official baseline takes over; the first stays, no longer official.
    client.post(
        reverse("spend:baseline_freeze", args=[ledger.slug]) + "?year=2025", {"official": "on"}
    )
    assert Baseline.objects.filter(is_official=True).count() == 1
    client.post(reverse("spend:baseline_official", args=[ledger.slug, baseline.pk]))
    assert Baseline.objects.get(is_official=True) == baseline


def test_viewers_cannot_freeze(ledger, client_for, bob):
    from django.urls import reverse

    response = client_for(bob).post(reverse("spend:baseline_freeze", args=[ledger.slug]))
    assert response.status_code == 403


def _pango_missing() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return True
    return False


@pytest.mark.skipif(_pango_missing(), reason="WeasyPrint needs Pango (Debian: libpango-1.0-0)")
@pytest.mark.parametrize("language", ["nl", "en"])
def test_pdf_for_the_board(ledger, client_for, alice, language):
    from django.urls import reverse

    response = client_for(alice).get(
        reverse("spend:baseline_pdf", args=[ledger.slug]), {"year": 2025, "lang": language}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_kept_figures_follow_every_change_they_depend_on(ledger):
    from impactinkoop.registry.models import RegisterPolicy
    from impactinkoop.spend.baseline.figures import figures_for
    from impactinkoop.spend.models import BaselineFigures

    period = Period.year(2025)
    assert figures_for(ledger, period)["social_spend"] == "1434.55"
    assert BaselineFigures.objects.count() == 1
    # An ended qualification (edited in place) no longer counts on 31 December.
    Qualification.objects.filter(source="se_nl").update(valid_until="2025-10-01")
    Qualification.objects.get(source="se_nl").save()  # saving sets updated_at, as edits do
    assert figures_for(ledger, period)["social_spend"] == "1134.55"
    # A policy that no longer accepts SW companies and Code SO leaves nothing social.
    RegisterPolicy.objects.create(organisation=ledger, accepted=["se_nl:"])
    assert figures_for(ledger, period)["social_spend"] == "0.00"
    # A company moving elsewhere changes local spend.
    Company.objects.get(kvk_number="22334455").save()
    Company.objects.filter(kvk_number="22334455").update(municipality="Elders")
    Company.objects.get(kvk_number="22334455").save()
    assert figures_for(ledger, period)["local"]["municipality_spend"] == "1134.55"
    assert BaselineFigures.objects.count() == 1


@pytest.mark.parametrize("social", ["", "yes", "no"])
def test_paged_lines_read_only_their_months_and_match_the_full_list(
    org, client_for, alice, social, monkeypatch
):
    from django.urls import reverse

    from impactinkoop.spend.views import drilldown

    companies = [
        Company.objects.create(kvk_number=f"{30000000 + n}", name=f"Werkbedrijf {n}")
        for n in range(10)
    ]
    for company in companies[::2]:
        Qualification.objects.create(company=company, source="se_nl", valid_from="2020-01-01")
    data = generate_ledger(
        300, suppliers=40, year=2025, seed=3, known=[(c.kvk_number, c.name) for c in companies]
    )
    import_text(org, data.decode("utf-8"))
    monkeypatch.setattr(drilldown, "LINES_PER_PAGE", 7)
    client = client_for(alice)
    url = reverse("spend:baseline_lines", args=[org.slug])
    first = client.get(url, {"year": 2025, "social": social})
    pages = first.context["page"].paginator.num_pages
    seen = []
    for number in range(1, pages + 1):
        page = client.get(url, {"year": 2025, "social": social, "page": number}).context["page"]
        seen.extend(line.pk for line in page)
    expected = LedgerLine.objects.filter(organisation=org).order_by("-date", "-id")
    social_ids = {s.pk for s in Supplier.objects.filter(company__in=companies[::2])}
    if social == "yes":
        expected = expected.filter(supplier_id__in=social_ids)
    elif social == "no":
        expected = expected.exclude(supplier_id__in=social_ids)
    assert seen == list(expected.values_list("pk", flat=True))
    assert first.context["page"].paginator.count == len(seen) > 7


def test_data_version_is_shown_as_a_date_not_a_fingerprint(ledger, client_for, alice):
    """The dashboard, a frozen baseline and its PDF say "gegevens van <date>", not the internal
    fingerprint with its hash (issue 15, item 10)."""
    import re

    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.formats import date_format

    from impactinkoop.spend.baseline.figures import frozen_figures
    from impactinkoop.spend.models import Baseline, LedgerImport
    from impactinkoop.spend.views.baseline import chart_context

    client = client_for(alice)
    committed = LedgerImport.objects.filter(organisation=ledger).latest("committed_at").committed_at
    day = date_format(timezone.localtime(committed), "j F Y")
    dashboard = client.get(reverse("spend:baseline", args=[ledger.slug]) + "?year=2025")
    html = dashboard.content.decode()
    assert f"gegevens van {day}" in html
    fingerprint = re.compile(r"[0-9a-f]{12}")
    assert not fingerprint.search(html.split("gegevens van", 1)[1][:60])
    client.post(
        reverse("spend:baseline_freeze", args=[ledger.slug]) + "?year=2025",
        {"name": "Nulmeting 2025", "official": "on"},
    )
    baseline = Baseline.objects.get()
    page = client.get(reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk]))
    assert f"gegevens van {day}" in page.content.decode()
    assert baseline.data_version not in page.content.decode()
    figures = frozen_figures(baseline)
    pdf_html = render_to_string(
        "spend/baseline_pdf.html",
        {
            "figures": figures,
            "baseline": baseline,
            "organisation": ledger,
            **chart_context(figures),
        },
    )
    assert f"gegevens van {day}" in pdf_html
    assert baseline.data_version not in pdf_html


def test_a_baseline_frozen_in_dutch_names_the_sources_in_english_for_english_readers(
    ledger, client_for, alice
):
    """The register's source names in a frozen baseline (page and PDF) follow the reader's
    language, not the language of whoever froze it (issue 15, item 12)."""
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from impactinkoop.spend.baseline.figures import frozen_figures
    from impactinkoop.spend.models import Baseline
    from impactinkoop.spend.views.baseline import chart_context

    client_for(alice).post(
        reverse("spend:baseline_freeze", args=[ledger.slug]) + "?year=2025",
        {"name": "Nulmeting 2025", "official": "on"},
    )
    baseline = Baseline.objects.get()
    stored = {row["label"] for row in baseline.figures["by_source"]}
    assert "Lid van Social Enterprise NL" in stored
    with translation.override("en"):
        figures = frozen_figures(baseline)
        html = render_to_string(
            "spend/baseline_pdf.html",
            {
                "figures": figures,
                "baseline": baseline,
                "organisation": ledger,
                **chart_context(figures),
            },
        )
    assert [row["label"] for row in figures["by_source"]] == [
        "Code Sociale Ondernemingen register",
        "Social Enterprise NL member",
    ]
    assert "Social Enterprise NL member" in html
    assert "Lid van Social Enterprise NL" not in html


def test_the_monthly_chart_has_every_month_of_the_period_named_in_the_readers_language():
    from django.utils import translation

    from impactinkoop.spend.views.baseline import monthly_points

    figures = {
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "monthly": [
            {"month": date(2025, 3, 1), "total": Decimal("10.00"), "social": Decimal("2.50")},
            {"month": date(2025, 12, 1), "total": Decimal("4.00"), "social": Decimal("0")},
        ],
    }
    with translation.override("nl"):
        points = monthly_points(figures)
    assert len(points) == 12
    assert points[2] == ("Mrt", Decimal("10.00"), Decimal("2.50"))
    assert points[3] == ("Apr", Decimal("0"), Decimal("0"))
    assert points[11][1] == Decimal("4.00")
    with translation.override("en"):
        assert monthly_points(figures)[2][0] == "Mar"
