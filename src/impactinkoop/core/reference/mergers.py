"""What happened to the municipalities of the 2016 layout (data/municipalities.csv) since: the
mergers and dissolutions in force from 1 January 2017 up to today, kept by hand because they are
few, public (each is a law of its own) and change the place names that invoices carry. The
places list (data/places.csv) is built from this and the 2016 layout; a later merger is one more
line here."""

# (year in force, the municipality that remained or was formed, the 2016 municipalities that
# went into it). A municipality split over several (Littenseradiel, Haaren) is listed under one
# of them: what counts here is that it is gone.
MERGERS = (
    (2017, "Meierijstad", ("Schijndel", "Sint-Oedenrode", "Veghel")),
    (2018, "Midden-Groningen", ("Hoogezand-Sappemeer", "Menterwolde", "Slochteren")),
    (2018, "Westerwolde", ("Bellingwedde", "Vlagtwedde")),
    (2018, "Waadhoeke", ("Franekeradeel", "het Bildt", "Menameradiel", "Littenseradiel")),
    (2018, "Leeuwarden", ("Leeuwarderadeel",)),
    (2018, "Zevenaar", ("Rijnwaarden",)),
    (2019, "Beekdaelen", ("Nuth", "Onderbanken", "Schinnen")),
    (2019, "Haarlemmermeer", ("Haarlemmerliede en Spaarnwoude",)),
    (2019, "Het Hogeland", ("Bedum", "De Marne", "Eemsmond", "Winsum")),
    (2019, "Westerkwartier", ("Grootegast", "Leek", "Marum", "Zuidhorn")),
    (2019, "Groningen", ("Haren", "Ten Boer")),
    (
        2019,
        "Hoeksche Waard",
        ("Binnenmaas", "Cromstrijen", "Korendijk", "Oud-Beijerland", "Strijen"),
    ),
    (2019, "Molenlanden", ("Giessenlanden", "Molenwaard")),
    (2019, "Vijfheerenlanden", ("Leerdam", "Vianen", "Zederik")),
    (
        2019,
        "Noardeast-Fryslân",
        ("Dongeradeel", "Ferwerderadiel", "Kollumerland en Nieuwkruisland"),
    ),
    (2019, "West Betuwe", ("Geldermalsen", "Lingewaal", "Neerijnen")),
    (2019, "Altena", ("Aalburg", "Werkendam", "Woudrichem")),
    (2019, "Noordwijk", ("Noordwijkerhout",)),
    (2021, "Eemsdelta", ("Appingedam", "Delfzijl", "Loppersum")),
    (2021, "Tilburg", ("Haaren",)),  # split over Boxtel, Oisterwijk, Tilburg and Vught
    (
        2022,
        "Land van Cuijk",
        ("Boxmeer", "Cuijk", "Grave", "Mill en Sint Hubert", "Sint Anthonis"),
    ),
    (2022, "Maashorst", ("Landerd", "Uden")),
    (2022, "Dijk en Waard", ("Heerhugowaard", "Langedijk")),
    (2022, "Purmerend", ("Beemster",)),
    (2022, "Amsterdam", ("Weesp",)),
    (2023, "Voorne aan Zee", ("Brielle", "Hellevoetsluis", "Westvoorne")),
)

# Official names spelled otherwise since 2016 (the old spelling stays as an alias).
RENAMED = {"Súdwest Fryslân": "Súdwest-Fryslân"}

# The names people and finance systems write for municipalities whose official name is another.
# Frisian municipalities also go by their Dutch name, which is how many systems outside
# Friesland write them.
EVERYDAY_NAMES = {
    "Den Haag": "'s-Gravenhage",
    "The Hague": "'s-Gravenhage",
    "Den Bosch": "'s-Hertogenbosch",
    "Nuenen": "Nuenen, Gerwen en Nederwetten",
    "Dantumadeel": "Dantumadiel",
    "De Friese Meren": "De Fryske Marren",
    "Tietjerksteradeel": "Tytsjerksteradiel",
}


def current_municipalities(names_2016) -> list[str]:
    """The municipalities of today, from the names of the 2016 layout."""
    gone = {old for _, _, olds in MERGERS for old in olds}
    current = {RENAMED.get(name, name) for name in names_2016 if name not in gone}
    current |= {new for _, new, _ in MERGERS}
    return sorted(current, key=str.casefold)


def former_municipalities(names_2016) -> list[str]:
    """The 2016 municipalities that merged into another since, in alphabetical order."""
    gone = {old for _, _, olds in MERGERS for old in olds}
    return sorted((name for name in names_2016 if name in gone), key=str.casefold)
