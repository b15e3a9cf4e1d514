"""What every import shares: one list of states, used by the ledger and the register imports and
by the jobs that run them, and the conditional change from one state to the next.

A state changes only with an UPDATE that names the states it may come from, so two clicks, two
web processes or a command and a worker can never both start the same step: the second finds
the row already moved and is told so."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    QUEUED = "queued", _("Waiting to import")
    IMPORTING = "importing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    DELETED = "deleted", _("Deleted")


S = ImportState
IN_PROGRESS = (S.CHECKING, S.QUEUED, S.IMPORTING)
# The mapping may be changed and checked again.
EDITABLE = (S.UPLOADED, S.CHECKED, S.FAILED)
CANCELLABLE = (S.UPLOADED, S.CHECKED, S.FAILED, S.QUEUED)
# Not while a job works on it: the job holds the import until it finishes or its lease ends.
DELETABLE = (S.UPLOADED, S.CHECKED, S.FAILED, S.CANCELLED, S.QUEUED, S.COMMITTED)


def move(queryset, pk: int, sources, target: str, **changes) -> bool:
    """Move one row from any of `sources` to `target` (with `changes`) in one conditional
    UPDATE; False when the row was not in one of those states (someone else moved it first)."""
    return queryset.filter(pk=pk, state__in=list(sources)).update(state=target, **changes) == 1
