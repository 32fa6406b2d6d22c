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

``split_by="meta"`` (``--split-by meta``) puts each document instead in the
split its ``meta["hf_split"]`` names, the key :func:`read_hf` sets: a Hub
dataset imported with train, validation and test, corrected in khabar or
doccano and exported again keeps its splits, so that an evaluation on ``test``
is on the documents it was before. It is an option, not a default taken when
every document carries the key, so that what an export does never hangs on the
data: one document added without the key would otherwise send every document
back to ``train`` without a word, and an older gold exports as it always did
(``khabar gold export`` notes the splits it does not follow).
A document without the key stops the export (E284, naming the line) rather
than go to a split chosen for it: its split is unknown (added since the import,
or its ``meta`` dropped by a tool), and putting it in ``train`` could train on
a held-out document, in ``test`` change what is evaluated; give it the key
(``train`` for a new document). A split name that datasets refuses (a slash, a
space, a hyphen: ``datasets.naming._split_re``, which ``push_to_hub`` checks)
is E285, and so is a name datasets takes that is a file beside the split
folders (``README.md``, ``dataset_dict.json``). Each split is saved with its name
(``state.json``'s ``_split``), so that a split folder imported alone keeps it;
``meta`` is written in the document's key order. ``test_fraction`` is refused with it: a hash-chosen ``test`` would
move documents out of the dataset's own splits.

:func:`read_hf` reads such a folder back (``khabar gold import --format hf``),
or any folder ``DatasetDict.save_to_disk`` or ``Dataset.save_to_disk`` wrote
whose rows are laid out either way:

* **khabar's layout**, an ``entities`` column: documents are made from ``id``,
  ``text``, ``meta`` (a JSON object, as a string or a struct; may be absent) and
  ``entities`` and ``quotes`` (may be absent, or null for none, as a gold file
  reads them), their code-point offsets taken as the truth, their ids as they
  are (a gold's ids: one repeated, in one split or two, is E281). What is
  derived from them is checked, not trusted: an entity's
  ``text`` must be the text at its offsets, and the ``tokens``, ``offsets`` and
  ``ner_tags`` (when all three are there) must be what the export would write
  for the entities (E282). A dataset edited on one side only (tags relabelled,
  entities moved) is refused rather than half imported, and so is one whose
  offsets count UTF-16 units or bytes. A null where a derived column holds an
  offset pair or a tag is E282 too.
* **the token layout** of most NER sets of the Hub, ``tokens`` and ``ner_tags``
  (a ``ClassLabel`` of IOB names such as ``B-PER``, or the names as strings) and
  no ``entities``: each row becomes a document of the tokens joined by single
  spaces, read as ``khabar gold from-conll`` reads a sentence (stray ``I-`` tags
  start an entity, punctuation glued to a tagged token stays outside it, and
  ``meta`` keeps ``tokenization: "conll"`` so that an export writes the same
  tokens and tags back). Ids are scoped by their split: the row of ``test``
  whose ``id`` is ``0`` is the document ``test-0``, ``meta["hf_id"]`` keeping
  ``0``; a row of no id is ``test-000001`` on. A Hub NER set numbers its rows
  afresh in each split (conll2003's ids are ``0``, ``1``, ... in train,
  validation and test alike): its id says which row of a split, and read bare
  the first row of ``validation`` would repeat the first of ``train``. Every
  id is scoped, not only the repeated ones, so that a row's id never hangs on
  the other splits: the ``test`` split saved alone, or in a DatasetDict,
  gives the same documents. A repeat within one split is still E281. A token
  must be a string (a null or a number is E283, not the word ``None``), and
  an entity of empty tokens alone is E242, naming the row and the token
  (``tokens[0]``); so is one of white space or format characters alone (``" "``,
  ``"\u200f"``), which would otherwise be no entity without a word (the tag kept
  only in ``meta.conll_entity_tokens``, as from-conll keeps one of punctuation).

A ``Dataset`` saved alone is the split its ``state.json`` names; naming none
(``Dataset.from_list`` makes such), it is its folder's name if that is a split
name (``e3/test`` is ``test``), else ``train``. A slice, ``train[:10%]`` (what
``load_dataset(split=...)`` names), is its split, ``train``: kept as it is, every
``split_by="meta"`` export would refuse it (E285's rule). The splits a
``dataset_dict.json`` lists are checked before they are read, as they are
folders: a name that is no split name (``../other/train``, or a slice, which
there could repeat another split) is E286, a split folder missing E276 naming
it. The ``meta`` column is parsed as a gold line is (E005 for a lone surrogate,
E004 nesting too deep, E015 a key given twice, E280 what is not JSON).

Splits are read ``train`` first, then the others by name, rows in order; each
document keeps its split in ``meta["hf_split"]``: ``meta`` is where a
document's provenance lives (``source``, ``url``, the ``brat_file`` and
``conll_file`` of the other imports), which every step carries along and a
script or a ``jq`` filter looks in, so a held-out ``test`` split stays
identifiable in the gold file. That is the one difference of a
round trip gold -> hf -> gold: the documents come back equal, their ``meta``
gaining ``hf_split`` (fields of a document or an entity that the gold format
does not define are not exported, so they cannot come back). The key is set
from the split read, whatever the ``meta`` column says, so a second round trip
changes nothing more.

``label_map`` (``--map-label FROM=TO``) renames entity and tag labels as they
are read, ``TO`` = ``O`` dropping them; any other label outside
:data:`~khabar.gold.model.ENTITY_LABELS` is refused (E279), and so is a mapping
of a label the dataset does not hold (E252). Errors name the split's folder
(``DIR/train``, or ``DIR`` for a single ``Dataset``) and the row, counted from
1 as khabar counts the rows of a Parquet file, so row 3 is ``dataset["train"][2]``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...io import parse_json_line
from ..conll import _Builder, _check_label_map, _tokens_of, documents_to_bio, map_label_hint
from ..model import ENTITY_LABELS, Document, record_id
from ._folder import atomic_folder

__all__ = ["LABEL_NAMES", "SPLIT_KEY", "ID_KEY", "SPLIT_BY", "features", "document_row", "write_hf", "read_hf", "is_split_name"]

#: The ``ner_tags`` class names, in ClassLabel order.
LABEL_NAMES: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I")))

#: The meta key that keeps the split a document was read from (:func:`read_hf`), and that ``split_by="meta"`` reads.
SPLIT_KEY = "hf_split"

#: The meta key that keeps a token-layout row's own id, which :func:`read_hf` scopes by split (``0`` of test is
#: the document ``test-0``).
ID_KEY = "hf_id"

#: How :func:`write_hf` chooses a document's split. ``hash``: every document in ``split``, a share chosen by a hash of
#: the id in ``test``; ``meta``: the split the document's ``meta["hf_split"]`` names.
SPLIT_BY: tuple[str, ...] = ("hash", "meta")


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
        "meta": json.dumps(doc.meta, ensure_ascii=False),  # in the document's order: a round trip gives it back
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


def _split_order(name: str) -> tuple[bool, str]:
    """``train`` first, then the other splits by name: the order :func:`read_hf` reads them and the export writes."""
    return name != "train", name


#: The files beside the split folders of an export, which no split may be named after.
_FOLDER_FILES: tuple[str, ...] = ("dataset_dict.json", "README.md")


def is_split_name(name: Any) -> bool:
    """Whether ``name`` is a split name datasets takes (``push_to_hub`` checks it): its own rule, so that a name it
    takes is never refused here."""
    from datasets.naming import _split_re

    return isinstance(name, str) and re.fullmatch(_split_re, name) is not None


def _named_split(doc: Document, where: dict[str, Any]) -> str:
    """The split ``doc``'s meta names; E284 when it names none, E285 for a name datasets refuses."""
    name = doc.meta.get(SPLIT_KEY)
    field = f"meta.{SPLIT_KEY}"
    if name is None:
        raise InputError("E284", f"meta has no {SPLIT_KEY}: --split-by meta puts each document in the split its meta "
                         f"names; give it one ({SPLIT_KEY}: \"train\" for a document added since the import) or "
                         "export without --split-by meta", field=field, **where)
    # fullmatch: re.match would let "test\n" through ($ matches before a final line break)
    if not is_split_name(name):
        raise InputError("E285", name=name, field=field, **where)
    if name in _FOLDER_FILES:
        raise InputError("E285", f"split name {name!r} is the name of a file the dataset's folder holds "
                         f"({', '.join(_FOLDER_FILES)}): give the split another name", field=field, **where)
    return name


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
    split_by: str = "hash",
) -> dict[str, int]:
    """Save ``docs`` as a DatasetDict under ``out`` (replacing an earlier export), with a dataset card.

    Returns the number of documents of each split, none of them empty (see the
    module's docstring; E275 for a test split of a one-document gold). With
    ``split_by="meta"`` each document goes to the split its ``meta["hf_split"]``
    names (E284 for a document naming none, E285 for a name datasets refuses),
    ``train`` first then the others by name, and ``split`` and ``test_fraction``
    do not apply (a ``test_fraction`` is a ``ValueError``). ``source`` (the gold
    file) and ``license`` go into the card. Documents may come as ``(line,
    document)`` pairs (:func:`~khabar.gold.validate.require_valid` with ``located=True``), so
    that an error names the line of ``source`` the document was read from.
    Nothing is written unless every document is exported.
    """
    import datasets
    from datasets import Dataset, DatasetDict

    if split_by not in SPLIT_BY:
        raise ValueError(f"split_by must be one of {', '.join(SPLIT_BY)}, not {split_by!r}")
    if split_by == "meta" and test_fraction:
        raise ValueError("test_fraction chooses a test split by a hash of the id, split_by='meta' keeps the splits "
                         "the documents name: give one of them")
    if not 0.0 <= test_fraction < 1.0:
        raise InputError("E271", f"the test fraction must be in [0, 1), found {test_fraction}", field="test_fraction")
    every: list[dict[str, Any]] = []
    named: list[str] = []
    for item in docs:
        line, doc = item if isinstance(item, tuple) else (None, item)
        if split_by == "meta":
            named.append(_named_split(doc, {"path": source, "line": line, "doc_id": doc.id}))
        every.append(document_row(doc, path=source, line=line))
    if not every:
        raise InputError("E272", "no documents to export", path=source)
    rows: dict[str, list[dict[str, Any]]] = {split: every}
    how = f"Every document is in `{split}`."
    if split_by == "meta":
        rows = {name: [row for row, its in zip(every, named) if its == name]
                for name in sorted(set(named), key=_split_order)}
        how = (f"Each document is in the split its `meta.{SPLIT_KEY}` names (`--split-by meta`): the split of the "
               "Hugging Face dataset it was imported from (`khabar gold import --format hf`), or one given by hand.")
    elif test_fraction:
        if len(every) == 1:
            raise InputError("E275", f"a test split needs 2 documents or more (one for each split), found 1: "
                             f"export it without --test-fraction (asked for {test_fraction})", path=source,
                             field="test_fraction")
        in_test = _test_choice([_position(row["id"]) for row in every], test_fraction)
        rows = {split: [row for row, test in zip(every, in_test) if not test],
                "test": [row for row, test in zip(every, in_test) if test]}
        how = (f"`test` holds the documents whose id hashes (SHA-256) below {test_fraction}, a choice that stays as "
               "the gold grows (and at least one document in each split).")
    schema = features()
    # each split saved with its name (state.json's _split), so that a split folder imported alone keeps it
    dataset = DatasetDict({name: Dataset.from_list(part, features=schema, split=datasets.NamedSplit(name))
                           for name, part in rows.items()})
    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # a command's output, not a progress bar per split
    try:
        with atomic_folder(out, marker="dataset_dict.json") as folder:
            dataset.save_to_disk(str(folder))
            (folder / "README.md").write_text(_card(rows, source, license, how), encoding="utf-8")
    finally:
        if bars:
            datasets.enable_progress_bars()
    return {name: len(part) for name, part in rows.items()}


def _card(rows: dict[str, list[dict[str, Any]]], source: str | None, license: str, how: str) -> str:  # noqa: A002
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

{how}

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


# --- reading a saved dataset back ----------------------------------------------------------------------------------

#: A slice of a split, as ``load_dataset(split="train[:10%]")`` names the Dataset it gives.
_SLICED = re.compile(r"(?P<name>\w+(?:\.\w+)*)\[[^\[\]]*\]")


def _split_name(name: Any) -> str | None:
    """A split name read from a saved dataset as khabar keeps it, ``None`` for a name it cannot be.

    A name datasets accepts (E285's rule, ``datasets.naming._split_re``) is kept, and a slice of one
    (``train[:10%]``) is its split's name (``train``): its rows are rows of that split, and kept sliced every
    ``--split-by meta`` export would refuse it (E285). Anything else (``../other/train``, ``train+test``) is
    ``None``: a DatasetDict's split name is also a folder, and one of these is no folder inside the dataset.
    """
    if not isinstance(name, str):
        return None
    sliced = _SLICED.fullmatch(name)
    if sliced:
        name = sliced["name"]
    return name if is_split_name(name) else None


def _dict_split_names(folder: Path) -> list[str] | None:
    """The splits ``folder/dataset_dict.json`` lists (``None`` when there is none), each checked before datasets
    reads it: E286 for a name that is no split name (it could name a folder outside ``folder``; a slice,
    ``train[:10%]``, is refused here rather than read as ``train``, as there is its folder's name and ``train`` may
    be another split's), E276 naming the split folder missing or not saved by ``Dataset.save_to_disk``."""
    listing = folder / "dataset_dict.json"
    if not listing.is_file():
        return None
    try:
        names = json.loads(listing.read_text(encoding="utf-8")).get("splits")
    except (OSError, ValueError, AttributeError):
        return None  # left to datasets, whose error E276 reports
    if not isinstance(names, list):
        return None
    for name in names:
        if _split_name(name) != name:
            raise InputError("E286", name=name, path=listing, field="splits")
        split_folder = folder / name
        for needed in ("state.json", "dataset_info.json"):
            if not (split_folder / needed).is_file():
                lacks = f"has no {needed}" if split_folder.is_dir() else "is missing"
                raise InputError("E276", f"dataset_dict.json lists the split {name!r}, and its folder {split_folder} "
                                 f"{lacks}", path=folder)
    return names


def _splits(folder: Path) -> list[tuple[str, Path, Any]]:
    """``(split, where errors point, Dataset)`` of a saved DatasetDict or Dataset, ``train`` first then by name.

    A Dataset saved alone is one split: the one it says (``state.json``'s ``_split``, a slice of it read as the
    split, see :func:`_split_name`), or, when it says none (as ``Dataset.save_to_disk`` wrote it for a Dataset
    made from a list), the folder's name if that is a split name (``e3/test`` is ``test``), else ``train``.
    """
    from datasets import Dataset, load_from_disk

    if not folder.is_dir():
        raise InputError("E276", "no such folder (give the folder save_to_disk wrote)", path=folder)
    _dict_split_names(folder)  # before datasets reads any folder they name
    try:
        loaded = load_from_disk(str(folder))
    except FileNotFoundError:  # datasets says so for a folder of neither kind
        raise InputError("E276", "no dataset_dict.json (DatasetDict.save_to_disk) nor dataset_info.json and "
                         "state.json (Dataset.save_to_disk) in it", path=folder) from None
    except Exception as exc:  # noqa: BLE001 - damaged Arrow or JSON files: datasets raises many kinds
        raise InputError("E276", f"datasets cannot load it ({type(exc).__name__}: {exc})", path=folder) from None
    if isinstance(loaded, Dataset):
        if loaded.split is None:
            name = _split_name(folder.resolve().name) or "train"
        else:
            name = _split_name(str(loaded.split))
            if name is None:
                raise InputError("E286", name=str(loaded.split), path=folder / "state.json", field="_split")
        return [(name, folder, loaded)]
    return [(name, folder / name, loaded[name]) for name in sorted(loaded, key=_split_order)]


def _layout(split: str, where: Path, dataset: Any) -> str:
    """``entities`` (khabar's layout) or ``tokens`` (tokens and ner_tags only); E277 for a column missing."""
    columns = set(dataset.column_names)
    if "entities" in columns:
        missing = [name for name in ("id", "text") if name not in columns]
    elif {"tokens", "ner_tags"} <= columns:
        return "tokens"
    else:
        missing = ["entities (or tokens and ner_tags)"]
    if missing:
        raise InputError("E277", f"split {split!r} has no column {missing[0]} (its columns: "
                         f"{', '.join(sorted(columns)) or 'none'})", path=where, field=missing[0].split()[0])
    return "entities"


def _tag_names(split: str, where: Path, dataset: Any) -> list[str] | None:
    """The ClassLabel names of ``ner_tags`` (``None`` when it holds the names as strings already)."""
    feature = getattr(dataset.features["ner_tags"], "feature", None)
    names = getattr(feature, "names", None)
    if names is not None:
        return list(names)
    if getattr(feature, "dtype", None) == "string":
        return None
    raise InputError("E283", f"split {split!r}: ner_tags holds {getattr(feature, 'dtype', feature)} without "
                     "ClassLabel names, so its tags cannot be read (cast it to a ClassLabel sequence first)",
                     path=where, field="ner_tags")


def _mapped(label: str, label_map: Mapping[str, str], seen: set[str]) -> str:
    seen.add(label)
    return label_map.get(label, label)


def _check_label(label: str, field: str, where: dict[str, Any]) -> None:
    if label not in ENTITY_LABELS:
        raise InputError("E279", f"entity label {label!r} is not one of khabar's ({', '.join(ENTITY_LABELS)}); "
                         f"{map_label_hint(label, ENTITY_LABELS)}", field=field, **where)


def _meta(value: Any, where: dict[str, Any]) -> dict[str, Any]:
    """The ``meta`` column as a dict, its JSON string parsed as khabar parses a gold line
    (:func:`~khabar.io.parse_json_line`): a lone surrogate escape is E005, nesting too deep E004, a key given twice
    E015 (naming ``meta.KEY``), and what is not JSON, or an integer too long for Python to read, E280."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = parse_json_line(value, where["path"], where["line"])
        except InputError as error:
            if error.code == "E001":  # "not valid JSON (REASON at column N)" or "not valid JSON: REASON"
                reason = error.message.removeprefix("not valid JSON").removeprefix(": ")
                reason = reason[2:-1] if reason.startswith(" (") else reason
                raise InputError("E280", f"meta is not JSON ({reason})", field="meta", **where) from None
            field = f"meta.{error.field}" if error.field else "meta"
            raise InputError(error.code, error.message, field=field, **where) from None
    if not isinstance(value, dict):
        raise InputError("E280", f"meta must be a JSON object, found {type(value).__name__}", field="meta", **where)
    return value


def _span_in(data: Any, text: str, field: str, where: dict[str, Any]) -> tuple[int, int] | None:
    """A span's offsets; E278 for a span outside the text, empty or reversed, ``None`` for one that is no
    ``{start, end}`` of integers (left to the gold model's own errors, E201 and E202)."""
    if not isinstance(data, dict):
        return None
    start, end = data.get("start"), data.get("end")
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (start, end)):
        return None
    if not 0 <= start < end <= len(text):
        raise InputError("E278", f"span {start}-{end} lies outside the text (length {len(text)}) or is empty or "
                         "reversed", field=field, **where)
    return start, end


def _document(row: dict[str, Any], label_map: Mapping[str, str], seen: set[str], where: dict[str, Any]) -> Document:
    """A row of khabar's layout as a document; see the module's docstring for what is checked."""
    text = row.get("text")
    doc_id = record_id(row)  # an id column of integers gives the ids of their digits, as a gold file's
    located = {**where, "doc_id": doc_id} if isinstance(doc_id, str) else where
    record = {"id": doc_id, "text": text, "meta": _meta(row.get("meta"), located),
              # null for none, as Document.from_dict reads a gold line (a Hub dataset may well write it)
              "entities": [] if row["entities"] is None else row["entities"], "quotes": row.get("quotes") or []}
    if not isinstance(text, str) or not isinstance(record["entities"], list) or not isinstance(record["id"], str):
        return Document.from_dict(record, **where)  # the model's own error (E207, E208, E210) or an id of digits
    entities = []
    for number, entity in enumerate(record["entities"]):
        field = f"entities[{number}]"
        if isinstance(entity, dict):
            span = _span_in(entity, text, field, located)
            surface = entity.get("text")
            if span is not None and surface is not None and surface != text[span[0]:span[1]]:
                raise InputError("E282", f"the entity's text {surface!r} is not the text at {span[0]}-{span[1]}, "
                                 f"{text[span[0]:span[1]]!r} (offsets counted in UTF-16 units or bytes, or a text "
                                 "edited after the export?)", field=f"{field}.text", **located)
            entity = {k: v for k, v in entity.items() if k != "text"}
            label = entity.get("label")
            if isinstance(label, str):
                if label_map.get(label) == "O":
                    seen.add(label)
                    continue
                entity["label"] = _mapped(label, label_map, seen)
                _check_label(entity["label"], f"{field}.label", located)
        entities.append(entity)
    record["entities"] = entities
    for number, quote in enumerate(record["quotes"] if isinstance(record["quotes"], list) else []):
        for part in ("content", "source", "cue"):
            if isinstance(quote, dict):
                _span_in(quote.get(part), text, f"quotes[{number}].{part}", located)
    return Document.from_dict(record, **where)


def _check_derived(row: dict[str, Any], doc: Document, names: list[str] | None, label_map: Mapping[str, str],
                   where: dict[str, Any]) -> None:
    """E282 when the row's tokens, offsets or ner_tags are not those the export would write for ``doc``."""
    expected = document_row(doc, path=where["path"], line=where["line"])
    offsets = []
    for index, pair in enumerate(row["offsets"] or []):
        if not isinstance(pair, (list, tuple)):
            raise InputError("E282", f"offsets[{index}] is {pair!r}, not a [start, end] pair",
                             field=f"offsets[{index}]", **where)
        offsets.append(list(pair))
    if row["tokens"] != expected["tokens"] or offsets != expected["offsets"]:
        # name the column that disagrees: offsets alone off are a tool counting otherwise, not other tokens
        field = "tokens"
        if row["tokens"] == expected["tokens"]:
            field = next((f"offsets[{index}]" for index, (pair, want) in enumerate(zip(offsets, expected["offsets"]))
                          if pair != want), "offsets")
        raise InputError("E282", "the tokens and offsets are not khabar's tokens of the text (the export's): the "
                         "entities are read, so drop the tokens, offsets and ner_tags columns to import them",
                         field=field, **where)
    given = []
    for index, value in enumerate(row["ner_tags"] or []):
        name = _tag_name(value, names)
        if name is None:
            raise InputError("E282", f"ner_tags[{index}] is {value!r}, not a tag"
                             f"{' (a class index of its ClassLabel)' if names is not None else ''}",
                             field=f"ner_tags[{index}]", **where)
        given.append(_mapped_tag(name, label_map))
    wanted = [LABEL_NAMES[tag] for tag in expected["ner_tags"]]
    if len(given) != len(wanted):
        raise InputError("E282", f"{len(given)} ner_tags for {len(wanted)} tokens", field="ner_tags", **where)
    for index, (tag, want) in enumerate(zip(given, wanted)):
        if tag != want:
            raise InputError("E282", f"ner_tags[{index}] is {tag} where the entities make {want} (token "
                             f"{row['tokens'][index]!r}): the entities are read, so the tags must agree; drop the "
                             "tokens, offsets and ner_tags columns to import the entities as they are",
                             field=f"ner_tags[{index}]", **where)


def _tag_name(value: Any, names: list[str] | None) -> str | None:
    """The tag a ``ner_tags`` value stands for (a class index of ``names``, or the name itself), ``None`` for none."""
    if names is None:
        return value if isinstance(value, str) else None
    in_range = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(names)
    return names[value] if in_range else None


def _mapped_tag(tag: str, label_map: Mapping[str, str]) -> str:
    if tag == "O" or tag[:2] not in ("B-", "I-"):
        return tag
    label = label_map.get(tag[2:], tag[2:])
    return "O" if label == "O" else f"{tag[:2]}{label}"


def _token_document(row: dict[str, Any], number: int, split: str, names: list[str] | None,
                    label_map: Mapping[str, str], seen: set[str], where: dict[str, Any]) -> Document:
    """A row of the token layout as a document, its tokens joined by spaces, as from-conll reads a sentence.

    Its id is scoped by ``split`` (see the module's docstring), the row's own
    kept in ``meta["hf_id"]``.
    """
    given_id = row.get("id")
    given_id = None if given_id is None or given_id == "" else str(given_id)
    doc_id = f"{split}-{number:06d}" if given_id is None else f"{split}-{given_id}"
    where = {**where, "doc_id": doc_id}
    tokens, tags = row["tokens"], row["ner_tags"]
    if not isinstance(tokens, list) or not isinstance(tags, list) or len(tokens) != len(tags):
        found = (f"{len(tokens)} tokens and {len(tags)} tags" if isinstance(tokens, list) and isinstance(tags, list)
                 else f"{type(tokens).__name__} and {type(tags).__name__}")
        raise InputError("E283", f"tokens and ner_tags must be lists of one length, found {found}", field="ner_tags",
                         **where)
    sentence: list[tuple[str, str, int]] = []
    last_given = "O"
    for index, (token, value) in enumerate(zip(tokens, tags)):
        if not isinstance(token, str):  # str() made a null token the word "None"
            raise InputError("E283", f"tokens[{index}] must be a string, found {token!r}", field=f"tokens[{index}]",
                             **where)
        given = names[value] if names is not None and isinstance(value, int) and 0 <= value < len(names) else value
        if not isinstance(given, str) or not (given == "O" or (len(given) > 2 and given[:2] in ("B-", "I-"))):
            raise InputError("E283", f"tag must be O, B-LABEL or I-LABEL, found {given!r}", field=f"ner_tags[{index}]",
                             **where)
        tag = given
        if given != "O":
            label = _mapped(given[2:], label_map, seen)
            if label_map.get(given[2:]) == "O":
                tag = "O"
            else:
                _check_label(label, f"ner_tags[{index}]", where)
                stray = given.startswith("I-") and last_given[2:] != given[2:]
                tag = f"{'B-' if stray else given[:2]}{label}"
        last_given = given
        sentence.append((token, tag, index))  # the builder's "line" is the token's index: its errors name it
    _refuse_invisible_entities(sentence, where)
    builder = _Builder()
    try:
        builder.add_sentence(sentence, where["path"])
    except InputError as error:  # E242 names the line of a CoNLL file, here the row and the token
        raise InputError(error.code, error.message, field=f"tokens[{error.line}]", **where) from None
    doc = builder.build(doc_id, where["path"])
    for key in ("conll_file", "first_line"):  # there is no CoNLL file: the split and the row say where it was
        doc.meta.pop(key, None)
    if given_id is not None:
        doc.meta[ID_KEY] = given_id
    return doc


def _invisible(token: str) -> bool:
    """Whether a token holds no character to see: white space and format characters (U+200F) alone."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in token)


def _refuse_invisible_entities(sentence: list[tuple[str, str, int]], where: dict[str, Any]) -> None:
    """E242, naming its last token, for an entity of tokens of white space or format characters alone (``" "``,
    ``"\u200f"``), one of them not empty (empty tokens alone the builder refuses itself).

    Such an entity covers no text an annotator can see: read as from-conll reads one of punctuation alone it would
    become no entity, its tag kept only in ``meta.conll_entity_tokens``, and the import would report fewer entities
    than the dataset tags without a word; refused as the empty token is, the row and the token are named.
    """
    run: list[tuple[str, int]] = []
    label = None
    for token, tag, index in [*sentence, ("", "O", -1)]:
        if run and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            if all(_invisible(text) for text, _ in run) and any(run_text for run_text, _ in run):
                shown = ", ".join(repr(text) for text, _ in run)
                raise InputError("E242", f"the {label} entity ending here has only empty or invisible tokens "
                                 f"({shown}), no text to tag", field=f"tokens[{run[-1][1]}]", **where)
            run = []
        if tag != "O":
            run.append((token, index))
            label = tag[2:]


def read_hf(folder: str | PathLike[str], *, label_map: Mapping[str, str] | None = None) -> Iterator[Document]:
    """The documents of a dataset saved to disk, split by split (see the module's docstring).

    Raises :class:`~khabar.errors.InputError` naming the split, the row and the
    field: E276 for a folder that is not a saved dataset (or one of no rows),
    E277 for a column missing, E278 for a span outside the text, empty or
    reversed, E279 for a label outside khabar's that ``label_map`` does not map,
    E280 for ``meta`` that is not a JSON object (E004, E005, E015 for one that
    a gold line could not hold either), E286 for a split name that is no split
    name, E281 for an id given twice (in
    one split, or in two for khabar's layout: the token layout's ids are scoped
    by split), E282 for derived columns that disagree with the entities, E283
    for ``ner_tags`` that are not IOB tags or tokens that are not strings, E242
    for an entity of empty or invisible tokens alone; E252, once every row is read, for a
    mapping of a label no entity or tag holds. Every column is checked before the
    first document is given.
    """
    root = Path(folder)
    label_map = dict(label_map or {})
    _check_label_map(label_map, ENTITY_LABELS)
    splits = [(name, where, dataset, _layout(name, where, dataset)) for name, where, dataset in _splits(root)]
    if not any(len(dataset) for _, _, dataset, _ in splits):
        raise InputError("E276", "the dataset holds no rows", path=root)
    derived = {name: layout == "entities" and {"tokens", "offsets", "ner_tags"} <= set(dataset.column_names)
               for name, _, dataset, layout in splits}
    tag_names = {name: _tag_names(name, where, dataset) if layout == "tokens" or derived[name] else None
                 for name, where, dataset, layout in splits}
    first: dict[str, str] = {}
    seen: set[str] = set()
    for name, path, dataset, layout in splits:
        for number, row in enumerate(dataset, start=1):
            where: dict[str, Any] = {"path": path, "line": number}
            if layout == "tokens":
                doc = _token_document(row, number, name, tag_names[name], label_map, seen, where)
            else:
                doc = _document(row, label_map, seen, where)
            # set here, for either layout, so that every document keeps its split (whatever the meta column says)
            doc.meta[SPLIT_KEY] = name
            where["doc_id"] = doc.id
            if doc.id in first:
                raise InputError("E281", f"document id repeated (first in {first[doc.id]})", field="id", **where)
            first[doc.id] = f"{name} row {number}"
            if derived[name]:
                _check_derived(row, doc, tag_names[name], label_map, where)
            yield doc
    unseen = sorted(set(label_map) - seen)
    if unseen:
        raise InputError("E252", f"--map-label {', '.join(f'{source}={label_map[source]}' for source in unseen)}: "
                         f"no entity or tag of the dataset has {'this label' if len(unseen) == 1 else 'these labels'}"
                         f" (labels found: {', '.join(sorted(seen)) or 'none'})", path=root, field="--map-label")
