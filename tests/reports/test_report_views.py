"""The impact report's pages: every figure links to the page it comes from and equals the figure
there, in Dutch and in English; small counts of people never show; who may read, write and
publish."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from impactinkoop.core.suppression import HIDDEN
from impactinkoop.reports import figures
from impactinkoop.reports.models import Edition, Report, Story
from impactinkoop.sroi.models import TargetGroup

from .data import YEAR, build
from .helpers import coordinator_of, in_html, shown_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(org):
    return coordinator_of(org)


@pytest.fixture
def built(org, coordinator):
    return build(org, coordinator)


def report_url(org, name="reports:report", **extra):
    return reverse(name, kwargs={"org_slug": org.slug, "year": YEAR, **extra})


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_figure_equals_the_figure_on_the_page_it_links_to(
    org, coordinator, built, client_for, language
):
    coordinator.language = language
    coordinator.save()
    client = client_for(coordinator)
    page = client.get(report_url(org))
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override(language):
        snapshot = figures.collect(org, YEAR)
        values = shown_values(snapshot)
    assert len(values) > 40
    pages: dict[str, str] = {}
    for what, value, url in values:
        assert in_html(value, html), (what, value)
        assert f'href="{escape(url)}"' in html, (what, url)
        if url not in pages:
            linked = client.get(url)
            assert linked.status_code == 200, url
            pages[url] = linked.content.decode()
        assert in_html(value, pages[url]), (what, value, url)
    # The figures the test data makes, so the comparison above compares something.
    shown = {what: value for what, value, _url in values}
    if language == "nl":
        assert shown["spend.total"] == "€\u00a02.484,59"
        assert shown["spend.social_share"] == "57,7\u00a0%"
        assert shown["tenders.ambition_share"] == "33,3\u00a0%"
    else:
        assert shown["spend.total"] == "€\u00a02,484.59"
        assert shown["spend.social_share"] == "57.7\u00a0%"
    assert shown["sroi.people"] == "9"
    assert shown["purchases.count"] == "2"


def test_the_goals_link_to_their_pages_with_their_status(org, coordinator, built, client_for):
    html = client_for(coordinator).get(report_url(org)).content.decode()
    goal = built["goal"]
    assert reverse("plans:goal", args=[org.slug, goal.pk]) in html
    assert "Meer sociaal inkopen" in html


def test_small_counts_of_people_never_show(org, coordinator, built, client_for):
    """Three people on a Participation Act benefit: hidden, and so is the six that the total
    of nine would reveal by one subtraction."""
    response = client_for(coordinator).get(report_url(org))
    tables = {
        table["key"]: table
        for section in response.context["sections"]
        for table in section["tables"]
    }
    target = tables["sroi.placements_by_target_group"]
    rows = {row["label"]: [cell["value"] for cell in row["cells"]] for row in target["rows"]}
    with translation.override("nl"):
        participation = str(TargetGroup.PARTICIPATION_ACT.label)
        unemployment = str(TargetGroup.UNEMPLOYMENT.label)
    assert rows[participation] == [HIDDEN, "0", HIDDEN]
    assert rows[unemployment] == [HIDDEN, "0", HIDDEN]
    assert "&lt; 5" in response.content.decode()
    for table in tables.values():
        if not table["people"]:
            continue
        for row in [*table["rows"], {"cells": table["total"]}]:
            for cell in row["cells"]:
                value = cell["value"]
                assert value == HIDDEN or not 0 < int(value) < 5, (table["key"], value)


def test_a_viewer_reads_but_cannot_write_or_publish(org, bob, built, client_for):
    client = client_for(bob)
    assert client.get(report_url(org)).status_code == 200
    assert client.get(report_url(org, "reports:editions")).status_code == 200
    assert client.get(report_url(org, "reports:report_edit")).status_code == 403
    assert client.post(report_url(org, "reports:report_publish")).status_code == 403
    assert not Edition.objects.exists()


def test_an_outsider_gets_404(org, charlie, built, client_for):
    client = client_for(charlie)
    assert client.get(report_url(org)).status_code == 404
    assert client.post(report_url(org, "reports:report_publish")).status_code == 404
    assert not Edition.objects.exists()


def test_the_coordinator_writes_the_text_and_chooses_approved_stories(
    org, coordinator, built, client_for
):
    approved = Story.objects.create(
        organisation=org, title="Groen werk", text="Een verhaal.", state=Story.State.APPROVED
    )
    draft = Story.objects.create(organisation=org, title="Concept", text="Nog niet.")
    client = client_for(coordinator)
    refused = client.post(
        report_url(org, "reports:report_edit"),
        {"introduction": "Ons jaar.", "stories": [draft.pk]},
    )
    assert refused.status_code == 400
    assert not Report.objects.exists()

    saved = client.post(
        report_url(org, "reports:report_edit"),
        {"introduction": "Ons jaar.", "outlook": "Volgend jaar meer.", "stories": [approved.pk]},
    )
    assert saved.status_code == 302
    report = Report.objects.get(organisation=org, year=YEAR)
    assert report.sections == {"introduction": "Ons jaar.", "outlook": "Volgend jaar meer."}
    assert list(report.stories.all()) == [approved]
    html = client.get(report_url(org)).content.decode()
    assert "Ons jaar." in html and "Groen werk" in html

    published = client.post(report_url(org, "reports:report_publish"))
    assert published.status_code == 302
    edition = Edition.objects.get(organisation=org, year=YEAR, number=1)
    assert published.url == report_url(org, "reports:edition", number=1)
    page = client.get(published.url).content.decode()
    assert "Ons jaar." in page and "Groen werk" in page
    assert edition.stories[0]["title"] == "Groen werk"
