"""The six themes of the Nationaal Plan MVI (seed 004); names and descriptions live in
plans/themes.py so that they are translated."""

from django.db import migrations

from impactinkoop.plans.themes import NATIONAL_THEMES


def load(apps, schema_editor):
    Theme = apps.get_model("plans", "Theme")
    for position, (key, _name, _description, sdgs) in enumerate(NATIONAL_THEMES):
        Theme.objects.update_or_create(
            organisation=None, key=key, defaults={"position": position, "sdgs": sdgs}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
