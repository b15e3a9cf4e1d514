"""A labelled evaluation for the matching engine (issue 23): a register that looks like a Dutch
company register and ledger names distorted the way finance systems distort them, each with the
truth and a `kind` that says which failure it probes; and the metrics the issue's goals are in.

Plain Python, no Django: the tests import it as `tests.matching.evaluation`, the benchmarks with
the repository root on `sys.path`. Everything comes from one `random.Random(seed)` and never from
iterating a set, so a seed gives the same register and names in every process.

    entries, rows = make_evaluation(20_000, 3_000, seed=23)
    matches = Register(entries).match_many(query_pairs(rows))
    print(report(evaluate(entries, rows, matches)))
"""

import csv
import random
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[2]
MUNICIPALITIES = (
    ROOT / "src" / "impactinkoop" / "core" / "reference" / "data" / "municipalities.csv"
)


def _words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------------------------------
# Vocabulary. Written for this evaluation: the most common Dutch surnames (with their prefixes),
# trade words, brand-like names and places, so word frequencies look like a real register's.

SURNAMES = """de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|
de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|
de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|
van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Willems|van Vliet|van de Ven|
Hoekstra|Maas|Verhoeven|Koster|van Dam|van der Wal|Prins|Blom|Huisman|Peeters|de Jonge|Kuipers|
van Veen|Post|Kuiper|Veenstra|Kramer|van den Brink|Scholten|van Wijk|Postma|Martens|Vink|
de Ruiter|Timmermans|Groen|Gerritsen|Jonker|van Loon|Boersma|van der Velde|Willemsen|Claassen|
van Dongen|Evers|Hermans|Bosch|Wouters|van der Laan|Goossens|Verbeek|Dijkman|van Rijn|Verschuren|
Koning|Lammers|van Wijngaarden|Hoogendoorn|Driessen|van Doorn|van Es|Sanders|Schipper|Verhagen|
van Hoof|Bakx|Mertens|van Gils|Heijmans|Geurts|Bosman|Brands|van Beek|Aarts|Akkerman|Arts|
Bastiaans|Beekman|Beenen|Bergsma|Bijl|Blok|Boon|Bouma|Bouwman|Brink|Broekman|Bruins|Coenen|
Dam|Damen|Derks|van Diemen|Dirks|Donker|Doornbos|Eijkelenboom|Engelen|Faber|Feenstra|Franken|
Gerrits|Giesen|Groenewegen|Haak|Hagen|Hartman|Heemskerk|Heida|Helmink|Hendriksen|Hermsen|
Heuvelman|Hofman|Hol|Hoogland|Hopman|Horstman|Houben|Huijbregts|Huisman|Hulst|Jager|Jaspers|
Jongeneel|Jonkman|Joosten|Kamp|Kamphuis|Kempen|Kerkhof|Keizer|Klaassen|Klein|Klomp|Knol|Koch|
Koenders|Kolk|Koopman|Kort|Kortekaas|Kroon|Kuijpers|Laan|Lamers|Langeveld|Leeuwis|Lensink|
Lubbers|Luijten|Manders|Meester|Meulenbelt|Meijerink|Minnema|Moerman|Molenaar|Mol|Nijhuis|
Nijland|Nieuwenhuis|Noordhoek|Oosterhof|Oosterveld|Oudshoorn|Pauwels|Pieters|Pijnenburg|
Pool|Raaijmakers|Reinders|Renes|Rietveld|Rijken|Roelofs|Roos|Rutten|Schaap|Schilder|Schoenmaker|
Schreurs|Sikkema|Slot|Snijders|Spek|Steenbergen|Stoffels|Straathof|Swinkels|Teunissen|Thijssen|
Tromp|Tuinstra|Uijtdehaag|Valk|Veldhuis|Veldman|Verbruggen|Verhey|Verkerk|Vermeer|Verweij|
Vissers|Vogel|Vonk|Vos|Vrolijk|Wagenaar|Wessels|Westerhof|Wiersma|Wijnands|Wolters|Wouda|
Zijlstra|Zwart|van Aalst|van Asselt|van Baal|van Bergen|van Beusekom|van Bommel|van Breda|
van Buuren|van den Bosch|van der Ploeg|van der Sluis|van der Schaaf|van der Zanden|van Eck|
van Ginkel|van Gool|van Haren|van Hees|van Herk|van Kampen|van Keulen|van Kessel|van Leeuwen|
van Lieshout|van Mierlo|van Oosten|van Os|van Rooij|van Schaik|van Straten|van Tol|van Vugt|
van Wijk|van Zanten|ter Horst|ter Haar|ten Brink|ten Hove|Ouwehand|Pronk|Rademaker|Ruijs|Siebers|
Stam|Steenhuis|Tiemens|Tillema|Timmer|van Amerongen|Verstegen|Vlasblom|Walraven|Weijers|
Wijers|Witteveen|Wolff|Zandbergen|Zuidema|Bleeker|Bol|Boogaard|Boot|Brouwers|Burger|Buys|Cornelissen|
Cramer|Crielaard|Dobbe|Dolman|Elshof|Everts|Fransen|Geerts|Gort|Grootveld|Hanssen|Hazeleger|
Hekman|Hilhorst|Hoek|Hoekman|Hogenboom|Holtkamp|Hoving|Huijsman|Jol|Kalkman|Kloosterman|Koekkoek|
Koopmans|Kraaijeveld|Lagerweij|Lindeman|Looman|Lourens|Luiten|Mak|Mooij|Mos|Nauta|Nooij|Oomen|
Overbeek|Pellikaan|Plomp|Polman|Rijnders|Roozendaal|Ruiter|Schot|Slagter|Sluiter|Smeets|Spijker"""
SURNAMES = list(dict.fromkeys(name.strip() for name in SURNAMES.split("|") if name.strip()))

# Generated surnames for variety (a register has far more families than any list).
STEMS = "Hoog Brink Wester Ooster Kool Ruiter Bos Lang Smit Berg Hof Kamp Veld Dijk Broek Mol"
STEMS += " Wit Groen Zwart Rood Vos Haan Boer Heuvel Linde Eike Beuk Wil Riet Hage Zand Steen"
STEMS += " Water Molen Kerk Voor Achter Nieuwen Ouden Hulsen Essen Bergen Velde Horst Ham"
ENDINGS = _words("man mans ink ing inga sma stra ma hof huis kamp veld dijk broek berg horst link")
ENDINGS += _words("er ers ens sen ink hout werf beek")
STEMS = STEMS.split()

TRADES = """Bouw|Installatietechniek|Schoonmaak|Advies|Techniek|Transport|Logistiek|Zorg|Catering|
Consultancy|Services|Groep|Makelaardij|Accountants|Advocaten|Notarissen|Schilderwerken|Dakwerken|
Hoveniers|Elektrotechniek|Loodgietersbedrijf|Metaalbewerking|Verhuur|Beveiliging|ICT|Software|
Media|Drukkerij|Bakkerij|Slagerij|Autobedrijf|Garage|Fysiotherapie|Kinderopvang|Uitzendbureau|
Personeelsdiensten|Verhuizingen|Grondverzet|Infra|Wegenbouw|Timmerwerken|Glazenwassers|Reclame|
Communicatie|Vastgoed|Beheer|Onderhoud|Projecten|Handelsonderneming|Interieur|Keukens|Tegelwerken|
Stukadoors|Isolatie|Zonnepanelen|Energie|Milieu|Recycling|Kantoorinrichting|Facilitair|
Opleidingen|Trainingen|Coaching|Re-integratie|Werving en Selectie|Tuinen|Groenvoorziening|
Containerverhuur|Sloopwerken|Betonbouw|Staalbouw|Machinebouw|Koeltechniek|Klimaattechniek|
Verkeerstechniek|Bestrating|Riolering|Ongediertebestrijding|Vertaalbureau|Evenementen|Fotografie"""
TRADES = [trade.strip() for trade in TRADES.split("|")]
# A trade word as a company noun in front of a surname or place ("Bouwbedrijf Jansen").
TRADE_NOUNS = """Bouwbedrijf|Installatiebedrijf|Schoonmaakbedrijf|Adviesbureau|Transportbedrijf|
Aannemersbedrijf|Schildersbedrijf|Hoveniersbedrijf|Taxibedrijf|Ingenieursbureau|
Administratiekantoor|Accountantskantoor|Makelaarskantoor|Zorggroep|Klussenbedrijf|Loonbedrijf|
Garagebedrijf|Autorijschool|Tandartspraktijk|Huisartsenpraktijk|Advocatenkantoor|Timmerbedrijf|
Elektrotechnisch Bureau|Dakdekkersbedrijf|Verhuisbedrijf|Rijschool|Bloemisterij|Drukkerij|
Bakkerij|Uitzendbureau|Beveiligingsbedrijf|Glazenwassersbedrijf|Stukadoorsbedrijf"""
TRADE_NOUNS = [noun.strip() for noun in TRADE_NOUNS.split("|")]
ENGLISH = """Logistics|Solutions|Consulting|Services|Group|Netherlands|Europe|International|
Technology|Systems|Software|Partners|Trading|Digital|Labs|Energy|Foods|Capital|Ventures|Media|
Engineering|Care|Works|Projects|Facilities|Security|Mobility|Health|Data|Cloud"""
ENGLISH = [word.strip() for word in ENGLISH.split("|")]

# Brand-like names, real and invented; the examples are among them.
BRANDS = """Otis|Randstad|Xelion|Finqle|Mujin|Tenderapp|Wetravel|NutriControl|Deus|Ipsos|Axicom|
Mainfreight|Vebego|Strukton|Arcadis|Sweco|Tauw|Antea|Cofely|Eneco|Essent|Centric|Ordina|Sogeti|
Enexis|Stedin|Alliander|Dunea|Vitens|Evides|Renewi|Remondis|Irado|Avalex|Twence|Attero|Cyclus|
Circulus|Facilicom|Hago|Asito|Sodexo|Albron|Eurest|Vermaat|Unica|Homij|Hurks|Boskalis|Athlon|
Arval|Ricoh|Lyreco|Manutan|Coolblue|Topdesk|Exact|Visma|Afas|Nmbrs|Mollie|Adyen|Bunq|Picnic|
Ohpen|Elastic|Bynder|Mendix|Framer|Lightyear|Swapfiets|Fastned|Lepaya|Qwic|Vanmoof|Studocu|
Tiqets|Mews|Yoursurprise|Tonies|Otravo|Temper|Youngcapital|Brunel|Yacht|Tempo-Team|Olympia|
Luba|Maandag|Hays|Michael Page|Cielo|Ecorys|Berenschot|Twynstra|Significant|Rebel|Decisio|
Kragten|Movares|Oranjewoud|Grontmij|Fugro|Deltares|Nedap|Prodrive|Kendrion|Aalberts|Vanderlande|
Stork|Lely|Ploeger|Kverneland|Agrifac|Holmatro|Hyteq|Pentair|Xylem|Kiwa|Dekra|Vinçotte|Lloyds"""
BRANDS = [brand.strip() for brand in BRANDS.split("|")]
ONSETS = _words(
    "b d f g k l m n p r s t v z x br tr kl st fl gr pr sp vr zw j h w dr kr pl bl gl sn sl"
)
VOWELS = _words("a e i o u a e i o u y ee oo")
MIDDLES = _words("n x l r s k q t m v d g nd rt ll lt nq rv ss nt rk st mb ng ks p b")
BRAND_ENDINGS = _words("ion ex io y a o is on en ix le us ar el um ity go ro ia in")
# Camel-case brands: "NutriControl".
BRAND_HEADS = _words(
    "Nutri Flexi Multi Eco Bio Smart Green Pro Tele Data Info Medi Agri Aqua Terra"
)
BRAND_HEADS += _words("Solar Inno Net Fin Log Euro Cura Vita Opti Nova Omni Vari Sani Tri Duo")
BRAND_TAILS = _words("Control Plan Care Line Point Works Base Lab Hub Net Force Logic Vision Soft")
BRAND_TAILS += _words("Move Clean Fix Zorg Bouw Groen Tec Med Flow Desk Link Pay Check Print")

# Generic place and direction words: no evidence for one company on their own.
GENERIC = ["Noord", "Zuid", "Oost", "West", "Centraal", "Nederland", "Holland"]
BATCH_WORD = "Midden"  # rare in the register, common in one organisation's batch (issue 23, 5)
BATCH_COMPANY = f"Stichting Werkbedrijf {BATCH_WORD}"  # the register company that has it

BIG_CITIES = """Amsterdam|Rotterdam|Den Haag|Utrecht|Eindhoven|Groningen|Tilburg|Almere|Breda|
Nijmegen|Apeldoorn|Haarlem|Arnhem|Enschede|Amersfoort|Zaanstad|Zwolle|Leiden|Maastricht|
Dordrecht|Zoetermeer|Ede|Leeuwarden|Alkmaar|Delft|Deventer|Venlo|Helmond|Hilversum|Oss"""
BIG_CITIES = [city.strip() for city in BIG_CITIES.split("|")]


@dataclass(frozen=True, slots=True)
class LegalForm:
    """A legal form's spellings, the first as a register writes it; `front` forms lead."""

    spellings: tuple[str, ...]
    front: bool = False


BV = LegalForm(("B.V.", "BV", "B V", "Besloten Vennootschap", "B.V", "bv"))
NV = LegalForm(("N.V.", "NV", "N V", "Naamloze Vennootschap", "N.V"))
VOF = LegalForm(("V.O.F.", "VOF", "V O F", "Vennootschap onder firma"))
CV = LegalForm(("C.V.", "CV", "C V", "Commanditaire Vennootschap"))
UA = LegalForm(("U.A.", "UA", "u.a."))
STICHTING = LegalForm(("Stichting", "Stg.", "STG", "Stg"), front=True)
VERENIGING = LegalForm(("Vereniging", "Ver.", "Vereniging"), front=True)
NO_FORM = LegalForm(("",))
# How often each form is in the register: mostly B.V.s, many without a form (eenmanszaak).
REGISTER_FORMS = [BV] * 12 + [NO_FORM] * 5 + [VOF] * 2 + [NV, CV, STICHTING, STICHTING]


@dataclass(frozen=True, slots=True)
class Company:
    core: str  # the name without legal form
    form: LegalForm = NO_FORM
    spelling: int = 0  # which of the form's spellings the register uses

    def name(self, spelling: int | None = None) -> str:
        written = self.form.spellings[self.spelling if spelling is None else spelling]
        if not written:
            return self.core
        return f"{written} {self.core}" if self.form.front else f"{self.core} {written}"


_FORM_WORDS = {"bv", "nv", "vof", "cv", "ua", "stichting", "stg", "vereniging", "ver"}
_FORM_WORDS |= {"besloten", "naamloze", "vennootschap", "onder", "firma", "commanditaire"}


_DOTTED = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_SPACED_FORM = re.compile(r"\b(?:[bnc] v|v o f|u a)\b")


def plain_key(name: str) -> str:
    """The generator's own idea of "the same name": lower-case words without legal form.
    Independent of the engine's normalisation, which is what is being measured. "Holding" stays:
    a holding is a different legal person."""
    text = _DOTTED.sub("", name.lower())
    text = " ".join(_NOT_ALPHANUMERIC.sub(" ", text).split())
    text = _SPACED_FORM.sub(_letters_joined, text)
    words = text.split()
    return " ".join(word for word in words if word not in _FORM_WORDS)


def _letters_joined(match: re.Match) -> str:
    return match.group(0).replace(" ", "")


# ---------------------------------------------------------------------------------------------
# The register.


@dataclass(slots=True)
class Entry:
    company: Company
    kvk: str
    group: str  # what kind of register company this is; decides which queries it can feed
    partner: int | None = None  # the holding of an operating company, the other of a tie, ...
    kvk_of: int | None = None  # the entry whose KvK number this one shares
    decoy_place: str = ""  # a place that another company's name shares with this one


def _cumulative(weights) -> list[float]:
    return list(accumulate(weights))


class Vocabulary:
    """Random words with realistic frequencies: a few surnames, trades and places are in very
    many names (Zipf-like weights), most are in few."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        generated = [
            stem + ending
            for stem in STEMS
            for ending in ENDINGS
            if not stem.lower().endswith(ending[:2])
        ]
        self.surnames = SURNAMES + generated
        # Cumulative weights, worked out once: `choices` would add them up on every call.
        self.surname_weights = _cumulative(
            1 / (rank + 1) ** 0.8 for rank in range(len(self.surnames))
        )
        self.trade_weights = _cumulative(1 / (rank + 1) ** 0.7 for rank in range(len(TRADES)))
        places = []
        with MUNICIPALITIES.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                places.append(row["name"])
        self.places = BIG_CITIES + [p for p in places if p not in BIG_CITIES and "'" not in p]
        self.place_weights = _cumulative(
            [3.0] * len(BIG_CITIES) + [1.0] * (len(self.places) - len(BIG_CITIES))
        )

    def surname(self) -> str:
        name = self.rng.choices(self.surnames, cum_weights=self.surname_weights)[0]
        return name[0].upper() + name[1:] if self.rng.random() < 0.5 else name

    def trade(self) -> str:
        return self.rng.choices(TRADES, cum_weights=self.trade_weights)[0]

    def place(self) -> str:
        return self.rng.choices(self.places, cum_weights=self.place_weights)[0]

    def invented_brand(self) -> str:
        """A pronounceable made-up brand of 4-9 letters ("Xelion", "Finqle", "Mujin")."""
        rng = self.rng
        if rng.random() < 0.06:
            return rng.choice(BRAND_HEADS) + rng.choice(BRAND_TAILS)
        while True:
            word = rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(MIDDLES)
            if rng.random() < 0.3:  # another syllable
                word += rng.choice(VOWELS) + rng.choice(MIDDLES)
            word += rng.choice(BRAND_ENDINGS)
            if 4 <= len(word) <= 9:
                return word.capitalize()


def _one_company_name(vocabulary: Vocabulary, rng: random.Random) -> tuple[str, str]:
    """(core name, group) of an ordinary register company."""
    roll = rng.random()
    v = vocabulary
    if roll < 0.16:
        return f"{v.surname()} {v.trade()}", "surname"
    if roll < 0.26:
        return f"{rng.choice(TRADE_NOUNS)} {v.surname()}", "surname"
    if roll < 0.31:
        return f"{v.surname()} & {v.surname()}", "surname"
    if roll < 0.35:
        return f"{v.surname()} & Zn.", "surname"
    if roll < 0.40:
        initials = "".join(rng.choice("ABCDEFGHJKLMNPRSTW") + "." for _ in range(rng.randint(1, 2)))
        return f"{initials} {v.surname()} {v.trade()}", "surname"
    if roll < 0.47:
        return f"{rng.choice(TRADE_NOUNS)} {v.place()}", "place"
    if roll < 0.51:
        return f"{v.place()} {rng.choice(ENGLISH)}", "place"
    if roll < 0.55:
        return f"{v.trade()} {rng.choice(GENERIC)}", "place"
    if roll < 0.58:
        return f"{rng.choice(GENERIC)} {v.trade()} {v.place()}", "place"
    if roll < 0.62:  # long names, which finance systems cut at 35 characters
        return (
            f"{rng.choice(TRADE_NOUNS)} {v.surname()} {v.trade()} en {v.trade()} {v.place()}",
            "long",
        )
    brand = rng.choice(BRANDS) if rng.random() < 0.03 else v.invented_brand()
    if roll < 0.80:
        return brand, "brand"
    if roll < 0.90:
        return f"{brand} {rng.choice(ENGLISH)}", "brand"
    return f"{brand} {v.trade()}", "brand"


def _add_examples(add, pair, entries) -> None:
    add(Company(BATCH_COMPANY.removeprefix("Stichting "), STICHTING), "batch")
    for brand in ("Otis", "Randstad", "Tenderapp", "Wetravel", "NutriControl", "Ipsos", "Axicomm"):
        add(Company(brand, BV), "brand")
    add(Company("Mujin Netherlands", BV), "brand")
    pair(
        add(Company("Finqle", BV), "operating"),
        add(Company("Finqle Companies Holding", BV), "holding"),
    )
    pair(add(Company("DSV Road", BV), "operating"), add(Company("DSV Road Holding", NV), "holding"))
    add(Company("Mainfreight", BV), "operating_only")
    for brand, place, word in (
        ("Deus", "Rotterdam", "Logistics"),
        ("Xelion", "Amsterdam", "Services"),
    ):
        own, decoy = (
            add(Company(brand, BV), "decoyed"),
            add(Company(f"{place} {brand} {word}", BV), "decoy"),
        )
        if own is not None and decoy is not None:
            entries[own].decoy_place, entries[own].partner = place, decoy


def _register_companies(size: int, rng: random.Random, examples: bool):
    """`size` entries (and the keys taken, and the vocabulary); some companies come in pairs
    (operating company and holding, two companies whose names tie, a statutory name and a trade
    name under one KvK)."""
    vocabulary = Vocabulary(rng)
    entries: list[Entry] = []
    taken: dict[str, int] = {}

    def add(company: Company, group: str, kvk_of=None, tie: bool = False) -> int | None:
        """The entry's index, or None when its name is taken (unless it is to `tie`)."""
        key = plain_key(company.core)
        if key in taken and not tie:
            return None
        taken.setdefault(key, len(entries))
        entries.append(Entry(company, "", group, kvk_of=kvk_of))
        return len(entries) - 1

    def form() -> tuple[LegalForm, int]:
        chosen = rng.choice(REGISTER_FORMS)
        return chosen, (1 if chosen in (BV, NV, VOF) and rng.random() < 0.15 else 0)

    def pair(first: int | None, second: int | None) -> None:
        if first is not None and second is not None:
            entries[first].partner, entries[second].partner = second, first

    if examples:  # the issue's own, so every evaluation has them
        _add_examples(add, pair, entries)
    while len(entries) < size:
        roll = rng.random()
        room = size - len(entries)
        if roll < 0.05 and room >= 2:  # an operating company and its holding
            brand = vocabulary.invented_brand()
            if rng.random() < 0.3:
                brand += " " + rng.choice(["Road", "Group", "Nederland", "Services", "Air"])
            operating = add(Company(brand, BV), "operating")
            if operating is None:
                continue
            holding_core = rng.choice([f"{brand} Holding", f"{brand} Companies Holding"])
            pair(operating, add(Company(holding_core, rng.choice([BV, BV, NV])), "holding"))
        elif roll < 0.08:  # only the operating company, or only the holding, is registered
            brand = vocabulary.invented_brand()
            if rng.random() < 0.5:
                add(Company(brand, BV), "operating_only")
            else:
                add(Company(f"{brand} Holding", BV), "holding_only")
        elif roll < 0.10 and room >= 2:  # "Jansen B.V." and "Jansen V.O.F.": different KvK
            core = rng.choice([vocabulary.surname(), vocabulary.invented_brand()])
            if rng.random() < 0.5:
                core += " " + vocabulary.trade()
            first = add(Company(core, BV), "tie")
            if first is None:
                continue
            other_form = rng.choice([VOF, NV, NO_FORM, STICHTING])
            pair(first, add(Company(core, other_form), "tie", tie=True))
        elif roll < 0.12 and room >= 2:  # a statutory name and a trade name, one KvK
            surname, trade = vocabulary.surname(), vocabulary.trade()
            if plain_key(f"{surname} {trade}") in taken:
                continue
            statutory = add(Company(f"{surname} {trade} Holding", BV), "same_kvk")
            if statutory is None:
                continue
            pair(statutory, add(Company(f"{surname} {trade}"), "same_kvk", kvk_of=statutory))
        elif roll < 0.14 and room >= 2:  # "Deus B.V." and "Rotterdam Deus Logistics"
            brand, place = vocabulary.invented_brand(), vocabulary.place()
            own = add(Company(brand, BV), "decoyed")
            if own is None:
                continue
            decoy = add(Company(f"{place} {brand} {rng.choice(ENGLISH)}", BV), "decoy")
            if decoy is not None:
                entries[own].decoy_place, entries[own].partner = place, decoy
        else:
            core, group = _one_company_name(vocabulary, rng)
            add(Company(core, *form()), group)
    return entries[:size], taken, vocabulary


# ---------------------------------------------------------------------------------------------
# Distortions the way finance systems make them.


def _case(text: str, rng: random.Random) -> str:
    return text.upper() if rng.random() < 0.5 else text


def _respelled(company: Company, rng: random.Random) -> str:
    """The legal form written another of its ways (or left out when it has none to change)."""
    count = len(company.form.spellings)
    if count == 1:
        return company.name()
    other = [i for i in range(count) if i != company.spelling]
    return company.name(rng.choice(other))


def _typo(word: str, rng: random.Random) -> str:
    """One letter dropped, doubled, replaced or two neighbours swapped."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        letter = rng.choice("aeiourstnlkm".replace(word[i].lower(), ""))
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _two_letters(word: str, rng: random.Random) -> str:
    """ "OITS" for Otis, "Rdstad" for Randstad, "NutriConol" for NutriControl: two neighbours
    swapped, or two letters (together or apart) dropped."""
    if len(word) <= 5 or rng.random() < 0.35:
        i = rng.randrange(0, len(word) - 1)
        if word[i].lower() != word[i + 1].lower():
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.6:
        return word[:i] + word[i + 2 :]
    j = rng.randrange(i + 1, len(word) - 1)
    return word[:i] + word[i + 1 : j] + word[j + 1 :]


def _place_tail(name: str, place: str, rng: random.Random) -> str:
    pattern = rng.choice(["{} - {}", "{} {}", "{} te {}", "{}, {}", "{} ({})", "{} {}"])
    glued = pattern.format(name, place.upper() if rng.random() < 0.5 else place)
    return glued.upper() if rng.random() < 0.3 else glued


def _run_together(company: Company, rng: random.Random) -> str | None:
    words = company.core.split()
    if len(words) >= 2 and rng.random() < 0.6:
        i = rng.randrange(len(words) - 1)
        left, right = words[i], words[i + 1]
        seam = right[1:] if left[-1].lower() == right[0].lower() else right
        joined = left + (seam.lower() if rng.random() < 0.5 else seam)
        core = " ".join(words[:i] + [joined] + words[i + 2 :])
        return _case(Company(core, company.form, company.spelling).name(), rng)
    if not company.form.front and company.form.spellings[0] and rng.random() < 0.5:
        spaced = company.form.spellings[0].replace(".", " ").split()
        if len(spaced) >= 2:  # "AXICOMB V": the legal form's first letter glued to the name
            return (company.core + spaced[0] + " " + " ".join(spaced[1:])).upper()
    long_words = [i for i, word in enumerate(words) if len(word) >= 8]
    if long_words:
        i = rng.choice(long_words)
        cut = rng.randrange(3, len(words[i]) - 3)
        words[i] = words[i][:cut] + " " + words[i][cut:]
        return _case(Company(" ".join(words), company.form, company.spelling).name(), rng)
    return None


# ---------------------------------------------------------------------------------------------
# The evaluation.

# Kinds of names taken from the register, with their weights; each probes one failure.
FOUND_KINDS = {
    "exact": 4,
    "upper": 10,
    "legal_form": 10,
    "typo": 9,
    "short_typo": 8,
    "place_tail": 10,
    "cut35": 6,
    "run_together": 6,
    "holding_pair": 5,
    "tie": 3,
    "same_kvk": 3,
    "kvk_right": 7,
    "kvk_wrong": 2,
    "holding_confusion": 4,  # taken from the register, but the named company is not in it
}
# Kinds of names of companies outside the register.
ABSENT_KINDS = {"absent": 18, "absent_similar": 8, "generic_word": 4}
TRUE_SHARE = 0.70


def make_evaluation(
    register_size: int, names: int, seed: int = 23, examples: bool = True
) -> tuple[list[tuple[str, str]], list[tuple[str, str, int | None, str]]]:
    """(register entries [(kvk, name)], rows [(name, kvk or "", true index or None, kind)]).

    The register is sorted by KvK as an export would be; the rows come in random order. With
    `examples` the register has the issue's own examples (Otis, Finqle and its holding, ...)."""
    rng = random.Random(seed)
    register, taken, vocabulary = _register_companies(register_size, rng, examples)
    kvks = rng.sample(range(1_000_000, 99_999_999), len(register) + names)
    spare_kvks = iter(f"{number:08d}" for number in kvks[len(register) :])
    for position, entry in enumerate(register):
        if entry.kvk_of is not None:  # a trade name: its statutory entry's KvK (added before it)
            entry.kvk = register[entry.kvk_of].kvk
        elif rng.random() >= 0.01:  # a few entries have no KvK number
            entry.kvk = f"{kvks[position]:08d}"
    pools: dict[str, list[int]] = {}
    for index, entry in enumerate(register):
        pools.setdefault(entry.group, []).append(index)
    builder = _QueryBuilder(register, taken, vocabulary, pools, rng, spare_kvks)
    batch = min(110, names // 30)
    true_count = round((names - batch) * TRUE_SHARE)
    rows = []
    for kind in rng.choices(list(FOUND_KINDS), list(FOUND_KINDS.values()), k=true_count):
        rows.append(builder.found(kind))
    for kind in rng.choices(
        list(ABSENT_KINDS), list(ABSENT_KINDS.values()), k=names - batch - true_count
    ):
        rows.append(builder.absent(kind))
    rows.extend(builder.batch_common() for _ in range(batch))
    rng.shuffle(rows)

    order = sorted(range(len(register)), key=lambda i: (register[i].kvk or "~", i))
    new_index = {old: new for new, old in enumerate(order)}
    entries = [(register[i].kvk, register[i].company.name()) for i in order]
    rows = [
        (name, kvk, None if truth is None else new_index[truth], kind)
        for name, kvk, truth, kind in rows
    ]
    return entries, rows


class _Neighbours:
    """The register's keys in groups by length and ends (first and last letter, first two
    letters, last two letters), to find those within a few edits of a generated name without
    comparing it with every key: two edits leave at least one of these ends alone unless they
    fall on both ends. Names missed that way are rare, and this only keeps ambiguous names out of
    the evaluation."""

    def __init__(self, keys: list[str]):
        self.groups: dict[tuple, tuple[list[str], list[int]]] = {}
        for index, key in enumerate(keys):
            if key:
                for group in _groups(key, len(key)):
                    keys_of_group, indices = self.groups.setdefault(group, ([], []))
                    keys_of_group.append(key)
                    indices.append(index)

    def within(self, query: str, distance: int) -> list[int]:
        """Entries whose key is at most `distance` edits (Levenshtein) from `query`."""
        found: dict[int, None] = {}
        if not query:
            return []
        for length in range(len(query) - distance, len(query) + distance + 1):
            for group in _groups(query, length):
                keys, indices = self.groups.get(group, ([], []))
                for _key, _distance, position in process.extract(
                    query, keys, scorer=Levenshtein.distance, score_cutoff=distance, limit=None
                ):
                    found[indices[position]] = None
        return list(found)


def _groups(key: str, length: int) -> tuple[tuple, ...]:
    """The groups of keys of `length` that a key within a few edits of `key` is in."""
    return (length, key[0], key[-1]), (length, key[:2], "^"), (length, "$", key[-2:])


def _words_sorted(key: str) -> str:
    return " ".join(sorted(key.split()))


# A name of no company this close to a register name cannot be told from a typo of it.
ABSENT_DISTANCE = 2


class _QueryBuilder:
    def __init__(self, register, taken, vocabulary, pools, rng, spare_kvks):
        self.keys = [plain_key(entry.company.core) for entry in register]
        self.neighbours = _Neighbours(self.keys)
        self.word_sets = {_words_sorted(key) for key in self.keys}  # membership only
        self.register = register
        self.taken = taken
        self.vocabulary = vocabulary
        self.pools = pools
        self.rng = rng
        self.spare_kvks = spare_kvks
        self.used: set[int] = set()  # membership only, never iterated
        self.invented: set[str] = set()
        everyone = list(range(len(register)))
        self.short_brands = [
            i
            for i in everyone
            if register[i].group in ("brand", "operating", "decoyed", "operating_only")
            and " " not in register[i].company.core
            and 4 <= len(register[i].company.core) <= 12
        ]
        self.long_names = [i for i in everyone if len(register[i].company.name()) > 38]
        self.with_kvk = [i for i in everyone if register[i].kvk]
        self.everyone = everyone
        paired = pools.get("operating", []) + pools.get("holding", [])
        self.paired = [i for i in paired if register[i].partner is not None]
        self.lone = pools.get("operating_only", []) + pools.get("holding_only", [])
        self.lone.sort()

    def _pick(self, pool: list[int]) -> int:
        """An entry of `pool`, each used once while the pool lasts."""
        pool = pool or self.everyone
        for _attempt in range(20):
            index = self.rng.choice(pool)
            if index not in self.used:
                break
        self.used.add(index)
        return index

    def found(self, kind: str) -> tuple[str, str, int | None, str]:
        """A name taken from the register and distorted; distorted into another register
        company's name it would have no right answer, so then another is taken."""
        for _attempt in range(50):
            row = self._found(kind)
            if row[2] is None or kind == "tie" or not self._closer_other(row[0], row[2]):
                return row
        return row

    def _closer_other(self, name: str, truth: int) -> bool:
        """Whether another company's key is as close to the name's as the true one's (a typo
        that turns a name into another's, or halfway to it, has no right answer)."""
        key = plain_key(name)
        other = self.taken.get(key)
        if other is not None and other != truth and not self._same_company(other, truth):
            return True
        distance = Levenshtein.distance(key, self.keys[truth])
        if not 0 < distance <= 3:
            return False
        return any(
            not (index == truth or self._same_company(index, truth))
            for index in self.neighbours.within(key, distance)
        )

    def _same_company(self, one: int, other: int) -> bool:
        return self.register[one].kvk_of == other or self.register[other].kvk_of == one

    def _found(self, kind: str) -> tuple[str, str, int | None, str]:
        rng, register = self.rng, self.register
        kvk = ""
        if kind == "short_typo":
            index = self._pick(self.short_brands)
            company = register[index].company
            core = _two_letters(company.core, rng)
            written = Company(core, company.form, company.spelling)
            name = _case(written.name(rng.randrange(len(company.form.spellings))), rng)
        elif kind == "place_tail":
            pool = self.pools.get("decoyed", []) if rng.random() < 0.5 else self.everyone
            index = self._pick(pool)
            entry = register[index]
            place = entry.decoy_place or self.vocabulary.place()
            name = _place_tail(_respelled(entry.company, rng), place, rng)
        elif kind == "cut35":
            index = self._pick(self.long_names)
            name = _case(register[index].company.name(), rng)[:35].rstrip()
        elif kind == "run_together":
            name = None
            while name is None:
                index = self._pick(self.everyone)
                name = _run_together(register[index].company, rng)
        elif kind == "holding_pair":
            index = self._pick(self.paired)
            name = _case(_respelled(register[index].company, rng), rng)
        elif kind == "tie":
            index = self._pick(self.pools.get("tie", []))
            name = _case(_respelled(register[index].company, rng), rng)
        elif kind == "same_kvk":
            index = self._pick(self.pools.get("same_kvk", []))
            name = _case(_respelled(register[index].company, rng), rng)
        elif kind == "holding_confusion":
            return self._holding_confusion()
        else:
            pool = self.with_kvk if kind in ("kvk_right", "kvk_wrong") else self.everyone
            index = self._pick(pool)
            company = register[index].company
            if kind == "exact":
                name = company.name()
            elif kind == "upper":
                name = company.name().upper()
            elif kind == "legal_form":
                name = _case(_respelled(company, rng), rng)
            elif kind == "typo":
                name = self._with_typo(company)
            else:
                name = (
                    _case(_respelled(company, rng), rng) if rng.random() < 0.5 else company.name()
                )
                kvk = register[index].kvk
                if kind == "kvk_wrong":
                    kvk = self._wrong_kvk(kvk)
        return name, kvk, index, kind

    def _with_typo(self, company: Company) -> str:
        words = company.core.split()
        long_words = [i for i, word in enumerate(words) if len(word) >= 5]
        if not long_words:
            return _case(company.name(), self.rng)
        i = self.rng.choice(long_words)
        words[i] = _typo(words[i], self.rng)
        written = Company(" ".join(words), company.form, company.spelling)
        return _case(written.name(), self.rng)

    def _wrong_kvk(self, kvk: str) -> str:
        position = self.rng.randrange(len(kvk))
        digit = self.rng.choice([d for d in "0123456789" if d != kvk[position]])
        return kvk[:position] + digit + kvk[position + 1 :]

    def _holding_confusion(self) -> tuple[str, str, None, str]:
        """ "Mainfreight Holding B.V." when the register has only "Mainfreight B.V.", or the
        other way round: a different legal person, so no true match."""
        index = self._pick(self.lone)
        entry = self.register[index]
        if entry.group == "operating_only":
            other = Company(entry.company.core + " Holding", BV)
        else:
            other = Company(entry.company.core.removesuffix(" Holding"), BV)
        if plain_key(other.core) in self.taken:
            return self.found("legal_form")
        return _case(_respelled(other, self.rng), self.rng), "", None, "holding_confusion"

    def _new(self, core: str) -> bool:
        key = plain_key(core)
        if key in self.taken or key in self.invented:
            return False
        if self.neighbours.within(key, ABSENT_DISTANCE) or _words_sorted(key) in self.word_sets:
            return False  # as close as a typo, or the same words in another order
        self.invented.add(key)
        return True

    def _absent_kvk(self) -> str:
        return next(self.spare_kvks) if self.rng.random() < 0.1 else ""

    def absent(self, kind: str) -> tuple[str, str, None, str]:
        rng, vocabulary = self.rng, self.vocabulary
        while True:
            if kind == "absent":
                core, _group = _one_company_name(vocabulary, rng)
            elif kind == "absent_similar":
                # A word of a register name in another company's name: "Jansen Schoonmaak"
                # beside "Jansen Bouw", "Xelion Logistics" beside "Xelion B.V.".
                source = self.register[rng.choice(self.everyone)].company.core.split()
                word = max(source, key=len)
                other = rng.choice([vocabulary.trade(), rng.choice(ENGLISH), vocabulary.surname()])
                core = f"{word} {other}" if rng.random() < 0.7 else f"{other} {word}"
            else:
                core = f"{rng.choice(GENERIC)} {rng.choice([vocabulary.trade(), *ENGLISH])}"
                if rng.random() < 0.5:
                    core += " " + vocabulary.place()
            if self._new(core):
                break
        company = Company(core, rng.choice(REGISTER_FORMS))
        return _case(company.name(), rng), self._absent_kvk(), None, kind

    def batch_common(self) -> tuple[str, str, None, str]:
        """ "Midden Schoonmaak B.V.", "Midden Qorvix B.V.": the batch's own common word, beside
        "Werkbedrijf Midden". Its other word is mostly one the register hardly knows, so
        "Werkbedrijf Midden" is the only company that shares a word with it."""
        rng, vocabulary = self.rng, self.vocabulary
        while True:
            roll = rng.random()
            if roll < 0.6:
                word = vocabulary.invented_brand()
            elif roll < 0.8:
                word = vocabulary.trade()
            else:
                word = vocabulary.surname()
            core = f"{BATCH_WORD} {word}"
            if self._new(core):
                break
        return _case(Company(core, BV).name(), rng), "", None, "batch_common"


def query_pairs(rows) -> list[tuple[str, str]]:
    """The (name, KvK) pairs to give `Register.match_many`."""
    return [(name, kvk) for name, kvk, _truth, _kind in rows]


# ---------------------------------------------------------------------------------------------
# Metrics.

COUNTS = ("names", "true", "auto", "auto_right", "auto_wrong", "review", "review_right", "none")


def evaluate(register_entries, rows, matches) -> dict:
    """Counts and rates overall and per kind.

    A link is right when it points at the true company: the entry with the true entry's KvK
    (a company with several entries counts once), or the true entry itself when it has none.
    `auto_precision` is right automatic links over all automatic links; `auto_recall` the share
    of true matches linked automatically and rightly; `found` the share of true matches linked
    rightly or proposed for review with the right company as the best candidate. An automatic
    link on a name whose company is not in the register is wrong; a review proposal is not."""
    index_of = {}
    for index, entry in enumerate(register_entries):
        index_of.setdefault(entry[2] if len(entry) > 2 else index, index)

    def company(index):
        kvk = register_entries[index][0]
        return ("kvk", kvk) if kvk else ("entry", index)

    tallies: dict[str, dict[str, int]] = {}
    for (_name, _kvk, truth, kind), match in zip(rows, matches, strict=True):
        for bucket in ("all", kind):
            tally = tallies.setdefault(bucket, dict.fromkeys(COUNTS, 0))
            tally["names"] += 1
            tally["true"] += truth is not None
            linked = index_of.get(match.ref) if match.decision != "none" else None
            right = truth is not None and linked is not None and company(linked) == company(truth)
            if match.decision == "auto":
                tally["auto"] += 1
                tally["auto_right"] += right
                tally["auto_wrong"] += not right
            elif match.decision == "review":
                tally["review"] += 1
                tally["review_right"] += right
            else:
                tally["none"] += 1
    metrics = {}
    for bucket, tally in tallies.items():
        true = tally["true"]
        metrics[bucket] = {
            **tally,
            "auto_precision": tally["auto_right"] / tally["auto"] if tally["auto"] else 1.0,
            "auto_recall": tally["auto_right"] / true if true else None,
            "found": (tally["auto_right"] + tally["review_right"]) / true if true else None,
        }
    order = ["all"] + sorted(bucket for bucket in metrics if bucket != "all")
    return {bucket: metrics[bucket] for bucket in order}


def report(metrics: dict) -> str:
    """The metrics as a table, one line per kind, the whole set first."""
    header = (
        f"{'kind':<18}{'names':>7}{'true':>7}{'auto':>7}{'wrong':>7}{'review':>7}{'none':>7}"
        f"{'precision':>11}{'auto rec':>10}{'found':>8}"
    )
    lines = [header, "-" * len(header)]

    def rate(value):
        return f"{value:.3f}" if value is not None else "-"

    for bucket, m in metrics.items():
        lines.append(
            f"{bucket:<18}{m['names']:>7}{m['true']:>7}{m['auto']:>7}{m['auto_wrong']:>7}"
            f"{m['review']:>7}{m['none']:>7}{rate(m['auto_precision']):>11}"
            f"{rate(m['auto_recall']):>10}{rate(m['found']):>8}"
        )
    return "\n".join(lines)
