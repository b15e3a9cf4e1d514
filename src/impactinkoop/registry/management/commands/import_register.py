"""`impactinkoop import_register FILE --source SOURCE ...`: the register import from scripts, on
the same lifecycle as the wizard: the file is kept as a batch, checked, and (unless it is a dry
run or rows were rejected) committed. Public register data unless `--org` names an
organisation."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.core.imports import lifecycle
from impactinkoop.core.imports.reader import read_rows
from impactinkoop.core.mapping import MappingError, guess_mapping, parse_map_options
from impactinkoop.core.parsing import parse_date
from impactinkoop.core.stored_text import shown
from impactinkoop.core.tabular import Limits, TableError, check_upload
from impactinkoop.registry.importing import (
    FIELDS,
    ImportOptions,
    check_options,
    run_register_import,
)
from impactinkoop.registry.jobs import REGISTER_IMPORTS
from impactinkoop.registry.sources import Level, Source, levels_for, parse_level


class Command(BaseCommand):
    help = "Import a register file (CSV or XLSX) of companies and their qualifications."
    # The project's system checks (URLs, templates, every view imported) belong to `check` and
    # deployment; an import from a script needs only its models.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", required=True, choices=Source.values)
        parser.add_argument("--level", default="", help="one level for the whole file")
        parser.add_argument("--region", default="", help="region of a regional recognition")
        parser.add_argument("--valid-from", help="date the qualifications start (default today)")
        parser.add_argument("--valid-until", help="date the qualifications end")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="map a field to a column; unmapped fields are guessed from the headers",
        )
        parser.add_argument("--sheet", help="sheet of a spreadsheet (default the first)")
        parser.add_argument(
            "--org", metavar="SLUG", help="import as this organisation's own qualifications"
        )
        parser.add_argument(
            "--allow-rejected",
            action="store_true",
            help="import the valid rows even if some rows are rejected",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        organisation = self._organisation(options["org"])
        try:
            limits = Limits.for_import("register")
            check_upload(path.name, path.stat().st_size, limits.max_bytes)
            data = path.read_bytes()
            table = read_rows(data, path.name, options["sheet"], limits)
            mapping = guess_mapping(table.columns, FIELDS)
            mapping.update(parse_map_options(options["map"], FIELDS))
            fields = {
                "source": options["source"],
                "level": self._level(options["source"], options["level"]),
                "region": options["region"],
                "valid_from": self._date(options["valid_from"]),
                "valid_until": self._date(options["valid_until"]),
                "allow_rejected": options["allow_rejected"],
            }
            import_options = ImportOptions(mapping=mapping, organisation=organisation, **fields)
            check_options(import_options, table)
        except (TableError, MappingError, ValueError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        # Kept as a batch like the wizard's, from upload to commit, unless only asked.
        batch = None
        if not options["dry_run"]:
            batch = lifecycle.create(
                REGISTER_IMPORTS,
                actor="cli",
                data=data,
                name=path.name,
                preview=lifecycle.preview_of(table),
                file_organisation=organisation,
                organisation=organisation,
                started_in=organisation,
                mapping=mapping,
                **fields,
            )
        summary = self._run(batch, table, import_options)
        summary["mapping"] = mapping
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        else:
            self._print(path.name, summary, options["dry_run"])
        if summary["blocked"]:
            raise CommandError(
                f"{summary['rejected']} rows rejected: nothing was imported. Fix the file, or "
                "pass --allow-rejected to import the other rows."
            )

    def _run(self, batch, table, import_options) -> dict:
        if batch is None:
            return run_register_import(table, import_options, actor="cli", dry_run=True).as_dict()
        summary = lifecycle.check_here(REGISTER_IMPORTS, batch, table, actor="cli")
        if summary["blocked"]:
            return summary
        return lifecycle.commit_here(REGISTER_IMPORTS, batch, table, actor="cli")

    def _date(self, text: str | None):
        return parse_date(text) if text else None

    def _level(self, source: str, text: str) -> str:
        if not text:
            return Level.NONE
        try:
            return parse_level(source, text)
        except ValueError as error:
            known = ", ".join(levels_for(source)) or "none"
            raise CommandError(
                f"level {text!r} does not exist for {source} (levels: {known})"
            ) from error

    def _organisation(self, slug: str | None):
        if not slug:
            return None
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {slug!r}")
        return organisation

    def _print(self, name: str, summary: dict, dry_run: bool) -> None:
        write = self.stdout.write
        write(f"{name}: {summary['rows']} rows")
        write(
            f"  new        {summary['new']} (of which {summary['candidates']} without KvK: "
            "candidates)"
        )
        write(f"  updated    {summary['updated']}")
        write(f"  unchanged  {summary['unchanged']}")
        write(f"  duplicates {summary['duplicates']} (same company again in the file)")
        write(f"  rejected   {summary['rejected']}")
        write(f"  ended      {summary['ended']} (missing from this edition)")
        for row in summary["rejected_rows"]:
            write(f"    line {row['line']}: {shown(row)}")
        if dry_run:
            write("Dry run: nothing was written.")
        elif summary["committed"]:
            write("Imported.")
