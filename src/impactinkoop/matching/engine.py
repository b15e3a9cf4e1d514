"""Matching names against a register: exact KvK first, then candidates found through a token
index (never all pairs), scored with rapidfuzz, and put in a band with a reason a person reads.

Plain Python: no Django, so the engine runs in commands, jobs and benchmarks alike."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .normalise import LEGAL_FORM_WORDS, comparison_key, initials

# Raised whenever a change could put a name in another band or link it elsewhere: automatic links
# made by an older engine are checked again by the next matching run (spend.linking.links).
ENGINE_VERSION = 2

AUTO = "auto"
REVIEW = "review"
NONE = "none"

AUTO_SCORE = 96.0  # at or above, and clearly ahead of the next candidate: linked without review
REVIEW_SCORE = 80.0  # at or above: proposed to a person
MARGIN = 4.0  # how far the best must be ahead of a different company for `auto`
TRUNCATED_AT = 20  # names this long may have been cut off by the finance system
MAX_CANDIDATES = 60
SHORTLIST = 6  # candidates scored in full, per similarity measure
COMMON_TOKEN_SHARE = 0.02  # tokens in more than 2% of the register only narrow, never find
RARE_TOKEN = 3000  # ... and in a large register, tokens in more entries than this
TYPO_LENGTH = 5  # words this long may be corrected for one typo; shorter ones are too alike
MAX_CORRECTIONS = 5
RARE_WORD = 50  # a one-word name is distinctive enough for review if so few entries have it


# The reasons, in English; the web pages translate them (spend.linking.reasons).
SAME_KVK = "same KvK"
KVK_NAMES_DIFFER = "same KvK, but the names differ"
SAME_NAME = "same name after removing legal form and punctuation"
CUT_SHORT = "the ledger name is the register name cut short"
WORD_ORDER = "same words in another order"
LEDGER_WORDS_IN_REGISTER = "every word of the ledger name is in the register name"
REGISTER_WORDS_IN_LEDGER = "every word of the register name is in the ledger name"
INITIALS = "the initials of one name spell the other"
SHARED_WORD = "both names have the rare word “{word}”"
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
    """An in-memory index of (KvK number, name) entries; KvK may be empty for candidates.

    Candidates are found through postings: the words of each name, its words run together
    ("st microelectronics" is also "stmicroelectronics"), its initials ("ibm") and, for short
    names, its letters in order ("WACBO" finds "Wabco"); query words with a typo are corrected
    against the register's vocabulary first."""

    def __init__(self, entries: Iterable[tuple]):
        """Entries are (KvK, name) or (KvK, name, ref); `ref` comes back in each Match."""
        self.refs: list = []
        self.kvks: list[str] = []
        self.names: list[str] = []
        self.keys: list[str] = []
        self.by_kvk: dict[str, int] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        words: set[str] = set()
        for entry in entries:
            kvk, name = entry[0], entry[1]
            index = len(self.names)
            self.refs.append(entry[2] if len(entry) > 2 else index)
            key = comparison_key(name)
            self.kvks.append(kvk or "")
            self.names.append(name)
            self.keys.append(key)
            if kvk:
                self.by_kvk.setdefault(kvk, index)
            for token in _lookup_tokens(key):
                postings[token].append(index)
            words.update(key.split())
        self.postings = dict(postings)
        # Every word of the vocabulary under itself and each spelling with one letter left out:
        # a query word one typo away (a letter wrong, missing, added or two swapped) shares one.
        self.spellings: dict[str, list[str]] = defaultdict(list)
        for word in words:
            if len(word) >= TYPO_LENGTH:
                for spelling in _one_letter_less(word):
                    self.spellings[spelling].append(word)
        self.spellings = dict(self.spellings)
        self.rare = max(50, min(RARE_TOKEN, int(len(self.names) * COMMON_TOKEN_SHARE)))

    def __len__(self) -> int:
        return len(self.names)

    def candidates(self, key: str) -> list[int]:
        """Register entries sharing the query's rarest words, those sharing most first; a word
        the register does not know stands for the known words one typo away. Counting happens
        in Counter's C loop, not one Python step per entry."""
        postings = self.postings
        known = [t for t in _lookup_tokens(key) if t in postings]
        for word in key.split():
            if word not in postings and len(word) >= TYPO_LENGTH:
                known.extend(self.corrections(word))
        known.sort(key=lambda t: len(postings[t]))
        rare = [t for t in known if len(postings[t]) <= self.rare]
        votes: Counter = Counter()
        for token in rare[:3]:
            votes.update(postings[token])
        if not rare and len(known) >= 2:
            # Only common words ("Bouw Techniek"): the entries that have the two rarest of them.
            found = set(postings[known[0]]).intersection(postings[known[1]])
            votes.update(islice(found, self.rare))
        if len(votes) <= MAX_CANDIDATES:
            return list(votes)
        return [index for index, _count in votes.most_common(MAX_CANDIDATES)]

    def corrections(self, word: str) -> list[str]:
        """Words of the register one typo away from `word`."""
        found = dict.fromkeys(
            other
            for spelling in _one_letter_less(word)
            for other in self.spellings.get(spelling, ())
        )
        return list(found)[:MAX_CORRECTIONS]

    def match_many(self, rows: Iterable[tuple[str, str]]) -> list[Match]:
        """Match a batch of (name, KvK) rows, in order."""
        return [self.match(name, kvk) for name, kvk in rows]

    def match(self, name: str, kvk: str = "") -> Match:
        kvk = (kvk or "").strip()
        if not self.names:  # an empty register (a new installation): nothing to compare
            return Match(name, kvk, "", "", 0.0, NONE, NO_CANDIDATE)
        key = comparison_key(name)
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
        if key == other or key.replace(" ", "") == other.replace(" ", ""):
            return 100.0, SAME_NAME
        if len(raw.strip()) >= TRUNCATED_AT and len(key) >= 12:
            if other.startswith(key):
                return 97.0, CUT_SHORT
            # A cut-off legal form ("... STICHTIN") is not removed by the key: try without it.
            shorter, _space, last = key.rpartition(" ")
            if _cut_legal_form(last) and (
                other == shorter or (len(last) >= 3 and other.startswith(shorter))
            ):
                return 97.0, CUT_SHORT
        mine, theirs = key.split(), other.split()
        if sorted(mine) == sorted(theirs):
            return 98.0, WORD_ORDER
        mine_set, theirs_set = set(mine), set(theirs)
        if mine_set < theirs_set and (len(mine) >= 2 or self._distinctive(mine[0])):
            return 90.0 if len(mine) >= 2 else 85.0, LEDGER_WORDS_IN_REGISTER
        if theirs_set < mine_set and (len(theirs) >= 2 or self._distinctive(theirs[0])):
            return 88.0 if len(theirs) >= 2 else 85.0, REGISTER_WORDS_IN_LEDGER
        ratio = fuzz.ratio(key, other)
        token_ratio = fuzz.token_sort_ratio(key, other)
        score = max(ratio, token_ratio)
        if score < REVIEW_SCORE:
            if initials(key) == other or initials(other) == key:
                return 85.0, INITIALS
            if word := self._shared_leading_word(mine, theirs):
                # A renamed company often keeps its one distinctive word: a person decides.
                return REVIEW_SCORE + score / 25, SHARED_WORD.format(word=word)
        distance = Levenshtein.distance(key, other)
        if distance <= 3 and ratio >= token_ratio:
            return score, ONE_LETTER if distance == 1 else LETTERS.format(count=distance)
        return score, ALIKE.format(score=f"{score:.0f}")

    def _shared_leading_word(self, mine: list[str], theirs: list[str]) -> str:
        """The first word of either name if both names have it and it is long and rare."""
        for word in dict.fromkeys((mine[0], theirs[0])):
            if len(word) >= 5 and word in mine and word in theirs and self._distinctive(word):
                return word
        return ""

    def _distinctive(self, word: str) -> bool:
        """A word long and rare enough in the register to stand for a company on its own."""
        return len(word) >= 4 and len(self.postings.get(word, ())) <= RARE_WORD

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


def _lookup_tokens(key: str) -> set[str]:
    """The postings a key is filed under: its words, its words run together, its initials."""
    words = key.split()
    tokens = set(words)
    if 1 < len(words) <= 4:
        tokens.add("".join(words))
    if letters := initials(key):
        tokens.add(letters)
    compact = key.replace(" ", "")
    if 4 <= len(compact) <= 12:
        # Its letters in order: a short name with two letters swapped ("WACBO") still finds it.
        tokens.add("~" + "".join(sorted(compact)))
    return tokens


def _one_letter_less(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _cut_legal_form(word: str) -> bool:
    """A legal-form word a finance system may have cut off ("... STICHTIN", "... N.")."""
    return any(form.startswith(word) for form in LEGAL_FORM_WORDS)
