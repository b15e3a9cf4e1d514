"""Importing a register file: every row is read and checked first, then the changes are planned
against the register, then (unless it is a dry run) written in one transaction.

A file is one edition of a register: a company that was in an earlier import of the same source
(and level, when the whole file has one level) but is missing from this one gets its
qualification ended the day before this edition starts, never deleted. Rows without a KvK number
become unverified candidates, recognised again by name in later imports."""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from impactinkoop.core.audit import actor_fields
from impactinkoop.core.imports.lifecycle import mark_committed
from impactinkoop.core.imports.problems import MAX_LISTED_PROBLEMS, Problem, RowProblem
from impactinkoop.core.imports.reader import is_formula
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.mapping import ImportField, MappingError, cells_for, check_mapping
from impactinkoop.core.models import AuditEntry
from impactinkoop.core.parsing import parse_date
from impactinkoop.core.regions import LABOUR_MARKET_REGIONS
from impactinkoop.core.stored_text import label as stored_label
from impactinkoop.core.tabular import Table
from impactinkoop.core.validators import normalise_kvk, normalise_web_address, validate_web_address
from impactinkoop.matching.normalise import name_key

from .models import COMPANY_DETAILS, Company, Qualification
from .sources import Source, levels_for, parse_level

FIELDS = [
    ImportField(
        "kvk_number",
        gettext_lazy("KvK number"),
        ("kvk", "kvknummer", "kvk-nummer", "kvk nummer", "kamer van koophandel", "coc"),
    ),
    ImportField(
        "establishment_number",
        gettext_lazy("Establishment number"),
        ("vestigingsnummer", "vestigingsnr", "branch number"),
    ),
    ImportField(
        "name",
        gettext_lazy("Name"),
        (
            "naam",
            "bedrijfsnaam",
            "statutaire naam",
            "organisatie",
            "onderneming",
            "company",
            "company name",
            "sociale werkvoorziening",
            "sw-bedrijf",
        ),
    ),
    ImportField("trade_names", gettext_lazy("Trade names"), ("handelsnaam", "handelsnamen")),
    ImportField("legal_form", gettext_lazy("Legal form"), ("rechtsvorm",)),
    ImportField("street", gettext_lazy("Address"), ("adres", "straat", "straatnaam", "address")),
    ImportField("postcode", gettext_lazy("Postcode"), ("postal code", "zip")),
    ImportField(
        "city",
        gettext_lazy("Place"),
        ("plaats", "vestigingsplaats", "woonplaats", "stad", "city", "town"),
    ),
    ImportField("municipality", gettext_lazy("Municipality"), ("gemeente",)),
    ImportField(
        "labour_market_region", gettext_lazy("Labour-market region"), ("arbeidsmarktregio", "amr")
    ),
    ImportField("sbi_code", gettext_lazy("SBI code"), ("sbi", "sbicode", "sbi-code")),
    ImportField("website", gettext_lazy("Website"), ("url", "internet", "site")),
    ImportField("level", gettext_lazy("Level"), ("trede", "niveau", "status", "pso niveau")),
    ImportField("region", gettext_lazy("Region"), ("regio",)),
    ImportField(
        "valid_from",
        gettext_lazy("Valid from"),
        ("geldig vanaf", "geldig van", "startdatum", "datum toekenning", "sinds"),
    ),
    ImportField(
        "valid_until",
        gettext_lazy("Valid until"),
        ("geldig tot", "geldig t/m", "einddatum", "vervaldatum", "expires"),
    ),
    ImportField(
        "evidence_url", gettext_lazy("Evidence link"), ("bewijs", "certificaat", "evidence", "link")
    ),
]
FIELD_LABELS = {f.name: f.label for f in FIELDS}


@dataclass
class ImportOptions:
    source: str
    mapping: dict[str, str]
    level: str = ""
    region: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    organisation: object = None  # None: public register data
    allow_rejected: bool = False


@dataclass
class RowOutcome:
    line: int
    action: str  # new, updated, unchanged, duplicate, rejected
    name: str = ""
    kvk: str = ""
    reason: str = ""  # in the language of the check; a rejected row also has its problem
    problem: Problem | None = None

    @classmethod
    def rejected(cls, line: int, error: RowProblem, name: str = "", kvk: str = ""):
        problem = Problem(line, error.column, error.code, error.message)
        return cls(line, "rejected", name, kvk, problem.text, problem)


@dataclass
class ImportResult:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    candidates: int = 0
    ended: int = 0
    # The date that rows without a date of their own hold from, and whether it is simply the
    # day of the import (then baselines of earlier years will not count those qualifications).
    default_valid_from: str = ""
    default_is_today: bool = False
    rows_without_date: int = 0
    committed: bool = False
    blocked: bool = False
    outcomes: list[RowOutcome] = field(default_factory=list)
    ended_companies: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        # Rejected rows in the one problem shape, shown in the reader's language.
        data["rejected_rows"] = [
            {**o.problem.as_dict(), "name": o.name, "kvk": o.kvk}
            for o in self.outcomes
            if o.action == "rejected"
        ]
        data["changes"] = [
            {"line": o.line, "action": o.action, "name": o.name, "kvk": o.kvk}
            for o in self.outcomes
            if o.action in ("new", "updated")
        ]
        del data["outcomes"]
        return data


@dataclass
class _Row:
    line: int
    key: str  # "kvk:12345678" or "name:<name key>"
    kvk: str | None
    name: str
    company: dict
    level: str
    region: str
    valid_from: date
    valid_until: date | None
    evidence_url: str


def check_options(options: ImportOptions, table: Table) -> dict[str, int]:
    """File-level checks before any row: known source and level, usable mapping."""
    problems = []
    if options.source not in Source.values:
        problems.append(_("unknown source %(source)s") % {"source": options.source})
    if options.level and options.level not in levels_for(options.source):
        problems.append(
            _("level %(level)s does not belong to this source") % {"level": options.level}
        )
    mapping = {k: v for k, v in options.mapping.items() if v}
    if "name" not in mapping and "kvk_number" not in mapping:
        problems.append(_("map a column to the name or to the KvK number"))
    if levels_for(options.source) and not options.level and "level" not in mapping:
        problems.append(
            _("this source has levels: choose one for the whole file or map a column to the level")
        )
    if options.source == Source.OWN_JUDGEMENT:
        problems.append(_("own judgements are entered by hand, each with its reason"))
    if problems:
        raise MappingError(problems)
    return check_mapping(mapping, table.columns)


def _parse_rows(
    table: Table,
    options: ImportOptions,
    positions: dict[str, int],
    today: date,
    result: ImportResult,
) -> list[_Row]:
    rows: list[_Row] = []
    first_line_of: dict[str, _Row] = {}
    width = len(table.columns)
    for line, cells in table.rows:
        result.rows += 1
        try:
            values = cells_for(cells, width, positions)
            row = _parse_row(line, values, options, today)
        except RowProblem as problem:
            result.outcomes.append(RowOutcome.rejected(line, problem))
            continue
        except (ValueError, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            result.outcomes.append(
                RowOutcome.rejected(line, RowProblem.from_text("invalid", message))
            )
            continue
        earlier = first_line_of.get(row.key)
        if earlier is not None:
            if (earlier.level, earlier.region) != (row.level, row.region):
                problem = _problem(
                    "level",
                    options,
                    gettext_noop("the same company is on line %(line)d with another level"),
                    line=earlier.line,
                )
                result.outcomes.append(RowOutcome.rejected(line, problem, row.name, row.kvk or ""))
            else:
                # The same company again. Where the two lines disagree (an SW company listed once
                # per municipality it serves), the file does not say which value is right, so
                # neither is imported.
                conflicts = sorted(
                    name
                    for name in set(earlier.company) | set(row.company)
                    if name != "name" and earlier.company.get(name) != row.company.get(name)
                )
                for name in conflicts:
                    earlier.company.pop(name, None)
                reason = (
                    _(
                        "same company as line %(line)d; not imported because the lines differ: "
                        "%(fields)s"
                    )
                    % {"line": earlier.line, "fields": ", ".join(conflicts)}
                    if conflicts
                    else _("same company as line %(line)d") % {"line": earlier.line}
                )
                result.outcomes.append(
                    RowOutcome(line, "duplicate", row.name, row.kvk or "", reason)
                )
            continue
        first_line_of[row.key] = row
        rows.append(row)
        if not values.get("valid_from"):
            result.rows_without_date += 1
    return rows


def _parse_row(line: int, values: dict[str, str], options: ImportOptions, today: date) -> _Row:
    kvk = normalise_kvk(values.get("kvk_number", "")) or None
    if kvk is not None and len(kvk) < 8 and kvk.isdigit():
        kvk = kvk.zfill(8)  # spreadsheets drop the leading zeros of a number
    if kvk is not None and not (kvk.isdigit() and len(kvk) == 8):
        raise _problem(
            "kvk_number",
            options,
            gettext_noop("KvK number “%(value)s” is not 8 digits"),
            value=values.get("kvk_number"),
        )
    for field_name, value in values.items():
        if is_formula(value):
            raise _problem(
                field_name,
                options,
                gettext_noop(
                    "%(field)s “%(value)s” looks like a spreadsheet formula; not imported"
                ),
                field=stored_label(FIELD_LABELS[field_name]),
                value=value[:60],
            )
    name = values.get("name", "")
    if not name and not kvk:
        raise _problem("name", options, gettext_noop("no name and no KvK number"))
    if not name:
        raise _problem("name", options, gettext_noop("no name for KvK number %(kvk)s"), kvk=kvk)
    if len(name) > 200:
        raise _problem("name", options, gettext_noop("the name is longer than 200 characters"))
    company = {f: values[f] for f in COMPANY_DETAILS if values.get(f)}
    establishment = company.get("establishment_number", "")
    if establishment and not (establishment.isdigit() and len(establishment) == 12):
        raise _problem(
            "establishment_number",
            options,
            gettext_noop("establishment number “%(value)s” is not 12 digits"),
            value=establishment,
        )
    region_name = company.get("labour_market_region")
    if region_name and region_name not in LABOUR_MARKET_REGIONS:
        raise _problem(
            "labour_market_region",
            options,
            gettext_noop("“%(value)s” is not a labour-market region"),
            value=region_name,
        )
    if company.get("website"):
        company["website"] = _web_address(values, "website", options)
    evidence_url = _web_address(values, "evidence_url", options)
    level = options.level
    if values.get("level"):
        try:
            level = parse_level(options.source, values["level"])
        except ValueError as error:
            raise _problem(
                "level",
                options,
                gettext_noop("level “%(value)s” is not known for this source"),
                value=values["level"],
            ) from error
    if levels_for(options.source) and not level:
        raise _problem("level", options, gettext_noop("no level"))
    valid_from = (
        parse_date(values["valid_from"])
        if values.get("valid_from")
        else options.valid_from or today
    )
    valid_until = (
        parse_date(values["valid_until"]) if values.get("valid_until") else options.valid_until
    )
    if valid_until and valid_until < valid_from:
        raise _problem(
            "valid_until",
            options,
            gettext_noop("valid until %(until)s is before valid from %(from)s"),
            until=valid_until.isoformat(),
            **{"from": valid_from.isoformat()},
        )
    region = ""
    if options.source == Source.REGIONAL:
        region = values.get("region") or options.region
        if not region:
            raise _problem(
                "region", options, gettext_noop("a regional recognition needs its region")
            )
    _check_company_fields(kvk, {"name": name, **company})
    key = f"kvk:{kvk}" if kvk else f"name:{name_key(name)}"
    return _Row(
        line,
        key,
        kvk,
        name,
        company,
        level,
        region,
        valid_from,
        valid_until,
        evidence_url,
    )


def _problem(field_name: str, options: ImportOptions, text: str, **values) -> RowProblem:
    """A rejected row's problem, in the column of the file that holds `field_name`."""
    return RowProblem(field_name, text, values, column=options.mapping.get(field_name, "") or "")


def _web_address(values: dict[str, str], name: str, options: ImportOptions) -> str:
    """A web address checked as every form checks it; the reason names the file's column."""
    value = normalise_web_address(values.get(name, ""))
    if value:
        try:
            validate_web_address(value)
        except ValidationError as error:
            raise _problem(
                name,
                options,
                gettext_noop("column “%(column)s”: %(problem)s"),
                column=options.mapping[name],
                problem=error.messages[0],
            ) from error
    return value


def run_register_import(
    table: Table, options: ImportOptions, *, actor, dry_run: bool, register_import=None
) -> ImportResult:
    """Check every row, plan the changes, and write them unless `dry_run`."""
    today = timezone.localdate()
    positions = check_options(options, table)
    result = ImportResult(
        default_valid_from=(options.valid_from or today).isoformat(),
        default_is_today=options.valid_from is None,
    )
    rows = _parse_rows(table, options, positions, today, result)
    result.rejected = sum(1 for o in result.outcomes if o.action == "rejected")
    result.duplicates = sum(1 for o in result.outcomes if o.action == "duplicate")
    if result.rejected and not options.allow_rejected:
        result.blocked = True
    write = not (dry_run or result.blocked)
    with transaction.atomic():
        if write:
            # Companies are shared by every organisation: one register import writes at a
            # time, and plans its changes while holding the lock, so two imports of one file
            # cannot both add the same company.
            lock_organisation(None, "register-import")
        _plan_and_apply(
            rows,
            options,
            result,
            actor=actor,
            today=today,
            write=write,
            register_import=register_import,
        )
        result.outcomes.sort(key=lambda outcome: outcome.line)
        if len(result.outcomes) > MAX_LISTED_PROBLEMS:
            result.outcomes = [o for o in result.outcomes if o.action == "rejected"][
                :MAX_LISTED_PROBLEMS
            ] + [o for o in result.outcomes if o.action in ("new", "updated")][:MAX_LISTED_PROBLEMS]
        if write and register_import is not None:
            # Marked imported in the same transaction as the writes: never one without the other.
            mark_committed(register_import, result.as_dict())
    return result


def _qualification_scope(options: ImportOptions):
    scope = Qualification.objects.filter(source=options.source, organisation=options.organisation)
    return scope.filter(level=options.level) if options.level else scope


def _plan_and_apply(
    rows: list[_Row],
    options: ImportOptions,
    result: ImportResult,
    *,
    actor,
    today: date,
    write: bool,
    register_import,
) -> None:
    by_kvk = Company.objects.in_bulk([r.kvk for r in rows if r.kvk], field_name="kvk_number")
    candidate_keys = [r.key[5:] for r in rows if not r.kvk]
    by_name: dict[str, Company] = {}
    for company in Company.objects.candidates().filter(name_key__in=candidate_keys):
        by_name.setdefault(company.name_key, company)
    company_ids = [c.pk for c in (*by_kvk.values(), *by_name.values())]
    open_qualifications: dict[int, Qualification] = {}
    for qualification in _qualification_scope(options).filter(company_id__in=company_ids):
        current = open_qualifications.get(qualification.company_id)
        if current is None or qualification.valid_from > current.valid_from:
            open_qualifications[qualification.company_id] = qualification

    audit: list[AuditEntry] = []
    present: set[int] = set()
    for row in rows:
        company = by_kvk.get(row.kvk) if row.kvk else by_name.get(row.key[5:])
        action = "unchanged"
        if company is None:
            action = "new"
            company = Company(
                kvk_number=row.kvk,
                name=row.name,
                **{k: v for k, v in row.company.items() if k != "name"},
            )
            if not row.kvk:
                result.candidates += 1
            if write:
                company.save()
                audit.append(
                    _entry(
                        "register.company_created",
                        actor,
                        company,
                        options,
                        after={"kvk_number": row.kvk, **row.company},
                    )
                )
        else:
            changes = {k: v for k, v in row.company.items() if getattr(company, k) != v}
            if changes:
                action = "updated"
                before = {k: getattr(company, k) for k in changes}
                if write:
                    for k, v in changes.items():
                        setattr(company, k, v)
                    company.save()
                    audit.append(
                        _entry(
                            "register.company_updated",
                            actor,
                            company,
                            options,
                            before=before,
                            after=changes,
                        )
                    )
        if company.pk:
            present.add(company.pk)
        qualification_action = _apply_qualification(
            row, company, options, open_qualifications, actor, write, register_import, audit
        )
        if action == "unchanged" and qualification_action != "unchanged":
            action = "updated"
        if action == "new":
            result.new += 1
        elif action == "updated":
            result.updated += 1
        else:
            result.unchanged += 1
        result.outcomes.append(RowOutcome(row.line, action, row.name, row.kvk or ""))

    _end_missing(options, rows, by_kvk, by_name, present, result, actor, write, audit)
    if write:
        AuditEntry.objects.bulk_create(audit, batch_size=1000)
        result.committed = True


def _check_company_fields(kvk: str | None, company: dict) -> None:
    """The model's own field checks (lengths, URL), so a dry run finds what a commit would."""
    candidate = Company(kvk_number=kvk, **company)
    try:
        candidate.clean_fields(
            exclude=[f.name for f in Company._meta.fields if f.name not in company]
        )
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        label = Company._meta.get_field(field_name).verbose_name
        raise ValueError(f"{label}: {messages[0]}") from error


def _apply_qualification(
    row, company, options, open_qualifications, actor, write, register_import, audit
) -> str:
    current = open_qualifications.get(company.pk) if company.pk else None
    if (
        current is not None
        and current.valid_until is not None
        and (current.valid_until < row.valid_from)
    ):
        current = None  # already ended before this edition: a new period starts
    if current is not None and (current.level, current.region) == (row.level, row.region):
        if row.valid_until != current.valid_until and row.valid_until is not None:
            if write:
                before = current.valid_until
                current.valid_until = row.valid_until
                current.save(update_fields=["valid_until"])
                audit.append(
                    _entry(
                        "register.qualification_extended",
                        actor,
                        company,
                        options,
                        before={"valid_until": before},
                        after={"valid_until": row.valid_until},
                    )
                )
            return "updated"
        return "unchanged"
    if write:
        if current is not None:
            end = max(current.valid_from, row.valid_from - timedelta(days=1))
            current.valid_until = end
            current.save(update_fields=["valid_until"])
            audit.append(
                _entry(
                    "register.qualification_ended",
                    actor,
                    company,
                    options,
                    before={"level": current.level},
                    after={"valid_until": end},
                )
            )
        Qualification.objects.create(
            company=company,
            organisation=options.organisation,
            source=options.source,
            level=row.level,
            region=row.region,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            evidence_url=row.evidence_url,
            origin=Qualification.Origin.IMPORT,
            register_import=register_import,
        )
        audit.append(
            _entry(
                "register.qualification_added",
                actor,
                company,
                options,
                after={
                    "source": options.source,
                    "level": row.level,
                    "valid_from": row.valid_from,
                    "valid_until": row.valid_until,
                },
            )
        )
    return "new" if current is None else "updated"


def _end_missing(options, rows, by_kvk, by_name, present, result, actor, write, audit) -> None:
    """End the open imported qualifications of companies missing from this edition."""
    edition_start = min(
        (r.valid_from for r in rows), default=options.valid_from or timezone.localdate()
    )
    ids_in_file = present | {c.pk for c in by_kvk.values()} | {c.pk for c in by_name.values()}
    missing = (
        _qualification_scope(options)
        .filter(origin=Qualification.Origin.IMPORT, valid_from__lt=edition_start)
        .exclude(valid_until__lt=edition_start)
        .exclude(company_id__in=ids_in_file)
        .select_related("company")
    )
    end = edition_start - timedelta(days=1)
    for qualification in missing:
        result.ended += 1
        result.ended_companies.append(qualification.company.name)
        if write:
            qualification.valid_until = end
            qualification.save(update_fields=["valid_until"])
            audit.append(
                _entry(
                    "register.qualification_ended",
                    actor,
                    qualification.company,
                    options,
                    before={"valid_until": None},
                    after={"valid_until": end, "reason": "missing from edition"},
                )
            )
    result.ended_companies = result.ended_companies[:MAX_LISTED_PROBLEMS]


def _entry(action, actor, company, options, before=None, after=None) -> AuditEntry:
    return AuditEntry(
        organisation=options.organisation,
        action=action,
        object_type=company._meta.label_lower,
        object_id=str(company.pk),
        object_repr=str(company)[:300],
        before=_jsonable(before),
        after=_jsonable(after),
        **actor_fields(actor),
    )


def _jsonable(data):
    if data is None:
        return None
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
