"""Reads of supplier conversations and commitments that chain from the tenant filter."""

from datetime import date

from impactinkoop.core.querysets import TenantQuerySet


class CommitmentQuerySet(TenantQuerySet):
    def open(self):
        """Commitments still to follow up: promised or under way."""
        return self.filter(status__in=["promised", "in_progress"])

    def overdue(self, today: date):
        """Open commitments whose follow-up date has passed: the reminders."""
        return self.open().filter(follow_up__lt=today)
