"""Issue 15, item 14: the vocabulary also holds the stems of its words (with 0 documents), so a
typo of a word that only occurs in another form is corrected ("kerstpaket" to "kerstpakket",
when the documents only say "kerstpakketten"). New indexing adds them; this adds them for the
words already indexed."""

import snowballstemmer
from django.db import migrations


def add_stems(apps, schema_editor):
    SearchWord = apps.get_model("catalogue", "SearchWord")
    stemmer = snowballstemmer.stemmer("dutch")
    words = set(SearchWord.objects.values_list("word", flat=True))
    stems = set()
    for word in words:
        root = stemmer.stemWord(word)
        if root != word and len(root) >= 4 and stemmer.stemWord(root) == root:
            stems.add(root)
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=s, first=s[0], last=s[-1], length=len(s), documents=0)
            for s in sorted(stems - words)
            if len(s) <= 60
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )


def remove_stems(apps, schema_editor):
    apps.get_model("catalogue", "SearchWord").objects.filter(documents=0).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_used_form_token")]

    operations = [migrations.RunPython(add_stems, remove_stems)]
