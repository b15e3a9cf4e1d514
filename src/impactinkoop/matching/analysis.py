"""What the engine compares of a name: its distinctive words (the key) and a place cut off its
end. Kept apart from `normalise.name_key`, which identifies suppliers across imports and must not
change when the engine learns something new.

"Finqle Companies Holding B.V." -> key "finqle holding": "holding" stays, because a holding
and its operating company are different legal persons. "Deus B.V. - Rotterdam" -> key "deus",
place "rotterdam"."""

import re
from functools import lru_cache
from typing import NamedTuple

from .normalise import ARTICLES, GENERIC_WORDS, LEGAL_FORMS, simplify
from .places import MAX_PLACE_WORDS, municipality_keys, place_keys

# Words that make another legal person of the same name: never linked on their own.
DISTINGUISHING = ("holding", "holdings", "beheer", "participaties")
_FORMS = [form for form in LEGAL_FORMS if form not in DISTINGUISHING]
_FORM = "|"  # where a legal form stood
_SEPARATED_TAIL = re.compile(r"^(.*\S)\s*(?:\s[-\u2013]\s|\(|,|/)\s*([^()\-\u2013,/]+?)\s*\)?\s*$")
_SEPARATORS = frozenset("-\u2013(,/")  # one of them is in every name the pattern matches
# Legal forms written with spaces: "V O F", "C V", "B V" (simplify joins "B. V." already).
_GLUED_VOF = re.compile(r"([a-z]{3,})v o f$")
_SPACED_FORMS = re.compile(r"\b(?:v o f|c v|b v|n v)\b")
_FORM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(f) for f in _FORMS) + r")\b")
# One spelling for each legal form; "ua" and the like only qualify a cooperative.
FORM_SPELLINGS = {
    "besloten vennootschap": "bv",
    "naamloze vennootschap": "nv",
    "vennootschap onder firma": "vof",
    "commanditaire vennootschap": "cv",
    "stg": "stichting",
    "ver": "vereniging",
    "cooperatieve vereniging": "cooperatie",
    "cooperatie ua": "cooperatie",
    "cooperatie wa": "cooperatie",
    "cooperatie ba": "cooperatie",
    "coop": "cooperatie",
    "ua": "cooperatie",
    "wa": "cooperatie",
    "ba": "cooperatie",
    "limited": "ltd",
}
_NOT_A_FORM = {"co kg"}
# Words before a glued place: "Ipsos te Utrecht", "Bakker in Delft".
_PLACE_LINKS = {"te", "in", "at"}
# Words that say where or how big, not who: never evidence that two names are one company.
NOT_EVIDENCE = frozenset(
    {
        "noord",
        "zuid",
        "oost",
        "west",
        "midden",
        "centraal",
        "central",
        "centrum",
        "nederland",
        "netherlands",
        "holland",
        "nederlandse",
        "dutch",
        "europe",
        "europa",
        "european",
        "international",
        "internationaal",
        "nationaal",
        "national",
        "regio",
        "regionaal",
        "groep",
        "group",
        "groot",
        "nieuw",
        "services",
        "service",
        "holding",
        "holdings",
        "beheer",
    }
)


class Analysed(NamedTuple):
    """A name as the engine compares it. A named tuple: a batch makes one for every name and
    every candidate it meets, and sends them between processes."""

    key: str  # the distinctive words, in order
    place: str = ""  # a place cut off the end, or ""
    form: str = ""  # the legal form the name states, as one spelling ("bv", "stichting")
    compact: str = ""  # every word but the legal form, without spaces ("dejonggarage")
    address: bool = False  # the place came after a legal form, "te" or a separator

    @property
    def full(self) -> str:
        return f"{self.key} {self.place}" if self.place else self.key


@lru_cache(maxsize=65536)
def analyse(name: str) -> Analysed:
    head, separated = _separated_tail(name)
    text = _SPACED_FORMS.sub(_joined, _unglue_legal_form(simplify(head)))
    if separated:
        text = f"{text} te {separated}"  # "Deus B.V. - Rotterdam": as "Deus B.V. te Rotterdam"
    # Legal forms become a mark first: a place counts only right after one (or after "te").
    forms = _FORM_PATTERN.findall(text)
    marked = _FORM_PATTERN.sub(f" {_FORM} ", text).split()
    ends_in_form = bool(marked) and marked[-1] == _FORM
    while marked and marked[-1] == _FORM:
        marked.pop()
    # A place right before the legal form is part of the name ("Groenewegen Achtkarspelen
    # B.V."); at the very end of a name it is an address the finance system added.
    marked, place, address = _cut_place(marked, anywhere=not ends_in_form)
    words = [w for w in marked if w != _FORM]
    kept = [w for w in words if w not in ARTICLES and w not in GENERIC_WORDS]
    kept = list(dict.fromkeys(kept))  # "UNILEVER PLC; UNILEVER NV" names one company
    if not kept:
        kept = [w for w in words if w not in ARTICLES] or text.split()
    form = next((FORM_SPELLINGS.get(f, f) for f in forms if f not in _NOT_A_FORM), "")
    return Analysed(" ".join(kept), place, form, "".join(words) or "".join(kept), address)


def _separated_tail(name: str) -> tuple[str, str]:
    """A place set apart at the end of a name ("X - Rotterdam", "X (Den Helder)", "X, Delft",
    "X / Utrecht"): the name before it and the place, simplified; else the name and ""."""
    # Most names have no separator: the pattern's backtracking would look at every position.
    match = _SEPARATED_TAIL.match(name) if name and _SEPARATORS.intersection(name) else None
    if match:
        place = simplify(match.group(2))
        if place in place_keys():
            return match.group(1), place
    return name, ""


def _cut_place(words: list[str], anywhere: bool) -> tuple[list[str], str, bool]:
    """The words without a place at their end, and that place: a place after a legal form or a
    linking word ("Xelion BV Amsterdam", "Ipsos te Utrecht") or, with `anywhere`, a municipality
    that ends the name ("Senqia Heerenveen"; a residence there may be a surname, "De Graaf").
    What is left must still name something."""
    for size in range(min(MAX_PLACE_WORDS, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        head = words[:-size]
        if tail not in place_keys() or not head:
            continue
        address = head[-1] in (_FORM, *_PLACE_LINKS)
        if not address and not (anywhere and tail in municipality_keys()):
            continue
        while head and head[-1] in (_FORM, *_PLACE_LINKS):
            head = head[:-1]
        if _names_something([w for w in head if w != _FORM]):
            return head, tail, address
    return words, "", False


def _names_something(words: list[str]) -> bool:
    """What is left after cutting a place still names a company: a word that is not an
    article or a generic word ("Leiden Group C.V. Drechterland" keeps "Leiden Group")."""
    return any(len(w) >= 2 and w not in ARTICLES and w not in GENERIC_WORDS for w in words)


def _joined(match: re.Match) -> str:
    return match.group(0).replace(" ", "")


def _unglue_legal_form(text: str) -> str:
    """A legal form run into the name: "AXICOMMB V" is "AXICOMM B.V.", "ACMEBV" is "ACME BV",
    "VENLOV O F" is "VENLO V.O.F."."""
    if text.endswith("v o f"):  # the pattern tries every position of the name otherwise
        text = _GLUED_VOF.sub(r"\1 vof", text)
    words = text.split()
    if len(words) >= 2 and words[-1] == "v" and len(words[-2]) > 4 and words[-2][-1] in "bn":
        words = [*words[:-2], words[-2][:-1]]
    elif words and len(words[-1]) > 5 and words[-1].endswith(("bv", "nv")):
        words = [*words[:-1], words[-1][:-2]]
    return " ".join(words)


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=131072)  # asked for both names of every pair a batch compares
def distinguishing(key: str) -> frozenset[str]:
    """The distinguishing words of a key ("holding")."""
    if not any(word in key for word in DISTINGUISHING):  # most keys: one quick look
        return _NONE
    return frozenset(w for w in key.split() if w in DISTINGUISHING)
