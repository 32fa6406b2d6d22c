"""Quote extraction over a whole file, counted as it goes: what ``khabar extract quotes`` runs and reports.

:func:`khabar.extract.quotes.extract_file` only writes; :func:`extract_quotes_file`
also counts quotes by type and those with a source, and reports progress through
a plain callback, so that a caller (the CLI, a notebook) can draw it as it likes.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from ..errors import InputError
from ..gold.model import Document

__all__ = ["QUOTE_TYPES", "QuoteRun", "extract_quotes_file", "quote_extractor"]

#: The quote types, in the order reports list them.
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")


@dataclass
class QuoteRun:
    """What one run of the quote extractor over a file found."""

    out: str
    documents: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    with_source: int = 0
    seconds: float = 0.0

    @property
    def quotes(self) -> int:
        return sum(self.by_type.values())

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` output of ``khabar extract quotes``."""
        return {
            "documents": self.documents,
            "quotes": self.quotes,
            "by_type": {t: self.by_type[t] for t in QUOTE_TYPES},
            "with_source": self.with_source,
            "out": self.out,
            "seconds": round(self.seconds, 2),
        }

    def render(self) -> str:
        """One line for people."""
        kinds = ", ".join(f"{self.by_type[t]:,} {t}" for t in QUOTE_TYPES)
        return (
            f"wrote {self.out}: {self.documents:,} documents, {self.quotes:,} quotes ({kinds}), "
            f"{self.with_source:,} with a source, in {self.seconds:.1f}s"
        )


def quote_extractor(
    *,
    lexicon_path: str | PathLike[str] | None = None,
    cues_path: str | PathLike[str] | None = None,
    model: str | PathLike[str] | None = None,
) -> Callable[[Iterable[Document]], Iterable[Document]]:
    """The function that finds the quotes of documents: the rules (``model`` None or ``"rules"``), or a quote model.

    ``cues_path`` is a reviewed cue list whose accepted entries join the rules' lexicon.
    A model (:class:`~khabar.extract.quotes.model.QuoteModel`, from ``khabar train quotes``)
    runs the rules as features with the lexicon saved in it, or with ``lexicon_path`` when given.
    """
    from .quotes import QuoteExtractor, extract_documents

    if model is None or str(model) == "rules":
        return functools.partial(extract_documents, extractor=QuoteExtractor(lexicon_path, cues_path=cues_path))
    if cues_path is not None:
        raise ValueError("a cue list adds to the rules; a model keeps the lexicon it was trained with")
    from .quotes.model import QuoteModel

    quote_model = QuoteModel.load(model, lexicon_path=lexicon_path)
    return quote_model.predict_documents


def extract_quotes_file(
    in_path: str | PathLike[str],
    out_path: str | PathLike[str],
    *,
    lexicon_path: str | PathLike[str] | None = None,
    cues_path: str | PathLike[str] | None = None,
    model: str | PathLike[str] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> QuoteRun:
    """Find the quotes of every document of ``in_path``; write them (entities kept) to ``out_path`` atomically.

    The extractor is :func:`quote_extractor`'s. ``progress(done, None)`` is
    called after each document. The same in blocks on a Dask scheduler:
    :func:`khabar.extract.blocks.extract_quotes_in_blocks`.

    The rules take the PERS and ORG entities of the input for speakers: an entity label standing for one of
    khabar's written otherwise (``PER``, ``Person``) is E226, naming the file, line and the label meant, rather
    than a speaker passed over in silence; a project's own labels (``DATE``) are kept as they are, as
    ``evaluate`` and ``agree`` keep them.
    """
    from pathlib import Path

    from ..gold.io import read_documents, write_documents
    from ..gold.model import ENTITY_LABELS

    if not Path(in_path).exists():
        raise InputError("E011", "no such file", path=in_path)
    extract = quote_extractor(lexicon_path=lexicon_path, cues_path=cues_path, model=model)
    run = QuoteRun(str(out_path))
    started = time.perf_counter()

    def counted(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            run.by_type.update(q.type for q in doc.quotes)
            run.with_source += sum(q.source is not None for q in doc.quotes)
            run.documents += 1
            if progress is not None:
                progress(run.documents, None)
            yield doc

    from ..gold.validate import require_valid

    # Entities are written through: a span out of range or reversed, or a repeated id, stops the run (E220/E221/E248).
    read = read_documents(in_path, located=True, labels=ENTITY_LABELS, allow_other_labels=True)
    documents = require_valid(read, in_path)
    write_documents(out_path, counted(extract(documents)))
    run.seconds = time.perf_counter() - started
    return run
