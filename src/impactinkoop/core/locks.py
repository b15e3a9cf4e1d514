"""Locks that make concurrent writers of one organisation's data wait for each other, held until
the surrounding transaction ends (so they are released even when a process is killed)."""

import zlib

from django.db import connection

ORGANISATION_TABLE = "accounts_organisation"


def lock_organisation(organisation_id: int | None, purpose: str) -> None:
    """Wait until no other transaction holds the `purpose` lock of this organisation (None: the
    shared data of every organisation, such as the public register). Call it inside
    `transaction.atomic()`, before reading what the writes depend on (duplicates, for one)."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_organisation needs a transaction")
    key = organisation_id or 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A transaction-level advisory lock: no row is locked, and other work on the
            # organisation goes on; only writers with the same purpose wait.
            namespace = zlib.crc32(purpose.encode()) & 0x7FFFFFFF
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key])
        elif connection.vendor == "sqlite":
            # SQLite has one writer at a time. Writing (a no-op) takes the database's write
            # lock now, before the reads, even if the transaction did not begin IMMEDIATE.
            cursor.execute(
                f"UPDATE {ORGANISATION_TABLE} SET id = id WHERE id = %s",  # noqa: S608
                [key],
            )
        else:
            cursor.execute(
                f"SELECT id FROM {ORGANISATION_TABLE} WHERE id = %s FOR UPDATE",  # noqa: S608
                [key],
            )
