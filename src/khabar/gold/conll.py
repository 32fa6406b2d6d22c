"""CoNLL (token-per-line BIO) files to gold documents and back.

The format read is the one of ANERcorp: one ``TOKEN TAG`` per line, the tag
after the last space or tab, tags ``O``, ``B-LABEL`` and ``I-LABEL``.
Sentences are separated by blank lines, or, in files without blank lines (such
as ANERcorp), a sentence ends after a full-stop token (``.``, bidi marks
allowed around it) unless that token is tagged ``I-``: ANERcorp keeps the dots
of ``جي . أم . جي لو`` inside the name. A ``-DOCSTART-`` line ends the
sentence and the document being read (CoNLL-2003's document break).

Files of more columns (``TOKEN POS TAG``, CoNLL-2003's ``TOKEN POS CHUNK TAG``,
public Arabic NER sets' exports) are read as common CoNLL readers read them:
the token is the first column and the tag the last, when most lines of the file
have three columns or more (split at tabs in a line that holds one, else at
spaces); a line with another count of columns is then an error naming it
(E253), as is a line of more columns in a ``TOKEN TAG`` file, whose extra
columns would be read into the token. A ``TOKEN TAG`` file still allows a
token holding a space (ANERcorp's one, below), as long as most lines have two
columns. A file in which two counts of columns are as common (as many
``TOKEN TAG`` lines as ``TOKEN POS TAG`` ones) is E253 at the first line of the
second count: which the file has cannot be told, and the order of its lines
must not decide.

How a document is built, and how to get its tokens back:

* the tokens of each sentence are joined by **single spaces**, and so are the
  sentences of one document, so ``doc.text.split(" ")`` gives the tokens back.
  :func:`conll_tokens` does this with offsets and should be preferred: it also
  handles the rare token that holds a space itself (ANERcorp has one,
  ``الأمن\\u200f1706 \\u200f``), whose offsets are then kept in
  ``meta["token_spans"]``;
* an **empty token** (a line such as ``" O"``; ANERcorp has five) is kept as an
  empty string between two spaces, so it survives the round trip and
  ``text.split(" ")`` still counts it;
* ``meta`` says where the document came from (``conll_file``, ``first_line``),
  that its tokens are space-separated (``tokenization: "conll"``) and the
  character offsets of its ``sentences``;
* ``B-X`` starts an entity; ``I-X`` continues an entity of label ``X`` and
  starts a new one after ``O`` or after another label (a stray ``I-``);
* **glued punctuation stays outside the span**: ANERcorp tags some tokens
  with punctuation or bidi marks stuck to them (``كابول؛``, ``\u200fغزة``,
  ``روي ( كين )``), which the guidelines keep outside an entity. The entity is
  the tagged tokens' *core*: punctuation, symbols and invisible marks (what
  :mod:`khabar.gold.validate` calls a token's edges) are trimmed off both of
  its ends, so the gold validates. The tokens the tags covered are kept in
  ``meta["conll_entity_tokens"]`` as ``[start, end, tagged_start, tagged_end, label]``
  for each trimmed entity, so writing the document back tags the same tokens:
  CoNLL -> gold -> CoNLL and gold -> CoNLL -> gold are both exact. An entity
  whose tokens are nothing but punctuation has no core and is not an entity of
  the gold; it is recorded the same way, with ``start == end``, and written back;
  Written back, every entity begins with ``B-`` (IOB2): a file in IOB2, as
  ANERcorp is, comes back tag for tag.

Writing (:func:`write_conll`) tags the tokens of each document with
:func:`documents_to_bio`: CoNLL-born documents keep their own tokens; any other
gold document is cut with :func:`khabar.text.tokenize`.

Written by hand rather than with a library: the CoNLL readers at hand
(``nltk``'s, ``datasets``') know nothing of offsets, of sentence ends without
blank lines, or of empty tokens, which are exactly the parts that matter here.
"""

from __future__ import annotations

import bisect
import gzip
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import Literal, NamedTuple

from ..errors import InputError
from ..io import atomic_write, require_file, without_bom
from .model import Document, Entity, likely_label
from .validate import _is_edge

__all__ = [
    "read_conll",
    "map_label_hint",
    "write_conll",
    "documents_to_bio",
    "conll_tokens",
    "SentenceEnd",
    "Breaks",
]

SentenceEnd = Literal["auto", "blank", "period"]
Breaks = Literal["none", "document", "sentence"]
Partial = Literal["expand", "drop", "error"]

_BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"


def _is_full_stop(token: str) -> bool:
    return token.strip(_BIDI_MARKS) == "."


def _text_lines(path: str | PathLike[str]) -> Iterator[tuple[int, str]]:
    """``(number, line)`` of a UTF-8 text file (gzipped when it ends in ``.gz``), lines numbered from 1.

    Bytes are decoded line by line so that an error names the line: invalid
    UTF-8 (a UTF-16 or Windows-1256 file) and NUL bytes (a binary file) are E245,
    a damaged gzip file E006.
    """
    gzipped = str(path).endswith(".gz")
    number = 0
    try:
        with (gzip.open(path, "rb") if gzipped else open(path, "rb")) as handle:
            for number, raw in enumerate(handle, start=1):  # noqa: B007 - number names the line of a read error
                try:
                    line = (without_bom(raw) if number == 1 else raw).decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError("E245", reason=exc.reason, byte=exc.start, path=path, line=number) from None
                if "\x00" in line:
                    raise InputError("E245", "holds NUL bytes: a binary file, not CoNLL text", path=path, line=number)
                yield number, line
    except (OSError, EOFError, zlib.error) as exc:
        if not gzipped:
            raise
        raise InputError("E006", reason=exc or type(exc).__name__, path=path, line=number + 1) from None


def _columns(line: str) -> list[str]:
    """The columns of a token line: split at tabs when it holds one (a token may then hold spaces), else at runs of
    spaces. Only these two: a no-break or thin space is part of a token, as it is in a ``TOKEN TAG`` line."""
    line = line.rstrip(" \t\r\n")
    return line.split("\t") if "\t" in line else [field for field in line.split(" ") if field]


def _is_document_start(line: str) -> bool:
    return line.startswith("-DOCSTART-")


class _Layout(NamedTuple):
    """What :func:`read_conll` needs to know of a file before reading it."""

    #: Whether a blank line separates two token lines (trailing blank lines do not count).
    blank_between: bool
    #: How many columns the file's lines have: the count most token lines have (2 for a file without token lines).
    columns: int
    #: How many token lines have that count, and how many token lines the file has (for the message of E253).
    with_columns: int
    token_lines: int


def _layout(path: str | PathLike[str]) -> _Layout:
    """The file's :class:`_Layout`, read before its documents are.

    The file's count of columns is the one most of its token lines have (``-DOCSTART-`` lines not counted, nor
    lines of one column or ended by a carriage return alone, E240 in any file), so that E253 names the odd line
    out, not the lines around it. When two counts are as common (``a b O`` and ``c O``), which of them the file
    has cannot be told, and the order of the lines must not decide it (as taking the first count seen did): E253
    names the first line of the later count.
    """
    seen_token = blank_pending = blank_between = False
    counts: Counter[int] = Counter()
    first_of: dict[int, tuple[int, str]] = {}  # a count -> the first line that has it, and that line
    for number, line in _text_lines(path):
        if not line.strip():
            blank_pending = seen_token
            continue
        if blank_pending:
            blank_between = True
        seen_token = True
        text, columns = line.rstrip("\r\n"), len(_columns(line))
        if not _is_document_start(line) and columns > 1 and "\r" not in text:
            counts[columns] += 1
            first_of.setdefault(columns, (number, text))
    if not counts:
        return _Layout(blank_between, 2, 0, 0)
    columns, most = counts.most_common(1)[0]
    tied = sorted((count for count, lines in counts.items() if lines == most), key=lambda count: first_of[count][0])
    if len(tied) > 1:
        first, second = tied[:2]
        number, line = first_of[second]
        raise InputError(
            "E253", f"found {second} columns in {line!r}, and as many of the file's token lines have {first} "
            f"columns (the first on line {first_of[first][0]}) as have {second}, {most} each: which count the file "
            "has cannot be told; give every line the same columns, the token first and the entity tag last",
            path=path, line=number, field="tag"
        )
    return _Layout(blank_between, columns, most, counts.total())


def _other_lines(layout: _Layout) -> str:
    """What E253 says of the file's other lines: ``the file's other lines have 3 (120 of its 122 token lines)``."""
    return (f"the file's other lines have {layout.columns} ({layout.with_columns} of its {layout.token_lines} token "
            "lines)")


def _parse_line(raw: str, path: str | PathLike[str], number: int, layout: _Layout) -> tuple[str, str]:
    """``(token, tag)`` of one non-blank line of a file whose lines have ``layout.columns`` columns.

    In a ``TOKEN TAG`` file the tag is the last field and the token everything before its separator; in a file of
    more columns, the token is the first column and the tag the last.
    """
    line = raw.rstrip("\r\n")
    if "\r" in line:  # lines ended by a carriage return alone (classic Mac): read on, they would be one token
        raise InputError(
            "E240", f"expected a token and its tag separated by a space or tab, found {line!r}: lines ended by a "
            "carriage return alone (convert them to \\n)", path=path, line=number, field="tag"
        )
    if layout.columns > 2:
        return _parse_columns(line, path, number, layout)
    cut = max(line.rfind(" "), line.rfind("\t"))
    if cut < 0:
        raise InputError(
            "E240", f"expected a token and its tag separated by a space or tab, found one column, {line!r}",
            path=path, line=number, field="tag"
        )
    token, tag = line[:cut], line[cut + 1 :]
    if not _is_tag(tag):
        raise InputError("E241", f"tag must be O, B-LABEL or I-LABEL, found {tag!r}", path=path, line=number, field="tag")
    # A token may hold a space (ANERcorp has one), but not a tab, nor end in a field that is itself a tag: such a
    # line has more columns than TOKEN TAG (a POS or a second tag column), which were read into the token, and so
    # into the text, whose tags were lost.
    fields = token.split()
    if "\t" in token or (len(fields) > 1 and _is_tag(fields[-1])):
        raise InputError(
            "E253", f"found {len(_columns(line))} columns in {line!r} where {_other_lines(layout)}, TOKEN TAG: give "
            "every line the same columns, the token first and the entity tag last", path=path, line=number,
            field="tag"
        )
    return token, tag


def _parse_columns(line: str, path: str | PathLike[str], number: int, layout: _Layout) -> tuple[str, str]:
    """``(token, tag)`` of a line of a file of ``layout.columns`` columns: the first column and the last."""
    fields, columns = _columns(line), layout.columns
    if len(fields) < 2:
        raise InputError(
            "E240", f"expected a token and its tag separated by a space or tab, found one column, {line!r}",
            path=path, line=number, field="tag"
        )
    if len(fields) != columns:
        raise InputError(
            "E253", f"found {len(fields)} columns in {line!r} where {_other_lines(layout)}: give every line the same "
            "columns, the token first and the entity tag last", path=path, line=number, field="tag"
        )
    token, tag = fields[0], fields[-1]
    if not _is_tag(tag):
        raise InputError("E241", f"tag must be O, B-LABEL or I-LABEL, found {tag!r} (the last of the line's {columns} "
                         "columns)", path=path, line=number, field="tag")
    return token, tag


def _is_tag(field: str) -> bool:
    return field == "O" or (len(field) > 2 and field[:2] in ("B-", "I-"))


class _Builder:
    """Accumulates sentences into one document's text, entities and offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.token_spans: list[tuple[int, int]] = []
        self.sentences: list[list[int]] = []
        self.entities: list[Entity] = []
        self.spaced_token = False
        self.first_line: int | None = None

    def add_sentence(self, tokens: list[tuple[str, str, int]], path: str | PathLike[str]) -> None:
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        sentence_start = self.length
        open_label: str | None = None
        open_start: int | None = None  # None until the entity's first non-empty token
        open_end = 0
        for i, (token, tag, number) in enumerate(tokens):
            if i:
                self.parts.append(" ")
                self.length += 1
            start = self.length
            self.parts.append(token)
            self.length += len(token)
            self.token_spans.append((start, self.length))
            if " " in token:
                self.spaced_token = True
            if self.first_line is None:
                self.first_line = number
            kind, label = tag[0], tag[2:]
            if open_label is not None and (kind != "I" or label != open_label):
                self._close(open_start, open_end, open_label, path, number - 1)
                open_label = None
            if kind == "B" or (kind == "I" and open_label is None):
                open_label, open_start = label, None
            if open_label is not None and token:
                if open_start is None:
                    open_start = start
                open_end = self.length
        if open_label is not None:
            self._close(open_start, open_end, open_label, path, tokens[-1][2])
        self.sentences.append([sentence_start, self.length])

    def _close(self, start: int | None, end: int, label: str, path: str | PathLike[str], number: int) -> None:
        if start is None:
            raise InputError("E242", f"the {label} entity ending here has only empty tokens", path=path, line=number, field="token")
        self.entities.append(Entity(start, end, label))

    def build(self, doc_id: str, path: str | PathLike[str]) -> Document:
        text = "".join(self.parts)
        meta: dict[str, object] = {
            "conll_file": Path(path).name,
            "first_line": self.first_line,
            "tokenization": "conll",
            "sentences": self.sentences,
        }
        if self.spaced_token:
            meta["token_spans"] = [list(span) for span in self.token_spans]
        entities, trimmed = _trim_entities(text, self.entities)
        if trimmed:
            meta["conll_entity_tokens"] = trimmed
        return Document(doc_id, text, meta, entities, [])


def _is_outside(char: str) -> bool:
    return char.isspace() or _is_edge(char)


def _core_start(text: str, start: int, end: int) -> int:
    while start < end and _is_outside(text[start]):
        start += 1
    return start


def _core_end(text: str, start: int, end: int) -> int:
    while end > start and _is_outside(text[end - 1]):
        end -= 1
    return end


def _trim_entities(text: str, entities: list[Entity]) -> tuple[list[Entity], list[list[int | str]]]:
    """The entities cut down to their cores, and ``[start, end, tagged_start, tagged_end, label]`` of each one cut."""
    kept: list[Entity] = []
    trimmed: list[list[int | str]] = []
    for entity in entities:
        start = _core_start(text, entity.start, entity.end)
        end = _core_end(text, start, entity.end)
        if (start, end) != (entity.start, entity.end):
            if start == end:  # nothing but punctuation: no name to keep
                start = end = entity.start
            trimmed.append([start, end, entity.start, entity.end, entity.label])
        if start < end:
            kept.append(Entity(start, end, entity.label))
    return kept, trimmed


def map_label_hint(label: str, labels: Collection[str]) -> str:
    """How to rename or drop ``label``, which is not among ``labels``: ``map it with --map-label PER=PERS, or ...``
    (the label it likely stands for: :func:`~khabar.gold.model.likely_label`)."""
    likely = likely_label(label, labels)
    how = (f"map it with --map-label {label}={likely}" if likely is not None
           else f"map it with --map-label {label}=LABEL (LABEL one of {', '.join(labels)})")
    return f"{how}, or drop it with --map-label {label}=O"


def _unknown_label(tag: str, label: str, labels: Collection[str], path: str | PathLike[str], number: int) -> InputError:
    """E251 for a tag whose label is not among ``labels``, with the ``--map-label`` that would fix it."""
    return InputError(
        "E251",
        f"tag {tag!r}: {label!r} is not one of the entity labels ({', '.join(labels)}); {map_label_hint(label, labels)}",
        path=path,
        line=number,
        field="tag",
    )


def _check_label_map(label_map: Mapping[str, str], labels: Collection[str] | None) -> None:
    """E252 for a mapping whose target is neither one of ``labels`` nor O (it would make tags the check refuses)."""
    if labels is None:
        return
    for source, target in label_map.items():
        if target != "O" and target not in labels:
            raise InputError("E252", f"--map-label {source}={target}: {target} is not one of the entity labels "
                             f"({', '.join(labels)}) nor O", field="--map-label")


def read_conll(
    path: str | PathLike[str],
    sentences_per_doc: int = 1,
    doc_id_prefix: str | None = None,
    *,
    sentence_end: SentenceEnd = "auto",
    label_map: Mapping[str, str] | None = None,
    labels: Collection[str] | None = None,
) -> Iterator[Document]:
    """Stream the documents of a token-per-line BIO file.

    ``sentences_per_doc`` sentences make one document (the last may hold fewer,
    and so may the last before a ``-DOCSTART-`` line).
    Documents are numbered ``{doc_id_prefix}-000001`` on; the prefix defaults
    to the file's stem. ``sentence_end`` says what ends a sentence besides a
    blank line: nothing else (``"blank"``), or also a full-stop token not
    tagged ``I-`` (``"period"``); ``"auto"`` picks ``"blank"`` when the file
    has a blank line between two tokens, else ``"period"``.

    ``label_map`` (``{FROM: TO}``, as ``--map-label FROM=TO`` and
    :func:`khabar.extract.training_sources.parse_label_map` make it) renames a
    tag's label as it is read, ``B-FROM`` becoming ``B-TO``; ``TO`` = ``O``
    makes the tag ``O``, dropping the entity. ``labels``, when given (``gold
    from-conll`` gives :data:`~khabar.gold.model.ENTITY_LABELS`), are the only
    labels allowed after the mapping: any other is E251, so that a file tagged
    ``B-PERSON`` never becomes gold that ``khabar gold validate`` refuses later.

    A file whose lines have three columns or more is read as its first
    (the token) and its last (the tag); see the module's docstring.

    Raises :class:`~khabar.errors.InputError` naming the file and line for a
    line without a tag (E240), with a malformed tag (E241), of another count
    of columns than most of the file's lines, or in a file where two counts are
    as common (E253), or (with ``labels``) a label
    not allowed; E252, once the whole file is read, when ``label_map`` names a
    label no tag holds (a misspelt mapping would otherwise change nothing, silently).
    """
    if sentences_per_doc < 1:
        raise InputError("E243", f"sentences_per_doc must be at least 1, found {sentences_per_doc}", field="sentences_per_doc")
    require_file(path, "E244")
    label_map = dict(label_map or {})
    _check_label_map(label_map, labels)
    seen_labels: set[str] = set()
    layout = _layout(path)
    if sentence_end == "auto":
        sentence_end = "blank" if layout.blank_between else "period"
    prefix = doc_id_prefix if doc_id_prefix is not None else Path(path).stem
    count = 0
    builder = _Builder()
    sentence: list[tuple[str, str, int]] = []

    def flush_document() -> Document:
        nonlocal builder, count
        count += 1
        doc = builder.build(f"{prefix}-{count:06d}", path)
        builder = _Builder()
        return doc

    last_given = "O"
    for number, raw in _text_lines(path):
        if not raw.strip():  # a blank line always ends a sentence
            if sentence:
                builder.add_sentence(sentence, path)
                sentence = []
                if len(builder.sentences) == sentences_per_doc:
                    yield flush_document()
            continue
        if _is_document_start(raw):  # a document of the file ends: so do its sentence and the document read
            if sentence:
                builder.add_sentence(sentence, path)
                sentence = []
            if builder.sentences:
                yield flush_document()
            continue
        token, given = _parse_line(raw, path, number, layout)
        tag = given
        if given != "O":
            label = given[2:]
            seen_labels.add(label)
            label = label_map.get(label, label)
            if label == "O":
                tag = "O"
            elif labels is not None and label not in labels:
                raise _unknown_label(given, label, labels, path, number)
            else:
                # Where an entity starts is the file's own tags' reading: an I- after another label (or none) starts
                # one, so a mapping that gives both labels one name must not join them (train entities maps after).
                stray = given.startswith("I-") and (not sentence or last_given[2:] != given[2:])
                tag = f"{'B-' if stray else given[:2]}{label}"
        last_given = given
        sentence.append((token, tag, number))
        # the file's own tag: where sentences end does not depend on a mapping (ANERcorp's ". I-MISC" stays inside)
        if sentence_end == "period" and _is_full_stop(token) and not given.startswith("I-"):
            builder.add_sentence(sentence, path)
            sentence = []
            if len(builder.sentences) == sentences_per_doc:
                yield flush_document()
    unseen = sorted(set(label_map) - seen_labels)
    if unseen:
        raise InputError("E252", f"--map-label {', '.join(f'{source}={label_map[source]}' for source in unseen)}: "
                         f"no tag of the file has {'this label' if len(unseen) == 1 else 'these labels'} "
                         f"(labels found: {', '.join(sorted(seen_labels)) or 'none'})", path=path, field="--map-label")
    if sentence:
        builder.add_sentence(sentence, path)
    if builder.sentences:
        yield flush_document()


# --- gold to BIO -------------------------------------------------------------------------------


def conll_tokens(doc: Document) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` of a document read by :func:`read_conll`: its own tokens, empty ones included."""
    spans = doc.meta.get("token_spans")
    if spans:
        return [(doc.text[s:e], s, e) for s, e in spans]
    tokens: list[tuple[str, int, int]] = []
    pos = 0
    for token in doc.text.split(" "):
        tokens.append((token, pos, pos + len(token)))
        pos += len(token) + 1
    return tokens


def _tokens_of(doc: Document) -> list[tuple[str, int, int]]:
    if doc.meta.get("tokenization") == "conll":
        return conll_tokens(doc)
    from ..text import tokenize

    return [(t.text, t.start, t.end) for t in tokenize(doc.text)]


def documents_to_bio(doc: Document, *, partial: Partial = "expand") -> list[tuple[str, str]]:
    """``(token, tag)`` for every token of ``doc``, in IOB2.

    Tokens are the document's own for CoNLL-born documents (see
    :func:`conll_tokens`), else those of :func:`khabar.text.tokenize`. BIO cannot
    nest, so entities are placed longest first and an entity that shares a token
    with one already placed is left out. An entity that covers only part of a
    token (guideline-valid gold never does, but a token of ``tokenize`` can be
    finer or coarser than a guideline token) is handled as ``partial`` says:
    ``"expand"`` tags the whole token, ``"drop"`` leaves the entity out,
    ``"error"`` raises :class:`~khabar.errors.InputError`.
    """
    tokens = _tokens_of(doc)
    tags = ["O"] * len(tokens)
    starts = [start for _, start, _ in tokens]
    # the tokens CoNLL tagged around a core read by read_conll (glued punctuation), to tag them again
    tagged = {(s, e, label): (ts, te) for s, e, ts, te, label in doc.meta.get("conll_entity_tokens") or ()}
    placed = [Entity(*tagged.get((e.start, e.end, e.label), (e.start, e.end)), e.label) for e in doc.entities]
    placed += [Entity(ts, te, label) for (s, e, label), (ts, te) in tagged.items() if s == e]
    for entity in sorted(placed, key=lambda e: (-(e.end - e.start), e.start)):
        first = bisect.bisect_right(starts, entity.start) - 1
        if first < 0 or tokens[first][2] <= entity.start:
            first += 1
        last = bisect.bisect_left(starts, entity.end) - 1
        # empty tokens sit between two spaces; never let one open or close an entity
        while first <= last and tokens[first][1] == tokens[first][2]:
            first += 1
        while last >= first and tokens[last][1] == tokens[last][2]:
            last -= 1
        if first > last:
            continue
        # a token's glued punctuation lies outside a guideline span: covering its core covers the token
        exact = (entity.start in (tokens[first][1], _core_start(doc.text, *tokens[first][1:]))
                 and entity.end in (tokens[last][2], _core_end(doc.text, *tokens[last][1:])))
        if not exact:
            if partial == "error":
                raise InputError(
                    "E246",
                    f"entity {entity.start}-{entity.end} {entity.label} covers part of a token "
                    f"({doc.text[tokens[first][1]:tokens[last][2]]!r})",
                    doc_id=doc.id,
                    field="entities",
                )
            if partial == "drop":
                continue
        if any(tag != "O" for tag in tags[first : last + 1]):
            continue
        tags[first] = f"B-{entity.label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{entity.label}"
    return [(token, tag) for (token, _, _), tag in zip(tokens, tags, strict=True)]


def _sentence_breaks(doc: Document, tokens: list[tuple[str, int, int]]) -> set[int]:
    """Indices of the tokens that end a sentence (a blank line follows them)."""
    sentences = doc.meta.get("sentences")
    if not sentences:
        from ..text import split_sentences

        sentences = [[s.start, s.end] for s in split_sentences(doc.text)]
    ends = {end for _, end in sentences}
    return {i for i, (_, _, end) in enumerate(tokens) if end in ends and (i + 1 == len(tokens) or tokens[i + 1][1] >= end)}


def write_conll(
    path: str | PathLike[str],
    docs: Iterable[Document],
    *,
    breaks: Breaks = "document",
    separator: str = " ",
    partial: Partial = "expand",
) -> int:
    """Write documents as ``TOKEN TAG`` lines, atomically; return the number of token lines.

    ``breaks`` says where blank lines go: after each ``"document"``, after each
    ``"sentence"`` (the sentences :func:`read_conll` recorded, else those of
    :func:`khabar.text.split_sentences`), or ``"none"`` (ANERcorp's own layout).
    """
    if separator not in (" ", "\t"):
        raise InputError("E247", f"separator must be a space or a tab, found {separator!r}", field="separator")
    lines = 0
    with atomic_write(path) as handle:
        for doc in docs:
            pairs = documents_to_bio(doc, partial=partial)
            if not pairs:
                continue
            sentence_ends = _sentence_breaks(doc, _tokens_of(doc)) if breaks == "sentence" else set()
            for i, (token, tag) in enumerate(pairs):
                handle.write(f"{token}{separator}{tag}\n")
                if i in sentence_ends and i + 1 < len(pairs):
                    handle.write("\n")
            lines += len(pairs)
            if breaks != "none":
                handle.write("\n")
    return lines
