"""`impactinkoop load_sroi_rules --org SLUG`: load the shipped building-block editions into an
organisation. Editions it already has (by code) are left as they are."""

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.sroi.rules import load_shipped


class Command(BaseCommand):
    help = "Load the shipped social-return building-block tables into an organisation."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", required=True)

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['org']!r}")
        created = load_shipped(organisation, actor="cli")
        for rule_set in created:
            self.stdout.write(f"loaded {rule_set.key}: {rule_set.blocks.count()} blocks")
        if not created:
            self.stdout.write("nothing to load: every shipped table is there")
