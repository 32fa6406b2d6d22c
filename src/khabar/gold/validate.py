"""Checks that a gold document keeps the annotation guidelines.

:func:`validate_document` returns every :class:`Problem` of one document;
:func:`validate_file` streams a whole gold file. Both are plain Python over the
standard library (no camel-tools, no pandas), so that the doccano pull and the
adjudicator can check each document they write without slowing down.

What is checked, after the annotation guidelines (``quotes/GUIDELINES.md`` of the shared data):

* every span (entity, quote content, source, cue) lies inside the text and is not empty;
* no span begins or ends with white space or with punctuation;
* every span begins at a token start and ends at a token end. A *token* is a
  maximal run of non-space characters minus the punctuation at its edges, so
  clitics stay attached (``بسوريا`` is one token) and ``#``/``@`` and
  quotation marks stay outside. A boundary is also accepted where punctuation
  meets a letter inside a word (``لـ«رويترز»``, ``بـ»الحازم»``): such a
  word holds two tokens joined by a mark, and only a cut between two letters
  (or before a diacritic) is a cut through a token;
* entity labels are among :data:`~khabar.gold.model.ENTITY_LABELS`; no entity
  span twice; no two overlapping entities of the same label (the longest name wins);
* no quote twice; every quote has content; its source, cue and content do not overlap;
* the quote type agrees with the quotation marks (``"…"``, ``«…»``, ``“…”``,
  ``(…)``): *direct* content is wholly enclosed, final punctuation before the
  closing mark left out; *indirect* content is not enclosed and cuts no quoted
  part in two; *mixed* content is not wholly enclosed but holds or touches a mark.
  Balanced marks inside indirect content are allowed: names in quotation marks
  (``تنظيم "داعش"``) are common in reported speech.
* scraped text closes curly quotes with a double prime (``”…″``, U+201D … U+2033):
  that pair encloses a quote like any other;
* a mixed quote may span quoted, unquoted and quoted stretches between one pair of
  symmetric marks (``"الادعاء" بأن … "لأن …"``): it then starts right after the mark
  that opens its first stretch, ends right before the mark that closes its last,
  and inside, the first mark closes a stretch (glued to the word before it) and
  the last opens one (glued to the word after it). Such content looks wholly
  enclosed, but is rightly typed mixed; a quoted name inside a direct quote
  (``"قال "داعش" اليوم"``) opens with its first inner mark, so it is not taken for one.

Codes are E220-E235 and E248, and E211 for a file that does not exist (E201-E210
are the model's own parse errors, reported here too when a line cannot be read as a
document).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any, Literal, overload

from ..errors import ERRORS, InputError, Problem
from ..io import RepeatedKeyRecord, read_records_listing_repeats, require_file
from ..text import is_invisible_mark
from .model import ENTITY_LABELS, Document, Quote, Span, label_hint, record_id

__all__ = [
    "UNUSABLE", "Problem", "validate_document", "validate_file", "require_valid", "check_document", "note_id", "quote_type_of",
    "allowed_quote_types",
]


# --- characters --------------------------------------------------------------------------------

_EDGE_CACHE: dict[str, bool] = {}


def _is_edge(char: str) -> bool:
    """Punctuation, symbols and invisible format marks (RLM, ZWJ): what a token sheds at its edges."""
    known = _EDGE_CACHE.get(char)
    if known is None:
        known = _EDGE_CACHE[char] = unicodedata.category(char)[0] in "PS" or _invisible(char)
    return known


def _invisible(char: str) -> bool:
    """An invisible format mark (RLM, ZWJ) or control character: passed over wherever marks are looked for."""
    return is_invisible_mark(char)


def _is_start(text: str, pos: int) -> bool:
    """A token may begin at ``pos``: a word character, after a space, a mark or the start of the text."""
    if pos == 0:
        return True
    before = text[pos - 1]
    return before.isspace() or _is_edge(before)


def _is_end(text: str, pos: int) -> bool:
    """A token may end at ``pos``: before a space, a mark or the end of the text, and not before a diacritic."""
    if pos == len(text):
        return True
    after = text[pos]
    return after.isspace() or _is_edge(after)


# Opening mark -> the closing marks it accepts. Arabic web text often uses the
# "wrong-way" guillemets (»…«, بـ»الحازم») and curly quotes either way round.
_PAIRS: dict[str, str] = {
    '"': '"',
    "'": "'",  # single quotation marks, as some pan-Arab outlets write them ('…')
    "«": "»",
    "»": "«»",
    "“": "”“″",
    "”": "“”″",
    "„": "“”",
    "(": ")",
}
_LATIN_APOSTROPHE = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])'(?=[A-Za-z\u00c0-\u024f])")
_QUOTE_MARKS = frozenset('"«»“”„″\'')
_FINAL_PUNCTUATION = frozenset(".!?؟…،,;؛:")


def _around(text: str, content: Span) -> tuple[str, str]:
    """The characters just outside the content: before it past white space, after it past white space and final
    punctuation; invisible format marks (a right-to-left mark before a closing «») are passed over as white space."""
    i = content.start - 1
    while i >= 0 and (text[i].isspace() or _invisible(text[i])):
        i -= 1
    j = content.end
    while j < len(text) and (text[j].isspace() or text[j] in _FINAL_PUNCTUATION or _invisible(text[j])):
        j += 1
    return (text[i] if i >= 0 else ""), (text[j] if j < len(text) else "")


#: For each opening mark, a function listing the marks of its pair in a string, in order.
_MARKS_OF_PAIR = {
    opening: re.compile(f"[{re.escape(opening + closers)}]").findall for opening, closers in _PAIRS.items()
}


def _enclosed(text: str, content: Span) -> bool:
    """True when the content is wholly inside one pair of quotation marks (or parentheses)."""
    opening, closing = _around(text, content)
    if not opening or not closing:
        return False
    closers = _PAIRS.get(opening)
    if closers is None or closing not in closers:
        return False
    inner = text[content.start : content.end]
    if opening in closers:  # a symmetric mark: an odd count inside means the quote closes inside
        count = inner.count(opening)
        if opening == "'" and count:
            count -= len(_LATIN_APOSTROPHE.findall(inner))  # l'Orient, Who's: inside a word, no mark
        return count % 2 == 0
    depth = 1
    for char in _MARKS_OF_PAIR[opening](inner):  # only the pair's marks, found in C: contents run to pages
        if char == opening:
            depth += 1
        elif char in closers:
            depth -= 1
            if depth == 0:
                return False
    return True


def _cuts_a_quote(inner: str) -> bool:
    """True when a quoted part opens inside the content and closes outside it, or the other way round."""
    curly = inner.count("“") + inner.count("”") + inner.count("„") + inner.count("″")
    return inner.count('"') % 2 == 1 or inner.count("«") != inner.count("»") or curly % 2 == 1


def quote_type_of(text: str, content: Span) -> str | None:
    """The quote type the quotation marks imply, or ``None`` when they allow either indirect or mixed.

    ``"direct"`` when the content is wholly enclosed, ``"mixed"`` when it cuts a
    quoted part in two, ``None`` otherwise: balanced marks inside the content may
    be a quoted phrase (mixed) or a name in quotation marks (indirect).
    """
    if _enclosed(text, content):
        return "direct"
    if _cuts_a_quote(text[content.start : content.end]):
        return "mixed"
    return None


def allowed_quote_types(text: str, content: Span) -> list[str]:
    """The quote types the validator accepts for ``content`` in ``text``, in the order direct, indirect, mixed.

    What an extractor that types its own quotes must choose from, so that its output validates (E231-E234).
    """
    implied = quote_type_of(text, content)
    allowed = []
    if implied == "direct":
        allowed.append("direct")
    if implied is None:
        allowed.append("indirect")
    if (implied != "direct" or _quoted_unquoted_quoted(text, content)) and _touches_mark(text, content):
        allowed.append("mixed")
    return allowed


def _quoted_unquoted_quoted(text: str, content: Span) -> bool:
    """True for content between one pair of symmetric marks whose inner marks close a stretch first and open one last.

    ``"X" Y "Z"`` with the content ``X" Y "Z``: the first inner mark follows a
    word and is followed by white space (it closes), the last is preceded by
    white space and followed by a word (it opens). That is a mixed quote that
    only looks wholly enclosed.
    """
    opening, _ = _around(text, content)
    if opening not in _PAIRS or opening not in _PAIRS[opening]:
        return False
    inner = text[content.start : content.end]
    first, last = inner.find(opening), inner.rfind(opening)
    if first <= 0 or last == first or last >= len(inner) - 1:
        return False
    closes_first = not inner[first - 1].isspace() and (first + 1 == len(inner) or inner[first + 1].isspace())
    opens_last = inner[last - 1].isspace() and not inner[last + 1].isspace()
    return closes_first and opens_last


def _touches_mark(text: str, content: Span) -> bool:
    """True when a quotation mark or parenthesis is inside the content or right around it."""
    inner = text[content.start : content.end]
    if any(c in _QUOTE_MARKS or c in "()" for c in inner):
        return True
    before, after = _around(text, content)
    return before in _QUOTE_MARKS or before == "(" or after in _QUOTE_MARKS or after == ")"


# --- checks ------------------------------------------------------------------------------------


class _Checker:
    """Collects the problems of one document; ``where`` is the file and line every problem carries."""

    def __init__(self, doc: Document, path: str | None, line: int | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.path = path
        self.line = line
        self.problems: list[Problem] = []

    def add(self, code: str, field: str, span: Span | None = None, **details: Any) -> None:
        """Record a problem; its message is the code's template (:data:`~khabar.errors.ERRORS`) filled with ``details``."""
        message = ERRORS[code].format(**details)
        span_text = None
        if span is not None:
            lo, hi = max(0, span.start), min(len(self.text), span.end)
            span_text = self.text[lo:hi] if lo < hi else ""
        self.problems.append(Problem(code, message, self.path, self.line, self.doc.id, field, span_text))

    def span(self, span: Span, field: str) -> bool:
        """Check one span's range and boundaries; False when it is out of range (no further checks make sense)."""
        text = self.text
        if span.start < 0 or span.end > len(text):
            self.add("E220", field, span, start=span.start, end=span.end, length=len(text))
            return False
        if span.start >= span.end:
            self.add("E221", field, span, start=span.start, end=span.end)
            return False
        first, last = text[span.start], text[span.end - 1]
        if first.isspace() or last.isspace():
            self.add("E222", field, span)
            return True
        if _is_edge(first) or _is_edge(last):
            side, char = ("begins", first) if _is_edge(first) else ("ends", last)
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            self.add("E223", field, span, side=side, char=char, name=name)
            return True
        if not _is_start(text, span.start):
            self.add("E224", field, span, position=span.start, char=text[span.start - 1])
        if not _is_end(text, span.end):
            self.add("E225", field, span, position=span.end, char=text[span.end])
        return True

    def entities(self) -> None:
        seen: dict[tuple[int, int], int] = {}
        by_label: dict[str, list[tuple[int, int, int]]] = {}
        for i, entity in enumerate(self.doc.entities):
            field = f"entities[{i}]"
            span = Span(entity.start, entity.end)
            if entity.label not in ENTITY_LABELS:
                self.add("E226", f"{field}.label", span, label=entity.label, labels=", ".join(ENTITY_LABELS),
                         hint=label_hint(entity.label))
            if not self.span(span, field):
                continue
            key = (entity.start, entity.end)
            if key in seen:
                self.add("E227", field, span, other=seen[key])
                continue
            seen[key] = i
            by_label.setdefault(entity.label, []).append((entity.start, entity.end, i))
        for label, spans in by_label.items():
            spans.sort()
            reach_end, reach_index = -1, -1
            for start, end, i in spans:
                if start < reach_end:
                    self.add("E228", f"entities[{i}]", Span(start, end), other=reach_index, label=label)
                if end > reach_end:
                    reach_end, reach_index = end, i

    def quotes(self) -> None:
        seen: dict[tuple[Any, ...], int] = {}
        for i, quote in enumerate(self.doc.quotes):
            field = f"quotes[{i}]"
            content_ok = self.span(quote.content, f"{field}.content")
            parts = [("content", quote.content)] if content_ok else []
            for role, span in (("source", quote.source), ("cue", quote.cue)):
                if span is not None and self.span(span, f"{field}.{role}"):
                    parts.append((role, span))
            for k, (role, span) in enumerate(parts):
                for other_role, other in parts[:k]:
                    if span.overlap(other):
                        self.add("E235", f"{field}.{role}", span, role=role, other_role=other_role)
            key = (quote.content, quote.source, quote.cue)
            if key in seen:
                self.add("E229", field, quote.content, other=seen[key])
                continue
            seen[key] = i
            if content_ok:
                self.quote_type(quote, field)

    def quote_type(self, quote: Quote, field: str) -> None:
        content = quote.content
        if not self.text[content.start : content.end].strip():
            self.add("E230", f"{field}.content", content)
            return
        implied = quote_type_of(self.text, content)
        declared = quote.type
        if declared == "direct" and implied != "direct":
            self.add("E231", f"{field}.type", content)
        elif declared == "indirect" and implied is not None:
            hint = "wholly enclosed in quotation marks (direct?)" if implied == "direct" else "cuts a quoted part in two (mixed?)"
            self.add("E232", f"{field}.type", content, hint=hint)
        elif declared == "mixed":
            if implied == "direct" and not _quoted_unquoted_quoted(self.text, content):
                self.add("E233", f"{field}.type", content)
            elif not _touches_mark(self.text, content):
                self.add("E234", f"{field}.type", content)


def validate_document(doc: Document, *, path: str | PathLike[str] | None = None, line: int | None = None) -> list[Problem]:
    """Every problem of one document, in the order entities, then quotes; an empty list when it is clean.

    ``path`` and ``line`` are only copied into the problems, to say where the document came from.
    """
    checker = _Checker(doc, str(path) if path is not None else None, line)
    checker.entities()
    checker.quotes()
    return checker.problems


def validate_file(path: str | PathLike[str], *, counts: dict[str, int] | None = None) -> Iterator[Problem]:
    """Stream the problems of every document of a gold file (JSON lines, gzipped or not, or Parquet).

    A line that cannot be read as a document (a missing id, an offset that is
    not an integer, an unknown quote type, a key given twice in one object) becomes a problem too, and checking
    goes on with the next line; so does a document id seen before (E248). A file
    that cannot be read at all (missing, not UTF-8, a line that is not JSON)
    raises :class:`~khabar.errors.InputError`.
    When ``counts`` is given, it is filled with ``documents``, ``entities`` and ``quotes``.
    """
    counts = counts if counts is not None else {}
    for key in ("documents", "entities", "quotes"):
        counts.setdefault(key, 0)
    require_file(path, "E211")
    name = str(path)
    first_line: dict[str, int] = {}
    for item in read_records_listing_repeats(path):
        if isinstance(item, RepeatedKeyRecord):
            # Which of the key's two values is meant is not known: the document is not checked further, as one that
            # cannot be read; its id is noted unless it is the key given twice.
            _, line, record, error = item
            yield from _unreadable(error, record_id(record) if error.field != "id" else None, line, first_line, name)
            continue
        _, line, record = item
        try:
            doc = Document.from_dict(record, path=path, line=line)
        except InputError as exc:
            yield from _unreadable(exc, record_id(record), line, first_line, name)
            continue
        counts["documents"] += 1
        counts["entities"] += len(doc.entities)
        counts["quotes"] += len(doc.quotes)
        yield from _repeated(doc.id, line, first_line, name)
        yield from validate_document(doc, path=name, line=line)


def _unreadable(error: InputError, given: Any, line: int, first_line: dict[str, int], name: str) -> Iterator[Problem]:
    """The problem of a line that cannot be read as a document; then E248 if the id ``given`` was seen before."""
    # The id as Document.from_dict reads it (7 is "7"); an empty one is E207 already, not an id to repeat.
    doc_id = given if isinstance(given, str) and given else None
    yield Problem(error.code, error.message, name, line, doc_id, error.field, None)
    # A document that cannot be read still holds its id: a later line repeating it is E248 all the same.
    if doc_id is not None:
        yield from _repeated(doc_id, line, first_line, name)


def _repeated(doc_id: str, line: int, first_line: dict[str, int], name: str) -> Iterator[Problem]:
    """E248 when ``doc_id`` was seen on an earlier line; else remember this line as its first."""
    if doc_id in first_line:
        yield Problem("E248", ERRORS["E248"].format(first=first_line[doc_id]), name, line, doc_id, "id")
    else:
        first_line[doc_id] = line


#: The problems that make a document unusable rather than off the guidelines: a span outside the text
#: (a negative offset included) and an empty or reversed span. :func:`require_valid` stops at these by default.
UNUSABLE: frozenset[str] = frozenset({"E220", "E221"})


@overload
def require_valid(
    documents: Iterable[Document] | Iterable[tuple[int, Document]],
    path: str | PathLike[str] | None = None,
    *,
    codes: Collection[str] | None = UNUSABLE,
    located: Literal[False] = False,
) -> Iterator[Document]: ...
@overload
def require_valid(
    documents: Iterable[Document] | Iterable[tuple[int, Document]],
    path: str | PathLike[str] | None = None,
    *,
    codes: Collection[str] | None = UNUSABLE,
    located: Literal[True],
) -> Iterator[tuple[int | None, Document]]: ...


def require_valid(
    documents: Iterable[Document] | Iterable[tuple[int, Document]],
    path: str | PathLike[str] | None = None,
    *,
    codes: Collection[str] | None = UNUSABLE,
    located: bool = False,
) -> Iterator[Document] | Iterator[tuple[int | None, Document]]:
    """Pass documents through, raising the first problem found as an :class:`InputError`.

    For the commands that write what they read (``gold release``, ``to-conll``,
    ``adjudicate``, ``doccano push``): each document is checked with
    :func:`validate_document`, the validator of ``khabar gold validate``, and a
    repeated id is E248. Only problems whose code is in ``codes`` stop (by
    default :data:`UNUSABLE`: out of range, negative, empty or reversed spans,
    which no later step can use); ``codes=None`` stops at any problem.
    Documents may come as ``(line, document)`` pairs
    (:func:`~khabar.gold.io.read_documents` with ``located=True``) so that the
    error names the line; with ``located``, they are passed on as ``(line, document)`` (line ``None`` when
    not given), for a writer whose own errors name the line too. Lazy: a writer fed by it stops before
    renaming its output into place.
    """
    first_line: dict[str, int | None] = {}
    for item in documents:
        line, doc = item if isinstance(item, tuple) else (None, item)
        note_id(first_line, doc.id, path, line)
        check_document(doc, path=path, line=line, codes=codes)
        yield (line, doc) if located else doc


def note_id(first_line: dict[str, int | None], doc_id: str, path: str | PathLike[str] | None, line: int | None) -> None:
    """Remember the line of ``doc_id`` in ``first_line``; E248 (naming both lines) when it was seen before."""
    if doc_id in first_line:
        first = first_line[doc_id]
        raise InputError("E248", first=first if first is not None else "an earlier one", path=path, line=line,
                         field="id", doc_id=doc_id)
    first_line[doc_id] = line


def check_document(
    doc: Document, *, path: str | PathLike[str] | None = None, line: int | None = None,
    codes: Collection[str] | None = UNUSABLE,
) -> None:
    """Raise the first problem of one document whose code is in ``codes`` (any, with ``None``) as an :class:`InputError`."""
    for problem in validate_document(doc, path=path, line=line):
        if codes is None or problem.code in codes:
            raise problem.to_error()
