"""The full-text index on search documents: a Dutch tsvector with a GIN index on PostgreSQL, an
external-content FTS5 table kept in step by triggers on SQLite."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE catalogue_searchdocument ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch', text)) STORED",
    "CREATE INDEX catalogue_searchdocument_tsv ON catalogue_searchdocument USING GIN (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_searchdocument_tsv",
    "ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS tsv",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5(stems, content='catalogue_searchdocument', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER catalogue_fts_insert AFTER INSERT ON catalogue_searchdocument BEGIN "
    "INSERT INTO catalogue_fts(rowid, stems) VALUES (new.id, new.stems); END",
    "CREATE TRIGGER catalogue_fts_delete AFTER DELETE ON catalogue_searchdocument BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, stems) VALUES ('delete', old.id, old.stems); "
    "END",
    "CREATE TRIGGER catalogue_fts_update AFTER UPDATE ON catalogue_searchdocument BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, stems) VALUES ('delete', old.id, old.stems); "
    "INSERT INTO catalogue_fts(rowid, stems) VALUES (new.id, new.stems); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalogue_fts_update",
    "DROP TRIGGER IF EXISTS catalogue_fts_delete",
    "DROP TRIGGER IF EXISTS catalogue_fts_insert",
    "DROP TABLE IF EXISTS catalogue_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
