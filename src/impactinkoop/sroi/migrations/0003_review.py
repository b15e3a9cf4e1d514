from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sroi", "0002_review_and_contractors")]

    operations = [
        migrations.AddField(
            model_name="realisation",
            name="counted_elsewhere",
            field=models.BooleanField(
                default=False,
                editable=False,
                verbose_name="participant counted in another realisation",
            ),
        ),
    ]
