"""`impactinkoop import_contracts FILE --org SLUG [--map field=column ...] [--dry-run] [--json]`:
the contract-register import from scripts, on the same lifecycle as the wizard: the file is kept
as a batch, checked, and (unless it is a dry run or rows were rejected) committed."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.contracts.importing import (
    FIELDS,
    ImportOptions,
    check_options,
    run_contract_import,
)
from impactinkoop.contracts.jobs import CONTRACT_IMPORTS
from impactinkoop.contracts.ocds import import_procurements, read_ocds
from impactinkoop.core.imports import lifecycle
from impactinkoop.core.imports.reader import read_rows
from impactinkoop.core.mapping import MappingError, guess_mapping, parse_map_options
from impactinkoop.core.reference.ocds import OcdsFileError
from impactinkoop.core.stored_text import shown
from impactinkoop.core.tabular import Limits, TableError, check_upload


class Command(BaseCommand):
    help = "Import an organisation's contract register (CSV or XLSX, any layout)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="+",
            help="a CSV or XLSX contract register, or OCDS release packages (.json; several "
            "files of one procurement's releases are read together)",
        )
        parser.add_argument("--org", metavar="SLUG", required=True)
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="map a field to a column; unmapped fields are guessed from the headers",
        )
        parser.add_argument("--sheet", help="sheet of a spreadsheet (default the first)")
        parser.add_argument(
            "--allow-rejected",
            action="store_true",
            help="import the valid rows even if some rows are rejected",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["file"]]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['org']!r}")
        if all(path.suffix.lower() == ".json" for path in paths):
            summary = self._ocds(paths, organisation, options)
            return self._report(paths[0].name, summary, options)
        if len(paths) > 1:
            raise CommandError("give one contract register at a time (several files: OCDS only)")
        path = paths[0]
        try:
            limits = Limits.for_import("contracts")
            check_upload(path.name, path.stat().st_size, limits.max_bytes)
            data = path.read_bytes()
            table = read_rows(data, path.name, options["sheet"], limits)
            mapping = guess_mapping(table.columns, FIELDS)
            mapping.update(parse_map_options(options["map"], FIELDS))
            mapping = {name: column for name, column in mapping.items() if column}
            import_options = ImportOptions(
                organisation=organisation,
                mapping=mapping,
                allow_rejected=options["allow_rejected"],
            )
            check_options(import_options, table)
        except (TableError, MappingError, ValueError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        if options["dry_run"]:
            summary = run_contract_import(
                table, import_options, actor="cli", dry_run=True
            ).as_dict()
        else:
            batch = lifecycle.create(
                CONTRACT_IMPORTS,
                actor="cli",
                data=data,
                name=path.name,
                preview=lifecycle.preview_of(table),
                file_organisation=organisation,
                organisation=organisation,
                mapping=mapping,
                allow_rejected=options["allow_rejected"],
            )
            summary = lifecycle.check_here(CONTRACT_IMPORTS, batch, table, actor="cli")
            if not summary["blocked"]:
                summary = lifecycle.commit_here(CONTRACT_IMPORTS, batch, table, actor="cli")
        summary["mapping"] = mapping
        self._report(path.name, summary, options)

    def _ocds(self, paths, organisation, options) -> dict:
        files = [path.read_bytes() for path in paths]
        try:
            items = read_ocds(files)
        except OcdsFileError as error:
            raise CommandError(f"{paths[0].name}: {error}") from error
        if options["dry_run"]:
            return import_procurements(
                organisation,
                items,
                actor="cli",
                dry_run=True,
                allow_rejected=options["allow_rejected"],
            ).as_dict()
        # Several files of one procurement are kept as one batch: the first file's bytes
        # would not be the whole story, so the batch keeps their names and checksums only.
        batch = lifecycle.create(
            CONTRACT_IMPORTS,
            actor="cli",
            data=b"".join(files),
            name=", ".join(path.name for path in paths)[:255],
            preview=None,
            store_file=False,
            file_organisation=organisation,
            organisation=organisation,
            file_name=", ".join(path.name for path in paths)[:255],
            allow_rejected=options["allow_rejected"],
        )
        summary = lifecycle.check_here(CONTRACT_IMPORTS, batch, items, actor="cli")
        if not summary["blocked"]:
            summary = lifecycle.commit_here(CONTRACT_IMPORTS, batch, items, actor="cli")
        return summary

    def _report(self, name: str, summary: dict, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        else:
            self._print(name, summary, options["dry_run"])
        if summary["blocked"]:
            raise CommandError(
                f"{summary['rejected']} rows rejected: nothing was imported. Fix the file, or "
                "pass --allow-rejected to import the other rows."
            )

    def _print(self, name: str, summary: dict, dry_run: bool) -> None:
        write = self.stdout.write
        write(f"{name}: {summary['rows']} rows, total value EUR {summary['total']}")
        write(f"  new        {summary['new']}")
        write(f"  updated    {summary['updated']}")
        write(f"  unchanged  {summary['unchanged']}")
        write(f"  duplicates {summary['duplicates']} (same contract again in the file)")
        write(f"  rejected   {summary['rejected']}")
        for error in summary["errors"]:
            column = f", column {error['column']}" if error["column"] else ""
            write(f"    line {error['line']}{column}: {shown(error)}")
        if dry_run:
            write("Dry run: nothing was written.")
        elif summary["committed"]:
            write("Imported.")
