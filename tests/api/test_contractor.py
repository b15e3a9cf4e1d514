"""A contractor's own social return through the API (`/api/v1/contractor/`): its obligations
with their balance, its own realisations, and a batch submitted as the contractor portal submits
one. Company X reports to Voorbeeldstad; Voorbeeldstad also has a contract with company Y, and
Anderdorp one with X that never invited it (`tests/sroi/contractors.py`)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.api.models import ApiToken
from impactinkoop.core.models import AuditEntry
from impactinkoop.sroi import queries
from impactinkoop.sroi.models import Block, Realisation, RealisationEvent, ReviewStatus, Source
from tests.sroi import contractors as shared
from tests.sroi.helpers import block, realisation

pytestmark = pytest.mark.django_db

# The contractor tests' fixtures, shared with tests/sroi.
company_x = shared.company_x
company_y = shared.company_y
contractor = shared.contractor
obligations = shared.obligations
officer = shared.officer
rival = shared.rival

OBLIGATIONS = reverse("api:contractor_obligations")


def realisations_url(obligation) -> str:
    return reverse("api:contractor_realisations", kwargs={"pk": obligation.pk})


def token_of(org, user, make_token) -> str:
    access = ContractorAccess.objects.get(user=user, organisation=org)
    return make_token(org, kind=ApiToken.Kind.CONTRACTOR, user=user, access=access)


@pytest.fixture
def contractor_api(org, contractor, make_token, api):
    return api(token_of(org, contractor, make_token), language="en")


def placement(obligation, **changes) -> dict:
    item = {
        "kind": "placement",
        "block": block(obligation.rule_set, "WW-uitkering").pk,
        "participant_code": "SR-24-AB12",
        "hours_per_week": "24",
        "start_date": "2025-02-01",
        "end_date": "2025-07-31",
        "target_group": "ww",
    }
    item.update(changes)
    return item


def money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def test_the_contractor_reads_only_its_own_obligations(obligations, contractor_api):
    ours = obligations["ours"]
    # Entered by the officer: counted in the balance, shown only as a number and a sum.
    realisation(
        ours,
        "WW-uitkering",
        participant_code="SR-24-AA01",
        hours_per_week=Decimal("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    response = contractor_api.get(OBLIGATIONS)
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [ours.pk]
    row = body["results"][0]
    balance = queries.balances([ours], timezone.localdate())[ours.pk]
    assert row["balance"]["obligated"] == money(balance.obligated) == "10000.00"
    assert row["balance"]["accepted"] == money(balance.accepted) == "20000.00"
    assert row["balance"]["to_do"] == money(balance.to_do) == "0.00"
    assert row["counted_by_organisation"] == {"count": 1, "total": "20000.00"}
    assert row["organisation"] == {"slug": "voorbeeldstad", "name": "Gemeente Voorbeeldstad"}
    assert row["contract"]["title"] == "Bouw stadhuis"
    assert block(ours.rule_set, "WW-uitkering").pk in {b["id"] for b in row["rule_set"]["blocks"]}
    assert "participant_code" not in str(row)


def test_the_contractor_reads_its_own_realisations_only(
    obligations, contractor, company_x, contractor_api
):
    ours = obligations["ours"]
    realisation(
        ours,
        "WW-uitkering",
        participant_code="SR-24-AA01",
        hours_per_week=Decimal("36"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    own = realisation(
        ours,
        "WW-uitkering",
        participant_code="SR-24-AA02",
        hours_per_week=Decimal("24"),
        start_date=date(2025, 2, 1),
        end_date=date(2025, 7, 31),
        source=Source.CONTRACTOR,
        company=company_x,
        status=ReviewStatus.SUBMITTED,
    )
    response = contractor_api.get(realisations_url(ours))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["id"], row["participant_code"], row["status"]) for row in rows] == [
        (own.pk, "SR-24-AA02", "submitted")
    ]
    assert rows[0]["value"]["worth"] == "6666.67"
    assert "warning" not in rows[0]["value"]  # the officer's text may name other contracts


@pytest.mark.parametrize("which", ["other_company", "other_organisation"])
def test_another_companys_or_organisations_obligation_is_404(obligations, contractor_api, which):
    theirs = obligations[which]
    entries = AuditEntry.objects.count()
    assert contractor_api.get(realisations_url(theirs)).status_code == 404
    response = contractor_api.post(realisations_url(theirs), [placement(theirs)])
    assert response.status_code == 404
    assert not Realisation.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_another_contractors_realisations_stay_hidden(obligations, org, rival, make_token, api):
    """Company Y's contractor sees its own obligation, not X's, nor X's realisations."""
    other = api(token_of(org, rival, make_token))
    ids = [row["id"] for row in other.get(OBLIGATIONS).json()["results"]]
    assert ids == [obligations["other_company"].pk]
    assert other.get(realisations_url(obligations["ours"])).status_code == 404


def test_an_organisation_token_is_404_on_contractor_endpoints(
    obligations, org, alice, make_token, api
):
    other = api(make_token(org, user=alice))
    assert other.get(OBLIGATIONS).status_code == 404
    ours = obligations["ours"]
    assert other.get(realisations_url(ours)).status_code == 404
    assert other.post(realisations_url(ours), [placement(ours)]).status_code == 404
    assert not Realisation.objects.exists()


def test_a_contractor_token_is_404_on_organisation_endpoints(obligations, org, contractor_api):
    path = reverse("api:sroi_obligations", kwargs={"org_slug": org.slug})
    assert contractor_api.get(path).status_code == 404


def test_anonymous_is_401(obligations, api):
    ours = obligations["ours"]
    assert api().get(OBLIGATIONS).status_code == 401
    assert api().get(realisations_url(ours)).status_code == 401
    assert api().post(realisations_url(ours), [placement(ours)]).status_code == 401
    assert not Realisation.objects.exists()


def test_a_batch_with_one_bad_item_writes_nothing(obligations, contractor_api):
    ours = obligations["ours"]
    batch = [
        placement(ours),
        placement(ours, participant_code="SR-24-AB13"),
        placement(ours, participant_code="SR-24-AB14", age_band="55_plus"),
        placement(ours, participant_code="SR-24-AB15", hours_per_week="61"),
    ]
    entries = AuditEntry.objects.count()
    response = contractor_api.post(realisations_url(ours), batch)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    # The portal's own rules: hours a week up to 60, an age band only with a bonus.
    assert errors == {
        "2.age_band": "Leave the age band empty: only a bonus can need it, and none is chosen.",
        "3.hours_per_week": "Hours a week lie between 0 and 60.",
    }
    assert not Realisation.objects.exists()
    assert not RealisationEvent.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_block_of_another_table_is_refused_at_the_field(obligations, contractor_api):
    ours = obligations["ours"]
    foreign = Block.objects.exclude(rule_set=ours.rule_set).exclude(kind="bonus").first()
    response = contractor_api.post(realisations_url(ours), [placement(ours, block=foreign.pk)])
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["0.block"]


def _fields(realisation) -> dict:
    kept = (
        "kind",
        "block_id",
        "hours_per_week",
        "start_date",
        "end_date",
        "target_group",
        "status",
        "source",
        "company_id",
        "kvk_known",
    )
    return {name: getattr(realisation, name) for name in kept}


def test_a_good_batch_waits_in_the_review_queue_as_a_portal_submission(
    org, obligations, contractor, officer, company_x, contractor_api, client_for
):
    ours = obligations["ours"]
    portal = client_for(contractor).post(
        reverse("sroi:contractor_report"),
        {**placement(ours, participant_code="SR-24-ZZ01"), "obligation": ours.pk},
    )
    assert portal.status_code == 302
    by_portal = Realisation.objects.get()
    response = contractor_api.post(
        realisations_url(ours),
        [placement(ours), placement(ours, participant_code="SR-24-AB13", hours_per_week="12")],
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(row["participant_code"], row["status"], row["source"]) for row in body] == [
        ("SR-24-AB12", "submitted", "contractor"),
        ("SR-24-AB13", "submitted", "contractor"),
    ]
    assert body[0]["value"] == {
        "worth": "6666.67",
        "counted": "0.00",
        "counted_out": False,
        "lines": body[0]["value"]["lines"],
    }
    by_api = Realisation.objects.exclude(pk=by_portal.pk).order_by("pk")
    first = by_api[0]
    assert _fields(first) == _fields(by_portal)
    assert (first.status, first.source, first.company) == (
        ReviewStatus.SUBMITTED,
        Source.CONTRACTOR,
        company_x,
    )
    assert first.submitted_at is not None
    for made in (by_portal, *by_api):
        assert [(e.action, e.by, e.by_contractor) for e in made.events.all()] == [
            (RealisationEvent.Action.SUBMITTED, contractor, True)
        ]
    submitted = AuditEntry.objects.filter(action="sroi.realisation_submitted").order_by("pk")
    assert [(e.actor, e.organisation, e.object_id, e.after) for e in submitted] == [
        (contractor, org, str(ours.pk), {"realisation": made.pk, "status": "submitted"})
        for made in (by_portal, *by_api)
    ]
    api_write = AuditEntry.objects.get(action="api.write")
    assert (api_write.actor, api_write.after["status"]) == (contractor, 201)
    # The officer's queue lists all three alike, oldest first, waiting for review.
    queue = client_for(officer).get(reverse("sroi:review_queue", args=[org.slug]))
    rows = queue.context["rows"]
    assert [row[0].pk for row in rows] == [by_portal.pk, *(r.pk for r in by_api)]
    assert [row[1] for row in rows] == ["Bouwbedrijf X B.V."] * 3
    assert rows[0][2].worth == rows[1][2].worth == Decimal("6666.67")
    # And the balance counts them as waiting, on the portal and through the API alike.
    pending = queries.balances([ours], timezone.localdate())[ours.pk].pending
    assert pending == Decimal("6666.67") * 2 + Decimal("3333.33")
    listed = contractor_api.get(OBLIGATIONS).json()["results"][0]["balance"]
    assert listed["pending"] == money(pending)


def test_a_purchase_keeps_nothing_about_a_person(obligations, contractor_api):
    ours = obligations["ours"]
    item = {
        "kind": "purchase",
        "block": block(ours.rule_set, "Inkopen bij sociale bedrijven").pk,
        "invoice_number": "F-2025-1",
        "amount_excl_vat": "1234.56",
        "kvk_number": "11111111",
        "start_date": "2025-03-01",
        "participant_code": "SR-24-AB12",
        "target_group": "ww",
    }
    response = contractor_api.post(realisations_url(ours), [item])
    assert response.status_code == 201, response.json()
    made = Realisation.objects.get()
    assert (made.participant_code, made.target_group, made.status) == ("", "", "submitted")
    assert made.end_date == date(2025, 3, 1)
