"""`impactinkoop run_periodic`: run the periodic work that is due, for cron or a systemd timer."""

from django.core.management.base import BaseCommand

from impactinkoop.core.schedule import registered, run_due


class Command(BaseCommand):
    help = (
        "Run the periodic work that is due (social-return reminders, ...), each function once "
        "however many run this at the same time. Not needed when a task worker runs."
    )

    def handle(self, *args, **options):
        ran = run_due()
        for name in registered():
            self.stdout.write(f"{name}: {'ran' if name in ran else 'not due'}")
