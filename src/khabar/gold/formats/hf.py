"""Gold documents as a Hugging Face ``datasets.DatasetDict`` saved to disk, with a dataset card.

One row per document, ready for token classification without further
conversion::

    id          string
    text        string
    meta        string                       the document's meta as JSON (its keys differ between documents)
    tokens      list of string               khabar's tokens (a CoNLL-born document keeps its own)
    offsets     list of [start, end]         each token's code-point offsets into text
    ner_tags    list of ClassLabel           IOB2 over the tokens: O, B-PERS, I-PERS, ... (LABEL_NAMES)
    entities    list of {start, end, label, text}
    quotes      list of {content, source, cue: {start, end} or null, type}

``ner_tags`` are made by :func:`khabar.gold.conll.documents_to_bio`, the same
tagging ``khabar gold export --format conll`` writes, so the two exports agree
token for token. The folder holds what ``DatasetDict.save_to_disk`` writes
(Arrow files, loaded back with ``datasets.load_from_disk``) and a ``README.md``
dataset card: counts, label set, licence fields, and how the data was made.
Documents go to the split named by ``split`` (``train``); ``test_fraction``
moves a share of them, chosen by a hash of their id so that the choice is
stable, to a ``test`` split. Neither split is ever empty: when the hash gives
one of them no document (a small gold, 5 documents at 0.1), the document whose
hash lies nearest the fraction goes to it; a gold of one document cannot be
split (E275).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Any

from ...errors import InputError
from ..conll import _tokens_of, documents_to_bio
from ..model import ENTITY_LABELS, Document
from ._folder import atomic_folder

__all__ = ["LABEL_NAMES", "features", "document_row", "write_hf"]

#: The ``ner_tags`` class names, in ClassLabel order.
LABEL_NAMES: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I")))


def features() -> Any:
    """The ``datasets.Features`` of an exported row."""
    from datasets import ClassLabel, Features, List, Value

    span = {"start": Value("int32"), "end": Value("int32")}
    return Features({
        "id": Value("string"),
        "text": Value("string"),
        "meta": Value("string"),
        "tokens": List(Value("string")),
        "offsets": List(List(Value("int32"), length=2)),
        "ner_tags": List(ClassLabel(names=list(LABEL_NAMES))),
        "entities": List({"start": Value("int32"), "end": Value("int32"), "label": Value("string"),
                          "text": Value("string")}),
        "quotes": List({"content": span, "source": span, "cue": span, "type": Value("string")}),
    })


def document_row(
    doc: Document, *, path: str | PathLike[str] | None = None, line: int | None = None
) -> dict[str, Any]:
    """One document as a row of :func:`features` (``ner_tags`` as class indices).

    E270, naming ``path`` and ``line`` (where ``doc`` was read) and the entity,
    for an entity label outside :data:`~khabar.gold.model.ENTITY_LABELS`: the
    ``ner_tags`` ClassLabel has a fixed set of names.
    """
    where = {"path": path, "line": line, "doc_id": doc.id}
    for number, entity in enumerate(doc.entities):
        if entity.label not in ENTITY_LABELS:
            raise InputError("E270", label=entity.label, labels=", ".join(ENTITY_LABELS), field=f"entities[{number}].label",
                             **where)
    tokens = _tokens_of(doc)
    tags = documents_to_bio(doc)
    index = {name: i for i, name in enumerate(LABEL_NAMES)}
    # what is left: a label in meta["conll_entity_tokens"] (an entity of punctuation alone, not in entities)
    unknown = sorted({tag[2:] for _, tag in tags if tag not in index})
    if unknown:
        raise InputError("E270", label=unknown[0], labels=", ".join(ENTITY_LABELS), field="meta.conll_entity_tokens",
                         **where)
    return {
        "id": doc.id,
        "text": doc.text,
        "meta": json.dumps(doc.meta, ensure_ascii=False, sort_keys=True),
        "tokens": [t for t, _, _ in tokens],
        "offsets": [[s, e] for _, s, e in tokens],
        "ner_tags": [index[tag] for _, tag in tags],
        "entities": [{"start": e.start, "end": e.end, "label": e.label, "text": e.text_in(doc.text)}
                     for e in doc.entities],
        "quotes": [{"content": q.content.to_dict(), "source": q.source.to_dict() if q.source else None,
                    "cue": q.cue.to_dict() if q.cue else None, "type": q.type} for q in doc.quotes],
    }


def _position(doc_id: str) -> float:
    """Where a document falls in [0, 1): those below the test fraction are test documents."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _test_choice(positions: list[float], fraction: float) -> list[bool]:
    """Which documents go to the test split: those below ``fraction``, and never none nor all of them."""
    in_test = [position < fraction for position in positions]
    # A split left empty cannot be saved, nor evaluated on: the nearest document crosses over.
    if not any(in_test):
        in_test[positions.index(min(positions))] = True
    elif all(in_test):
        in_test[positions.index(max(positions))] = False
    return in_test


def write_hf(
    out: str | PathLike[str],
    docs: Iterable[Document] | Iterable[tuple[int | None, Document]],
    *,
    source: str | None = None,
    license: str = "unknown",  # noqa: A002 - the dataset card's own field name
    split: str = "train",
    test_fraction: float = 0.0,
) -> dict[str, int]:
    """Save ``docs`` as a DatasetDict under ``out`` (replacing an earlier export), with a dataset card.

    Returns the number of documents of each split, none of them empty (see the
    module's docstring; E275 for a test split of a one-document gold). ``source``
    (the gold file) and ``license`` go into the card. Documents may come as
    ``(line, document)`` pairs (:func:`~khabar.gold.validate.require_valid` with ``located=True``), so
    that an error names the line of ``source`` the document was read from.
    """
    import datasets
    from datasets import Dataset, DatasetDict

    if not 0.0 <= test_fraction < 1.0:
        raise InputError("E271", f"the test fraction must be in [0, 1), found {test_fraction}", field="test_fraction")
    every: list[dict[str, Any]] = []
    for item in docs:
        line, doc = item if isinstance(item, tuple) else (None, item)
        every.append(document_row(doc, path=source, line=line))
    if not every:
        raise InputError("E272", "no documents to export", path=source)
    rows: dict[str, list[dict[str, Any]]] = {split: every}
    if test_fraction:
        if len(every) == 1:
            raise InputError("E275", f"a test split needs 2 documents or more (one for each split), found 1: "
                             f"export it without --test-fraction (asked for {test_fraction})", path=source,
                             field="test_fraction")
        in_test = _test_choice([_position(row["id"]) for row in every], test_fraction)
        rows = {split: [row for row, test in zip(every, in_test) if not test],
                "test": [row for row, test in zip(every, in_test) if test]}
    schema = features()
    dataset = DatasetDict({name: Dataset.from_list(part, features=schema) for name, part in rows.items()})
    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # a command's output, not a progress bar per split
    try:
        with atomic_folder(out, marker="dataset_dict.json") as folder:
            dataset.save_to_disk(str(folder))
            (folder / "README.md").write_text(_card(rows, source, license), encoding="utf-8")
    finally:
        if bars:
            datasets.enable_progress_bars()
    return {name: len(part) for name, part in rows.items()}


def _card(rows: dict[str, list[dict[str, Any]]], source: str | None, license: str) -> str:  # noqa: A002
    every = [row for part in rows.values() for row in part]
    labels = Counter(e["label"] for row in every for e in row["entities"])
    types = Counter(q["type"] for row in every for q in row["quotes"])
    tokens = sum(len(row["tokens"]) for row in every)
    origins = Counter(json.loads(row["meta"]).get("source", "(not given)") for row in every)
    splits = "\n".join(f"  - name: {name}\n    num_examples: {len(part)}" for name, part in rows.items())
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return f"""---
language:
- ar
license: {license}
task_categories:
- token-classification
task_ids:
- named-entity-recognition
pretty_name: khabar gold (Arabic news entities and attributed quotes)
dataset_info:
  splits:
{splits}
---

# khabar gold set

Arabic news articles with gold named entities ({", ".join(ENTITY_LABELS)}) and attributed quotes
(content, source, cue, type), exported by `khabar gold export --format hf` on {made}
from `{Path(source).name if source else "(documents given in Python)"}`.

## Counts

| split | documents |
|---|---|
{chr(10).join(f"| {name} | {len(part):,} |" for name, part in rows.items())}

{len(every):,} documents, {tokens:,} tokens, {sum(labels.values()):,} entities
({", ".join(f"{label} {labels.get(label, 0):,}" for label in ENTITY_LABELS)}), {sum(types.values()):,} quotes
({", ".join(f"{t} {n:,}" for t, n in sorted(types.items())) or "none"}).

Sources (`meta.source`): {", ".join(f"{name} {n:,}" for name, n in origins.most_common())}.

## Labels

`ner_tags` is a `ClassLabel` sequence in IOB2 over the `tokens`: {", ".join(f"{i} `{name}`" for i, name in enumerate(LABEL_NAMES))}.

## Columns

`id`, `text`, `meta` (JSON), `tokens` and their code-point `offsets` into `text` (end exclusive),
`ner_tags`, `entities` (`start`, `end`, `label`, `text`) and `quotes` (`content`, `source`, `cue`
spans, `source` and `cue` may be null, and `type`: direct, indirect or mixed).

## How it was made

Articles were annotated by people in doccano following the khabar guidelines
(`annotation/guidelines.md`), their annotations compared and adjudicated into this gold set, which
`khabar gold validate` checks (spans on token boundaries, no punctuation at their edges, quote types
that agree with the quotation marks). Tokens are khabar's tokenizer's (CoNLL-born documents keep
their own tokens); an entity covering part of a token tags the whole token.

## Licence

Dataset licence field: `{license}`. The texts keep the licence of their sources (listed above;
for example SaudiNewsNet is CC BY-NC-SA 4.0 and the ANT corpus of Jawhara FM Apache-2.0);
check each source before redistributing.
"""
