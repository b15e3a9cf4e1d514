"""Social return of one organisation through the API: obligations with the balance of
`sroi.queries` (the browser's numbers), realisations only for the SROI officers, and the
officer's batch through the browser's form, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken
from impactinkoop.core.models import AuditEntry
from impactinkoop.registry.models import Company
from impactinkoop.sroi import queries
from impactinkoop.sroi.models import Obligation, Realisation, ReviewStatus, Source
from impactinkoop.sroi.services import report_deadlines
from tests.factories import make_member
from tests.sroi.contractors import obligation_for
from tests.sroi.helpers import block, realisation

from .endpoints.sroi import an_obligation, placement

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"api:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def obligation(org):
    return Obligation.objects.select_related("rule_set").get(pk=an_obligation(org)["pk"])


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER)


@pytest.fixture
def officer_token(org, officer, make_token):
    return make_token(org, kind=ApiToken.Kind.PERSONAL, user=officer)


def entered(obligation, **fields):
    """An accepted placement as the officer enters it, and one waiting for review."""
    accepted = realisation(
        obligation,
        "WW-uitkering",
        participant_code="SR-24-AA01",
        hours_per_week=Decimal("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    waiting = realisation(
        obligation,
        "WW-uitkering",
        participant_code="SR-24-AA02",
        hours_per_week=Decimal("18"),
        start_date=date(2025, 3, 1),
        end_date=date(2025, 8, 31),
        status=ReviewStatus.SUBMITTED,
        source=Source.CONTRACTOR,
        submitted_at=timezone.now(),
    )
    return accepted, waiting


def money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def test_obligations_carry_the_balance_of_the_queries(org, alice, obligation, make_token, api):
    entered(obligation)
    response = api(make_token(org, user=alice)).get(url("sroi_obligations", org))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    balance = queries.balances([obligation], timezone.localdate())[obligation.pk]
    assert row["balance"] == {
        "obligated": money(balance.obligated),
        "accepted": money(balance.accepted),
        "pending": money(balance.pending),
        "reported": money(balance.reported),
        "to_do": money(balance.to_do),
        "forecast": money(balance.forecast),
        "percent_done": balance.percent_done,
    }
    # The numbers themselves: 20.000 a year for a full-time year accepted, half of that
    # for half time during 6 months waiting (utrecht-current, WW benefit).
    assert (row["balance"]["obligated"], row["balance"]["accepted"]) == ("10000.00", "20000.00")
    assert row["balance"]["pending"] == "5000.00"
    assert row["amount"] == "10000.00" and row["percentage"] == "5.00"
    assert (row["start_date"], row["end_date"]) == ("2025-01-01", "2027-12-31")
    assert row["contract"]["title"] == "Bouw stadhuis"
    assert row["rule_set"]["key"] == "utrecht-current"
    assert block(obligation.rule_set, "WW-uitkering").pk in {
        b["id"] for b in row["rule_set"]["blocks"]
    }
    assert [(d["date"], d["final"]) for d in row["deadlines"]] == [
        (day.isoformat(), final) for day, final in report_deadlines(obligation)
    ]
    today = timezone.localdate()
    assert row["state"] == ("running" if today <= date(2027, 12, 31) else "ended")


def test_the_contractor_is_the_register_company(org, alice, make_token, api):
    company = Company.objects.create(kvk_number="11111111", name="Bouwbedrijf X B.V.")
    obligation_for(org, company, "Bouw gemaal")
    row = api(make_token(org, user=alice)).get(url("sroi_obligations", org)).json()["results"][0]
    assert row["contractor"] == {
        "company_id": company.pk,
        "kvk_number": "11111111",
        "name": "Bouwbedrijf X B.V.",
    }


def test_one_obligation_is_the_list_row(org, alice, obligation, make_token, api):
    entered(obligation)
    client = api(make_token(org, user=alice))
    listed = client.get(url("sroi_obligations", org)).json()["results"][0]
    one = client.get(url("sroi_obligation", org, pk=obligation.pk))
    assert one.status_code == 200
    assert one.json() == listed


def test_another_organisations_obligation_is_404(
    org, other_org, alice, charlie, make_token, officer_token, api
):
    theirs = an_obligation(other_org)["pk"]
    client = api(make_token(org, user=alice))
    assert client.get(url("sroi_obligation", org, pk=theirs)).status_code == 404
    realisations = url("sroi_obligation_realisations", org, pk=theirs)
    assert api(officer_token).get(realisations).status_code == 404
    assert client.get(url("sroi_obligation", org, pk=2**63)).status_code == 404


def test_the_state_filter(org, alice, obligation, make_token, api):
    client = api(make_token(org, user=alice))
    state = client.get(url("sroi_obligations", org)).json()["results"][0]["state"]
    assert client.get(url("sroi_obligations", org), {"state": state}).json()["count"] == 1
    other = next(s for s in ("not_started", "running", "ended") if s != state)
    assert client.get(url("sroi_obligations", org), {"state": other}).json()["count"] == 0
    assert client.get(url("sroi_obligations", org), {"state": "soon"}).status_code == 400


def test_an_organisation_token_reads_no_participants(org, alice, obligation, make_token, api):
    # An organisation token has no role to check: participant data needs a person's token.
    client = api(make_token(org, user=alice))
    realisations = url("sroi_obligation_realisations", org, pk=obligation.pk)
    assert client.get(realisations).status_code == 403
    assert client.post(realisations, []).status_code == 403


def test_a_viewer_sees_balances_not_realisations(org, bob, obligation, make_token, api):
    client = api(make_token(org, kind=ApiToken.Kind.PERSONAL, user=bob))
    assert client.get(url("sroi_obligations", org)).status_code == 200
    realisations = url("sroi_obligation_realisations", org, pk=obligation.pk)
    assert client.get(realisations).status_code == 403


def test_an_administrator_manages_no_participants(org, alice, obligation, make_token, api):
    """The administrator may manage social return but not see participants (decision 0022):
    neither reading nor entering realisations, as in the browser."""
    client = api(make_token(org, kind=ApiToken.Kind.PERSONAL, user=alice))
    realisations = url("sroi_obligation_realisations", org, pk=obligation.pk)
    assert client.get(realisations).status_code == 403
    assert client.post(realisations, [placement(org, {})]).status_code == 403
    assert not Realisation.objects.exists()


def test_the_officer_reads_realisations_as_valued_by_the_queries(
    org, obligation, officer_token, api
):
    accepted, waiting = entered(obligation)
    response = api(officer_token).get(url("sroi_obligation_realisations", org, pk=obligation.pk))
    assert response.status_code == 200
    rows = response.json()["results"]
    valued = dict(queries.valued(obligation))
    assert [row["id"] for row in rows] == [accepted.pk, waiting.pk]
    for row in rows:
        valuation = valued[next(r for r in valued if r.pk == row["id"])]
        assert row["value"]["worth"] == money(valuation.worth)
        assert row["value"]["counted"] == money(valuation.total)
    first, second = rows
    assert (first["participant_code"], first["status"], first["source"]) == (
        "SR-24-AA01",
        "accepted",
        "officer",
    )
    assert (second["status"], second["value"]["counted"], second["value"]["worth"]) == (
        "submitted",
        "0.00",
        "5000.00",
    )
    assert first["hours_per_week"] == "36.00" and first["start_date"] == "2025-01-01"
    assert first["block"]["name"] == "WW-uitkering"
    only_waiting = api(officer_token).get(
        url("sroi_obligation_realisations", org, pk=obligation.pk), {"status": "submitted"}
    )
    assert [row["id"] for row in only_waiting.json()["results"]] == [waiting.pk]


def test_the_officer_records_a_batch_as_the_browser_does(
    org, officer, obligation, officer_token, api, client_for
):
    """The same placement through the browser's entry page and through the API: the same
    realisation and the same audit entry."""
    other = Obligation.objects.get(pk=an_obligation(org)["pk"])
    browser = client_for(officer).post(
        reverse("sroi:realisation_new", args=[org.slug, other.pk]),
        # Another participant: the same code in both obligations would be a double count.
        {**placement(org, {}, participant_code="SR-24-ZZ99"), "hours_per_week": "24"},
    )
    assert browser.status_code == 302
    response = api(officer_token).post(
        url("sroi_obligation_realisations", org, pk=obligation.pk),
        [placement(org, {}), placement(org, {}, participant_code="SR-24-AB13")],
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [row["participant_code"] for row in body] == ["SR-24-AB12", "SR-24-AB13"]
    assert body[0]["status"] == "accepted" and body[0]["value"]["counted"] == "6666.67"
    assert body[0]["entry_warning"] == ""
    by_browser = Realisation.objects.get(obligation=other)
    by_api = Realisation.objects.filter(obligation=obligation).order_by("pk").first()
    fields = ("kind", "block_id", "hours_per_week", "start_date", "end_date")
    fields += ("target_group", "status", "source", "company_id", "submitted_at", "kvk_known")
    assert [getattr(by_api, name) for name in fields] == [
        getattr(by_browser, name) for name in fields
    ]
    added = AuditEntry.objects.filter(action="sroi.realisation_added").order_by("pk")
    assert [(e.actor, e.object_id, e.after) for e in added] == [
        (officer, str(other.pk), {"kind": "placement", "block": "WW-uitkering"}),
        (officer, str(obligation.pk), {"kind": "placement", "block": "WW-uitkering"}),
        (officer, str(obligation.pk), {"kind": "placement", "block": "WW-uitkering"}),
    ]
    assert AuditEntry.objects.filter(action="api.write").count() == 1


def test_one_wrong_item_writes_nothing(org, obligation, officer_token, api):
    batch = [
        placement(org, {}),
        placement(org, {}, hours_per_week="61"),
        placement(org, {}, start_date="1-2-2025"),
        placement(org, {}, participant_code="123456782", hours_per_weeks="3"),
    ]
    entries = AuditEntry.objects.count()
    response = api(officer_token, language="en").post(
        url("sroi_obligation_realisations", org, pk=obligation.pk), batch
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(errors) == {
        "1.hours_per_week",
        "2.start_date",
        "3.hours_per_weeks",
    }
    assert errors["1.hours_per_week"] == "Hours a week lie between 0 and 60."
    assert not Realisation.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_the_forms_rules_name_their_field(org, obligation, officer_token, api):
    response = api(officer_token, language="en").post(
        url("sroi_obligation_realisations", org, pk=obligation.pk),
        [
            placement(org, {}),
            placement(org, {}, participant_code="123456782"),
            placement(org, {}, end_date="2028-03-31"),
        ],
    )
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(errors) == {"1.participant_code", "2.end_date"}
    assert "citizen service number" in errors["1.participant_code"]
    assert "outside the obligation" in errors["2.end_date"]


def test_a_purchase_at_an_unknown_kvk_number_waits(org, obligation, officer_token, api):
    item = {
        "kind": "purchase",
        "block": block(obligation.rule_set, "Inkopen bij sociale bedrijven").pk,
        "invoice_number": "F-2025-1",
        "amount_excl_vat": "1234.56",
        "kvk_number": "87654321",
        "start_date": "2025-03-01",
    }
    response = api(officer_token, language="en").post(
        url("sroi_obligation_realisations", org, pk=obligation.pk), [item]
    )
    assert response.status_code == 201, response.json()
    row = response.json()[0]
    assert (row["status"], row["kvk_known"], row["end_date"]) == ("submitted", False, "2025-03-01")
    assert row["amount_excl_vat"] == "1234.56"
    assert "87654321" in row["entry_warning"]


@pytest.mark.parametrize(
    "body", [{"kind": "placement"}, [], "placement", [["placement"]]], ids=repr
)
def test_a_batch_is_a_list_of_objects(org, obligation, officer_token, api, body):
    response = api(officer_token).post(
        url("sroi_obligation_realisations", org, pk=obligation.pk), body
    )
    assert response.status_code == 400
    assert not Realisation.objects.exists()


def test_bonuses_count_where_the_table_stacks_them(org, obligation, officer_token, api):
    bonus = block(obligation.rule_set, "Vast contract").pk
    realisations = url("sroi_obligation_realisations", org, pk=obligation.pk)
    response = api(officer_token).post(realisations, [placement(org, {}, bonuses=[bonus])])
    assert response.status_code == 201, response.json()
    row = response.json()[0]
    assert row["bonuses"] == [{"id": bonus, "name": "Vast contract"}]
    assert row["value"]["counted"] == "10000.00"  # (20.000 + 10.000) x 24/36 x 6/12
    assert [line["amount"] for line in row["value"]["lines"]] == ["6666.67", "3333.33"]


def test_bonuses_are_refused_where_the_table_does_not_stack_them(
    org, obligation, officer_token, api
):
    obligation.rule_set.bonuses_stack = False
    obligation.rule_set.save()
    bonus = block(obligation.rule_set, "Vast contract").pk
    response = api(officer_token).post(
        url("sroi_obligation_realisations", org, pk=obligation.pk),
        [placement(org, {}), placement(org, {}, bonuses=[bonus])],
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["1.bonuses"]
    assert not Realisation.objects.exists()
