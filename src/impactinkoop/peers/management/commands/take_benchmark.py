"""`impactinkoop take_benchmark --year Y`: take the benchmark of year Y now, from the
organisations that share their figures at this moment. The worker takes it by itself on 1 April
of the next year; this command is for when no worker ran, or for a first snapshot. A year that is
not over, or that already has its snapshot, is refused: a benchmark is never taken again."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from impactinkoop.peers.benchmark import SnapshotRefused, take_snapshot


class Command(BaseCommand):
    help = "Take the yearly benchmark snapshot of a finished year (once)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, **options):
        try:
            snapshot = take_snapshot(options["year"], taken_on=timezone.localdate(), actor="cli")
        except SnapshotRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"benchmark {snapshot.year} taken on {snapshot.taken_on.isoformat()}: "
            f"{snapshot.entries.count()} organisations, {snapshot.groups.count()} groups shown"
        )
