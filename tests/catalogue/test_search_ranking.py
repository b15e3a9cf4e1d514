"""Issue 15, item 14: inside an organisation, search puts its short list first, then enterprises
that count under its policy, then the rest; a typo of a word known only in another form is
corrected; the filters have their own button."""

import re
from datetime import date

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue import search
from impactinkoop.catalogue.models import Category, ShortlistEntry
from impactinkoop.registry.models import Qualification

from ..factories import make_member
from .helpers import published_enterprise


@pytest.fixture
def hampers(org):
    """Three hamper makers. The one whose text matches best counts under no policy (PSO
    aspirant); the one that counts matches less well; the recommended one least of all."""
    strong = published_enterprise(
        "70000001",
        "Pakhuis Veelkerst",
        [
            (
                "kerstpakketten",
                "Kerstpakketten kerstpakketten",
                "Kerstpakketten, kerstpakketten en nog eens kerstpakketten.",
            )
        ],
        summary="Kerstpakketten maken wij het hele jaar.",
    )
    Qualification.objects.create(
        company=strong.company, source="pso", level="pso_aspirant", valid_from=date(2020, 1, 1)
    )
    search.index_enterprise(strong)
    counting = published_enterprise(
        "70000002",
        "Werkplaats Telt",
        [
            (
                "kerstpakketten",
                "Geschenken",
                "Kerstpakketten, relatiegeschenken, bedankjes, attenties, zeep, kaarsen, "
                "koffie, thee, chocolade en streekproducten uit de regio.",
            )
        ],
        source="code_so",
    )
    recommended = published_enterprise(
        "70000003",
        "Atelier Aanbevolen",
        [
            (
                "kerstpakketten",
                "Cadeaus",
                "Houten speelgoed, kaarten, kaarsen, zeep, theedoeken, schorten, tassen, "
                "sleutelhangers, onderzetters en ook kerstpakketten.",
            )
        ],
        source="code_so",
    )
    return strong, counting, recommended


def _names_on_page(client, url, **params) -> list[str]:
    html = client.get(url, params).content.decode()
    return re.findall(
        r'<h3 class="utrecht-heading-3"><a class="[^"]*" href="[^"]+">([^<]+)</a>', html
    )


def test_short_list_first_then_policy_then_the_rest(org, hampers, client_for):
    strong, counting, recommended = hampers
    hampers_category = Category.objects.get(slug="kerstpakketten")
    ShortlistEntry.objects.create(
        organisation=org, category=hampers_category, enterprise=recommended
    )
    requester = make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER)
    url = reverse("catalogue:search_page", args=[org.slug])
    client = client_for(requester)
    expected = ["Atelier Aanbevolen", "Werkplaats Telt", "Pakhuis Veelkerst"]
    assert _names_on_page(client, url, q="kerstpakket") == expected
    assert _names_on_page(client, url, q="kerstpakket", category="kerstpakketten") == expected
    # The short list comes back from the ranking query: only its enterprise wears the label.
    html = client.get(url, {"q": "kerstpakket"}).content.decode()
    assert html.count("aanbevolen</span>") == 1
    # Recommended in another category only: no longer first for a search in this one.
    ShortlistEntry.objects.update(category=Category.objects.get(slug="bedankjes"))
    names = _names_on_page(client, url, q="kerstpakket", category="kerstpakketten")
    assert names[-1] == "Pakhuis Veelkerst"
    assert sorted(names[:2]) == ["Atelier Aanbevolen", "Werkplaats Telt"]
    html = client.get(url, {"q": "kerstpakket", "category": "kerstpakketten"}).content.decode()
    assert "aanbevolen</span>" not in html
    # The public has no short list or policy: the words alone decide.
    public = _names_on_page(client, reverse("catalogue:public_search_page"), q="kerstpakket")
    assert public[0] == "Pakhuis Veelkerst"


def test_paging_follows_the_same_order(org, hampers):
    from impactinkoop.catalogue.views import search_preference

    preference = search_preference(org, None)
    query = search.understand("kerstpakketten")
    pages = [
        search.ranked_enterprises(query, search.Filters(), limit=1, offset=n, preference=preference)
        for n in range(3)
    ]
    ids = [hits[0].enterprise_id for hits, _total, _op in pages]
    assert ids[-1] == hampers[0].pk  # the one that does not count comes last
    assert sorted(ids[:2]) == sorted([hampers[1].pk, hampers[2].pk])
    assert {total for _hits, total, _op in pages} == {3}


def test_a_typo_of_a_word_known_only_as_a_plural_is_corrected(hampers):
    query = search.understand("kerstpaket")
    assert query.corrections == {"kerstpaket": "kerstpakket"}
    hits, total, _op = search.ranked_enterprises(query, search.Filters(), limit=10, offset=0)
    assert total == 3
    # The same after a full rebuild of the index and the vocabulary.
    search.rebuild_index()
    assert search.understand("kerstpaket").corrections == {"kerstpaket": "kerstpakket"}
    # A stem typed in full as the last word still finds longer words as a prefix.
    assert search.understand("kerstpakket").prefix_last


def test_the_filters_have_their_own_button(org, hampers, client_for):
    requester = make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER)
    html = (
        client_for(requester)
        .get(reverse("catalogue:search_page", args=[org.slug]), {"q": "kerst"})
        .content.decode()
    )
    filters = html.split('<div class="filters">')[1].split("</form>")[0]
    assert '<button type="submit"' in filters
    assert "Filteren" in filters


def test_the_data_migration_adds_the_stems_of_words_already_indexed(hampers):
    import importlib

    from django.apps import apps

    from impactinkoop.catalogue.models import SearchWord

    SearchWord.objects.filter(documents=0).delete()
    assert search.understand("kerstpaket").corrections == {}
    migration = importlib.import_module("impactinkoop.catalogue.migrations.0005_search_word_stems")
    migration.add_stems(apps, None)
    assert search.understand("kerstpaket").corrections == {"kerstpaket": "kerstpakket"}


def test_without_a_category_all_words_may_be_anywhere_in_the_enterprise(db):
    """One document per enterprise (item 19): its profile and its offers together."""
    published_enterprise(
        "70000009",
        "Groene Keuken",
        [("lunch-en-broodjes", "Lunch", "Broodjes en soep")],
        summary="Alles vegetarisch.",
    )
    hits, total, operator = search.ranked_enterprises(
        search.understand("vegetarisch lunch"), search.Filters(), limit=10, offset=0
    )
    assert (total, operator) == (1, "AND")
    # In a category only the offers count: the profile's word is not in the offer.
    lunch = Category.objects.get(slug="lunch-en-broodjes")
    _hits, total, operator = search.ranked_enterprises(
        search.understand("vegetarisch lunch"),
        search.Filters(category_ids=[lunch.pk]),
        limit=10,
        offset=0,
    )
    assert (total, operator) == (1, "OR")
