"""The browser import wizard every tabular import shares: upload -> map columns -> check (a job)
-> review -> commit (a job), on the shared lifecycle and the app's own ImportKind, so the wizard
and the app's command refuse the same files and rows.

An app describes its import once (`ImportWizard(...)`, with hooks for what differs, such as the
contracts' OCDS files that need no mapping) and routes the five views `views()` returns. Core
knows no app: the app passes its own guard (`organisation_view(permission)`), which sets
`request.organisation`, and its URL namespace and template folder."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.core.background import reap_expired_jobs
from impactinkoop.core.mapping import MappingError
from impactinkoop.core.tabular import Table, TableError

from . import EDITABLE, ImportState, lifecycle
from .lifecycle import ImportBusy


@dataclass
class ImportWizard:
    kind: Any  # the app's ImportKind
    model: Any  # the app's ImportBatch model, with an `organisation`
    guard: Callable  # organisation_view(permission) of the app
    namespace: str  # URL namespace: "<namespace>:import_start" and so on
    templates: str  # template folder: "<templates>/import_start.html" and so on
    upload_form: type
    mapping_form: type
    # Raise MappingError for a mapping the import cannot use (request, mapping, table).
    check_mapping: Callable = lambda request, mapping, table: None
    # Extra arguments for the check job from the valid mapping form (say, "valid rows only").
    check_options: Callable = lambda form: {}
    # Initial values for the mapping form beyond the columns (batch, initial) -> initial.
    mapping_initial: Callable = lambda batch, initial: initial
    # An upload that skips the mapping (request, upload) -> response, or None to map as usual.
    upload_shortcut: Callable = lambda request, upload: None
    # Whether the batch has columns to map (an OCDS file has none).
    maps_columns: Callable = lambda batch: True
    # Where a check with rejected rows sends the user back to, and what it says.
    blocked_step: str = "import_review"
    blocked_message: Any = gettext_lazy("Rows were rejected: fix the file and upload it again.")

    def _url(self, step: str, request, **kwargs):
        return redirect(f"{self.namespace}:{step}", org_slug=request.organisation.slug, **kwargs)

    def _imports(self, request):
        return self.model.objects.select_related("job").filter(organisation=request.organisation)

    def _stay(self, request, pk: int, error: ImportBusy):
        messages.error(request, str(error))
        return self._url("import_review", request, pk=pk)

    def start(self, request):
        form = self.upload_form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            shortcut = self.upload_shortcut(request, form.cleaned_data["file"])
            if shortcut is not None:
                return shortcut
            try:
                batch = lifecycle.create_from_upload(
                    self.kind,
                    form.cleaned_data["file"],
                    actor=request.user,
                    sheet=form.cleaned_data["sheet"],
                    file_organisation=request.organisation,
                    organisation=request.organisation,
                )
            except TableError as error:
                form.add_error("file", str(error))
            else:
                return self._url("import_mapping", request, pk=batch.pk)
        status = 400 if request.method == "POST" else 200
        recent = self._imports(request).defer("preview", "summary")[:10]
        return render(
            request,
            f"{self.templates}/import_start.html",
            {"form": form, "recent": recent},
            status=status,
        )

    def mapping(self, request, pk: int):
        batch = get_object_or_404(self._imports(request), pk=pk)
        if batch.state not in EDITABLE or not batch.preview:
            return self._url("import_review", request, pk=pk)
        table = Table.from_json(batch.preview)
        initial = self.mapping_initial(
            batch, self.mapping_form.initial_for(batch.mapping, table.columns)
        )
        form = self.mapping_form(request.POST or None, columns=table.columns, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                self.check_mapping(request, form.mapping(), table)
            except MappingError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                try:
                    job = lifecycle.start_check(
                        self.kind,
                        batch,
                        actor=request.user,
                        mapping=form.mapping(),
                        **self.check_options(form),
                    )
                except ImportBusy as error:
                    return self._stay(request, pk, error)
                return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)
        status = 400 if request.method == "POST" else 200
        return render(
            request,
            f"{self.templates}/import_mapping.html",
            {
                "batch": batch,
                "form": form,
                "table": table,
                "cancel_url": f"{self.namespace}:import_cancel",
            },
            status=status,
        )

    def review(self, request, pk: int):
        reap_expired_jobs(request.organisation)
        batch = get_object_or_404(self._imports(request), pk=pk)
        unchecked = batch.state in (ImportState.UPLOADED, ImportState.CHECKED)
        if unchecked and batch.summary is None and self.maps_columns(batch):
            return self._url("import_mapping", request, pk=pk)
        return render(
            request,
            f"{self.templates}/import_review.html",
            {"batch": batch, "summary": batch.summary},
        )

    def commit(self, request, pk: int):
        batch = get_object_or_404(self._imports(request), pk=pk)
        if batch.state == ImportState.CHECKED and (batch.summary or {}).get("blocked"):
            messages.error(request, self.blocked_message)
            return self._url(self.blocked_step, request, pk=pk)
        try:
            job = lifecycle.start_commit(self.kind, batch, actor=request.user)
        except ImportBusy as error:
            return self._stay(request, pk, error)
        return redirect("portal:job", org_slug=request.organisation.slug, pk=job.pk)

    def cancel(self, request, pk: int):
        batch = get_object_or_404(self._imports(request), pk=pk)
        try:
            lifecycle.cancel(self.kind, batch, actor=request.user)
        except ImportBusy as error:
            return self._stay(request, pk, error)
        messages.success(request, _("The import was cancelled; nothing was changed."))
        return self._url("import_start", request)

    def views(self) -> dict[str, Callable]:
        """The five views by URL name, each behind the app's guard and its HTTP methods."""
        methods = {
            "import_start": (self.start, require_http_methods(["GET", "POST"])),
            "import_mapping": (self.mapping, require_http_methods(["GET", "POST"])),
            "import_review": (self.review, require_GET),
            "import_commit": (self.commit, require_POST),
            "import_cancel": (self.cancel, require_POST),
        }
        return {name: self.guard(allow(view)) for name, (view, allow) in methods.items()}
