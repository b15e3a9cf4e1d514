"""Reads on organisations and memberships, chainable and reused by views and commands."""

from django.db import models

from impactinkoop.core.querysets import TenantQuerySet


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The organisations a user belongs to; the only list a user may pick from."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class MembershipQuerySet(TenantQuerySet):
    def with_role(self, role):
        return self.filter(role=role)
