"""A baseline in which nothing counts as social says why, on the dashboard and in the command,
instead of showing 0 % as if it were a finding."""

from datetime import date

from django.core.management import call_command
from django.urls import reverse

from impactinkoop.registry.models import Company, Qualification, RegisterPolicy
from impactinkoop.spend.baseline.figures import compute
from impactinkoop.spend.baseline.periods import Period

from .test_freezing import text_of
from .test_importing import import_text

LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag\n"
    "1001;De Werkplaats;01234567;F1;15-03-2024;1.000,00\n"
    "1002;Drukkerij Elders;;F2;15-04-2024;500,00\n"
)


def werkplaats_qualified_from(day: str) -> None:
    company = Company.objects.create(kvk_number="01234567", name="De Werkplaats")
    Qualification.objects.create(company=company, source="sw_company", valid_from=day)


def test_a_register_that_starts_after_the_year_is_named_as_the_reason(org):
    werkplaats_qualified_from("2026-11-20")  # imported in November 2026 without a start date
    import_text(org, LEDGER)
    figures = compute(org, Period.year(2024))
    assert figures["social_spend"] == 0
    assert figures["social_note"] == {
        "reason": "no_qualifications",
        "day": date(2024, 12, 31),
        "later": 1,
        "first_later": date(2026, 11, 20),
    }


def test_the_dashboard_says_why_nothing_is_social(org, client_for, alice):
    werkplaats_qualified_from("2026-11-20")
    import_text(org, LEDGER)
    url = reverse("spend:baseline", args=[org.slug])
    page = text_of(client_for(alice).get(url, {"year": 2024}))
    assert (
        "Niets telt als sociaal: geen kwalificatie die jullie beleid accepteert geldt op "
        "31 december 2024, de laatste dag van de periode. 1 kwalificatie begint later, op "
        "20 november 2026."
    ) in page


def test_the_command_says_why_nothing_is_social(org, capsys):
    werkplaats_qualified_from("2026-11-20")
    import_text(org, LEDGER)
    call_command("baseline", org=org.slug, year=2024)
    out = capsys.readouterr().out
    assert "Niets telt als sociaal: geen kwalificatie die jullie beleid accepteert geldt op " in out
    assert "1 kwalificatie begint later, op 20 november 2026." in out


def test_no_links_and_an_empty_policy_are_reasons_too(org):
    Company.objects.create(kvk_number="07654321", name="Ander Werkbedrijf")
    Qualification.objects.create(
        company=Company.objects.get(kvk_number="07654321"),
        source="sw_company",
        valid_from="2020-01-01",
    )
    import_text(org, LEDGER)
    assert compute(org, Period.year(2024))["social_note"]["reason"] == "no_linked_supplier"
    RegisterPolicy.objects.create(organisation=org, accepted=[])
    assert compute(org, Period.year(2024))["social_note"]["reason"] == "no_policy"


def test_figures_with_social_spend_need_no_note(org):
    werkplaats_qualified_from("2020-01-01")
    import_text(org, LEDGER)
    assert compute(org, Period.year(2024))["social_note"] is None
