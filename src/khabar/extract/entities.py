"""Named-entity recognition: one interface over a trained CRF or BiLSTM-CRF, a gazetteer baseline and camel-tools' BERT.

Every recogniser tags token sequences with BIO tags (:meth:`EntityRecognizer.predict_tokens`)
and turns text into character-span entities (:meth:`EntityRecognizer.predict`),
so the rest of khabar never cares which one it holds::

    from khabar.extract.entities import load_recognizer, extract_file

    recognizer = load_recognizer("models/ner.pt")   # or "ner.crf", "gazetteer", "camel", "camel:/path"
    recognizer.predict("وقال الرئيس بوتين في موسكو")
    extract_file("corpus.jsonl", "pred.jsonl", recognizer)

Spans are code-point offsets, end exclusive, and always cover whole tokens of
:func:`khabar.text.tokenize`. Text is tagged a sentence at a time
(:func:`khabar.text.split_sentences`), as the models were trained.

This module picks a backend and runs it over files; the BIO toolkit the
backends share (tags to spans, training sentences, model files) is
:mod:`khabar.extract.bio`, which imports no backend.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from os import PathLike
from pathlib import Path

from ..errors import InputError
from ..gold import Document, read_documents, write_documents
from ..gold.validate import check_document, require_valid
from .bio import EntityRecognizer
from .windows import entities_in_windows

__all__ = [
    "CONLL_SUFFIXES",
    "EntityRecognizer",
    "load_recognizer",
    "extract_entities",
    "extract_file",
    "located_training_documents",
    "read_training_documents",
    "train_crf",
]


#: The name endings of the training files read as CoNLL (the others are gold JSONL, gzipped or Parquet).
CONLL_SUFFIXES = (".txt", ".conll", ".bio", ".iob", ".tsv")


def _is_conll(path: Path) -> bool:
    return path.suffix.lower() in CONLL_SUFFIXES


def read_training_documents(paths: Iterable[str | PathLike[str]]) -> Iterator[Document]:
    """Documents from CoNLL files (``*.txt``, ``*.conll``...) and gold JSONL, for training and evaluation.

    Several sources with a weight each and a label mapping: :func:`khabar.extract.training_sources.read_training_sources`.
    """
    for raw in paths:
        for _, doc in located_training_documents(raw):
            yield doc


def located_training_documents(raw: str | PathLike[str]) -> Iterator[tuple[int | None, Document]]:
    """:func:`read_training_documents` of one file, each document with its line in a gold file (``None`` in CoNLL).

    Labels are read as they are: a source's own (``PER``, ``pers``) are mapped or refused after, by
    :func:`~khabar.extract.training_sources.read_training_sources`.
    """
    path = Path(raw)
    if not path.exists():
        raise InputError("E420", "training file not found", path=path)
    if _is_conll(path):
        for doc in _read_conll(path):
            yield None, doc
        return
    for line, doc in read_documents(path, located=True):
        check_document(doc, path=path, line=line)  # a span out of range, negative or reversed: E220/E221
        yield line, doc


def _read_conll(path: Path) -> Iterator[Document]:
    from ..gold.conll import read_conll

    yield from read_conll(path)


def load_recognizer(spec: str, *, gazetteer_dir: str | PathLike[str] | None = None) -> EntityRecognizer:
    """A recogniser from a spec: a model path, ``"gazetteer"``, ``"camel"`` or ``"camel:PATH"``.

    A model path is a BiLSTM-CRF (:mod:`khabar.extract.neural`) when it ends in
    ``.pt`` or holds a torch zip archive (or is a folder holding ``model.bilstm.pt``),
    otherwise a CRF.

    ``gazetteer`` cleans the lists with word counts from the default word
    clusters file when one was built (``khabar train clusters``).
    """
    if spec == "gazetteer":
        from .clusters import WordClusters, default_clusters_path
        from .gazetteer import Gazetteer, GazetteerRecognizer

        counts = None
        if default_clusters_path().exists():
            counts = WordClusters.load(default_clusters_path()).counts
        return GazetteerRecognizer(Gazetteer.load(gazetteer_dir, word_counts=counts))
    if spec == "camel" or spec.startswith("camel:"):
        from .camel_ner import CamelRecognizer

        return CamelRecognizer.load(spec.partition(":")[2] or None)
    from .neural import is_neural_model

    if is_neural_model(spec):
        from .neural import NeuralRecognizer

        return NeuralRecognizer.load(spec)
    from .crf import CrfRecognizer

    return CrfRecognizer.load(spec)


def extract_entities(doc: Document, recognizer: EntityRecognizer) -> Document:
    """A copy of ``doc`` whose entities are the recogniser's; quotes and everything else kept.

    A text longer than :data:`~khabar.extract.windows.WINDOW_CHARS` is tagged a window at a time (cut at paragraph
    breaks, which end sentences): its memory stays that of a window.
    """
    return dataclasses.replace(doc, entities=entities_in_windows(doc.text, recognizer.predict))


def extract_file(
    in_path: str | PathLike[str],
    out_path: str | PathLike[str],
    recognizer: EntityRecognizer,
    *,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Tag every document of a corpus or gold file; write gold JSONL atomically; return the count.

    ``progress(done, None)`` is called after each document.
    """
    # Quotes are written through: a span out of range or reversed, or a repeated id, stops the run (E220/E221/E248).
    tagged = (extract_entities(doc, recognizer) for doc in require_valid(read_documents(in_path, located=True), in_path))
    if progress is not None:
        tagged = _counted(tagged, progress)
    return write_documents(out_path, tagged)


def _counted(docs: Iterator[Document], progress: Callable[[int, int | None], None]) -> Iterator[Document]:
    for done, doc in enumerate(docs, start=1):
        yield doc
        progress(done, None)


def train_crf(documents: Iterable[Document], **kwargs):  # noqa: ANN003, ANN201 - see crf.train_crf
    """Shortcut for :func:`khabar.extract.crf.train_crf`."""
    from .crf import train_crf as _train

    return _train(documents, **kwargs)
