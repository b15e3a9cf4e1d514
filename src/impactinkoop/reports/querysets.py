"""Reads of the results app that chain from the tenant filter."""

from impactinkoop.core.querysets import TenantQuerySet


class StoryQuerySet(TenantQuerySet):
    def approved(self):
        """Stories the coordinator approved: the only ones the report, the public page and the
        enterprise's catalogue page show."""
        return self.filter(state="approved")


class EditionQuerySet(TenantQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)
