"""Normalising company names so that spellings of one name compare equal:
"STG. DE WERKPLAATS", "De Werkplaats" and "Stichting de Werkplaats" all become "werkplaats"."""

import re
import unicodedata

# Legal forms and their abbreviations as finance systems and registers write them (after
# lower-casing, stripping accents and dots). Longest first so "cooperatie ua" beats "ua".
LEGAL_FORMS = sorted(
    {
        "besloten vennootschap",
        "naamloze vennootschap",
        "vennootschap onder firma",
        "commanditaire vennootschap",
        "cooperatie ua",
        "cooperatie wa",
        "cooperatie ba",
        "cooperatie",
        "cooperatieve vereniging",
        "stichting",
        "vereniging",
        "eenmanszaak",
        "maatschap",
        "holding",
        "bv",
        "nv",
        "vof",
        "cv",
        "ua",
        "ba",
        "wa",
        "stg",
        "ver",
        "coop",
        "ltd",
        "limited",
        "gmbh",
        "ag",
        "sa",
        "sarl",
        "bvba",
        "srl",
        "llc",
        "inc",
        "plc",
        "co kg",
        "kg",
        "ohg",
        "ev",
    },
    key=len,
    reverse=True,
)
_LEGAL_FORM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(f) for f in LEGAL_FORMS) + r")\b")
ARTICLES = {"de", "het", "een", "the", "der", "den"}


def strip_accents(text: str) -> str:
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


def simplify(name: str) -> str:
    """Lower case, no accents, '&' as 'en', punctuation as spaces, single spaces."""
    text = strip_accents(name or "").lower()
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # b.v. -> bv, v.o.f. -> vof
    text = text.replace("&", " en ").replace("+", " en ")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def name_key(name: str) -> str:
    """The name without legal form, articles or punctuation: the key two spellings share."""
    text = simplify(name)
    text = _LEGAL_FORM_PATTERN.sub(" ", text)
    words = [word for word in text.split() if word not in ARTICLES]
    return " ".join(words) or simplify(name)
