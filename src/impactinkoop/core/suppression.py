"""Small counts of people hidden in published tables (decision 0022, "Monitoring and the council
exports").

A table of counts is published with its row totals, column totals and grand total. Seen as a
grid with the totals as its last column and last row, every row and every column of that grid is
an equation (the cells add up to the total), so a hidden value in a line where nothing else is
hidden is found by one subtraction. `suppress` therefore:

1. hides every count from 1 to 4, the totals included (primary suppression); 0 is safe and
   stays;
2. while some line (row or column, totals included) has exactly one hidden value, hides one more
   value in it: the smallest count above 0 (a cell before a total when they are equal), or a 0
   when nothing else is left (secondary suppression);
3. stops when every line has no hidden value or at least two.

Each step only adds hidden values, so it ends. The method guards against the subtraction along
one line the council can do with a pen; it is not a full linear-programming audit of every
combination of lines (the standard answer for large statistical tables), which these tables of
a few rows do not need.
"""

from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = "< 5"


@dataclass(frozen=True)
class Suppressed:
    """A table with its totals and which of its values may not be shown."""

    cells: list[list[int]]
    row_totals: list[int]
    column_totals: list[int]
    total: int
    hidden: frozenset  # (row, column) in the grid; row == len(cells) is the column totals' row,
    # column == width is the row totals' column

    @property
    def height(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return len(self.column_totals)

    def is_hidden(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden

    def shown(self, row: int, column: int):
        """The value as published: the count, or HIDDEN."""
        return HIDDEN if self.is_hidden(row, column) else self.value(row, column)

    def value(self, row: int, column: int) -> int:
        if row == self.height and column == self.width:
            return self.total
        if row == self.height:
            return self.column_totals[column]
        if column == self.width:
            return self.row_totals[row]
        return self.cells[row][column]

    def row(self, row: int) -> list:
        """A row as published, its total last (row == height: the column totals)."""
        return [self.shown(row, column) for column in range(self.width + 1)]


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def _lines(height: int, width: int) -> list[list[tuple[int, int]]]:
    rows = [[(row, column) for column in range(width + 1)] for row in range(height + 1)]
    columns = [[(row, column) for row in range(height + 1)] for column in range(width + 1)]
    return rows + columns


def suppress(cells: list[list[int]]) -> Suppressed:
    """Hide the small counts of `cells` (rows of counts of people) and as many others as needed
    so that none of them follows from the totals and the shown values by one subtraction."""
    height = len(cells)
    width = len(cells[0]) if cells else 0
    if any(len(row) != width for row in cells):
        raise ValueError("every row needs the same number of cells")
    if any(count < 0 for row in cells for count in row):
        raise ValueError("counts of people are not negative")
    row_totals = [sum(row) for row in cells]
    column_totals = [sum(row[column] for row in cells) for column in range(width)]
    table = Suppressed(
        [list(row) for row in cells], row_totals, column_totals, sum(row_totals), frozenset()
    )
    hidden = {
        (row, column)
        for row in range(height + 1)
        for column in range(width + 1)
        if is_small(table.value(row, column))
    }
    lines = _lines(height, width)
    changed = bool(hidden)
    while changed:
        changed = False
        for line in lines:
            if sum(position in hidden for position in line) != 1:
                continue
            candidates = [position for position in line if position not in hidden]
            if not candidates:
                continue
            hidden.add(min(candidates, key=lambda position: _cost(table, position)))
            changed = True
    return Suppressed(table.cells, row_totals, column_totals, table.total, frozenset(hidden))


def _cost(table: Suppressed, position: tuple[int, int]):
    """Which value to hide next in a line: the smallest count above 0, a cell before a total,
    then the first; a 0 only when nothing else is left (hiding it protects little)."""
    row, column = position
    value = table.value(row, column)
    is_total = row == table.height or column == table.width
    return (value == 0, value, is_total, row, column)


def derivable(table: Suppressed) -> list[tuple[int, int]]:
    """The hidden values that one subtraction along a row or a column reveals (should be none):
    for tests and for checking a table before it leaves the building."""
    found = []
    for line in _lines(table.height, table.width):
        hidden = [position for position in line if position in table.hidden]
        if len(hidden) == 1:
            found.append(hidden[0])
    return found
