"""The Open Contracting Data Standard (OCDS 1.1) as plain records: read release packages, record
packages and bare lists of releases (TenderNed's open data, decision 0019) into them, and write
them back as a release package. No app and no model here: the contracts app maps these records to
its own models and back.

One procurement is one `ocid`. Its releases (planning, tender, award, contract ...) may come in one
file or in several; the reader merges them the OCDS way, the newest release's values winning
(a compiled release), and gives one `OcdsProcurement` per ocid.

Money is `Decimal`, read from the JSON text itself (never through a float)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO

from impactinkoop.core.imports.problems import Problem

# Our own extension (MVI per theme, ambition level, eForms codes): its extension.json is served
# as a static file of the product, so every installation names the same document.
EXTENSION_PATH = "impactinkoop/ocds-extension/extension.json"


@dataclass(frozen=True)
class OcdsParty:
    """An organisation in a release's `parties`: buyer or supplier."""

    id: str
    name: str
    identifier_scheme: str = ""  # e.g. "NL-KVK" for a Chamber of Commerce number
    identifier_id: str = ""


@dataclass(frozen=True)
class OcdsMviTheme:
    """How one MVI theme is applied in a tender (our extension; comply or explain).

    `applied_as` is one of APPLIED_AS, or "" when the theme is explained instead: then `reason`
    (a code of the caller's short list) and `explanation` say why."""

    theme: str
    applied_as: str = ""
    ambition_level: int | None = None  # 1, 2 or 3
    weight: Decimal | None = None  # the weight of an award criterion, in percent
    text: str = ""
    reason: str = ""
    explanation: str = ""


APPLIED_AS = ("selectionCriterion", "requirement", "awardCriterion", "contractCondition")


@dataclass(frozen=True)
class OcdsTender:
    """A procurement's `tender`: what is asked, for how much, by which procedure."""

    id: str
    title: str = ""
    description: str = ""
    status: str = ""  # OCDS tenderStatus: planning, planned, active, cancelled, unsuccessful, ...
    value: Decimal | None = None  # the estimated value
    currency: str = ""
    cpv_codes: tuple[str, ...] = ()  # with check digit, "45233130-9"; the main code first
    main_category: str = ""  # OCDS: goods, works, services
    procurement_method: str = ""  # OCDS: open, selective, limited, direct
    publication_date: date | None = None  # tender period start: when the notice went out
    reserved: str = ""  # eForms reserved-procurement code ("res-ws"), "" when not reserved
    social_objectives: tuple[str, ...] = ()  # eForms social-objective codes
    strategic_procurement: tuple[str, ...] = ()  # eForms strategic-procurement codes
    mvi_themes: tuple[OcdsMviTheme, ...] = ()


@dataclass(frozen=True)
class OcdsContract:
    """An awarded contract: OCDS's `awards` entry and its `contracts` entry read as one."""

    id: str
    title: str = ""
    supplier: OcdsParty | None = None
    value: Decimal | None = None
    currency: str = ""
    start: date | None = None
    end: date | None = None
    max_end: date | None = None  # the end with every extension option taken
    cpv_codes: tuple[str, ...] = ()
    award_date: date | None = None
    status: str = ""  # OCDS contractStatus: pending, active, cancelled, terminated
    reserved: str = ""
    social_objectives: tuple[str, ...] = ()
    social_return: bool | None = None  # our extension: carries a social-return clause


@dataclass(frozen=True)
class OcdsProcurement:
    """One ocid, compiled from all its releases."""

    ocid: str
    date: date | None = None  # the newest release's date
    buyer: OcdsParty | None = None
    tender: OcdsTender | None = None
    contracts: tuple[OcdsContract, ...] = ()


@dataclass(frozen=True)
class OcdsItem:
    """What the reader gives per procurement: the procurement, or the problems that refuse it.

    `number` counts procurements in the order of their first release (from 1); each problem's
    `line` is that number and its `column` the JSON pointer of the offending value in its file
    (`/releases/3/tender/value/amount`)."""

    number: int
    ocid: str
    procurement: OcdsProcurement | None
    problems: tuple[Problem, ...] = ()


class OcdsFileError(ValueError):
    """The whole file is refused: not JSON, not OCDS, or larger than allowed. `problem` says
    why in the reader's language (line 0; the column is the JSON pointer or byte offset)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.text)


@dataclass
class OcdsPublisher:
    name: str
    scheme: str = ""
    uid: str = ""
    uri: str = ""


def read_release_package(
    *files: IO[bytes], max_bytes: int | None = None, known_cpv: bool = True
) -> Iterator[OcdsItem]:
    """Read one or more release packages, record packages or bare JSON lists of releases.

    Streams the JSON (bounded memory: the text is never held whole); refuses a file larger than
    `max_bytes` (default the setting `OCDS_IMPORT_MAX_BYTES`) with `OcdsFileError`, which is
    also raised for a file that is not JSON or not OCDS. Releases of the same ocid, in any file,
    are compiled newest-last. `known_cpv` refuses CPV codes that are not in our CPV list."""
    raise NotImplementedError  # implemented in the next commit; this one fixes the interface


def write_release_package(
    procurements: Iterable[OcdsProcurement],
    *,
    publisher: OcdsPublisher,
    uri: str,
    published: date | None = None,
    extension_url: str = "",
    hide_unpublished_estimates: bool = True,
    license_url: str = "",
) -> dict:
    """A release package (a dict ready for `json.dumps(..., default=str)`) with one compiled
    release per procurement, valid against the OCDS 1.1 release-package schema.

    With `extension_url` (the absolute URL of our extension.json) the package declares our
    extension and carries MVI themes, eForms codes and social return; without it those are left
    out. `hide_unpublished_estimates` leaves out the estimated value of every tender whose status
    is "planning" or "planned" (not yet published)."""
    raise NotImplementedError  # implemented in the next commit; this one fixes the interface


def validate_release_package(package: dict) -> list[str]:
    """Every way `package` breaks the OCDS 1.1 release-package schema (our extension's fields
    included when it declares it), as "pointer: message"; empty when valid. Offline: the schemas
    are the product's own copies in core/reference/data/."""
    raise NotImplementedError  # implemented in the next commit; this one fixes the interface
