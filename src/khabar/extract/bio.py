"""The sequence-labelling toolkit every entity recogniser shares: BIO tags, training sentences, model files.

Recognisers tag the tokens of one sentence (:func:`khabar.text.tokenize`) with
BIO tags; this module turns gold documents into such sentences for training
(:func:`training_sequences`), tags into character spans (:func:`tags_to_entities`)
and text into entities a sentence at a time (:func:`predict_by_sentence`).
The backends (:mod:`~khabar.extract.crf`, :mod:`~khabar.extract.neural`,
:mod:`~khabar.extract.gazetteer`, :mod:`~khabar.extract.camel_ner`) import it;
it imports none of them, so :mod:`khabar.extract.entities` can import them all
to pick one.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import InputError
from ..gold.model import Document, Entity
from ..text import Token, is_invisible_mark, split_sentences, tokenize
from .features import match_key

__all__ = [
    "EntityRecognizer",
    "tags_to_entities",
    "core_span",
    "is_edge_char",
    "entities_to_tags",
    "document_sequences",
    "training_sequences",
    "predict_by_sentence",
    "sentence_tokens",
    "sentence_entities",
    "labelled_word_counts",
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
    """Character-span entities from BIO tags; an ``I-`` that does not continue an entity starts one.

    Each entity is trimmed to the core of its tokens (:func:`core_span`): a model
    may tag a slash or an asterisk as part of a name, and a token may carry an
    invisible direction mark, but the gold rules keep both outside every span.
    An entity that is nothing but such marks is dropped.
    """
    entities: list[Entity] = []
    first = -1
    label: str | None = None

    def close(last: int) -> None:
        core = core_span(tokens[first : last + 1])
        if core is not None and label is not None:
            entities.append(Entity(core[0], core[1], label))

    for i, (_, tag) in enumerate(zip(tokens, tags, strict=True)):
        prefix, _, tag_label = tag.partition("-")
        if prefix == "I" and label == tag_label:
            continue
        if label is not None:
            close(i - 1)
            label = None
        if prefix in ("B", "I") and tag_label:
            first, label = i, tag_label
    if label is not None:
        close(len(tokens) - 1)
    return entities


def is_edge_char(char: str) -> bool:
    """Punctuation, a symbol or an invisible format mark (RLM, ZWJ): what the gold rules keep outside a span.

    The same character classes as :mod:`khabar.gold.validate` checks span edges with.
    """
    return unicodedata.category(char)[0] in "PS" or is_invisible_mark(char)


def core_span(tokens: Sequence[Token]) -> tuple[int, int] | None:
    """The character span of a run of tokens without the edge marks (:func:`is_edge_char`) at either end.

    ``None`` when nothing but marks is left. Tokens are contiguous in the text
    apart from white space, so stripping marks from the first and last token
    with letters in them is enough.
    """
    cores = [t for t in tokens if not all(is_edge_char(c) for c in t.text)]
    if not cores:
        return None
    first, last = cores[0], cores[-1]
    lead = next(i for i, c in enumerate(first.text) if not is_edge_char(c))
    trail = next(i for i, c in enumerate(reversed(last.text)) if not is_edge_char(c))
    return first.start + lead, last.end - trail


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


def sentence_tokens(text: str) -> list[list[Token]]:
    """The tokens of each sentence of ``text`` (offsets into ``text``), as the recognisers tag them; no empty sentence."""
    sentences: list[list[Token]] = []
    for sentence in split_sentences(text):
        tokens = [Token(t.text, t.start + sentence.start, t.end + sentence.start) for t in tokenize(sentence.text_in(text))]
        if tokens:
            sentences.append(tokens)
    return sentences


def sentence_entities(
    sentences: Sequence[Sequence[Token]], tag_lists: Iterable[Sequence[str]], *, consistent: bool = True
) -> list[Entity]:
    """The entities of one text from its sentences' tokens and tags, in order.

    ``consistent`` (every recogniser's default): a name the recogniser tagged somewhere in the text is also
    tagged where it left the same words untagged, and a person's family name alone is a person
    (:func:`khabar.extract.consistency.propagate_mentions`; on ANERcorp and both gold files strict F1 gains
    0.01-0.03, benchmarks/README "One name, one reading").
    """
    entities = [entity for tokens, tags in zip(sentences, tag_lists) for entity in tags_to_entities(tokens, tags)]
    if not consistent:
        return entities
    from .consistency import propagate_mentions

    return propagate_mentions([token for tokens in sentences for token in tokens], entities, span_of=core_span)


def predict_by_sentence(recognizer: EntityRecognizer, text: str) -> list[Entity]:
    """``recognizer.predict`` for recognisers that only tag token lists: tag each sentence, map back to spans."""
    sentences = sentence_tokens(text)
    tag_lists = [recognizer.predict_tokens([t.text for t in tokens]) for tokens in sentences]
    return sentence_entities(sentences, tag_lists, consistent=getattr(recognizer, "consistent", True))


def model_file(path: str | PathLike[str], filename: str, *, must_exist: str | None = None) -> Path:
    """Where a model lives: ``path`` itself, or ``filename`` inside it when it is a folder.

    With ``must_exist`` (an error code), a missing file is an :class:`InputError` naming it.
    """
    target = Path(path)
    if target.is_dir():
        target = target / filename
    if must_exist is not None and not target.exists():
        arch = "" if filename.endswith(".pt") else " --arch crf"
        raise InputError(
            must_exist, f"no such model file (train one with `khabar train entities ...{arch} --out MODEL`)", path=target
        )
    return target


def labelled_word_counts(
    token_lists: Iterable[Sequence[str]], tag_lists: Iterable[Sequence[str]]
) -> tuple[Counter[str], Counter[str]]:
    """How often each word (its :func:`~khabar.extract.features.match_key`) occurs in labelled text, and how often inside an entity.

    What :meth:`khabar.extract.gazetteer.Gazetteer.load` cleans the lists with: a listed word the annotators
    mostly left untagged is dropped.
    """
    word_counts: Counter[str] = Counter()
    entity_counts: Counter[str] = Counter()
    for tokens, tags in zip(token_lists, tag_lists, strict=True):
        for token, tag in zip(tokens, tags, strict=True):
            key = match_key(token)
            word_counts[key] += 1
            if tag != "O":
                entity_counts[key] += 1
    return word_counts, entity_counts
