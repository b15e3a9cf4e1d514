"""The register import on the one import lifecycle (`core.imports.lifecycle`): its batch model,
its field table, and its checks and writes (`importing.run_register_import`). Core runs the
check and the commit as jobs (`register.check`, `register.import`)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.imports.lifecycle import ImportKind, register
from impactinkoop.core.models import StoredFile

from .importing import FIELDS, ImportOptions, run_register_import
from .models import RegisterImport

COUNTS = ("rows", "new", "updated", "unchanged", "duplicates", "rejected", "ended")


def options_for(register_import: RegisterImport) -> ImportOptions:
    return ImportOptions(
        source=register_import.source,
        mapping=register_import.mapping,
        level=register_import.level,
        region=register_import.region,
        valid_from=register_import.valid_from,
        valid_until=register_import.valid_until,
        organisation=register_import.organisation,
        allow_rejected=register_import.allow_rejected,
    )


class RegisterImportKind(ImportKind):
    prefix = "register"
    limits = "register"
    model = RegisterImport
    fields = FIELDS
    permission = Permission.IMPORT_REGISTER
    param = "register_import"
    check_title = gettext_noop("Check register file %(name)s")
    commit_title = gettext_noop("Register import %(name)s")

    def organisation(self, batch):
        return batch.started_in

    def detail_url(self, batch) -> str:
        return reverse(
            "registry:import_review", kwargs={"org_slug": batch.started_in.slug, "pk": batch.pk}
        )

    def file_fields(self, stored: StoredFile) -> dict:
        return {}

    def _run(self, batch, table, actor, progress, *, dry_run: bool):
        rows = len(table.rows)
        progress.update(0, rows, _("Checking %(rows)d rows") % {"rows": rows})
        result = run_register_import(
            table, options_for(batch), actor=actor, dry_run=dry_run, register_import=batch
        )
        progress.update(rows, rows)
        return result

    def check(self, batch, data, *, actor, progress) -> dict:
        return self._run(batch, data, actor, progress, dry_run=True).as_dict()

    def commit(self, batch, data, *, actor, progress) -> dict:
        result = self._run(batch, data, actor, progress, dry_run=False)
        if result.blocked:
            raise ValueError(
                _("%(count)d rows were rejected: nothing was imported.")
                % {"count": result.rejected}
            )
        return result.as_dict()

    def counts(self, summary: dict) -> dict:
        return {key: summary[key] for key in COUNTS}

    def check_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d rows checked: %(new)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(rejected)d with errors."
        ) % self.counts(summary)

    def commit_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d rows imported: %(new)d new companies, %(updated)d changed, "
            "%(unchanged)d unchanged, %(ended)d qualifications ended."
        ) % self.counts(summary)


REGISTER_IMPORTS = register(RegisterImportKind())
