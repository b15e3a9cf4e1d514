"""`impactinkoop match_suppliers --org SLUG [--json]`: link an organisation's ledger suppliers to
the register by name; close matches go to the review queue, and so do automatic links of an
earlier engine that the current one disagrees with."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.spend.linking.links import match_suppliers


class Command(BaseCommand):
    help = "Match an organisation's unlinked suppliers against the register."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['org']!r}")
        started = time.perf_counter()
        counts = match_suppliers(organisation=organisation, actor="cli")
        counts["seconds"] = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps(counts, indent=2))
        else:
            self.stdout.write(
                f"{counts['suppliers']} suppliers: {counts['auto']} linked, "
                f"{counts['review']} to review, {counts['none']} without a match "
                f"({counts['seconds']} s)"
            )
            if counts["rechecked"]:
                self.stdout.write(
                    f"{counts['rechecked']} automatic links of an earlier engine checked again, "
                    f"{counts['questioned']} asked again in the review queue"
                )
