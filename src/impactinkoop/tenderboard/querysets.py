"""Reads of tenderboard submissions that chain from the tenant filter."""

from impactinkoop.core.querysets import TenantQuerySet


class SubmissionQuerySet(TenantQuerySet):
    def waiting(self):
        """Submissions the tenderboard has not advised on yet."""
        return self.filter(verdict="")

    def advised(self):
        return self.exclude(verdict="")

    def by_deadline(self):
        """Soonest planned publication first; a tender without a date last."""
        from django.db.models import F

        return self.order_by(
            F("tender__planned_publication").asc(nulls_last=True), "submitted_at", "pk"
        )
