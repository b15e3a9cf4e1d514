"""Turns the upstream editions of our reference data into the product's own data files
(`load_reference_data`): the CPV list from a JSON list of codes and Dutch labels or a CSV with a
column per language (the layout of the EU's CPV tables), eForms code lists from their genericode
(.gc) files, the OCDS schemas, the municipalities with their labour-market region, and the Dutch
place names (municipalities then and now, their everyday names, and residences). Every
writer replaces its file whole, so a failed run leaves the previous edition in place."""

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

from defusedxml import ElementTree

from .mergers import EVERYDAY_NAMES, RENAMED, current_municipalities, former_municipalities

DATA_DIR = Path(__file__).resolve().parent / "data"
CPV_FILE = "cpv-2008.csv"
CPV_COLUMNS = ("code", "code_with_check_digit", "label_nl", "label_en", "type")
EFORMS_LISTS = (
    "social-objective",
    "strategic-procurement",
    "reserved-procurement",
    "accessibility",
)
EFORMS_COLUMNS = ("code", "label_nl", "label_en")
OCDS_SCHEMAS = ("release-schema.json", "release-package-schema.json", "record-package-schema.json")
MUNICIPALITIES_FILE = "municipalities.csv"
MUNICIPALITY_COLUMNS = ("name", "cbs_code", "labour_market_region")
PLACES_FILE = "places.csv"
PLACE_COLUMNS = ("name", "kind", "source")
# A name that is more than one kind is kept once, as the first of these.
PLACE_KINDS = ("municipality", "former_municipality", "alias", "residence")
PLACE_SOURCES = {
    "municipality": "municipalities.csv with mergers since 2016",
    "former_municipality": "municipalities.csv (2016 layout)",
    "alias": "everyday name",
}
# Residences that are also ordinary Dutch words or surname parts ("Dam", "Hoek", "Park"): a
# supplier called "Van Dam" or "Bouwbedrijf De Hoek" does not end in a place.
NOT_PLACE_WORDS = frozenset(
    """Ane Appel Benedeneind Bent Berg Blauw Bosch Brand Dam Dijk Dorp Dorst Ee Eind Eng Fort
    Gasthuis Gooi Groet Hall Heenweg Hoek Hof Holt Hout Hub Ie Juist Kamp Knol Kruis Leeuwen Look
    Loon Merk Middag Milt Mist Miste Neck Nederland Ool Oost Pannekoek Park Plak Pol Raar Rectum
    Rijk Schouw Smal Straat Streek Uitweg Val Veld Ven Verlaat Vrij Waarde Warm Ziek Zand Zittend
    Zoom""".split()  # noqa: SIM905 (a word list reads best as words)
)
# Words inside a Dutch place name that are written in lower case ("Alphen aan den Rijn").
_LOWER_WORDS = frozenset(
    {"aan", "bij", "de", "den", "der", "en", "het", "in", "of", "op", "over", "te", "ter", "van"}
)
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_CPV = re.compile(r"^(\d{8})-(\d)$")


class ReferenceDataError(ValueError):
    """The upstream file is not in a layout we know; nothing was written."""


def cpv_type(code: str) -> str:
    """The CPV's own split by division: 45 is works, 50 and up services, the rest supplies."""
    division = int(code[:2])
    if division == 45:
        return "works"
    return "services" if division >= 50 else "supplies"


def read_cpv_source(path: Path) -> list[dict]:
    """CPV rows from a JSON list ({"CPV CODE": "45000000-7", "Omschrijving": ...}) or a CSV with
    columns CODE, NL and optionally EN."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as error:
            raise ReferenceDataError(f"{path.name}: not JSON ({error})") from error
        pairs = [
            (entry.get("CPV CODE", ""), entry.get("Omschrijving", ""), entry.get("EN", ""))
            for entry in entries
            if isinstance(entry, dict)
        ]
    else:
        reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
        columns = {name.strip().upper(): name for name in reader.fieldnames or []}
        if "CODE" not in columns or "NL" not in columns:
            raise ReferenceDataError(f"{path.name}: needs the columns CODE and NL")
        pairs = [
            (row[columns["CODE"]], row[columns["NL"]], row.get(columns.get("EN", ""), "") or "")
            for row in reader
        ]
    rows = []
    for code, dutch, english in pairs:
        match = _CPV.match((code or "").strip())
        if not match or not (dutch or "").strip():
            raise ReferenceDataError(f"{path.name}: {code!r} is not a CPV code with a label")
        rows.append(
            {
                "code": match[1],
                "code_with_check_digit": match[0],
                "label_nl": " ".join(dutch.split()),
                "label_en": " ".join((english or "").split()),
                "type": cpv_type(match[1]),
            }
        )
    if len(rows) < 1000:  # the 2008 edition has 9,454 codes; a short file is a wrong file
        raise ReferenceDataError(f"{path.name}: only {len(rows)} CPV codes")
    return sorted(rows, key=lambda row: row["code"])


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def read_genericode(path: Path) -> list[dict]:
    """Codes with Dutch and English labels from an eForms genericode list."""
    root = ElementTree.parse(path).getroot()
    code_list = root.find("SimpleCodeList")
    if code_list is None:
        raise ReferenceDataError(f"{path.name}: not a genericode code list")
    rows = []
    for row in code_list.findall("Row"):
        values = {
            value.get("ColumnRef"): (value.findtext("SimpleValue") or "").strip()
            for value in row.findall("Value")
        }
        if not values.get("code"):
            continue
        rows.append(
            {
                "code": values["code"],
                "label_nl": values.get("nld_label", ""),
                "label_en": values.get("eng_label") or values.get("Name", ""),
            }
        )
    if not rows:
        raise ReferenceDataError(f"{path.name}: no codes")
    return rows


def write_csv(path: Path, columns, rows) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _replace(path, buffer.getvalue())


def _replace(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; a data file of the product is not
    os.replace(temporary, path)


def load_cpv(source: Path, target: Path = DATA_DIR) -> int:
    rows = read_cpv_source(source)
    write_csv(target / CPV_FILE, CPV_COLUMNS, rows)
    return len(rows)


def load_eforms(folder: Path, target: Path = DATA_DIR) -> dict[str, int]:
    """Every list of EFORMS_LISTS must be in `folder` as `<name>.gc`; all are read before any is
    written."""
    read = {}
    for name in EFORMS_LISTS:
        path = folder / f"{name}.gc"
        if not path.is_file():
            raise ReferenceDataError(f"{folder}: {path.name} is missing")
        read[name] = read_genericode(path)
    for name, rows in read.items():
        write_csv(target / f"eforms-{name}.csv", EFORMS_COLUMNS, rows)
    return {name: len(rows) for name, rows in read.items()}


def read_municipalities(path: Path) -> list[dict]:
    """Municipalities with their CBS code and labour-market region from a CSV with the columns
    Gemeente, CBS and Arbeidsmarktregio's (the regioatlas layout), each region one of the 35."""
    from impactinkoop.core.regions import LABOUR_MARKET_REGIONS

    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    columns = {name.strip().casefold(): name for name in reader.fieldnames or []}
    wanted = {"gemeente", "cbs", "arbeidsmarktregio's"}
    if not wanted <= set(columns):
        raise ReferenceDataError(
            f"{path.name}: needs the columns Gemeente, CBS, Arbeidsmarktregio's"
        )
    rows, seen = [], set()
    for row in reader:
        name = " ".join((row[columns["gemeente"]] or "").split())
        code = (row[columns["cbs"]] or "").strip().zfill(4)
        region = " ".join((row[columns["arbeidsmarktregio's"]] or "").split())
        if not name or not code.isdigit() or region not in LABOUR_MARKET_REGIONS:
            raise ReferenceDataError(f"{path.name}: {name!r} has no CBS code or known region")
        if name.casefold() in seen:
            raise ReferenceDataError(f"{path.name}: {name!r} appears twice")
        seen.add(name.casefold())
        rows.append({"name": name, "cbs_code": code, "labour_market_region": region})
    if len(rows) < 300:  # the Netherlands has had more than 340 municipalities since 1990
        raise ReferenceDataError(f"{path.name}: only {len(rows)} municipalities")
    return sorted(rows, key=lambda row: row["name"].casefold())


def load_municipalities(source: Path, target: Path = DATA_DIR) -> int:
    rows = read_municipalities(source)
    write_csv(target / MUNICIPALITIES_FILE, MUNICIPALITY_COLUMNS, rows)
    return len(rows)


def read_residences(path: Path) -> list[str]:
    """Residence names (woonplaatsen) from a text file with one name a line, or from a CSV with a
    column name, naam, woonplaats(en) or woonplaatsnaam. A trailing qualifier ("Afferden (Gld)") is
    dropped, names typed in title case get their small words back ("Bergen Op Zoom"), and
    ordinary words (NOT_PLACE_WORDS) are left out."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
        columns = {name.strip().casefold(): name for name in reader.fieldnames or []}
        column = next(
            (
                columns[name]
                for name in ("name", "naam", "woonplaats", "woonplaatsen", "woonplaatsnaam")
                if name in columns
            ),
            None,
        )
        if column is None:
            raise ReferenceDataError(f"{path.name}: needs a column name, naam or woonplaats")
        raw = [row[column] or "" for row in reader]
    else:
        raw = text.splitlines()
    names = {_place_case(_QUALIFIER.sub("", " ".join(line.split()))) for line in raw}
    names = sorted((name for name in names if name and name not in NOT_PLACE_WORDS), key=_order)
    if len(names) < 1000:  # the BAG has some 2,500 residences; a short file is a wrong file
        raise ReferenceDataError(f"{path.name}: only {len(names)} residences")
    return names


def _place_case(name: str) -> str:
    words = name.split(" ")
    fixed = [words[0]] + [
        word.lower() if word.lower() in _LOWER_WORDS else word for word in words[1:]
    ]
    name = " ".join(fixed)
    for written, meant in (("'S-", "'s-"), ("'T ", "'t "), ("'T-", "'t-")):
        name = name.replace(written, meant)
    return name


def _order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def place_rows(municipality_names, residences) -> list[dict]:
    """The rows of places.csv: today's municipalities, those of 2016 merged since, everyday names
    (with the plain name of a qualified one, "Hengelo" for "Hengelo (O)", and "'t Harde" for a
    residence "Het Harde"), then residences; each name once, as its first kind in PLACE_KINDS, in
    alphabetical order."""
    current = current_municipalities(municipality_names)
    former = former_municipalities(municipality_names)
    aliases = [*EVERYDAY_NAMES, *RENAMED]
    aliases += [_QUALIFIER.sub("", name) for name in (*current, *former) if _QUALIFIER.search(name)]
    # A residence list may write "Het Harde" where the place and its signs write "'t Harde".
    aliases += ["'t " + name[4:] for name in residences if name.startswith("Het ")]
    named = {}
    kinds = zip(PLACE_KINDS, (current, former, aliases, residences), strict=True)
    for kind, names in kinds:
        for name in names:
            named.setdefault(name, kind)
    rows = [
        {"name": name, "kind": kind, "source": PLACE_SOURCES.get(kind, "")}
        for name, kind in named.items()
    ]
    return sorted(rows, key=lambda row: _order(row["name"]))


def load_places(
    source: Path, target: Path = DATA_DIR, residence_source: str = "residences"
) -> dict[str, int]:
    """places.csv from a list of residences (`source`) and the municipalities.csv in `target` (else
    ours) with the mergers since (mergers.py); `residence_source` names the list in the source
    column."""
    municipalities = target / MUNICIPALITIES_FILE
    if not municipalities.is_file():
        municipalities = DATA_DIR / MUNICIPALITIES_FILE
    with open(municipalities, encoding="utf-8", newline="") as file:
        municipality_names = [row["name"] for row in csv.DictReader(file)]
    residences = read_residences(source)
    rows = place_rows(municipality_names, residences)
    for row in rows:
        if row["kind"] == "residence":
            row["source"] = residence_source
    write_csv(target / PLACES_FILE, PLACE_COLUMNS, rows)
    return {kind: sum(row["kind"] == kind for row in rows) for kind in PLACE_KINDS}


def load_ocds_schema(folder: Path, target: Path = DATA_DIR) -> list[str]:
    """The OCDS schemas as they are (a schema is only useful unchanged), checked to be JSON, with
    the Apache-2.0 licence text beside them, which that licence asks to pass on."""
    texts = {}
    for name in OCDS_SCHEMAS:
        path = folder / name
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise ReferenceDataError(f"{path}: {error}") from error
        if not isinstance(schema, dict) or not (schema.get("id") or schema.get("$id")):
            raise ReferenceDataError(f"{path}: not a JSON schema with an id")
        texts[name] = path.read_text(encoding="utf-8")
    if (folder / "LICENSE").is_file():
        texts["LICENSE"] = (folder / "LICENSE").read_text(encoding="utf-8")
    for name, text in texts.items():
        _replace(target / "ocds" / name, text)
    return list(texts)
