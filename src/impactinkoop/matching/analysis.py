"""What the engine compares of a name: its distinctive words (the key) and a place cut off its
end. Kept apart from `normalise.name_key`, which identifies suppliers across imports and must not
change when the engine learns something new.

"Finqle Companies Holding B.V." -> key "finqle holding": "holding" stays, because a holding
and its operating company are different legal persons. "Deus B.V. - Rotterdam" -> key "deus",
place "rotterdam"."""

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalise import ARTICLES, GENERIC_WORDS, LEGAL_FORMS, simplify
from .places import MAX_PLACE_WORDS, place_keys

# Words that make another legal person of the same name: never linked on their own.
DISTINGUISHING = ("holding", "holdings", "beheer", "participaties")
_FORMS = [form for form in LEGAL_FORMS if form not in DISTINGUISHING]
_FORM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(f) for f in _FORMS) + r")\b")
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


@dataclass(frozen=True)
class Analysed:
    key: str  # the distinctive words, in order
    place: str  # a place cut off the end, or ""

    @property
    def full(self) -> str:
        return f"{self.key} {self.place}" if self.place else self.key


@lru_cache(maxsize=65536)
def analyse(name: str) -> Analysed:
    text = _unglue_legal_form(simplify(name))
    words = _FORM_PATTERN.sub(" ", text).split()
    place = ""
    for size in range(min(MAX_PLACE_WORDS, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        head = words[:-size]
        while head and head[-1] in _PLACE_LINKS:
            head = head[:-1]
        if tail in place_keys() and _names_something(head):
            words, place = head, tail
            break
    kept = [w for w in words if w not in ARTICLES and w not in GENERIC_WORDS]
    kept = list(dict.fromkeys(kept))  # "UNILEVER PLC; UNILEVER NV" names one company
    if not kept:
        kept = [w for w in words if w not in ARTICLES] or text.split()
    return Analysed(" ".join(kept), place)


def _names_something(words: list[str]) -> bool:
    """What is left after cutting a place still names a company: a word that is not an
    article, a generic word, a direction or itself a place."""
    return any(
        len(w) >= 2
        and w not in ARTICLES
        and w not in GENERIC_WORDS
        and w not in NOT_EVIDENCE
        and w not in place_keys()
        for w in words
    )


def _unglue_legal_form(text: str) -> str:
    """A legal form run into the name: "AXICOMMB V" is "AXICOMM B.V.", "ACMEBV" is "ACME BV"."""
    words = text.split()
    if len(words) >= 2 and words[-1] == "v" and len(words[-2]) > 4 and words[-2][-1] in "bn":
        words = [*words[:-2], words[-2][:-1]]
    elif words and len(words[-1]) > 5 and words[-1].endswith(("bv", "nv")):
        words = [*words[:-1], words[-1][:-2]]
    return " ".join(words)


def distinguishing(words) -> frozenset[str]:
    return frozenset(w for w in words if w in DISTINGUISHING)
