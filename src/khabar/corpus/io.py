"""Streaming reading and atomic writing of corpus files: JSON lines, or Parquet by extension.

JSON lines are written with ``orjson`` where it gives the very bytes the
standard library would (``json.dumps(..., ensure_ascii=False,
separators=(",", ":"))`` encoded as UTF-8): encoding dominated the import's
cost, and orjson encodes an article about eight times faster. Where the two
could differ (floats: ``1e-05`` against ``0.00001``, NaN; values orjson knows and
the standard library refuses, such as datetimes; lone surrogates; integers past
64 bits), the line is written by the standard library, so the output and its
errors are the same with or without orjson installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from os import PathLike
from typing import Any

from ..io import PARQUET_BATCH_ROWS, atomic_write, dumps, read_records
from .article import ARTICLE_FIELDS, Article

#: Corpus lines written at once to a JSON-lines corpus (a few hundred KB).
WRITE_BATCH_LINES = 128

# Types orjson writes exactly as ``json.dumps(ensure_ascii=False)`` does (bool is a subclass
# of int, but ``type(x) in`` is exact: subclasses such as enums go to the standard library).
_SAME_IN_ORJSON = frozenset({str, int, bool, type(None)})


def _orjson_writes_alike(value: Any) -> bool:
    """Whether orjson's output for ``value`` is the standard library's, byte for byte (unless orjson refuses)."""
    kind = type(value)
    if kind is dict:
        # A plain loop, not all(...): this runs once per article written.
        for key, item in value.items():
            if type(key) is not str or (type(item) not in _SAME_IN_ORJSON and not _orjson_writes_alike(item)):
                return False
        return True
    if kind is list:
        return all(map(_orjson_writes_alike, value))
    return kind in _SAME_IN_ORJSON


def json_line_encoder(*, fast: bool = True) -> Callable[[dict[str, Any]], bytes]:
    """A function from an article's ``to_dict()`` to its corpus line (UTF-8, ending in a newline).

    With ``fast`` (the default) it uses orjson when it is installed and the
    record holds only what orjson writes alike (see the module docstring); else,
    and with ``fast=False``, the standard library. Both give the same bytes.
    """
    stdlib = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as khabar.io.dumps, built once

    def plain(record: dict[str, Any]) -> bytes:
        return (stdlib(record) + "\n").encode("utf-8")

    if not fast:
        return plain
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; the plain path is the fallback
        return plain
    orjson_line, newline, error = orjson.dumps, orjson.OPT_APPEND_NEWLINE, orjson.JSONEncodeError

    def encode(record: dict[str, Any]) -> bytes:
        if not _orjson_writes_alike(record):
            return plain(record)
        try:
            return orjson_line(record, option=newline)
        except error:  # a lone surrogate, an integer past 64 bits: the standard library decides
            return plain(record)

    return encode


def read_articles(path: str | PathLike[str]) -> Iterator[Article]:
    """Yield each article of a corpus file (``.jsonl``, ``.jsonl.gz`` or ``.parquet``), one at a time."""
    for _, _, record in read_records(path):
        yield Article.from_dict(record)


def write_articles(path: str | PathLike[str], articles: Iterable[Article]) -> int:
    """Write articles atomically, streaming: JSON lines, or Parquet when ``path`` ends in ``.parquet``.

    Parquet stores ``meta`` as a JSON string column, since its keys differ from article to article.
    """
    if str(path).endswith(".parquet"):
        return _write_parquet(path, articles)
    count = 0
    encode = json_line_encoder()
    with atomic_write(path, "wb") as handle:
        # Lines go out in batches: one write per article (a few KB each) costs a system call
        # nearly every time; a batch of WRITE_BATCH_LINES keeps memory flat all the same.
        batch: list[bytes] = []
        for article in articles:
            batch.append(encode(article.to_dict()))
            count += 1
            if len(batch) >= WRITE_BATCH_LINES:
                handle.write(b"".join(batch))
                batch.clear()
        handle.write(b"".join(batch))
    return count


def _write_parquet(path: str | PathLike[str], articles: Iterable[Article]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in ARTICLE_FIELDS])
    count = 0
    # The writer is closed before its file, also when the articles raise: left to the garbage collector, it
    # would write its footer into a closed file and print a traceback after khabar's own error.
    with atomic_write(path, "wb") as handle, pq.ParquetWriter(handle, schema) as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            row = article.to_dict()
            row["meta"] = dumps(row["meta"])
            batch.append(row)
            count += 1
            if len(batch) >= PARQUET_BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
