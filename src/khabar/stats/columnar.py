"""The fast path of the map step: a JSON-lines partition counted column-wise with pyarrow.

:meth:`khabar.stats.summary.Summary.add` counts one article at a time in Python
dictionaries; that is exact, names a bad record's line, and tops out near
0.7 M tokens per second. Here a partition's bytes are parsed by Arrow's JSON
reader (C++) into a text column, split at white space (``utf8_split_whitespace``
splits at exactly the characters ``str.split`` and camel-tools split at, which
the tests check), and the white-space chunks are dictionary-encoded and counted
with numpy, so no Python object is made per token. Only the distinct chunks that
hold a punctuation mark or symbol (a few percent of a partition's vocabulary) are
tokenised, by :func:`khabar.text.token_strings`' rules, and their counts moved
onto their tokens, as the per-article path does (see :mod:`khabar.stats.summary`).
Sentences and the duplicate key still need each article's text as a Python
string, and are computed per article.

Written on pyarrow rather than with ``dask.dataframe``: a dataframe's string
methods return Python objects per token, which is what this avoids.

Anything the reader does not take as plain strings (a number where the text
or source should be, a line that is not an object, annotations, bad UTF-8)
makes :func:`read_columns` return ``None``, and the caller counts that
partition the exact way, record by record, which names the file, line and field
of any error. The two paths give identical summaries (a test checks it).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..text import camel_symbols, count_sentences, token_strings
from .summary import UNKNOWN, Summary, month_of, text_hash

__all__ = ["read_columns", "count_table", "count_columns"]

# Records with annotations are validated as gold, so their partition is counted record by record.
_ANNOTATION_KEYS = (b'"entities"', b'"quotes"')


def _schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("text", text),
            ("source", text),
            ("date", text),
            ("meta", pa.struct([("source", text), ("date", text)])),
        ]
    )


def read_columns(data: bytes) -> Any | None:
    """The text, source and date columns of JSON lines ``data``, or ``None`` if they need the exact path."""
    import pyarrow as pa
    import pyarrow.json as pj

    if any(key in data for key in _ANNOTATION_KEYS):
        return None  # gold or extractor output: annotations are validated and counted record by record
    if b"\\ud" in data or b"\\uD" in data:
        return None  # a surrogate escape, perhaps a lone one (E005): the exact path decides
    try:
        table = pj.read_json(
            pa.BufferReader(data),
            # One thread: the partitions are the parallelism, one per worker core.
            read_options=pj.ReadOptions(use_threads=False, block_size=max(len(data), 1 << 20) + 1),
            parse_options=pj.ParseOptions(explicit_schema=_schema(), unexpected_field_behavior="ignore"),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if table.column("text").null_count:
        return None  # a record without a text: the exact path names it
    try:
        # Arrow's JSON reader copies string bytes unchecked: invalid UTF-8 must reach the exact path (E003).
        for name in table.column_names:
            table.column(name).validate(full=True)
    except pa.ArrowInvalid:
        return None
    return table


def _first_non_empty(column: Any, fallback: Any) -> list[str | None]:
    """``record[field] or record["meta"][field]`` for a whole column, as the per-record path reads it."""
    import pyarrow.compute as pc

    present = pc.and_(pc.is_valid(column), pc.not_equal(column, ""))
    return pc.if_else(pc.fill_null(present, False), column, fallback).to_pylist()


def count_table(summary: Summary, table: Any) -> None:
    """Count a table from :func:`read_columns` into ``summary``."""
    import pyarrow.compute as pc

    if not table.num_rows:
        return
    meta = table.column("meta").combine_chunks()
    sources = _first_non_empty(table.column("source").combine_chunks(), pc.struct_field(meta, "source"))
    dates = _first_non_empty(table.column("date").combine_chunks(), pc.struct_field(meta, "date"))
    cells = [(source or UNKNOWN, month_of(date)) for source, date in zip(sources, dates, strict=True)]
    count_columns(summary, table.column("text").combine_chunks(), cells)


def count_columns(summary: Summary, texts: Any, cells: list[tuple[str, str]]) -> None:
    """Add the articles ``texts`` (an Arrow string array), each in its (source, month) cell, to ``summary``."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    names = sorted(set(cells))
    number = {name: i for i, name in enumerate(names)}
    article_cell = np.fromiter(map(number.__getitem__, cells), dtype=np.int64, count=len(cells))
    # Articles grouped by cell (stable, so each cell keeps file order): a cell's chunks are one stretch.
    order = np.argsort(article_cell, kind="stable")
    article_cell = article_cell[order]
    texts = texts.take(pa.array(order))

    # White-space chunks. Arrow keeps an empty piece for white space at either end of a text
    # (str.split() drops it): the empty chunk counts as no token below, so no trimming pass.
    # The tests check that the two split at the same characters.
    chunked = pc.utf8_split_whitespace(texts)
    chunks_per_article = pc.list_value_length(chunked).to_numpy(zero_copy_only=False).astype(np.int64)
    encoded = pc.list_flatten(chunked).dictionary_encode()
    del chunked  # a copy of every chunk: memory per worker is what limits the partition size
    chunk_ids = encoded.indices.to_numpy(zero_copy_only=False)
    distinct = encoded.dictionary
    pieces, piece_owner, extra = _chunk_tokens(distinct)

    # Tokens per article: its chunks plus the extra tokens of its multi-token chunks.
    edges = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(chunks_per_article, out=edges[1:])
    extra_running = np.zeros(len(chunk_ids) + 1, dtype=np.int32)  # int32: a partition holds far fewer tokens
    np.cumsum(extra[chunk_ids], out=extra_running[1:])
    tokens_per_article = chunks_per_article + extra_running[edges[1:]] - extra_running[edges[:-1]]

    # The partition's vocabulary: the one-token chunks and the tokens of the others.
    single_ids = np.flatnonzero(extra == 0)
    singles = distinct.take(pa.array(single_ids))
    vocabulary = pc.unique(pa.concat_arrays([singles, pieces]))
    single_targets = _positions(singles, vocabulary)
    piece_targets = _positions(pieces, vocabulary)

    # What needs each text as a Python string: its sentences and its duplicate key.
    strings = texts.to_pylist()
    cell_starts = np.searchsorted(article_cell, np.arange(len(names) + 1))
    arrays = {}
    for i, name in enumerate(names):
        first, last = int(cell_starts[i]), int(cell_starts[i + 1])
        counts = np.bincount(chunk_ids[edges[first] : edges[last]], minlength=len(distinct))
        dense = np.zeros(len(vocabulary), dtype=np.int64)
        dense[single_targets] = counts[single_ids]
        np.add.at(dense, piece_targets, counts[piece_owner])
        ids = np.flatnonzero(dense)
        arrays[name] = (ids, dense[ids])
        cell = summary.sealed_cell(name)
        cell.articles += last - first
        cell.tokens += int(tokens_per_article[first:last].sum())
        cell.sentences += sum(map(count_sentences, strings[first:last]))
    keys = np.fromiter(map(text_hash, strings), dtype=np.uint64, count=len(strings))

    lengths, articles = np.unique(tokens_per_article, return_counts=True)
    summary.lengths.update(dict(zip(lengths.tolist(), articles.tolist())))
    _add_to_sketch(summary.sketch(), keys)
    summary.seal()  # the summary's own key list, if any, becomes an array before these are added
    summary.add_keys(np.unique(keys))
    summary.absorb((vocabulary, arrays))


def _add_to_sketch(sketch: Any, keys: Any) -> None:
    """``sketch.update(key)`` for every key of a uint64 array, in one numpy pass.

    datasketch's HyperLogLog++ update, vectorised: the low ``p`` bits of the
    (already uniform) key pick the register, which keeps the largest rank seen,
    the rank being the position of the first 1 bit of the rest. The tests check the
    registers against datasketch's own ``update``.
    """
    import numpy as np

    if not len(keys):
        return
    registers = keys & np.uint64(sketch.m - 1)
    rest = keys >> np.uint64(sketch.p)
    # bit_length of the rest (< 2**50): frexp's exponent, exact in float64 below 2**53.
    lengths = np.where(rest == 0, 0, np.frexp(rest.astype(np.float64))[1])
    ranks = (sketch.max_rank - lengths + 1).astype(sketch.reg.dtype)
    np.maximum.at(sketch.reg, registers.astype(np.int64), ranks)


def _positions(words: Any, vocabulary: Any) -> Any:
    import pyarrow.compute as pc

    return pc.index_in(words, value_set=vocabulary).to_numpy(zero_copy_only=False).astype("int64")


def _chunk_tokens(distinct: Any) -> tuple[Any, Any, Any]:
    r"""The tokens of the chunks that are not one token each.

    Returns the tokens of those chunks one after the other (an Arrow string array), the
    index in ``distinct`` of the chunk each came from, and, per chunk, its tokens minus one
    (0 for a one-token chunk, -1 for the empty chunk).

    A chunk made of letters and digits only is one token (``utf8_is_alnum``, a byte
    scan). The others are split at every punctuation mark and symbol with RE2, whose
    ``\p{P}`` and ``\p{S}`` match exactly the characters the tokeniser splits at
    outside its slow path (the tests check every code point); chunks with an emoji
    sequence or one of the characters where camel-tools' tables differ take the
    tokeniser's own slow path, in Python.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    symbols, slow = _patterns()
    extra = np.zeros(len(distinct), dtype=np.int32)
    candidates = np.flatnonzero(~pc.utf8_is_alnum(distinct).to_numpy(zero_copy_only=False))
    candidate_words = distinct.take(pa.array(candidates, pa.int64()))
    needs_slow = pc.match_substring_regex(candidate_words, slow).to_numpy(zero_copy_only=False)

    fast = candidates[~needs_slow]
    split = pc.utf8_split_whitespace(
        pc.utf8_trim_whitespace(pc.replace_substring_regex(candidate_words.filter(pa.array(~needs_slow)), symbols, r" \1 "))
    )
    sizes = pc.list_value_length(split).to_numpy(zero_copy_only=False).astype(np.int64)
    words = pc.list_flatten(split)
    many = sizes != 1
    owners = [np.repeat(fast[many], sizes[many])]
    piece_arrays = [words.filter(pa.array(np.repeat(many, sizes)))]
    extra[fast] = sizes - 1

    slow_words = candidate_words.filter(pa.array(needs_slow)).to_pylist()
    slow_ids, slow_pieces = [], []
    for index, word in zip(candidates[needs_slow].tolist(), slow_words):
        tokens = token_strings(word)
        if len(tokens) != 1:
            extra[index] = len(tokens) - 1
            slow_ids.extend([index] * len(tokens))
            slow_pieces.extend(tokens)
    owners.append(np.array(slow_ids, dtype=np.int64))
    piece_arrays.append(pa.array(slow_pieces, pa.string()))
    empty = np.flatnonzero(pc.equal(distinct, "").to_numpy(zero_copy_only=False))
    extra[empty] = -1  # white space at either end of a text, or a text of white space alone
    return pa.concat_arrays(piece_arrays), np.concatenate(owners), extra


@functools.cache
def _patterns() -> tuple[str, str]:
    """RE2 patterns: the tokeniser's split points (one group), and the characters that send a chunk to its slow path."""
    _, _, needs_slow, symbol_splitter, _ = camel_symbols()

    def re2(pattern: str) -> str:
        return re.sub(r"\\U([0-9a-fA-F]{8})|\\u([0-9a-fA-F]{4})", lambda m: "\\x{%s}" % (m[1] or m[2]), pattern)

    return re2(symbol_splitter.pattern), re2(needs_slow.pattern)
