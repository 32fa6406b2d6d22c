"""Named-entity recognition: one interface over a trained CRF or BiLSTM-CRF, a gazetteer baseline and camel-tools' BERT.

Every recogniser tags token sequences with BIO tags (:meth:`EntityRecognizer.predict_tokens`)
and turns text into character-span entities (:meth:`EntityRecognizer.predict`),
so the rest of khabar never cares which one it holds::

    from khabar.extract.entities import load_recognizer, extract_file

    recognizer = load_recognizer("models/ner.crf")   # or "ner.pt", "gazetteer", "camel", "camel:/path"
    recognizer.predict("وقال الرئيس بوتين في موسكو")
    extract_file("corpus.jsonl", "pred.jsonl", recognizer)

Spans are code-point offsets, end exclusive, and always cover whole tokens of
:func:`khabar.text.tokenize`. Text is tagged a sentence at a time
(:func:`khabar.text.split_sentences`), as the models were trained.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import InputError
from ..gold import Document, Entity, read_documents, write_documents
from ..text import Token, split_sentences, tokenize

__all__ = [
    "EntityRecognizer",
    "load_recognizer",
    "extract_entities",
    "extract_file",
    "tags_to_entities",
    "entities_to_tags",
    "document_sequences",
    "training_sequences",
    "read_training_documents",
    "predict_by_sentence",
    "train_crf",
    "model_file",
]


@runtime_checkable
class EntityRecognizer(Protocol):
    """What every recogniser offers."""

    def predict(self, text: str) -> list[Entity]:
        """Entities of ``text`` as character spans covering whole tokens."""
        ...

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        """One BIO tag (``B-PERS``, ``I-LOC``, ``O``...) per token of one sentence."""
        ...


def tags_to_entities(tokens: Sequence[Token], tags: Sequence[str]) -> list[Entity]:
    """Character-span entities from BIO tags; an ``I-`` that does not continue an entity starts one."""
    entities: list[Entity] = []
    start = end = -1
    label: str | None = None
    for token, tag in zip(tokens, tags, strict=True):
        prefix, _, tag_label = tag.partition("-")
        if prefix == "I" and label == tag_label:
            end = token.end
            continue
        if label is not None:
            entities.append(Entity(start, end, label))
            label = None
        if prefix in ("B", "I") and tag_label:
            start, end, label = token.start, token.end, tag_label
    if label is not None:
        entities.append(Entity(start, end, label))
    return entities


def entities_to_tags(tokens: Sequence[Token], entities: Iterable[Entity]) -> list[str]:
    """BIO tags of ``tokens``; a token is inside an entity when it overlaps it (spans cut mid-token still count)."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        inside: list[int] = []
        for i in range(max(bisect.bisect_right(starts, entity.start) - 1, 0), len(tokens)):
            if tokens[i].start >= entity.end:
                break
            if tokens[i].end > entity.start and tags[i] == "O":
                inside.append(i)
        if not inside:
            continue
        tags[inside[0]] = f"B-{entity.label}"
        for i in inside[1:]:
            tags[i] = f"I-{entity.label}"
    return tags


def training_sequences(documents: Iterable[Document]) -> tuple[list[list[str]], list[list[str]]]:
    """The token strings and BIO tags of every sentence of ``documents``; InputError E432 when there is none."""
    sequences = [seq for doc in documents for seq in document_sequences(doc)]
    if not sequences:
        raise InputError("E432", "no training sentences: the input holds no documents with text")
    return [[t.text for t in tokens] for tokens, _ in sequences], [list(tags) for _, tags in sequences]


def document_sequences(doc: Document) -> Iterator[tuple[list[Token], list[str]]]:
    """``(tokens, BIO tags)`` for each sentence of a gold document, for training and scoring.

    Sentences that would cut an entity in two are merged with the next one.
    """
    tokens = tokenize(doc.text)
    tags = entities_to_tags(tokens, doc.entities)
    bounds = [s.end for s in split_sentences(doc.text)]
    current_toks: list[Token] = []
    current_tags: list[str] = []
    b = 0
    for token, tag in zip(tokens, tags):
        while b < len(bounds) and bounds[b] <= token.start:
            b += 1
            if current_toks and not tag.startswith("I-"):
                yield current_toks, current_tags
                current_toks, current_tags = [], []
        current_toks.append(token)
        current_tags.append(tag)
    if current_toks:
        yield current_toks, current_tags


def predict_by_sentence(recognizer: EntityRecognizer, text: str) -> list[Entity]:
    """``recognizer.predict`` for recognisers that only tag token lists: tag each sentence, map back to spans."""
    entities: list[Entity] = []
    for sentence in split_sentences(text):
        tokens = [Token(t.text, t.start + sentence.start, t.end + sentence.start) for t in tokenize(sentence.text_in(text))]
        if tokens:
            tags = recognizer.predict_tokens([t.text for t in tokens])
            entities.extend(tags_to_entities(tokens, tags))
    return entities


def _is_conll(path: Path) -> bool:
    return path.suffix.lower() in (".txt", ".conll", ".bio", ".iob", ".tsv")


def read_training_documents(paths: Iterable[str | PathLike[str]]) -> Iterator[Document]:
    """Documents from CoNLL files (``*.txt``, ``*.conll``...) and gold JSONL, for training and evaluation."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("E420", "training file not found", path=path)
        if _is_conll(path):
            yield from _read_conll(path)
        else:
            yield from read_documents(path)


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


def model_file(path: str | PathLike[str], filename: str, *, must_exist: str | None = None) -> Path:
    """Where a model lives: ``path`` itself, or ``filename`` inside it when it is a folder.

    With ``must_exist`` (an error code), a missing file is an :class:`InputError` naming it.
    """
    target = Path(path)
    if target.is_dir():
        target = target / filename
    if must_exist is not None and not target.exists():
        arch = " --arch bilstm" if filename.endswith(".pt") else ""
        raise InputError(
            must_exist, f"no such model file (train one with `khabar train entities ...{arch} --out MODEL`)", path=target
        )
    return target


def extract_entities(doc: Document, recognizer: EntityRecognizer) -> Document:
    """A copy of ``doc`` whose entities are the recogniser's; quotes and everything else kept."""
    return dataclasses.replace(doc, entities=recognizer.predict(doc.text))


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
    tagged = (extract_entities(doc, recognizer) for doc in read_documents(in_path))
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
