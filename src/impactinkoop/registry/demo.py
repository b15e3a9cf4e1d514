"""A demo register of a few hundred invented companies with mixed qualifications. Deterministic
(a fixed seed), and idempotent: companies are found again by their KvK number."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Company, Qualification, RegisterPolicy
from .sources import Level, Source

# Real municipalities with their labour-market region; the companies in them are invented.
PLACES = [
    ("Voorbeeldstad", "Midden-Utrecht"),
    ("Utrecht", "Midden-Utrecht"),
    ("Zeist", "Midden-Utrecht"),
    ("Nieuwegein", "Midden-Utrecht"),
    ("Houten", "Midden-Utrecht"),
    ("Amersfoort", "Amersfoort"),
    ("Rotterdam", "Rijnmond"),
    ("Schiedam", "Rijnmond"),
    ("Den Haag", "Haaglanden"),
    ("Delft", "Haaglanden"),
    ("Zwolle", "IJsselvechtstreek"),
    ("Haarlem", "Zuid-Kennemerland en IJmond"),
    ("Enschede", "Twente"),
    ("Groningen", "Groningen"),
    ("Tilburg", "Midden-Brabant"),
    ("Arnhem", "Midden-Gelderland"),
]
TRADES = [
    ("Koffiebranderij", "10830"),
    ("Catering", "56210"),
    ("Drukkerij", "18129"),
    ("Schoonmaak", "81210"),
    ("Groenonderhoud", "81300"),
    ("Fietsenmakerij", "95290"),
    ("Bloemenbinderij", "47761"),
    ("Relatiegeschenken", "46499"),
    ("Vergadercentrum", "68204"),
    ("Koeriers", "53200"),
    ("Bakkerij", "10710"),
    ("Meubelmakerij", "31090"),
    ("Textielatelier", "13990"),
    ("Kringloop", "47791"),
    ("Wasserij", "96011"),
    ("Zeeperij", "20411"),
    ("Brouwerij", "11050"),
    ("Digitale diensten", "62010"),
]
NAMES = [
    "De Werkplaats",
    "Het Groene Hart",
    "Samen Sterk",
    "De Kans",
    "Nieuwe Wegen",
    "De Brug",
    "Buurtkracht",
    "Handwerk",
    "Zonnestraal",
    "De Verbinding",
    "Op Eigen Kracht",
    "Talent",
    "De Schakel",
    "Meedoen",
    "Vakwerk",
    "De Hoeksteen",
    "Stadsgoed",
    "Het Atelier",
    "Morgen",
    "De Ontmoeting",
    "Lokaal",
    "De Linde",
    "Het Anker",
    "Groeikracht",
    "De Overkant",
]
LEGAL_FORMS = ["B.V.", "Stichting", "Coöperatie U.A.", "V.O.F.", "B.V.", "Stichting"]
SW_COMPANIES = ["Voorbeeldstad Werkt", "Werkbedrijf Midden", "Sociaal Werkbedrijf De Poort"]


def _qualifications(rng: random.Random, today: date) -> list[dict]:
    roll = rng.random()
    start = today - timedelta(days=rng.randint(30, 900))
    if roll < 0.30:
        level = rng.choice(
            [Level.PSO_1, Level.PSO_2, Level.PSO_3, Level.PSO_30, Level.PSO_ASPIRANT]
        )
        return [
            {
                "source": Source.PSO,
                "level": level,
                "valid_from": start,
                "valid_until": start + timedelta(days=730),
            }
        ]
    if roll < 0.50:
        return [
            {
                "source": Source.CODE_SO,
                "valid_from": start,
                "valid_until": start + timedelta(days=730),
            }
        ]
    if roll < 0.62:
        return [{"source": Source.SE_NL, "valid_from": start, "valid_until": None}]
    if roll < 0.72:
        return [
            {
                "source": Source.REGIONAL,
                "level": rng.choice([Level.ERKEND, Level.ASPIRANT]),
                "region": "Haaglanden",
                "valid_from": start,
                "valid_until": start + timedelta(days=365 * 3),
            }
        ]
    if roll < 0.78:
        return [
            {
                "source": Source.PSO,
                "level": Level.PSO_1,
                "valid_from": start - timedelta(days=730),
                "valid_until": start - timedelta(days=1),
            },
            {
                "source": Source.PSO,
                "level": Level.PSO_2,
                "valid_from": start,
                "valid_until": start + timedelta(days=730),
            },
        ]
    if roll < 0.83:  # expired and not renewed
        return [
            {
                "source": Source.CODE_SO,
                "valid_from": start - timedelta(days=900),
                "valid_until": start - timedelta(days=170),
            }
        ]
    if roll < 0.87:  # expiring soon: something to chase
        return [
            {
                "source": Source.PSO,
                "level": Level.PSO_30,
                "valid_from": today - timedelta(days=700),
                "valid_until": today + timedelta(days=rng.randint(5, 55)),
            }
        ]
    return []  # an ordinary company


@transaction.atomic
def build_demo_register(organisation, count: int = 300) -> int:
    """Create the demo companies that do not exist yet; returns how many were created."""
    rng = random.Random(20261122)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    created = 0
    for number in range(count):
        kvk = f"{90000000 + number * 37:08d}"
        place, region = rng.choice(PLACES)
        trade, sbi = rng.choice(TRADES)
        name = f"{rng.choice(NAMES)} {trade}"
        legal_form = rng.choice(LEGAL_FORMS)
        qualifications = _qualifications(rng, today)
        if Company.objects.filter(kvk_number=kvk).exists():
            continue
        slug = name.lower().replace(" ", "")
        street = rng.choice(
            ["Markt", "Industrieweg", "Stationsplein", "Havenstraat", "Dorpsstraat"]
        )
        letters = "ABCDEFGHJKLMNPRSTVWXZ"
        company = Company.objects.create(
            kvk_number=kvk,
            name=f"{legal_form} {name}" if legal_form == "Stichting" else f"{name} {legal_form}",
            legal_form=legal_form,
            street=f"{street} {rng.randint(1, 180)}",
            postcode=f"{rng.randint(1000, 9999)} {rng.choice(letters)}{rng.choice(letters)}",
            city=place,
            municipality=place,
            labour_market_region=region,
            sbi_code=sbi,
            website=f"https://www.{slug}.example",
        )
        for data in qualifications:
            Qualification.objects.create(
                company=company, origin=Qualification.Origin.IMPORT, **data
            )
        created += 1
    for name in SW_COMPANIES:
        if not Company.objects.filter(kvk_number__isnull=True, name=name).exists():
            company = Company.objects.create(
                name=name, municipality="Voorbeeldstad", labour_market_region="Midden-Utrecht"
            )
            Qualification.objects.create(
                company=company,
                source=Source.SW_COMPANY,
                valid_from=date(2015, 1, 1),
                origin=Qualification.Origin.IMPORT,
            )
            created += 1
    # Two local companies the municipality judges social itself, with its reasons.
    for kvk, reason in [
        (f"{90000000 + 3 * 37:08d}", "Werkt structureel met tien statushouders via de gemeente."),
        (f"{90000000 + 8 * 37:08d}", "Leerwerkbedrijf van het praktijkonderwijs in Voorbeeldstad."),
    ]:
        company = Company.objects.get(kvk_number=kvk)
        if not company.qualifications.filter(organisation=organisation).exists():
            Qualification.objects.create(
                company=company,
                organisation=organisation,
                source=Source.OWN_JUDGEMENT,
                valid_from=today - timedelta(days=200),
                reason=reason,
            )
    RegisterPolicy.objects.get_or_create(
        organisation=organisation,
        defaults={
            "accepted": sorted(
                [
                    "code_so:",
                    "pso:pso_1",
                    "pso:pso_2",
                    "pso:pso_3",
                    "pso:pso_30",
                    "sw_company:",
                    "se_nl:",
                    "regional:erkend",
                    "own_judgement:",
                ]
            )
        },
    )
    return created
