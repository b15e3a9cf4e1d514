"""What the report tests share: the people, the values as the report shows them, and finding
a shown value in a page."""

from django.utils.html import escape

from impactinkoop.accounts.roles import Role
from impactinkoop.reports import labels
from tests.factories import make_member


def coordinator_of(org, language: str = "nl"):
    return make_member(org, "coco@voorbeeldstad.example", Role.COORDINATOR, language=language)


def shown_values(snapshot) -> list[tuple[str, str, str]]:
    """(what, value as shown, drill-down address) for every figure and table cell with an
    address, in the active language."""
    found = []
    for figure in snapshot.figures.values():
        if figure.url:
            found.append((figure.key, labels.figure_display(figure), figure.url))
    for table in snapshot.tables.values():
        for row in table.rows:
            for index, value in enumerate(row.values):
                found.append(
                    (
                        f"{table.key} {row.key} {index}",
                        labels.cell_display(table, index, value),
                        table.url,
                    )
                )
        for index, value in enumerate(table.total):
            found.append(
                (f"{table.key} total {index}", labels.cell_display(table, index, value), table.url)
            )
    return found


def in_html(value: str, html: str) -> bool:
    return escape(value) in html


def plain(text: str) -> str:
    """Text with every kind of space as one space (pdftotext writes no-break spaces as they
    are, or as spaces)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
