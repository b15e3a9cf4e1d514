"""Suppliers, the register and goals through the API: the fields, the filters and pages, and the
same answers as the browser's sources (`registry.policy.verdict`, `plans.progress`)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from impactinkoop.plans import progress
from impactinkoop.plans.models import Goal, Metric, ProgressEntry, Theme
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.registry.policy import verdict
from impactinkoop.spend.linking.links import decide
from impactinkoop.spend.models import Supplier, SupplierMatch
from tests.spend.test_baseline import LEDGER
from tests.spend.test_importing import import_text

BASE = "/api/v1/o/voorbeeldstad/"
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def client(org, alice, make_token, api):
    return api(make_token(org, user=alice))


@pytest.fixture
def ledger(org):
    """Four suppliers: De Werkplaats (KvK in the register, a social enterprise since 2020),
    Drukkerij Lokaal (in the register, not social; spend in 2024 and 2025), Groen Doen (a KvK
    the register lacks) and Jansen & Zn (no KvK)."""
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    Company.objects.create(kvk_number="22334455", name="Drukkerij Lokaal")
    import_text(org, LEDGER)
    return {supplier.name: supplier for supplier in Supplier.objects.filter(organisation=org)}


def names(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [row["name"] for row in response.json()["results"]]


# Suppliers -------------------------------------------------------------------------------------


def test_suppliers_with_their_spend_per_year_and_their_link(ledger, client):
    body = client.get(BASE + "suppliers/").json()
    assert body["count"] == 4
    rows = {row["name"]: row for row in body["results"]}
    werkplaats = rows["DE WERKPLAATS B.V."]
    assert werkplaats["kvk_number"] == "01234567"
    assert werkplaats["link"] == {
        "kvk_number": "01234567",
        "company_name": "De Werkplaats B.V.",
        "how": "kvk",
        "score": None,
        "reason": "",
        "asked_again": False,
    }
    assert werkplaats["social_enterprise"] is True
    assert werkplaats["spend"] == [{"year": 2025, "total": "1134.55", "lines": 2}]
    assert "proposals" not in werkplaats  # the list leaves them to the supplier's own page
    drukkerij = rows["Drukkerij Lokaal"]
    assert drukkerij["social_enterprise"] is False
    assert drukkerij["spend"] == [
        {"year": 2024, "total": "10.00", "lines": 1},
        {"year": 2025, "total": "999.99", "lines": 1},
    ]
    assert rows["Jansen & Zn"]["link"] is None


def test_spend_of_one_year(ledger, client):
    rows = {row["name"]: row for row in client.get(BASE + "suppliers/?year=2024").json()["results"]}
    assert rows["Drukkerij Lokaal"]["spend"] == [{"year": 2024, "total": "10.00", "lines": 1}]
    assert rows["Jansen & Zn"]["spend"] == [{"year": 2024, "total": "0.00", "lines": 0}]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=druk", ["Drukkerij Lokaal"]),
        ("q=01234567", ["DE WERKPLAATS B.V."]),
        ("linked=true", ["DE WERKPLAATS B.V.", "Drukkerij Lokaal"]),
        ("linked=false", ["Groen Doen", "Jansen & Zn"]),
        ("social=true", ["DE WERKPLAATS B.V."]),
        ("social=false", ["Drukkerij Lokaal", "Groen Doen", "Jansen & Zn"]),
        # Before its qualification began, De Werkplaats was no social enterprise.
        ("social=true&on=2019-12-31", []),
        ("linked=true&social=false", ["Drukkerij Lokaal"]),
    ],
)
def test_supplier_filters(ledger, client, query, expected):
    assert sorted(names(client.get(BASE + "suppliers/?" + query))) == expected


def test_suppliers_in_pages(ledger, client):
    first = client.get(BASE + "suppliers/?page_size=3").json()
    second = client.get(BASE + "suppliers/?page_size=3&page=2").json()
    assert first["count"] == second["count"] == 4
    assert len(first["results"]) == 3 and len(second["results"]) == 1
    assert "page=2" in first["next"]
    assert second["previous"] is not None
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(seen) == sorted(supplier.pk for supplier in ledger.values())


@pytest.mark.parametrize(
    "query, field", [("year=abc", "year"), ("on=31-12-2025", "on"), ("linked=perhaps", "linked")]
)
def test_bad_supplier_filters_are_400_naming_the_field(ledger, client, query, field):
    response = client.get(BASE + "suppliers/?" + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_one_supplier_with_its_open_proposals(org, ledger, client):
    groen = ledger["Groen Doen"]
    candidate = Company.objects.create(kvk_number="33445567", name="Groen Doet B.V.")
    SupplierMatch.objects.create(
        organisation=org,
        supplier=groen,
        company=candidate,
        score=88.0,
        reason="same words in another order",
    )
    body = client.get(BASE + f"suppliers/{groen.pk}/", **ENGLISH).json()
    assert body["name"] == "Groen Doen"
    assert body["link"] is None
    assert body["proposals"] == [
        {
            "kvk_number": "33445567",
            "company_name": "Groen Doet B.V.",
            "score": 88.0,
            "reason": "same words in another order",
            "asked_again": False,
        }
    ]
    assert body["spend"] == [{"year": 2025, "total": "300.00", "lines": 1}]


def test_a_link_accepted_by_a_person(org, alice, ledger, client):
    groen = ledger["Groen Doen"]
    candidate = Company.objects.create(kvk_number="33445567", name="Groen Doet B.V.")
    proposal = SupplierMatch.objects.create(
        organisation=org, supplier=groen, company=candidate, score=88.0, reason="names 88% alike"
    )
    decide(actor=alice, proposal=proposal, accept=True)
    body = client.get(BASE + f"suppliers/{groen.pk}/", **ENGLISH).json()
    assert body["link"]["how"] == "person"
    assert body["link"]["kvk_number"] == "33445567"
    assert body["link"]["reason"] == "names 88% alike"
    assert body["proposals"] == []


def test_another_organisations_supplier_is_404(ledger, other_org, client):
    theirs = Supplier.objects.create(organisation=other_org, key="n:1", name="Elders B.V.")
    response = client.get(BASE + f"suppliers/{theirs.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    for unknown in (10**12, 10**20):
        assert client.get(BASE + f"suppliers/{unknown}/").status_code == 404


# The register ----------------------------------------------------------------------------------


@pytest.fixture
def company(org, other_org):
    """A social enterprise from 1 March 2025 (Code SO), a PSO aspirant (not counted under the
    default policy), and another organisation's own judgement (never visible here)."""
    found = Company.objects.create(
        kvk_number="01234567", name="De Werkplaats B.V.", trade_names="Werkplaats\nGroen Werk"
    )
    Qualification.objects.create(company=found, source="code_so", valid_from="2025-03-01")
    Qualification.objects.create(
        company=found, source="pso", level="pso_aspirant", valid_from="2024-01-01"
    )
    Qualification.objects.create(
        company=found,
        organisation=other_org,
        source="own_judgement",
        reason="Ons oordeel",
        valid_from="2020-01-01",
    )
    return found


def test_lookup_by_kvk(company, client):
    body = client.get(BASE + "register/companies/?kvk=01.23.45.67").json()
    assert body["count"] == 1
    found = body["results"][0]
    assert found["kvk_number"] == "01234567"
    assert found["name"] == "De Werkplaats B.V."
    assert found["trade_names"] == ["Werkplaats", "Groen Werk"]
    assert found["social_enterprise_today"] is True
    assert sorted(q["source"] for q in found["qualifications"]) == ["code_so", "pso"]
    assert {q["own"] for q in found["qualifications"]} == {False}


def test_an_unknown_kvk_is_an_empty_list(company, client):
    assert client.get(BASE + "register/companies/?kvk=87654321").json()["count"] == 0


@pytest.mark.parametrize("query", ["kvk=1234", "kvk=abcdefgh", "kvk=123456789", ""])
def test_a_bad_kvk_is_400_naming_the_field(company, client, query):
    response = client.get(BASE + "register/companies/?" + query, **ENGLISH)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == ["kvk"]
    if query:
        assert errors[0]["message"] == "A KvK number is exactly 8 digits, for example 01234567."


def test_the_kvk_message_is_translated(company, client):
    english = client.get(BASE + "register/companies/?kvk=1234", **ENGLISH).json()
    dutch = client.get(BASE + "register/companies/?kvk=1234").json()
    assert english["errors"][0]["message"] != dutch["errors"][0]["message"]


def expected_verdict(company, org, day) -> dict:
    found = verdict(company, org, day)
    return {
        "social_enterprise": found.is_social_enterprise,
        "explanation": found.explanation(),
        "counted": [q.describe() for q in found.counted],
        "not_counted": [(q.describe(), why) for q, why in found.not_counted],
    }


@pytest.mark.parametrize(
    "day, counts", [(date(2025, 2, 28), False), (date(2025, 3, 1), True), (date(2026, 6, 30), True)]
)
def test_the_verdict_is_the_policys_answer(org, company, client, day, counts):
    response = client.get(BASE + f"register/companies/01234567/verdict/?on={day.isoformat()}")
    assert response.status_code == 200
    body = response.json()
    assert body["on"] == day.isoformat()
    assert body["kvk_number"] == "01234567"
    assert body["company_name"] == "De Werkplaats B.V."
    assert body["social_enterprise"] is counts
    got = {
        "social_enterprise": body["social_enterprise"],
        "explanation": body["explanation"],
        "counted": [q["description"] for q in body["counted"]],
        "not_counted": [(q["description"], q["why"]) for q in body["not_counted"]],
    }
    assert got == expected_verdict(company, org, day)
    # The other organisation's own judgement is neither counted nor shown.
    assert "own_judgement" not in {q["source"] for q in body["counted"] + body["not_counted"]}


def test_the_verdict_says_why_not(company, client):
    body = client.get(BASE + "register/companies/01234567/verdict/?on=2025-02-28", **ENGLISH).json()
    reasons = {q["source"]: q["why"] for q in body["not_counted"]}
    assert reasons["code_so"].startswith("valid only from")
    assert reasons["pso"] == "does not count under your organisation's policy"
    assert body["counted"] == []


def test_the_verdict_is_for_today_without_a_day(company, client):
    body = client.get(BASE + "register/companies/01234567/verdict/").json()
    assert body["on"] == timezone.localdate().isoformat()
    assert body["social_enterprise"] is True


def test_verdict_of_an_unknown_or_bad_kvk(company, client):
    assert client.get(BASE + "register/companies/87654321/verdict/").status_code == 404
    bad = client.get(BASE + "register/companies/1234/verdict/")
    assert bad.status_code == 400
    assert [error["field"] for error in bad.json()["errors"]] == ["kvk"]
    bad_day = client.get(BASE + "register/companies/01234567/verdict/?on=gisteren")
    assert [error["field"] for error in bad_day.json()["errors"]] == ["on"]


# Goals -----------------------------------------------------------------------------------------


@pytest.fixture
def goals(org, ledger):
    today = timezone.localdate()
    counted = Goal.objects.create(
        organisation=org,
        title="Tien contracten met social return",
        theme=Theme.objects.get(organisation=None, key="social-return"),
        metric=Metric.NUMBER,
        unit="contracten",
        baseline_value=2,
        baseline_date=today - timedelta(days=200),
        target_value=10,
        deadline=today + timedelta(days=165),
    )
    ProgressEntry.objects.create(
        goal=counted, measured_on=today - timedelta(days=10), value=3, evidence="Register"
    )
    live = Goal.objects.create(
        organisation=org,
        title="Meer uitgaven bij sociale ondernemingen",
        metric=Metric.SOCIAL_SPEND,
        unit="euro",
        baseline_value=0,
        baseline_date=date(2024, 12, 31),
        target_value=5000,
        deadline=date(today.year + 1, 12, 31),
    )
    untargeted = Goal.objects.create(
        organisation=org, title="Een doel zonder streefwaarde", deadline=date(today.year + 2, 1, 1)
    )
    return {"counted": counted, "live": live, "untargeted": untargeted}


def _decimal(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def expected_progress(goal) -> dict:
    result = progress.progress(goal, timezone.localdate())
    return {
        "status": result.status,
        "current": None if result.current is None else _decimal(result.current.value),
        "expected": _decimal(result.expected),
        "fraction": _decimal(result.fraction),
        "points": [(p.label, p.as_of.isoformat(), _decimal(p.value)) for p in result.points],
    }


def got_progress(row) -> dict:
    found = row["progress"]
    return {
        "status": found["status"],
        "current": found["current"] and found["current"]["value"],
        "expected": found["expected"],
        "fraction": found["fraction"],
        "points": [(p["label"], p["as_of"], p["value"]) for p in found["points"]],
    }


def test_goals_with_the_progress_the_goals_page_computes(goals, client):
    body = client.get(BASE + "goals/").json()
    assert body["count"] == 3
    rows = {row["id"]: row for row in body["results"]}
    for goal in goals.values():
        assert got_progress(rows[goal.pk]) == expected_progress(goal), goal.title
    counted = rows[goals["counted"].pk]
    assert counted["theme"]["key"] == "social-return"
    assert counted["theme"]["national"] is True
    assert counted["unit"] == "contracten"
    assert counted["baseline_value"] == "2.00"
    assert counted["target_value"] == "10.00"
    assert counted["deadline"] == goals["counted"].deadline.isoformat()
    assert counted["progress"]["current"]["source"] == "entered"
    assert counted["progress"]["on_track"] is (counted["progress"]["status"] == "on_track")
    live = rows[goals["live"].pk]["progress"]
    assert [p["source"] for p in live["points"]][:2] == ["baseline", "live"]
    assert live["points"][1]["value"] == "1134.55"  # the social spend of 2025
    untargeted = rows[goals["untargeted"].pk]
    assert untargeted["progress"]["status"] == "no_target"
    assert untargeted["progress"]["on_track"] is None
    assert untargeted["theme"] is None and untargeted["target_value"] is None


def test_one_goal(goals, client):
    goal = goals["live"]
    body = client.get(BASE + f"goals/{goal.pk}/").json()
    assert body["title"] == goal.title
    assert body["metric"] == "social_spend"
    assert got_progress(body) == expected_progress(goal)


def test_goals_in_pages(goals, client):
    body = client.get(BASE + "goals/?page_size=2&page=2").json()
    assert body["count"] == 3 and len(body["results"]) == 1


def test_another_organisations_goal_is_404(goals, other_org, client):
    theirs = Goal.objects.create(organisation=other_org, title="Elders", deadline=date(2030, 1, 1))
    assert client.get(BASE + f"goals/{theirs.pk}/").status_code == 404
    for unknown in (10**12, 10**20):
        assert client.get(BASE + f"goals/{unknown}/").status_code == 404


def test_amounts_are_decimal_strings(goals, client):
    body = client.get(BASE + f"goals/{goals['counted'].pk}/").json()
    assert Decimal(body["progress"]["current"]["value"]) == Decimal(3)
    assert isinstance(body["progress"]["expected"], str)
