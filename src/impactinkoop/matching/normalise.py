"""Normalising company names so that spellings of one name compare equal:
"STG. DE WERKPLAATS", "De Werkplaats" and "Stichting de Werkplaats" all become "werkplaats"."""

import re
import unicodedata
from functools import lru_cache

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
LEGAL_FORM_WORDS = {form for form in LEGAL_FORMS if " " not in form}
_LEGAL_FORM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(f) for f in LEGAL_FORMS) + r")\b")
ARTICLES = {"de", "het", "een", "the", "der", "den"}


def strip_accents(text: str) -> str:
    if text.isascii():  # most names: skip the per-character work
        return text
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


COUNTRY_CODES = {"nl", "be", "de", "fr", "uk", "gb", "us", "usa", "lu"}


def simplify(name: str) -> str:
    """Lower case, no accents, '&' as 'en', hyphenated words joined, punctuation as spaces."""
    text = strip_accents(name or "").lower()
    if "&amp" in text:
        text = text.replace("&amp;", "&").replace("&amp", "&")
    if "." in text:
        text = _INITIALS.sub("", text)  # b.v. -> bv, v.o.f. -> vof, d.s.m. -> dsm
    if "-" in text:
        text = _HYPHEN.sub("", text)  # gist-brocades and gistbrocades alike
    text = text.replace("&", " en ").replace("+", " en ")
    text = _PUNCTUATION.sub(" ", text)
    if " v" in text or " a" in text or ",v" in text:
        text = _SPLIT_BV_NV.sub(_joined, text)  # "b. v.", "n,v", "s. a." as bv, nv, sa
    text = _without_address_tail(text)
    return " ".join(text.replace(",", " ").split())


_INITIALS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")
_SPLIT_BV_NV = re.compile(r"\b(?:[bn][\s,]+v|s[\s,]+a)\b")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_PUNCTUATION = re.compile(r"[^\w\s,]")


def _joined(match: re.Match) -> str:
    return match.group(0)[0] + match.group(0)[-1]


def _without_address_tail(text: str) -> str:
    """Drop ", DELFT, NL" after a name that ends in a legal form, and a trailing country code:
    registers and finance systems add them, the name itself does not have them."""
    head, comma, tail = text.partition(",")
    if comma and len(head.split()) >= 2 and head.split()[-1] in LEGAL_FORM_WORDS:
        return head
    words = text.replace(",", " ").split()
    if len(words) > 2 and words[-1] in COUNTRY_CODES:
        words = words[:-1]
    if len(words) > 3 and words[-2] == "te" and words[-3] in LEGAL_FORM_WORDS:
        words = words[:-2]  # "DSM N.V. TE HEERLEN": the seat, not the name
    return " ".join(words)


# Kept for the names of one process's recent work: an import decides line keys, supplier keys
# and matches from the same few thousand names, three passes that would normalise each again.
@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The name without legal form, articles or punctuation: the key two spellings share."""
    simple = simplify(name)
    words = [word for word in _LEGAL_FORM_PATTERN.sub(" ", simple).split() if word not in ARTICLES]
    return " ".join(words) or simple


# Words that say "company" without naming one. They stay in `name_key` (which identifies a
# supplier across imports and must not change) but are left out when names are compared.
GENERIC_WORDS = {"co", "company", "companies", "corp", "corporation", "incorporated", "cie"}


@lru_cache(maxsize=65536)
def comparison_key(name: str) -> str:
    """`name_key` without generic company words: "The Singer Company N.V." and "Singer Co."
    compare equal."""
    key = name_key(name)
    # Repeated words go too: "UNILEVER PLC; UNILEVER NV" names one company.
    words = list(dict.fromkeys(word for word in key.split() if word not in GENERIC_WORDS))
    return " ".join(words) if words else key


@lru_cache(maxsize=131072)  # a batch asks it for both names of the pairs it compares
def initials(key: str) -> str:
    """ "international business machines" -> "ibm": the initials of a name of three or more
    words, or "" for shorter names (two letters say too little)."""
    words = key.split()
    return "".join(word[0] for word in words) if len(words) >= 3 else ""
