"""Issue 15, item 19: what ranking reads of a search document, kept small.

SQLite: an index holding only the columns that ranking reads (the document's id, enterprise,
region and category). The row holds the document's text before those columns, so reading them
from the row read the text as well; for a word matching thousands of enterprises that was half of
the search's time.

PostgreSQL ranks from the row's own `tsvector`, which it kept compressed out of line (TOAST), so
each match cost a lookup in the TOAST table (29,000 buffers for 7,376 matches). The vector now
stays in the row and the long text and stems go out of it (they are read only for a page's ten
enterprises): 7,000 buffers. The rows are written once more so existing documents follow."""

from django.db import migrations

INDEX = "catalogue_searchdocument_ranking"


POSTGRES_STORAGE = (
    "ALTER TABLE catalogue_searchdocument ALTER COLUMN tsv SET STORAGE MAIN, "
    "ALTER COLUMN text SET STORAGE {long}, ALTER COLUMN stems SET STORAGE {long}"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_STORAGE.format(long="EXTERNAL"))
        schema_editor.execute("UPDATE catalogue_searchdocument SET stems = stems")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON catalogue_searchdocument "
            "(id, enterprise_id, region, category_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            POSTGRES_STORAGE.replace("STORAGE MAIN", "STORAGE EXTENDED").format(long="EXTENDED")
        )
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_one_document_per_enterprise")]

    operations = [migrations.RunPython(create, drop)]
