"""Mapping the columns of an uploaded table to the fields an import knows, shared by every import
wizard and command: header recognition, mapping checks and cells per row."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .imports.problems import RowProblem


@dataclass(frozen=True)
class ImportField:
    name: str
    label: Promise
    synonyms: tuple[str, ...] = field(default_factory=tuple)
    help_text: Promise | str = ""


class MappingError(ValueError):
    """The mapping cannot work for this file; the messages say which field or column."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def header_key(text: str) -> str:
    # Accents dropped here rather than with matching's normaliser: core imports no app.
    folded = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def guess_mapping(columns: list[str], fields: list[ImportField]) -> dict[str, str]:
    """Pre-fill the mapping from headers people use, exact matches before partial ones."""
    keys = {column: header_key(column) for column in columns if column.strip()}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for import_field in fields:
            if import_field.name in mapping:
                continue
            wanted = [header_key(s) for s in (import_field.name, *import_field.synonyms)]
            for column, key in keys.items():
                if column in taken or not key:
                    continue
                if (key in wanted) if exact else any(w in key for w in wanted if len(w) >= 6):
                    mapping[import_field.name] = column
                    taken.add(column)
                    break
    return mapping


def parse_map_options(values: list[str], fields: list[ImportField]) -> dict[str, str]:
    """`--map field=column` options of the commands; `field=` leaves a field unmapped."""
    known = {f.name for f in fields}
    mapping = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep:
            raise MappingError([_("“%(value)s” is not field=column") % {"value": value}])
        if name not in known:
            raise MappingError(
                [
                    _("unknown field %(field)s; known fields: %(fields)s")
                    % {"field": name, "fields": ", ".join(sorted(known))}
                ]
            )
        mapping[name] = column
    return mapping


def check_mapping(mapping: dict[str, str], columns: list[str]) -> dict[str, int]:
    """The column index of each mapped field; every mapped column must exist in the file."""
    index = {column: position for position, column in enumerate(columns)}
    missing = [column for column in mapping.values() if column and column not in index]
    if missing:
        raise MappingError(
            [
                _("column “%(column)s” is not in the file; its columns are: %(columns)s")
                % {"column": column, "columns": ", ".join(c for c in columns if c)}
                for column in missing
            ]
        )
    return {name: index[column] for name, column in mapping.items() if column}


def cells_for(cells: list[str], width: int, positions: dict[str, int]) -> dict[str, str]:
    """The mapped cells of one row, stripped. Raises `RowProblem` (a ValueError) for a ragged
    row: more or fewer fields than the header, which usually means a delimiter inside an
    unquoted value."""
    if len(cells) != width:
        extra = cells[width:]
        if len(cells) < width or any(cell.strip() for cell in extra):
            raise RowProblem(
                "ragged",
                gettext_noop("this line has %(found)d fields where the header has %(expected)d"),
                {"found": len(cells), "expected": width},
            )
    return {name: cells[position].strip() for name, position in positions.items()}
