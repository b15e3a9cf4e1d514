"""Repairing suppliers that earlier versions merged on the ledger's supplier number alone (every
"ONETIME" payee as one supplier; a payee of another finance system inside a supplier with the
same number). Each import's file is read again, the names under each number are judged as an
import judges them now (`supplier_keys`), and lines move to the supplier their name belongs to.

The lines stay the lines they were (same import, line, amount and lines key), so importing an
earlier file again still adds nothing. Frozen baselines keep their stored figures; the kept
figures follow from the new data version."""

from dataclasses import dataclass, field

import polars as pl
from django.db import transaction

from impactinkoop.core.audit import log_action
from impactinkoop.core.imports.reader import LINE, read_frame
from impactinkoop.core.locks import lock_organisation
from impactinkoop.core.tabular import Limits

from ..models import LedgerImport, LedgerLine, Supplier
from .importing import LedgerOptions, LedgerResult, save_suppliers, valid_rows
from .summary import rebuild_summary
from .supplier_keys import plan_suppliers

CHUNK = 2000


@dataclass
class SplitReport:
    moves: list[dict] = field(default_factory=list)  # {from, to, number, lines, file}
    skipped: list[str] = field(default_factory=list)  # imports without their file
    imports: int = 0

    @property
    def lines(self) -> int:
        return sum(move["lines"] for move in self.moves)


def split_merged_suppliers(
    *, organisation, actor, dry_run: bool = False, files: dict[int, bytes] | None = None
) -> SplitReport:
    """Split every supplier whose lines came in under clearly different names. `files` gives
    the bytes of imports whose file is not stored (imports from the command line)."""
    files = files or {}
    report = SplitReport()
    with transaction.atomic():
        lock_organisation(organisation.pk, "ledger-import")
        imports = LedgerImport.objects.filter(
            organisation=organisation, state=LedgerImport.State.COMMITTED, rows_imported__gt=0
        ).order_by("committed_at", "pk")
        for ledger_import in imports.select_related("file"):
            data = files.get(ledger_import.pk)
            if data is None and ledger_import.file is not None:
                data = bytes(ledger_import.file.data)
            if data is None:
                report.skipped.append(ledger_import.file_name)
                continue
            report.imports += 1
            moved = _split_import(organisation, ledger_import, data, report, dry_run)
            if moved and not dry_run:
                rebuild_summary(ledger_import)
        if dry_run:
            transaction.set_rollback(True)
            return report
        for move in report.moves:
            log_action(
                "spend.supplier_split",
                actor=actor,
                organisation=organisation,
                obj=Supplier.objects.get(pk=move["to_id"]),
                before={"supplier": move["from"], "number": move["number"]},
                after={"supplier": move["to"], "lines": move["lines"], "file": move["file"]},
            )
    return report


def _split_import(organisation, ledger_import, data: bytes, report: SplitReport, dry_run) -> bool:
    ledger = read_frame(
        data, ledger_import.file_name, ledger_import.sheet or None, Limits.for_import("ledger")
    )
    mapping = {k: v for k, v in ledger_import.mapping.items() if v}
    if "supplier_number" not in mapping:
        return False
    options = LedgerOptions(mapping=mapping, **ledger_import.options)
    frame = valid_rows(ledger, mapping, options, LedgerResult())
    frame = frame.filter(pl.col("raw_supplier_number").is_not_null())
    if frame.height == 0:
        return False
    frame = plan_suppliers(frame, organisation).apply(frame)
    stored = pl.DataFrame(
        list(
            LedgerLine.objects.filter(
                organisation=organisation,
                date__gte=ledger_import.period_start,
                date__lte=ledger_import.period_end,
                ledger_import=ledger_import,
            ).values_list("line_number", "supplier_id")
        ),
        schema={LINE: pl.Int64, "supplier_id": pl.Int64},
        orient="row",
    )
    suppliers = dict(Supplier.objects.filter(organisation=organisation).values_list("pk", "key"))
    frame = frame.with_columns(pl.col(LINE).cast(pl.Int64)).join(stored, on=LINE, how="inner")
    frame = frame.with_columns(
        pl.col("supplier_id")
        .replace_strict(suppliers, default=None, return_dtype=pl.String)
        .alias("current_key")
    ).filter(pl.col("current_key") != pl.col("supplier_key"))
    if frame.height == 0:
        return False
    ids = save_suppliers(organisation, frame, LedgerResult())
    names = dict(Supplier.objects.filter(organisation=organisation).values_list("pk", "name"))
    groups = frame.group_by("supplier_id", "supplier_key", maintain_order=True).agg(
        pl.col(LINE), pl.col("raw_supplier_number").first()
    )
    for old_id, key, lines, number in groups.iter_rows():
        new_id = ids[key]
        report.moves.append(
            {
                "from": names.get(old_id, ""),
                "from_id": old_id,
                "to": names.get(new_id, ""),
                "to_id": new_id,
                "number": number,
                "lines": len(lines),
                "file": ledger_import.file_name,
            }
        )
        if dry_run:
            continue
        for start in range(0, len(lines), CHUNK):
            LedgerLine.objects.filter(
                organisation=organisation,
                date__gte=ledger_import.period_start,
                date__lte=ledger_import.period_end,
                ledger_import=ledger_import,
                line_number__in=lines[start : start + CHUNK],
            ).update(supplier_id=new_id)
    return True
