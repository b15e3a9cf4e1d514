"""`impactinkoop reduce_sroi_participants [--dry-run]`: after the retention period
(`SROI_RETENTION_MONTHS` after an obligation's end) empty the participant codes, age bands and
residences of its realisations; the counts and values stay. Safe to run every night."""

from django.conf import settings
from django.core.management.base import BaseCommand

from impactinkoop.sroi.retention import cutoff, reduce_participants


class Command(BaseCommand):
    help = "Reduce social-return participant data to counts after the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only list what would be reduced"
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        due = reduce_participants(dry_run=dry_run)
        verb = "would reduce" if dry_run else "reduced"
        for item in due:
            self.stdout.write(
                f"{verb} {item.realisations} realisations of obligation {item.obligation.pk} "
                f"({item.obligation.organisation.slug}, ended {item.obligation.end_date})"
            )
        if not due:
            self.stdout.write(
                f"nothing to reduce: no obligation ended before {cutoff()} "
                f"({settings.SROI_RETENTION_MONTHS} months) has participant data left"
            )
