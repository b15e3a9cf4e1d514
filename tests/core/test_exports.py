from decimal import Decimal

import pytest

from impactinkoop.core.exports import csv_bytes, safe_cell


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+31 20", "'+31 20"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("gewoon", "gewoon"),
        (None, ""),
        (Decimal("-12.50"), "-12.50"),
        (7, "7"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_has_bom_and_semicolons():
    assert csv_bytes(["a", "b"], [["1", "=2"]]) == "\ufeffa;b\r\n1;'=2\r\n".encode()
