"""The mergeable summary of a stretch of corpus: what one partition computes and the reduce step merges.

A :class:`Summary` holds only integers and counters: articles, sentences and
tokens per (source, month) cell, the token counts of each cell, a counter of
article lengths, the distinct texts' 64-bit keys for the duplicate count, and,
for gold or extractor output, counters of entities and quotes. Merging two
summaries adds their counters, so any split of the corpus into partitions,
merged in any order, gives the same totals. Memory grows with the vocabulary
(times the number of (source, month) cells), not with the number of articles,
with one exception kept small on purpose: duplicates are counted exactly from
8 bytes per distinct text up to :data:`EXACT_DUPLICATES_CAP` texts (128 MB), and
beyond that from a fixed-size HyperLogLog++ sketch (about 0.8 % error on the
number of distinct texts; the report says which).

Keeping one token count per cell rather than one for the corpus is what
makes the per-source and per-month type counts cheap: every token is counted
once, and the corpus, source and month vocabularies are unions of cells taken
once at the end (:mod:`khabar.stats.report`).

Two ways in. Plain JSON-lines partitions are counted column-wise in Arrow
(:mod:`khabar.stats.columnar`), which hands over a finished vocabulary and
per-cell arrays. Everything else (gold and extractor output, gzipped files,
Parquet, records in memory) goes through :meth:`Summary.add`, one article at a
time, into :class:`collections.Counter` objects that count white-space *chunks*
(``str.split``, in C), not tokens: camel-tools' tokeniser, and so
:func:`khabar.text.token_strings`, splits each white-space chunk on its own, so a
chunk's tokens are the same wherever it occurs. The few chunks that hold a
punctuation mark or symbol are tokenised once per partition (:class:`_Chunks`),
and when the partition is sealed their counts are moved onto their tokens.

Sealed (:meth:`Summary.seal`), a summary is compact for shipping and merging: one
vocabulary, an Arrow string array (each string stored once, a few bytes a word
where a Python string costs some 60), and, per cell, numpy arrays of vocabulary
indices and counts. Merges unite vocabularies in one hash pass and leave new words
in the order met; :meth:`Summary.sort` puts the vocabulary in code-point order
once, before anything is read from it, so the report does not depend on the
partitioning.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice, repeat
from dataclasses import dataclass, field
from typing import Any

from ..corpus.dedupe import stable_id
from ..text import camel_symbols, split_sentences, token_strings

__all__ = ["Summary", "Cell", "UNKNOWN", "month_of", "text_hash", "union_vocabularies", "vocabulary_array"]

#: The source or month of an article that does not say.
UNKNOWN = "unknown"

_MONTH = re.compile(r"^(\d{4})-(\d{2})")
_HLL_PRECISION = 14  # 16,384 one-byte registers: about 0.8 % standard error on the distinct-text count

#: Up to this many distinct texts, duplicates are counted exactly from the texts' 64-bit keys
#: (8 bytes each: 128 MB at the cap); beyond it, from the HyperLogLog sketch of the same keys.
EXACT_DUPLICATES_CAP = 16_000_000


def month_of(date: Any) -> str:
    """``YYYY-MM`` of an ISO date (``2015-07-21``, ``2015-07-21T10:00``), else :data:`UNKNOWN`."""
    if isinstance(date, str):
        match = _MONTH.match(date)
        if match:
            return f"{match[1]}-{match[2]}"
    return UNKNOWN


def text_hash(text: str) -> int:
    """The key under which two articles count as duplicates: the corpus importer's exact-duplicate id.

    :func:`khabar.corpus.dedupe.stable_id` hashes the words of the text, every run of
    white space (whatever ``str.isspace`` calls white space: no-break and em spaces,
    U+2028, NEL ...) made one space, so a re-scraped copy that differs only in spacing
    is still a duplicate; tatweel and invisible characters are kept. It is stable
    across processes, as a key merged from many workers must be.
    """
    return int(stable_id(text), 16)


@dataclass(slots=True)
class _Chunks:
    """The white-space chunks of a partition that are more than one token: their tokens, and how many more.

    Every chunk new to a cell is looked at once (:meth:`learn`); most hold no
    mark or symbol and are one token, the others are tokenised here, once.
    """

    splits: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)  # chunk -> its tokens minus one
    seen: set[str] = field(default_factory=set)  # every chunk looked at, in any cell

    def learn(self, chunks: Iterable[str]) -> None:
        search, splits, seen = _symbol_search(), self.splits, self.seen
        _, _, needs_slow, symbol_splitter, disagreeing_bmp = camel_symbols()
        fresh = set(chunks)
        fresh.difference_update(seen)
        seen.update(fresh)
        for chunk in fresh:
            if search(chunk) is not None:
                parts = symbol_splitter.split(chunk)
                if needs_slow.search(chunk) is None and disagreeing_bmp.isdisjoint(parts[1::2]):
                    # token_strings' fast path, for a chunk: it holds no white space to split at.
                    tokens = [part for part in parts if part]
                else:
                    tokens = token_strings(chunk)
                if len(tokens) > 1:
                    splits[chunk] = tokens
                    self.extra[chunk] = len(tokens) - 1


@functools.cache
def _symbol_search() -> Any:
    """``search`` of a pattern for any character the tokeniser splits at or sends to its slow path."""
    import regex

    _, _, needs_slow, symbol_splitter, _ = camel_symbols()
    symbols = symbol_splitter.pattern[2:-2] + needs_slow.pattern[1:-1]  # "([...])" and "[...]" -> "..."
    return regex.compile(f"[{symbols}]").search


def _hll_hash(key: int) -> int:
    # The key is already a uniform 64-bit hash: datasketch need not hash it again with SHA-1.
    return key


def _new_hll():  # noqa: ANN202 - datasketch is imported lazily
    from datasketch import HyperLogLogPlusPlus

    return HyperLogLogPlusPlus(p=_HLL_PRECISION, hashfunc=_hll_hash)


def vocabulary_array(words: list[str]) -> Any:
    """Distinct words as the compact vocabulary of a sealed summary."""
    import pyarrow as pa

    return pa.array(words, type=pa.string()) if words else None


def union_vocabularies(vocabularies: list[Any]) -> tuple[Any, list[Any]]:
    """The union of vocabularies, and for each, where its entries went (``None``: they stayed put).

    One hash pass in Arrow (``dictionary_encode``, in C++), where a Python set and
    dict of a million strings would cost seconds and some 100 bytes a word. The
    union keeps the first vocabulary in place and appends the new words in the
    order met: a summary is put in sorted order once, when it is read
    (:meth:`Summary.sort`), not at every merge.
    """
    import numpy as np
    import pyarrow as pa

    present = [v for v in vocabularies if v is not None and len(v)]
    if not present:
        return None, [None] * len(vocabularies)
    first = present[0]
    if all(v is first or v.equals(first) for v in present[1:]):
        return first, [None] * len(vocabularies)
    encoded = pa.concat_arrays(present).dictionary_encode()
    positions = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    moves: list[Any] = []
    offset = 0
    for v in vocabularies:
        if v is None or not len(v):
            moves.append(None)
            continue
        moves.append(positions[offset : offset + len(v)])
        offset += len(v)
    if vocabularies[0] is not None and len(vocabularies[0]):
        moves[0] = None  # the first vocabulary's words are the union's first entries, in the same order
    return encoded.dictionary, moves


@dataclass(slots=True)
class Cell:
    """Everything counted for one (source, month) pair.

    While a partition is read, token counts are in ``counts``; once sealed, in
    ``ids`` (distinct indices into the summary's vocabulary; ascending once sorted) and ``freqs``.
    """

    articles: int = 0
    sentences: int = 0
    tokens: int = 0
    counts: Counter[str] | None = field(default_factory=Counter)
    ids: Any = None
    freqs: Any = None

    def add_counts(self, other: Cell) -> None:
        self.articles += other.articles
        self.sentences += other.sentences
        self.tokens += other.tokens


@dataclass(slots=True)
class Summary:
    """Counts over some articles; :meth:`merge` another summary in to cover both."""

    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    vocabulary: Any = None  # a pyarrow string array (None: empty): the tokens of sealed cells' ids
    vocabulary_sorted: bool = True  # whether it is in code-point order (see sort())
    lengths: Counter[int] = field(default_factory=Counter)  # tokens per article -> articles
    distinct: Any = None  # datasketch HyperLogLogPlusPlus over text_hash(); None until the first article
    keys: Any = None  # sorted unique numpy uint64 array of text_hash(), or a list while a partition is read
    keys_overflowed: bool = False  # more than EXACT_DUPLICATES_CAP distinct texts: only the sketch is kept
    annotated: int = 0  # records that carry an "entities" or "quotes" field
    entity_labels: Counter[str] = field(default_factory=Counter)
    entity_texts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (label, surface) -> count
    quotes_per_article: Counter[int] = field(default_factory=Counter)
    quote_types: Counter[str] = field(default_factory=Counter)
    quote_sources: Counter[str] = field(default_factory=Counter)
    quote_cues: Counter[str] = field(default_factory=Counter)
    quotes_without_source: int = 0
    annotated_tokens: int = 0  # tokens of the annotated records, the base of "per 1,000 tokens"
    chunks: _Chunks = field(default_factory=_Chunks)  # multi-token chunks seen while reading

    # --- building -------------------------------------------------------------------------

    def add(self, text: str, source: str | None, date: Any, record: dict[str, Any] | None = None) -> None:
        """Count one article; ``record`` is its gold or extractor record, if it has annotations."""
        chunks = text.split()
        cell_key = (source or UNKNOWN, month_of(date))
        cell = self.cells.get(cell_key)
        if cell is None:
            cell = self.cells[cell_key] = Cell()
        if cell.counts is None:
            cell.counts = Counter()
        cell.articles += 1
        cell.sentences += len(split_sentences(text))
        counts = cell.counts
        known = len(counts)
        counts.update(chunks)
        if len(counts) > known:
            # A Counter keeps insertion order: the chunks new to this cell are its last keys.
            self.chunks.learn(islice(reversed(counts), len(counts) - known))
        n_tokens = len(chunks) + sum(map(self.chunks.extra.get, chunks, repeat(0)))
        cell.tokens += n_tokens
        self.lengths[n_tokens] += 1
        text_key = text_hash(text)
        self.sketch().update(text_key)
        if self.keys is None:
            self.keys = []
        self.keys.append(text_key)
        if record is not None and ("entities" in record or "quotes" in record):
            self._add_annotations(text, record, n_tokens)

    def _add_annotations(self, text: str, record: dict[str, Any], n_tokens: int) -> None:
        """Count entities and quotes. ``record`` was validated by :class:`khabar.gold.Document` already."""
        self.annotated += 1
        self.annotated_tokens += n_tokens
        for entity in record.get("entities") or ():
            label = entity["label"]
            self.entity_labels[label] += 1
            self.entity_texts[(label, text[entity["start"] : entity["end"]])] += 1
        quotes = record.get("quotes") or ()
        self.quotes_per_article[len(quotes)] += 1
        for quote in quotes:
            self.quote_types[quote.get("type", "indirect")] += 1
            source, cue = quote.get("source"), quote.get("cue")
            if source:
                self.quote_sources[text[source["start"] : source["end"]]] += 1
            else:
                self.quotes_without_source += 1
            if cue:
                self.quote_cues[text[cue["start"] : cue["end"]]] += 1

    # --- reducing -------------------------------------------------------------------------

    def seal(self) -> Summary:
        """Freeze what a partition read into the compact form (see the module docstring); return self.

        Called once, when the partition is done; merging seals both sides first. Idempotent.
        """
        import numpy as np

        if isinstance(self.keys, list):
            self.keys = np.unique(np.array(self.keys, dtype=np.uint64))
            self._check_cap()
        reading = {key: cell for key, cell in self.cells.items() if cell.counts is not None}
        self._split_chunks(list(reading.values()))
        if reading:
            words = list(set().union(*(cell.counts for cell in reading.values())))
            index = dict(zip(words, range(len(words))))
            arrays = {}
            for key, cell in reading.items():
                counts = cell.counts
                ids = np.fromiter(map(index.__getitem__, counts), dtype=np.int64, count=len(counts))
                freqs = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
                arrays[key] = (ids, freqs)
                cell.counts = None
            self.absorb((vocabulary_array(words), arrays))
        return self

    def sort(self) -> Summary:
        """Put the vocabulary in code-point order and every cell's ids in ascending order; return self.

        Merges leave the vocabulary in the order words were met, which depends on
        the partitioning; everything read from a summary reads it sorted, so the
        report is the same however the corpus was split.
        """
        import numpy as np
        import pyarrow.compute as pc

        self.seal()
        if self.vocabulary_sorted or self.vocabulary is None:
            self.vocabulary_sorted = True
            return self
        order = pc.array_sort_indices(self.vocabulary).to_numpy(zero_copy_only=False)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        self.vocabulary = self.vocabulary.take(order)
        for cell in self.cells.values():
            ids = rank[cell.ids]
            ascending = np.argsort(ids, kind="stable")
            cell.ids, cell.freqs = ids[ascending], cell.freqs[ascending]
        self.vocabulary_sorted = True
        return self

    def absorb(self, *counted: tuple[Any, dict[tuple[str, str], tuple[Any, Any]]]) -> None:
        """Add counts to the sealed ones: each of ``counted`` is a vocabulary and, per cell, (ids, freqs) over it.

        All vocabularies are united in one pass, and each cell's counts are added in
        one vocabulary-sized array, however many summaries are merged at once.
        """
        import numpy as np

        united, moves = union_vocabularies([self.vocabulary, *(vocabulary for vocabulary, _ in counted)])
        mine, *theirs = moves
        parts: dict[tuple[str, str], list[tuple[Any, Any]]] = {}
        for key, cell in self.cells.items():
            if cell.ids is not None:
                parts[key] = [(cell.ids if mine is None else mine[cell.ids], cell.freqs)]
        for move, (_, arrays) in zip(theirs, counted, strict=True):
            for key, (ids, freqs) in arrays.items():
                parts.setdefault(key, []).append((ids if move is None else move[ids], freqs))
        if united is not self.vocabulary:
            self.vocabulary, self.vocabulary_sorted = united, False
        size = 0 if united is None else len(united)
        for key, pieces in parts.items():
            cell = self.sealed_cell(key)
            if len(pieces) == 1:
                cell.ids, cell.freqs = pieces[0]
                continue
            dense = np.zeros(size, dtype=np.int64)
            for ids, freqs in pieces:
                dense[ids] += freqs  # ids are unique within each piece
            cell.ids = np.flatnonzero(dense)
            cell.freqs = dense[cell.ids]
        for cell in self.cells.values():
            if cell.ids is None and cell.counts is None:
                cell.ids, cell.freqs = np.zeros(0, np.int64), np.zeros(0, np.int64)

    def _split_chunks(self, cells: list[Cell]) -> None:
        """Move the counts of multi-token chunks onto their tokens, in every cell being read."""
        splits = self.chunks.splits
        for cell in cells:
            counts = cell.counts
            for chunk in splits.keys() & counts.keys():
                n = counts.pop(chunk)
                for token in splits[chunk]:
                    counts[token] += n
        self.chunks = _Chunks()

    def sealed_cell(self, key: tuple[str, str]) -> Cell:
        """The cell of ``key``, made empty and sealed if it is new (counts are then added as arrays)."""
        cell = self.cells.get(key)
        if cell is None:
            cell = self.cells[key] = Cell(counts=None)
        return cell

    def sketch(self) -> Any:
        """The HyperLogLog++ sketch of the distinct texts, made on first use."""
        if self.distinct is None:
            self.distinct = _new_hll()
        return self.distinct

    def add_keys(self, *arrays: Any) -> None:
        """Unite sorted unique key arrays (``None``: none) with the summary's own, up to the cap."""
        import numpy as np

        if self.keys_overflowed:
            return
        keys = [k for k in (self.keys, *arrays) if k is not None]
        self.keys = np.unique(np.concatenate(keys)) if len(keys) > 1 else (keys[0] if keys else None)
        self._check_cap()

    def _check_cap(self) -> None:
        if self.keys is not None and len(self.keys) > EXACT_DUPLICATES_CAP:
            self.keys, self.keys_overflowed = None, True

    @property
    def distinct_texts(self) -> tuple[int, bool]:
        """How many different texts, and whether that is exact (else the sketch's estimate)."""
        self.seal()
        if not self.keys_overflowed:
            return (len(self.keys) if self.keys is not None else 0), True
        return min(round(self.distinct.count()), self.articles), False

    def merge(self, *others: Summary) -> Summary:
        """Add the counts of ``others`` to this summary (in place; they are left as they were) and return it."""
        self.seal()
        for other in others:
            other.seal()
        if any(other.keys_overflowed for other in others):
            self.keys, self.keys_overflowed = None, True
        self.add_keys(*(other.keys for other in others))
        counted = []
        for other in others:
            arrays = {}
            for key, cell in other.cells.items():
                self.sealed_cell(key).add_counts(cell)
                arrays[key] = (cell.ids, cell.freqs)
            counted.append((other.vocabulary, arrays))
        self.absorb(*counted)
        for other in others:
            self._merge_counters(other)
        return self

    def _merge_counters(self, other: Summary) -> None:
        self.lengths.update(other.lengths)
        if other.distinct is not None:
            self.sketch().merge(other.distinct)
        self.annotated += other.annotated
        self.annotated_tokens += other.annotated_tokens
        self.entity_labels.update(other.entity_labels)
        self.entity_texts.update(other.entity_texts)
        self.quotes_per_article.update(other.quotes_per_article)
        self.quote_types.update(other.quote_types)
        self.quote_sources.update(other.quote_sources)
        self.quote_cues.update(other.quote_cues)
        self.quotes_without_source += other.quotes_without_source

    @classmethod
    def merge_all(cls, summaries: list[Summary]) -> Summary:
        """One summary of many, merged in the order given."""
        return cls().merge(*summaries)

    def token_frequencies(self) -> Any:
        """The count of every vocabulary entry in the whole corpus, as an int64 array aligned with ``vocabulary``."""
        import numpy as np

        self.sort()
        total = np.zeros(self.vocabulary_size, dtype=np.int64)
        for cell in self.cells.values():
            total[cell.ids] += cell.freqs  # ids are unique within a cell
        return total

    def token_counts(self) -> Counter[str]:
        """The corpus's token counter: every (source, month) cell's, added up."""
        return Counter(dict(zip(self.words(), self.token_frequencies().tolist())))

    @property
    def vocabulary_size(self) -> int:
        return 0 if self.vocabulary is None else len(self.vocabulary)

    def words(self) -> list[str]:
        """The vocabulary as Python strings, in order (code-point order): ``token_frequencies()[i]`` counts ``words()[i]``."""
        self.sort()
        return [] if self.vocabulary is None else self.vocabulary.to_pylist()

    @property
    def articles(self) -> int:
        return sum(cell.articles for cell in self.cells.values())

    @property
    def tokens(self) -> int:
        return sum(cell.tokens for cell in self.cells.values())
