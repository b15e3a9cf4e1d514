"""Issue 15, item 19: each search document carries its enterprise's company, so ranking can put
the companies that count under the organisation's policy first without joining every enterprise
on every search. Existing documents get theirs here; SQLite's ranking index (0008) holds the new
column too, so ranking still reads the index alone."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "catalogue_searchdocument_ranking"
FILL = (
    "UPDATE catalogue_searchdocument SET company_id = (SELECT e.company_id FROM "
    "catalogue_enterprise e WHERE e.id = catalogue_searchdocument.enterprise_id)"
)


def forward(apps, schema_editor):
    schema_editor.execute(FILL)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON catalogue_searchdocument "
            "(id, enterprise_id, company_id, region, category_id)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON catalogue_searchdocument "
            "(id, enterprise_id, region, category_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0008_searchdocument_ranking_index"),
        ("registry", "0004_import_batch"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="company",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="registry.company",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
