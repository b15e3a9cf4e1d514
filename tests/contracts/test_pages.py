"""The contracts pages: the register with its totals and reminders, the ledger's spend per
contract, the route from an ending contract through a tender with its MVI themes to the award,
spend without a contract, the rules, and who may change what."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.contracts.models import Contract, RuleVersion, Tender, TenderTheme
from impactinkoop.contracts.services import change_rules, create_tender
from impactinkoop.spend.models import Supplier

from ..factories import make_member
from ..spend.test_importing import import_text
from .helpers import make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(org):
    return make_member(org, "jeroen@voorbeeldstad.example", Role.BUYER, full_name="Jeroen")


def url(name, org, *args):
    return reverse(f"contracts:{name}", args=[org.slug, *args])


def test_list_total_is_the_sum_of_its_lines_to_the_cent(org, buyer, client_for):
    values = ["1234.56", "0.01", "99999.99", None]
    for number, value in enumerate(values):
        make_contract(
            org,
            f"Contract {number}",
            awarded_value=value,
            estimated_value=Decimal("10.10") if value is None else None,
            social_return=number % 2 == 0,
        )
    page = client_for(buyer).get(url("contracts", org))
    assert page.status_code == 200
    assert page.context["totals"]["value"] == Decimal("101244.66")
    assert page.context["totals"]["count"] == 4
    with_clause = client_for(buyer).get(url("contracts", org), {"social_return": "yes"})
    assert with_clause.context["totals"]["value"] == Decimal("1234.56") + Decimal("99999.99")


def test_list_shows_reminders_of_contracts_ending_or_to_be_decided(org, buyer, client_for):
    today = timezone.localdate()
    make_contract(org, "Loopt af", end_date=today + timedelta(days=30))
    make_contract(
        org,
        "Verlengen?",
        end_date=today + timedelta(days=400),
        extension_until=today + timedelta(days=800),
        extension_decide_by=today + timedelta(days=60),
    )
    make_contract(org, "Nog lang", end_date=today + timedelta(days=900))
    page = client_for(buyer).get(url("contracts", org))
    assert [(r.contract.title, r.kind) for r in page.context["reminders"]] == [
        ("Loopt af", "end"),
        ("Verlengen?", "extension"),
    ]
    home = client_for(buyer).get(reverse("portal:home", args=[org.slug]))
    assert "Loopt af" in home.content.decode()


def test_detail_shows_the_ledger_spend_of_the_supplier_in_the_contract_period(
    org, buyer, client_for
):
    import_text(
        org,
        "Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag\n"
        "Schoon BV;12345678;F1;15-12-2023;500,00\n"
        "Schoon BV;12345678;F2;15-01-2024;1.000,10\n"
        "Schoon BV;12345678;F3;15-06-2025;2.000,20\n"
        "Ander BV;;F4;15-06-2025;7,00\n",
    )
    supplier = Supplier.objects.get(organisation=org, name="Schoon BV")
    contract = make_contract(
        org,
        "Schoonmaak",
        supplier=supplier,
        start_date=date(2024, 1, 1),
        end_date=date(2025, 12, 31),
    )
    page = client_for(buyer).get(url("contract", org, contract.pk))
    assert page.context["spend"] == Decimal("3000.30")
    assert page.context["spend_lines"] == 2


def test_from_ending_contract_to_tender_with_themes_decided_to_award(org, buyer, client_for):
    client = client_for(buyer)
    ending = make_contract(
        org,
        "Catering stadhuis",
        awarded_value="240000",
        cpv_codes=["55520000-1"],
        end_date=timezone.localdate() + timedelta(days=90),
    )
    response = client.post(url("contract_tender", org, ending.pk))
    tender = Tender.objects.get(organisation=org)
    assert response.url == url("tender", org, tender.pk)
    assert (tender.origin, tender.previous_contract, tender.estimated_value) == (
        "contract",
        ending,
        Decimal("240000.00"),
    )
    assert tender.cpv_codes == ["55520000-1"]
    themes = list(tender.themes.all())
    assert [t.theme_key for t in themes] == [
        "klimaat",
        "milieu",
        "circulair",
        "ketenverantwoordelijkheid",
        "diversiteit-en-inclusie",
        "social-return",
    ]
    data = {"theme-TOTAL_FORMS": "6", "theme-INITIAL_FORMS": "6"}
    for index, theme in enumerate(themes):
        data[f"theme-{index}-id"] = theme.pk
        if index < 3:
            data |= {
                f"theme-{index}-decision": "applied",
                f"theme-{index}-how": "award",
                f"theme-{index}-weight": "10",
                f"theme-{index}-ambition": str(index + 1),
                f"theme-{index}-text": f"Criterium {index}",
            }
        else:
            data |= {
                f"theme-{index}-decision": "explained",
                f"theme-{index}-reason": "no_market",
                f"theme-{index}-explanation": "Geen aanbieders",
            }
    assert client.post(url("tender", org, tender.pk), data).status_code == 302
    assert TenderTheme.objects.filter(tender=tender, decision="applied").count() == 3
    supplier_form = {
        "supplier_name": "De Keuken BV",
        "awarded_value": "235.000,00",
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
        "reference": "C-NIEUW",
    }
    response = client.post(url("tender_award", org, tender.pk), supplier_form)
    contract = Contract.objects.get(reference="C-NIEUW")
    assert response.url == url("contract", org, contract.pk)
    assert contract.tender == tender and contract.source == "tender"
    assert contract.mvi_themes == ["klimaat", "milieu", "circulair"]
    assert contract.awarded_value == Decimal("235000.00")
    # Above EUR 100,000 the rule's 5 % applies.
    assert contract.social_return and contract.social_return_percentage == Decimal("5.00")
    tender.refresh_from_db()
    assert tender.status == "awarded"
    again = client.post(url("tender_award", org, tender.pk), supplier_form)
    assert again.status_code == 302
    assert Contract.objects.filter(tender=tender).count() == 1


def test_an_applied_theme_needs_its_level_and_text_and_nothing_changes(org, buyer, client_for):
    tender = create_tender(org, actor=buyer, title="Printers", estimated_value=Decimal("80000"))
    theme = tender.themes.first()
    data = {
        "theme-TOTAL_FORMS": "1",
        "theme-INITIAL_FORMS": "1",
        "theme-0-id": theme.pk,
        "theme-0-decision": "applied",
        "theme-0-how": "award",
    }
    response = client_for(buyer).post(url("tender", org, tender.pk), data)
    assert response.status_code == 400
    errors = response.context["formset"].forms[0].errors
    assert set(errors) == {"ambition", "text", "weight"}
    theme.refresh_from_db()
    assert theme.decision == ""


def test_an_explained_theme_needs_a_reason_and_an_explanation(org, buyer, client_for):
    tender = create_tender(org, actor=buyer, title="Printers", estimated_value=Decimal("80000"))
    theme = tender.themes.first()
    data = {
        "theme-TOTAL_FORMS": "1",
        "theme-INITIAL_FORMS": "1",
        "theme-0-id": theme.pk,
        "theme-0-decision": "explained",
    }
    response = client_for(buyer).post(url("tender", org, tender.pk), data)
    assert set(response.context["formset"].forms[0].errors) == {"reason", "explanation"}


def tender_form(**changes) -> dict:
    return {
        "title": "Groenonderhoud",
        "estimated_value": "300000",
        "status": "preparing",
        "reserved_procurement": "none",
        **changes,
    }


def test_less_social_return_than_the_rule_needs_a_reason(org, buyer, client_for):
    tender = create_tender(org, actor=buyer, title="Groen", estimated_value=Decimal("300000"))
    client = client_for(buyer)
    refused = client.post(
        url("tender_edit", org, tender.pk), tender_form(social_return_percentage="2")
    )
    assert refused.status_code == 400
    assert set(refused.context["form"].errors) == {
        "social_return_reason",
        "social_return_explanation",
    }
    tender.refresh_from_db()
    assert tender.social_return_percentage is None
    accepted = client.post(
        url("tender_edit", org, tender.pk),
        tender_form(
            social_return_percentage="2",
            social_return_reason="no_labour",
            social_return_explanation="Vooral levering van planten",
        ),
    )
    assert accepted.status_code == 302
    tender.refresh_from_db()
    assert tender.effective_social_return == Decimal("2.00")


def test_a_value_in_words_and_an_unknown_cpv_code_are_refused_at_the_field(org, buyer, client_for):
    response = client_for(buyer).post(
        url("tender_new", org), tender_form(estimated_value="drie ton", cpv_codes="99999999")
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"estimated_value", "cpv_codes"}
    assert not Tender.objects.exists()


def test_contract_end_before_start_is_refused(org, buyer, client_for):
    response = client_for(buyer).post(
        url("contract_new", org),
        {"title": "Fout", "start_date": "2026-01-01", "end_date": "2025-01-01"},
    )
    assert response.status_code == 400
    assert "end_date" in response.context["form"].errors
    assert not Contract.objects.exists()


def test_a_tender_keeps_the_rules_in_force_when_it_was_created(org, alice, buyer, client_for):
    before = create_tender(org, actor=buyer, title="Eerder", estimated_value=Decimal("60000"))
    assert before.mvoi_required  # 60,000 reaches the default 50,000
    response = client_for(alice).post(
        url("rules", org),
        {
            "mvoi_threshold": "75.000,00",
            "social_return_threshold": "100000",
            "social_return_percentage": "5",
            "tenderboard_threshold": "250000",
        },
    )
    assert response.status_code == 302
    assert list(RuleVersion.objects.for_organisation(org).values_list("number", flat=True)) == [
        2,
        1,
    ]
    after = create_tender(org, actor=buyer, title="Later", estimated_value=Decimal("60000"))
    before.refresh_from_db()
    assert before.rules.number == 1 and before.mvoi_required
    assert after.rules.number == 2 and not after.mvoi_required


def test_the_same_rules_again_make_no_new_version(org, alice):
    first = change_rules(org, actor=alice, mvoi_threshold=Decimal("50000.00"))
    assert first.number == 1
    assert RuleVersion.objects.count() == 1


def test_a_buyer_may_not_change_the_rules(org, buyer, client_for):
    response = client_for(buyer).post(url("rules", org), {"mvoi_threshold": "1"})
    assert response.status_code == 403


def test_a_viewer_reads_but_cannot_decide_themes(org, bob, buyer, client_for):
    tender = create_tender(org, actor=buyer, title="Printers", estimated_value=Decimal("80000"))
    client = client_for(bob)
    page = client.get(url("tender", org, tender.pk))
    assert page.status_code == 200
    assert "theme-TOTAL_FORMS" not in page.content.decode()
    theme = tender.themes.first()
    data = {
        "theme-TOTAL_FORMS": "1",
        "theme-INITIAL_FORMS": "1",
        "theme-0-id": theme.pk,
        "theme-0-decision": "explained",
        "theme-0-reason": "other",
        "theme-0-explanation": "x",
    }
    assert client.post(url("tender", org, tender.pk), data).status_code == 403
    theme.refresh_from_db()
    assert theme.decision == ""


def test_spend_without_a_contract_above_the_threshold_becomes_a_tender(org, buyer, client_for):
    import_text(
        org,
        "Crediteur;Factuurnummer;Factuurdatum;Bedrag\n"
        "Groot BV;F1;15-01-2025;60.000,00\n"
        "Gedekt BV;F2;15-02-2025;90.000,00\n"
        "Klein BV;F3;15-03-2025;49.999,99\n",
    )
    covered = Supplier.objects.get(organisation=org, name="Gedekt BV")
    make_contract(org, "Gedekt", supplier=covered, end_date=date(2026, 1, 1))
    client = client_for(buyer)
    page = client.get(url("uncovered", org))
    assert [(i.supplier.name, i.total) for i in page.context["found"]] == [
        ("Groot BV", Decimal("60000.00"))
    ]
    groot = page.context["found"][0].supplier
    response = client.post(url("uncovered", org), {"supplier": groot.id})
    tender = Tender.objects.get(organisation=org)
    assert response.url == url("tender", org, tender.pk)
    assert (tender.origin, tender.origin_supplier_id) == ("spend", groot.id)
    assert tender.estimated_value == Decimal("240000.00")  # four years of this year's spend
    assert client.get(url("uncovered", org)).context["found"] == []


def test_pipeline_timeline_groups_tenders_by_quarter(org, buyer, client_for):
    for title, day in [("A", date(2026, 2, 1)), ("B", date(2026, 3, 31)), ("C", date(2026, 4, 1))]:
        create_tender(
            org, actor=buyer, title=title, estimated_value=Decimal("1"), planned_publication=day
        )
    create_tender(org, actor=buyer, title="D", estimated_value=Decimal("1"))
    page = client_for(buyer).get(url("pipeline", org))
    timeline = {q: [t.title for t in items] for q, items in page.context["timeline"].items()}
    assert timeline == {"2026 Q1": ["A", "B"], "2026 Q2": ["C"]}
    assert [t.title for t in page.context["undated"]] == ["D"]


def test_market_counts_social_enterprises_and_catalogue_offers_in_the_region(
    org, buyer, client_for
):
    from impactinkoop.catalogue.models import Category
    from impactinkoop.registry.models import RegisterPolicy

    from ..catalogue.helpers import published_enterprise

    published_enterprise(
        "11111111",
        "Catering Utrecht",
        [("catering", "Lunch", "Broodjes"), ("catering", "Diner", "Warm")],
        region="Midden-Utrecht",
        source="code_so",
    )
    published_enterprise(
        "22222222",
        "Catering Elders",
        [("catering", "Lunch", "Soep")],
        region="Groningen",
        source="code_so",
    )
    RegisterPolicy.objects.update_or_create(organisation=org, defaults={"accepted": ["code_so:"]})
    tender = create_tender(
        org,
        actor=buyer,
        title="Catering",
        estimated_value=Decimal("100000"),
        region="Midden-Utrecht",
        market_category=Category.objects.get(slug="catering"),
    )
    market = client_for(buyer).get(url("tender", org, tender.pk)).context["market"]
    assert (market.offers, market.enterprises_with_offers) == (2, 1)
    assert market.social_enterprises == 1
    assert "region=Midden-Utrecht" in market.catalogue_url and "category=catering" in (
        market.catalogue_url
    )


def test_award_refuses_a_contract_number_already_in_use(org, buyer, client_for):
    make_contract(org, "Bestaand", reference="C-1")
    tender = create_tender(org, actor=buyer, title="Nieuw", estimated_value=Decimal("1000"))
    response = client_for(buyer).post(
        url("tender_award", org, tender.pk),
        {
            "supplier_name": "X",
            "reference": "c-1",
            "awarded_value": "1000",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 400
    assert "reference" in response.context["form"].errors
    tender.refresh_from_db()
    assert tender.status == "idea" and Contract.objects.count() == 1


def test_the_tender_form_offers_the_cpv_picker(org, buyer, client_for):
    page = client_for(buyer).get(url("tender_new", org)).content.decode()
    assert "data-cpv-search" in page and "cpv-picker.js" in page


def test_list_pages_take_as_many_queries_for_many_contracts_as_for_few(org, buyer, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(buyer)

    def queries(name):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, org)).status_code == 200
        return len(captured)

    for number in range(3):
        make_contract(org, f"Weinig {number}", end_date=timezone.localdate() + timedelta(days=9))
        create_tender(org, actor=buyer, title=f"T{number}", estimated_value=Decimal("90000"))
    few = {name: queries(name) for name in ("contracts", "pipeline")}
    for number in range(30):
        make_contract(org, f"Veel {number}", end_date=timezone.localdate() + timedelta(days=9))
        create_tender(org, actor=buyer, title=f"V{number}", estimated_value=Decimal("90000"))
    assert {name: queries(name) for name in ("contracts", "pipeline")} == few
