"""Issue 15, item 16.

- Descriptions are written in a small Markdown now: stored HTML (summary, impact, offer
  descriptions, and the same fields in changes that wait) becomes the Markdown that shows the
  same. Text without tags stays as it is.
- A change replaced by a newer one, or whose offer was withdrawn, was marked "not approved" with a
  note; it gets a state of its own (it was never decided).
"""

from django.db import migrations, models

from impactinkoop.core.richtext import html_to_markdown

PROFILE_RICH = ("summary", "impact")
OFFER_RICH = ("description",)
# The notes the old code wrote, in English and Dutch (the editor's language at the time).
REPLACED = ("Replaced by a newer change.", "Vervangen door een nieuwere wijziging.")
WITHDRAWN = ("The offer was withdrawn.", "Het aanbod is ingetrokken.")


def to_markdown(apps, schema_editor):
    Enterprise = apps.get_model("catalogue", "Enterprise")
    Offer = apps.get_model("catalogue", "Offer")
    Revision = apps.get_model("catalogue", "Revision")
    for model, names in ((Enterprise, PROFILE_RICH), (Offer, OFFER_RICH)):
        for row in model.objects.only("pk", *names).iterator(chunk_size=500):
            new = {name: html_to_markdown(getattr(row, name)) for name in names}
            if any(new[name] != getattr(row, name) for name in names):
                model.objects.filter(pk=row.pk).update(**new)
    for revision in Revision.objects.only("pk", "data").iterator(chunk_size=500):
        data = dict(revision.data)
        for name in PROFILE_RICH + OFFER_RICH:
            if isinstance(data.get(name), str):
                data[name] = html_to_markdown(data[name])
        if data != revision.data:
            Revision.objects.filter(pk=revision.pk).update(data=data)


def undecided_states(apps, schema_editor):
    Revision = apps.get_model("catalogue", "Revision")
    never_decided = Revision.objects.filter(state="rejected", decided_by__isnull=True)
    never_decided.filter(note__in=REPLACED).update(state="superseded", note="")
    never_decided.filter(note__in=WITHDRAWN).update(state="withdrawn", note="")


def back_to_rejected(apps, schema_editor):
    Revision = apps.get_model("catalogue", "Revision")
    Revision.objects.filter(state="superseded").update(state="rejected", note=REPLACED[0])
    Revision.objects.filter(state="withdrawn").update(state="rejected", note=WITHDRAWN[0])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_search_word_stems")]

    operations = [
        migrations.AlterField(
            model_name="revision",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for approval"),
                    ("approved", "Published"),
                    ("rejected", "Not approved"),
                    ("superseded", "Replaced by a newer change"),
                    ("withdrawn", "Offer withdrawn before approval"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.RunPython(to_markdown, migrations.RunPython.noop),
        migrations.RunPython(undecided_states, back_to_rejected),
    ]
