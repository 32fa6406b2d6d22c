"""TREC/CLEF-style article records: ``<DOC><DOCNO>…</DOCNO>…<TEXT>…</TEXT></DOC>``, one or more per file.

The layout of TREC and CLEF test collections and of corpora made after them,
such as the ANT corpus of Jawhara FM articles (one record per ``.txt`` file,
fields ``DOCNO URL SRC CAT TITLE TIME AUTHOR ABSTRACT TEXT``). These files are
SGML in XML clothing rather than XML: there is no root element when a file
holds several records, and scraped text carries bare ``&`` (URLs with query
strings), which a strict XML parser rejects. So each record is read with a
small regular-expression scanner that accepts exactly the flat shape of the
layout: a ``<DOC>`` holding ``<NAME>value</NAME>`` elements and white space.
A value is kept as written except that the XML character references
(``&amp;``, ``&#1575;`` …) are decoded and its outer white space removed; a bare
``&`` stays as it is, and so does a reference to no character XML allows in text
(``&#0;``, ``&#xD800;``, ``&#x110000;``). Anything else (a ``<DOC>`` never closed, an element never
closed, text outside any element, no ``DOCNO``) makes that record malformed and
the scanner goes on with the next one.

:func:`parse_trec` knows nothing of articles: it gives each record's fields
under lower-case names, with the usual TREC names mapped to khabar's
(:data:`FIELD_NAMES`: ``DOCNO`` is the ``id``, ``TIME`` the ``date``, ``CAT``
the ``category`` …); the corpus readers turn them into articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

__all__ = ["TrecRecord", "TrecProblem", "FIELD_NAMES", "looks_like_trec", "parse_trec"]

#: TREC/CLEF element names and the input field names khabar's field mapping reads them as.
FIELD_NAMES: dict[str, str] = {
    "docno": "id",
    "src": "source",
    "cat": "category",
    "time": "date",
    "headline": "title",
}

_DOC_OPEN = re.compile(r"<DOC(?:\s[^>]*)?>", re.IGNORECASE)
_DOC_CLOSE = re.compile(r"</DOC\s*>", re.IGNORECASE)
_ELEMENT = re.compile(r"\s*<([A-Za-z][\w.-]*)(?:\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL)
_SPACE = re.compile(r"\s*")
_DOCNO = re.compile(r"<DOCNO>\s*(.*?)\s*</DOCNO>", re.IGNORECASE | re.DOTALL)
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DOCNO_TAG = re.compile(rb"<DOCNO>", re.IGNORECASE)
#: How far into a file (bytes) a <DOCNO> makes it TREC when its first <DOC> tag is damaged.
_DOCNO_REACH = 200


@dataclass(frozen=True, slots=True)
class TrecRecord:
    """One well-formed record: its fields, the 1-based line of its ``<DOC>`` and its 0-based index in the file.

    ``start`` and ``end`` delimit its body (the text between ``<DOC>`` and ``</DOC>``, before references are
    decoded) in the text parsed: where a reader looks for damage the decoded values cannot show.
    """

    fields: dict[str, str]
    line: int
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TrecProblem:
    """One malformed record: why, where, and its ``DOCNO`` when that much could be read.

    ``start`` and ``end`` delimit the malformed text in the text parsed, as a :class:`TrecRecord`'s body.
    """

    message: str
    line: int
    index: int
    docno: str | None = None
    field: str | None = None
    start: int = 0
    end: int = 0


_DECLARATION = re.compile(r"\s*<\?xml[^>]*\?>")


def looks_like_trec(sample: bytes) -> bool:
    """Whether a file's first bytes open a ``<DOC>`` record (after a byte-order mark, an XML declaration, white space).

    Or open with a tag and hold a ``<DOCNO>`` soon after: a first ``<DOC>`` damaged or lost (``<DOX>``, a bad byte
    in it) must not make the file one plain-text article, every record after it lost without a word; read as
    TREC, the damaged record alone is reported (E131, E104) and the others are read.
    """
    head = sample.lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2:].lstrip()
    opening = head[:5].upper()
    if opening == b"<DOC>" or (opening[:4] == b"<DOC" and opening[4:5].isspace()):
        return True
    return head.startswith(b"<") and _DOCNO_TAG.search(head, 0, _DOCNO_REACH) is not None


def _decode_references(value: str) -> str:
    if "&" not in value:
        return value

    def replace(match: re.Match[str]) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            return _NAMED[named]
        code = int(decimal) if decimal else int(hexadecimal, 16)
        # A reference to a surrogate (D800-DFFF, half of a UTF-16 pair), to NUL or past U+10FFFF names no
        # character: XML forbids it, and decoded it would be a lone surrogate that no UTF-8 output can hold
        # (and that a reader takes for a byte that did not decode). Kept as written, it loses nothing: the
        # record is read, and the text shows the reference its source wrote, as for a bare "&".
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]

    return _REFERENCE.sub(replace, value)


def _fields(body: str, line: int, index: int) -> dict[str, str] | TrecProblem:
    fields: dict[str, str] = {}
    pos = 0
    docno: str | None = None
    while True:
        match = _ELEMENT.match(body, pos)
        if match is None:
            break
        tag = match[1].lower()
        name = FIELD_NAMES.get(tag, tag)
        if name in fields:
            return TrecProblem(f"element <{match[1]}> appears twice", line, index, docno, tag)
        fields[name] = _decode_references(match[2].strip())
        if name == "id":
            docno = fields[name]
        pos = match.end()
    rest = _SPACE.match(body, pos).end()  # type: ignore[union-attr] - always matches
    if rest < len(body):
        at = line + body.count("\n", 0, rest)
        opened = re.match(r"<([A-Za-z][\w.-]*)", body[rest:])
        what = (f"element <{opened[1]}> is never closed" if opened
                else f"text outside any element: {body[rest:rest + 30]!r}")
        return TrecProblem(what, at, index, docno, opened[1].lower() if opened else None)
    if not docno:
        return TrecProblem("no <DOCNO>: a record needs its id", line, index, None, "docno")
    return fields


def parse_trec(text: str) -> Iterator[TrecRecord | TrecProblem]:
    """Every record of a TREC/CLEF file, in order: a :class:`TrecRecord`, or a :class:`TrecProblem` for a bad one."""
    declaration = _DECLARATION.match(text)
    pos = declaration.end() if declaration else 0
    line = 1 + text.count("\n", 0, pos)
    index = 0
    while True:
        opening = _DOC_OPEN.search(text, pos)
        stop = opening.start() if opening else len(text)
        stray = text[pos:stop].strip()
        if stray:
            at = line + text.count("\n", pos, pos + text[pos:].find(stray[0]))
            docno = _DOCNO.search(stray)  # a record whose <DOC> was lost still names itself
            yield TrecProblem(f"text outside any <DOC> record: {stray[:30]!r}", at, index, docno[1] if docno else None,
                              start=pos, end=stop)
            # Each </DOC> in it closed a record whose <DOC> was lost (a damaged tag): that record keeps its
            # place, so the indexes of those after it are the same as once the tag is mended.
            index += len(_DOC_CLOSE.findall(stray))
        if opening is None:
            return
        line += text.count("\n", pos, opening.start())
        closing = _DOC_CLOSE.search(text, opening.end())
        following = _DOC_OPEN.search(text, opening.end())
        if closing is None or (following is not None and following.start() < closing.start()):
            # An unclosed record ends where the next one starts: that one can still be read.
            end = following.start() if following is not None else len(text)
            docno = _DOCNO.search(text, opening.end(), end)
            yield TrecProblem("<DOC> is never closed by </DOC>", line, index, docno[1] if docno else None, "doc",
                              opening.start(), end)
            line += text.count("\n", opening.start(), end)
            pos = end
            index += 1
            continue
        parsed = _fields(text[opening.end():closing.start()], line, index)
        yield (replace(parsed, start=opening.start(), end=closing.end()) if isinstance(parsed, TrecProblem)
               else TrecRecord(parsed, line, index, opening.end(), closing.start()))
        line += text.count("\n", opening.start(), closing.end())
        pos = closing.end()
        index += 1
