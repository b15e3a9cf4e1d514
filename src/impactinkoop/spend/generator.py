"""A generator of realistic, invented Dutch ledger exports (semicolon CSV, "1.234,56", dd-mm-yyyy,
credit notes, upper-cased and truncated names), for the demo and the benchmark."""

import io
import random
from datetime import date, timedelta

HEADER = [
    "Crediteurnummer",
    "Crediteur",
    "KvK-nummer",
    "Factuurnummer",
    "Factuurdatum",
    "Boekdatum",
    "Bedrag",
    "BTW",
    "Kostenplaats",
    "Afdeling",
    "Grootboekrekening",
    "Omschrijving",
    "Inkooppakket",
]

# The narrow export many finance systems give: the benchmark's format.
COMPACT_HEADER = [
    "Crediteurnummer",
    "Crediteur",
    "KvK-nummer",
    "Factuurnummer",
    "Factuurdatum",
    "Bedrag",
    "Kostenplaats",
    "Omschrijving",
]

DEPARTMENTS = [
    ("Sociaal Domein", ["Jeugd", "Wmo", "Participatie", "Schuldhulp"]),
    ("Ruimte", ["Groen", "Wegen", "Riolering", "Vastgoed"]),
    ("Bedrijfsvoering", ["ICT", "Facilitair", "HR", "Financien"]),
    ("Publiekszaken", ["Burgerzaken", "Klantcontact"]),
    ("Bestuur", ["Griffie", "Communicatie"]),
]
CATEGORIES = [
    ("Catering", "Lunch en catering"),
    ("Relatiegeschenken", "Relatiegeschenken"),
    ("Schoonmaak", "Schoonmaakdiensten"),
    ("Groenonderhoud", "Groenonderhoud"),
    ("Drukwerk", "Drukwerk en print"),
    ("ICT", "Licenties en hardware"),
    ("Inhuur", "Inhuur personeel"),
    ("Jeugdzorg", "Zorg in natura jeugd"),
    ("Wmo", "Huishoudelijke ondersteuning"),
    ("Bouw", "Onderhoud gebouwen"),
    ("Post en koeriers", "Verzending"),
    ("Energie", "Energie"),
    ("Vergaderlocaties", "Zaalhuur"),
    ("Bloemen", "Bloemen en planten"),
]
WORDS = [
    "Holland",
    "Nederland",
    "Techniek",
    "Advies",
    "Groep",
    "Service",
    "Bouw",
    "Zorg",
    "Facilitair",
    "Solutions",
    "Partners",
    "Installatie",
    "Logistiek",
    "Media",
    "Data",
    "Infra",
    "Consult",
    "Projecten",
    "Milieu",
    "Energie",
]
PREFIXES = [
    "Van der",
    "De",
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Midden",
    "Nieuw",
    "Groot",
    "Klein",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
]
FORMS = ["B.V.", "BV", "N.V.", "Stichting", "V.O.F.", "", "B.V.", "Holding B.V."]
# Payees a finance system books under one collective number instead of a supplier of their own.
ONE_OFF_NUMBER = "DIVERSEN"
ONE_OFF_PAYEES = [
    "Restaurant De Kroon",
    "Fotograaf M. Jansen",
    "Zaalverhuur Het Anker",
    "Bloemenhuis Lelie",
    "Taxicentrale Noord",
    "Muziekschool Forte",
    "Sportcentrum De Bron",
    "Schildersbedrijf Kleurrijk",
]


def _distort(name: str, rng: random.Random) -> str:
    """How finance systems write names: upper case, truncated at 35, legal form moved."""
    roll = rng.random()
    if roll < 0.25:
        name = name.upper()
    elif roll < 0.35 and name.startswith("Stichting "):
        name = "STG. " + name[len("Stichting ") :].upper()
    return name[:35]


def _amount(cents: int) -> str:
    negative = cents < 0
    whole, fraction = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".") + f",{fraction:02d}"
    return ("-" if negative else "") + text


def make_suppliers(
    count: int, rng: random.Random, kvk_share: float, known: list[tuple[str, str]]
) -> list[tuple[str, str, str, float]]:
    """(ledger number, name, KvK or "", weight). `known` companies (KvK, name) come first."""
    suppliers = []
    for index, (kvk, name) in enumerate(known):
        with_kvk = rng.random() < 0.8  # some finance systems lack the KvK of a known company
        suppliers.append(
            (
                f"{100000 + index}",
                _distort(name, rng),
                kvk if with_kvk else "",
                4 * rng.paretovariate(1.6),  # known companies: real, regular suppliers
            )
        )
    for index in range(len(known), count):
        name = f"{rng.choice(PREFIXES)} {rng.choice(WORDS)} {rng.choice(FORMS)}".strip()
        kvk = f"{rng.randint(10000000, 89999999)}" if rng.random() < kvk_share else ""
        suppliers.append((f"{100000 + index}", _distort(name, rng), kvk, rng.paretovariate(1.2)))
    return suppliers


def generate_ledger(
    lines: int,
    *,
    suppliers: int = 8000,
    year: int = 2025,
    seed: int = 1,
    kvk_share: float = 0.7,
    known: list[tuple[str, str]] | None = None,
    compact: bool = False,
    days: int = 365,
    one_off: bool = False,
) -> bytes:
    """A year of invoice lines as a Dutch semicolon CSV (UTF-8). `compact` gives the narrow
    export of the benchmark (about 85 bytes a line); `days` shortens the year to its start;
    `one_off` adds a few payees under one collective number ("DIVERSEN")."""
    rng = random.Random(seed)  # noqa: S311 - invented data, not security
    parties = make_suppliers(suppliers, rng, kvk_share, known or [])
    weights = [party[3] for party in parties]
    chosen = rng.choices(parties, weights=weights, k=lines)
    if one_off and lines >= 2 * len(ONE_OFF_PAYEES):
        # Two lines each, spread over the year's lines: one-off payees, not regular suppliers.
        step = lines // (2 * len(ONE_OFF_PAYEES))
        for index in range(2 * len(ONE_OFF_PAYEES)):
            name = ONE_OFF_PAYEES[index % len(ONE_OFF_PAYEES)]
            chosen[index * step] = (ONE_OFF_NUMBER, name, "", 0.0)
    cost_centres = [
        (f"{4000 + i * 7}", department, team)
        for i, (department, teams) in enumerate(DEPARTMENTS)
        for team in teams
    ]
    start = date(year, 1, 1)
    profiles: dict[str, tuple] = {}
    out = io.StringIO()
    out.write(";".join(COMPACT_HEADER if compact else HEADER) + "\n")
    for number, (ledger_number, name, kvk, _weight) in enumerate(chosen, start=1):
        invoice_date = start + timedelta(days=rng.randrange(days))
        cents = int(rng.lognormvariate(10.2, 1.3))
        if rng.random() < 0.03:
            cents = -cents  # credit note
        if ledger_number not in profiles:
            # A supplier sells one kind of thing to a few teams, as in a real ledger.
            profiles[ledger_number] = (
                rng.choice(CATEGORIES),
                rng.sample(cost_centres, rng.choice((1, 1, 2, 3))),
            )
        (category, description), centres = profiles[ledger_number]
        centre, department, team = rng.choice(centres)
        if compact:
            row = (
                ledger_number,
                name,
                kvk,
                f"F{number:07d}",
                invoice_date.strftime("%d-%m-%Y"),
                _amount(cents),
                centre,
                category,
            )
        else:
            booking_date = invoice_date + timedelta(days=rng.randint(1, 30))
            row = (
                ledger_number,
                name,
                kvk,
                f"F{year}-{number:07d}",
                invoice_date.strftime("%d-%m-%Y"),
                booking_date.strftime("%d-%m-%Y"),
                _amount(cents),
                _amount(cents * 21 // 121),
                centre,
                f"{department} - {team}",
                f"4{rng.randint(100, 499)}",
                f"{description} {team.lower()}",
                category,
            )
        out.write(";".join(row) + "\n")
    return out.getvalue().encode("utf-8")
