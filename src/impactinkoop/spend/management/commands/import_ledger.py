"""`impactinkoop import_ledger FILE --org SLUG ...`: the ledger import from scripts, on the same
lifecycle as the wizard: its batch is recorded (queued, importing, committed or failed) with its
audit entries, and the same checks and writes run, in this process."""

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from impactinkoop.accounts.models import Organisation
from impactinkoop.core.imports import ImportState, lifecycle
from impactinkoop.core.imports.lifecycle import ImportBusy
from impactinkoop.core.imports.reader import read_frame
from impactinkoop.core.mapping import MappingError, guess_mapping, parse_map_options
from impactinkoop.core.tabular import TableError, check_upload
from impactinkoop.spend.changes import refresh_later
from impactinkoop.spend.imports.columns import FIELDS
from impactinkoop.spend.imports.currency import CURRENCIES, EURO, parse_rate
from impactinkoop.spend.imports.importing import (
    AlreadyImported,
    LedgerOptions,
    check_ledger_mapping,
    run_ledger_import,
)
from impactinkoop.spend.imports.summary import refresh_statistics
from impactinkoop.spend.jobs import LEDGER_IMPORTS, refuse_same_file_on_its_way
from impactinkoop.spend.linking.links import link_after_import
from impactinkoop.spend.models import LedgerImport, LedgerMapping


class Command(BaseCommand):
    help = "Import a ledger export (CSV or XLSX) into an organisation's spend."
    # The project's system checks (URLs, templates, every view imported) belong to `check` and
    # deployment; an import from a script needs only its models.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--mapping", metavar="NAME", help="a mapping saved in the wizard")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="map a field to a column (field= to leave it out)",
        )
        parser.add_argument("--sheet", help="sheet of a spreadsheet (default the first)")
        parser.add_argument(
            "--decimal",
            choices=["auto", ",", "."],
            default=None,
            help="decimal separator of the amounts (default: detect)",
        )
        parser.add_argument(
            "--date-format",
            default=None,
            help="strptime format of the dates, e.g. %%d-%%m-%%Y (default: detect)",
        )
        parser.add_argument("--amounts-include-vat", action="store_true")
        parser.add_argument(
            "--currency",
            choices=list(CURRENCIES),
            default="",
            help="currency of the amounts (default: what the file says, else EUR)",
        )
        parser.add_argument(
            "--exchange-rate",
            metavar="RATE",
            help="euros for one unit of another currency; without it such an import is left "
            "out of the baseline until the rate is entered on its page",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['org']!r}")
        limits = LEDGER_IMPORTS.get_limits()
        try:
            check_upload(path.name, path.stat().st_size, limits.max_bytes)
            data = path.read_bytes()
            file_size, file_sha256 = len(data), hashlib.sha256(data).hexdigest()
            ledger = read_frame(data, path.name, options["sheet"], limits)
            del data  # a year's export is large; the frame holds what is needed
            ledger_options = self._options(organisation, ledger.columns, options)
            check_ledger_mapping(ledger_options.mapping, ledger)
        except (TableError, MappingError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        # The batch as the wizard keeps it, but the file stays on this disk: storing a year's
        # export in the database again would double the work of the command.
        batch = LedgerImport(
            organisation=organisation,
            file_name=path.name,
            file_size=file_size,
            file_sha256=file_sha256,
            sheet=ledger.sheet,
            mapping=ledger_options.mapping,
            options=ledger_options.as_dict(),
            currency=ledger_options.currency,
            exchange_rate=ledger_options.exchange_rate,
        )
        try:
            if options["dry_run"]:
                # The kind's check, with the currency and rate given here (a wizard's check
                # finds the currency; its person confirms it when committing).
                summary = run_ledger_import(
                    ledger,
                    ledger_options,
                    organisation=organisation,
                    actor="cli",
                    dry_run=True,
                    ledger_import=batch,
                ).as_dict()
            else:
                batch = self._create(batch, path.name)
                summary = lifecycle.commit_here(LEDGER_IMPORTS, batch, ledger, actor="cli")
        except (MappingError, AlreadyImported) as error:
            raise CommandError(f"{path.name}: {error}") from error
        summary["mapping"] = ledger_options.mapping
        if not options["dry_run"]:
            summary["matching"] = self._follow_up(batch)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._print(path.name, summary, options["dry_run"], ledger_options.exchange_rate)

    def _create(self, batch: LedgerImport, name: str) -> LedgerImport:
        """Kept queued from the start, so the wizard and other processes see the file is on its
        way (and the same file on its way elsewhere is refused)."""
        kept = ("organisation", "file_name", "file_size", "file_sha256", "sheet", "mapping")
        kept += ("options", "currency", "exchange_rate")
        fields = {field: getattr(batch, field) for field in kept}
        try:
            with transaction.atomic():
                refuse_same_file_on_its_way(batch.organisation, batch.file_sha256)
                return lifecycle.create(
                    LEDGER_IMPORTS,
                    actor="cli",
                    data=b"",
                    name=name,
                    preview=None,
                    store_file=False,
                    state=ImportState.QUEUED,
                    **fields,
                )
        except ImportBusy as error:
            raise CommandError(f"{name}: {error}") from error

    def _follow_up(self, ledger_import) -> dict | None:
        """As after every import: link the new suppliers, and queue for the worker what follows
        changed lines (purchases reconciled, the figures computed), as the wizard's import does.
        The import stands if this fails."""
        try:
            counts = link_after_import(ledger_import=ledger_import, actor="cli")
            refresh_statistics()
            refresh_later(ledger_import.organisation, actor="cli")
        except DatabaseError as error:
            self.stderr.write(
                f"The lines are imported, but linking the suppliers failed ({error}); "
                "run the supplier matching from the suppliers page."
            )
            return None
        return counts

    def _options(self, organisation, columns, options) -> LedgerOptions:
        mapping = guess_mapping(columns, FIELDS)
        saved = {}
        if options["mapping"]:
            stored = LedgerMapping.objects.filter(
                organisation=organisation, name=options["mapping"]
            ).first()
            if stored is None:
                raise MappingError([f"no saved mapping called {options['mapping']!r}"])
            mapping, saved = dict(stored.mapping), stored.options
        mapping.update(parse_map_options(options["map"], FIELDS))
        rate = None
        if options["exchange_rate"]:
            try:
                rate = parse_rate(options["exchange_rate"])
            except ValueError as error:
                raise MappingError(
                    [f"--exchange-rate {options['exchange_rate']}: not a rate"]
                ) from error
        return LedgerOptions(
            currency=options["currency"],
            exchange_rate=rate,
            mapping={k: v for k, v in mapping.items() if v},
            decimal=options["decimal"] or saved.get("decimal", "auto"),
            date_format=options["date_format"] or saved.get("date_format", "auto"),
            amounts_include_vat=options["amounts_include_vat"]
            or saved.get("amounts_include_vat", False),
        )

    def _print(self, name: str, summary: dict, dry_run: bool, rate) -> None:
        write = self.stdout.write
        currency = summary["currency"]
        write(f"{name}: {summary['rows']} lines, total {summary['total']} {currency}")
        if currency != EURO and not rate:
            write(
                "  not in euros: the lines count in the baseline once the exchange rate is "
                "entered (--exchange-rate, or on the import's page)"
            )
        write(f"  imported   {summary['imported']} (total {summary['imported_total']})")
        write(f"  duplicates {summary['duplicates']} (already imported)")
        write(f"  rejected   {summary['rejected']}")
        write(
            f"  suppliers  {summary['suppliers']} ({summary['new_suppliers']} new, "
            f"{summary['linked_suppliers']} linked to the register by KvK)"
        )
        if summary["period_start"]:
            write(f"  period     {summary['period_start']} to {summary['period_end']}")
        for other in summary["overlapping"]:
            write(f"  overlaps with import {other['file']} ({other['from']} to {other['until']})")
        for error in summary["errors"][:50]:
            write(f"    line {error['line']}, {error['column']}: {error['message']}")
        if dry_run:
            write("Dry run: nothing was written.")
