"""Imports in another currency: the check asks which currency (found in a currency column or a
sign where there is one) and stores it; such an import counts in the euro figures only once its
exchange rate is entered, each line converted and rounded to the cent on its own, and until then
the dashboard names it as left out. The import's own page keeps the file's currency."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from impactinkoop.core.models import AuditEntry
from impactinkoop.core.stored_text import shown
from impactinkoop.spend.baseline.figures import compute, data_version, figures_for
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.imports.currency import converted, euro_cents, parse_rate
from impactinkoop.spend.models import LedgerImport, LedgerLine, MonthlySpend

from .test_freezing import text_of
from .test_importing import import_text
from .test_views import upload

EUROS = (
    "Crediteurnummer;Crediteur;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
    "1001;De Werkplaats;F1;15-01-2025;100,00;Ruimte\n"
)
# Three lines of a penny each: converted one by one at 1.5 they are 2 cents each (0.015 rounds
# away from zero), 6 cents together, where converting their total (3 cents) would give 5.
POUNDS = (
    "Supplier Number,Supplier Name,Transaction Number,Payment date,Net Amount,Service Label\n"
    "7001,Leeds Print Ltd,B1,2025-02-10,£0.01,Access\n"
    "7001,Leeds Print Ltd,B2,2025-02-11,£0.01,Access\n"
    "7002,Bradford Catering,B3,2025-03-12,£0.01,Access\n"
    "7002,Bradford Catering,B4,2025-03-12,£1234.57,Access\n"
    "7002,Bradford Catering,B5,2025-03-13,-£10.01,Access\n"
)
POUND_CENTS = [1, 1, 1, 123457, -1001]


def test_each_line_is_converted_and_rounded_half_away_from_zero():
    rate = Decimal("1.5")
    assert [euro_cents(c, rate) for c in (1, -1, 3, 123457, -1001)] == [2, -2, 5, 185186, -1502]
    import polars as pl

    frame = pl.DataFrame({"amount_cents": [1, -1, 3, 123457, -1001]})
    assert converted(frame, rate)["amount_cents"].to_list() == [2, -2, 5, 185186, -1502]
    huge = pl.DataFrame({"amount_cents": [9 * 10**17]})  # past 64 bits once multiplied
    assert converted(huge, Decimal("2.5"))["amount_cents"].to_list() == [225 * 10**16]


@pytest.mark.parametrize("text", ["0", "-1", "abc", "1.1234567", "100000", "NaN"])
def test_a_rate_is_positive_with_at_most_six_decimals(text):
    with pytest.raises(ValueError):
        parse_rate(text)


def test_rates_as_people_type_them():
    assert parse_rate("1,165") == Decimal("1.165")
    assert parse_rate(" 0.858400 ") == Decimal("0.8584")


def test_the_check_finds_the_currency_from_a_sign_and_from_a_column(org):
    signs = import_text(org, POUNDS, dry_run=True)
    assert (signs.detected_currency, signs.currency_source, signs.currency) == (
        "GBP",
        "sign",
        "GBP",
    )
    assert signs.total == Decimal("1224.59")  # in pounds, the signs are not in the way
    column = import_text(
        org,
        "Leverancier;Datum;Bedrag;Valuta\nA;01-02-2025;10,00;gbp\nB;02-02-2025;5,00;USD\n"
        "C;03-02-2025;1,00;GBP\nD;04-02-2025;2,00;Yen\n",
        dry_run=True,
    )
    assert (column.currency, column.currency_source, column.rejected) == ("GBP", "column", 2)
    assert [shown(e) for e in column.errors] == [
        "het bedrag is in USD, de rest van het bestand in GBP: importeer elke valuta als een "
        "eigen bestand",
        "valuta “Yen” kent dit platform niet (gebruik een code zoals EUR)",
    ]
    nothing = import_text(org, EUROS, dry_run=True)
    assert (nothing.detected_currency, nothing.currency) == ("", "EUR")


def checked(client, org, capture, data: str, name: str) -> LedgerImport:
    upload(client, org, data=data.encode(), name=name)
    ledger_import = LedgerImport.objects.get(file_name=name)
    detail = reverse("spend:import", args=[org.slug, ledger_import.pk])
    form = {f"map_{k}": v for k, v in ledger_import.mapping.items()}
    form.update({"decimal": "auto", "date_format": "auto"})
    with capture(execute=True):
        client.post(detail, form)
    ledger_import.refresh_from_db()
    return ledger_import


@pytest.fixture
def pounds(org, client_for, alice, django_capture_on_commit_callbacks):
    """A euro ledger, and a pound ledger imported through the wizard without a rate."""
    import_text(org, EUROS)
    client = client_for(alice)
    ledger_import = checked(client, org, django_capture_on_commit_callbacks, POUNDS, "uk.csv")
    page = text_of(client.get(reverse("spend:import", args=[org.slug, ledger_import.pk])))
    assert "Valuta GBP · uit de tekens in de bedragen" in page
    assert "Totaal van de goede regels £ 1.224,59" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("spend:import_commit", args=[org.slug, ledger_import.pk]), {"currency": "GBP"}
        )
    ledger_import.refresh_from_db()
    assert (ledger_import.state, ledger_import.currency, ledger_import.exchange_rate) == (
        "committed",
        "GBP",
        None,
    )
    return client, ledger_import


def test_an_import_in_pounds_without_a_rate_is_left_out_and_named(org, pounds):
    client, ledger_import = pounds
    assert LedgerLine.objects.filter(ledger_import=ledger_import).count() == 5
    assert not MonthlySpend.objects.filter(ledger_import=ledger_import).exists()
    figures = compute(org, Period.year(2025))
    assert figures["total_spend"] == Decimal("100.00")
    assert figures["left_out_imports"] == [
        {
            "id": ledger_import.pk,
            "file": "uk.csv",
            "currency": "GBP",
            "lines": 5,
            "total": Decimal("1224.59"),
        }
    ]
    page = text_of(client.get(reverse("spend:baseline", args=[org.slug]), {"year": 2025}))
    assert (
        "Niet in deze cijfers, omdat er nog geen wisselkoers voor is ingevoerd: uk.csv "
        "(5 regels in GBP, samen £ 1.224,59) · voer de wisselkoers in"
    ) in page
    # The drill-down leaves its lines out as the figures do.
    lines = client.get(reverse("spend:baseline_lines", args=[org.slug]), {"year": 2025})
    assert [line.invoice_number for line in lines.context["page"]] == ["F1"]
    assert lines.context["total_cents"] == 10000
    # So does the list of suppliers, whose totals are in euros.
    listed = client.get(reverse("spend:suppliers", args=[org.slug]), {"q": "Bradford"})
    assert [(s.total, s.line_count) for s in listed.context["suppliers"]] == [(0, 0)]


def test_entering_the_rate_counts_every_line_converted_on_its_own(org, pounds):
    client, ledger_import = pounds
    version, before = data_version(org), figures_for(org, Period.year(2025))
    response = client.post(
        reverse("spend:import_rate", args=[org.slug, ledger_import.pk]), {"exchange_rate": "1,5"}
    )
    assert response.status_code == 302
    ledger_import.refresh_from_db()
    assert ledger_import.exchange_rate == Decimal("1.5")
    assert data_version(org) != version
    expected = sum(euro_cents(cents, Decimal("1.5")) for cents in POUND_CENTS)
    assert expected == 2 + 2 + 2 + 185186 - 1502
    after = figures_for(org, Period.year(2025))
    # Kept figures are JSON: amounts as exact decimal text.
    assert Decimal(after["total_spend"]) == Decimal(before["total_spend"]) + Decimal(expected) / 100
    assert after["left_out_imports"] == []
    assert Decimal(after["converted_imports"][0]["rate"]) == Decimal("1.5")
    entry = AuditEntry.objects.get(action="spend.exchange_rate_set")
    assert entry.after == {"currency": "GBP", "exchange_rate": "1.5"}

    page = text_of(client.get(reverse("spend:baseline", args=[org.slug]), {"year": 2025}))
    assert "uk.csv is in GBP en telt tegen 1 GBP = 1,5 EUR." in page
    detail = text_of(client.get(reverse("spend:import", args=[org.slug, ledger_import.pk])))
    assert "Wisselkoers 1 GBP = 1,5 EUR" in detail
    assert "Geïmporteerde regels in euro's € 1.836,90" in detail
    # The drill-down shows each line in euros with its pounds, and adds up to the cent.
    lines = client.get(reverse("spend:baseline_lines", args=[org.slug]), {"year": 2025})
    assert lines.context["total_cents"] == 10000 + expected
    assert sum(line.euro_cents for line in lines.context["page"]) == 10000 + expected
    assert "€ 1.851,86 £ 1.234,57 × 1,5" in text_of(lines)
    listed = client.get(reverse("spend:suppliers", args=[org.slug]), {"q": "Bradford"})
    assert [(s.total, s.line_count) for s in listed.context["suppliers"]] == [(183686, 3)]
    export = client.post(
        reverse("spend:baseline_lines_export", args=[org.slug]), {"year": 2025, "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "2025-03-12;Bradford Catering;B4;1851.86;Access;;;;GBP;1234.57;1.5" in export
    # A corrected rate replaces the old one.
    client.post(
        reverse("spend:import_rate", args=[org.slug, ledger_import.pk]), {"exchange_rate": "2"}
    )
    corrected = figures_for(org, Period.year(2025))
    assert Decimal(corrected["total_spend"]) == Decimal("100.00") + Decimal("2449.18")


def test_a_bad_rate_or_a_rate_for_euros_is_refused_and_changes_nothing(org, pounds):
    client, ledger_import = pounds
    response = client.post(
        reverse("spend:import_rate", args=[org.slug, ledger_import.pk]),
        {"exchange_rate": "1,1234567"},
        follow=True,
    )
    assert "“1,1234567” is geen wisselkoers" in text_of(response)
    ledger_import.refresh_from_db()
    assert ledger_import.exchange_rate is None
    euros = LedgerImport.objects.get(currency="EUR")
    client.post(reverse("spend:import_rate", args=[org.slug, euros.pk]), {"exchange_rate": "2"})
    euros.refresh_from_db()
    assert euros.exchange_rate is None


def test_a_currency_column_fixes_the_currency_and_the_rate_can_come_with_the_import(
    org, client_for, alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    data = "Leverancier;Datum;Bedrag;Valuta\nA;01-02-2025;10,00;CHF\nB;02-02-2025;5,01;CHF\n"
    ledger_import = checked(client, org, django_capture_on_commit_callbacks, data, "ch.csv")
    url = reverse("spend:import_commit", args=[org.slug, ledger_import.pk])
    refused = client.post(url, {"currency": "EUR"}, follow=True)
    assert "De valutakolom van het bestand zegt dat de bedragen in CHF zijn." in text_of(refused)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"currency": "CHF", "exchange_rate": "1,04"})
    ledger_import.refresh_from_db()
    assert (ledger_import.currency, ledger_import.exchange_rate) == ("CHF", Decimal("1.04"))
    assert compute(org, Period.year(2025))["total_spend"] == Decimal("10.40") + Decimal("5.21")


def test_the_command_takes_the_currency_and_the_rate(org, tmp_path, capsys):
    path = tmp_path / "uk.csv"
    path.write_text(POUNDS, encoding="utf-8")
    call_command("import_ledger", str(path), "--org", org.slug, "--json", "--exchange-rate", "1.5")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["currency"], summary["total"]) == ("GBP", "1224.59")
    assert compute(org, Period.year(2025))["total_spend"] == Decimal("1836.90")
