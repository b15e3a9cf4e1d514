"""`impactinkoop import_register FILE --source SOURCE ...`: the register import from scripts, the
same pipeline as the wizard. Public register data unless `--org` names an organisation."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.core.mapping import MappingError, guess_mapping, parse_map_options
from impactinkoop.core.parsing import parse_date
from impactinkoop.core.tabular import Limits, TableError, check_upload, read_table
from impactinkoop.registry.importing import FIELDS, ImportOptions, run_register_import
from impactinkoop.registry.sources import Level, Source, levels_for, parse_level


class Command(BaseCommand):
    help = "Import a register file (CSV or XLSX) of companies and their qualifications."

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
        try:
            limits = Limits.for_import("register")
            check_upload(path.name, path.stat().st_size, limits.max_bytes)
            table = read_table(path.read_bytes(), path.name, options["sheet"], limits)
            mapping = guess_mapping(table.columns, FIELDS)
            mapping.update(parse_map_options(options["map"], FIELDS))
            import_options = ImportOptions(
                source=options["source"],
                level=self._level(options["source"], options["level"]),
                region=options["region"],
                valid_from=parse_date(options["valid_from"]) if options["valid_from"] else None,
                valid_until=parse_date(options["valid_until"]) if options["valid_until"] else None,
                mapping=mapping,
                organisation=self._organisation(options["org"]),
                allow_rejected=options["allow_rejected"],
            )
            result = run_register_import(
                table, import_options, actor="cli", dry_run=options["dry_run"]
            )
        except (TableError, MappingError, ValueError) as error:
            raise CommandError(f"{path.name}: {error}") from error

        summary = result.as_dict()
        summary["mapping"] = mapping
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        else:
            self._print(path.name, result, options["dry_run"])
        if result.blocked:
            raise CommandError(
                f"{result.rejected} rows rejected: nothing was imported. Fix the file, or pass "
                "--allow-rejected to import the other rows."
            )

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

    def _print(self, name: str, result, dry_run: bool) -> None:
        write = self.stdout.write
        write(f"{name}: {result.rows} rows")
        write(f"  new        {result.new} (of which {result.candidates} without KvK: candidates)")
        write(f"  updated    {result.updated}")
        write(f"  unchanged  {result.unchanged}")
        write(f"  duplicates {result.duplicates} (same company again in the file)")
        write(f"  rejected   {result.rejected}")
        write(f"  ended      {result.ended} (missing from this edition)")
        for outcome in result.outcomes:
            if outcome.action == "rejected":
                write(f"    line {outcome.line}: {outcome.reason}")
        if dry_run:
            write("Dry run: nothing was written.")
        elif result.committed:
            write("Imported.")
