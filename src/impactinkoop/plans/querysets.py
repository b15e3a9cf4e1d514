"""Reads on the plan: each organisation's own rows (`for_organisation`, from core), and themes,
national ones and an organisation's own, never another's."""

from django.db.models import Q

from impactinkoop.core.querysets import TenantQuerySet


class ThemeQuerySet(TenantQuerySet):
    def visible_to(self, organisation):
        """National themes and the organisation's own, national first (the model's order)."""
        return self.filter(Q(organisation=None) | Q(organisation=organisation))

    def in_use(self, organisation) -> list:
        """The organisation's chosen themes, or every visible theme while it has chosen none."""
        visible = self.visible_to(organisation)
        return list(visible.filter(choices__organisation=organisation)) or list(visible)


class ActionQuerySet(TenantQuerySet):
    def open(self):
        """Actions still to be done: planned or under way."""
        status = self.model.Status
        return self.filter(status__in=[status.PLANNED, status.IN_PROGRESS])
