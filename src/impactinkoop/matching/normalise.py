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
_LEGAL_FORM_WORDS = {form for form in LEGAL_FORMS if " " not in form}
_LEGAL_FORM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(f) for f in LEGAL_FORMS) + r")\b")
ARTICLES = {"de", "het", "een", "the", "der", "den"}


def strip_accents(text: str) -> str:
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


COUNTRY_CODES = {"nl", "be", "de", "fr", "uk", "gb", "us", "usa", "lu"}


def simplify(name: str) -> str:
    """Lower case, no accents, '&' as 'en', hyphenated words joined, punctuation as spaces."""
    text = strip_accents(name or "").lower().replace("&amp;", "&").replace("&amp", "&")
    text = re.sub(r"(?<=\b[a-z])\. ?(?=[a-z]\b)", "", text)  # b.v. / b. v. -> bv, v.o.f. -> vof
    text = re.sub(r"\b([bn]) (v)\b", r"\1\2", text)  # "b v", "n v" as the bv and nv they are
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)  # gist-brocades and gistbrocades alike
    text = text.replace("&", " en ").replace("+", " en ")
    text = re.sub(r"[^\w\s,]", " ", text)
    text = _without_address_tail(text)
    return re.sub(r"\s+", " ", text.replace(",", " ")).strip()


def _without_address_tail(text: str) -> str:
    """Drop ", DELFT, NL" after a name that ends in a legal form, and a trailing country code:
    registers and finance systems add them, the name itself does not have them."""
    head, comma, tail = text.partition(",")
    if comma and head.split() and head.split()[-1] in _LEGAL_FORM_WORDS:
        return head
    words = text.replace(",", " ").split()
    if len(words) > 2 and words[-1] in COUNTRY_CODES:
        return " ".join(words[:-1])
    return text


def name_key(name: str) -> str:
    """The name without legal form, articles or punctuation: the key two spellings share."""
    text = simplify(name)
    text = _LEGAL_FORM_PATTERN.sub(" ", text)
    words = [word for word in text.split() if word not in ARTICLES]
    return " ".join(words) or simplify(name)
