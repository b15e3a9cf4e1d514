"""Every catalogue page in Dutch and English passes the structural accessibility checks, and the
public pages need no login."""

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Purchase, QuoteRequest, Revision

from ..factories import make_member, make_user
from ..test_accessibility import check
from .helpers import published_enterprise


@pytest.fixture(params=["nl", "en"])
def language(request, client):
    client.cookies["django_language"] = request.param
    return request.param


@pytest.fixture
def world(org, alice):
    enterprise = published_enterprise(
        "90000001",
        "Lunchlokaal",
        [("lunch-en-broodjes", "Broodjeslunch", "<p>Lekker</p>")],
        source="code_so",
    )
    offer = enterprise.offers.get()
    editor = make_user("kok@lunchlokaal.example")
    enterprise.editors.add(editor)
    quote = QuoteRequest.objects.create(
        organisation=org, offer=offer, enterprise=enterprise, requester=alice, message="Lunch"
    )
    Purchase.objects.create(
        organisation=org,
        enterprise=enterprise,
        description="Lunch",
        amount="12.50",
        date="2025-01-02",
        recorded_by=alice,
    )
    revision = Revision.objects.create(
        enterprise=enterprise,
        subject="profile",
        data={"name": "Lunchlokaal BV"},
        submitted_by=editor,
    )
    return {
        "enterprise": enterprise,
        "offer": offer,
        "quote": quote,
        "editor": editor,
        "revision": revision,
    }


def test_public_pages_without_login(world, language, client):
    enterprise, offer = world["enterprise"], world["offer"]
    for url in [
        reverse("catalogue:public_home"),
        reverse("catalogue:public_search_page") + "?q=broodjes",
        reverse("catalogue:public_category", args=["catering"]),
        reverse("catalogue:public_enterprise", args=[enterprise.slug]),
        reverse("catalogue:public_offer", args=[offer.pk]),
    ]:
        response = client.get(url)
        check(response, language)
    assert (
        enterprise.contact_email
        in client.get(reverse("catalogue:public_offer", args=[offer.pk])).content.decode()
    )


def test_organisation_pages(world, language, org, alice, client_for):
    alice.language = language
    alice.save()
    client = client_for(alice)
    for name, args in [
        ("catalogue:home", []),
        ("catalogue:search_page", []),
        ("catalogue:category", ["lunch-en-broodjes"]),
        ("catalogue:enterprise", [world["enterprise"].slug]),
        ("catalogue:offer", [world["offer"].pk]),
        ("catalogue:quote_request", [world["offer"].pk]),
        ("catalogue:requests", []),
        ("catalogue:request", [world["quote"].pk]),
        ("catalogue:purchases", []),
        ("catalogue:shortlists", []),
        ("catalogue:shortlist", ["catering"]),
    ]:
        response = client.get(reverse(name, args=[org.slug, *args]))
        check(response, language)


def test_enterprise_and_curator_pages(world, language, client_for):
    editor = world["editor"]
    editor.language = language
    editor.save()
    slug = world["enterprise"].slug
    client = client_for(editor)
    for url in [
        reverse("catalogue:my_enterprise", args=[slug]),
        reverse("catalogue:profile_edit", args=[slug]),
        reverse("catalogue:offer_new", args=[slug]),
        reverse("catalogue:offer_edit", args=[slug, world["offer"].pk]),
        reverse("catalogue:enterprise_request", args=[slug, world["quote"].pk]),
    ]:
        response = client.get(url)
        check(response, language)
    curator = make_user("curator@example.org", is_staff=True, language=language)
    client = client_for(curator)
    for url in [
        reverse("catalogue:curation"),
        reverse("catalogue:curate_revision", args=[world["revision"].pk]),
        reverse("catalogue:curate_enterprise", args=[slug]),
    ]:
        response = client.get(url)
        check(response, language)


def test_home_page_leads_requesters_to_the_catalogue(org, client_for):
    requester = make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER)
    html = client_for(requester).get(reverse("portal:home", args=[org.slug])).content.decode()
    assert reverse("catalogue:home", args=[org.slug]) in html


def test_policy_badge_follows_the_organisations_policy(org, alice, client_for):
    from impactinkoop.registry.models import Qualification
    from impactinkoop.registry.policy import verdict

    counted = published_enterprise(
        "90000011", "Telt Mee", [("bloemen", "Bos", "Bloemen")], source="code_so"
    )
    aspirant = published_enterprise("90000012", "Telt Niet", [("bloemen", "Bos", "Bloemen")])
    Qualification.objects.create(
        company=aspirant.company, source="pso", level="pso_aspirant", valid_from="2020-01-01"
    )
    client = client_for(alice)
    qualification_shown = {
        counted: "Register Code Sociale Ondernemingen · sinds 1-1-2020",
        aspirant: "Prestatieladder Socialer Ondernemen (PSO), PSO aspirant · sinds 1-1-2020",
    }
    for enterprise, qualification in qualification_shown.items():
        html = client.get(
            reverse("catalogue:enterprise", args=[org.slug, enterprise.slug])
        ).content.decode()
        expected = verdict(enterprise.company, org, timezone.localdate()).is_social_enterprise
        assert ("Sociale onderneming volgens het beleid van" in html) == expected
        assert qualification in html
        assert ("PSO" in html) == (enterprise == aspirant)
    assert verdict(counted.company, org, timezone.localdate()).is_social_enterprise
    assert not verdict(aspirant.company, org, timezone.localdate()).is_social_enterprise
