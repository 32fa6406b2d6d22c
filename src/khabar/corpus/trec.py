"""TREC/CLEF-style article records: ``<DOC><DOCNO>…</DOCNO>…<TEXT>…</TEXT></DOC>``, one or more per file.

The layout of TREC and CLEF test collections and of corpora made after them,
such as the ANT corpus of Jawhara FM articles (one record per ``.txt`` file,
fields ``DOCNO URL SRC CAT TITLE TIME AUTHOR ABSTRACT TEXT``), and of LDC's
news collections (Arabic and English Gigaword, TDT, ACE sources): one file per
outlet and month, the id an attribute of the tag (``<DOC id="AFP_ARB_20010101.0001"
type="story">``), the text in ``<P>`` paragraphs hard-wrapped at about 80
characters. These files are
SGML in XML clothing rather than XML: there is no root element when a file
holds several records, and scraped text carries bare ``&`` (URLs with query
strings), which a strict XML parser rejects. So each record is read with a
small regular-expression scanner that accepts exactly the flat shape of the
layout: a ``<DOC>`` holding ``<NAME>value</NAME>`` elements and white space.
A value is kept as written except that the XML character references
(``&amp;``, ``&#1575;`` …) are decoded and its outer white space removed; a bare
``&`` stays as it is, and so does a reference to no character XML allows in text
(``&#0;``, ``&#xD800;``, ``&#x110000;``). Anything else (a ``<DOC>`` never closed, an element never
closed, text outside any element, no id) makes that record malformed and
the scanner goes on with the next one.

LDC's shape is read on top of that:

* The attributes of ``<DOC>`` are fields under their own (lower-case) names: ``id``,
  and Gigaword's ``type`` (``story``, ``multi``, ``advis``, ``other``) that a user
  filters on. An element of the same field wins over an attribute when its value
  is not empty, and the attribute is then kept as ``doc_<name>``: a ``<DOCNO>`` is
  the id of every file that imported before the attribute was read (and the id a
  TREC run and its judgements name), so a record holding both keeps its ``DOCNO``.
* A value made of ``<P>`` elements (Gigaword's ``<TEXT>``) is its paragraphs in
  order, one line break between two (:data:`PARAGRAPH_SEPARATOR`, what khabar's
  articles hold between paragraphs: the ANT corpus and the gold files, the
  paragraph of the quote rules and of the sentence splitter), each paragraph's
  lines joined by one space: a line break inside ``<P>`` is the wrapping of the
  file, not a paragraph break, and left in it would end sentences and cut quotes
  in two. A value with no ``<P>`` is kept exactly as before. Text beside the
  paragraphs of a value, a ``<P>`` never closed, and a ``<P>`` straight in
  ``<DOC>`` make the record malformed.
* An id of Gigaword's exact shape ``SRC_LNG_YYYYMMDD.NNNN`` (``AFP_ARB_20010101.0001``)
  gives the ``date`` (``2001-01-01``) and the ``source`` (``afp``, lower case like
  the outlets of SaudiNewsNet and Gigaword's file names) of a record that has no
  such field; no other id is read for them.

:func:`parse_trec` knows nothing of articles: it gives each record's fields
under lower-case names, with the usual TREC names mapped to khabar's
(:data:`FIELD_NAMES`: ``DOCNO`` is the ``id``, ``TIME`` the ``date``, ``CAT``
the ``category`` …); the corpus readers turn them into articles.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

__all__ = ["TrecRecord", "TrecProblem", "FIELD_NAMES", "PARAGRAPH_SEPARATOR", "looks_like_trec", "parse_trec"]

#: TREC/CLEF element names and the input field names khabar's field mapping reads them as.
FIELD_NAMES: dict[str, str] = {
    "docno": "id",
    "src": "source",
    "cat": "category",
    "time": "date",
    "headline": "title",
}

#: What stands between two ``<P>`` paragraphs of a value: one line break, as in khabar's articles elsewhere.
PARAGRAPH_SEPARATOR = "\n"

_DOC_OPEN = re.compile(r"<DOC(?:\s([^>]*))?>", re.IGNORECASE)
_DOC_CLOSE = re.compile(r"</DOC\s*>", re.IGNORECASE)
_ELEMENT = re.compile(r"\s*<([A-Za-z][\w.-]*)(?:\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL)
_SPACE = re.compile(r"\s*")
_DOCNO = re.compile(r"<DOCNO>\s*(.*?)\s*</DOCNO>", re.IGNORECASE | re.DOTALL)
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DOCNO_TAG = re.compile(rb"<DOCNO>", re.IGNORECASE)
#: One attribute of a tag: a name, then a value in double or single quotes, or unquoted.
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_P_OPEN = re.compile(r"<P(?:\s[^>]*)?>", re.IGNORECASE)
_P_CLOSE = re.compile(r"</P\s*>", re.IGNORECASE)
_LEADING_P = re.compile(r"\s*<P(?:\s[^>]*)?>", re.IGNORECASE)
#: Gigaword's ids: the outlet, the language, the day, the story's number that day (AFP_ARB_20010101.0001).
_GIGAWORD_ID = re.compile(r"([A-Z]{3})_[A-Z]{3}_([0-9]{4})([0-9]{2})([0-9]{2})\.[0-9]{4}")
#: How far into a file (bytes) a <DOCNO> makes it TREC when its first <DOC> tag is damaged.
_DOCNO_REACH = 200


@dataclass(frozen=True, slots=True)
class TrecRecord:
    """One well-formed record: its fields, the 1-based line of its ``<DOC>`` and its 0-based index in the file.

    ``start`` and ``end`` delimit its body (the text between ``<DOC>`` and ``</DOC>``, before references are
    decoded) in the text parsed, and ``tag`` is where its ``<DOC>`` tag starts, whose attributes are fields too:
    where a reader looks for damage the decoded values cannot show.
    """

    fields: dict[str, str]
    line: int
    index: int
    start: int
    end: int
    tag: int = 0


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


def _attributes(tag: str) -> tuple[dict[str, str], str | None]:
    """The attributes of a ``<DOC …>`` tag (``tag`` is what stands between ``<DOC`` and ``>``), and what is wrong
    with them (``None`` when nothing is): text that is no attribute, or one attribute given twice."""
    attributes: dict[str, str] = {}
    if not tag:  # a plain <DOC>, as in the ANT corpus
        return attributes, None
    pos = 0
    while (match := _ATTRIBUTE.match(tag, pos)) is not None:
        name = match[1].lower()
        if name in attributes:
            return attributes, f"attribute {match[1]!r} of <DOC> appears twice"
        value = next(v for v in match.groups()[1:] if v is not None)
        attributes[name] = _decode_references(value.strip())
        pos = match.end()
    rest = tag[pos:].strip().rstrip("/").strip()
    return attributes, (f"<DOC> tag holds text that is no attribute: {rest[:30]!r}" if rest else None)


def _paragraphs(value: str, name: str, offset: int) -> str | tuple[str, int]:
    """A value made of ``<P>`` elements as its paragraphs (:data:`PARAGRAPH_SEPARATOR` between two, a paragraph's
    lines joined by one space), or what is wrong and where in the body (``offset`` is where ``value`` starts)."""
    paragraphs: list[str] = []
    pos = 0
    while (opening := _LEADING_P.match(value, pos)) is not None:
        closing = _P_CLOSE.search(value, opening.end())
        following = _P_OPEN.search(value, opening.end())
        if closing is None or (following is not None and following.start() < closing.start()):
            at = offset + opening.end() - len(opening[0].lstrip())
            return f"element <P> in <{name}> is never closed", at
        lines = (line.strip() for line in value[opening.end():closing.start()].splitlines())
        paragraph = " ".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(_decode_references(paragraph))
        pos = closing.end()
    rest = _SPACE.match(value, pos).end()  # type: ignore[union-attr] - always matches
    if rest < len(value):
        return f"text outside any <P> in <{name}>: {value[rest:rest + 30]!r}", offset + rest
    return PARAGRAPH_SEPARATOR.join(paragraphs)


def _gigaword_fields(fields: dict[str, str]) -> None:
    """The ``date`` and ``source`` an id of Gigaword's exact shape gives, for a record that has neither field."""
    match = _GIGAWORD_ID.fullmatch(fields["id"])
    if match is None:
        return
    outlet, year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:  # a day no calendar has (AFP_ARB_20011399.0001) is no Gigaword id
        return
    fields.setdefault("date", date.isoformat())
    fields.setdefault("source", outlet.lower())


def _fields(body: str, line: int, index: int, tag: str = "") -> dict[str, str] | TrecProblem:
    attributes, attribute_problem = _attributes(tag)
    fields: dict[str, str] = {}
    pos = 0
    docno: str | None = attributes.get("id") or None
    while True:
        match = _ELEMENT.match(body, pos)
        if match is None:
            break
        tag_name = match[1].lower()
        name = FIELD_NAMES.get(tag_name, tag_name)
        if name in fields:
            return TrecProblem(f"element <{match[1]}> appears twice", line, index, docno, tag_name)
        if name == "p":
            at = line + body.count("\n", 0, match.start(1))
            return TrecProblem("element <P> outside any field: a paragraph belongs in <TEXT>", at, index, docno, "p")
        if "<" in match[2] and _P_OPEN.search(match[2]):  # the test of "<" first: most values hold no tag
            paragraphs = _paragraphs(match[2], match[1], match.start(2))
            if isinstance(paragraphs, tuple):
                message, at = paragraphs
                return TrecProblem(message, line + body.count("\n", 0, at), index, docno, tag_name)
            fields[name] = paragraphs
        else:
            fields[name] = _decode_references(match[2].strip())
        if name == "id" and fields[name]:
            docno = fields[name]
        pos = match.end()
    rest = _SPACE.match(body, pos).end()  # type: ignore[union-attr] - always matches
    if rest < len(body):
        at = line + body.count("\n", 0, rest)
        opened = re.match(r"<([A-Za-z][\w.-]*)", body[rest:])
        what = (f"element <{opened[1]}> is never closed" if opened
                else f"text outside any element: {body[rest:rest + 30]!r}")
        return TrecProblem(what, at, index, docno, opened[1].lower() if opened else None)
    if not fields.get("id"):
        # The id is then the attribute's, and the tag must read; with a <DOCNO>, text in the tag that is no
        # attribute is passed over, as it was before attributes were read.
        if attribute_problem is not None:
            return TrecProblem(attribute_problem, line, index, docno, "doc")
        if "id" not in attributes:
            return TrecProblem("no <DOCNO> and no id attribute of <DOC>: a record needs its id", line, index, None,
                               "docno")
        if not attributes["id"]:
            return TrecProblem("the id attribute of <DOC> is empty and there is no <DOCNO>: a record needs its id",
                               line, index, None, "id")
    if not attributes:  # a plain <DOC>: its elements are its fields
        _gigaword_fields(fields)
        return fields
    # Attributes first, as written; an element that gives the same field keeps it (see the module's docstring).
    merged: dict[str, str] = {}
    for name, value in attributes.items():
        if fields.get(name):
            name = f"doc_{name}"
            if name in fields:
                return TrecProblem(f"element <{name.upper()}> and an attribute of <DOC> both give {name!r}", line,
                                   index, docno, name)
        merged[name] = value
    for name, value in fields.items():
        if value or name not in attributes:
            merged[name] = value
    _gigaword_fields(merged)
    return merged


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
            named = docno[1] if docno else _attributes(opening[1] or "")[0].get("id") or None
            yield TrecProblem("<DOC> is never closed by </DOC>", line, index, named, "doc", opening.start(), end)
            line += text.count("\n", opening.start(), end)
            pos = end
            index += 1
            continue
        parsed = _fields(text[opening.end():closing.start()], line, index, opening[1] or "")
        yield (replace(parsed, start=opening.start(), end=closing.end()) if isinstance(parsed, TrecProblem)
               else TrecRecord(parsed, line, index, opening.end(), closing.start(), opening.start()))
        line += text.count("\n", opening.start(), closing.end())
        pos = closing.end()
        index += 1
