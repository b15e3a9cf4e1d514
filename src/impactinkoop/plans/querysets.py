"""Reads on the plan's themes: national ones and an organisation's own, never another's."""

from django.db import models
from django.db.models import Q


class ThemeQuerySet(models.QuerySet):
    def visible_to(self, organisation):
        """National themes and the organisation's own, national first (the model's order)."""
        return self.filter(Q(organisation=None) | Q(organisation=organisation))

    def in_use(self, organisation) -> list:
        """The organisation's chosen themes, or every visible theme while it has chosen none."""
        visible = self.visible_to(organisation)
        return list(visible.filter(choices__organisation=organisation)) or list(visible)
