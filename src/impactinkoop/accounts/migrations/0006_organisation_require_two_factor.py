from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_contractor_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="require_two_factor",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text=(
                    "Members then sign in with their password and a code from an authenticator "
                    "app."
                ),
                verbose_name="everyone signs in with two factors",
            ),
        ),
    ]
