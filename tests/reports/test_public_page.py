"""The public impact page: off by default (404, the same as an unknown organisation), and when
on, exactly the chosen figures and stories in the page, the card, the CSV and the JSON; no count
of people from 1 to 4 in any public output."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.core.stored_text import stored
from impactinkoop.reports import public
from impactinkoop.reports.models import Edition, PublicPage, Report
from impactinkoop.reports.snapshot import Figure, Row, Snapshot, Table

from ..catalogue.helpers import published_enterprise
from .story_helpers import approved_story, people

pytestmark = pytest.mark.django_db

CHOSEN = ["spend.total", "sroi.people", "tenders.with_mvi", "sroi.placements_by_target_group"]
NOT_CHOSEN_VALUE = Decimal("987654.32")


NOTE = json.dumps(
    stored("Spend up to %(day)s: the ledger does not reach the end of the year.", day="2025-10-31")
)


def snapshot() -> Snapshot:
    """Figures with small counts of people stored as they are (as an older rule might have):
    the public page must hide them itself."""
    figures = {
        "spend.total": Figure("spend.total", Decimal("1234567.89"), "eur", "/o/x/spend/", NOTE),
        "spend.social": Figure("spend.social", NOT_CHOSEN_VALUE, "eur", "/o/x/spend/"),
        "sroi.people": Figure("sroi.people", 19, "people", "/o/x/sroi/"),
        "tenders.with_mvi": Figure("tenders.with_mvi", 27, "count"),
    }
    table = Table(
        "sroi.placements_by_target_group",
        ("placements", "learning_places", "people"),
        "people",
        (
            Row("ww", "", (3, 0, 3), "/o/x/sroi/?g=ww"),
            Row("participatiewet", "", (12, 2, 10), ""),
            Row("wajong", "", (6, 0, 6), ""),
        ),
        "/o/x/sroi/",
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
        number=2,
        figures=snapshot().to_json(),
        data_version="v-2025-1",
        published_at=timezone.now(),
    )


@pytest.fixture
def cast(org):
    return people(org)


@pytest.fixture
def enterprise(db):
    return published_enterprise("45674567", "Groen Werkt", [("catering", "Lunch", "Broodjes")])


@pytest.fixture
def published(org, alice, edition, cast, enterprise):
    chosen = approved_story(
        org, cast["coordinator"], title="Gekozen verhaal", company=enterprise.company
    )
    approved_story(
        org, cast["coordinator"], title="Niet gekozen verhaal", company=enterprise.company
    )
    public.save_public_page(
        org,
        actor=alice,
        enabled=True,
        introduction="Wij kopen sociaal in.",
        figures=CHOSEN,
        stories=[chosen],
    )
    return chosen


def page_url(org, name="public_page"):
    return reverse(f"reports:{name}", args=[org.slug])


def outputs(client, org) -> dict[str, str]:
    return {
        "page": client.get(page_url(org)).content.decode(),
        "card": client.get(page_url(org, "public_card")).content.decode(),
        "csv": client.get(page_url(org, "public_csv")).content.decode("utf-8-sig"),
        "json": client.get(page_url(org, "public_json")).content.decode(),
    }


def test_off_by_default_is_404_like_an_unknown_organisation(org, edition, client):
    assert not PublicPage.objects.exists()
    for name in ("public_page", "public_card", "public_csv", "public_json"):
        assert client.get(page_url(org, name)).status_code == 404
        assert client.get(reverse(f"reports:{name}", args=["bestaat-niet"])).status_code == 404


def test_turned_off_again_is_404(org, alice, published, client):
    assert client.get(page_url(org)).status_code == 200
    public.save_public_page(
        org, actor=alice, enabled=False, introduction="", figures=CHOSEN, stories=[]
    )
    assert client.get(page_url(org)).status_code == 404


def test_shows_only_what_was_chosen(org, published, client):
    found = outputs(client, org)
    assert "Wij kopen sociaal in." in found["page"]
    assert "Gekozen verhaal" in found["page"]
    for name, text in found.items():
        assert "987.654" not in text and "987654" not in text, name
        assert "Niet gekozen verhaal" not in text, name
        assert "spend.social" not in text, name
        # No internal address (drill-downs) leaves the building.
        assert "/o/" not in text, name
    assert "1.234.567,89" in found["page"]
    assert "1.234.567,89" in found["card"]


SMALL = re.compile(r">\s*[1-4]\s*<")


def test_no_count_of_people_from_1_to_4_in_any_public_output(org, published, enterprise, client):
    found = outputs(client, org)
    assert not SMALL.search(found["page"])
    assert not SMALL.search(found["card"])
    rows = list(csv.DictReader(io.StringIO(found["csv"]), delimiter=";"))
    people_rows = [row for row in rows if row["unit"] == "people"]
    assert people_rows
    for row in people_rows:
        assert row["value"] == "" or int(row["value"]) == 0 or int(row["value"]) >= 5, row
        assert row["shown"] not in {"1", "2", "3", "4"}
    data = json.loads(found["json"])
    for figure in data["figures"]:
        if figure["unit"] == "people":
            assert figure["value"] is None or figure["value"] >= 5
    for table in data["tables"]:
        grid = [row["values"] for row in table["rows"]] + [table["total"]["values"]]
        for line in grid:
            assert all(value is None or value == 0 or value >= 5 for value in line)
        # Nothing recoverable: no column has exactly one hidden value against its total.
        for column in range(len(table["columns"])):
            hidden = [line[column] is None for line in grid]
            assert sum(hidden) != 1, (table["key"], column)
    # The small counts are hidden in the table: 3 (and 6, which the total would reveal).
    table = data["tables"][0]
    assert table["rows"][0]["shown"][0] == "< 5"
    assert table["rows"][2]["values"][2] is None
    catalogue = client.get(
        reverse("catalogue:public_enterprise", args=[enterprise.slug])
    ).content.decode()
    assert "Gekozen verhaal" in catalogue
    assert not SMALL.search(catalogue.split('id="enterprise-stories"')[1])


def test_open_data_equals_what_the_page_shows(org, published, client):
    found = outputs(client, org)
    data = json.loads(found["json"])
    rows = list(csv.DictReader(io.StringIO(found["csv"]), delimiter=";"))
    assert {row["key"] for row in rows} == set(CHOSEN)
    assert {f["key"] for f in data["figures"]} | {t["key"] for t in data["tables"]} == set(CHOSEN)
    assert all(row["edition"] == "2" and row["year"] == "2025" for row in rows)
    assert all(row["data_version"] == "v-2025-1" for row in rows)
    assert (data["edition"], data["year"], data["data_version"]) == (2, 2025, "v-2025-1")
    for row in rows:
        assert (
            row["shown"] in found["page"]
            or row["shown"].replace("\u00a0", "&nbsp;") in (found["page"])
        )
        assert row["label"] in found["page"]
    figure_rows = [row for row in rows if not row["row"]]
    assert [(r["key"], r["shown"]) for r in figure_rows] == [
        (f["key"], f["shown"]) for f in data["figures"]
    ]
    assert [s["title"] for s in data["stories"]] == ["Gekozen verhaal"]
    # The sentence that qualifies a figure goes with it everywhere.
    assert "niet tot het einde van het jaar" in found["page"]
    assert figure_rows[0]["note"] == data["figures"][0]["note"]
    assert "niet tot het einde van het jaar" in data["figures"][0]["note"]


def test_the_card_is_an_svg_without_scripts(org, published, client):
    response = client.get(page_url(org, "public_card"))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "<script" not in body and "onload" not in body and "<foreignObject" not in body
    assert "Gemeente Voorbeeldstad" in body
    assert "Sociaal inkopen in 2025" in body


def test_a_story_changed_after_approval_leaves_the_public_page(org, published, cast, client):
    from impactinkoop.reports import stories

    user, membership = cast["coordinator"]
    stories.add_quote(
        published, actor=user, organisation=org, membership=membership, text="Nieuw", speaker="X"
    )
    assert "Gekozen verhaal" not in client.get(page_url(org)).content.decode()


def test_public_photos_only_of_published_stories(org, published, cast, client):
    from impactinkoop.reports import stories

    from .story_helpers import png, upload

    user, membership = cast["coordinator"]
    photo = stories.add_photo(
        published,
        actor=user,
        organisation=org,
        membership=membership,
        upload=upload(png()),
        alt_text="De ploeg",
    )
    url = reverse("reports:public_photo", args=[org.slug, photo.pk])
    assert client.get(url).status_code == 404  # waiting for approval again
    stories.approve_story(published, actor=user, organisation=org, membership=membership)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert url in client.get(page_url(org)).content.decode()


def test_the_settings_are_the_administrators(org, alice, edition, cast, client_for):
    url = reverse("reports:public_settings", args=[org.slug])
    preview = reverse("reports:public_preview", args=[org.slug])
    assert client_for(alice).get(preview).status_code == 200  # before anything is saved
    assert client_for(cast["coordinator"][0]).get(url).status_code == 403
    client = client_for(alice)
    page = client.get(url).content.decode()
    assert "spend.total" in page  # the checkbox of the figure
    assert "&lt;img" in page  # the snippet to paste
    assert "iframe" not in page
    response = client.post(
        url, {"enabled": "on", "introduction": "Hallo", "figures": ["spend.total"]}
    )
    assert response.status_code == 302
    page = PublicPage.objects.get(organisation=org)
    assert page.enabled and page.figures == ["spend.total"]
    response = client.post(url, {"enabled": "on", "figures": ["niet.bestaand"]})
    assert response.status_code == 400
    assert client.get(reverse("reports:public_preview", args=[org.slug])).status_code == 200


def test_the_page_reads_in_english(org, published, client):
    response = client.get(page_url(org), HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("core:set_language"), {"language": "en", "next": page_url(org)})
    page = client.get(page_url(org)).content.decode()
    assert response.status_code == 200
    assert "Total spend" in page


def test_an_outsider_cannot_see_an_unpublished_story_in_the_catalogue(
    org, other_org, edition, cast, enterprise, client, client_for, charlie
):
    approved_story(org, cast["coordinator"], title="Intern verhaal", company=enterprise.company)
    url = reverse("catalogue:public_enterprise", args=[enterprise.slug])
    assert "Intern verhaal" not in client.get(url).content.decode()
    inside = reverse("catalogue:enterprise", args=[org.slug, enterprise.slug])
    assert "Intern verhaal" in client_for(cast["viewer"][0]).get(inside).content.decode()
    elsewhere = reverse("catalogue:enterprise", args=[other_org.slug, enterprise.slug])
    assert "Intern verhaal" not in client_for(charlie).get(elsewhere).content.decode()


def test_people_figures_that_would_reveal_a_small_count_are_hidden():
    figures = [
        Figure("a.people", 40, "people"),
        Figure("b.people", 37, "people"),  # 40 - 37 = 3
        Figure("c.people", 60, "people"),
        Figure("d.people", 12, "people"),  # equals a value the table hid
        Figure("e.people", 2, "people"),
        Figure("spend.total", Decimal("3"), "eur"),
    ]
    shown = {f.key: f.value for f in public._protect_figures(figures, {12})}
    assert shown == {
        "a.people": None,
        "b.people": None,
        "c.people": 60,
        "d.people": None,
        "e.people": None,
        "spend.total": Decimal("3"),
    }


def test_a_table_of_people_is_protected_along_rows_with_a_total_column():
    table = Table(
        "x.people",
        ("men", "women", "total"),
        "people",
        (Row("a", "A", (3, 9, 12)), Row("b", "B", (10, 10, 20))),
        "",
        (13, 19, 32),
    )
    protected, _hidden = public._protect(table)
    grid = [row.values for row in protected.rows] + [protected.total]
    lines = [list(line) for line in grid] + [list(column) for column in zip(*grid, strict=True)]
    assert grid[0][0] is None
    assert all(sum(value is None for value in line) != 1 for line in lines)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pages_have_the_structure_every_page_needs(
    language, org, alice, published, cast, enterprise, client, client_for
):
    from impactinkoop.reports import stories

    from ..test_accessibility import check
    from .story_helpers import png, upload

    user, membership = cast["coordinator"]
    stories.add_photo(
        published,
        actor=user,
        organisation=org,
        membership=membership,
        upload=upload(png()),
        alt_text="De ploeg",
    )
    stories.add_quote(
        published, actor=user, organisation=org, membership=membership, text="Ja", speaker="Z"
    )
    stories.approve_story(published, actor=user, organisation=org, membership=membership)
    client.cookies["django_language"] = language
    check(client.get(page_url(org)), language)
    check(client.get(reverse("catalogue:public_enterprise", args=[enterprise.slug])), language)
    alice.language = language
    alice.save()
    inside = client_for(alice)
    for name, args in (
        ("stories", []),
        ("story_new", []),
        ("story", [published.pk]),
        ("story_edit", [published.pk]),
        ("story_photos", [published.pk]),
        ("story_quotes", [published.pk]),
        ("public_settings", []),
        ("public_preview", []),
    ):
        check(inside.get(reverse(f"reports:{name}", args=[org.slug, *args])), language)
