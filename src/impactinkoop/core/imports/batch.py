"""The abstract import batch: one upload of one file, from upload through mapping, check and
commit. Every import's model inherits it and adds only what is its own (the register's source
and level, the ledger's currency and totals)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import IN_PROGRESS, ImportState


class ImportBatch(models.Model):
    State = ImportState  # one list of states for every import

    sheet = models.CharField(max_length=100, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.UPLOADED
    )
    # The header and first rows, read once at upload: the mapping page never reads the file.
    preview = models.JSONField(null=True, blank=True, editable=False)
    # What the check found (or the commit did): counts, problems, notes. Its shape is the
    # import's own; problems in it have the shape of `core.imports.problems`.
    summary = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    # The job that works on the batch now (or last did).
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def in_progress(self) -> bool:
        return self.state in IN_PROGRESS

    def preview_table(self):
        from impactinkoop.core.tabular import Table

        return Table.from_json(self.preview) if self.preview else None
