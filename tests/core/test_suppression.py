"""Small counts of people hidden in published tables: primary suppression of 1-4, secondary
suppression until nothing hidden follows from one subtraction along a row or a column."""

import random

import pytest

from impactinkoop.core.suppression import HIDDEN, derivable, suppress


def attacker(table) -> set:
    """Everything a reader with a pen finds: repeatedly, a line (row or column, totals included)
    with one unknown value gives it by subtraction, which may open another line."""
    known = {
        (row, column): table.value(row, column)
        for row in range(table.height + 1)
        for column in range(table.width + 1)
        if not table.is_hidden(row, column)
    }
    found = set()
    progress = True
    while progress:
        progress = False
        rows = [[(r, c) for c in range(table.width + 1)] for r in range(table.height + 1)]
        columns = [[(r, c) for r in range(table.height + 1)] for c in range(table.width + 1)]
        for line in rows + columns:
            unknown = [position for position in line if position not in known]
            if len(unknown) != 1:
                continue
            total, *cells = line[::-1]  # the total is last in every line
            if unknown[0] == total:
                value = sum(known[position] for position in cells)
            else:
                value = known[total] - sum(known[p] for p in cells if p != unknown[0])
            known[unknown[0]] = value
            found.add(unknown[0])
            progress = True
    return found


def test_a_two_by_two_table_with_one_small_cell_hides_all_four_cells():
    table = suppress([[3, 10], [8, 12]])
    assert table.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert table.row(0) == [HIDDEN, HIDDEN, 13]
    assert table.row(2) == [11, 22, 33]  # the column totals and the grand total stay


def test_one_column_hides_the_next_smallest_row_and_its_total():
    table = suppress([[2], [7], [9]])
    assert table.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert table.row(3) == [18, 18]


def test_zero_is_safe_and_large_counts_stay():
    table = suppress([[0, 12], [6, 9]])
    assert table.hidden == frozenset()
    assert table.row(0) == [0, 12, 12]


def test_a_total_below_five_is_hidden_too():
    table = suppress([[1], [2]])
    assert table.shown(2, 0) == HIDDEN
    assert table.shown(2, 1) == HIDDEN
    assert attacker(table) == set()


def test_the_smallest_count_above_zero_is_hidden_next_not_a_zero():
    table = suppress([[4, 0, 30, 6]])
    # the row: 4 hidden first, then 6 (not the 0); each column has its cell as total too
    assert table.is_hidden(0, 0)
    assert table.is_hidden(0, 3)
    assert not table.is_hidden(0, 1)
    assert not table.is_hidden(0, 2)


def test_rows_of_unequal_length_and_negative_counts_are_refused():
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([[-1, 6]])


@pytest.mark.parametrize("seed", range(300))
def test_random_small_tables_reveal_nothing_hidden(seed):
    chance = random.Random(seed)
    height, width = chance.randint(1, 5), chance.randint(1, 5)
    cells = [
        [chance.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 40]) for _ in range(width)]
        for _ in range(height)
    ]
    table = suppress(cells)
    assert derivable(table) == []
    assert attacker(table) == set()
    for row in range(height + 1):
        for column in range(width + 1):
            value = table.value(row, column)
            if 0 < value < 5:
                assert table.shown(row, column) == HIDDEN, (cells, row, column)
            if not table.is_hidden(row, column):
                assert table.shown(row, column) == value
    # every line, totals included, hides nothing or at least two values
    for row in range(height + 1):
        assert sum(table.is_hidden(row, c) for c in range(width + 1)) != 1
    for column in range(width + 1):
        assert sum(table.is_hidden(r, column) for r in range(height + 1)) != 1
    # the published values still add up
    assert sum(table.row_totals) == table.total == sum(table.column_totals)


def test_derivable_finds_a_lonely_hidden_value():
    """The check itself can fail: a table with one hidden value is caught."""
    table = suppress([[10, 12], [8, 12]])
    lonely = type(table)(
        table.cells, table.row_totals, table.column_totals, table.total, frozenset({(0, 0)})
    )
    assert (0, 0) in derivable(lonely)
    assert (0, 0) in attacker(lonely)
