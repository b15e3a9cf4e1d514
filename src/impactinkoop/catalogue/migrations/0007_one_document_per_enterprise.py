"""Issue 15, item 19: a search without a category ranks one document per enterprise (its
profile and all its published offers) instead of grouping its profile's and offers' documents;
searches in a category keep using the offers' documents. Each kind gets its own index, so
neither is scanned for the other:

- PostgreSQL: two partial GIN indexes (`offer_id IS NULL` and `IS NOT NULL`) instead of one.
- SQLite: `catalogue_fts` holds the offers' documents only, the new `catalogue_fts_enterprise`
  the enterprises'; the triggers send each row to its table.

Existing profile documents become enterprise documents by taking in their offers' words, so no
rebuild is needed (`search.rebuild_index` writes the same kind of document from the live rows).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE INDEX catalogue_doc_tsv_enterprise ON catalogue_searchdocument USING GIN (tsv) "
    "WHERE offer_id IS NULL",
    "CREATE INDEX catalogue_doc_tsv_offer ON catalogue_searchdocument USING GIN (tsv) "
    "WHERE offer_id IS NOT NULL",
    "DROP INDEX IF EXISTS catalogue_searchdocument_tsv",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX catalogue_searchdocument_tsv ON catalogue_searchdocument USING GIN (tsv)",
    "DROP INDEX IF EXISTS catalogue_doc_tsv_offer",
    "DROP INDEX IF EXISTS catalogue_doc_tsv_enterprise",
]
SQLITE_BEFORE = [
    "DROP TRIGGER IF EXISTS catalogue_fts_update",
    "DROP TRIGGER IF EXISTS catalogue_fts_delete",
    "DROP TRIGGER IF EXISTS catalogue_fts_insert",
    "INSERT INTO catalogue_fts(catalogue_fts) VALUES ('delete-all')",
]


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, kind in (
        ("catalogue_fts", "IS NOT NULL"),
        ("catalogue_fts_enterprise", "IS NULL"),
    ):
        statements += [
            f"CREATE TRIGGER {table}_insert AFTER INSERT ON catalogue_searchdocument "
            f"WHEN new.offer_id {kind} BEGIN "
            f"INSERT INTO {table}(rowid, stems) VALUES (new.id, new.stems); END",
            f"CREATE TRIGGER {table}_delete AFTER DELETE ON catalogue_searchdocument "
            f"WHEN old.offer_id {kind} BEGIN "
            f"INSERT INTO {table}({table}, rowid, stems) VALUES ('delete', old.id, old.stems); END",
            f"CREATE TRIGGER {table}_update AFTER UPDATE ON catalogue_searchdocument BEGIN "
            f"INSERT INTO {table}({table}, rowid, stems) SELECT 'delete', old.id, old.stems "
            f"WHERE old.offer_id {kind}; "
            f"INSERT INTO {table}(rowid, stems) SELECT new.id, new.stems "
            f"WHERE new.offer_id {kind}; END",
        ]
    return statements


SQLITE_AFTER = [
    "CREATE VIRTUAL TABLE catalogue_fts_enterprise USING fts5(stems, "
    "content='catalogue_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO catalogue_fts(rowid, stems) SELECT id, stems FROM catalogue_searchdocument "
    "WHERE offer_id IS NOT NULL",
    "INSERT INTO catalogue_fts_enterprise(rowid, stems) SELECT id, stems "
    "FROM catalogue_searchdocument WHERE offer_id IS NULL",
    *_sqlite_triggers(),
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def merge_documents(apps, schema_editor):
    """Each profile document takes in the words of its enterprise's offer documents."""
    SearchDocument = apps.get_model("catalogue", "SearchDocument")
    offers: dict[int, list[tuple[str, str]]] = {}
    for enterprise_id, text, stems in (
        SearchDocument.objects.filter(offer__isnull=False)
        .order_by("pk")
        .values_list("enterprise_id", "text", "stems")
    ):
        offers.setdefault(enterprise_id, []).append((text, stems))
    for document in SearchDocument.objects.filter(offer__isnull=True).only(
        "pk", "enterprise_id", "text", "stems"
    ):
        extra = offers.get(document.enterprise_id, [])
        if extra:
            SearchDocument.objects.filter(pk=document.pk).update(
                text=" ".join([document.text, *(t for t, _s in extra)]),
                stems=" ".join([document.stems, *(s for _t, s in extra)]),
            )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_markdown_and_revision_states")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_BEFORE}), migrations.RunPython.noop),
        migrations.RunPython(merge_documents, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_AFTER}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        ),
    ]
