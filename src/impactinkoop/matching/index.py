"""The register as arrays: what the engine needs to find candidates, in a form that is built once,
kept on disk and opened again in a fraction of a second (memory-mapped, so a national register
of millions of companies costs only the pages a batch of names touches).

- entries: KvK, name, key, place and the caller's ref, one row per register entry;
- postings: for every lookup token (a word of a key, the words run together, the initials,
  the sorted letters of a short name) the entries filed under it, in entry order;
- corrections: every vocabulary word's first letters with up to two letters left out, so a
  word two edits away from a register word finds it (the "symmetric delete" method: both sides
  leave letters out, and a shared spelling is a candidate that the engine then checks).

Everything is sorted by value, never by hash or set order: the same register gives the same
arrays, and the same candidates in the same order, in every process."""

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import numpy as np

from .analysis import analyse
from .normalise import initials

FORMAT = 7  # of the files on disk; a kept index of another format is built again
WORD_BYTES = 32  # of a vocabulary word kept for corrections
TOKEN_BYTES = 24  # longer tokens are filed under their first 24 bytes: only more candidates
LIST_UP_TO = 1_000_000  # entries: a larger register's strings are not made into lists
PREFIX = 7  # letters of a word that take part in corrections
MAX_EDITS = 2
SHORTEST_CORRECTED = 4  # shorter words have too many neighbours to correct


class Strings:
    """Many strings as one UTF-8 byte array, separated by newlines (no name has one): compact
    on disk. A small register is turned into a Python list in one split; a national one is read
    string by string, so a batch costs only the strings it touches."""

    def __init__(self, blob: np.ndarray):
        self.blob = blob
        self._list: list[str] | None = None
        self._ends: np.ndarray | None = None

    @classmethod
    def of(cls, strings: list[str]) -> "Strings":
        text = "\n".join(s.replace("\n", " ") for s in strings)
        return cls(np.frombuffer(text.encode(), dtype=np.uint8))

    def list(self) -> list[str]:
        if self._list is None:
            self._list = self.blob.tobytes().decode().split("\n")
        return self._list

    def lookup(self, size: int):
        """What the engine indexes: the list for a register of `size` up to LIST_UP_TO, else
        this object itself (one string decoded per access)."""
        return self.list() if size <= LIST_UP_TO else self

    def __len__(self) -> int:
        if self._list is not None:
            return len(self._list)
        return len(self._separators()) + 1

    def __getitem__(self, index) -> str:
        if self._list is not None:
            return self._list[index]
        ends = self._separators()
        start = int(ends[index - 1]) + 1 if index else 0
        end = int(ends[index]) if index < len(ends) else len(self.blob)
        return self.blob[start:end].tobytes().decode()

    def _separators(self) -> np.ndarray:
        if self._ends is None:
            self._ends = np.flatnonzero(self.blob == 10)
        return self._ends

    def arrays(self, name: str) -> dict:
        return {name: self.blob}


class Table:
    """Sorted fixed-width byte keys, each with a slice of `values`."""

    def __init__(self, keys: np.ndarray, offsets: np.ndarray, values: np.ndarray):
        self.keys, self.offsets, self.values = keys, offsets, values

    @classmethod
    def of(cls, keys: list[str], values, width: int) -> "Table":
        """From (key, value) pairs given in value order; a key keeps its values in that order."""
        encoded = np.array([as_bytes(k, width) for k in keys], dtype=f"S{width}")
        order = np.argsort(encoded, kind="stable")
        encoded = encoded[order]
        values = np.asarray(values, dtype=np.int32)[order]
        if not len(encoded):
            return cls(encoded, np.zeros(1, dtype=np.int64), values)
        starts = np.flatnonzero(np.concatenate(([True], encoded[1:] != encoded[:-1])))
        offsets = np.append(starts, len(encoded)).astype(np.int64)
        return cls(encoded[starts], offsets, values)

    def find(self, tokens: list[str]) -> list[tuple[str, int, int]]:
        """(token, start, end) of the tokens present, in the order given."""
        hits, starts, ends = self.ranges(tokens)
        return [
            (tokens[hit], start, end)
            for hit, start, end in zip(hits.tolist(), starts.tolist(), ends.tolist(), strict=True)
        ]

    def ranges(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The positions in `tokens` of those present, and the start and end of each one's
        values: compared in one step, not token by token, as a batch looks up thousands."""
        if not tokens or not len(self.keys):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        width = self.keys.dtype.itemsize
        wanted = np.array([as_bytes(t, width) for t in tokens], dtype=self.keys.dtype)
        positions = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        hits = np.flatnonzero(self.keys[positions] == wanted)
        at = positions[hits]
        return hits, self.offsets[at], self.offsets[at + 1]

    def arrays(self, name: str) -> dict:
        return {
            f"{name}_keys": self.keys,
            f"{name}_offsets": self.offsets,
            f"{name}_values": self.values,
        }


def as_bytes(text: str, width: int) -> bytes:
    """A token as the index files it: ASCII (anything else as "?", which only adds candidates)
    and at most `width` bytes."""
    return text.encode("ascii", "replace")[:width]


EXACT = "="  # the token of a name's words run together, legal form left out: its exact spelling


def lookup_tokens(key: str) -> list[str]:
    """The postings a key is filed under: its words, its words run together, its initials and,
    for a short name, its letters in order (so "WACBO" finds "Wabco")."""
    words = key.split()
    tokens = list(dict.fromkeys(words))
    if 1 < len(words) <= 4:
        tokens.append("".join(words))
    if letters := initials(key):
        tokens.append(letters)
    compact = key.replace(" ", "")
    if 4 <= len(compact) <= 12:
        tokens.append("~" + "".join(sorted(compact)))
    return list(dict.fromkeys(tokens))


def deletions(word: str, edits: int) -> set[str]:
    """The word's first PREFIX letters with up to `edits` letters left out."""
    prefix = word[:PREFIX]
    found = {prefix}
    found.update(prefix[:i] + prefix[i + 1 :] for i in range(len(prefix)))
    if edits >= 2:
        found.update(
            prefix[:i] + prefix[i + 1 : j] + prefix[j + 1 :]
            for i, j in combinations(range(len(prefix)), 2)
        )
    return found


def edits_allowed(word: str) -> int:
    if len(word) < SHORTEST_CORRECTED:
        return 0
    return 1 if len(word) == SHORTEST_CORRECTED else MAX_EDITS


class RegisterIndex:
    def __init__(self, arrays: dict, meta: dict, refs: list | None = None):
        self.meta = meta
        self.kvks = Strings(arrays["kvks"])
        self.names = Strings(arrays["names"])
        self.keys = Strings(arrays["keys"])
        self.places = Strings(arrays["places"])
        self.forms = Strings(arrays["forms"])
        self.compacts = Strings(arrays["compacts"])
        self.addresses = arrays["addresses"]
        self.vocabulary, self.vocabulary_lengths = (
            arrays["vocabulary"],
            arrays["vocabulary_lengths"],
        )
        self.prefix_starts, self.prefix_ends = arrays["prefix_starts"], arrays["prefix_ends"]
        self.postings = Table(
            arrays["postings_keys"], arrays["postings_offsets"], arrays["postings_values"]
        )
        self.corrections = Table(
            arrays["corrections_keys"], arrays["corrections_offsets"], arrays["corrections_values"]
        )
        self.kvk_numbers, self.kvk_entries = arrays["kvk_numbers"], arrays["kvk_entries"]
        self._refs = refs if refs is not None else arrays["refs"]
        self.arrays = arrays

    def __len__(self) -> int:
        return self.meta["entries"]

    def ref(self, index: int):
        ref = self._refs[index]
        return int(ref) if isinstance(ref, np.integer) else ref

    def by_kvk(self, kvk: str) -> int | None:
        if not kvk.isdigit() or not len(self.kvk_numbers):
            return None
        number = int(kvk)
        position = int(np.searchsorted(self.kvk_numbers, number))
        if position < len(self.kvk_numbers) and self.kvk_numbers[position] == number:
            return int(self.kvk_entries[position])
        return None

    # Building ---------------------------------------------------------------------------------

    @classmethod
    def build(cls, entries: Iterable[tuple]) -> "RegisterIndex":
        """Entries are (KvK, name) or (KvK, name, ref); without a ref, the entry's position."""
        kvks, names, keys, places, forms, compacts, refs = [], [], [], [], [], [], []
        addresses = []
        token_column, entry_column = [], []
        for position, entry in enumerate(entries):
            kvk, name = entry[0] or "", entry[1] or ""
            analysed = analyse(name)
            kvks.append(kvk)
            names.append(name)
            keys.append(analysed.key)
            places.append(analysed.place)
            forms.append(analysed.form)
            compacts.append(analysed.compact)
            addresses.append(analysed.address)
            refs.append(entry[2] if len(entry) > 2 else position)
            # Filed under its place too: a ledger may have the place in the name's words.
            tokens = [*lookup_tokens(analysed.full), EXACT + analysed.compact]
            if analysed.place:
                tokens.append(EXACT + analysed.compact + analysed.place.replace(" ", ""))
            token_column.extend(tokens)
            entry_column.extend([position] * len(tokens))
        # Words to correct towards: not the letter sets ("~...") nor the exact spellings ("=...").
        vocabulary = sorted({t for t in token_column if t[0] not in "~="})
        arrays = {
            **Strings.of(kvks).arrays("kvks"),
            **Strings.of(names).arrays("names"),
            **Strings.of(keys).arrays("keys"),
            **Strings.of(places).arrays("places"),
            **Strings.of(forms).arrays("forms"),
            **Strings.of(compacts).arrays("compacts"),
            "addresses": np.array(addresses, dtype=np.bool_),
            "vocabulary": np.array(
                [as_bytes(w, WORD_BYTES) for w in vocabulary], dtype=f"S{WORD_BYTES}"
            ),
            "vocabulary_lengths": np.array([len(w) for w in vocabulary], dtype=np.int16),
            **Table.of(token_column, entry_column, TOKEN_BYTES).arrays("postings"),
            **_corrections(vocabulary),
            **_kvk_arrays(kvks),
        }
        integer_refs = all(isinstance(ref, int) for ref in refs)
        if integer_refs:
            arrays["refs"] = np.array(refs, dtype=np.int64)
        meta = {"format": FORMAT, "entries": len(names), "integer_refs": integer_refs}
        return cls(arrays, meta, refs=None if integer_refs else refs)

    # Keeping ----------------------------------------------------------------------------------

    def save(self, directory: Path, fingerprint: str) -> None:
        """Written to a temporary directory first and renamed, so a reader never sees half; if
        another process kept the same index meanwhile, its copy stays."""
        if not self.meta["integer_refs"]:
            raise ValueError("only an index with integer refs can be kept")
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".building-"))
        try:
            for name, array in self.arrays.items():
                np.save(work / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
            meta = {**self.meta, "fingerprint": fingerprint}
            (work / "meta.json").write_text(json.dumps(meta, sort_keys=True))
            if directory.exists():
                shutil.rmtree(directory, ignore_errors=True)  # a broken or older copy
            try:
                os.replace(work, directory)
            except OSError:
                if not directory.exists():
                    raise
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)

    @classmethod
    def open(cls, directory: Path, fingerprint: str) -> "RegisterIndex | None":
        """The kept index if it was built from the same register by this format; else None."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        if meta.get("format") != FORMAT or meta.get("fingerprint") != fingerprint:
            return None
        # Plain array views of the memory maps: slicing a memmap object costs more than the
        # slice, and the engine slices postings for every name.
        arrays = {
            path.stem: np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
            for path in sorted(directory.glob("*.npy"))
        }
        return cls(arrays, meta)


def _corrections(vocabulary: list[str]) -> dict:
    """The first PREFIX letters of every correctable word with up to two letters left out, each
    pointing at the words with that prefix (a range of the sorted vocabulary)."""
    prefixes, starts = [], []
    for position, word in enumerate(vocabulary):
        if edits_allowed(word) and (not prefixes or word[:PREFIX] != prefixes[-1]):
            prefixes.append(word[:PREFIX])
            starts.append(position)
    ends = [*starts[1:], len(vocabulary)]
    # Imported here: polars takes a tenth of a second to import, and a command that opens a
    # kept index never builds one.
    import polars as pl

    # The spellings are made in polars' loop: every way of leaving out one or two letters, but
    # only one of a four-letter word.
    p = pl.col("p")
    shortest = p.str.len_chars() - pl.when(p.str.len_chars() == SHORTEST_CORRECTED).then(
        1
    ).otherwise(2)
    leave_out = [p] + [p.str.slice(0, i) + p.str.slice(i + 1) for i in range(PREFIX)]
    leave_out += [
        p.str.slice(0, i) + p.str.slice(i + 1, j - i - 1) + p.str.slice(j + 1)
        for i, j in combinations(range(PREFIX), 2)
    ]
    frame = pl.DataFrame(
        {"p": prefixes, "id": range(len(prefixes))}, schema={"p": pl.String, "id": pl.Int64}
    )
    spellings = (
        pl.concat(
            [frame.select(e.alias("key"), "id", shortest.alias("shortest")) for e in leave_out]
        )
        .filter(pl.col("key").str.len_chars() >= pl.col("shortest"))
        .select("key", "id")
        .unique()
        .sort(["key", "id"])
    )
    table = Table.of(spellings["key"].to_list(), spellings["id"].to_numpy(), PREFIX)
    return {
        **table.arrays("corrections"),
        "prefix_starts": np.array(starts, dtype=np.int64),
        "prefix_ends": np.array(ends, dtype=np.int64),
    }


def _kvk_arrays(kvks: list[str]) -> dict:
    """KvK numbers as sorted integers with their first entry."""
    numbered = sorted(
        (int(kvk), position) for position, kvk in enumerate(kvks) if kvk and kvk.isdigit()
    )
    first: dict[int, int] = {}
    for number, position in numbered:
        first.setdefault(number, position)
    return {
        "kvk_numbers": np.array(list(first), dtype=np.int64),
        "kvk_entries": np.array(list(first.values()), dtype=np.int64),
    }


def file_fingerprint(path: Path) -> str:
    """What a register file's kept index is known by: its contents."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
