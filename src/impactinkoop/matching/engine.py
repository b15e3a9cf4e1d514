"""Matching names against a register: exact KvK first, then candidates found through the
register's index (never all pairs), scored with rapidfuzz, and put in a band with a reason a
person reads.

An automatic link needs a name that is the register's name up to spelling (legal form, case,
punctuation, word order, a place glued to the end, a name cut short, words run together) or a
typo that exists nowhere in the register; likeness alone only ever proposes. Two companies that
tie never give an automatic link, and a holding is never its operating company.

Plain Python: no Django, so the engine runs in commands, jobs and benchmarks alike."""

import gc
import hashlib
import multiprocessing
import shutil
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from .analysis import DISTINGUISHING, NOT_EVIDENCE, Analysed, analyse, distinguishing
from .index import (
    EXACT,
    MAX_EDITS,
    WORD_BYTES,
    RegisterIndex,
    as_bytes,
    deletions,
    edits_allowed,
    lookup_tokens,
)
from .index import FORMAT as INDEX_FORMAT
from .normalise import LEGAL_FORM_WORDS, initials
from .places import place_keys, places_digest

# Raised whenever a change could put a name in another band or link it elsewhere: automatic links
# made by an older engine are checked again by the next matching run (spend.linking.links).
ENGINE_VERSION = 2

AUTO = "auto"
REVIEW = "review"
NONE = "none"

AUTO_SCORE = 96.0  # at or above, and clearly ahead of the next candidate: linked without review
REVIEW_SCORE = 80.0  # at or above: proposed to a person
WORD_ORDER_SCORE = 95.0  # "Jansen & Dekker" may well be another firm than "Dekker & Jansen"
MARGIN = 4.0  # how far the best must be ahead of a different company for `auto`
LIKENESS_CAP = 95.5  # likeness alone (no rule) is never enough for `auto`
OTHER_PERSON_CAP = 90.0  # a holding and its operating company: at most proposed
OTHER_FORM = 5.0  # less for a name that states another legal form (a B.V. is not a V.O.F.)
CUT_LENGTH = 20  # a name this long, not ending in a legal form, may have been cut off
MAX_CANDIDATES = 60
SHORTLIST = 4  # candidates scored in full, per similarity measure
COMMON_TOKEN_SHARE = 0.02  # tokens in more than 2% of the register only narrow, never find
RARE_TOKEN = 3000  # ... and in a large register, tokens in more entries than this
MAX_CORRECTIONS = 10
TYPO_LINKS = 7  # one typo in a word this long links; in a shorter word it is only proposed ...
TYPO_NAME_LINKS = 14  # ... unless the rest of a name this long (without spaces) is spelled right
RARE_WORD = 50  # a one-word name is distinctive enough for review if so few entries have it
PARALLEL_FROM = 4000  # rows; fewer are matched faster than processes start
BATCH_COMMON = 10  # a word in this many names of a batch ...
BATCH_OVERREPRESENTED = 10  # ... and this many times more common there than in the register


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
OTHER_LEGAL_PERSON = "only one of the names has “{word}”: another legal person"
BUT_KVK_DIFFERS = ", but the KvK numbers differ"
BUT_RIVAL = "; another company scores almost as high"
BUT_SAME_NAME = "; another company has the same name"
BUT_OTHER_FORM = "; the legal forms differ"


class Match(NamedTuple):
    """The engine's answer for one name. A named tuple: a process sends thousands back to the
    parent, which reads a tuple back five times faster than a dataclass object."""

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
    """The matching engine over one register. Entries are (KvK, name) or (KvK, name, ref);
    `ref` comes back in each Match. `Register.kept` opens an index built earlier."""

    def __init__(self, entries: Iterable[tuple] = (), *, index: RegisterIndex | None = None):
        self.index = index if index is not None else RegisterIndex.build(entries)
        self.rare = max(50, min(RARE_TOKEN, int(len(self.index) * COMMON_TOKEN_SHARE)))
        self._tokens: dict[str, tuple[int, int] | None] = {}
        size = len(self.index)
        self._key_list = self.index.keys.lookup(size)
        self._kvk_list = self.index.kvks.lookup(size)
        self._place_list = self.index.places.lookup(size)
        self._form_list = self.index.forms.lookup(size)
        self._compact_list = self.index.compacts.lookup(size)
        self._name_list = self.index.names.lookup(size)
        self._cut_lengths: frozenset[int] | None = None  # None: any name of CUT_LENGTH or more
        self._corrections: dict[str, list[str]] = {}
        self._entries: dict[int, Analysed] = {}
        self._batch_common: frozenset[str] = frozenset()

    @classmethod
    def kept(cls, root: Path, name: str, source: str, entries) -> "Register":
        """The register's index as kept under `root` from an earlier command, when it was
        built from the same register (`source` says which: a file's digest, the database's
        state) by this engine; otherwise built from `entries` (an iterable, or a function that
        returns one) and kept for the next. Older copies of the same name are removed."""
        fingerprint = index_fingerprint(source)
        directory = Path(root) / f"{name}-{fingerprint[:16]}"
        index = RegisterIndex.open(directory, fingerprint)
        if index is None:
            built = RegisterIndex.build(entries() if callable(entries) else entries)
            built.save(directory, fingerprint)
            index = RegisterIndex.open(directory, fingerprint) or built
            for older in Path(root).glob(f"{name}-*"):
                if older != directory:
                    shutil.rmtree(older, ignore_errors=True)
            index.meta = {**index.meta, "kept": False}
        else:
            index.meta = {**index.meta, "kept": True}
        return cls(index=index)

    def __len__(self) -> int:
        return len(self.index)

    @property
    def keys(self):
        return self.index.keys

    @property
    def names(self):
        return self.index.names

    @property
    def kvks(self):
        return self.index.kvks

    # Looking up ---------------------------------------------------------------------------

    def _postings(self, token: str) -> tuple[int, int] | None:
        if token not in self._tokens:
            found = self.index.postings.find([token])
            self._tokens[token] = found[0][1:] if found else None
        return self._tokens[token]

    def _lookup(self, tokens: list[str]) -> list[tuple[str, int, int]]:
        missing = [t for t in tokens if t not in self._tokens]
        if missing:
            for token in missing:
                self._tokens[token] = None
            for token, start, end in self.index.postings.find(missing):
                self._tokens[token] = (start, end)
        return [(t, *self._tokens[t]) for t in tokens if self._tokens[t] is not None]

    def _prefetch(self, queries: list[Analysed]) -> None:
        """Look up every token of a batch in one pass: one sorted search instead of one per
        name."""
        tokens = set()
        for query in queries:
            tokens.update(lookup_tokens(query.full))
            tokens.add(EXACT + query.compact)
            if query.place:
                tokens.add(EXACT + query.compact + query.place.replace(" ", ""))
        self._lookup(sorted(tokens))

    def frequency(self, word: str) -> int:
        found = self._postings(word)
        return found[1] - found[0] if found else 0

    def candidates(self, query: Analysed | str) -> list[int]:
        """Register entries sharing the query's rarest tokens, those sharing most first. A word
        the register does not know stands for the known words up to two edits away: together
        they fill the place of that one word."""
        key = query.full if isinstance(query, Analysed) else query
        words = key.split()
        tokens = [t for t in lookup_tokens(key) if t not in DISTINGUISHING or len(words) == 1]
        postings = self.index.postings.values
        # A slot is what one token (or one corrected word) finds: (entries, how many).
        slots = []
        present = set()
        for token, start, end in self._lookup(tokens):
            present.add(token)
            slots.append((end - start, token, postings[start:end]))
        for word in words:
            if word not in present and edits_allowed(word):
                found = self._lookup(self.corrections(word))
                if found:
                    entries = _counted(np.concatenate([postings[s:e] for _t, s, e in found]))[0]
                    slots.append((len(entries), word, entries))
        slots.sort(key=lambda slot: (slot[0], slot[1]))
        rare = [slot for slot in slots if slot[0] <= self.rare][:3]
        if rare:
            found = np.concatenate([entries for _n, _t, entries in rare])
        elif len(slots) >= 2:
            # Only common words ("Bouw Techniek"): the entries that have the two rarest of them.
            # A token's postings name each entry once: nothing to make unique first.
            found = np.intersect1d(slots[0][2], slots[1][2], assume_unique=True)[: self.rare]
        else:
            return []
        entries, counts = _counted(found)
        if len(entries) > MAX_CANDIDATES:
            # Too many: the query's other tokens, common ones too, tell them apart.
            for _n, _t, others in [slot for slot in slots if slot not in rare][:3]:
                counts += _contained(entries, others)
            order = np.lexsort((entries, -counts))[:MAX_CANDIDATES]
            entries = np.sort(entries[order])
        return entries.tolist()

    def corrections(self, word: str) -> list[str]:
        """Words of the register one or two edits away from `word` (transpositions count as
        one), the closest and most common first."""
        if word not in self._corrections:
            self._correct([word])
        return self._corrections[word]

    def _correct(self, words: list[str]) -> None:
        """Find the corrections of many words at once (a batch's unknown words): one sorted
        search for all their shortened spellings and one rapidfuzz pass over every pair of a
        word and a register word that shares one, not one of each per word."""
        words = sorted({w for w in words if w not in self._corrections})
        for word in words:
            self._corrections[word] = []
        words = [w for w in words if edits_allowed(w)]
        if not words:
            return
        index = self.index
        allowed = [edits_allowed(w) for w in words]
        owners, spellings = [], []
        for number, word in enumerate(words):
            shortened = deletions(word, allowed[number])
            owners.extend([number] * len(shortened))
            spellings.extend(shortened)
        hits, starts, ends = index.corrections.ranges(spellings)
        # (word, prefix) pairs, once each; a prefix stands for a range of the vocabulary.
        prefixes = index.corrections.values[_ranges(starts, ends)].astype(np.int64)
        pairs = _distinct(
            np.repeat(np.asarray(owners, dtype=np.int64)[hits], ends - starts)
            * len(index.prefix_starts)
            + prefixes
        )
        owner, prefix = np.divmod(pairs, len(index.prefix_starts))
        first, last = index.prefix_starts[prefix], index.prefix_ends[prefix]
        vocabulary, owner = _ranges(first, last), np.repeat(owner, last - first)
        lengths = np.array([len(w) for w in words])[owner]
        edits = np.array(allowed)[owner]
        their_lengths = index.vocabulary_lengths[vocabulary]
        fits = (their_lengths >= lengths - edits) & (their_lengths <= lengths + edits)
        vocabulary, owner, edits = vocabulary[fits], owner[fits], edits[fits]
        targets = np.array([as_bytes(w, WORD_BYTES) for w in words], dtype=f"S{WORD_BYTES}")
        choices = index.vocabulary[vocabulary]
        distances = process.cpdist(
            targets[owner].tolist(),
            choices.tolist(),
            scorer=OSA.distance,
            score_cutoff=MAX_EDITS,
            dtype=np.int32,
        ).reshape(-1)
        near = np.flatnonzero((distances <= edits) & (choices != targets[owner]))
        found: dict[int, list[tuple[int, str]]] = {}
        for at, distance, choice in zip(
            owner[near].tolist(),
            distances[near].tolist(),
            choices[near].tolist(),
            strict=True,
        ):
            found.setdefault(at, []).append((distance, choice.decode()))
        self._lookup(sorted({other for close in found.values() for _d, other in close}))
        for at, close in found.items():
            ranked = sorted((distance, -self.frequency(other), other) for distance, other in close)
            self._corrections[words[at]] = [other for _d, _f, other in ranked[:MAX_CORRECTIONS]]

    # Matching -----------------------------------------------------------------------------

    def match_many(
        self,
        rows: Iterable[tuple[str, str]],
        context: list[str] | None = None,
        processes: int = 1,
    ) -> list[Match]:
        """Match a batch of (name, KvK) rows, in order. A word far more common among the
        batch's names (or the `context` names, such as all of an organisation's suppliers) than
        in the register ("Midden" among one council's suppliers) is no evidence that a name is
        a register company. With `processes`, a large batch is split over that many forked
        processes (commands only: a web or task process holds database connections)."""
        rows = list(rows)
        names = context if context is not None else [name for name, _kvk in rows]
        cut_lengths = _cut_lengths([name for name, _kvk in rows])
        if processes > 1 and len(rows) >= PARALLEL_FROM:
            return _in_processes(self, rows, names, context is None, cut_lengths, processes)
        common = self._common_words([a.key for a in _analysed(names)])
        return self._match_batch(rows, common, cut_lengths)

    def _match_batch(
        self, rows: list, common: frozenset[str], cut_lengths, queries: list | None = None
    ) -> list[Match]:
        self._batch_common, self._cut_lengths = common, cut_lengths
        # A batch makes millions of short-lived tuples and strings but no cycles: the cyclic
        # collector would only walk the register's caches again and again (a tenth of the time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            if queries is None:
                queries = [analyse(name) for name, _kvk in rows]
            self._prefetch(queries)
            self._correct(
                [
                    word
                    for query in queries
                    for word in query.full.split()
                    if self._tokens.get(word) is None
                ]
            )
            return [
                self.match(name, kvk, query)
                for (name, kvk), query in zip(rows, queries, strict=True)
            ]
        finally:
            self._batch_common, self._cut_lengths = frozenset(), None
            if collecting:
                gc.enable()

    def _common_words(self, keys: list[str]) -> frozenset[str]:
        """The words of a batch's keys that are far more common there than in the register."""
        counts = Counter(word for key in keys for word in set(key.split()))
        share = max(1, len(self.index)) / max(1, len(keys))
        minimum = max(BATCH_COMMON, len(keys) // 500)
        frequent = sorted(word for word, count in counts.items() if count >= minimum)
        self._lookup(frequent)
        return frozenset(
            word
            for word in frequent
            if counts[word] * share >= BATCH_OVERREPRESENTED * max(1, self.frequency(word))
        )

    def _maybe_cut(self, raw: str) -> bool:
        """Whether a finance system may have cut the name off: it does not end in a legal form,
        and it is as long as the batch's cut names (or, alone, CUT_LENGTH or longer)."""
        raw = raw.strip()
        if self._cut_lengths is None:
            long_enough = len(raw) >= CUT_LENGTH
        else:
            long_enough = len(raw) in self._cut_lengths
        return long_enough and not raw.rstrip(".").lower().endswith(_COMPLETE_ENDINGS)

    def match(self, name: str, kvk: str = "", query: Analysed | None = None) -> Match:
        """The best register entry for a name (and KvK); `query` is the name as `analyse`
        gives it, where the caller has it already."""
        kvk = (kvk or "").strip()
        if not len(self.index):  # an empty register (a new installation): nothing to compare
            return Match(name, kvk, "", "", 0.0, NONE, NO_CANDIDATE)
        query = query or analyse(name)
        cut = self._maybe_cut(name)  # asked once: every candidate's score depends on it
        if kvk and (index := self.index.by_kvk(kvk)) is not None:
            score, _reason = self._score(query, cut, index)
            if score < 50:
                return self._result(name, kvk, index, score, REVIEW, KVK_NAMES_DIFFER)
            return self._result(name, kvk, index, 100.0, AUTO, SAME_KVK)
        scored = [
            (*self._score(query, cut, index), index)
            for index in self._exact(query, cut)
            or self._shortlist(query, self.candidates(query), cut)
        ]
        keys = self._key_list
        scored = sorted(
            self._by_form(query, scored) if len(scored) > 1 else scored,
            key=lambda item: (-item[0], keys[item[2]], self._kvk_list[item[2]], item[2]),
        )
        if not scored:
            return Match(name, kvk, "", "", 0.0, NONE, NO_CANDIDATE)
        best, reason, index = scored[0]
        alternatives = tuple(
            (self.index.ref(i), self._name_list[i], self._kvk_list[i], round(s, 1))
            for s, _r, i in scored[1:6]
        )
        rival, rival_index = next(
            ((s, i) for s, _r, i in scored[1:] if not self._same_company(i, index)), (0.0, None)
        )
        their_kvk = self._kvk_list[index]
        # Another company of the same name after normalisation: a tie, whatever the legal forms.
        tie = any(
            self._compact_list[i] == self._compact_list[index] and not self._same_company(i, index)
            for _s, _r, i in scored[1:]
        )
        if kvk and their_kvk and their_kvk != kvk and best >= REVIEW_SCORE:
            decision, reason = REVIEW, reason + BUT_KVK_DIFFERS
        elif tie and best >= REVIEW_SCORE:
            decision = REVIEW
            if not reason.endswith(BUT_SAME_NAME):
                reason += BUT_SAME_NAME
        elif best >= AUTO_SCORE and best - rival >= MARGIN:
            decision = AUTO
        elif best >= REVIEW_SCORE:
            decision = REVIEW
            if rival_index is not None and best - rival < MARGIN:
                same = self._key_list[rival_index] == self._key_list[index] and rival == best
                reason += BUT_SAME_NAME if same else BUT_RIVAL
        else:
            decision = NONE
        return self._result(name, kvk, index, best, decision, reason, alternatives)

    def _exact(self, query: Analysed, cut: bool) -> list[int]:
        """The entries spelled as the query (up to case, punctuation, spaces and legal form),
        when nothing else can come close: every word of the query is a register word (so no
        other name is a typo away) and the name was not cut off (so no longer name starts with
        it). Most ledger names end here, without a search for candidates."""
        spellings = [query.compact]
        if query.place:
            spellings.append(query.compact + query.place.replace(" ", ""))
        found = [
            index
            for _token, start, end in self._lookup([EXACT + s for s in spellings])
            for index in self.index.postings.values[start:end].tolist()
            if self._compact_list[index] in spellings
        ]
        if not found or cut:
            return []
        if not all(self.frequency(word) for word in query.key.split()):
            return []
        return sorted(set(found))

    def _shortlist(self, query: Analysed, candidates: list[int], cut: bool) -> list[int]:
        """The candidates worth a full score: the best few by plain and by word-order-free
        similarity (computed in rapidfuzz's C++ loop), and every one with the same key."""
        if len(candidates) <= SHORTLIST:
            return candidates
        key = query.key
        keys = [self._key_list[i] for i in candidates]
        best = {candidates[p] for p, other in enumerate(keys) if other == key}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _choice, _score, position in process.extract(
                key, keys, scorer=scorer, limit=SHORTLIST
            ):
                best.add(candidates[position])
        if cut and len(key) >= 12:  # a cut-off name: register names that start with it
            best.update(candidates[p] for p, other in enumerate(keys) if other.startswith(key[:12]))
        return sorted(best)

    def _same_company(self, one: int, other: int) -> bool:
        """Entries of one company: the same KvK, or the same ref (a company under its name and
        a trade name). Two entries of one name are two companies, even where one is known by
        name only: a tie, never `auto`."""
        kvks = self._kvk_list
        return bool(kvks[one] and kvks[one] == kvks[other]) or (
            self.index.ref(one) == self.index.ref(other)
        )

    # Scoring ------------------------------------------------------------------------------

    def _by_form(self, query: Analysed, scored: list) -> list:
        """Where a candidate states the ledger's legal form, those that state another are
        other legal persons ("Jansen B.V." is not "Jansen V.O.F."): they score less. With one
        candidate the form decides nothing; finance systems write it wrongly often enough."""
        forms = [self._form_list[index] for _s, _r, index in scored]
        if not query.form or query.form not in forms:
            return scored
        return [
            (max(REVIEW_SCORE, score - OTHER_FORM), reason + BUT_OTHER_FORM, index)
            if form != query.form and score > REVIEW_SCORE
            else (score, reason, index)
            for (score, reason, index), form in zip(scored, forms, strict=True)
        ]

    def _entry(self, index: int) -> Analysed:
        """A register entry as the engine compares it; kept, as a batch meets the same
        candidates again and again."""
        theirs = self._entries.get(index)
        if theirs is None:
            theirs = self._entries[index] = Analysed(
                self._key_list[index],
                self._place_list[index],
                compact=self._compact_list[index],
                address=bool(self.index.addresses[index]),
            )
        return theirs

    def _score(self, query: Analysed, cut: bool, index: int) -> tuple[float, str]:
        theirs = self._entry(index)
        if query.key == theirs.full or query.full == theirs.key:
            return 100.0, SAME_NAME  # a place that one name has in it and the other glued on
        if query.place and theirs.place:
            with_places = query.place != theirs.place  # two places: part of the names
        else:  # a place at the end of one name: an address, unless the name is only "Gemeente"
            one = query if query.place else theirs
            with_places = bool(one.place) and not (one.address or self._self_sufficient(one.key))
        if with_places:
            mine_key, their_key = query.full, theirs.full
            mine_compact = query.compact + query.place.replace(" ", "")
            their_compact = theirs.compact + theirs.place.replace(" ", "")
        else:
            mine_key, their_key = query.key, theirs.key
            mine_compact, their_compact = query.compact, theirs.compact
        if mine_compact == their_compact:
            return 100.0, SAME_NAME  # words run together or apart
        mine_other = distinguishing(mine_key)
        their_other = distinguishing(their_key)
        if their_other and not mine_other:
            mine_key = self._spelled_out(mine_key, their_other, cut)
            mine_other = distinguishing(mine_key)
        if mine_other != their_other:
            word = sorted(mine_other ^ their_other)[0]
            score, _reason = self._compare(
                _without(mine_key, mine_other), _without(their_key, their_other), cut, theirs
            )
            return min(score, OTHER_PERSON_CAP), OTHER_LEGAL_PERSON.format(word=word)
        return self._compare(mine_key, their_key, cut, theirs)

    def _spelled_out(self, key: str, words: frozenset[str], cut_name: bool) -> str:
        """The key with a distinguishing word the finance system cut off ("... HOL") or
        misspelt ("HOLDIGN") written out, so "holding" is compared as "holding"."""
        mine = key.split()
        for position, word in enumerate(mine):
            for other in sorted(words):
                cut = position == len(mine) - 1 and len(word) >= 3 and cut_name
                if (cut and other.startswith(word)) or (
                    len(word) >= 6
                    and not self.frequency(word)
                    and OSA.distance(word, other, score_cutoff=1) <= 1
                ):
                    mine[position] = other
        return " ".join(mine)

    def _compare(self, key: str, other: str, cut: bool, theirs: Analysed) -> tuple[float, str]:
        compact, other_compact = key.replace(" ", ""), other.replace(" ", "")
        if key == other or compact == other_compact:
            return 100.0, SAME_NAME
        if cut and len(key) >= 12:
            if other.startswith(key) or theirs.full.startswith(key):
                return 97.0, CUT_SHORT
            # A cut-off legal form ("... STICHTIN") is not removed by the key: try without it.
            shorter, _space, last = key.rpartition(" ")
            if _cut_legal_form(last) and (
                other == shorter or (len(last) >= 3 and other.startswith(shorter))
            ):
                return 97.0, CUT_SHORT
        mine, mine_sorted, mine_set = _words(key)
        their_words, their_sorted, theirs_set = _words(other)
        if mine_sorted == their_sorted:
            return WORD_ORDER_SCORE, WORD_ORDER
        if typo := self._typo(mine, their_words, compact, other_compact):
            return typo
        if mine_set < theirs_set and (len(mine) >= 2 or self._distinctive(mine[0])):
            return 90.0 if len(mine) >= 2 else 85.0, LEDGER_WORDS_IN_REGISTER
        if theirs_set < mine_set and (len(their_words) >= 2 or self._distinctive(their_words[0])):
            return 88.0 if len(their_words) >= 2 else 85.0, REGISTER_WORDS_IN_LEDGER
        ratio = fuzz.ratio(key, other)
        token_ratio = fuzz.token_sort_ratio(key, other)
        score = min(max(ratio, token_ratio), LIKENESS_CAP)
        if score < REVIEW_SCORE:
            if initials(key) == other or initials(other) == key:
                return 85.0, INITIALS
            if word := self._shared_leading_word(mine, their_words):
                # A renamed company often keeps its one distinctive word: a person decides.
                return REVIEW_SCORE + score / 25, SHARED_WORD.format(word=word)
        distance = Levenshtein.distance(key, other)
        if distance <= 3 and ratio >= token_ratio:
            return score, ONE_LETTER if distance == 1 else LETTERS.format(count=distance)
        return score, ALIKE.format(score=f"{score:.0f}")

    def _typo(self, mine, theirs, compact, other_compact) -> tuple[float, str] | None:
        """The ledger name is a register name with a typo: every word that differs is unknown to
        the register and a letter or two from the register's word (or the words run together
        are). One typo in a word of five letters or more links; more are proposed."""
        if len(mine) == len(theirs):
            pairs = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
        else:
            pairs = [(compact, other_compact)]
        edits = 0
        for word, other in pairs:
            if self.frequency(word) or not edits_allowed(word):
                return None  # a word the register knows is another name, not a typo
            distance = OSA.distance(word, other, score_cutoff=edits_allowed(word))
            if distance > edits_allowed(word):
                return None
            edits += distance
        if not edits:
            return None
        shortest = min(len(word) for word, _other in pairs)
        if edits == 1 and (shortest >= TYPO_LINKS or len(compact) >= TYPO_NAME_LINKS):
            return 96.5, ONE_LETTER
        score = max(REVIEW_SCORE + 2, min(fuzz.ratio(compact, other_compact), 94.0))
        return score, ONE_LETTER if edits == 1 else LETTERS.format(count=edits)

    def _shared_leading_word(self, mine: list[str], theirs: list[str]) -> str:
        """The first word of either name if both names have it and it is long and rare."""
        for word in dict.fromkeys((mine[0], theirs[0])):
            if len(word) >= 5 and word in mine and word in theirs and self._distinctive(word):
                return word
        return ""

    def _distinctive(self, word: str) -> bool:
        """A word long and rare enough in the register to stand for a company on its own; a
        direction, a place or a word the batch is full of never is."""
        return (
            len(word) >= 4
            and word not in NOT_EVIDENCE
            and word not in self._batch_common
            and word not in place_keys()
            and self.frequency(word) <= RARE_WORD
        )

    def _self_sufficient(self, key: str) -> bool:
        """A key that names a company without its place: two words or one distinctive word."""
        return " " in key or self._distinctive(key)

    def _result(self, name, kvk, index, score, decision, reason, alternatives=()) -> Match:
        return Match(
            name,
            kvk,
            self._kvk_list[index],
            self._name_list[index],
            round(score, 1),
            decision,
            reason,
            self.index.ref(index),
            alternatives,
        )


# The register a forked process matches with: set before the fork, so the children share the
# parent's index pages instead of receiving a copy.
_FORKED: "Register | None" = None


def _in_processes(
    register: Register, rows: list, names: list[str], own: bool, cut_lengths, processes: int
) -> list[Match]:
    """The batch's names are analysed in the processes too, and each process looks up its own
    chunk's tokens: done once in the parent first, that took a quarter of the time, on one core.
    The names are analysed once: a chunk goes back to be matched with its analysis (a process
    seldom gets the same chunk twice); `own` says that `names` are the rows' own names, not
    a context. A few chunks per process keep them all busy even when some chunks are slow."""
    global _FORKED
    _FORKED = register
    chunks = processes * 4
    try:
        # The processes never collect cycles (there are none): a collection at the end of a
        # chunk walked every cached object, and in a forked process it copies the parent's
        # pages it touches.
        with multiprocessing.get_context("fork").Pool(processes, initializer=gc.disable) as pool:
            analysed = pool.map(_analysed, _chunks(names, chunks))
            common = register._common_words([a.key for chunk in analysed for a in chunk])
            rows_in_chunks = _chunks(rows, chunks)
            if not own:  # a context's analysis is not the rows'
                analysed = [None] * len(rows_in_chunks)
            work = [
                (chunk, common, cut_lengths, queries)
                for chunk, queries in zip(rows_in_chunks, analysed, strict=True)
            ]
            return [match for found in pool.map(_match_chunk, work) for match in found]
    finally:
        _FORKED = None


def _chunks(items: list, count: int) -> list[list]:
    """`items` in at most `count` consecutive chunks of equal size (the last one shorter)."""
    size = -(-len(items) // count)
    return [items[at : at + size] for at in range(0, len(items), size)]


def _analysed(names: list[str]) -> list[Analysed]:
    return [analyse(name) for name in names]


def _match_chunk(work: tuple) -> list[Match]:
    rows, common, cut_lengths, queries = work
    return _FORKED._match_batch(rows, common, cut_lengths, queries)


def index_fingerprint(source: str) -> str:
    """What a kept index is known by: the register it was built from, and everything of the
    engine that shapes an index (its version, the file format, the place names)."""
    digest = hashlib.sha256()
    for part in (str(ENGINE_VERSION), str(INDEX_FORMAT), places_digest(), source):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _cut_lengths(names: list[str]) -> frozenset[int]:
    """The lengths at which a batch's names were cut off: a finance system cuts every longer
    name at its field's length, so many names are exactly that long (or one less, where the cut
    left a space). A length counts when far more names have it than the lengths around it."""
    counts = Counter(len(name.strip()) for name in names)
    cut = set()
    for length, count in counts.items():
        if length < 20 or count < 3:
            continue
        around = [counts.get(length + d, 0) for d in (-4, -3, -2, 2, 3, 4)]
        if count >= 3 * (sum(around) / len(around)) + 2:
            cut.update((length - 1, length))
    return frozenset(cut)


# A name ending in a legal form ends where its name ends: it was not cut off.
_COMPLETE_ENDINGS = (" bv", " b.v", " nv", " n.v", " vof", " v.o.f", " cv", " c.v", "stichting")


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Every integer of the ranges [start, end), in one array."""
    lengths = ends - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shifts = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return np.arange(total, dtype=np.int64) + shifts


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted. Not `np.unique`: it hashes first (numpy 2.3 and later),
    which here takes ten times as long as sorting."""
    return _counted(values)[0]


def _counted(entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct entries, sorted, and how often each occurs. Written with numpy's C
    functions only: a name asks this for a few small arrays, where `np.diff` and `np.append`
    (Python functions) cost more than the work."""
    entries = np.sort(entries, kind="stable")  # runs of sorted entries: timsort merges them
    size = len(entries)
    if not size:
        return entries, entries
    # Where each run of equal entries starts, and one past the end.
    bounds = np.empty(size + 1, dtype=np.bool_)
    bounds[0] = bounds[size] = True
    np.not_equal(entries[1:], entries[:-1], out=bounds[1:size])
    starts = np.flatnonzero(bounds)
    return entries[starts[:-1]], starts[1:] - starts[:-1]


def _contained(entries: np.ndarray, sorted_others: np.ndarray) -> np.ndarray:
    """1 for each entry that is in the sorted array, else 0."""
    if not len(sorted_others):
        return np.zeros(len(entries), dtype=np.int64)
    positions = np.minimum(np.searchsorted(sorted_others, entries), len(sorted_others) - 1)
    return (sorted_others[positions] == entries).astype(np.int64)


@lru_cache(maxsize=131072)
def _words(key: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """A key's words in order, sorted and as a set: the same register names and ledger names
    are compared many times in a batch."""
    words = tuple(key.split())
    return words, tuple(sorted(words)), frozenset(words)


def _without(key: str, words: frozenset[str]) -> str:
    return " ".join(w for w in key.split() if w not in words) or key


def _cut_legal_form(word: str) -> bool:
    """A legal-form word a finance system may have cut off ("... STICHTIN", "... N.")."""
    return word in _LEGAL_FORM_BEGINNINGS


_LEGAL_FORM_BEGINNINGS = frozenset(
    form[:end]
    for form in LEGAL_FORM_WORDS
    if form not in DISTINGUISHING
    for end in range(1, len(form) + 1)
)
