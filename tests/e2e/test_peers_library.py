"""Issue 25 in the browser: a requester searches the case library for a story of another
organisation and finds its contact person; the coordinator adds a link to the knowledge of a
step and PIANOo's guidance. Both work in English here, so the test reads the same before and
after the Dutch catalogue has the new sentences."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.core.assets import test_asset_path
from impactinkoop.peers import knowledge
from impactinkoop.peers.models import KnowledgeItem, Sharing
from impactinkoop.reports.demo import photo
from impactinkoop.reports.models import PublicPage, Quote, Story, StoryPhoto

from ..catalogue.helpers import published_enterprise
from ..factories import make_member, make_organisation
from .test_axe import run_axe
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_rows():
    # Transactional tests empty the tables between tests: load the migrations' data again (the
    # catalogue's categories and the national themes the filters offer).
    for migration in (
        "impactinkoop.catalogue.migrations.0003_platform_categories",
        "impactinkoop.plans.migrations.0002_national_themes",
    ):
        importlib.import_module(migration).load(apps, None)


def published(organisation, title, text, *, company=None) -> Story:
    story = Story.objects.create(
        organisation=organisation,
        title=title,
        text=text,
        company=company,
        state="approved",
        approved_at=timezone.now(),
    )
    page, _created = PublicPage.objects.get_or_create(organisation=organisation)
    page.enabled = True
    page.save()
    page.stories.add(story)
    return story


def test_requester_searches_the_library_and_coordinator_adds_knowledge(page, live_server, org):
    anderdorp = make_organisation(
        "anderdorp", "Waterschap Anderdorp", kind="waterschap", labour_market_region="Rijnmond"
    )
    kitchen = published_enterprise(
        "44445555", "Soepkeuken De Pan", [("lunch-en-broodjes", "Soep", "Soep van geredde groente")]
    )
    soup = published(
        anderdorp,
        "Soep van geredde groente bij het gemaal",
        "Bij elke vergadering in het gemaal komt de lunch van een soepkeuken die groente redt. "
        "De koks komen via de keuken weer aan het werk.",
        company=kitchen.company,
    )
    image = photo("S", "Soepkeuken", (60, 120, 60))
    StoryPhoto.objects.create(
        story=soup,
        image=image.read(),
        content_type="image/png",
        file_name="soep.png",
        alt_text="Illustration: the soup kitchen",
    )
    Quote.objects.create(story=soup, text="We cook with what we get.", speaker="cook in training")
    Sharing.objects.create(
        organisation=anderdorp,
        shares_contact=True,
        contact_name="Carla de Graaf",
        contact_email="carla@anderdorp.example",
    )
    published(org, "Folders van de drukkerij", "Onze folders komen van een sociale drukkerij.")

    requester = make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER, language="en")
    log_in(page, live_server, requester.email)
    page.goto(f"{live_server.url}/o/{org.slug}/peers/cases/")
    assert page.get_by_role("heading", level=1).inner_text() == "Case library"
    expect(page.get_by_text("2 stories")).to_be_visible()

    search = page.get_by_role("search", name="Search the case library")
    search.get_by_label("Search").fill("soup")
    search.get_by_label("Kind of organisation").select_option(label="Water authority")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_text("0 stories")).to_be_visible()  # the story is in Dutch
    search = page.get_by_role("search", name="Search the case library")
    search.get_by_label("Search").fill("soep")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 story")).to_be_visible()
    card = page.get_by_role("article", name=soup.title)
    # A lazy image without a stored size has no box until it has loaded: wait for it.
    expect(card.get_by_role("img", name="Illustration: the soup kitchen")).to_be_visible()
    expect(card.get_by_text("Carla de Graaf")).to_be_visible()
    page.screenshot(path="/tmp/peers-library-cases.png", full_page=True)

    card.get_by_role("link", name=soup.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(soup.title)
    expect(page.get_by_role("link", name="carla@anderdorp.example")).to_be_visible()
    expect(page.get_by_text("We cook with what we get.")).to_be_visible()
    expect(page.get_by_role("link", name="Soepkeuken De Pan")).to_be_visible()
    page.screenshot(path="/tmp/peers-library-case.png", full_page=True)
    page.get_by_role("button", name="Log out").click()

    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR, language="en")
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/o/{org.slug}/peers/knowledge/")
    page.get_by_role("link", name="Add knowledge to step 5").click()
    assert page.get_by_label("Step", exact=False).and_(page.locator("select")).input_value() == "5"
    page.get_by_label("Title").fill("Our social return agreements")
    page.get_by_label("Web address").fill("intranet.voorbeeldstad.example/social-return")
    page.get_by_label("Theme").select_option(label="Social return")
    page.get_by_label("Why it helps").fill("From which amount social return goes into a tender.")
    page.get_by_role("button", name="Save").click()
    step_5 = page.locator("#step-5")
    link = step_5.get_by_role("link", name="Our social return agreements", exact=True)
    assert link.get_attribute("href") == "https://intranet.voorbeeldstad.example/social-return"
    expect(page.get_by_text("“Our social return agreements” is added.")).to_be_visible()

    page.get_by_role("button", name="Add PIANOo's guidance").click()
    expect(page.get_by_text("5 pages of guidance are added.")).to_be_visible()
    assert page.get_by_role("button", name="Add PIANOo's guidance").count() == 0
    assert KnowledgeItem.objects.filter(organisation=org).count() == 6
    page.screenshot(path="/tmp/peers-library-knowledge.png", full_page=True)


def test_the_library_and_knowledge_pages_pass_axe(page, live_server, org):
    """The four pages of this part in both languages and at a phone's width (the walk of
    test_axe covers the menus' pages; these are not in a menu yet)."""
    page.context.add_init_script(
        test_asset_path("axe-core", "axe.min.js").read_text(encoding="utf-8")
    )
    other = make_organisation("anderdorp", "Waterschap Anderdorp", kind="waterschap")
    story = published(other, "Lunch op het gemaal", "Een verhaal uit de praktijk.")
    Quote.objects.create(story=story, text="Hier tel ik mee.", speaker="kok")
    Sharing.objects.create(
        organisation=other, shares_contact=True, contact_name="Carla", contact_email="c@a.example"
    )
    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    knowledge.add_starter_set(actor=coordinator, organisation=org)
    item = KnowledgeItem.objects.filter(organisation=org).first()
    log_in(page, live_server, coordinator.email)
    base = f"{live_server.url}/o/{org.slug}/peers/"
    paths = [
        "cases/",
        "cases/?q=lunch&kind=waterschap",
        f"cases/{story.pk}/",
        "knowledge/",
        "knowledge/new/",
        f"knowledge/{item.pk}/edit/",
    ]
    problems = []
    for language in ("nl", "en"):
        type(coordinator).objects.filter(pk=coordinator.pk).update(language=language)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                assert page.goto(base + path).status == 200, path
                problems += [
                    f"{path} [{language}, {width}]: {v['id']} {v['help']} {v['targets'][:3]}"
                    for v in run_axe(page)
                ]
    assert problems == []
