"""The baseline's figures through the API are the command line's: same keys, same numbers."""

import json

import pytest
from django.core.management import call_command

from impactinkoop.registry.models import Company, Qualification
from tests.spend.test_baseline import LEDGER
from tests.spend.test_importing import import_text


@pytest.fixture
def ledger(org):
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    import_text(org, LEDGER)
    return org


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_api_gives_the_clis_json(ledger, alice, make_token, api, capsys, language):
    from django.utils import translation

    with translation.override(language):
        call_command("baseline", org=ledger.slug, year=2025, json=True)
    cli = json.loads(capsys.readouterr().out)
    response = api(make_token(ledger, user=alice), language=language).get(
        f"/api/v1/o/{ledger.slug}/baseline/?year=2025"
    )
    body = response.json()
    assert body["social_spend"] != "0.00"
    assert {key: body[key] for key in cli} == cli
    assert set(body) - set(cli) == {"partial"}  # whether the period is over, as the page says


def test_a_range_of_months(ledger, alice, make_token, api):
    body = (
        api(make_token(ledger, user=alice))
        .get(f"/api/v1/o/{ledger.slug}/baseline/?start=2025-01-01&end=2025-03-31")
        .json()
    )
    assert (body["period_start"], body["period_end"]) == ("2025-01-01", "2025-03-31")
    assert len(body["monthly"]) <= 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "year=abc",
        "year=2025&start=2025-01-01",
        "start=2025-01-01",
        "start=2025-13-01&end=2025-12-31",
    ],
)
def test_a_wrong_period_is_400(org, alice, make_token, api, query):
    response = api(make_token(org, user=alice)).get(f"/api/v1/o/{org.slug}/baseline/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_a_change_shows_within_the_freshness_window(org, alice, make_token, api, settings):
    url = f"/api/v1/o/{org.slug}/baseline/?year=2025"
    client = api(make_token(org, user=alice))
    assert client.get(url).json()["total_spend"] == "0.00"
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    import_text(org, LEDGER)
    # Within the window a process gives the figures it read (one second by default) ...
    assert client.get(url).json()["total_spend"] == "0.00"
    # ... and without one, what spend keeps now.
    settings.API_FIGURES_FRESH_SECONDS = 0
    assert client.get(url).json()["total_spend"] != "0.00"
