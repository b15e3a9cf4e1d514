"""The platform-wide category tree for small purchases (seed 003 and the regional platforms)."""

from django.db import migrations

# slug, Dutch, English, children as (slug, Dutch, English)
TREE = [
    ("catering", "Catering", "Catering", [
        ("lunch-en-broodjes", "Lunch en broodjes", "Lunch and sandwiches"),
        ("borrel-en-hapjes", "Borrel en hapjes", "Drinks and snacks"),
        ("koffie-en-thee", "Koffie en thee", "Coffee and tea"),
        ("taart-en-gebak", "Taart en gebak", "Cakes and pastries"),
    ]),
    ("relatiegeschenken", "Relatiegeschenken", "Business gifts", [
        ("kerstpakketten", "Kerstpakketten", "Christmas hampers"),
        ("bedankjes", "Bedankjes en attenties", "Thank-you gifts"),
    ]),
    ("bloemen", "Bloemen en planten", "Flowers and plants", []),
    ("vergaderlocaties", "Vergaderlocaties", "Meeting venues", []),
    ("drukwerk", "Drukwerk", "Printing", [
        ("visitekaartjes-en-folders", "Visitekaartjes en folders", "Business cards and leaflets"),
        ("grootformaat", "Grootformaat en banners", "Large format and banners"),
    ]),
    ("schoonmaak", "Schoonmaak", "Cleaning", []),
    ("post-en-koeriers", "Post en koeriers", "Post and couriers", []),
    ("groenonderhoud", "Groenonderhoud", "Grounds maintenance", []),
    ("kantoorartikelen", "Kantoorartikelen", "Office supplies", []),
    ("meubilair", "Meubilair en inrichting", "Furniture and fittings", []),
    ("ict-en-recycling", "ICT en hergebruik", "IT and reuse", []),
    ("textiel", "Textiel en bedrijfskleding", "Textiles and workwear", []),
    ("evenementen", "Evenementen en fotografie", "Events and photography", []),
    ("verhuizen", "Verhuizen en opslag", "Moving and storage", []),
    ("fietsen", "Fietsen en mobiliteit", "Bicycles and mobility", []),
]


def load(apps, schema_editor):
    Category = apps.get_model("catalogue", "Category")
    for position, (slug, nl, en, children) in enumerate(TREE):
        parent, _ = Category.objects.update_or_create(
            slug=slug, defaults={"name_nl": nl, "name_en": en, "position": position}
        )
        for child_position, (child_slug, child_nl, child_en) in enumerate(children):
            Category.objects.update_or_create(
                slug=child_slug,
                defaults={
                    "name_nl": child_nl,
                    "name_en": child_en,
                    "parent": parent,
                    "position": child_position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
