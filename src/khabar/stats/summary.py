"""The mergeable summary of a stretch of corpus: what one partition computes and the reduce step merges.

A :class:`Summary` holds only integers and counters: articles, sentences and
tokens per (source, month) cell, the token counter of each cell, a counter of
article lengths, the distinct texts' 64-bit keys for the duplicate count, and,
for gold or extractor output, counters of entities and quotes. Merging two
summaries adds their counters, so any split of the corpus into partitions,
merged in any order, gives the same totals. Memory grows with the vocabulary
(times the number of (source, month) cells), not with the number of articles,
with one exception kept small on purpose: duplicates are counted exactly from
8 bytes per distinct text up to :data:`EXACT_DUPLICATES_CAP` texts (128 MB), and
beyond that from a fixed-size HyperLogLog++ sketch (about 0.8 % error on the
number of distinct texts; the report says which).

Keeping one token counter per cell rather than one for the corpus is what
makes the per-source and per-month type counts cheap: every token is counted
once, and the corpus, source and month vocabularies are unions of cells taken
once at the end (:mod:`khabar.stats.report`).

A partition counts into :class:`collections.Counter` objects, the fastest way
to count strings in Python, and it counts white-space *chunks* (``str.split``,
in C), not tokens: camel-tools' tokeniser, and so :func:`khabar.text.token_strings`,
splits each white-space chunk on its own, so a chunk's tokens are the same
wherever it occurs. Most chunks are plain words, one token each; the few that
hold a punctuation mark or symbol are tokenised once per partition (:class:`_Chunks`),
which gives the article's exact token count, and when the partition is sealed their counts
are moved onto their tokens. That does the tokeniser's per-token work once per
distinct chunk instead of once per occurrence. When it is done, :meth:`Summary.seal` turns them
into a compact form for shipping and merging: one sorted vocabulary (each
string stored once) and, per cell, numpy arrays of vocabulary indices and
counts. Dict-of-strings counters cost some 200 bytes an entry in every cell;
the arrays cost 16, which keeps workers and driver well inside their memory
budget however many cells there are.
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
from ..text import _DISAGREEING_BMP, _camel_symbols, split_sentences, token_strings

__all__ = ["Summary", "Cell", "UNKNOWN", "month_of", "text_hash"]

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

    :func:`khabar.corpus.dedupe.stable_id` hashes the words of the text, white space
    collapsed and tatweel and invisible characters dropped, so a re-scraped copy
    that differs only in spacing is still a duplicate. It is stable across
    processes, as a key merged from many workers must be.
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
        _, _, needs_slow, symbol_splitter = _camel_symbols()
        fresh = set(chunks)
        fresh.difference_update(seen)
        seen.update(fresh)
        for chunk in fresh:
            if search(chunk) is not None:
                parts = symbol_splitter.split(chunk)
                if needs_slow.search(chunk) is None and _DISAGREEING_BMP.isdisjoint(parts[1::2]):
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

    _, _, needs_slow, symbol_splitter = _camel_symbols()
    symbols = symbol_splitter.pattern[2:-2] + needs_slow.pattern[1:-1]  # "([...])" and "[...]" -> "..."
    return regex.compile(f"[{symbols}]").search


def _hll_hash(key: int) -> int:
    # The key is already a uniform 64-bit hash: datasketch need not hash it again with SHA-1.
    return key


def _new_hll():  # noqa: ANN202 - datasketch is imported lazily
    from datasketch import HyperLogLogPlusPlus

    return HyperLogLogPlusPlus(p=_HLL_PRECISION, hashfunc=_hll_hash)


def _combine(ids_a: Any, freqs_a: Any, ids_b: Any, freqs_b: Any) -> tuple[Any, Any]:
    """Add two (ascending ids, counts) arrays pairs over the same vocabulary."""
    import numpy as np

    if not len(ids_a) or not len(ids_b):
        return (ids_b, freqs_b) if not len(ids_a) else (ids_a, freqs_a)
    # Added in a dense array over the vocabulary (ids are unique within each side and every
    # count is positive): linear, where np.unique and np.add.at sort and loop.
    dense = np.zeros(int(max(ids_a[-1], ids_b[-1])) + 1, dtype=np.int64)
    dense[ids_a] = freqs_a
    dense[ids_b] += freqs_b
    ids = np.flatnonzero(dense)
    return ids, dense[ids]


@dataclass(slots=True)
class Cell:
    """Everything counted for one (source, month) pair.

    While a partition is read, token counts are in ``counts``; once sealed, in
    ``ids`` (ascending indices into the summary's vocabulary) and ``freqs``.
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
    vocabulary: list[str] = field(default_factory=list)  # sorted; the tokens of sealed cells' ids
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
        if self.distinct is None:
            self.distinct = _new_hll()
        text_key = text_hash(text)
        self.distinct.update(text_key)
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
        reading = [cell for cell in self.cells.values() if cell.counts is not None]
        self._split_chunks(reading)
        if reading:
            vocabulary: set[str] = set(self.vocabulary)
            for cell in reading:
                vocabulary.update(cell.counts)
            self._reindex(sorted(vocabulary))
            index = dict(zip(self.vocabulary, range(len(self.vocabulary))))
            for cell in reading:
                counts = cell.counts
                ids = np.fromiter(map(index.__getitem__, counts), dtype=np.int64, count=len(counts))
                freqs = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
                order = np.argsort(ids)
                if cell.ids is None:
                    cell.ids, cell.freqs = ids[order], freqs[order]
                else:  # counted into again after an earlier seal
                    cell.ids, cell.freqs = _combine(cell.ids, cell.freqs, ids[order], freqs[order])
                cell.counts = None
        return self

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

    def _reindex(self, vocabulary: list[str], index: dict[str, int] | None = None) -> None:
        """Move every sealed cell onto ``vocabulary``, a sorted superset of the current one (``index``: its positions)."""
        import numpy as np

        if vocabulary == self.vocabulary:
            return
        if self.vocabulary:
            if index is None:
                index = dict(zip(vocabulary, range(len(vocabulary))))
            mapping = np.fromiter(map(index.__getitem__, self.vocabulary), dtype=np.int64, count=len(self.vocabulary))
            for cell in self.cells.values():
                if cell.ids is not None:
                    # Both vocabularies are sorted, so the mapping keeps the ids ascending.
                    cell.ids = mapping[cell.ids]
        self.vocabulary = vocabulary

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

    def merge(self, other: Summary) -> Summary:
        """Add ``other``'s counts to this summary (in place; ``other`` is left reindexed) and return it."""
        import numpy as np

        self.seal()
        other.seal()
        if self.keys_overflowed or other.keys_overflowed:
            self.keys, self.keys_overflowed = None, True
        elif other.keys is not None:
            self.keys = other.keys if self.keys is None else np.union1d(self.keys, other.keys)
            self._check_cap()
        if other.vocabulary != self.vocabulary:
            # Two sorted runs: timsort merges them in linear time; dict.fromkeys drops the repeats in order.
            vocabulary = list(dict.fromkeys(sorted(self.vocabulary + other.vocabulary)))
            index = dict(zip(vocabulary, range(len(vocabulary))))
            self._reindex(vocabulary, index)
            other._reindex(vocabulary, index)
        for key, cell in other.cells.items():
            mine = self.cells.get(key)
            if mine is None:
                self.cells[key] = mine = Cell(counts=None, ids=np.zeros(0, np.int64), freqs=np.zeros(0, np.int64))
            mine.add_counts(cell)
            mine.ids, mine.freqs = _combine(mine.ids, mine.freqs, cell.ids, cell.freqs)
        self.lengths.update(other.lengths)
        if other.distinct is not None:
            if self.distinct is None:
                self.distinct = _new_hll()
            self.distinct.merge(other.distinct)
        self.annotated += other.annotated
        self.annotated_tokens += other.annotated_tokens
        self.entity_labels.update(other.entity_labels)
        self.entity_texts.update(other.entity_texts)
        self.quotes_per_article.update(other.quotes_per_article)
        self.quote_types.update(other.quote_types)
        self.quote_sources.update(other.quote_sources)
        self.quote_cues.update(other.quote_cues)
        self.quotes_without_source += other.quotes_without_source
        return self

    @classmethod
    def merge_all(cls, summaries: list[Summary]) -> Summary:
        """One summary of many, merged in the order given."""
        total = cls()
        for summary in summaries:
            total.merge(summary)
        return total

    def token_frequencies(self) -> Any:
        """The count of every vocabulary entry in the whole corpus, as an int64 array aligned with ``vocabulary``."""
        import numpy as np

        self.seal()
        total = np.zeros(len(self.vocabulary), dtype=np.int64)
        for cell in self.cells.values():
            total[cell.ids] += cell.freqs  # ids are unique within a cell
        return total

    def token_counts(self) -> Counter[str]:
        """The corpus's token counter: every (source, month) cell's, added up."""
        return Counter(dict(zip(self.vocabulary, self.token_frequencies().tolist())))

    @property
    def articles(self) -> int:
        return sum(cell.articles for cell in self.cells.values())

    @property
    def tokens(self) -> int:
        return sum(cell.tokens for cell in self.cells.values())
