"""Publishing an edition freezes the report: later data changes leave it as it was, a new
edition gets the next number and leaves the old one alone, and the edition's page says where
today's figures differ, next to the figure."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from impactinkoop.core.audit import AuditEntry
from impactinkoop.core.audit_text import sentence
from impactinkoop.reports import editions, figures, labels
from impactinkoop.reports.models import Edition, FrozenError, Story
from impactinkoop.spend import queries as spend
from tests.spend.test_importing import import_text

from .data import LATER_LEDGER, YEAR, build
from .helpers import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(org):
    return coordinator_of(org)


@pytest.fixture
def built(org, coordinator):
    return build(org, coordinator)


def test_publish_freezes_the_figures_the_text_and_the_data_version(org, coordinator, built):
    editions.save_report(
        actor=coordinator,
        organisation=org,
        year=YEAR,
        sections={"introduction": "Ons jaar.", "unknown": "weg"},
        stories=[],
    )
    edition = editions.publish(org, YEAR, actor=coordinator)
    assert (edition.number, edition.year, edition.published_by) == (1, YEAR, coordinator)
    assert edition.sections == {"introduction": "Ons jaar."}
    assert edition.data_version == spend.version(org)
    frozen = editions.edition_snapshot(edition)
    assert frozen == figures.collect(org, YEAR)
    assert frozen.figures["spend.total"].value == Decimal("2484.59")
    assert [goal.title for goal in editions.edition_goals(edition)] == ["Meer sociaal inkopen"]

    entry = AuditEntry.objects.get(action="reports.edition_published")
    assert entry.organisation == org
    assert entry.after["number"] == 1
    with translation.override("en"):
        assert "published the impact report" in sentence(entry)

    with pytest.raises(FrozenError):
        edition.save()


def test_a_later_change_leaves_the_edition_and_a_new_edition_is_number_two(org, coordinator, built):
    first = editions.publish(org, YEAR, actor=coordinator)
    stored = Edition.objects.get(pk=first.pk).figures
    version = first.data_version

    import_text(org, LATER_LEDGER, name="later.csv")  # 500,00 more at De Werkplaats in 2025

    live = figures.collect(org, YEAR)
    assert live.figures["spend.total"].value == Decimal("2984.59")
    again = Edition.objects.get(pk=first.pk)
    assert again.figures == stored
    assert again.data_version == version != live.data_version
    assert editions.edition_snapshot(again).figures["spend.total"].value == Decimal("2484.59")

    found = editions.differences(again, live)
    assert found.figures["spend.total"] == Decimal("2984.59")
    assert found.figures["spend.social"] == Decimal("1934.55")
    assert "purchases.count" not in found.figures
    ruimte = next(
        row.key for row in live.tables["spend.by_department"].rows if row.label == "Ruimte"
    )
    assert found.cells["spend.by_department", ruimte, 0] == Decimal("1634.55")
    assert found.cells["spend.by_department", editions.TOTAL, 0] == Decimal("2984.59")

    second = editions.publish(org, YEAR, actor=coordinator)
    assert second.number == 2
    assert editions.edition_snapshot(second).figures["spend.total"].value == Decimal("2984.59")
    assert Edition.objects.get(pk=first.pk).figures == stored
    assert not editions.differences(second, figures.collect(org, YEAR))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_edition_page_says_the_figure_of_today_next_to_the_frozen_one(
    org, coordinator, built, client_for, language
):
    editions.publish(org, YEAR, actor=coordinator)
    import_text(org, LATER_LEDGER, name="later.csv")
    coordinator.language = language
    coordinator.save()
    client = client_for(coordinator)
    url = reverse("reports:edition", args=[org.slug, YEAR, 1])
    html = client.get(url).content.decode()
    with translation.override(language):
        frozen = labels.display(Decimal("2484.59"), "eur")
        now = labels.display(Decimal("2984.59"), "eur")
        word = "nu" if language == "nl" else "now"
    row = html.split('data-key="spend.total"', 1)[1].split("</tr>", 1)[0]
    assert frozen in row
    assert f"({word}: {now})" in row
    # A figure that did not change says nothing more.
    purchases = html.split('data-key="purchases.count"', 1)[1].split("</tr>", 1)[0]
    assert f"{word}:" not in purchases
    assert edition_version_shown(html, org)


def edition_version_shown(html: str, org) -> bool:
    edition = Edition.objects.get(organisation=org, year=YEAR, number=1)
    digest = edition.data_version.rsplit(" · ", 1)[-1]
    return digest in html


def test_only_approved_stories_of_the_organisation_can_be_chosen(
    org, other_org, coordinator, built
):
    draft = Story.objects.create(organisation=org, title="Concept", text="x")
    foreign = Story.objects.create(
        organisation=other_org, title="Elders", text="x", state=Story.State.APPROVED
    )
    for story in (draft, foreign):
        with pytest.raises(editions.StoryNotAllowed):
            editions.save_report(
                actor=coordinator, organisation=org, year=YEAR, sections={}, stories=[story]
            )
    approved = Story.objects.create(
        organisation=org, title="Groen werk", text="Een verhaal.", state=Story.State.APPROVED
    )
    editions.save_report(
        actor=coordinator, organisation=org, year=YEAR, sections={}, stories=[approved]
    )
    edition = editions.publish(org, YEAR, actor=coordinator)
    assert [story["title"] for story in edition.stories] == ["Groen werk"]
    # Withdrawn later: the edition keeps the story as published, the live report drops it.
    approved.state = Story.State.WITHDRAWN
    approved.save()
    assert Edition.objects.get(pk=edition.pk).stories[0]["text"] == "Een verhaal."
    assert editions.live_stories(editions.report_for(org, YEAR)) == []
