"""Reads on the shared rows (audit log, jobs), and the tenant filter every app's rows share."""

from django.db import models


class TenantQuerySet(models.QuerySet):
    """Rows of a model with an `organisation` field: `for_organisation(org)` is the tenant
    filter (one organisation's own rows), which views, exports and services chain from.
    `tests/test_tenant_querysets.py` checks that every such model's manager has it."""

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class AuditEntryQuerySet(TenantQuerySet):
    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def update(self, **kwargs):
        from .models import AppendOnlyError

        raise AppendOnlyError("Audit entries are append-only")

    def delete(self):
        from .models import AppendOnlyError

        raise AppendOnlyError("Audit entries are append-only")


class JobQuerySet(TenantQuerySet):
    def unfinished(self):
        return self.filter(state__in=["queued", "running"])
