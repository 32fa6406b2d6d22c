"""Entity training data mixed from several sources, each with a weight, under one label mapping.

A recogniser trained on ANERcorp alone misses the conventions and names of the
user's own news; a few dozen articles of their own gold (a doccano pull, one
file per annotator, or an adjudicated gold file) teach it those. Each source is
a CoNLL file or gold JSONL (:func:`~khabar.extract.entities.read_training_documents`),
written ``PATH`` or ``PATH:WEIGHT`` (:meth:`TrainingSource.parse`)::

    khabar train entities ANERCorp.train.txt gold.jsonl:5 --map-label MISC=O --out ner.pt

The weight is how many times a source's sentences count. CRFsuite has no
per-instance weights, so a whole weight ``n`` repeats each of the source's
documents ``n`` times, which is what a weight means for a sum-of-losses
objective (the gazetteer cleaning counts the repeated words too); the
fractional part keeps an evenly spread, deterministic share of the documents
once more (``0.5``: every second document). A CoNLL document is one sentence;
a gold document is one article, so a fractional weight on gold samples articles.

The label mapping (:func:`parse_label_map`, ``--map-label FROM=TO``) renames
an entity label in every source at read time, or drops it with ``TO`` = ``O``,
for sources whose conventions differ (ANERcorp's MISC is not the project's).
It works on labels only: it cannot move some MISC entities (currencies, say)
out and keep the others. That is what the project's conventions do
(:mod:`khabar.extract.conventions`): applied to every source unless
``conventions="source"``, they drop the MISC mentions the guidelines say are
not entities (currencies, religions).
"""

from __future__ import annotations

import dataclasses
import math
import random
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..gold.conll import map_label_hint
from ..gold.model import ENTITY_LABELS, Document
from ..text import normalize

__all__ = [
    "TrainingSource",
    "TrainingSet",
    "parse_label_map",
    "relabel",
    "weighted",
    "replay_sample",
    "read_training_sources",
    "drop_shared_sentences",
    "CONVENTIONS",
]

#: What an entity label may look like, in a mapping: a tag's label part (``PERS``, ``B-`` left out).
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: The target of a mapping that drops the entities of a label (their tokens become O).
DROP = "O"


@dataclass(frozen=True)
class TrainingSource:
    """One training file and how many times its sentences count."""

    path: Path
    weight: float = 1.0

    @classmethod
    def parse(cls, spec: str, *, option: str = "SOURCE") -> TrainingSource:
        """``PATH`` or ``PATH:WEIGHT``; InputError E450, naming ``option``, for a weight that is not a positive number.

        A spec naming an existing file is that file even when its name holds a
        colon; otherwise the text after the last colon is the weight.
        """
        path, weight_text = cls.split(spec)
        if weight_text is None:
            return cls(Path(path))
        try:
            weight = float(weight_text)
        except ValueError:
            weight = math.nan
        if not path or not math.isfinite(weight) or weight <= 0:
            raise InputError(
                "E450", f"expected PATH or PATH:WEIGHT with WEIGHT a positive number, found {spec!r}", field=option
            )
        return cls(Path(path), weight)

    @staticmethod
    def split(spec: str) -> tuple[str, str | None]:
        """``spec``'s path as written (``./a.txt`` of ``./a.txt:10``, where its ``Path`` drops the ``./``: what
        messages name) and the text of its weight (``None`` without one), as :meth:`parse` reads them."""
        if Path(spec).exists() or ":" not in spec:
            return spec, None
        path, _, weight_text = spec.rpartition(":")
        return path, weight_text

    def __str__(self) -> str:
        return self.named(str(self.path))

    def named(self, name: str) -> str:
        """``NAME`` or ``NAME:WEIGHT``: the source with its file called ``name`` (as typed, or a pipe's name)."""
        return name if self.weight == 1 else f"{name}:{self.weight:g}"


@dataclass
class TrainingSet:
    """The documents to train on, every source's weight applied, and what was read from each source."""

    documents: list[Document]
    #: One record per source: path, weight, documents read and used, entities read, renamed and dropped, the
    #: MISC mentions left out by the project's conventions (``not_entities``) and the LOC mentions they widened to
    #: the place noun before them (``place_designators``), and the institutions tagged ORG in CoNLL sources
    #: (``institutions``).
    sources: list[dict[str, Any]] = field(default_factory=list)
    label_map: dict[str, str] = field(default_factory=dict)
    #: ``guidelines`` (the project's, :mod:`khabar.extract.conventions`) or ``source`` (each source's own).
    conventions: str = "guidelines"

    @property
    def info(self) -> dict[str, Any]:
        """What a model records of its training data (``model.info``)."""
        return {"sources": self.sources, "label_map": self.label_map, "conventions": self.conventions}

    def require_learnable(self) -> None:
        """Refuse training data a recogniser learns nothing from, which would give a model that tags nothing (or
        every word), silently: InputError E432 when the weights keep no document of those read, E436 when no token
        is inside an entity (saying what dropped the entities read), E437 when every token is (nothing shows where
        an entity ends). The error names every source."""
        from .bio import document_sequences

        named = ", ".join(record["path"] for record in self.sources) or None
        read = sum(record["documents"] for record in self.sources)
        if not self.documents and read:
            raise InputError(
                "E432", f"no training sentences: the weights keep none of the {read:,} documents read (a weight below 1 "
                "keeps that share of a source's documents, rounded: 0.001 of 100 is none); raise the weights",
                path=named,
            )
        inside = outside = False
        for doc in self.documents:
            for _, tags in document_sequences(doc):
                inside = inside or any(tag != "O" for tag in tags)
                outside = outside or "O" in tags
            if inside and outside:
                return
        if not self.documents:
            return  # no text at all: training_sequences says so (E432)
        if not inside:
            raise InputError("E436", "no entity in the training data: a recogniser cannot learn labels from none"
                             + self._why_no_entity(), path=named)
        raise InputError("E437", path=named)

    def _why_no_entity(self) -> str:
        """What took away the entities the sources hold, for E436 (nothing when they hold none)."""
        held = sum(sum(record["entities"].values()) for record in self.sources)
        if not held:
            return " (every token is tagged O)"
        dropped = sum(record["dropped"] for record in self.sources)
        excluded = sum(record["not_entities"] for record in self.sources)
        causes = [f"--map-label dropped {dropped:,}" if dropped else "",
                  f"the guidelines exclude {excluded:,} (--source-conventions keeps them)" if excluded else ""]
        why = "; ".join(cause for cause in causes if cause) or "the weights left out the documents that hold them"
        return f": of the {held:,} entities the sources hold, {why}"


def parse_label_map(specs: Iterable[str], *, option: str = "--map-label") -> dict[str, str]:
    """``{FROM: TO}`` from ``FROM=TO`` strings; ``TO`` = ``O`` drops the label.

    InputError E451, naming ``option``, for a string that is not two labels
    around ``=``, or a label mapped twice to different targets.
    """
    mapping: dict[str, str] = {}
    for spec in specs:
        source, sep, target = (part.strip() for part in spec.partition("="))
        if not sep or not _LABEL.fullmatch(source) or not _LABEL.fullmatch(target) or source == DROP:
            raise InputError("E451", f"expected FROM=TO with two entity labels (TO may be O), found {spec!r}", field=option)
        if mapping.get(source, target) != target:
            raise InputError(
                "E451", f"{source} is mapped twice, to {mapping[source]} and to {target}", field=option
            )
        mapping[source] = target
    return mapping


def relabel(doc: Document, label_map: Mapping[str, str]) -> Document:
    """``doc`` with its entities' labels mapped, those mapped to O removed; quotes untouched."""
    if not label_map or not any(e.label in label_map for e in doc.entities):
        return doc
    entities = [
        dataclasses.replace(e, label=label_map.get(e.label, e.label))
        for e in doc.entities
        if label_map.get(e.label) != DROP
    ]
    return dataclasses.replace(doc, entities=entities)


def weighted(documents: Sequence[Document], weight: float) -> list[Document]:
    """``documents`` repeated ``int(weight)`` times, then an evenly spread share of them for the fraction.

    The share is deterministic (``round(fraction * n)`` documents at evenly
    spaced positions), so the same weight always trains the same model.
    """
    whole = int(weight)
    extra = round((weight - whole) * len(documents))
    picked = [documents[(i * len(documents)) // extra] for i in range(extra)] if extra else []
    return list(documents) * whole + picked


def replay_sample(base: Sequence[Document], gold: Sequence[Document], ratio: float, seed: int = 0) -> list[Document]:
    """Base documents to train beside ``gold`` when a model is trained further on it, so that it does not forget
    the base: drawn without replacement in an order shuffled with ``seed``, until they hold ``ratio`` times the
    gold's characters (all of ``base`` if it holds fewer). The same arguments give the same sample."""
    wanted = ratio * sum(len(doc.text) for doc in gold)
    order = list(range(len(base)))
    random.Random(seed).shuffle(order)
    picked: list[Document] = []
    size = 0
    for i in order:
        if size >= wanted:
            break
        picked.append(base[i])
        size += len(base[i].text)
    return picked


#: The conventions training data can be read in: the project's guidelines, or each source's own.
CONVENTIONS = ("guidelines", "source")


def read_training_sources(
    sources: Iterable[TrainingSource | str | PathLike[str]],
    label_map: Mapping[str, str] | None = None,
    *,
    conventions: str = "guidelines",
) -> TrainingSet:
    """Read every source (CoNLL or gold JSONL), map its labels, apply its weight.

    A string is parsed by :meth:`TrainingSource.parse` (``PATH:WEIGHT``); a
    :class:`~pathlib.Path` is that file at weight 1. With ``conventions`` =
    ``"guidelines"`` (the default) every source is put in the project's
    conventions (:func:`~khabar.extract.conventions.to_guidelines`): the MISC
    mentions the guidelines exclude are dropped, a LOC mention takes in the
    place noun right before it (مدينة سوسة), and in CoNLL sources an institution's
    descriptive name becomes ORG (وزارة الدفاع); ``"source"`` keeps each source's own. InputError E420 for a
    missing file (from the reader), E452 when a label of ``label_map`` occurs in
    no source: a misspelt mapping would otherwise change nothing, silently; E453,
    naming the source, when a label is left (after the mapping) that is not one of
    the guidelines' (a tag set's PER or MIS), with the ``--map-label`` that fixes it.
    """
    from .conventions import to_guidelines
    from .entities import _is_conll, located_training_documents

    if conventions not in CONVENTIONS:
        raise ValueError(f"conventions must be one of {', '.join(CONVENTIONS)}, not {conventions!r}")

    label_map = dict(label_map or {})
    documents: list[Document] = []
    records: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for source in sources:
        if isinstance(source, str):
            source = TrainingSource.parse(source)
        elif not isinstance(source, TrainingSource):
            source = TrainingSource(Path(source))
        located = list(located_training_documents(source.path))
        read = [doc for _, doc in located]
        labels = Counter(e.label for doc in read for e in doc.entities)
        seen.update(labels)
        not_entities = place_designators = institutions = 0
        if conventions == "guidelines":  # before the mapping: the conventions are about the source's own labels
            # Gold files follow the guidelines already: their annotators chose which institutions to tag.
            in_conll = _is_conll(source.path)
            aligned = [to_guidelines(doc, institutions=in_conll) for doc in read]
            read = [doc for doc, _, _, _ in aligned]
            not_entities = sum(n for _, n, _, _ in aligned)
            place_designators = sum(n for _, _, n, _ in aligned)
            institutions = sum(n for _, _, _, n in aligned)
        kept = Counter(e.label for doc in read for e in doc.entities) if not_entities else labels
        mapped = [relabel(doc, label_map) for doc in read]
        outside = sorted({e.label for doc in mapped for e in doc.entities} - set(ENTITY_LABELS))
        if outside:
            # A model would suggest labels doccano's projects and the gold validator refuse (AQMAR's PER, MIS).
            line, field_name = _first_entity_labelled(located, outside, label_map)
            raise InputError(
                "E453",
                f"{'labels' if len(outside) > 1 else 'label'} {', '.join(outside)} of this source "
                f"{'are' if len(outside) > 1 else 'is'} not among the entity labels ({', '.join(ENTITY_LABELS)}): "
                + "; ".join(map_label_hint(label, ENTITY_LABELS) for label in outside),
                path=source.path,
                line=line,
                field=field_name,
            )
        used = weighted(mapped, source.weight)
        documents.extend(used)
        records.append({
            "path": str(source.path),
            "weight": source.weight,
            "documents": len(read),
            "documents_used": len(used),
            "entities": dict(sorted(labels.items())),
            "renamed": sum(n for label, n in kept.items() if label_map.get(label, DROP) != DROP),
            "dropped": sum(n for label, n in kept.items() if label_map.get(label) == DROP),
            "not_entities": not_entities,
            "place_designators": place_designators,
            "institutions": institutions,
        })
    unseen = sorted(set(label_map) - set(seen))
    if unseen:
        raise InputError(
            "E452",
            f"--map-label names {', '.join(unseen)}, which no source holds (labels found: {', '.join(sorted(seen)) or 'none'})",
            field="--map-label",
        )
    return TrainingSet(documents, records, label_map, conventions)


def _first_entity_labelled(
    located: Sequence[tuple[int | None, Document]], labels: Collection[str], label_map: Mapping[str, str]
) -> tuple[int | None, str]:
    """The line and field of the first entity of a gold file whose label (once mapped) is one of ``labels``, for
    E453; a CoNLL source's documents have no line of their own (``None``): the option that fixes it is named."""
    for line, doc in located:
        if line is None:
            break
        for index, entity in enumerate(doc.entities):
            if label_map.get(entity.label, entity.label) in labels:
                return line, f"entities[{index}].label"
    return None, "--map-label"


#: How many letters at either end identify a sentence for :func:`drop_shared_sentences` (shorter ones: all of it).
SENTENCE_KEY_LETTERS = 40

_FOLD_SPELLING = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"})
_NOT_LETTER = re.compile(r"[^\u0621-\u064a]")


def _letters(text: str) -> str:
    """``text`` as the bare Arabic letters two spellings of one sentence share."""
    return _NOT_LETTER.sub("", normalize(text).translate(_FOLD_SPELLING))


def drop_shared_sentences(documents: Sequence[Document], evaluated: Iterable[Document]) -> list[Document]:
    """``documents`` without those whose opening or ending occurs anywhere in ``evaluated``: training data that cannot
    inflate a score on ``evaluated``.

    Public corpora overlap: NewsFANE Gold (``khabar corpus fetch newsfane``) is ANERcorp's text
    re-annotated, so a model trained on it has seen ANERcorp's test sentences. Meant for
    sentence-sized training documents (CoNLL sources): each is looked for by its first and by its last
    :data:`SENTENCE_KEY_LETTERS` letters (either found: left out; two probes, since one corpus may
    spell a word of the other differently), compared without spaces, punctuation, digits, diacritics or
    the spelling variants corpora disagree on (hamza seats, final ya, ta marbuta, clitics written
    apart), so the same sentence tokenised or spelt another way is still found. A document with no
    Arabic letter has nothing to be recognised by and is left out too.
    """
    scored = "".join(_letters(doc.text) for doc in evaluated)  # joined: a sentence cut elsewhere is found too
    kept = []
    for doc in documents:
        letters = _letters(doc.text)
        if letters[:SENTENCE_KEY_LETTERS] not in scored and letters[-SENTENCE_KEY_LETTERS:] not in scored:
            kept.append(doc)
    return kept
