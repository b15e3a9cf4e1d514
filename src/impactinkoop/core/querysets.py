"""Reads on the shared rows (audit log, jobs)."""

from django.db import models


class AuditEntryQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def update(self, **kwargs):
        from .models import AppendOnlyError

        raise AppendOnlyError("Audit entries are append-only")

    def delete(self):
        from .models import AppendOnlyError

        raise AppendOnlyError("Audit entries are append-only")


class JobQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def unfinished(self):
        return self.filter(state__in=["queued", "running"])
