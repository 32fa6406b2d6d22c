"""Gold documents <-> doccano's "JSONL(Relation)" records, offsets converted at the boundary.

Inside khabar an offset counts Python code points. doccano's browser UI counts
UTF-16 code units (grapheme mode off), so an emoji or any other character
outside the Basic Multilingual Plane would shift every later span by one:
:class:`Utf16Offsets` converts both ways, and refuses a UTF-16 offset that falls
between the two halves of a surrogate pair.

A gold quote becomes up to three spans (CONTENT, SOURCE, CUE) and two relations
drawn from the CONTENT: ``speaker`` to the SOURCE and ``cue`` to the CUE. Pulling
reverses it. Whatever an annotator drew that cannot become gold (a relation to a
missing span, a CUE no quote uses, an unknown label) is returned as a
:class:`Problem`, never dropped silently.

doccano's export flattens metadata to the top level, unions keys across
examples (missing -> null, integers -> floats), escapes ``/``, lets a key named
``id`` overwrite the example id and breaks on a key named ``text``; its import
turns a key missing from one record of a batch into NaN, which the database
rejects. So the document's own metadata (keys ``id`` and ``text`` included)
is kept as one JSON string (``khabar_record``) and comes back exactly; the
annotators see read-only copies of title, source, url and date, present on every
record. doccano shows every metadata key to annotators, so push moves
``khabar_record`` and ``khabar_quote_types`` out of the records into khabar's
side table (:mod:`.sidecar`) and pull puts them back before
:func:`record_to_document` reads them. Records exported from a project khabar
did not fill are read from the flattened keys, renamed keys (``meta_id``,
``meta_text``) renamed back.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from typing import Any

from ..errors import InputError, Problem
from ..gold.model import ENTITY_LABELS, Document, Entity, Quote, Span
from ..io import loads_noting_repeats, repeated_key

__all__ = [
    "ID_KEY",
    "Problem",
    "Utf16Offsets",
    "document_to_record",
    "guess_quote_type",
    "record_to_document",
]

#: Example meta key holding the khabar document id (how pushes recognise articles already there).
ID_KEY = "khabar_id"
#: Example meta key holding the document's metadata and extra fields as one JSON string.
RECORD_KEY = "khabar_record"
#: Example meta key holding the quote types of the pre-annotations (``"start:end" -> type``).
TYPES_KEY = "khabar_quote_types"
#: Side-table key holding the fingerprints of the suggestions khabar last left on an example (a JSON list;
#: see :mod:`.suggestions`). Never sent to doccano.
SUGGESTED_KEY = "khabar_suggested"
#: Metadata shown to annotators in doccano's metadata panel (read-only copies; the originals travel in RECORD_KEY).
DISPLAY_KEYS: tuple[str, ...] = ("title", "source", "url", "date")
#: Meta keys that would collide with doccano's own columns, and what they are called inside doccano.
RENAMED: dict[str, str] = {"id": "meta_id", "text": "meta_text", "entities": "meta_entities",
                           "relations": "meta_relations", "label": "meta_label", "Comments": "meta_Comments"}
_UNRENAMED = {v: k for k, v in RENAMED.items()}
#: Keys of an exported record that are doccano's, not the article's.
_EXPORT_KEYS = frozenset({"id", "text", "entities", "relations", "Comments", "label"})
_OWN_KEYS = frozenset({ID_KEY, RECORD_KEY, TYPES_KEY, SUGGESTED_KEY})

SPEAKER, CUE_RELATION = "speaker", "cue"
CONTENT, SOURCE, CUE = "CONTENT", "SOURCE", "CUE"

_MARKS_INSIDE = "«»\"“”„"


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Offsets:
    """Convert offsets between Python code points and UTF-16 code units for one text."""

    __slots__ = ("_astral", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point positions of characters that take two UTF-16 units; usually none, found at C speed.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def to_utf16(self, offset: int) -> int:
        """A code-point offset as UTF-16 units."""
        return offset + bisect.bisect_left(self._astral, offset)

    def to_codepoint(self, offset: int) -> int:
        """A UTF-16 offset as code points; ValueError if it splits a surrogate pair."""
        # Each astral character before the position adds one extra unit; find how many come before.
        lo, hi = 0, len(self._astral)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid < offset:  # UTF-16 position of astral[mid] is astral[mid] + mid
                lo = mid + 1
            else:
                hi = mid
        # lo = number of astral characters starting strictly before ``offset`` (in UTF-16 units).
        if lo and self._astral[lo - 1] + (lo - 1) + 1 == offset:
            raise ValueError(f"UTF-16 offset {offset} falls inside a surrogate pair")
        return offset - lo

    @property
    def utf16_length(self) -> int:
        return len(self.text) + len(self._astral)


def guess_quote_type(text: str, content: Span) -> str:
    """direct, mixed or indirect, from the quotation marks around and inside the content.

    Agrees with the gold validator (:func:`khabar.gold.validate.quote_type_of`):
    wholly enclosed content is direct, content cutting a quoted part is mixed;
    where the marks allow either, balanced quotation marks inside make it mixed,
    none make it indirect. Only quotes annotators drew themselves are typed this
    way: pre-annotated types travel with the article (:data:`TYPES_KEY`) and come
    back exactly.
    """
    from ..gold.validate import quote_type_of

    decided = quote_type_of(text, content)
    if decided is not None:
        return decided
    return "mixed" if any(ch in _MARKS_INSIDE for ch in text[content.start : content.end]) else "indirect"


def _display_meta(meta: dict[str, Any]) -> dict[str, str]:
    """The readable metadata shown to annotators: the same keys on every record, always strings.

    doccano reads each import batch into a pandas DataFrame: a key missing from
    one record becomes NaN there, which SQLite's JSON check then rejects, and the
    whole batch fails. So every record gets every display key.
    """
    return {key: "" if meta.get(key) is None else str(meta.get(key)) for key in DISPLAY_KEYS}


def document_to_record(doc: Document, *, preannotate: bool = False) -> dict[str, Any]:
    """The doccano import record of a document (UTF-16 offsets); with ``preannotate``, its spans and relations.

    The record holds khabar's private keys too (:data:`RECORD_KEY`, :data:`TYPES_KEY`);
    :meth:`.sidecar.SideTable.stash` takes them out before the record is sent.
    """
    extra = {k: v for k, v in doc.extra.items() if k != "annotator"}
    record: dict[str, Any] = {"text": doc.text}
    record.update(_display_meta(doc.meta))
    record[ID_KEY] = doc.id
    record[RECORD_KEY] = json.dumps({"meta": doc.meta, "extra": extra}, ensure_ascii=False)
    if not preannotate:
        # doccano's relation import reports a file without these columns as an error.
        record.update({TYPES_KEY: "{}", "entities": [], "relations": []})
        return record
    offsets = Utf16Offsets(doc.text)
    spans: list[dict[str, Any]] = []
    span_ids: dict[tuple[str, int, int], int] = {}

    def span_id(label: str, start: int, end: int, *, shared: bool = True) -> int:
        if not (0 <= start < end <= len(doc.text)):
            raise InputError("E330", f"span {start}:{end} ({label}) is outside the text of length {len(doc.text)}",
                             doc_id=doc.id)
        # Entities, sources and cues are shared by quotes that name the same one; a CONTENT never is:
        # two quotes can report the same words from two sources (real gold does).
        key = (label, start, end) if shared else (label, start, -len(spans) - 1)
        if key not in span_ids:
            span_ids[key] = len(spans) + 1
            spans.append({"id": span_ids[key], "start_offset": offsets.to_utf16(start),
                          "end_offset": offsets.to_utf16(end), "label": label})
        return span_ids[key]

    for entity in doc.entities:
        span_id(entity.label, entity.start, entity.end)
    relations: list[dict[str, Any]] = []
    types: dict[str, str] = {}
    for quote in doc.quotes:
        content = span_id(CONTENT, quote.content.start, quote.content.end, shared=False)
        types[f"{quote.content.start}:{quote.content.end}"] = quote.type
        for target, label, rtype in ((quote.source, SOURCE, SPEAKER), (quote.cue, CUE, CUE_RELATION)):
            if target is not None:
                relations.append({"id": len(relations) + 1, "from_id": content,
                                  "to_id": span_id(label, target.start, target.end), "type": rtype})
    record["entities"] = spans
    record["relations"] = relations
    record[TYPES_KEY] = json.dumps(types)
    return record


def _private_json(record: dict[str, Any], key: str, doc_id: str) -> Any:
    """The value of the JSON string khabar keeps under ``key`` (:data:`RECORD_KEY`, :data:`TYPES_KEY`); ``None``
    when the record has none or it is not JSON (the caller falls back on what doccano's record shows).

    The string comes back from the side table, which khabar wrote, or from doccano's metadata: an example pushed
    before the side table existed, or a project filled by another tool or by hand. A key given twice there (two
    ``title`` in ``meta``, two types for one quote) is E015, as in the export line around it, not the last kept.
    """
    raw = record.get(key)
    if not isinstance(raw, str):
        return None
    try:
        value = loads_noting_repeats(raw)
    except (json.JSONDecodeError, RecursionError):
        return None
    if (repeated := repeated_key(value)) is not None:
        raise InputError("E015", key=repeated[1], field=f"{key}.{repeated[0]}", doc_id=doc_id)
    return value


def _restore_meta(record: dict[str, Any], doc_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document's original meta and extra fields, from the JSON copy or (failing that) the flattened keys."""
    saved = _private_json(record, RECORD_KEY, doc_id)
    if isinstance(saved, dict):
        try:
            return dict(saved.get("meta") or {}), dict(saved.get("extra") or {})
        except (TypeError, ValueError):  # a meta that is no object: as if there were no copy
            pass
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key in _EXPORT_KEYS or key in _OWN_KEYS or value is None:
            continue  # a null is doccano's filler for a key another example had
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        meta[_UNRENAMED.get(key, key)] = value
    return meta, {}


def record_to_document(record: dict[str, Any], annotator: str) -> tuple[Document, list[Problem]]:
    """A gold document (code-point offsets) from one exported doccano record, and the problems found in it."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("E331", "exported record has no text", field="text", doc_id=str(record.get(ID_KEY)))
    example_id = record.get("id") if isinstance(record.get("id"), int) else None
    doc_id = record.get(ID_KEY)
    if isinstance(doc_id, float) and doc_id.is_integer():
        doc_id = int(doc_id)
    doc_id = str(doc_id) if doc_id not in (None, "") else f"doccano-{example_id}"
    problems: list[Problem] = []

    def problem(code: str, message: str) -> None:
        problems.append(Problem(code, message, doc_id=doc_id, annotator=annotator, example_id=example_id))

    offsets = Utf16Offsets(text)
    spans: dict[Any, tuple[str, Span]] = {}
    for raw in record.get("entities") or []:
        label = raw.get("label")
        try:
            start, end = offsets.to_codepoint(int(raw["start_offset"])), offsets.to_codepoint(int(raw["end_offset"]))
        except (KeyError, TypeError, ValueError) as exc:
            problem("E340", f"span {raw.get('id')} ({label}) has unusable offsets: {exc}")
            continue
        if not (0 <= start < end <= len(text)):
            problem("E341", f"span {raw.get('id')} ({label}) {start}:{end} is outside the text")
            continue
        spans[raw.get("id")] = (label, Span(start, end))

    entities = [Entity(s.start, s.end, label) for label, s in spans.values() if label in ENTITY_LABELS]
    for sid, (label, s) in spans.items():
        if label not in ENTITY_LABELS and label not in (CONTENT, SOURCE, CUE):
            problem("E342", f"span {sid} has the unknown label {label!r}: {s.text_in(text)!r}")

    speaker: dict[Any, Span] = {}
    cue: dict[Any, Span] = {}
    used: set[Any] = set()
    for rel in record.get("relations") or []:
        rtype = rel.get("type")
        ends = [spans.get(rel.get("from_id")), spans.get(rel.get("to_id"))]
        if None in ends:
            problem("E343", f"{rtype!r} relation {rel.get('id')} points to a span that does not exist")
            continue
        if rtype not in (SPEAKER, CUE_RELATION):
            problem("E344", f"relation {rel.get('id')} has the unknown type {rtype!r}")
            continue
        wanted = SOURCE if rtype == SPEAKER else CUE
        # Annotators draw arrows either way round; the labels say which end is which.
        pair = {ends[0][0]: rel.get("from_id"), ends[1][0]: rel.get("to_id")}
        if set(pair) != {CONTENT, wanted}:
            problem("E345", f"{rtype!r} relation {rel.get('id')} joins {ends[0][0]} and {ends[1][0]}, "
                    f"expected CONTENT and {wanted}")
            continue
        table = speaker if rtype == SPEAKER else cue
        content_id, target_id = pair[CONTENT], pair[wanted]
        if content_id in table and table[content_id] != spans[target_id][1]:
            problem("E346", f"CONTENT span {content_id} has more than one {rtype!r} relation; the first is kept")
            used.add(target_id)
            continue
        table[content_id] = spans[target_id][1]
        used.add(target_id)

    stored = _private_json(record, TYPES_KEY, doc_id)
    stored_types: dict[str, str] = stored if isinstance(stored, dict) else {}
    quotes: list[Quote] = []
    for sid, (label, s) in spans.items():
        if label != CONTENT:
            continue
        qtype = stored_types.get(f"{s.start}:{s.end}") or guess_quote_type(text, s)
        quotes.append(Quote(s, speaker.get(sid), cue.get(sid), qtype))
    for sid, (label, s) in spans.items():
        if label in (SOURCE, CUE) and sid not in used:
            problem("E347", f"{label} span {sid} {s.text_in(text)!r} belongs to no quote (draw a relation from its CONTENT)")

    entities.sort(key=lambda e: (e.start, e.end, e.label))
    quotes.sort(key=lambda q: (q.content.start, q.content.end))
    meta, extra = _restore_meta(record, doc_id)
    extra["annotator"] = annotator
    return Document(doc_id, text, meta, entities, quotes, extra), problems


def records_to_documents(records: Iterable[dict[str, Any]], annotator: str) -> tuple[list[Document], list[Problem]]:
    """Every exported record of one annotator as gold documents, and all their problems."""
    docs: list[Document] = []
    problems: list[Problem] = []
    for record in records:
        doc, found = record_to_document(record, annotator)
        docs.append(doc)
        problems.extend(found)
    return docs, problems
