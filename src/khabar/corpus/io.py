"""Streaming reading and atomic writing of corpus files: JSON lines, or Parquet by extension."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import Any

from ..io import atomic_write, dumps, read_jsonl
from .article import ARTICLE_FIELDS, Article

PARQUET_BATCH_ROWS = 2_000


def read_articles(path: str | PathLike[str]) -> Iterator[Article]:
    """Yield each article of a corpus file (``.jsonl`` or ``.parquet``), one at a time."""
    if str(path).endswith(".parquet"):
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                meta = row.get("meta")
                row["meta"] = json.loads(meta) if isinstance(meta, str) and meta else (meta or {})
                yield Article.from_dict(row)
        return
    for _, record in read_jsonl(path):
        yield Article.from_dict(record)


def write_articles(path: str | PathLike[str], articles: Iterable[Article]) -> int:
    """Write articles atomically, streaming: JSON lines, or Parquet when ``path`` ends in ``.parquet``.

    Parquet stores ``meta`` as a JSON string column, since its keys differ from article to article.
    """
    if str(path).endswith(".parquet"):
        return _write_parquet(path, articles)
    count = 0
    with atomic_write(path) as handle:
        write = handle.write
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as khabar.io.dumps, built once
        for article in articles:
            write(encode(article.to_dict()) + "\n")
            count += 1
    return count


def _write_parquet(path: str | PathLike[str], articles: Iterable[Article]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in ARTICLE_FIELDS])
    count = 0
    with atomic_write(path, "wb") as handle:
        writer = pq.ParquetWriter(handle, schema)
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
        writer.close()
    return count
