"""Departments get accounts' own table and constraint names, on every database alike: the
table came from spend 0001 on an older one, from 0002 on a new one (decision 0012)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_membership_department'),
    ]

    operations = [
        migrations.AlterModelTable(name='department', table=None),
        migrations.RemoveConstraint(model_name='department', name='spend_department_name_unique'),
        migrations.AddConstraint(
            model_name='department',
            constraint=models.UniqueConstraint(fields=('organisation', 'name'), name='accounts_department_name_unique'),
        ),
    ]
