"""Which period the dashboard opens on, and a partial period marked as partial on the dashboard,
in the freeze form and in the PDF."""

from datetime import date

import pytest
from django.urls import reverse

from impactinkoop.spend.baseline import periods
from impactinkoop.spend.baseline.figures import compute
from impactinkoop.spend.baseline.periods import Period, default_period, partial
from impactinkoop.spend.models import Baseline

from .test_freezing import needs_pdf, pdf_text, text_of
from .test_importing import import_text

HEADER = "Crediteurnummer;Crediteur;Factuurnummer;Factuurdatum;Bedrag\n"


def year_of_lines(year: int, months: range, prefix: str = "F") -> str:
    return "".join(
        f"100{month};Leverancier {month};{prefix}{year}{month:02d};15-{month:02d}-{year};100,00\n"
        for month in months
    )


@pytest.fixture
def two_years_and_a_bit(org):
    """2024 and 2025 whole, 2026 from January to November."""
    import_text(org, HEADER + year_of_lines(2024, range(1, 13)), name="2024.csv")
    import_text(org, HEADER + year_of_lines(2025, range(1, 13)), name="2025.csv")
    import_text(org, HEADER + year_of_lines(2026, range(1, 12)), name="2026.csv")
    return org


def test_the_dashboard_opens_on_the_last_complete_year_not_the_current_one(
    two_years_and_a_bit, monkeypatch
):
    assert default_period(two_years_and_a_bit, date(2026, 12, 2)) == Period.year(2025)
    # While 2025 is not over yet, it is not complete either.
    assert default_period(two_years_and_a_bit, date(2025, 12, 31)) == Period.year(2024)


def test_a_year_whose_imports_stop_early_is_not_complete(org):
    import_text(org, HEADER + year_of_lines(2024, range(1, 13)), name="2024.csv")
    import_text(org, HEADER + year_of_lines(2025, range(1, 7)), name="2025-h1.csv")
    assert default_period(org, date(2026, 3, 1)) == Period.year(2024)


def test_without_a_complete_year_it_opens_on_the_official_baseline(org):
    import_text(org, HEADER + year_of_lines(2026, range(3, 12)), name="2026.csv")
    assert default_period(org, date(2026, 12, 2)) == Period.year(2026)
    Baseline.objects.create(
        organisation=org,
        name="Eerste helft",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 8, 31),
        figures={},
        data_version="x",
        is_official=True,
    )
    assert default_period(org, date(2026, 12, 2)) == Period(date(2026, 3, 1), date(2026, 8, 31))


def test_the_page_without_a_period_uses_the_same_choice(
    two_years_and_a_bit, client_for, alice, monkeypatch
):
    monkeypatch.setattr(periods.timezone, "localdate", lambda *args: date(2026, 12, 2))
    page = client_for(alice).get(reverse("spend:baseline", args=[two_years_and_a_bit.slug]))
    assert page.context["period"] == Period.year(2025)
    assert page.context["figures"]["partial"] is None


def test_partial_says_what_is_missing():
    figures = compute_like(date(2026, 1, 1), date(2026, 12, 31), [1, 11])
    assert partial(figures, date(2026, 12, 2)) == {
        "first": date(2026, 1, 1),
        "last": date(2026, 11, 1),
        "not_over": True,
    }
    assert partial(figures, date(2027, 1, 5)) == {
        "first": date(2026, 1, 1),
        "last": date(2026, 11, 1),
        "not_over": False,
    }
    whole = compute_like(date(2025, 1, 1), date(2025, 12, 31), [1, 12])
    assert partial(whole, date(2026, 1, 1)) is None
    late_start = compute_like(date(2025, 1, 1), date(2025, 12, 31), [4, 12])
    assert partial(late_start, date(2026, 1, 1))["first"] == date(2025, 4, 1)
    # A period with nothing in it that is over is empty, not partial.
    assert partial(compute_like(date(2025, 1, 1), date(2025, 12, 31), []), date(2026, 1, 1)) is None


def compute_like(start: date, end: date, months: list[int]) -> dict:
    return {
        "period_start": start,
        "period_end": end,
        "monthly": [{"month": date(start.year, month, 1)} for month in months],
    }


def test_a_partial_year_is_marked_on_the_dashboard(two_years_and_a_bit, client_for, alice):
    page = client_for(alice).get(
        reverse("spend:baseline", args=[two_years_and_a_bit.slug]), {"year": 2026}
    )
    text = text_of(page)
    assert "Nulmeting 2026 onvolledig" in text
    assert "Onvolledig jaar: de grootboekregels lopen van januari 2026 tot november 2026." in text


@needs_pdf
@pytest.mark.parametrize(
    "language,expected",
    [
        ("nl", "Onvolledig jaar: de grootboekregels lopen van januari 2026 tot november 2026."),
        ("en", "Partial year: the ledger lines run from January 2026 to November 2026."),
    ],
)
def test_a_partial_year_is_marked_in_the_pdf(
    two_years_and_a_bit, client_for, alice, language, expected
):
    response = client_for(alice).get(
        reverse("spend:baseline_pdf", args=[two_years_and_a_bit.slug]),
        {"year": 2026, "lang": language},
    )
    assert expected in pdf_text(response.content)


def test_compute_is_unchanged_by_the_partial_mark(two_years_and_a_bit):
    assert "partial" not in compute(two_years_and_a_bit, Period.year(2026))
