"""Reads on the catalogue: what the public sees, what an organisation sees."""

from django.db import models
from django.db.models import Q

from impactinkoop.core.querysets import TenantQuerySet


class CategoryQuerySet(TenantQuerySet):
    def platform(self):
        return self.filter(organisation__isnull=True)

    def visible_to(self, organisation):
        """Platform categories and, inside an organisation, its own; never another's."""
        if organisation is None:
            return self.platform()
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))

    def top_level(self):
        return self.filter(parent__isnull=True)


class EnterpriseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def edited_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(editors=user)


class OfferQuerySet(models.QuerySet):
    def published(self):
        """Offers the public sees: approved, not withdrawn, of a published enterprise."""
        return self.filter(
            is_published=True, withdrawn_at__isnull=True, enterprise__is_published=True
        )

    def in_category(self, category):
        """Offers in a category and its sub-categories; an own category narrows its parent."""
        if category.organisation_id is not None:
            category = category.parent
        return self.filter(Q(category=category) | Q(category__parent=category))
