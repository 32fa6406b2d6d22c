"""The quote extractor: one lexicon, any number of articles; and the functions that run it over documents and files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from os import PathLike

from ...gold.model import Document, Entity, Quote
from ..windows import quotes_in_windows
from .cue_list import add_cues, read_cue_list
from .lexicon import load_lexicon
from .rules import QuoteDocument
from .text import KeyCache

__all__ = ["QuoteExtractor", "extract_quotes", "extract_file", "extract_documents", "rules_builder"]


class QuoteExtractor:
    """Finds attributed quotes in Arabic news text.

    >>> extractor = QuoteExtractor()
    >>> text = "وقال الوزير إن الاتفاق سيوقع غدا."
    >>> [(q.type, q.content.text_in(text), q.source.text_in(text)) for q in extractor.extract(text)]
    [('indirect', 'الاتفاق سيوقع غدا', 'الوزير')]
    """

    def __init__(
        self, lexicon_path: str | PathLike[str] | None = None, *, cues_path: str | PathLike[str] | None = None
    ) -> None:
        """``lexicon_path``: a cue lexicon (default: the packaged one); ``cues_path``: a reviewed cue list
        (:mod:`.cue_list`, from ``khabar train cues``) whose accepted entries are added to it."""
        self.lexicon = load_lexicon(lexicon_path)
        if cues_path is not None:
            self.lexicon = add_cues(self.lexicon, read_cue_list(cues_path)[1])
        self._keys = KeyCache()  # token -> matching key; tokens repeat across articles

    def extract(self, text: str, entities: Sequence[Entity] = ()) -> list[Quote]:
        """Every quote in ``text``, in order of its cue. ``entities`` (optional) widen sources to whole names.

        A text longer than :data:`~khabar.extract.windows.WINDOW_CHARS` is read a window at a time, cut only at
        paragraph breaks outside quotation marks: its memory stays that of a window, its time grows with its length.
        """
        return quotes_in_windows(
            text, entities, self._extract_whole, quotation_marks=self.lexicon.openers, brackets=self.lexicon.brackets
        )

    def _extract_whole(self, text: str, entities: Sequence[Entity]) -> list[Quote]:
        """:meth:`extract` of a text read whole (a long one is read a window at a time: :mod:`khabar.extract.windows`)."""
        return QuoteDocument(text, self.lexicon, self._keys.bounded()).quotes(entities)


_DEFAULT: QuoteExtractor | None = None


def _default() -> QuoteExtractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = QuoteExtractor()
    return _DEFAULT


def extract_quotes(doc: Document, extractor: QuoteExtractor | None = None) -> Document:
    """A copy of ``doc`` with its quotes replaced by the extracted ones; entities and the rest kept."""
    return doc.with_annotations(quotes=(extractor or _default()).extract(doc.text, doc.entities))


def extract_documents(docs: Iterable[Document], extractor: QuoteExtractor | None = None) -> Iterable[Document]:
    """Lazily extract quotes from a stream of documents."""
    extractor = extractor or _default()
    for doc in docs:
        yield extract_quotes(doc, extractor)


def extract_file(
    in_path: str | PathLike[str],
    out_path: str | PathLike[str],
    *,
    lexicon_path: str | PathLike[str] | None = None,
    cues_path: str | PathLike[str] | None = None,
) -> int:
    """Read a corpus or gold file, write gold JSON lines with ``quotes`` filled; return the number of documents.

    An entity label standing for one of khabar's written otherwise (``PER``, ``Person``) is E226, as for
    :func:`khabar.extract.quote_runs.extract_quotes_file`: the rules take PERS and ORG entities for speakers.
    """
    from ...gold.io import read_documents, write_documents
    from ...gold.model import ENTITY_LABELS

    extractor = QuoteExtractor(lexicon_path, cues_path=cues_path)
    documents = read_documents(in_path, labels=ENTITY_LABELS, allow_other_labels=True)
    return write_documents(out_path, extract_documents(documents, extractor))


def rules_builder(extractor: QuoteExtractor | None = None):  # noqa: ANN201 - a khabar.evaluate.crossval.Builder
    """The rules as a *builder* for :mod:`khabar.evaluate.crossval`: they learn nothing from the training documents."""
    chosen = extractor or QuoteExtractor()

    def build(train: Sequence[Document]):  # noqa: ANN202, ARG001 - the rules ignore their training documents
        return lambda doc: extract_quotes(doc, chosen)

    return build
