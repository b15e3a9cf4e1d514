"""`impactinkoop import_sroi FILE --org SLUG [--map field=column ...] [--dry-run] [--json]`:
existing social-return obligations and realisations, on the one import lifecycle. Every row is
checked first; one rejected row and nothing is written. Importing the file again changes
nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.core.imports import lifecycle
from impactinkoop.core.imports.reader import read_rows
from impactinkoop.core.mapping import MappingError, guess_mapping, parse_map_options
from impactinkoop.core.stored_text import shown
from impactinkoop.core.tabular import Limits, TableError, check_upload
from impactinkoop.sroi.importing import FIELDS, SROI_IMPORTS, run_sroi_import


class Command(BaseCommand):
    help = "Import social-return obligations and realisations (CSV or XLSX)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", metavar="SLUG", required=True)
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
        parser.add_argument("--sheet")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['org']!r}")
        try:
            limits = Limits.for_import("sroi")
            check_upload(path.name, path.stat().st_size, limits.max_bytes)
            data = path.read_bytes()
            table = read_rows(data, path.name, options["sheet"], limits)
            mapping = guess_mapping(table.columns, FIELDS)
            mapping.update(parse_map_options(options["map"], FIELDS))
            mapping = {name: column for name, column in mapping.items() if column}
            # The mapping is checked before anything is stored.
            summary = run_sroi_import(
                table, organisation, mapping, actor="cli", dry_run=True
            ).as_dict()
        except (TableError, MappingError, ValueError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        if not options["dry_run"] and not summary["blocked"]:
            batch = lifecycle.create(
                SROI_IMPORTS,
                actor="cli",
                data=data,
                name=path.name,
                preview=lifecycle.preview_of(table),
                file_organisation=organisation,
                organisation=organisation,
                mapping=mapping,
            )
            summary = lifecycle.check_here(SROI_IMPORTS, batch, table, actor="cli")
            summary = lifecycle.commit_here(SROI_IMPORTS, batch, table, actor="cli")
        summary["mapping"] = mapping
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        else:
            write = self.stdout.write
            write(f"{path.name}: {summary['rows']} rows")
            write(f"  new obligations  {summary['obligations_new']}")
            write(f"  new realisations {summary['new']}")
            write(f"  unchanged        {summary['unchanged']}")
            write(f"  unknown KvK      {summary['warnings']} (count once accepted)")
            write(f"  rejected         {summary['rejected']}")
            for error in summary["errors"]:
                column = f", column {error['column']}" if error["column"] else ""
                write(f"    line {error['line']}{column}: {shown(error)}")
            if options["dry_run"]:
                write("Dry run: nothing was written.")
            elif summary["committed"]:
                write("Imported.")
        if summary["blocked"]:
            raise CommandError(f"{summary['rejected']} rows rejected: nothing was imported.")
