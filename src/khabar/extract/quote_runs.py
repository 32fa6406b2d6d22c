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

__all__ = ["QUOTE_TYPES", "QuoteRun", "extract_quotes_file"]

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

    ``cues_path`` is a reviewed cue list whose accepted entries join the lexicon.
    ``model`` is ``None`` or ``"rules"`` for the rule-based extractor, or the path
    of a model from ``khabar train quotes`` (:class:`~khabar.extract.quotes.model.QuoteModel`,
    which runs the rules as features with the lexicon saved in it, or with ``lexicon_path`` when given).
    ``progress(done, None)`` is called after each document.
    """
    from pathlib import Path

    from ..gold.io import read_documents, write_documents
    from .quotes import QuoteExtractor, extract_documents

    if not Path(in_path).exists():
        raise InputError("E011", "no such file", path=in_path)
    if model is None or str(model) == "rules":
        extract: Callable[[Iterable[Document]], Iterable[Document]] = functools.partial(
            extract_documents, extractor=QuoteExtractor(lexicon_path, cues_path=cues_path)
        )
    elif cues_path is not None:
        raise ValueError("a cue list adds to the rules; a model keeps the lexicon it was trained with")
    else:
        from .quotes.model import QuoteModel

        quote_model = QuoteModel.load(model, lexicon_path=lexicon_path)
        extract = functools.partial(map, quote_model.predict_document)
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

    write_documents(out_path, counted(extract(read_documents(in_path))))
    run.seconds = time.perf_counter() - started
    return run
