"""Reads of contracts, tenders and rule versions that chain from the tenant filter."""

from datetime import date, timedelta

from django.db.models import Q

from impactinkoop.core.querysets import TenantQuerySet


class RuleVersionQuerySet(TenantQuerySet):
    def in_force(self, organisation):
        """The newest version, the one a new tender takes (None before the first)."""
        return self.for_organisation(organisation).order_by("-number").first()


class ContractQuerySet(TenantQuerySet):
    def running_on(self, day: date):
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day) | Q(extension_until__gte=day),
        )

    def ending_within(self, today: date, days: int):
        """Contracts whose last possible day falls within the horizon: the end (with no
        extension left to decide) or the day an extension must be decided."""
        until = today + timedelta(days=days)
        ends = Q(end_date__gte=today, end_date__lte=until)
        decision_due = Q(
            extension_decided=False,
            extension_decide_by__gte=today,
            extension_decide_by__lte=until,
        )
        return self.filter(ends | decision_due)

    def without_follow_up(self):
        """Contracts no open or awarded tender follows up yet."""
        return self.exclude(follow_ups__status__in=["idea", "preparing", "published", "awarded"])


class TenderQuerySet(TenantQuerySet):
    def open(self):
        return self.filter(status__in=["idea", "preparing", "published"])

    def not_cancelled(self):
        return self.exclude(status="cancelled")
