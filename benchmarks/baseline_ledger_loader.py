"""The baseline for benchmarks/ledger_import.py: a plain Django loader as one would write it first
(csv module, Decimal, get-or-create suppliers in a dict, bulk_create in batches). Not used by the
product; it exists so the benchmark compares against the same file in the same run.

Usage: python benchmarks/baseline_ledger_loader.py FILE ORG_SLUG (DATABASE_URL as usual)."""

import csv
import io
import os
import sys
import time
from datetime import datetime
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactinkoop.settings")
django.setup()

from django.db import transaction  # noqa: E402

from impactinkoop.accounts.models import Organisation  # noqa: E402
from impactinkoop.spend.models import LedgerImport, LedgerLine, Supplier  # noqa: E402


def main(path: str, slug: str) -> None:
    started = time.perf_counter()
    organisation = Organisation.objects.get(slug=slug)
    text = open(path, encoding="utf-8-sig").read()  # noqa: SIM115
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    suppliers: dict[str, Supplier] = {}
    with transaction.atomic():
        ledger_import = LedgerImport.objects.create(
            organisation=organisation, file_name="baseline", file_sha256="-"
        )
        batch, count = [], 0
        for line, row in enumerate(reader, start=2):
            key = "n:" + row["Crediteurnummer"]
            supplier = suppliers.get(key)
            if supplier is None:
                supplier, _ = Supplier.objects.get_or_create(
                    organisation=organisation,
                    key=key,
                    defaults={"name": row["Crediteur"], "kvk_number": row["KvK-nummer"]},
                )
                suppliers[key] = supplier
            amount = Decimal(row["Bedrag"].replace(".", "").replace(",", "."))
            day = datetime.strptime(row["Factuurdatum"], "%d-%m-%Y").date()
            batch.append(
                LedgerLine(
                    organisation=organisation,
                    ledger_import=ledger_import,
                    line_number=line,
                    supplier=supplier,
                    invoice_number=row["Factuurnummer"],
                    invoice_date=day,
                    date=day,
                    amount_cents=int(amount * 100),
                    description=row["Omschrijving"],
                )
            )
            if len(batch) == 5000:
                LedgerLine.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        LedgerLine.objects.bulk_create(batch)
        count += len(batch)
    print(f"{count} {time.perf_counter() - started:.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
