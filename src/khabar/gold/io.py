"""Streaming reading and atomic writing of gold files (and corpus files read as documents)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from os import PathLike
from typing import Literal, overload

from ..io import read_records, write_jsonl
from .model import Document

__all__ = ["read_documents", "write_documents"]


@overload
def read_documents(
    path: str | PathLike[str], *, located: Literal[False] = False, labels: Collection[str] | None = None,
    allow_other_labels: bool = False,
) -> Iterator[Document]: ...
@overload
def read_documents(
    path: str | PathLike[str], *, located: Literal[True], labels: Collection[str] | None = None,
    allow_other_labels: bool = False,
) -> Iterator[tuple[int, Document]]: ...


def read_documents(
    path: str | PathLike[str], *, located: bool = False, labels: Collection[str] | None = None,
    allow_other_labels: bool = False,
) -> Iterator[Document] | Iterator[tuple[int, Document]]:
    """Yield each document of a gold or corpus file (JSON lines, gzipped or not, or Parquet), one at a time.

    With ``located``, yield ``(line, document)`` pairs instead (the row for
    Parquet, from 1), for callers whose own errors name the line. Every bad
    record raises :class:`~khabar.errors.InputError` naming the file and line
    (see :func:`khabar.io.read_records` and :meth:`Document.from_dict`). With
    ``labels`` (:data:`~khabar.gold.model.ENTITY_LABELS` for the commands whose
    figures are about khabar's labels), an entity label outside them is E226
    naming the file, line and entity, with the label it likely stands for; with ``allow_other_labels`` too, only
    a label standing for one of them written otherwise is (a project's own labels pass).
    """
    documents = ((line, Document.from_dict(record, path=path, line=line, labels=labels,
                                           allow_other_labels=allow_other_labels))
                 for _, line, record in read_records(path))
    if located:
        return documents
    return (document for _, document in documents)


def write_documents(path: str | PathLike[str], documents: Iterable[Document]) -> int:
    """Write documents as gold JSON lines, atomically; return how many."""
    return write_jsonl(path, (doc.to_dict() for doc in documents))
