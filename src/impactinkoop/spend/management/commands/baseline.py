"""`impactinkoop baseline --org SLUG --year YYYY [--json]`: the baseline figures the dashboard
shows, as text or JSON (amounts as decimal strings, shares as fractions)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from impactinkoop.accounts.models import Organisation
from impactinkoop.spend.baseline.explain import social_note_text
from impactinkoop.spend.baseline.figures import compute
from impactinkoop.spend.baseline.periods import Period


class Command(BaseCommand):
    help = "Print an organisation's baseline (share of spend at social enterprises) for a year."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--year", required=True, type=int, metavar="YYYY")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {options['org']!r}")
        if not 1900 < options["year"] < 2200:
            raise CommandError(f"{options['year']} is not a year")
        figures = compute(organisation, Period.year(options["year"]))
        if options["json"]:
            # DjangoJSONEncoder writes Decimal as "1234.56": exact, never a float.
            self.stdout.write(json.dumps(figures, cls=DjangoJSONEncoder, indent=2))
            return
        share = figures["social_share"]
        self.stdout.write(
            f"{organisation.name}, {figures['period_label']}\n"
            f"total spend      € {figures['total_spend']:>16,}\n"
            f"social spend     € {figures['social_spend']:>16,}"
            f"  ({'—' if share is None else f'{share * 100:.1f}%'})\n"
            f"suppliers          {figures['supplier_count']:>16,}"
            f"  ({figures['social_supplier_count']} social)\n"
        )
        if figures["social_note"]:
            self.stdout.write(social_note_text(figures["social_note"]) + "\n")
        for row in figures["by_department"]:
            self.stdout.write(
                f"  {row['name'][:30]:30} € {row['total']:>14,}  social € {row['social']:>12,}"
            )
