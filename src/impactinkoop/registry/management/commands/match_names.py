"""`impactinkoop match_names REGISTER.csv NAMES.csv [--out FILE] [--json] [--no-keep]`: match a
list of names against a register file with the matching engine; needs no database. The register's
index is kept (settings.MATCHING_INDEX_DIR) and reused while the file stays the same, so a
national register is read and indexed once."""

import csv
import hashlib
import io
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from impactinkoop.core.tabular import Limits, TableError, read_table
from impactinkoop.core.validators import normalise_kvk
from impactinkoop.matching.engine import AUTO, NONE, REVIEW, Register
from impactinkoop.matching.index import file_fingerprint

OUTPUT_COLUMNS = ["name", "kvk", "match_kvk", "match_name", "score", "decision"]
MAX_FILE_BYTES = 2_000_000_000
# Files on the operator's own disk, up to the national register (3.5 million companies): not the
# limits of an upload through the browser.
FILE_LIMITS = Limits(
    max_bytes=MAX_FILE_BYTES,
    max_unpacked_bytes=MAX_FILE_BYTES,
    max_rows=10_000_000,
    max_cells=40_000_000,
)


def _rows(path: Path, required: list[str], optional: list[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        table = read_table(path.read_bytes(), path.name, None, FILE_LIMITS)
    except TableError as error:
        raise CommandError(str(error)) from error
    columns = {column.strip().lower(): position for position, column in enumerate(table.columns)}
    missing = [name for name in required if name not in columns]
    if missing:
        raise CommandError(
            f"{path.name}: needs the column(s) {', '.join(missing)}; "
            f"it has {', '.join(table.columns)}"
        )
    wanted = [name for name in required + optional if name in columns]
    rows = []
    for line, cells in table.rows:
        if len(cells) < len(table.columns) and any(columns[name] >= len(cells) for name in wanted):
            raise CommandError(f"{path.name}, line {line}: fewer fields than the header")
        rows.append({name: cells[columns[name]].strip() for name in wanted})
    return rows


def _must_exist(path: Path) -> None:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")


def _register_entries(path: Path) -> list[tuple[str, str]]:
    return [
        (normalise_kvk(r["kvk"]).zfill(8) if r["kvk"] else "", r["name"])
        for r in _rows(path, ["kvk", "name"], [])
        if r["name"]
    ]


class Command(BaseCommand):
    help = "Match names (and KvK numbers) against a register file; no database is used."
    # No database, so nothing for the system checks to find: they would take half the start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("register", help="CSV with columns kvk,name")
        parser.add_argument("names", help="CSV with column name and optionally kvk")
        parser.add_argument("--out", help="write the matches as CSV to this file")
        parser.add_argument("--json", action="store_true", help="print a JSON summary")
        parser.add_argument(
            "--processes",
            type=int,
            default=0,
            help="processes to match a large list with (default: one per core)",
        )
        parser.add_argument(
            "--no-keep",
            action="store_true",
            help="build the register's index for this run only (default: keep it for the next)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        register_path = Path(options["register"])
        names = _rows(Path(options["names"]), ["name"], ["kvk"])
        if options["no_keep"] or not settings.MATCHING_INDEX_DIR:
            register = Register(_register_entries(register_path))
        else:
            _must_exist(register_path)
            place = hashlib.sha256(str(register_path.resolve()).encode()).hexdigest()[:12]
            register = Register.kept(
                Path(settings.MATCHING_INDEX_DIR) / "files",
                f"file-{place}",
                file_fingerprint(register_path),
                lambda: _register_entries(register_path),
            )
        indexed = time.perf_counter()
        matches = register.match_many(
            [
                (row["name"], normalise_kvk(row.get("kvk", "")).zfill(8) if row.get("kvk") else "")
                for row in names
            ],
            processes=options["processes"] or os.cpu_count() or 1,
        )
        finished = time.perf_counter()
        rows = [
            [
                m.name,
                m.kvk,
                m.match_kvk,
                m.match_name if m.decision != NONE else "",
                f"{m.score:.1f}",
                m.decision,
            ]
            for m in matches
        ]
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8", newline="") as out:
                self._write_csv(out, rows)
        elif not options["json"]:
            buffer = io.StringIO()
            self._write_csv(buffer, rows)
            self.stdout.write(buffer.getvalue(), ending="")
        if options["json"]:
            summary = {
                "register": len(register),
                "names": len(matches),
                AUTO: sum(m.decision == AUTO for m in matches),
                REVIEW: sum(m.decision == REVIEW for m in matches),
                NONE: sum(m.decision == NONE for m in matches),
                "index": "kept" if register.index.meta.get("kept") else "built",
                "index_seconds": round(indexed - started, 2),
                "match_seconds": round(finished - indexed, 2),
            }
            if not options["out"]:
                summary["matches"] = [dict(zip(OUTPUT_COLUMNS, row, strict=True)) for row in rows]
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))

    def _write_csv(self, out, rows) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        writer.writerows(rows)
