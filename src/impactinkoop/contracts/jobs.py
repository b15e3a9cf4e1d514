"""The contract-register import on the one import lifecycle (`core.imports.lifecycle`): its
batch model, its field table, and its checks and writes (`importing.run_contract_import`). Core
runs the check and the commit as jobs (`contracts.check`, `contracts.import`)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.imports.lifecycle import ImportKind, register
from impactinkoop.core.models import StoredFile

from .importing import FIELDS, ImportOptions, run_contract_import
from .models import Contract, ContractImport
from .ocds import import_procurements, read_ocds

COUNTS = ("rows", "imported", "new", "updated", "unchanged", "duplicates", "rejected")


def options_for(batch: ContractImport) -> ImportOptions:
    return ImportOptions(
        organisation=batch.organisation,
        mapping=batch.mapping,
        allow_rejected=batch.allow_rejected,
    )


class ContractImportKind(ImportKind):
    prefix = "contracts"
    limits = "contracts"
    model = ContractImport
    fields = FIELDS
    permission = Permission.IMPORT_CONTRACTS
    param = "contract_import"
    lock_purpose = "contract-import"
    check_title = gettext_noop("Check contract register %(name)s")
    commit_title = gettext_noop("Contract import %(name)s")

    def file_name(self, batch) -> str:
        return batch.file_name

    def file_fields(self, stored: StoredFile) -> dict:
        return {"file_name": stored.name}

    def detail_url(self, batch) -> str:
        return reverse(
            "contracts:import_review", kwargs={"org_slug": batch.organisation.slug, "pk": batch.pk}
        )

    def read(self, batch):
        """An OCDS file's procurements (checked by the reader), else the table's rows."""
        if batch.is_ocds:
            return read_ocds([bytes(batch.file.data)])
        return super().read(batch)

    def _run(self, batch, table, actor, progress, *, dry_run: bool):
        if isinstance(table, list):  # the procurements of an OCDS file
            return import_procurements(
                batch.organisation,
                table,
                actor=actor,
                dry_run=dry_run,
                allow_rejected=batch.allow_rejected,
                batch=batch,
            )
        rows = len(table.rows)
        progress.update(0, rows, _("Checking %(rows)d rows") % {"rows": rows})
        result = run_contract_import(
            table,
            options_for(batch),
            actor=actor,
            dry_run=dry_run,
            batch=batch,
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

    def remove(self, batch) -> dict:
        """Contracts the batch created go with it; those it only updated stay."""
        deleted, _detail = Contract.objects.filter(
            organisation=batch.organisation, contract_import=batch
        ).delete()
        return {"file": batch.file_name, "contracts": deleted}

    def counts(self, summary: dict) -> dict:
        return {key: summary[key] for key in COUNTS}

    def check_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d rows checked: %(new)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(rejected)d with errors."
        ) % self.counts(summary)

    def commit_sentence(self, summary: dict) -> str:
        return _(
            "%(rows)d rows imported: %(new)d new contracts, %(updated)d changed, "
            "%(unchanged)d unchanged."
        ) % self.counts(summary)


CONTRACT_IMPORTS = register(ContractImportKind())
