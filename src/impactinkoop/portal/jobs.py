"""Job handlers of the portal: the audit-log export."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.background import JobProgress, job_handler
from impactinkoop.core.exports import csv_bytes
from impactinkoop.core.filters import AuditEntryFilter
from impactinkoop.core.models import AuditEntry, Job

AUDIT_EXPORT = "audit.export"


@job_handler(AUDIT_EXPORT, permission=Permission.EXPORT_AUDIT)
def export_audit_log(job: Job, progress: JobProgress) -> dict:
    """Write the organisation's audit entries matching the page's filters to a CSV file."""
    query = QueryDict(mutable=True)
    query.update(job.params.get("filters", {}))
    entries = AuditEntryFilter(
        query, queryset=AuditEntry.objects.for_organisation(job.organisation)
    ).qs.order_by("created_at", "id")
    total = entries.count()
    progress.update(0, total, _("Exporting audit entries"))
    rows = []
    tz = timezone.get_current_timezone()
    for number, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        rows.append(
            [
                entry.created_at.astimezone(tz).isoformat(timespec="seconds"),
                entry.actor_label,
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                _as_json(entry.before),
                _as_json(entry.after),
            ]
        )
        if number % 1000 == 0:
            progress.update(number)
    header = [
        _("time"),
        _("by"),
        _("action"),
        _("object type"),
        _("object id"),
        _("object"),
        _("before"),
        _("after"),
    ]
    job.output = csv_bytes(header, rows)
    job.output_name = f"audit-{job.organisation.slug}-{timezone.localdate():%Y%m%d}.csv"
    job.output_content_type = "text/csv; charset=utf-8"
    progress.finish(_("%(count)d audit entries exported") % {"count": total})
    return {"rows": total}


def _as_json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
