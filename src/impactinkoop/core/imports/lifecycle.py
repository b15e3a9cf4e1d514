"""The one lifecycle of every import: create a batch from an upload, check every row as a job,
commit as a job, cancel, delete; each step a conditional state change (`move`) with an audit
entry. An import supplies an `ImportKind`: its batch model, its field table, its checks and its
writes. The wizard's views and the import's command both go through these functions, so a batch
made by a command looks like one made in the wizard.

Job kinds are `<prefix>.check` and `<prefix>.import`; audit codes are `<prefix>.import_uploaded`,
`_check_started`, `_queued`, `_cancelled` and `_deleted` (the kind's own write logs what it
wrote)."""

import logging
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactinkoop.core.audit import log_action
from impactinkoop.core.audit_text import register_audit_texts
from impactinkoop.core.background import JobProgress, JobStopped, job_handler, start_job
from impactinkoop.core.mapping import ImportField, guess_mapping
from impactinkoop.core.models import Job, StoredFile
from impactinkoop.core.tabular import PREVIEW_ROWS, Limits, Table

from . import CANCELLABLE, DELETABLE, EDITABLE, ImportState, move
from .reader import read_preview, read_rows

S = ImportState
logger = logging.getLogger(__name__)


class ImportBusy(Exception):
    """The batch is not in a state that allows this (another click or process got there
    first); the message says what it is doing."""


class ImportKind:
    """What one import supplies. Subclass, set the attributes, implement `check` and `commit`
    (and `read` for a frame), and pass an instance to `register`."""

    prefix: str  # job kinds and audit codes: "register", "spend"
    limits: str  # `Limits.for_import(limits)`
    model: type  # a subclass of `ImportBatch`
    fields: list[ImportField]
    permission: str  # who may see its jobs
    param: str  # the batch's id in its jobs' params
    lock_purpose: str = ""  # `lock_organisation` purpose held while deleting
    check_title: str = ""  # with %(name)s, the file's name
    commit_title: str = ""
    follow_up_jobs: tuple[str, ...] = ()  # stopped with the batch when it is cancelled

    # -- what every import supplies ---------------------------------------------------------

    def check(self, batch, data, *, actor, progress: JobProgress) -> dict:
        """Check every row without writing; the summary the check page shows."""
        raise NotImplementedError

    def commit(self, batch, data, *, actor, progress: JobProgress) -> dict:
        """Check again and write, in one transaction that also marks the batch committed
        (`mark_committed`); the summary of what was written."""
        raise NotImplementedError

    def counts(self, summary: dict) -> dict:
        """The few numbers a job's result keeps."""
        return {}

    def check_sentence(self, summary: dict) -> str:
        return ""

    def commit_sentence(self, summary: dict) -> str:
        return ""

    # -- what an import may change ----------------------------------------------------------

    def read(self, batch):
        """The batch's every row (in the worker): rows of text by default."""
        return read_rows(
            bytes(batch.file.data), self.file_name(batch), batch.sheet or None, self.get_limits()
        )

    def get_limits(self) -> Limits:
        return Limits.for_import(self.limits)

    def organisation(self, batch):
        """The organisation whose pages show the batch and its jobs."""
        return batch.organisation

    def audit_organisation(self, batch):
        return batch.organisation

    def file_name(self, batch) -> str:
        return batch.file.name if batch.file_id else ""

    def file_fields(self, stored: StoredFile) -> dict:
        """Fields of the batch taken from its stored file (name, checksum) besides `file`."""
        return {}

    def detail_url(self, batch) -> str:
        return ""

    def refuse_commit(self, batch) -> None:
        """Raise `ImportBusy` when the batch may not be committed now (the same file on its
        way in another batch)."""

    def after_commit(self, batch, *, actor) -> None:
        """Follow-up work after a commit (queue a job), outside the commit's transaction."""

    def remove(self, batch) -> dict:
        """Delete what a committed batch wrote (inside the delete's transaction); the audit
        entry's "before"."""
        return {"file": self.file_name(batch)}


_KINDS: dict[str, ImportKind] = {}


_AUDIT_SENTENCES = {
    "import_uploaded": gettext_lazy("%(actor)s uploaded %(object)s to import it"),
    "import_check_started": gettext_lazy("%(actor)s started checking %(object)s"),
    "import_queued": gettext_lazy("%(actor)s started importing %(object)s"),
    "import_cancelled": gettext_lazy("%(actor)s cancelled the import %(object)s"),
    "import_deleted": gettext_lazy("%(actor)s deleted the import %(object)s"),
}


def register(kind: ImportKind) -> ImportKind:
    """Make the kind's check and commit jobs known to the job runner, and the sentences of
    its lifecycle's audit entries to the audit log."""
    _KINDS[kind.prefix] = kind
    register_audit_texts(
        {f"{kind.prefix}.{event}": text for event, text in _AUDIT_SENTENCES.items()}
    )
    job_handler(
        f"{kind.prefix}.check",
        permission=kind.permission,
        on_failure=_check_failed(kind),
        before_retry=_retry(kind, S.CHECKING, summary=None),
    )(_check_job(kind))
    job_handler(
        f"{kind.prefix}.import",
        permission=kind.permission,
        on_failure=_commit_failed(kind),
        before_retry=_retry(kind, S.QUEUED),
    )(_commit_job(kind))
    return kind


def _batches(kind: ImportKind, job: Job):
    return kind.model.objects.filter(job=job)


def _batch_of(kind: ImportKind, job: Job):
    return kind.model.objects.get(pk=job.params[kind.param])


def _check_job(kind: ImportKind) -> Callable:
    def check(job: Job, progress: JobProgress) -> dict:
        batch = _batch_of(kind, job)
        if batch.state != S.CHECKING or batch.job_id != job.pk:
            raise JobStopped(
                _("The import was changed, cancelled or deleted before it was checked.")
            )
        summary = kind.check(
            batch, _read(kind, batch), actor=job.created_by or "system", progress=progress
        )
        if not move(_batches(kind, job), batch.pk, [S.CHECKING], S.CHECKED, summary=summary):
            raise JobStopped(
                _("The import was changed, cancelled or deleted while it was checked.")
            )
        progress.finish(kind.check_sentence(summary))
        return kind.counts(summary)

    return check


def _commit_job(kind: ImportKind) -> Callable:
    def commit(job: Job, progress: JobProgress) -> dict:
        if not move(_batches(kind, job), job.params[kind.param], [S.QUEUED], S.IMPORTING):
            raise JobStopped(_("The import was cancelled or deleted before it started."))
        batch = _batch_of(kind, job)
        actor = job.created_by or "system"
        summary = kind.commit(batch, _read(kind, batch), actor=actor, progress=progress)
        kind.after_commit(batch, actor=job.created_by)
        progress.finish(kind.commit_sentence(summary))
        return kind.counts(summary)

    return commit


def _read(kind: ImportKind, batch):
    if batch.file_id is None:
        raise JobStopped(_("The file of this import was deleted."))
    return kind.read(batch)


def _check_failed(kind: ImportKind) -> Callable:
    def failed(job: Job) -> None:
        move(_batches(kind, job), job.params[kind.param], [S.CHECKING], S.FAILED)

    return failed


def _commit_failed(kind: ImportKind) -> Callable:
    """A failed commit wrote nothing (one transaction), so the batch can be tried again, unless
    it was committed before the worker stopped: then the import is done, and only the
    follow-up may be missing."""

    def failed(job: Job) -> dict | None:
        batch = kind.model.objects.filter(pk=job.params[kind.param]).first()
        if batch is None:
            return None
        if batch.state == S.COMMITTED and batch.job_id == job.pk:
            try:
                kind.after_commit(batch, actor=job.created_by)
            except DatabaseError:
                # The import stands; its follow-up can be started again from its pages.
                logger.exception("Could not start the follow-up of %s %s", kind.prefix, batch.pk)
            return kind.counts(batch.summary)
        move(_batches(kind, job), batch.pk, [S.QUEUED, S.IMPORTING], S.FAILED)
        return None

    return failed


def _retry(kind: ImportKind, target: str, **changes) -> Callable:
    def before_retry(job: Job, again: Job) -> bool:
        return move(
            _batches(kind, job), job.params[kind.param], [S.FAILED], target, job=again, **changes
        )

    return before_retry


# -- the steps -------------------------------------------------------------------------------


def busy(kind: ImportKind, batch) -> ImportBusy:
    state = kind.model.objects.filter(pk=batch.pk).values_list("state", flat=True).first()
    messages = {
        S.CHECKING: _("This file is being checked; wait until the check is done."),
        S.QUEUED: _("This file is already being imported."),
        S.IMPORTING: _("This file is already being imported."),
        S.COMMITTED: _("This file is already imported."),
        S.CANCELLED: _("This import was cancelled; upload the file again."),
        S.DELETED: _("This import was deleted."),
    }
    return ImportBusy(messages.get(state, _("This import cannot do that in its present state.")))


def create(
    kind: ImportKind,
    *,
    actor,
    data: bytes,
    name: str,
    content_type: str = "",
    preview: Table | None,
    file_organisation=None,
    store_file: bool = True,
    **fields,
):
    """A new batch of an uploaded file: the file stored (every process can read it), the
    preview kept, the mapping guessed from the headers. A command that reads the file from
    disk itself may leave it unstored (`store_file=False`); its checksum is kept."""
    with transaction.atomic():
        stored = None
        if store_file:
            stored = StoredFile.from_bytes(
                data,
                name=name,
                content_type=content_type,
                organisation=file_organisation,
                uploaded_by=actor,
            )
        batch = kind.model(
            file=stored,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **({"sheet": preview.sheet, "preview": preview.as_json()} if preview else {}),
            **(kind.file_fields(stored) if stored else {}),
            **fields,
        )
        if "mapping" not in fields and preview is not None:
            batch.mapping = guess_mapping(preview.columns, kind.fields)
        batch.save()
        size = {"size": len(data)} if store_file else {}
        _log(kind, "import_uploaded", batch, actor, after={"file": name, **size})
    return batch


def create_from_upload(kind: ImportKind, upload, *, actor, sheet: str = "", **fields):
    """A new batch from a wizard's upload: only the header and first rows are read here, in
    the request, whatever the size of the file. Raises `TableError` for a file that cannot be
    read."""
    data = upload.read()
    preview = read_preview(data, upload.name, sheet or None, kind.get_limits())
    return create(
        kind,
        actor=actor,
        data=data,
        name=upload.name,
        content_type=getattr(upload, "content_type", "") or "",
        preview=preview,
        **fields,
    )


def start_check(kind: ImportKind, batch, *, actor, **changes) -> Job:
    """Store the mapping and options (`changes`) and check every row in the worker."""
    with transaction.atomic():
        job = start_job(
            organisation=kind.organisation(batch),
            kind=f"{kind.prefix}.check",
            actor=actor,
            title=_(kind.check_title) % {"name": kind.file_name(batch)},
            params={kind.param: batch.pk},
            next_url=kind.detail_url(batch),
        )
        moved = move(
            kind.model.objects.all(),
            batch.pk,
            EDITABLE,
            S.CHECKING,
            summary=None,
            job=job,
            **changes,
        )
        if not moved:
            raise busy(kind, batch)
        _log(kind, "import_check_started", batch, actor, after={"mapping": changes.get("mapping")})
    return job


def start_commit(kind: ImportKind, batch, *, actor, **changes) -> Job:
    """Queue the commit of a checked batch once: a second click or process is told the file
    is already being imported."""
    with transaction.atomic():
        kind.refuse_commit(batch)
        job = start_job(
            organisation=kind.organisation(batch),
            kind=f"{kind.prefix}.import",
            actor=actor,
            title=_(kind.commit_title) % {"name": kind.file_name(batch)},
            params={kind.param: batch.pk},
            next_url=kind.detail_url(batch),
        )
        if not move(kind.model.objects.all(), batch.pk, [S.CHECKED], S.QUEUED, job=job, **changes):
            raise busy(kind, batch)
        _log(kind, "import_queued", batch, actor, after=changes or None)
    return job


def cancel(kind: ImportKind, batch, *, actor) -> None:
    with transaction.atomic():
        if not move(kind.model.objects.all(), batch.pk, CANCELLABLE, S.CANCELLED):
            raise busy(kind, batch)
        _stop_jobs(kind, batch)
        _log(kind, "import_cancelled", batch, actor)


def delete(kind: ImportKind, batch, *, actor) -> dict:
    """Delete what the batch wrote and its file; the row stays, marked deleted, so its jobs and
    the audit log still point at something. Returns what was deleted."""
    from impactinkoop.core.locks import lock_organisation

    with transaction.atomic():
        if kind.lock_purpose:
            lock_organisation(kind.organisation(batch).pk, kind.lock_purpose)
        if not move(kind.model.objects.all(), batch.pk, DELETABLE, S.DELETED):
            raise busy(kind, batch)
        removed = kind.remove(batch)
        _log(kind, "import_deleted", batch, actor, before=removed)
        stored = batch.file
        kind.model.objects.filter(pk=batch.pk).update(file=None, preview=None)
        if stored is not None:
            stored.delete()
        _stop_jobs(kind, batch)
    return removed


def mark_committed(batch, summary: dict, **changes) -> None:
    """Inside the commit's transaction: the batch is committed with its writes, never apart."""
    type(batch).objects.filter(pk=batch.pk).update(
        state=S.COMMITTED, summary=summary, committed_at=timezone.now(), **changes
    )


def _stop_jobs(kind: ImportKind, batch) -> None:
    """The batch's waiting jobs end with it, so no page lists them as running."""
    Job.objects.filter(
        kind__in=[f"{kind.prefix}.check", f"{kind.prefix}.import", *kind.follow_up_jobs],
        state=Job.State.QUEUED,
        **{f"params__{kind.param}": batch.pk},
    ).update(state=Job.State.CANCELLED, finished_at=timezone.now())


def _log(kind: ImportKind, event: str, batch, actor, **values) -> None:
    log_action(
        f"{kind.prefix}.{event}",
        actor=actor,
        organisation=kind.audit_organisation(batch),
        obj=batch,
        object_repr=kind.file_name(batch) or str(batch.pk),
        **values,
    )


# -- the commands ------------------------------------------------------------------------------


class CommandProgress:
    """Progress of a command: nobody polls it."""

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        pass

    def finish(self, sentence: str) -> None:
        pass


def preview_of(table) -> Table:
    """The first rows of a table a command has read whole, kept as a wizard's batch keeps them."""
    return Table(
        columns=table.columns,
        rows=table.rows[:PREVIEW_ROWS],
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        notes=table.notes,
        complete=False,
    )


def check_here(kind: ImportKind, batch, data, *, actor, progress=None) -> dict:
    """A command's check of its own batch, in this process, through the same states as the
    check job: checking, then checked with the summary."""
    if not move(kind.model.objects.all(), batch.pk, EDITABLE, S.CHECKING, summary=None):
        raise busy(kind, batch)
    _log(kind, "import_check_started", batch, actor, after={"mapping": batch.mapping})
    try:
        summary = kind.check(batch, data, actor=actor, progress=progress or CommandProgress())
    except BaseException:
        move(kind.model.objects.all(), batch.pk, [S.CHECKING], S.FAILED)
        raise
    move(kind.model.objects.all(), batch.pk, [S.CHECKING], S.CHECKED, summary=summary)
    return summary


def commit_here(kind: ImportKind, batch, data, *, actor, progress=None) -> dict:
    """A command's commit of its own batch, in this process, through the same states as the
    commit job: importing, then committed by the kind's write in its transaction (or failed).
    A command that checks nothing first commits a batch it created queued."""
    if not move(kind.model.objects.all(), batch.pk, [S.CHECKED, S.QUEUED], S.IMPORTING):
        raise busy(kind, batch)
    _log(kind, "import_queued", batch, actor)
    try:
        summary = kind.commit(batch, data, actor=actor, progress=progress or CommandProgress())
    except BaseException:
        move(kind.model.objects.all(), batch.pk, [S.IMPORTING], S.FAILED)
        raise
    return summary
