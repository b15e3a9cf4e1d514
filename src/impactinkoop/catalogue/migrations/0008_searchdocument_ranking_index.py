"""Issue 15, item 19: on SQLite, an index holding only the columns that ranking reads from a
search document (its id, enterprise, region and category). The row itself holds the document's
text before those columns, so reading them from the row reads the text as well; for a word that
matches thousands of enterprises that was half of the search's time. PostgreSQL ranks from the
row's own `tsvector` and needs no such index."""

from django.db import migrations

INDEX = "catalogue_searchdocument_ranking"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON catalogue_searchdocument "
            "(id, enterprise_id, region, category_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_one_document_per_enterprise")]

    operations = [migrations.RunPython(create, drop)]
