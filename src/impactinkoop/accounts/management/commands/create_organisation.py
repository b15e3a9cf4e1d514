"""`impactinkoop create_organisation --slug S --name N [--kind K]`: an organisation from scripts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from impactinkoop.accounts.models import Organisation
from impactinkoop.accounts.roles import Role
from impactinkoop.accounts.services import create_organisation, invite_member


class Command(BaseCommand):
    help = "Create an organisation, and optionally invite its first administrator by e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="short name in web addresses")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--kind", default=Organisation.Kind.GEMEENTE, choices=Organisation.Kind.values
        )
        parser.add_argument("--kvk", default="", help="KvK number, 8 digits")
        parser.add_argument("--municipality", default="")
        parser.add_argument("--region", default="", help="labour-market region")
        parser.add_argument("--admin", metavar="EMAIL", help="invite this address as administrator")

    def handle(self, *args, **options):
        if Organisation.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"An organisation with slug {options['slug']!r} already exists.")
        try:
            organisation = create_organisation(
                actor="cli",
                name=options["name"],
                slug=options["slug"],
                kind=options["kind"],
                kvk_number=options["kvk"],
                municipality=options["municipality"],
                labour_market_region=options["region"],
            )
        except ValidationError as error:
            details = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"Invalid organisation: {details}") from error
        self.stdout.write(f"Created organisation {organisation.name} ({organisation.slug}).")
        if options["admin"]:
            invite_member(
                actor="cli", organisation=organisation, email=options["admin"], role=Role.ADMIN
            )
            self.stdout.write(f"Invitation sent to {options['admin']}.")
