"""The Open Contracting Data Standard (OCDS 1.1) as plain records: read release packages, record
packages and bare lists of releases (TenderNed's open data, decision 0019) into them, and write
them back as a release package. No app and no model here: the contracts app maps these records to
its own models and back.

One procurement is one `ocid`. Its releases (planning, tender, award, contract ...) may come in one
file or in several; the reader merges them the OCDS way, the newest release's values winning
(a compiled release), and gives one `OcdsProcurement` per ocid.

Money is `Decimal`, read from the JSON text itself (never through a float)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_noop

from impactinkoop.core.imports.problems import Problem
from impactinkoop.core.stored_text import msgid, stored

from . import cpv, schema, stream


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
    why in the reader's language (line 0; the column is the JSON pointer where one is known,
    after the file's name and "#" when several files are read)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.text)


@dataclass(frozen=True)
class OcdsPublisher:
    name: str
    scheme: str = ""
    uid: str = ""
    uri: str = ""


# Tender statuses before publication: their estimated value is the organisation's own working
# figure, and publishing it would tell bidders the budget before the notice does.
UNPUBLISHED_STATUSES = frozenset({"planning", "planned"})
# Other requirements extension codes (TenderNed's reserved participation) and the eForms code
# each means.
RESERVED_PARTICIPATION = {
    "shelteredWorkshop": "res-ws",
    "publicServiceMissionOrganization": "res-pub-ser",
}
MAX_PROBLEMS_PER_PROCUREMENT = 100

MESSAGES = {
    "not_json": gettext_noop("The file is not valid JSON (near byte %(offset)s)."),
    "too_large": gettext_noop(
        "The file is larger than %(limit)s MB. Split it, or ask the administrator to raise "
        "OCDS_IMPORT_MAX_MB."
    ),
    "no_list": gettext_noop(
        "The file is not OCDS: it has no list of releases or records (a release package, a "
        "record package or a JSON list of releases)."
    ),
    "not_object": gettext_noop("The file is not OCDS: this entry is not a release."),
    "no_ocid": gettext_noop("The file is not OCDS: this release has no ocid."),
    "linked_only": gettext_noop(
        "This record links to its releases but holds none of them, nor a compiled release: "
        "download the releases themselves."
    ),
    "value_in_words": gettext_noop("“%(value)s” is not an amount: write the value as a number."),
    "end_before_start": gettext_noop("The end date %(end)s is before the start date %(start)s."),
    "bad_date": gettext_noop("“%(value)s” is not a date."),
}


def _problem(line: int, column: str, code: str, **values) -> Problem:
    return Problem(line, column, code, stored(MESSAGES[code], **values))


def _file_error(code: str, column: str = "", **values) -> OcdsFileError:
    return OcdsFileError(_problem(0, column, code, **values))


def read_release_package(
    *files: IO[bytes], max_bytes: int | None = None, known_cpv: bool = True
) -> Iterator[OcdsItem]:
    """Read one or more release packages, record packages or bare JSON lists of releases.

    Streams the JSON (memory holds the releases, never the text; the byte cap bounds both);
    refuses a file larger than `max_bytes` (default the setting `OCDS_IMPORT_MAX_BYTES`) with
    `OcdsFileError`, which is also raised for a file that is not JSON or not OCDS. Releases of
    the same ocid, in any of the files, are compiled (the newest value wins), and one item per
    ocid follows once every file is read. `known_cpv` refuses CPV codes not in our CPV list."""
    limit = max_bytes if max_bytes is not None else settings.OCDS_IMPORT_MAX_BYTES
    by_ocid: dict[str, list[dict]] = {}
    problems: dict[str, list[Problem]] = {}
    numbers: dict[str, int] = {}
    for file in files:
        name = Path(str(getattr(file, "name", "") or "")).name if len(files) > 1 else ""
        try:
            for found in stream.releases_in(file, max_bytes=limit):
                ocid = str(found.release.get("ocid") or "")
                numbers.setdefault(ocid, len(numbers) + 1)
                by_ocid.setdefault(ocid, []).append(_kept(found.release, KEPT))
                where = f"{name}#{found.pointer}" if name else found.pointer
                found_problems = problems.setdefault(ocid, [])
                if len(found_problems) < MAX_PROBLEMS_PER_PROCUREMENT:
                    found_problems.extend(_check(found.release, where, numbers[ocid], known_cpv))
        except stream.TooLarge as error:
            raise _file_error("too_large", name, limit=_megabytes(error.limit)) from error
        except stream.NotJson as error:
            raise _file_error("not_json", name, offset=error.offset) from error
        except stream.NotOcds as error:
            column = f"{name}#{error.pointer}" if name else error.pointer
            raise _file_error(error.reason, column) from error
    for ocid, releases in by_ocid.items():
        number = numbers[ocid]
        found_problems = tuple(problems[ocid][:MAX_PROBLEMS_PER_PROCUREMENT])
        if found_problems:
            yield OcdsItem(number, ocid, None, found_problems)
            continue
        compiled = stream.compile_releases(releases)
        yield OcdsItem(number, ocid, procurement_from_release(compiled))


# The fields the records are read from: a release is checked whole, then only these are kept
# until its procurement is compiled (documents, milestones, transactions and the like can be
# most of a file). A list's entries keep the fields the dict names; True keeps a value whole.
_PERIOD = {"startDate": True, "endDate": True, "maxExtentDate": True}
_CLASSIFIED = {"id": True, "classification": True, "additionalClassifications": True}
_VALUE = {"amount": True, "currency": True}
KEPT = {
    "ocid": True,
    "date": True,
    "buyer": True,
    "parties": {"id": True, "name": True, "identifier": True, "roles": True},
    "tender": {
        "id": True,
        "title": True,
        "description": True,
        "status": True,
        "value": _VALUE,
        "items": _CLASSIFIED,
        "classification": True,
        "additionalClassifications": True,
        "mainProcurementCategory": True,
        "procurementMethod": True,
        "datePublished": True,
        "tenderPeriod": {"startDate": True},
        "otherRequirements": {"reservedParticipation": True},
        "reservedProcurement": True,
        "socialObjectives": True,
        "strategicProcurement": True,
        "mviThemes": True,
    },
    "awards": {
        "id": True,
        "title": True,
        "date": True,
        "value": _VALUE,
        "suppliers": True,
        "contractPeriod": _PERIOD,
        "items": _CLASSIFIED,
    },
    "contracts": {
        "id": True,
        "awardID": True,
        "title": True,
        "status": True,
        "value": _VALUE,
        "period": _PERIOD,
        "items": _CLASSIFIED,
        "reservedProcurement": True,
        "socialObjectives": True,
        "socialReturn": True,
    },
}


def _kept(node, fields):
    if fields is True:
        return node
    if isinstance(node, list):
        return [_kept(entry, fields) for entry in node]
    if not isinstance(node, dict):
        return node
    return {key: _kept(value, fields[key]) for key, value in node.items() if key in fields}


def _megabytes(limit: int) -> str:
    return f"{limit / 1_000_000:g}"


def _check(release: dict, pointer: str, number: int, known_cpv: bool) -> list[Problem]:
    """What refuses this release: an amount in words, an unreadable date, a period that ends
    before it starts, an unknown CPV code; each with the pointer of the offending value."""
    found = []
    for path, node in _objects(release, pointer):
        amount = node.get("amount")
        # A budget's `amount` is itself a Value object: its own `amount` is checked in turn.
        if amount not in (None, "") and not isinstance(amount, dict) and _amount(amount) is None:
            found.append(_problem(number, f"{path}/amount", "value_in_words", value=amount))
        dates = {}
        for key in ("startDate", "endDate", "maxExtentDate", "datePublished", "date"):
            if node.get(key) in (None, ""):  # some publishers write an empty string for none
                continue
            parsed = _date(node[key])
            if parsed is None:
                found.append(_problem(number, f"{path}/{key}", "bad_date", value=node[key]))
            dates[key] = parsed
        start, end = dates.get("startDate"), dates.get("endDate")
        if start and end and end < start:
            found.append(
                _problem(
                    number, f"{path}/endDate", "end_before_start", start=str(start), end=str(end)
                )
            )
        if known_cpv and str(node.get("scheme") or "").upper() == "CPV" and "id" in node:
            try:
                cpv.parse(node["id"])
            except cpv.CpvError as error:
                found.append(_cpv_problem(number, f"{path}/id", error))
    return found


def _cpv_problem(number: int, column: str, error: cpv.CpvError) -> Problem:
    right = ""
    if error.reason == "check_digit":
        right = cpv.normalise(re.sub(r"\D", "", error.value)[:8])
    message = stored(msgid(cpv.ERRORS[error.reason]), code=error.value, right=right)
    return Problem(number, column, "unknown_cpv", message)


def _objects(node, pointer: str):
    """Every JSON object in `node` with its pointer, `node` itself first."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if isinstance(value, dict | list):
                yield from _objects(value, f"{pointer}/{_escape(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{pointer}/{index}")


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _amount(value) -> Decimal | None:
    """An OCDS amount as Decimal: a JSON number, or a string of a plain number (some publishers
    quote them); None for anything else (words, "1.2.3", a boolean)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str) and _PLAIN_NUMBER.match(value.strip()):
        return Decimal(value.strip())
    return None


_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _date(value) -> date | None:
    """The calendar date of an OCDS date-time ("2010-03-15T09:30:00Z") or date."""
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


# Reading a compiled release into our records.


def procurement_from_release(release: dict) -> OcdsProcurement:
    parties = {str(party.get("id")): party for party in _list(release.get("parties"))}
    buyer_ref = release.get("buyer") or next(
        (party for party in parties.values() if "buyer" in _list(party.get("roles"))), None
    )
    return OcdsProcurement(
        ocid=str(release.get("ocid") or ""),
        date=_date(release["date"]) if release.get("date") else None,
        buyer=_party(buyer_ref, parties),
        tender=_tender(release.get("tender")),
        contracts=_contracts(release, parties),
    )


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    return "" if value is None else str(value)


def _party(reference, parties: dict) -> OcdsParty | None:
    if not isinstance(reference, dict):
        return None
    full = parties.get(str(reference.get("id")), {})
    identifier = _dict(full.get("identifier") or reference.get("identifier"))
    return OcdsParty(
        id=_text(reference.get("id")),
        name=_text(reference.get("name") or full.get("name")),
        identifier_scheme=_text(identifier.get("scheme")),
        identifier_id=_text(identifier.get("id")),
    )


def _value(node) -> tuple[Decimal | None, str]:
    node = _dict(node)
    amount = node.get("amount")
    return (_amount(amount) if amount not in (None, "") else None), _text(node.get("currency"))


def _cpv_codes(*holders) -> tuple[str, ...]:
    """CPV codes of the classifications in `holders` (items, or a tender with TenderNed's own
    `classification`), the first one first, each once, with its check digit."""
    codes = []
    for holder in holders:
        holder = _dict(holder)
        for classification in [
            holder.get("classification"),
            *_list(holder.get("additionalClassifications")),
        ]:
            classification = _dict(classification)
            if str(classification.get("scheme") or "").upper() != "CPV":
                continue
            entry = cpv.lookup(classification.get("id"))
            if entry and entry.code_with_check_digit not in codes:
                codes.append(entry.code_with_check_digit)
    return tuple(codes)


def _codes(value) -> tuple[str, ...]:
    return tuple(str(code) for code in _list(value) if code)


def _reserved(node: dict) -> str:
    if node.get("reservedProcurement"):
        return str(node["reservedProcurement"])
    participation = _dict(node.get("otherRequirements")).get("reservedParticipation")
    for code in _list(participation):
        if code in RESERVED_PARTICIPATION:
            return RESERVED_PARTICIPATION[code]
    return ""


def _tender(node) -> OcdsTender | None:
    if not isinstance(node, dict):
        return None
    value, currency = _value(node.get("value"))
    published = node.get("datePublished") or _dict(node.get("tenderPeriod")).get("startDate")
    return OcdsTender(
        id=_text(node.get("id")),
        title=_text(node.get("title")),
        description=_text(node.get("description")),
        status=_text(node.get("status")),
        value=value,
        currency=currency,
        cpv_codes=_cpv_codes(node, *_list(node.get("items"))),
        main_category=_text(node.get("mainProcurementCategory")),
        procurement_method=_text(node.get("procurementMethod")),
        publication_date=_date(published) if published else None,
        reserved=_reserved(node),
        social_objectives=_codes(node.get("socialObjectives")),
        strategic_procurement=_codes(node.get("strategicProcurement")),
        mvi_themes=tuple(_mvi_theme(theme) for theme in _list(node.get("mviThemes"))),
    )


def _mvi_theme(node) -> OcdsMviTheme:
    node = _dict(node)
    weight = node.get("weight")
    level = node.get("ambitionLevel")
    return OcdsMviTheme(
        theme=_text(node.get("theme")),
        applied_as=_text(node.get("appliedAs")),
        ambition_level=int(level)
        if isinstance(level, int) and not isinstance(level, bool)
        else None,
        weight=_amount(weight) if weight is not None else None,
        text=_text(node.get("text")),
        reason=_text(node.get("reason")),
        explanation=_text(node.get("explanation")),
    )


def _contracts(release: dict, parties: dict) -> tuple[OcdsContract, ...]:
    """One record per contract, with its award's supplier and date; an award without a contract
    (yet) is a record of its own."""
    awards = {str(award.get("id")): award for award in _list(release.get("awards"))}
    used = set()
    found = []
    for contract in _list(release.get("contracts")):
        award = awards.get(str(contract.get("awardID")), {})
        used.add(str(contract.get("awardID")))
        found.append(_contract(contract, award, parties))
    for award_id, award in awards.items():
        if award_id not in used:
            found.append(_contract({}, award, parties))
    return tuple(found)


def _contract(contract: dict, award: dict, parties: dict) -> OcdsContract:
    value, currency = _value(contract.get("value") or award.get("value"))
    period = _dict(contract.get("period") or award.get("contractPeriod"))
    suppliers = _list(award.get("suppliers"))
    social_return = contract.get("socialReturn")
    return OcdsContract(
        id=_text(contract.get("id") or award.get("id")),
        title=_text(contract.get("title") or award.get("title")),
        supplier=_party(suppliers[0], parties) if suppliers else None,
        value=value,
        currency=currency,
        start=_date(period["startDate"]) if period.get("startDate") else None,
        end=_date(period["endDate"]) if period.get("endDate") else None,
        max_end=_date(period["maxExtentDate"]) if period.get("maxExtentDate") else None,
        cpv_codes=_cpv_codes(*_list(contract.get("items") or award.get("items"))),
        award_date=_date(award["date"]) if award.get("date") else None,
        status=_text(contract.get("status")),
        reserved=_reserved(contract),
        social_objectives=_codes(contract.get("socialObjectives")),
        social_return=social_return if isinstance(social_return, bool) else None,
    )


# Writing our records as a release package.


def write_release_package(
    procurements: Iterable[OcdsProcurement],
    *,
    publisher: OcdsPublisher,
    uri: str,
    published: datetime | None = None,
    extension_url: str = "",
    hide_unpublished_estimates: bool = True,
    license_url: str = "",
    language: str = "nl",
) -> dict:
    """A release package (a dict; `package_json` writes it as text, amounts as exact numbers)
    with one release per procurement, valid against the OCDS 1.1 release-package schema.

    With `extension_url` (the absolute URL of our extension.json, from
    `reference.views.extension_url(request)`) the package declares our extension and carries
    MVI themes, eForms codes and social return; without it those are left out.
    `hide_unpublished_estimates` leaves out the estimated value of every tender whose status is
    "planning" or "planned" (not yet published)."""
    published = published or datetime.now(UTC)
    package = {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _datetime(published),
        "publisher": _omit_empty(
            {
                "name": publisher.name,
                "scheme": publisher.scheme,
                "uid": publisher.uid,
                "uri": publisher.uri,
            }
        ),
    }
    if extension_url:
        package["extensions"] = [extension_url]
    if license_url:
        package["license"] = license_url
    package["releases"] = [
        _release(
            procurement,
            published=published,
            extended=bool(extension_url),
            hide_estimate=hide_unpublished_estimates,
            language=language,
        )
        for procurement in procurements
    ]
    return package


def _datetime(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00Z"


def _omit_empty(node: dict) -> dict:
    """OCDS wants absent fields left out, not empty."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {}, ())}


def _release(
    procurement: OcdsProcurement,
    *,
    published: datetime,
    extended: bool,
    hide_estimate: bool,
    language: str,
) -> dict:
    release_date = procurement.date or published
    parties: dict[str, dict] = {}
    if procurement.buyer:
        _add_party(parties, procurement.buyer, "buyer")
    for contract in procurement.contracts:
        if contract.supplier:
            _add_party(parties, contract.supplier, "supplier")
    release = {
        "ocid": procurement.ocid,
        "id": f"{procurement.ocid}-{_datetime(release_date).replace(':', '')}",
        "date": _datetime(release_date),
        "tag": _tags(procurement),
        "initiationType": "tender",
        "language": language,
        "parties": list(parties.values()),
    }
    if procurement.buyer:
        release["buyer"] = _party_reference(procurement.buyer)
    if procurement.tender:
        release["tender"] = _tender_json(procurement.tender, extended, hide_estimate)
    if procurement.contracts:
        release["awards"] = [_award_json(contract) for contract in procurement.contracts]
        release["contracts"] = [
            _contract_json(contract, extended) for contract in procurement.contracts
        ]
    return _omit_empty(release)


def _tags(procurement: OcdsProcurement) -> list[str]:
    if procurement.contracts:
        return ["award", "contract"]
    if procurement.tender and procurement.tender.status in UNPUBLISHED_STATUSES:
        return ["planning"]
    return ["tender"]


def _add_party(parties: dict, party: OcdsParty, role: str) -> None:
    entry = parties.get(party.id)
    if entry is None:
        identifier = {"scheme": party.identifier_scheme, "id": party.identifier_id}
        entry = _omit_empty(
            {"id": party.id, "name": party.name, "identifier": _omit_empty(identifier)}
        )
        entry["roles"] = []
        parties[party.id] = entry
    if role not in entry["roles"]:
        entry["roles"].append(role)


def _party_reference(party: OcdsParty) -> dict:
    return _omit_empty({"id": party.id, "name": party.name})


def _value_json(amount: Decimal | None, currency: str) -> dict:
    return _omit_empty({"amount": amount, "currency": currency or None})


def _items_json(codes: tuple[str, ...], item_id: str) -> list[dict]:
    """One item classified by the first CPV code, the others as additional classifications."""
    classified = [_classification(code) for code in codes]
    if not classified:
        return []
    return [
        _omit_empty(
            {
                "id": item_id,
                "classification": classified[0],
                "additionalClassifications": classified[1:],
            }
        )
    ]


def _classification(code: str) -> dict:
    entry = cpv.parse(code)
    return {"scheme": "CPV", "id": entry.code_with_check_digit, "description": entry.label_nl}


def _tender_json(tender: OcdsTender, extended: bool, hide_estimate: bool) -> dict:
    node = {
        "id": tender.id,
        "title": tender.title,
        "description": tender.description,
        "status": tender.status,
        "items": _items_json(tender.cpv_codes, f"{tender.id}-1"),
        "mainProcurementCategory": tender.main_category,
        "procurementMethod": tender.procurement_method,
        "datePublished": _datetime(tender.publication_date) if tender.publication_date else None,
    }
    if not (hide_estimate and tender.status in UNPUBLISHED_STATUSES):
        node["value"] = _value_json(tender.value, tender.currency)
    if extended:
        node.update(
            {
                "reservedProcurement": tender.reserved,
                "socialObjectives": list(tender.social_objectives),
                "strategicProcurement": list(tender.strategic_procurement),
                "mviThemes": [_mvi_json(theme) for theme in tender.mvi_themes],
            }
        )
    return _omit_empty(node)


def _mvi_json(theme: OcdsMviTheme) -> dict:
    return _omit_empty(
        {
            "theme": theme.theme,
            "appliedAs": theme.applied_as,
            "ambitionLevel": theme.ambition_level,
            "weight": theme.weight,
            "text": theme.text,
            "reason": theme.reason,
            "explanation": theme.explanation,
        }
    )


def _award_json(contract: OcdsContract) -> dict:
    return _omit_empty(
        {
            "id": contract.id,
            "title": contract.title,
            "status": "active" if contract.supplier else None,
            "date": _datetime(contract.award_date) if contract.award_date else None,
            "value": _value_json(contract.value, contract.currency),
            "suppliers": [_party_reference(contract.supplier)] if contract.supplier else [],
        }
    )


def _contract_json(contract: OcdsContract, extended: bool) -> dict:
    node = {
        "id": contract.id,
        "awardID": contract.id,
        "title": contract.title,
        "status": contract.status,
        "value": _value_json(contract.value, contract.currency),
        "period": _omit_empty(
            {
                "startDate": _datetime(contract.start) if contract.start else None,
                "endDate": _datetime(contract.end) if contract.end else None,
                "maxExtentDate": _datetime(contract.max_end) if contract.max_end else None,
            }
        ),
        "items": _items_json(contract.cpv_codes, f"{contract.id}-1"),
    }
    if extended:
        node.update(
            {
                "reservedProcurement": contract.reserved,
                "socialObjectives": list(contract.social_objectives),
                "socialReturn": contract.social_return,
            }
        )
    return _omit_empty(node)


def package_json(package: dict) -> str:
    """`package` as compact JSON text, each Decimal written as the exact number it is (json's
    own encoder would go through float)."""
    return schema.dumps(package)


def validate_release_package(package: dict) -> list[str]:
    """Every way `package` breaks the OCDS 1.1 release-package schema (with our extension's
    fields when the package declares it), as "pointer: message"; empty when valid. Offline: the
    schemas are the product's own copies in core/reference/data/."""
    return schema.validate_package(package)
