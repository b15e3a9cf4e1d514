"""`impactinkoop send_sroi_reminders`: send the social-return reminders that are due.

The task worker sends them once a day by itself (`sroi.periodic`); this command is for an
installation that runs them from cron or a systemd timer instead, or to see what is due."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from impactinkoop.sroi.reminders import due_reminders, send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the social-return reminders before and after report deadlines that are due, "
        "each once, however often or on however many machines this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to send for (YYYY-MM-DD; default today)")
        parser.add_argument("--dry-run", action="store_true", help="list what is due, send nothing")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today: {options['today']!r} is not a YYYY-MM-DD date"
                ) from error
        if options["dry_run"]:
            for item in due_reminders(today):
                self.stdout.write(
                    f"{item.when}\t{item.deadline}\t{item.obligation.organisation.slug}\t"
                    f"{item.obligation.contract}"
                )
            return
        sent = send_due_reminders(today)
        self.stdout.write(f"{len(sent)} reminders sent")
