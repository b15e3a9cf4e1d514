"""Obligations, realisations and tables through the pages and services: bad input refused at the
field, editions frozen once used, obligations following their contract, roles."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.registry.models import Company
from impactinkoop.sroi.models import Obligation, Realisation, RuleSet
from impactinkoop.sroi.services import change_obligation, create_obligation
from tests.contracts.helpers import make_contract
from tests.factories import make_member

from .helpers import block, edition, obligation_under, realisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)


def url(name, org, *args):
    return reverse(f"sroi:{name}", args=[org.slug, *args])


def placement(obligation, **changes):
    data = {
        "kind": "placement",
        "block": block(obligation.rule_set, "WW-uitkering").pk,
        "participant_code": "SR-24-AB12",
        "hours_per_week": "24",
        "start_date": "2025-02-01",
        "end_date": "2025-07-31",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours_per_week": "61"}, "hours_per_week", "tussen 0 en 60"),
        ({"end_date": "2025-01-15"}, "end_date", "voor het begin"),
        ({"end_date": "2028-03-31"}, "end_date", "buiten de verplichting"),
        ({"start_date": "2024-06-01"}, "start_date", "buiten de verplichting"),
        ({"participant_code": "123456782"}, "participant_code", "burgerservicenummer"),
        ({"participant_code": "12345678"}, "participant_code", "burgerservicenummer"),
        ({"participant_code": "1234 56 782"}, "participant_code", "burgerservicenummer"),
        ({"participant_code": "jan"}, "participant_code", "voorvoegsel"),
    ],
)
def test_bad_realisations_are_refused_at_the_field(
    org, officer, client_for, changes, field, message
):
    obligation = obligation_under(org, "utrecht-current")
    response = client_for(officer).post(
        url("realisation_new", org, obligation.pk), placement(obligation, **changes)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Realisation.objects.exists()


def test_a_block_of_another_edition_is_refused(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current")
    other = block(edition(org, "utrecht-2018"), "WW > 1 jaar")
    response = client_for(officer).post(
        url("realisation_new", org, obligation.pk), placement(obligation, block=other.pk)
    )
    assert response.status_code == 400
    assert "niet in de tabel" in " ".join(response.context["form"].errors["block"])


def test_english_messages(org, client_for):
    from tests.factories import make_member as member

    english = member(org, "sam@voorbeeldstad.example", Role.SROI_OFFICER, language="en")
    obligation = obligation_under(org, "utrecht-current")
    response = client_for(english).post(
        url("realisation_new", org, obligation.pk), placement(obligation, hours_per_week="70")
    )
    assert "between 0 and 60" in " ".join(response.context["form"].errors["hours_per_week"])


def test_placement_and_purchase_move_the_balance(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current", value="200000")
    client = client_for(officer)
    response = client.post(url("realisation_new", org, obligation.pk), placement(obligation))
    assert response.status_code == 302
    Company.objects.create(kvk_number="12345678", name="Sociaal B.V.")
    purchase = {
        "kind": "purchase",
        "block": block(obligation.rule_set, "Inkopen bij sociale bedrijven").pk,
        "invoice_number": "F-1",
        "amount_excl_vat": "1.234,56",
        "kvk_number": "12345678",
        "start_date": "2025-03-01",
    }
    assert client.post(url("realisation_new", org, obligation.pk), purchase).status_code == 302
    page = client.get(url("obligation", org, obligation.pk))
    text = page.content.decode()
    # 20.000 x 24/36 x 6/12 = 6.666,67; plus the purchase 1.234,56.
    assert "20.000 x 24/36 uur x 6/12 maanden = 6.666,67" in text
    assert page.context["balance"].realised == Decimal("7901.23")
    assert page.context["balance"].obligated == Decimal("10000.00")
    assert page.context["balance"].to_do == Decimal("2098.77")


def test_purchase_at_an_unknown_kvk_counts_once_accepted(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current")
    client = client_for(officer)
    purchase = {
        "kind": "purchase",
        "block": block(obligation.rule_set, "Inkopen bij sociale bedrijven").pk,
        "invoice_number": "F-2",
        "amount_excl_vat": "1000",
        "kvk_number": "87654321",
        "start_date": "2025-03-01",
    }
    response = client.post(url("realisation_new", org, obligation.pk), purchase, follow=True)
    assert "niet in het register" in response.content.decode()
    found = Realisation.objects.get()
    assert found.status == "submitted"
    assert response.context["balance"].realised == 0
    client.post(url("realisation_accept", org, obligation.pk, found.pk))
    page = client.get(url("obligation", org, obligation.pk))
    assert page.context["balance"].realised == Decimal("1000.00")


def test_the_obligation_follows_its_contract_with_history(org):
    obligation = obligation_under(org, "haaglanden-2023", value="400000")
    assert obligation.amount == Decimal("20000.00")
    contract = obligation.contract
    contract.awarded_value = Decimal("500000")
    contract.end_date = date(2028, 6, 30)
    contract.save()
    obligation.refresh_from_db()
    assert obligation.amount == Decimal("25000.00")
    assert obligation.end_date == date(2028, 6, 30)
    changes = {change.field: (change.old, change.new) for change in obligation.changes.all()}
    assert changes["amount"] == ("20000.00", "25000.00")
    assert changes["end_date"] == ("2027-12-31", "2028-06-30")


def test_a_lower_percentage_needs_a_reason(org, officer, client_for):
    contract = make_contract(
        org,
        "Koffie",
        awarded_value="300000",
        social_return=True,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
    )
    table = edition(org, "utrecht-current")
    data = {
        "rule_set": table.pk,
        "basis": "contract_value",
        "percentage": "2",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "interim_every_months": "12",
    }
    client = client_for(officer)
    response = client.post(url("obligation_new", org, contract.pk), data)
    assert response.status_code == 400
    assert not Obligation.objects.exists()
    data.update(reason="no_labour", explanation="Vooral levering van goederen.")
    assert client.post(url("obligation_new", org, contract.pk), data).status_code == 302
    obligation = Obligation.objects.get()
    assert obligation.amount == Decimal("6000.00")
    assert obligation.default_percentage == Decimal("5.00")


def test_reporting_deadlines_interim_yearly_and_final_a_month_after_the_end(org):
    from impactinkoop.sroi.services import report_deadlines

    obligation = obligation_under(org, "utrecht-current")
    assert report_deadlines(obligation) == [
        (date(2026, 1, 1), False),
        (date(2027, 1, 1), False),
        (date(2028, 1, 31), True),
    ]


def test_an_edition_in_use_is_frozen_and_copied_instead(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current")
    table = obligation.rule_set
    client = client_for(officer)
    response = client.post(url("rule_set_edit", org, table.pk), {"name": "Anders"}, follow=True)
    assert "kopieer hem" in response.content.decode()
    ww = block(table, "WW-uitkering")
    client.post(
        url("block_edit", org, table.pk, ww.pk),
        {"name": "WW", "kind": "job", "value": "1", "unit": "year"},
    )
    ww.refresh_from_db()
    assert ww.value == Decimal("20000.00")
    response = client.post(
        url("rule_set_copy", org, table.pk), {"key": "utrecht-2027", "name": "Utrecht 2027"}
    )
    copy = RuleSet.objects.get(key="utrecht-2027")
    assert response.status_code == 302
    assert copy.blocks.count() == table.blocks.count()
    new = block(copy, "WW-uitkering")
    data = {"name": "WW-uitkering", "kind": "job", "value": "22000", "unit": "year"}
    response = client.post(url("block_edit", org, copy.pk, new.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    new.refresh_from_db()
    assert new.value == Decimal("22000.00")
    assert block(table, "WW-uitkering").value == Decimal("20000.00")


def test_loading_twice_creates_nothing_twice(org, officer, client_for):
    client = client_for(officer)
    client.post(url("rule_sets_load", org))
    client.post(url("rule_sets_load", org))
    assert RuleSet.objects.filter(organisation=org).count() == 4
    haaglanden = RuleSet.objects.get(key="haaglanden-2023")
    assert haaglanden.blocks.count() == 14
    assert block(haaglanden, "WIA").max_months == 24
    assert haaglanden.valid_from == date(2023, 7, 1)


@pytest.mark.parametrize(
    ("role", "may_manage", "may_see_realisations"),
    [
        (Role.SROI_OFFICER, True, True),
        (Role.ADMIN, True, False),
        (Role.COORDINATOR, False, False),
        (Role.BUYER, False, False),
        (Role.VIEWER, False, False),
    ],
)
def test_roles(org, client_for, role, may_manage, may_see_realisations):
    obligation = obligation_under(org, "utrecht-current")
    user = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = client_for(user)
    assert client.get(url("obligations", org)).status_code == 200
    assert client.get(url("obligation", org, obligation.pk)).status_code == 200
    assert client.get(url("obligation_edit", org, obligation.pk)).status_code == (
        200 if may_manage else 403
    )
    # Entering a realisation means seeing participant codes: the SROI officers only.
    expected = 200 if may_see_realisations else 403
    assert client.get(url("realisation_new", org, obligation.pk)).status_code == expected
    assert client.get(url("review_queue", org)).status_code == expected


def test_requester_does_not_see_social_return(org, client_for):
    user = make_member(org, "req@voorbeeldstad.example", Role.REQUESTER)
    assert client_for(user).get(url("obligations", org)).status_code == 403


def test_plan_goals_follow_the_realisations(org):
    from impactinkoop.plans.models import Metric
    from impactinkoop.plans.progress import measure

    obligation = obligation_under(org, "utrecht-current")
    ww = block(obligation.rule_set, "WW-uitkering")
    Realisation.objects.create(
        obligation=obligation,
        kind="placement",
        block=ww,
        participant_code="SR-P1",
        hours_per_week=36,
        start_date=date(2025, 7, 1),
        end_date=date(2026, 6, 30),
    )
    Realisation.objects.create(
        obligation=obligation,
        kind="learning",
        block=block(obligation.rule_set, "Mbo bol niveau 2, 3 en 4"),
        participant_code="SR-P2",
        hours_per_week=18,
        start_date=date(2025, 9, 1),
        end_date=date(2025, 12, 31),
    )
    today = date(2026, 12, 1)
    # 2025: 20.000 x 6/12 = 10.000 and 20.000 x 18/36 x 4/12 = 3.333,33
    assert measure(org, Metric.SROI_VALUE, 2025, today).value == Decimal("13333.33")
    assert measure(org, Metric.SROI_JOBS, 2025, today).value == 2
    assert measure(org, Metric.SROI_JOBS, 2026, today).value == 1


def test_create_obligation_from_the_tender_rules(org):
    contract = make_contract(
        org,
        "Groen",
        awarded_value="150000",
        social_return=True,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    obligation = create_obligation(contract, actor="test", rule_set=edition(org, "haaglanden-2023"))
    assert obligation.percentage == Decimal("5.00")
    assert obligation.amount == Decimal("7500.00")


def test_the_officer_changes_the_obligation_and_its_history_shows_it(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current", value="400000")
    data = {
        "basis": "wage_sum",
        "wage_sum": "100000",
        "percentage": "7",
        "start_date": "2025-01-01",
        "end_date": "2027-06-30",
        "interim_every_months": "6",
        "contact_name": "Ans de Vries",
    }
    client = client_for(officer)
    response = client.post(url("obligation_edit", org, obligation.pk), data)
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.amount == Decimal("7000.00")
    assert obligation.end_date == date(2027, 6, 30)
    assert obligation.rule_set.key == "utrecht-current"
    page = client.get(url("obligation", org, obligation.pk)).content.decode()
    assert "Verplichting (euro)" in page
    assert "20000.00" in page and "7000.00" in page


def test_an_officers_period_stays_when_the_contract_is_saved_without_a_new_term(org, officer):
    obligation = obligation_under(org, "haaglanden-2023", value="400000")
    change_obligation(
        obligation, actor=officer, start_date=date(2025, 3, 1), end_date=date(2027, 6, 30)
    )
    contract = obligation.contract
    contract.title = "Schoonmaak kantoren"
    contract.save()
    obligation.refresh_from_db()
    assert (obligation.start_date, obligation.end_date) == (date(2025, 3, 1), date(2027, 6, 30))
    # Only the value changes: the amount follows, the officer's period stays.
    contract.awarded_value = Decimal("500000")
    contract.save()
    obligation.refresh_from_db()
    assert obligation.amount == Decimal("25000.00")
    assert (obligation.start_date, obligation.end_date) == (date(2025, 3, 1), date(2027, 6, 30))
    # The end itself changes: the end follows, the officer's start stays.
    contract.end_date = date(2028, 6, 30)
    contract.save()
    obligation.refresh_from_db()
    assert (obligation.start_date, obligation.end_date) == (date(2025, 3, 1), date(2028, 6, 30))
    history = [(change.field, change.old, change.new) for change in obligation.changes.all()]
    assert ("end_date", "2027-06-30", "2028-06-30") in history
    assert ("end_date", "2027-12-31", "2027-06-30") in history
    assert ("amount", "20000.00", "25000.00") in history


def test_the_contracts_list_footer_totals_the_balance_column(org, officer, client_for):
    amounts = [Decimal("1234.56"), Decimal("1000.01")]
    for number, amount in enumerate(amounts):
        obligation = obligation_under(org, "utrecht-current", value="200000")
        realisation(
            obligation,
            "Inkopen bij sociale bedrijven",
            kind="purchase",
            invoice_number=f"F-{number}",
            amount_excl_vat=amount,
            kvk_number="12345678",
            start_date=date(2025, 3, 1),
            status="accepted",
        )
    page = client_for(officer).get(reverse("contracts:contracts", args=[org.slug]))
    html = page.content.decode()
    head = re.search(r"<thead.*?</thead>", html, re.S).group(0)
    foot = re.search(r"<tfoot.*?</tfoot>", html, re.S).group(0)

    def width(row: str) -> int:
        cells = re.findall(r"<t[hd]\b([^>]*)>", row)
        return sum(int((re.search(r'colspan="(\d+)"', cell) or [0, 1])[1]) for cell in cells)

    assert width(foot) == width(head)
    # The lines read "1.234,56 van 10.000,00"; the footer's last cell is their sum.
    lines = re.findall(r">([\d.]+,\d\d) van [\d.]+,\d\d<", html)
    assert sorted(lines) == ["1.000,01", "1.234,56"]
    total = re.findall(r"<td[^>]*>([^<]*)</td>", foot)[-1]
    assert total == "2.234,57"
