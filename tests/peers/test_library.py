"""The case library: the published stories of every organisation (approved, chosen for a public
page that is on) and nothing else; searched by words, theme, category, kind and region; the
contact person only when the organisation opted in; outsiders of the organisation get 404."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.peers.models import Sharing
from impactinkoop.plans.models import Goal, Theme
from impactinkoop.reports.models import PublicPage, Quote, Story, StoryPhoto

from ..catalogue.helpers import published_enterprise
from ..factories import make_member, make_organisation

pytestmark = pytest.mark.django_db


def publish(
    organisation,
    title,
    *,
    text="Een verhaal uit de praktijk.",
    chosen=True,
    state="approved",
    company=None,
    goal=None,
    page_on=True,
    age=0,
) -> Story:
    """A story of `organisation`, chosen for its public page (on unless `page_on` is False)."""
    story = Story.objects.create(
        organisation=organisation,
        title=title,
        text=text,
        state=state,
        company=company,
        goal=goal,
        approved_at=timezone.now() - timedelta(days=age) if state == "approved" else None,
    )
    page, _created = PublicPage.objects.get_or_create(organisation=organisation)
    if page_on and not page.enabled:
        page.enabled = True
        page.save()
    if chosen:
        page.stories.add(story)
    return story


def cases_url(org, **query) -> str:
    url = reverse("peers:cases", args=[org.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def case_url(org, story) -> str:
    return reverse("peers:case", args=[org.slug, story.pk])


def titles(response) -> list[str]:
    return [case.story.title for case in response.context["cases"]]


@pytest.fixture
def third_org(db):
    return make_organisation(
        "zorgstad", "Zorggroep Zorgstad", kind="zorg", labour_market_region="Twente"
    )


def test_only_published_stories_of_every_organisation(org, other_org, third_org, bob, client_for):
    shown_own = publish(org, "Gepubliceerd in Voorbeeldstad", age=2)
    shown_other = publish(other_org, "Gepubliceerd in Anderdorp", age=1)
    hidden = [
        publish(org, "Goedgekeurd, niet gekozen", chosen=False),
        # Chosen while approved, then sent back: the page no longer shows it, nor does the library.
        publish(org, "Teruggestuurd naar concept", state="draft"),
        publish(org, "Wacht op goedkeuring", state="submitted"),
        publish(org, "Ingetrokken", state="withdrawn"),
        publish(third_org, "Pagina staat uit", page_on=False),
    ]
    # A story of Anderdorp on Voorbeeldstad's page: a page shows its own organisation's only.
    foreign = Story.objects.create(
        organisation=other_org, title="Verhaal van een ander", text="x", state="approved"
    )
    PublicPage.objects.get(organisation=org).stories.add(foreign)
    hidden.append(foreign)

    client = client_for(bob)
    response = client.get(cases_url(org))
    assert response.status_code == 200
    assert titles(response) == [shown_other.title, shown_own.title]  # newest approval first
    page = response.content.decode()
    for story in hidden:
        assert story.title not in page
    for story in (shown_own, shown_other):
        assert client.get(case_url(org, story)).status_code == 200
    for story in hidden:
        assert client.get(case_url(org, story)).status_code == 404
    assert client.get(reverse("peers:case", args=[org.slug, 999999])).status_code == 404


def test_turning_the_public_page_off_takes_the_stories_out(org, bob, client_for):
    story = publish(org, "Soep van geredde groente")
    client = client_for(bob)
    assert titles(client.get(cases_url(org))) == [story.title]
    PublicPage.objects.filter(organisation=org).update(enabled=False)
    assert titles(client.get(cases_url(org))) == []
    assert client.get(case_url(org, story)).status_code == 404


def test_a_card_shows_the_organisation_the_enterprise_photos_and_quotes(
    org, other_org, bob, client_for
):
    other_org.labour_market_region = "Rijnmond"
    other_org.save()
    enterprise = published_enterprise(
        "11112222", "De Groene Keuken", [("lunch-en-broodjes", "Lunch", "Vers en lokaal")]
    )
    story = publish(other_org, "Lunch met impact", company=enterprise.company)
    photo = StoryPhoto.objects.create(
        story=story, image=b"\x89PNG\r\n", content_type="image/png", alt_text="De keuken"
    )
    Quote.objects.create(story=story, text="Hier tel ik mee.", speaker="kok in opleiding")

    client = client_for(bob)
    for url in (cases_url(org), case_url(org, story)):
        page = client.get(url).content.decode()
        assert "Waterschap Anderdorp" in page
        assert "Rijnmond" in page
        assert "De Groene Keuken" in page
        assert reverse("catalogue:enterprise", args=[org.slug, enterprise.slug]) in page
        assert "Catering" in page  # the offer's top-level category
        assert "Hier tel ik mee." in page and "kok in opleiding" in page
        photo_url = reverse("reports:public_photo", args=[other_org.slug, photo.pk])
        assert f'src="{photo_url}"' in page and 'alt="De keuken"' in page
    # The photo is the public page's: it is served to anyone while the page shows the story.
    assert client.get(photo_url).status_code == 200


def test_the_writer_the_contract_and_the_goal_stay_inside(org, other_org, bob, client_for):
    writer = make_member(other_org, "schrijver@anderdorp.example", Role.BUYER, full_name="Wim")
    goal = Goal.objects.create(
        organisation=other_org, title="Geheim doel van Anderdorp", deadline=date(2026, 12, 31)
    )
    story = publish(other_org, "Een verhaal", goal=goal)
    Story.objects.filter(pk=story.pk).update(written_by=writer)
    page = client_for(bob).get(case_url(org, story)).content.decode()
    assert "Geheim doel van Anderdorp" not in page
    assert "schrijver@anderdorp.example" not in page and "Wim" not in page


def test_the_contact_person_only_when_the_organisation_opted_in(
    org, other_org, third_org, bob, client_for
):
    opted_in = publish(other_org, "Met contactpersoon")
    not_opted = publish(third_org, "Zonder contactpersoon")
    Sharing.objects.create(
        organisation=other_org,
        shares_contact=True,
        contact_name="Carla Contact",
        contact_email="carla@anderdorp.example",
    )
    # A name filled in once, but the organisation does not show it.
    Sharing.objects.create(
        organisation=third_org,
        shares_contact=False,
        contact_name="Geheime Gerda",
        contact_email="gerda@zorgstad.example",
    )
    client = client_for(bob)
    listing = client.get(cases_url(org)).content.decode()
    assert "Carla Contact" in listing and "mailto:carla@anderdorp.example" in listing
    assert "Geheime Gerda" not in listing and "gerda@zorgstad.example" not in listing
    assert "Carla Contact" in client.get(case_url(org, opted_in)).content.decode()
    detail = client.get(case_url(org, not_opted)).content.decode()
    assert "Geheime Gerda" not in detail and "gerda@zorgstad.example" not in detail


def test_search_by_words_theme_category_kind_and_region(org, other_org, third_org, bob, client_for):
    social_return = Theme.objects.get(organisation=None, key="social-return")
    own_theme = Theme.objects.create(organisation=other_org, name="Lokaal kopen")
    lunch = published_enterprise(
        "22223333", "Broodjes & Zo", [("lunch-en-broodjes", "Lunch", "Belegde broodjes")]
    )
    printer = published_enterprise("33334444", "Drukkerij Samen", [("drukwerk", "Folders", "x")])
    goal = Goal.objects.create(
        organisation=org, title="Social return", theme=social_return, deadline=date(2026, 12, 31)
    )
    own_goal = Goal.objects.create(
        organisation=other_org, title="Lokaal", theme=own_theme, deadline=date(2026, 12, 31)
    )
    a = publish(org, "Schoonmaak met social return", goal=goal, company=printer.company)
    b = publish(other_org, "Lunch op het gemaal", company=lunch.company, goal=own_goal)
    c = publish(third_org, "Drukwerk voor de zorg", text="Folders van Drukkerij Samen.")

    client = client_for(bob)

    def found(**query):
        return sorted(titles(client.get(cases_url(org, **query))))

    assert found(q="gemaal") == [b.title]
    assert found(q="drukkerij") == sorted([a.title, c.title])  # the enterprise, or the text
    assert found(q="Zorgstad") == [c.title]  # the organisation's name
    assert found(q="lunch gemaal") == [b.title]  # every word must be found
    assert found(theme=social_return.pk) == [a.title]
    assert found(category=lunch.offers.get().category.parent.pk) == [b.title]  # "Catering"
    drukwerk = printer.offers.get().category
    assert found(category=drukwerk.pk) == [a.title]
    assert found(kind="waterschap") == [b.title]
    assert found(region="Twente") == [c.title]
    assert found(kind="zorg", region="Twente", q="folders") == [c.title]
    assert found(kind="gemeente", region="Twente") == []

    # An organisation's own theme is its own: not a filter, not on the card.
    response = client.get(cases_url(org))
    theme_choices = [
        choice.pk for choice in response.context["filter"].form["theme"].field.queryset
    ]
    assert own_theme.pk not in theme_choices and social_return.pk in theme_choices
    assert "Lokaal kopen" not in response.content.decode()
    assert found(theme=own_theme.pk) == sorted([a.title, b.title, c.title])  # ignored
    # A value that is no choice is ignored rather than failing.
    assert client.get(cases_url(org, kind="niets", category="abc")).status_code == 200


def test_the_list_is_paged(org, bob, client_for):
    for number in range(12):
        publish(org, f"Verhaal {number:02d}", age=number)
    client = client_for(bob)
    first = client.get(cases_url(org))
    assert len(titles(first)) == 10 and titles(first)[0] == "Verhaal 00"
    second = client.get(cases_url(org, page=2))
    assert titles(second) == ["Verhaal 10", "Verhaal 11"]
    assert client.get(cases_url(org, page="abc")).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_library(role, org, other_org, client_for):
    story = publish(other_org, "Voor iedereen")
    user = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = client_for(user)
    assert client.get(cases_url(org)).status_code == 200
    assert client.get(case_url(org, story)).status_code == 200


def test_outsiders_get_404_and_strangers_the_login(org, other_org, charlie, client, client_for):
    story = publish(other_org, "Van Anderdorp zelf")
    # Charlie is in Anderdorp, not in Voorbeeldstad: Voorbeeldstad's pages are not his.
    outsider = client_for(charlie)
    assert outsider.get(cases_url(org)).status_code == 404
    assert outsider.get(case_url(org, story)).status_code == 404
    # In his own organisation he reads the library, his own story included.
    assert outsider.get(case_url(other_org, story)).status_code == 200
    client.logout()
    response = client.get(cases_url(org))
    assert response.status_code == 302 and "/login/" in response.url
