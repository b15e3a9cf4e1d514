"""Matching names against a register: exact KvK first, then candidates found through a token
index (never all pairs), scored with rapidfuzz, and put in a band with a reason a person reads.

Plain Python: no Django, so the engine runs in commands, jobs and benchmarks alike."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .normalise import name_key

AUTO = "auto"
REVIEW = "review"
NONE = "none"

AUTO_SCORE = 96.0  # at or above, and clearly ahead of the next candidate: linked without review
REVIEW_SCORE = 80.0  # at or above: proposed to a person
MARGIN = 4.0  # how far the best must be ahead of a different company for `auto`
TRUNCATED_AT = 30  # names this long may have been cut off by the finance system
MAX_CANDIDATES = 60
SHORTLIST = 6  # candidates scored in full, per similarity measure
COMMON_TOKEN_SHARE = 0.02  # tokens in more than 2% of the register only narrow, never find


# The reasons, in English; the web pages translate them (spend.reasons).
SAME_KVK = "same KvK"
KVK_NAMES_DIFFER = "same KvK, but the names differ"
SAME_NAME = "same name after removing legal form and punctuation"
CUT_SHORT = "the ledger name is the register name cut short"
WORD_ORDER = "same words in another order"
LEDGER_WORDS_IN_REGISTER = "every word of the ledger name is in the register name"
REGISTER_WORDS_IN_LEDGER = "every word of the register name is in the ledger name"
ONE_LETTER = "1 letter differs"
LETTERS = "{count} letters differ"
ALIKE = "names {score}% alike"
NO_CANDIDATE = "no candidate"
BUT_KVK_DIFFERS = ", but the KvK numbers differ"
BUT_RIVAL = "; another company scores almost as high"


@dataclass(frozen=True)
class Match:
    name: str
    kvk: str
    match_kvk: str
    match_name: str
    score: float
    decision: str
    reason: str
    ref: object = None  # the caller's id of the register entry (a company's pk)
    alternatives: tuple = ()  # (ref, name, kvk, score) of the next best candidates


class Register:
    """An in-memory index of (KvK number, name) entries; KvK may be empty for candidates."""

    def __init__(self, entries: Iterable[tuple]):
        """Entries are (KvK, name) or (KvK, name, ref); `ref` comes back in each Match."""
        self.refs: list = []
        self.kvks: list[str] = []
        self.names: list[str] = []
        self.keys: list[str] = []
        self.by_kvk: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        prefixes: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            kvk, name = entry[0], entry[1]
            index = len(self.names)
            self.refs.append(entry[2] if len(entry) > 2 else index)
            key = name_key(name)
            self.kvks.append(kvk or "")
            self.names.append(name)
            self.keys.append(key)
            if kvk:
                self.by_kvk.setdefault(kvk, index)
            for token in set(key.split()):
                postings[token].append(index)
                if len(token) >= 5:
                    prefixes[token[:4]].append(index)
        self.postings = dict(postings)
        self.prefixes = dict(prefixes)
        self.common = max(50, int(len(self.names) * COMMON_TOKEN_SHARE))

    def __len__(self) -> int:
        return len(self.names)

    def candidates(self, key: str) -> list[int]:
        """Register entries sharing the query's rarest words (or, for typos, word beginnings)."""
        tokens = sorted(set(key.split()), key=lambda t: len(self.postings.get(t, ())))
        votes: dict[int, int] = defaultdict(int)
        rare = [t for t in tokens if 0 < len(self.postings.get(t, ())) <= self.common]
        for token in rare[:3] or tokens[:1]:
            for index in self.postings.get(token, ())[: self.common * 4]:
                votes[index] += 2
        if len(votes) < 3:
            for token in tokens:
                if len(token) >= 5:
                    for index in self.prefixes.get(token[:4], ())[: self.common]:
                        votes[index] += 1
        ranked = sorted(votes, key=votes.__getitem__, reverse=True)
        return ranked[:MAX_CANDIDATES]

    def match(self, name: str, kvk: str = "") -> Match:
        kvk = (kvk or "").strip()
        key = name_key(name)
        if kvk and kvk in self.by_kvk:
            index = self.by_kvk[kvk]
            score, _reason = self._score(key, name, index)
            if score < 50:
                return self._result(name, kvk, index, score, REVIEW, KVK_NAMES_DIFFER)
            return self._result(name, kvk, index, 100.0, AUTO, SAME_KVK)
        scored = sorted(
            ((self._score(key, name, index), index) for index in self._shortlist(key)),
            key=lambda item: item[0][0],
            reverse=True,
        )
        if not scored:
            return Match(name, kvk, "", "", 0.0, NONE, NO_CANDIDATE)
        (best, reason), index = scored[0]
        alternatives = tuple(
            (self.refs[i], self.names[i], self.kvks[i], round(s, 1)) for (s, _r), i in scored[1:6]
        )
        rival = next((s for (s, _r), i in scored[1:] if not self._same_company(i, index)), 0.0)
        if kvk and self.kvks[index] and self.kvks[index] != kvk and best >= REVIEW_SCORE:
            decision, reason = REVIEW, reason + BUT_KVK_DIFFERS
        elif best >= AUTO_SCORE and best - rival >= MARGIN:
            decision = AUTO
        elif best >= REVIEW_SCORE:
            decision = REVIEW
            if best - rival < MARGIN:
                reason += BUT_RIVAL
        else:
            decision = NONE
        return self._result(name, kvk, index, best, decision, reason, alternatives)

    def _shortlist(self, key: str) -> list[int]:
        """The candidates worth a full score: the best few by plain and by word-order-free
        similarity, both computed in rapidfuzz's C++ loop rather than one call per candidate."""
        candidates = self.candidates(key)
        if len(candidates) <= SHORTLIST:
            return candidates
        keys = [self.keys[i] for i in candidates]
        best = set()
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _choice, _score, position in process.extract(
                key, keys, scorer=scorer, limit=SHORTLIST
            ):
                best.add(candidates[position])
        if len(key) >= 12:  # a cut-off name: register names that start with it
            best.update(i for i in candidates if self.keys[i].startswith(key[:12]))
        return list(best)

    def _same_company(self, one: int, other: int) -> bool:
        return self.keys[one] == self.keys[other] or (
            bool(self.kvks[one]) and self.kvks[one] == self.kvks[other]
        )

    def _score(self, key: str, raw: str, index: int) -> tuple[float, str]:
        other = self.keys[index]
        if key == other:
            return 100.0, SAME_NAME
        if len(raw.strip()) >= TRUNCATED_AT and len(key) >= 12:
            # A cut-off name may end in half a word ("... STICHTIN"): try without it too.
            shorter = key.rsplit(" ", 1)[0] if " " in key else key
            for prefix in (key, shorter):
                if len(prefix) >= 12 and (other.startswith(prefix) or other == prefix):
                    return 97.0, CUT_SHORT
        if sorted(key.split()) == sorted(other.split()):
            return 98.0, WORD_ORDER
        mine, theirs = set(key.split()), set(other.split())
        if len(mine) >= 2 and mine < theirs:
            return 90.0, LEDGER_WORDS_IN_REGISTER
        if len(theirs) >= 2 and theirs < mine:
            return 88.0, REGISTER_WORDS_IN_LEDGER
        ratio = fuzz.ratio(key, other)
        token_ratio = fuzz.token_sort_ratio(key, other)
        score = max(ratio, token_ratio)
        distance = Levenshtein.distance(key, other)
        if distance <= 3 and ratio >= token_ratio:
            return score, ONE_LETTER if distance == 1 else LETTERS.format(count=distance)
        return score, ALIKE.format(score=f"{score:.0f}")

    def _result(self, name, kvk, index, score, decision, reason, alternatives=()) -> Match:
        return Match(
            name,
            kvk,
            self.kvks[index],
            self.names[index],
            round(score, 1),
            decision,
            reason,
            self.refs[index],
            alternatives,
        )
