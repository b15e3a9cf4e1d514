"""The coordinator's short list per category comes first for requesters; its size is a setting;
an organisation's own category narrows a platform category with search words."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Category, ShortlistEntry
from impactinkoop.core.models import AuditEntry

from ..factories import make_member
from .helpers import published_enterprise


@pytest.fixture
def caterers(db):
    return [
        published_enterprise(
            f"4000000{n}", f"Cateraar {n}", [("lunch-en-broodjes", f"Lunch {n}", "Broodjes")]
        )
        for n in range(1, 6)
    ]


def test_short_list_comes_first_then_more_providers(org, alice, caterers, client_for):
    client = client_for(alice)
    url = reverse("catalogue:shortlist", args=[org.slug, "catering"])
    response = client.post(url, {"choice_0": caterers[3].pk, "choice_1": caterers[1].pk})
    assert response.status_code == 302
    assert list(
        ShortlistEntry.objects.filter(organisation=org).values_list("enterprise__name", flat=True)
    ) == ["Cateraar 4", "Cateraar 2"]
    assert AuditEntry.objects.filter(
        action="catalogue.shortlist_changed", organisation=org
    ).exists()
    requester = make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER)
    html = (
        client_for(requester)
        .get(reverse("catalogue:category", args=[org.slug, "catering"]))
        .content.decode()
    )
    recommended, more = html.split("Meer aanbieders")
    assert recommended.index("Cateraar 4") < recommended.index("Cateraar 2")
    assert "Cateraar 1" not in recommended and "Cateraar 1" in more
    assert "Cateraar 4" not in more  # not shown twice


def test_short_list_respects_the_size_setting(org, alice, caterers, client_for):
    client = client_for(alice)
    shortlists = reverse("catalogue:shortlists", args=[org.slug])
    client.post(shortlists, {"action": "size", "shortlist_size": "2"})
    url = reverse("catalogue:shortlist", args=[org.slug, "catering"])
    form = client.get(url).context["form"]
    assert len(form.fields) == 2
    response = client.post(url, {"choice_0": caterers[0].pk, "choice_1": caterers[0].pk})
    assert response.status_code == 400
    assert "maar één keer" in response.content.decode()
    response = client.post(shortlists, {"action": "size", "shortlist_size": "11"})
    assert response.status_code == 400
    assert ShortlistEntry.objects.count() == 0


def test_other_roles_cannot_curate(org, caterers, client_for):
    requester = make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER)
    url = reverse("catalogue:shortlist", args=[org.slug, "catering"])
    assert client_for(requester).post(url, {"choice_0": caterers[0].pk}).status_code == 403
    assert ShortlistEntry.objects.count() == 0


def test_short_lists_are_per_organisation(org, other_org, alice, caterers, client_for):
    client_for(alice).post(
        reverse("catalogue:shortlist", args=[org.slug, "catering"]), {"choice_0": caterers[0].pk}
    )
    other_admin = make_member(other_org, "admin@anderdorp.example", Role.ADMIN)
    html = (
        client_for(other_admin)
        .get(reverse("catalogue:category", args=[other_org.slug, "catering"]))
        .content.decode()
    )
    recommended = html.split("Meer aanbieders")[0]
    assert "Cateraar 1" not in recommended


def test_own_category_narrows_its_parent_with_search_words(org, alice, client_for):
    published_enterprise(
        "50000001", "Pakketmakers", [("kerstpakketten", "Kerstpakket", "Vol lekkers")]
    )
    published_enterprise("50000002", "Zeepziederij", [("bedankjes", "Zeepje", "Handzeep")])
    client = client_for(alice)
    response = client.post(
        reverse("catalogue:shortlists", args=[org.slug]),
        {
            "action": "category",
            "parent": Category.objects.get(slug="relatiegeschenken").pk,
            "name": "Kerst voor medewerkers",
            "search_words": "kerstpakketten",
        },
    )
    assert response.status_code == 302
    own = Category.objects.get(organisation=org)
    html = client.get(reverse("catalogue:category", args=[org.slug, own.slug])).content.decode()
    assert "Pakketmakers" in html and "Zeepziederij" not in html
    # The public and other organisations do not see it.
    assert client.get(f"/catalogue/category/{own.slug}/").status_code == 404


def test_step_counts_recommended_top_level_categories(org, alice, client_for):
    """Recommendations in subcategories and own categories count once, under their top-level
    platform category, so the count never exceeds the number of categories (issue 15, item 11)."""
    from impactinkoop.catalogue.step_status import procurement_status

    enterprise = published_enterprise("40000099", "Cateraar X")
    own = Category.objects.create(
        slug="eigen-bedankjes",
        name_nl="Eigen bedankjes",
        name_en="Own thank-yous",
        parent=Category.objects.get(slug="bedankjes"),
        organisation=org,
    )
    slugs = ["catering", "lunch-en-broodjes", "borrel-en-hapjes", "koffie-en-thee"]
    slugs += ["taart-en-gebak", "kerstpakketten", "drukwerk", "grootformaat"]
    categories = [Category.objects.get(slug=slug) for slug in slugs] + [own]
    for category in categories:
        ShortlistEntry.objects.create(organisation=org, category=category, enterprise=enterprise)
    total = Category.objects.platform().top_level().count()
    status = procurement_status(org)
    assert f"Aanbevelingen in 3 van {total} categorieën" in status.summary
    home = client_for(alice).get(reverse("portal:home", args=[org.slug])).content.decode()
    assert f"Aanbevelingen in 3 van {total} categorieën" in home
