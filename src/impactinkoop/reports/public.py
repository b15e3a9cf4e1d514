"""The public impact page: off until an administrator turns it on (opt-in), and then exactly the
figures and tables of the latest published edition and the approved stories the administrator
chose, with no personal data. `published_content` is the one answer to "what is shown": the
page, the summary card, the open-data CSV and JSON and the catalogue's story section all read it,
so none of them can show more than the page.

Counts of people. The report stores counts from 1 to 4, and what one subtraction would reveal,
as None already (`figures`, decision 0022); this module checks again for everything it
publishes, so an edition frozen by an older rule or a table changed later cannot leak:

- a figure of people from 1 to 4 (or None) is hidden;
- a table of people is treated as a grid whose total row adds up each column (and, when it has
  a "total" column, whose rows add up too): every value from 1 to 4 is hidden, and while a line
  has exactly one hidden value another is hidden, as `core.suppression` does;
- a figure of people that equals a hidden value of a shown table of people is hidden, and two
  figures of people that differ by 1 to 4 are both hidden (one could be a part of the other).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row
from impactinkoop.core.suppression import HIDDEN, is_small

from . import labels
from .models import Edition, PublicPage, Story
from .snapshot import Figure, Snapshot, Table

HEADLINE_COUNT = 3  # figures on the summary card


# What is shown ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownFigure:
    key: str
    label: str
    unit: str
    value: Decimal | int | None  # None: hidden or not known
    shown: str  # as written on the page
    note: str = ""  # a sentence that qualifies it ("the ledger does not reach the year's end")


@dataclass(frozen=True)
class ShownRow:
    label: str
    values: tuple  # Decimal | int | None per column
    shown: tuple  # as written on the page


@dataclass(frozen=True)
class ShownTable:
    key: str
    label: str
    unit: str
    row_heading: str
    columns: tuple  # (key, label)
    rows: tuple  # ShownRow
    total: ShownRow | None


@dataclass(frozen=True)
class ShownPhoto:
    pk: int
    url: str
    alt_text: str
    caption: str


@dataclass(frozen=True)
class ShownQuote:
    text: str
    speaker: str


@dataclass(frozen=True)
class ShownStory:
    pk: int
    title: str
    text: str
    company_name: str
    organisation_name: str
    photos: tuple
    quotes: tuple


@dataclass(frozen=True)
class Content:
    organisation: object
    introduction: str
    edition: Edition | None
    figures: tuple = ()
    tables: tuple = ()
    stories: tuple = ()
    story_ids: frozenset = field(default_factory=frozenset)

    @property
    def year(self):
        return self.edition.year if self.edition else None

    @property
    def headlines(self) -> tuple:
        """The first figures chosen, for the summary card; hidden ones are left off."""
        return tuple(f for f in self.figures if f.value is not None)[:HEADLINE_COUNT]


def page_of(organisation) -> PublicPage:
    """The organisation's page settings; off until turned on."""
    return PublicPage.objects.filter(organisation=organisation).first() or PublicPage(
        organisation=organisation
    )


def latest_edition(organisation) -> Edition | None:
    return (
        Edition.objects.for_organisation(organisation)
        .published()
        .order_by("-year", "-number")
        .first()
    )


def choosable(organisation) -> tuple[Snapshot | None, list, list]:
    """What the administrator can choose from: the latest edition's figures and tables (as
    (key, label) pairs) and the approved stories."""
    edition = latest_edition(organisation)
    snapshot = Snapshot.from_json(edition.figures) if edition else None
    items = []
    if snapshot is not None:
        items = [(key, labels.figure_label(key)) for key in snapshot.figures] + [
            (key, labels.table_label(key)) for key in snapshot.tables
        ]
    stories = Story.objects.for_organisation(organisation).approved().order_by("title", "pk")
    return snapshot, items, stories


def published_content(organisation, *, preview: bool = False) -> Content | None:
    """Exactly what the public page shows, or None when it is off (`preview`: as it would look,
    for the administrator before turning it on)."""
    page = PublicPage.objects.filter(organisation=organisation).first()
    if page is None and preview:
        page = PublicPage(organisation=organisation)  # nothing chosen yet
    if page is None or not (page.enabled or preview):
        return None
    edition = latest_edition(organisation)
    chosen = [key for key in page.figures if isinstance(key, str)]
    figures, tables = (), ()
    if edition is not None:
        snapshot = Snapshot.from_json(edition.figures)
        shown_tables = [snapshot.tables[key] for key in chosen if key in snapshot.tables]
        protected = [_protect(table) for table in shown_tables]
        hidden_values = {
            value for table, hidden in protected if table.unit == "people" for value in hidden
        }
        shown_figures = _protect_figures(
            [snapshot.figures[key] for key in chosen if key in snapshot.figures], hidden_values
        )
        figures = tuple(_shown_figure(figure) for figure in shown_figures)
        tables = tuple(_shown_table(table) for table, _hidden in protected)
    stories = _stories(organisation, page) if page.pk else ()
    return Content(
        organisation=organisation,
        introduction=page.introduction,
        edition=edition,
        figures=figures,
        tables=tables,
        stories=stories,
        story_ids=frozenset(story.pk for story in stories),
    )


def _stories(organisation, page: PublicPage) -> tuple:
    rows = (
        page.stories.filter(organisation=organisation, state=Story.State.APPROVED)
        .select_related("company")
        .prefetch_related("quotes")
        .order_by("-approved_at", "-pk")
    )
    return tuple(shown_story(story, organisation) for story in rows)


def shown_story(
    story: Story, organisation, *, with_organisation: bool = False, inside: bool = False
) -> ShownStory:
    """A story as the public sees it: no writer, no contract or goal of the organisation (its
    own data), only the enterprise, the text, the photos and the quotes. `inside`: the photos
    from the organisation's own pages (a story its members see that is not published)."""

    def url(photo):
        if inside:
            return reverse("reports:story_photo", args=[organisation.slug, story.pk, photo.pk])
        return reverse("reports:public_photo", args=[organisation.slug, photo.pk])

    photos = tuple(
        ShownPhoto(photo.pk, url(photo), photo.alt_text, photo.caption)
        for photo in story.photos.defer("image")
    )
    return ShownStory(
        pk=story.pk,
        title=story.title,
        text=story.text,
        company_name=story.company.name if story.company_id else "",
        organisation_name=organisation.name if with_organisation else "",
        photos=photos,
        quotes=tuple(ShownQuote(q.text, q.speaker) for q in story.quotes.all()),
    )


# Small counts of people -------------------------------------------------------------------------


def _people_value(value):
    """A count of people as it may be shown: None where it is unknown or from 1 to 4."""
    if value is None or is_small(int(value)):
        return None
    return value


def _protect(table: Table) -> tuple[Table, list]:
    """A table of people with every small count hidden and nothing recoverable by one
    subtraction along a column (against the total row) or a row (against a "total" column).
    Returns the table as shown and the true values it hid."""
    if table.unit != "people":
        return table, []
    grid = [list(row.values) for row in table.rows]
    has_total_row = bool(table.total)
    if has_total_row:
        grid.append(list(table.total))
    width = len(table.columns)
    hidden = {
        (r, c)
        for r, row in enumerate(grid)
        for c, value in enumerate(row)
        if _people_value(value) is None
    }
    lines = []
    if has_total_row:
        lines += [[(r, c) for r in range(len(grid))] for c in range(width)]
    if "total" in table.columns:
        lines += [[(r, c) for c in range(width)] for r in range(len(grid))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(position in hidden for position in line) != 1:
                continue
            candidates = [position for position in line if position not in hidden]
            if not candidates:
                continue
            hidden.add(min(candidates, key=lambda p: (grid[p[0]][p[1]] == 0, grid[p[0]][p[1]])))
            changed = True
    hidden_values = [grid[r][c] for r, c in hidden if grid[r][c] is not None and grid[r][c] >= 5]

    def masked(r, row):
        return tuple(None if (r, c) in hidden else v for c, v in enumerate(row))

    rows = tuple(
        type(row)(row.key, row.label, masked(r, row.values), "") for r, row in enumerate(table.rows)
    )
    total = masked(len(table.rows), table.total) if has_total_row else ()
    return Table(table.key, table.columns, table.unit, rows, "", total), hidden_values


def _protect_figures(figures: list[Figure], hidden_values: set) -> list[Figure]:
    people = {f.key: _people_value(f.value) for f in figures if f.counts_people}
    for key, value in people.items():
        if value is not None and value in hidden_values:
            people[key] = None
    changed = True
    while changed:
        changed = False
        shown = [(key, value) for key, value in people.items() if value is not None]
        for key, value in shown:
            for other, other_value in shown:
                if other != key and is_small(abs(int(value) - int(other_value))):
                    people[key] = people[other] = None
                    changed = True
    # The drill-down addresses stay behind: they are the organisation's own pages.
    return [
        Figure(f.key, people[f.key] if f.counts_people else f.value, f.unit, "", f.note)
        for f in figures
    ]


def _shown_figure(figure: Figure) -> ShownFigure:
    return ShownFigure(
        figure.key,
        labels.figure_label(figure.key),
        figure.unit,
        figure.value,
        labels.display(figure.value, figure.unit),
        labels.figure_note(figure),
    )


def _shown_table(table: Table) -> ShownTable:
    columns = tuple((key, labels.column_label(key)) for key in table.columns)
    rows = tuple(
        ShownRow(
            labels.row_label(table.key, row),
            row.values,
            tuple(labels.cell_display(table, i, v) for i, v in enumerate(row.values)),
        )
        for row in table.rows
    )
    total = None
    if table.total:
        total = ShownRow(
            _("Total"),
            table.total,
            tuple(labels.cell_display(table, i, v) for i, v in enumerate(table.total)),
        )
    return ShownTable(
        table.key,
        labels.table_label(table.key),
        table.unit,
        labels.row_heading(table.key),
        columns,
        rows,
        total,
    )


# Open data -------------------------------------------------------------------------------------

CSV_HEADER = [
    "edition",
    "year",
    "data_version",
    "key",
    "label",
    "row",
    "column",
    "unit",
    "value",
    "shown",
    "note",
]


def open_data_rows(content: Content) -> list[list]:
    """The figures and table cells exactly as the page shows them, one per row; a hidden value
    is empty with its `shown` text ("< 5")."""
    edition = content.edition
    head = [edition.number, edition.year, edition.data_version] if edition else ["", "", ""]
    rows = []
    for figure in content.figures:
        rows.append(
            [
                *head,
                figure.key,
                figure.label,
                "",
                "",
                figure.unit,
                figure.value,
                figure.shown,
                figure.note,
            ]
        )
    for table in content.tables:
        for row in (*table.rows, *([table.total] if table.total else [])):
            for (column, column_label), value, shown in zip(
                table.columns, row.values, row.shown, strict=True
            ):
                unit = "share" if column.endswith("share") else table.unit
                rows.append(
                    [
                        *head,
                        table.key,
                        table.label,
                        row.label,
                        column_label,
                        unit,
                        value,
                        shown,
                        "",
                    ]
                )
    return rows


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


def open_data_json(content: Content) -> dict:
    edition = content.edition
    return {
        "organisation": content.organisation.name,
        "edition": edition.number if edition else None,
        "year": edition.year if edition else None,
        "data_version": edition.data_version if edition else None,
        "figures": [
            {
                "key": f.key,
                "label": f.label,
                "unit": f.unit,
                "value": _json_value(f.value),
                "shown": f.shown,
                "note": f.note,
            }
            for f in content.figures
        ],
        "tables": [
            {
                "key": t.key,
                "label": t.label,
                "unit": t.unit,
                "columns": [{"key": key, "label": label} for key, label in t.columns],
                "rows": [
                    {
                        "label": row.label,
                        "values": [_json_value(v) for v in row.values],
                        "shown": list(row.shown),
                    }
                    for row in t.rows
                ],
                "total": (
                    {
                        "values": [_json_value(v) for v in t.total.values],
                        "shown": list(t.total.shown),
                    }
                    if t.total
                    else None
                ),
            }
            for t in content.tables
        ],
        "stories": [
            {
                "title": s.title,
                "text": s.text,
                "enterprise": s.company_name,
                "quotes": [{"text": q.text, "speaker": q.speaker} for q in s.quotes],
            }
            for s in content.stories
        ],
        "hidden": HIDDEN,
    }


# Writing ---------------------------------------------------------------------------------------


@transaction.atomic
def save_public_page(
    organisation, *, actor, enabled: bool, introduction: str, figures: list, stories: list
) -> PublicPage:
    """The administrator's choice: on or off, the introduction, which figure and table keys of
    the latest edition and which approved stories of the organisation. Keys the latest edition
    does not have and stories that are not approved or not the organisation's are refused."""
    page, _created = PublicPage.objects.get_or_create(organisation=organisation)
    page = lock_row(page)
    snapshot, items, approved = choosable(organisation)
    allowed_keys = {key for key, _label in items}
    unknown = [key for key in figures if key not in allowed_keys]
    if unknown:
        raise ValueError(f"not in the latest edition: {unknown}")
    approved_ids = set(approved.values_list("pk", flat=True))
    story_ids = [getattr(story, "pk", story) for story in stories]
    if any(pk not in approved_ids for pk in story_ids):
        raise ValueError("only the organisation's approved stories can be published")
    before = {
        "enabled": page.enabled,
        "introduction": page.introduction,
        "figures": list(page.figures),
        "stories": sorted(page.stories.values_list("pk", flat=True)),
    }
    page.enabled = enabled
    page.introduction = introduction
    page.figures = [key for key, _label in items if key in figures]  # the edition's order
    page.updated_by = actor
    page.save()
    page.stories.set(story_ids)
    after = {
        "enabled": page.enabled,
        "introduction": page.introduction,
        "figures": list(page.figures),
        "stories": sorted(story_ids),
    }
    if before["enabled"] != after["enabled"]:
        action = "reports.public_page_enabled" if enabled else "reports.public_page_disabled"
    else:
        action = "reports.public_page_changed"
    if before != after:
        log_action(
            action,
            actor=actor,
            organisation=organisation,
            obj=page,
            before=before,
            after=after,
        )
    return page
