"""Reads on organisations and memberships, chainable and reused by views and commands."""

from django.db import models

from impactinkoop.core.querysets import TenantQuerySet


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The organisations a user belongs to; the only list a user may pick from."""
        if not user.is_authenticated:
            return self.none()
        # One filter call, so both conditions hold for the same membership.
        return self.filter(memberships__user=user, memberships__deactivated_at=None)


class MembershipQuerySet(TenantQuerySet):
    def active(self):
        """Memberships that open the organisation: not deactivated. Access, the people one may
        choose or mail, and counts read these; history keeps showing the deactivated ones."""
        return self.filter(deactivated_at=None)

    def with_role(self, role):
        return self.filter(role=role)
