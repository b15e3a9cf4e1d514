"""The two endpoints without a token: the public catalogue of an organisation that publishes it
in its house style, and the public impact figures, which are exactly the public page's open
data (small counts of people hidden)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.services import update_theme
from impactinkoop.catalogue.models import Enterprise
from impactinkoop.registry.models import Company
from impactinkoop.reports import public
from impactinkoop.reports.models import Edition, Report
from impactinkoop.reports.snapshot import Figure, Row, Snapshot, Table
from tests.catalogue.helpers import published_enterprise

pytestmark = pytest.mark.django_db

CATALOGUE = "/api/v1/public/catalogue/"
IMPACT = "/api/v1/public/impact/"


# The public catalogue --------------------------------------------------------------------------


@pytest.fixture
def catalogue(org, alice):
    update_theme(actor=alice, organisation=org, changes={"public_catalogue": True})
    groen = published_enterprise(
        "45674567",
        "Groen Werkt",
        [
            ("catering", "Lunch", "Broodjes en soep"),
            ("drukwerk", "Folders", "Op gerecycled papier"),
        ],
        source="code_so",
    )
    bloem = published_enterprise("45674568", "Bloem & Zo", [("bloemen", "Boeketten", "Bloemen")])
    hidden = Company.objects.create(kvk_number="45674569", name="Nog Niet B.V.")
    Enterprise.objects.create(
        company=hidden,
        slug="nog-niet",
        name="Nog Niet",
        summary="",
        impact="",
        contact_email="info@nog-niet.example",
        is_published=False,
    )
    return {"groen": groen, "bloem": bloem}


def test_the_published_catalogue_without_a_token(catalogue, api):
    response = api().get(CATALOGUE + "voorbeeldstad/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["name"] for row in body["results"]] == ["Bloem & Zo", "Groen Werkt"]
    groen = body["results"][1]
    assert groen["slug"] == "e-45674567"
    assert groen["kvk_number"] == "45674567"
    assert groen["contact_email"] == "info@45674567.example"
    assert [offer["title"] for offer in groen["offers"]] == ["Folders", "Lunch"]
    lunch = next(offer for offer in groen["offers"] if offer["title"] == "Lunch")
    assert lunch["category"]["slug"] == "catering"
    assert lunch["description"] == "Broodjes en soep"
    assert [q["source"] for q in groen["qualifications"]] == ["code_so"]
    assert body["results"][0]["qualifications"] == []


def test_search_and_category(catalogue, api):
    client = api()
    found = client.get(CATALOGUE + "voorbeeldstad/?q=broodjes").json()
    assert [row["name"] for row in found["results"]] == ["Groen Werkt"]
    in_catering = client.get(CATALOGUE + "voorbeeldstad/?category=catering").json()
    assert [row["name"] for row in in_catering["results"]] == ["Groen Werkt"]
    # Only the offers in the category asked for.
    assert [offer["title"] for offer in in_catering["results"][0]["offers"]] == ["Lunch"]
    both = client.get(CATALOGUE + "voorbeeldstad/?q=boeketten&category=catering").json()
    assert both["count"] == 0 and both["results"] == []
    # Nothing but punctuation is nothing to search for.
    assert client.get(CATALOGUE + "voorbeeldstad/?q=%21%3F").json()["count"] == 0


def test_catalogue_in_pages(catalogue, api):
    client = api()
    first = client.get(CATALOGUE + "voorbeeldstad/?page_size=1").json()
    second = client.get(CATALOGUE + "voorbeeldstad/?page_size=1&page=2").json()
    assert first["count"] == second["count"] == 2
    assert [first["results"][0]["name"], second["results"][0]["name"]] == [
        "Bloem & Zo",
        "Groen Werkt",
    ]
    assert first["next"] and second["next"] is None
    searched = client.get(CATALOGUE + "voorbeeldstad/?q=papier&page_size=1").json()
    assert searched["count"] == 1 and searched["next"] is None


def test_an_unknown_category_is_400(catalogue, api):
    response = api().get(CATALOGUE + "voorbeeldstad/?category=bestaat-niet")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["category"]


def test_an_organisation_that_did_not_publish_is_404(catalogue, other_org, api):
    for slug in (other_org.slug, "bestaat-niet"):
        response = api().get(CATALOGUE + f"{slug}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_turned_off_again_is_404(catalogue, org, alice, api):
    update_theme(actor=alice, organisation=org, changes={"public_catalogue": False})
    assert api().get(CATALOGUE + "voorbeeldstad/").status_code == 404


def test_a_token_changes_nothing(catalogue, org, alice, make_token, api):
    anonymous = api().get(CATALOGUE + "voorbeeldstad/").json()
    with_token = api(make_token(org, user=alice)).get(CATALOGUE + "voorbeeldstad/").json()
    assert with_token == anonymous


# The public impact figures ---------------------------------------------------------------------

CHOSEN = ["spend.total", "sroi.people", "sroi.placements", "sroi.by_target_group"]


def snapshot() -> Snapshot:
    """Small counts of people stored as they are (as an older rule might have): the public
    figures must hide them all the same."""
    figures = {
        "spend.total": Figure("spend.total", Decimal("1234567.89"), "eur"),
        "spend.social": Figure("spend.social", Decimal("987654.32"), "eur"),
        "sroi.people": Figure("sroi.people", 3, "people"),
        "sroi.placements": Figure("sroi.placements", 21, "people"),
    }
    table = Table(
        "sroi.by_target_group",
        ("placements", "learning_places", "people"),
        "people",
        (
            Row("ww", "", (3, 0, 3), ""),
            Row("participatiewet", "", (12, 2, 10), ""),
            Row("wajong", "", (6, 0, 6), ""),
        ),
        "",
        (21, 2, 19),
    )
    return Snapshot(2025, "v-2025-1", figures, {table.key: table})


@pytest.fixture
def edition(org):
    report = Report.objects.create(organisation=org, year=2025)
    return Edition.objects.create(
        organisation=org,
        report=report,
        year=2025,
        number=1,
        figures=snapshot().to_json(),
        data_version="v-2025-1",
        published_at=timezone.now(),
    )


@pytest.fixture
def published(org, alice, edition):
    public.save_public_page(
        org,
        actor=alice,
        enabled=True,
        introduction="Wij kopen sociaal in.",
        figures=CHOSEN,
        stories=[],
    )


def test_the_figures_are_the_public_pages_json(org, published, api):
    response = api().get(IMPACT + "voorbeeldstad/")
    assert response.status_code == 200
    page_json = Client().get(reverse("reports:public_json", args=[org.slug]))
    assert page_json.status_code == 200
    assert response.json() == page_json.json()
    body = response.json()
    assert body["year"] == 2025 and body["edition"] == 1
    figures = {figure["key"]: figure for figure in body["figures"]}
    assert figures["spend.total"]["value"] == "1234567.89"
    assert "spend.social" not in figures  # not chosen, not shown


def test_small_counts_stay_hidden(published, api):
    body = api().get(IMPACT + "voorbeeldstad/").json()
    figures = {figure["key"]: figure for figure in body["figures"]}
    assert figures["sroi.people"]["value"] is None
    table = body["tables"][0]
    for row in table["rows"]:
        for value in row["values"]:
            assert value is None or not 1 <= int(value) <= 4, row
    # The 3 placements of WW are hidden, and so is one more value in the column (the total row
    # included), so that no subtraction gives them away.
    lines = [row["values"] for row in table["rows"]] + [table["total"]["values"]]
    hidden_per_column = [sum(line[column] is None for line in lines) for column in range(3)]
    assert hidden_per_column[0] >= 2
    assert all(count != 1 for count in hidden_per_column)


def test_the_page_off_is_404(org, alice, published, api):
    public.save_public_page(
        org, actor=alice, enabled=False, introduction="", figures=CHOSEN, stories=[]
    )
    response = api().get(IMPACT + "voorbeeldstad/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_never_published_or_unknown_is_404(org, edition, other_org, api):
    for slug in ("voorbeeldstad", other_org.slug, "bestaat-niet"):
        assert api().get(IMPACT + f"{slug}/").status_code == 404
