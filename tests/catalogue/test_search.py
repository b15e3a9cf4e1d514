"""Search relevance on the engine in use (SQLite FTS5 here, PostgreSQL's Dutch configuration in
CI): Dutch plurals, typos, half-typed words, filters, and only published content."""

import pytest

from impactinkoop.catalogue import search
from impactinkoop.catalogue.models import Enterprise, Offer

from .helpers import published_enterprise


@pytest.fixture
def catalogue(db):
    return {
        "caterer": published_enterprise(
            "10000001",
            "De Keukenbrigade",
            [
                (
                    "lunch-en-broodjes",
                    "Lunch met broodjes",
                    "Verse broodjes en soep voor vergaderingen",
                )
            ],
            region="Midden-Utrecht",
            source="code_so",
        ),
        "florist": published_enterprise(
            "10000002",
            "Bloei en Groei",
            [("bloemen", "Boeketten", "Boeketten met seizoensbloemen, gebonden door ons team")],
            region="Rijnmond",
            source="pso",
        ),
        "printer": published_enterprise(
            "10000003",
            "Drukwerk Dichtbij",
            [("drukwerk", "Folders", "Folders en flyers op gerecycled papier")],
        ),
    }


def names(text: str, **filters) -> list[str]:
    query = search.understand(text)
    hits, _total, _op = search.ranked_enterprises(
        query, search.Filters(**filters), limit=20, offset=0
    )
    by_id = Enterprise.objects.in_bulk([h.enterprise_id for h in hits])
    return [by_id[h.enterprise_id].name for h in hits]


def test_dutch_plural_finds_the_singular_and_back(catalogue):
    assert names("boeket") == ["Bloei en Groei"]
    assert names("bloem") == ["Bloei en Groei"]  # its category is "Bloemen en planten"
    assert names("broodje") == ["De Keukenbrigade"]
    assert names("vergadering") == ["De Keukenbrigade"]


def test_a_typo_is_corrected_and_said(catalogue):
    query = search.understand("boekettten")
    assert query.corrections == {"boekettten": "boeketten"}
    assert names("boekettten") == ["Bloei en Groei"]
    assert names("folderz") == ["Drukwerk Dichtbij"]
    assert names("brodjes") == ["De Keukenbrigade"]


def test_a_half_typed_last_word_matches_as_prefix(catalogue):
    assert names("gerecy") == ["Drukwerk Dichtbij"]
    assert names("verse brood") == ["De Keukenbrigade"]


def test_all_words_must_match_else_any(catalogue):
    assert set(names("folders soep")) == {"Drukwerk Dichtbij", "De Keukenbrigade"}
    _hits, _total, operator = search.ranked_enterprises(
        search.understand("folders soep"), search.Filters(), limit=20, offset=0
    )
    assert operator == "OR"
    _hits, total, operator = search.ranked_enterprises(
        search.understand("verse soep"), search.Filters(), limit=20, offset=0
    )
    assert (operator, total) == ("AND", 1)


def test_filters_for_category_region_and_qualification(catalogue):
    from impactinkoop.catalogue.models import Category

    catering = Category.objects.get(slug="catering")
    ids = [catering.pk, *catering.children.values_list("pk", flat=True)]
    assert names("broodjes", category_ids=ids) == ["De Keukenbrigade"]
    assert names("boeketten", category_ids=ids) == []
    assert names("boeketten", region="Rijnmond") == ["Bloei en Groei"]
    assert names("boeketten", region="Midden-Utrecht") == []
    # Nationwide enterprises (no region) serve every region.
    assert names("folders", region="Midden-Utrecht") == ["Drukwerk Dichtbij"]
    assert names("boeketten", source="pso") == ["Bloei en Groei"]
    assert names("boeketten", source="code_so") == []


def test_unpublished_and_withdrawn_offers_are_not_found(catalogue):
    florist = catalogue["florist"]
    offer = florist.offers.get()
    offer.withdrawn_at = "2026-01-01T00:00:00Z"
    offer.save()
    search.index_enterprise(florist)
    assert names("boeketten") == []
    florist.is_published = False
    florist.save()
    search.index_enterprise(florist)
    assert names("bloei") == []


def test_rebuild_gives_the_same_results(catalogue):
    before = names("broodjes")
    assert search.rebuild_index() == 6  # three profiles and three offers
    assert names("broodjes") == before
    assert Offer.objects.count() == 3


def test_rebuild_writes_the_enterprises_documents_before_the_offers(catalogue):
    """A search without a category reads only the enterprises' documents; written first, they
    lie side by side in the table instead of one between every enterprise's offers."""
    from impactinkoop.catalogue.models import SearchDocument

    search.rebuild_index()
    kinds = list(
        SearchDocument.objects.order_by("pk").values_list("offer_id", flat=True).iterator()
    )
    assert kinds[:3] == [None, None, None]
    assert None not in kinds[3:]


def test_search_page_shows_results_with_matching_offers_and_correction(catalogue, client):
    response = client.get("/catalogue/search/", {"q": "boekettten"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bloei en Groei" in html and "Boeketten" in html
    assert "in plaats van “boekettten”" in html


def test_search_ignores_what_cannot_be_searched(catalogue, client):
    for text in ["", "!!!", "' OR 1=1 --", '"', "a" * 200, "NEAR(", "x:*"]:
        response = client.get("/catalogue/search/", {"q": text})
        assert response.status_code == 200
