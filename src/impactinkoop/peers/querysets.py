"""Reads of the peers app that chain from their scope: the tenant filter for an organisation's
rows, the members of a group for the intervision groups (which span organisations)."""

from django.db import models

from impactinkoop.core.querysets import TenantQuerySet


class SharingQuerySet(TenantQuerySet):
    def sharing(self):
        return self.filter(shares_figures=True)


class GroupQuerySet(models.QuerySet):
    def for_member(self, user):
        """The groups the user is a member of, whatever organisation the user is in."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(members__user=user)


class GroupRowQuerySet(models.QuerySet):
    """Rows inside a group (meetings, dilemmas): only those of the user's own groups."""

    def for_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__members__user=user)
