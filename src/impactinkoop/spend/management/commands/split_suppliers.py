"""`impactinkoop split_suppliers --org SLUG [--dry-run] [--file IMPORT_ID=PATH]`: once, after
upgrading: split the suppliers that earlier versions merged on the supplier number alone."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.spend.changes import lines_changed
from impactinkoop.spend.imports.splitting import split_merged_suppliers
from impactinkoop.spend.linking.links import match_suppliers
from impactinkoop.spend.models import LedgerImport


class Command(BaseCommand):
    help = (
        "Split suppliers that were merged on the ledger's supplier number although their names "
        "differ (one-off payees under ONETIME, another finance system's numbering)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument(
            "--file",
            action="append",
            default=[],
            metavar="IMPORT_ID=PATH",
            help="the file of an import whose file is not stored (imported by the command)",
        )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['org']!r}")
        files = self._files(organisation, options["file"])
        report = split_merged_suppliers(
            organisation=organisation, actor="cli", dry_run=options["dry_run"], files=files
        )
        for move in report.moves:
            self.stdout.write(
                f"{move['file']}: {move['lines']} lines of number {move['number']} "
                f"from “{move['from']}” to “{move['to']}”"
            )
        for name in report.skipped:
            self.stdout.write(
                f"skipped {name}: its file is not stored; give it with --file IMPORT_ID=PATH"
            )
        suppliers = len({move["to_id"] for move in report.moves})
        self.stdout.write(
            f"{report.lines} lines of {report.imports} imports moved to {suppliers} suppliers"
            + (" (dry run: nothing changed)" if options["dry_run"] else "")
        )
        if report.moves and not options["dry_run"]:
            counts = match_suppliers(organisation=organisation, actor="cli")
            self.stdout.write(
                f"linked to the register: {counts['auto']} at once, {counts['review']} to review"
            )
            lines_changed(organisation)

    def _files(self, organisation, given: list[str]) -> dict[int, bytes]:
        files = {}
        for item in given:
            number, _sep, path = item.partition("=")
            if not number.isdigit() or not path:
                raise CommandError(f"--file {item!r}: use IMPORT_ID=PATH")
            ledger_import = LedgerImport.objects.filter(
                organisation=organisation, pk=int(number)
            ).first()
            if ledger_import is None:
                raise CommandError(f"no import {number} in this organisation")
            data = Path(path).read_bytes()
            if hashlib.sha256(data).hexdigest() != ledger_import.file_sha256:
                raise CommandError(f"{path} is not the file of import {number}")
            files[ledger_import.pk] = data
        return files
