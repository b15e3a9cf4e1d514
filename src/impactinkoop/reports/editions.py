"""The impact report's writes and its editions (decision 0024, "The impact report and its
editions").

The report of a year is live: its figures are collected when it is shown (`figures.collect`),
its text sections and chosen stories are what the coordinator saved (`save_report`). Publishing
(`publish`) freezes all of it in a new `Edition`, numbered 1, 2, ... per year: the figures as
data (with the goals and their status), the text, the chosen stories as they read then, and the
data version. An edition never changes; `differences` says where today's figures differ from
it, so its page can say "now: € X" next to the figure."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_organisation, lock_row

from . import figures as report_figures
from .models import Edition, Evaluation, Report, Story
from .sections import SECTION_KEYS
from .snapshot import Snapshot

MAX_SECTION_LENGTH = 20_000


class StoryNotAllowed(ValueError):
    """A chosen story is not an approved story of the organisation."""


def report_for(organisation, year: int) -> Report:
    """The year's report, or an unsaved empty one (nothing is written by reading)."""
    found = Report.objects.for_organisation(organisation).filter(year=year).first()
    return found or Report(organisation=organisation, year=year)


def choosable_stories(organisation):
    """The stories a report may show: the organisation's approved ones."""
    return Story.objects.for_organisation(organisation).approved().order_by("title", "pk")


def _clean_sections(sections: dict) -> dict:
    return {
        key: str(sections.get(key) or "").strip()[:MAX_SECTION_LENGTH]
        for key in SECTION_KEYS
        if str(sections.get(key) or "").strip()
    }


def save_report(*, actor, organisation, year: int, sections: dict, stories) -> Report:
    """Store the text sections and the chosen stories (approved stories of the organisation
    only) of the year's report."""
    chosen = list(stories)
    allowed = set(choosable_stories(organisation).values_list("pk", flat=True))
    if any(story.pk not in allowed for story in chosen):
        raise StoryNotAllowed("Only approved stories of the organisation can be chosen")
    with transaction.atomic():
        report, _created = Report.objects.get_or_create(organisation=organisation, year=year)
        report = lock_row(report)
        before = {
            "sections": report.sections,
            "stories": sorted(report.stories.values_list("pk", flat=True)),
        }
        report.sections = _clean_sections(sections)
        report.save()
        report.stories.set(chosen)
        after = {"sections": report.sections, "stories": sorted(story.pk for story in chosen)}
        log_action(
            "reports.report_saved",
            actor=actor,
            organisation=organisation,
            obj=report,
            before=before,
            after=after,
        )
    return report


def _published_story(story: Story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "text": story.text,
        "enterprise": story.company.name if story.company_id else "",
        "quotes": [{"text": quote.text, "speaker": quote.speaker} for quote in story.quotes.all()],
        "photos": [
            {"id": photo.pk, "alt_text": photo.alt_text, "caption": photo.caption}
            for photo in story.photos.all()
        ],
    }


def live_stories(report: Report) -> list[dict]:
    """The report's chosen stories that are still approved, in the shape an edition keeps."""
    if report.pk is None:
        return []
    stories = (
        report.stories.filter(state=Story.State.APPROVED)
        .select_related("company")
        .prefetch_related("quotes", "photos")
        .order_by("title", "pk")
    )
    return [_published_story(story) for story in stories]


def evaluation_of(organisation, year: int) -> dict | None:
    """The year's evaluation as the report shows it: its summary and whether it is closed."""
    evaluation = Evaluation.objects.for_organisation(organisation).filter(year=year).first()
    if evaluation is None:
        return None
    return {"summary": evaluation.summary, "closed": evaluation.is_closed}


def publish(organisation, year: int, *, actor, today=None) -> Edition:
    """Freeze the year's report as its next edition, in one transaction."""
    with transaction.atomic():
        lock_organisation(organisation.pk, "reports-edition")
        report, _created = Report.objects.get_or_create(organisation=organisation, year=year)
        report = lock_row(report)
        snapshot = report_figures.collect(organisation, year, today=today)
        goals = report_figures.goals(organisation, year, today=today)
        last = (
            Edition.objects.for_organisation(organisation)
            .filter(year=year)
            .aggregate(last=Max("number"))["last"]
        )
        data = snapshot.to_json()
        data["goals"] = [goal.to_json() for goal in goals]
        data["evaluation"] = evaluation_of(organisation, year)
        edition = Edition(
            organisation=organisation,
            report=report,
            year=year,
            number=(last or 0) + 1,
            figures=data,
            sections=_clean_sections(report.sections),
            stories=live_stories(report),
            data_version=snapshot.data_version,
            published_at=timezone.now(),
            published_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        edition.save()
        log_action(
            "reports.edition_published",
            actor=actor,
            organisation=organisation,
            obj=edition,
            after={
                "year": year,
                "number": edition.number,
                "data_version": edition.data_version,
                "stories": [story["id"] for story in edition.stories],
            },
        )
    return edition


def edition_snapshot(edition: Edition) -> Snapshot:
    return Snapshot.from_json(edition.figures)


def edition_goals(edition: Edition) -> list[report_figures.GoalLine]:
    return [report_figures.GoalLine.from_json(item) for item in edition.figures.get("goals", [])]


TOTAL = "total"  # the row key of a table's totals in `Differences.cells`


@dataclass(frozen=True)
class Differences:
    """Where the live figures differ from an edition: the live value per figure key, per
    table cell (table key, row key or TOTAL, column index), and the tables whose rows are no
    longer the same rows."""

    figures: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)
    tables: frozenset = frozenset()

    def __bool__(self) -> bool:
        return bool(self.figures or self.cells or self.tables)

    @property
    def keys(self) -> set[str]:
        return set(self.figures) | {table for table, _row, _column in self.cells} | set(self.tables)


def differences(edition: Edition, live: Snapshot) -> Differences:
    frozen = edition_snapshot(edition)
    found_figures = {
        key: live.figures[key].value
        for key, figure in frozen.figures.items()
        if key in live.figures and live.figures[key].value != figure.value
    }
    cells = {}
    changed_tables = set()
    for key, table in frozen.tables.items():
        now = live.tables.get(key)
        if now is None:
            continue
        live_rows = {row.key: row for row in now.rows}
        if [row.key for row in table.rows] != [row.key for row in now.rows]:
            changed_tables.add(key)
        for row in table.rows:
            other = live_rows.get(row.key)
            if other is None:
                continue
            for index, value in enumerate(row.values):
                if index < len(other.values) and other.values[index] != value:
                    cells[key, row.key, index] = other.values[index]
        for index, value in enumerate(table.total):
            if index < len(now.total) and now.total[index] != value:
                cells[key, TOTAL, index] = now.total[index]
    return Differences(found_figures, cells, frozenset(changed_tables))
