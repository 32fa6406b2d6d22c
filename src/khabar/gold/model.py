"""The gold format's data classes: :class:`Document`, :class:`Span`, :class:`Entity`, :class:`Quote`.

One JSON object per document is the interchange format of every step in khabar::

    {"id": str, "text": str, "meta": {...},
     "entities": [{"start": int, "end": int, "label": "PERS|ORG|LOC|MISC"}],
     "quotes": [{"content": {"start": int, "end": int},
                 "source": {"start": int, "end": int} | null,
                 "cue": {"start": int, "end": int} | null,
                 "type": "direct|indirect|mixed"}]}

Offsets are Python code-point offsets into ``text``, end exclusive, as in
spaCy's ``Doc.char_span``. Fields this module does not know (``annotator``,
``votes``, ...) are kept in ``extra`` and written back unchanged, except one that
differs from a field of the format only by case (``Source``, ``Label``, ``Entities``):
that is E212, since the real field would be read as missing, silently.

Entity labels are read as they are: the readers that map other tag sets
(``train entities --map-label``, doccano projects with labels of their own) need
them. Callers whose figures are about :data:`ENTITY_LABELS` pass ``labels`` to
:meth:`Document.from_dict` (or :func:`khabar.gold.io.read_documents`): a label
outside them is E226, with the label it likely stands for (:func:`likely_label`).
``gold release`` refuses every other label; ``evaluate``, ``agree``, ``adjudicate``,
``train quotes``, ``extract quotes`` and ``gold to-conll`` pass ``allow_other_labels``
and refuse only a label that stands for one of khabar's written otherwise (``pers``,
``PER``: it would score 0, count as disagreement, be passed over as a speaker or be
written as a tag of its own), since a project made with labels of its own is scored on them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from ..errors import InputError

ENTITY_LABELS: tuple[str, ...] = ("PERS", "ORG", "LOC", "MISC")
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
#: Labels other tag sets use for khabar's, for the hints of E226, E251 and E453 (hints only: nothing is mapped unasked).
LABEL_ALIASES: dict[str, str] = {
    "PER": "PERS", "PERSON": "PERS", "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "LOCATION": "LOC", "GPE": "LOC",
}

_Where = dict[str, Any]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A stretch of a document's text: ``text[start:end]``."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlap(self, other: Span) -> int:
        """How many characters this span shares with ``other``."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Any, *, field_name: str, where: _Where) -> Span:
        if not isinstance(data, dict):
            raise InputError("E201", found=repr(data), field=field_name, **where)
        start, end = data.get("start"), data.get("end")
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int):
                _refuse_case_variants(data, _SPAN_FIELDS, field_name, where)
                raise InputError("E202", found=repr(value), field=f"{field_name}.{name}", **where)
        return cls(start, end)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: a span with one of :data:`ENTITY_LABELS`."""

    start: int
    end: int
    label: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, **self.extra}

    @classmethod
    def from_dict(
        cls, data: Any, *, field_name: str = "entities", where: _Where | None = None,
        labels: Collection[str] | None = None, allow_other_labels: bool = False,
    ) -> Entity:
        """An entity from its gold record; with ``labels``, its label must be one of them (E226), or with
        ``allow_other_labels`` must not be one of them written otherwise (:func:`likely_label`)."""
        where = where or {}
        span = Span.from_dict(data, field_name=field_name, where=where)
        label = data.get("label")
        extra = {k: v for k, v in data.items() if k not in _ENTITY_FIELDS}
        if extra:
            _refuse_case_variants(extra, _ENTITY_FIELDS, field_name, where)
        if not isinstance(label, str) or not label:
            raise InputError("E203", found=repr(label), field=f"{field_name}.label", **where)
        if labels is not None and label not in labels and (not allow_other_labels or likely_label(label, labels)):
            raise InputError("E226", label=label, labels=", ".join(labels), hint=label_hint(label, labels),
                             field=f"{field_name}.label", **where)
        return cls(span.start, span.end, label, extra)


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed quote: what was said (content), who said it (source), and the cue word."""

    content: Span
    source: Span | None = None
    cue: Span | None = None
    type: str = "indirect"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "content": self.content.to_dict(),
            "source": self.source.to_dict() if self.source is not None else None,
            "cue": self.cue.to_dict() if self.cue is not None else None,
            "type": self.type,
            **self.extra,
        }

    @classmethod
    def from_dict(cls, data: Any, *, field_name: str = "quotes", where: _Where | None = None) -> Quote:
        where = where or {}
        if not isinstance(data, dict):
            raise InputError("E204", found=repr(data), field=field_name, **where)
        extra = {k: v for k, v in data.items() if k not in _QUOTE_FIELDS}
        if extra:
            _refuse_case_variants(extra, _QUOTE_FIELDS, field_name, where)
        if data.get("content") is None:
            raise InputError("E205", field=f"{field_name}.content", **where)
        content = Span.from_dict(data["content"], field_name=f"{field_name}.content", where=where)
        source = data.get("source")
        cue = data.get("cue")
        qtype = data.get("type", "indirect")
        if qtype not in QUOTE_TYPES:
            likely = next((t for t in QUOTE_TYPES if isinstance(qtype, str) and t == qtype.lower()), None)
            raise InputError("E206", f"quote type must be one of {', '.join(QUOTE_TYPES)}, found {qtype!r}"
                             + (f"; did you mean {likely!r}?" if likely else ""), field=f"{field_name}.type", **where)
        return cls(
            content,
            Span.from_dict(source, field_name=f"{field_name}.source", where=where) if source is not None else None,
            Span.from_dict(cue, field_name=f"{field_name}.cue", where=where) if cue is not None else None,
            qtype,
            extra,
        )


@dataclass(slots=True)
class Document:
    """One article with its annotations. ``meta`` holds title, source, url, date and the rest."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def annotator(self) -> str | None:
        value = self.extra.get("annotator")
        return value if isinstance(value, str) else None

    def with_annotations(
        self, *, entities: Iterable[Entity] | None = None, quotes: Iterable[Quote] | None = None
    ) -> Document:
        """A copy with its entities and/or quotes replaced (``None`` keeps this document's).

        The copy's lists and dicts are its own (``meta`` and ``extra`` one level deep), so an
        extractor's output can be changed without touching the input it was made from.
        """
        return Document(
            self.id,
            self.text,
            dict(self.meta),
            list(self.entities if entities is None else entities),
            list(self.quotes if quotes is None else quotes),
            dict(self.extra),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            **self.extra,
        }

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], *, path: str | PathLike[str] | None = None, line: int | None = None,
        labels: Collection[str] | None = None, allow_other_labels: bool = False,
    ) -> Document:
        """Build a document from a gold record or a corpus record (see :mod:`khabar.corpus`).

        A corpus record has no ``entities`` or ``quotes`` and keeps ``title``,
        ``source``, ``url``, ``date`` and ``author`` at the top level: they are
        moved into ``meta`` so that every later step finds them in one place.
        With ``labels`` (:data:`ENTITY_LABELS`, say), an entity label outside them
        is E226, naming the entity and the label it likely stands for; with
        ``allow_other_labels`` too, only a label standing for one of them is.
        """
        doc_id = record_id(data)
        where: _Where = {"path": path, "line": line}
        if not isinstance(doc_id, str) or not doc_id:
            raise InputError("E207", found=repr(doc_id), field="id", **where)
        where["doc_id"] = doc_id
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError("E208", found=type(text).__name__, field="text", **where)
        meta = data.get("meta") or {}
        if not isinstance(meta, dict):
            raise InputError("E209", found=type(meta).__name__, field="meta", **where)
        meta = dict(meta)
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key in ("id", "text", "meta", "entities", "quotes"):
                continue
            if key in CORPUS_FIELDS:
                if value is not None:
                    meta.setdefault(key, value)
            else:
                extra[key] = value
        if extra:
            _refuse_case_variants(extra, _ANNOTATION_LISTS, "", where)
        raw_entities = data.get("entities")
        raw_quotes = data.get("quotes")
        raw_entities = [] if raw_entities is None else raw_entities  # absent or null: a corpus record
        raw_quotes = [] if raw_quotes is None else raw_quotes
        if not isinstance(raw_entities, list):
            raise InputError("E210", name="entities", field="entities", **where)
        if not isinstance(raw_quotes, list):
            raise InputError("E210", name="quotes", field="quotes", **where)
        entities = [Entity.from_dict(e, field_name=f"entities[{i}]", where=where, labels=labels,
                                     allow_other_labels=allow_other_labels)
                    for i, e in enumerate(raw_entities)]
        quotes = [Quote.from_dict(q, field_name=f"quotes[{i}]", where=where) for i, q in enumerate(raw_quotes)]
        return cls(doc_id, text, meta, entities, quotes, extra)


def likely_label(label: str, labels: Collection[str] = ENTITY_LABELS) -> str | None:
    """The one of ``labels`` that ``label`` likely stands for: the same but for case (``pers``, ``Loc``), or another
    tag set's name for it (``PER``, ``Person``, ``ORGANIZATION``, ``GPE``: :data:`LABEL_ALIASES`); ``None`` if none."""
    upper = label.upper()
    same = next((known for known in labels if known.upper() == upper), None)
    if same is not None:
        return same
    alias = LABEL_ALIASES.get(upper)
    return alias if alias in labels else None


def label_hint(label: str, labels: Collection[str] = ENTITY_LABELS) -> str:
    """``; did you mean PERS?`` for a label likely standing for one of ``labels`` (:func:`likely_label`), else ``""``."""
    likely = likely_label(label, labels)
    return f"; did you mean {likely}?" if likely is not None else ""


_SPAN_FIELDS = frozenset({"start", "end"})
_ENTITY_FIELDS = frozenset({"start", "end", "label"})
_QUOTE_FIELDS = frozenset({"content", "source", "cue", "type"})
#: The document fields a misspelling of which would lose annotations silently (``Text``, ``ID``: E208, E207 already).
_ANNOTATION_LISTS = frozenset({"entities", "quotes"})


def _refuse_case_variants(fields: dict[str, Any], known: frozenset[str], field_name: str, where: _Where) -> None:
    """E212 for the first of ``fields`` that is one of the ``known`` fields but for case (``Source`` for ``source``):
    kept as an unknown field, it would leave the real one missing, and its value unread."""
    for key in fields:
        if key not in known and (lowered := key.lower()) in known:
            place = f"{field_name}.{key}" if field_name else key
            raise InputError("E212", found=key, known=lowered, field=place, **where)


def record_id(record: dict[str, Any]) -> Any:
    """The id a record's document gets: its ``id``, an integer read as its digits (``1`` is the document ``"1"``).

    Anything else is returned as found, for :meth:`Document.from_dict` to refuse (E207). Steps that look at ids
    before building documents (the blocks of :mod:`khabar.extract.blocks`) ask here, so that ``1`` and ``"1"``
    are one id there too.
    """
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        return str(doc_id)
    return doc_id


def first_difference(a: str, b: str) -> int:
    """The first position where two texts differ (the shorter one's length when one begins the other).

    Said in the errors about two versions of one document whose texts should be
    identical (gold and prediction, two annotators), so the reader can look there.
    """
    for position, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return position
    return min(len(a), len(b))


#: Top-level fields of a corpus article (see :class:`khabar.corpus.Article`) that belong in ``meta``.
CORPUS_FIELDS: frozenset[str] = frozenset({"title", "source", "url", "date", "author"})
