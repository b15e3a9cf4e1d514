"""The report's figures as data: what `figures.collect` computes from the live data, what an
edition freezes as JSON, and what the public page and its open-data download show.

A figure is a value with a unit and the address of the page it comes from (its drill-down); a
table is rows of values under columns. Values are language-neutral (Decimal, int or None); the
labels are looked up when shown (`labels.py`), so one frozen edition reads in Dutch and English.
Row labels that are data (a department's name) are kept as given; row labels that are choices
(a target group) keep their code in `key` and are translated when shown.
"""

from dataclasses import dataclass, field
from decimal import Decimal

UNITS = ("eur", "share", "count", "people")  # share: a fraction (0.1234), shown as a percentage


@dataclass(frozen=True)
class Figure:
    key: str  # "spend.social_share": section, then name
    value: Decimal | int | None
    unit: str
    url: str = ""  # the drill-down: the page this figure equals
    note: str = ""  # stored_text JSON of a sentence that qualifies it ("partial year")

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def counts_people(self) -> bool:
        return self.unit == "people"


@dataclass(frozen=True)
class Row:
    key: str  # a code (target group) or the label itself (a department's name)
    label: str  # as given; empty when the key is a code translated when shown
    values: tuple  # one value per column
    url: str = ""


@dataclass(frozen=True)
class Table:
    key: str  # "sroi.placements_by_target_group"
    columns: tuple[str, ...]  # column keys, labelled when shown
    unit: str
    rows: tuple[Row, ...] = ()
    url: str = ""
    total: tuple = ()  # the column totals, as shown under the rows

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def counts_people(self) -> bool:
        return self.unit == "people"


@dataclass(frozen=True)
class Snapshot:
    year: int
    data_version: str
    figures: dict[str, Figure] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "data_version": self.data_version,
            "figures": [
                {
                    "key": f.key,
                    "value": _out(f.value),
                    "unit": f.unit,
                    "url": f.url,
                    "note": f.note,
                }
                for f in self.figures.values()
            ],
            "tables": [
                {
                    "key": t.key,
                    "columns": list(t.columns),
                    "unit": t.unit,
                    "url": t.url,
                    "rows": [
                        {
                            "key": r.key,
                            "label": r.label,
                            "values": [_out(v) for v in r.values],
                            "url": r.url,
                        }
                        for r in t.rows
                    ],
                    "total": [_out(v) for v in t.total],
                }
                for t in self.tables.values()
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Snapshot":
        figures = {
            item["key"]: Figure(
                item["key"],
                _in(item["value"], item["unit"]),
                item["unit"],
                item.get("url", ""),
                item.get("note", ""),
            )
            for item in data.get("figures", [])
        }
        tables = {}
        for item in data.get("tables", []):
            unit = item["unit"]
            rows = tuple(
                Row(
                    r["key"],
                    r.get("label", ""),
                    tuple(_in(v, unit) for v in r["values"]),
                    r.get("url", ""),
                )
                for r in item.get("rows", [])
            )
            tables[item["key"]] = Table(
                item["key"],
                tuple(item["columns"]),
                unit,
                rows,
                item.get("url", ""),
                tuple(_in(v, unit) for v in item.get("total", [])),
            )
        return cls(data["year"], data.get("data_version", ""), figures, tables)


def _out(value):
    """Decimals as strings in JSON, so no float ever touches an amount."""
    return str(value) if isinstance(value, Decimal) else value


def _in(value, unit: str):
    if value is None:
        return None
    if unit in ("eur", "share"):
        return Decimal(str(value))
    return int(value)
