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


def lock_row(obj):
    """Reload `obj` from its row and lock the row until the transaction ends (on PostgreSQL;
    SQLite has one writer at a time), so what a change reads, its checks and the "before" of its
    audit entry, is what it replaces and not what a concurrent change just overwrote."""
    obj.refresh_from_db(from_queryset=obj._meta.model._default_manager.select_for_update())
    return obj


def locked_copy(obj):
    """The row of `obj` as stored, locked like `lock_row`, leaving `obj` itself (a form's
    changed instance, say) as it is."""
    return obj._meta.model._default_manager.select_for_update().get(pk=obj.pk)
