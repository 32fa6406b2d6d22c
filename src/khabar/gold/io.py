"""Streaming reading and atomic writing of gold JSON-lines files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from os import PathLike

from ..io import read_jsonl, write_jsonl
from .model import Document


def read_documents(path: str | PathLike[str]) -> Iterator[Document]:
    """Yield each document of a gold or corpus JSON-lines file, one at a time.

    Corpus files written as Parquet are read too, batch by batch.
    """
    if str(path).endswith(".parquet"):
        from ..corpus.io import read_articles  # local import: pyarrow only when needed

        for article in read_articles(path):
            yield article.to_document()
        return
    for line, record in read_jsonl(path):
        yield Document.from_dict(record, path=path, line=line)


def write_documents(path: str | PathLike[str], documents: Iterable[Document]) -> int:
    """Write documents as gold JSON lines, atomically; return how many."""
    return write_jsonl(path, (doc.to_dict() for doc in documents))
