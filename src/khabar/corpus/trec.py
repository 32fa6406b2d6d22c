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
layout: a ``<DOC>`` holding ``<NAME>value</NAME>`` elements and white space (and ACE's
``<BODY>`` of them, below). Tag names are SGML's, case-insensitive: every tag khabar reads
(``DOC``, ``DOCNO``, ``TEXT``, ``BODY``, ``P``, ``TURN``, ``POST`` …) is read in any case, and an
element may be closed in another case than it was opened in (ACE's ``<P>`` … ``</p>``).
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

ACE 2005's source files (``.sgm``, LDC2006T06: one record a file, ``<DOCID>``,
``<DOCTYPE SOURCE="newswire">``, ``<DATETIME>``, then ``<BODY>`` holding
``<HEADLINE>`` and ``<TEXT>``) and LDC's newer layout (TAC KBP, BOLT:
``<DOC id="ARB_NW_…">`` or ``<DOC docid="…">``, ``<DATE_TIME>``, tags in lower case) are read on top of that:

* :data:`FALLBACK_NAMES`: ``<DOCID>`` is the id, then ``docid`` of ``<DOC>``, and ``<DATETIME>`` or
  ``<DATE_TIME>`` the date, of a record that has no field of that name (a ``<DOCNO>``, ``id``, ``<TIME>``
  wins; the other is kept under its own name). The attributes of ``<DOCTYPE>`` are fields as
  ``doctype_<name>`` (ACE's ``doctype_source``, the genre: newswire, broadcast news, weblog); no other
  element's attributes are read.
* A ``<BODY>`` that opens with ``<HEADLINE>`` or ``<TEXT>`` holds fields, read as if written in ``<DOC>``:
  ACE's layout. Its values are read as ACE writes them: plain text, whose blank lines end paragraphs and
  whose other line breaks are the file's wrapping (joined by one space, as in a ``<P>``); or ``<P>``,
  ``<TURN>`` (broadcast news and conversation) and ``<POST>`` (web logs, usenet) blocks, each ``<P>`` one
  paragraph, each turn's or post's text plain text. The elements that open a block are fields, one line
  per block of its kind, an empty line for one without (``speaker`` of the turns; ``poster``,
  ``postdate``, ``subject`` of the posts), so the n-th line is the n-th turn's or post's.
* A post's ``<QUOTE PREVIOUSPOST="…"/>`` (web logs, usenet) is a copy of an earlier post that ACE leaves
  out of the text (a tag: its annotators never saw it): it is dropped from the post's text, and the quoted
  texts are the field ``previous_posts``, a list in the order of the file (references decoded, outer white
  space removed), so nothing is lost. A quote standing alone on its lines ends a paragraph, as the blank
  line it leaves in ACE's text does; one inside a line of text leaves one space. Any other element in
  such a value (markup, a quote in a ``<P>`` or a ``<TURN>``, a ``<QUOTE>`` not closed by ``/>``) makes
  the record malformed: it would be lost, or left in the text as tags. A ``<BODY>`` holding text, as in
  a TREC record, is the value it always was.
* The article's text is not the file's text: tags, wrapping and references are gone, so the character
  offsets of ACE's APF annotations (which count into the ``.sgm`` file) do not point into it; khabar
  imports the articles, not the annotations.

Values outside ``<BODY>`` are read as before: a record that imported before imports the same, but that
its ``<DATETIME>`` or ``<DATE_TIME>`` is now its date when it had none, and its ``<DOCTYPE>``'s attributes
are now read (the ANT corpus imports byte for byte as before).

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

__all__ = ["TrecRecord", "TrecProblem", "FIELD_NAMES", "FALLBACK_NAMES", "PARAGRAPH_SEPARATOR", "PREVIOUS_POSTS",
           "looks_like_trec", "parse_trec"]

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
#: An element: its name, its attributes (what follows the name in the tag) and its value. SGML's names are
#: case-insensitive: ``<TEXT>`` is closed by ``</text>`` (the back-reference ignores case too).
_ELEMENT = re.compile(r"\s*<([A-Za-z][\w.-]*)(?:\s([^>]*))?>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
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
#: Fields read under another name when the record has no field of that name: ACE's ``<DOCID>`` and the
#: ``docid`` of LDC's newer ``<DOC docid="…">`` are the id, ACE's ``<DATETIME>`` and LDC's ``<DATE_TIME>`` the date.
FALLBACK_NAMES: dict[str, str] = {"docid": "id", "datetime": "date", "date_time": "date"}
#: Elements whose attributes are fields too, as ``<element>_<attribute>``: ACE's ``<DOCTYPE SOURCE="newswire">``
#: gives ``doctype_source``, the genre (newswire, broadcast news, weblog ...). Other elements' attributes are not read.
_ATTRIBUTES_READ = frozenset({"doctype"})
#: The blocks of an ACE value: a paragraph, a speaker's turn (broadcast news and conversation), a post (web log,
#: usenet), each with the elements that may open it and are fields (one line per block, see the module's docstring).
_ACE_BLOCKS: dict[str, tuple[str, ...]] = {"p": (), "turn": ("speaker",), "post": ("poster", "postdate", "subject")}
_ACE_BLOCK_OPEN = re.compile(r"<(P|TURN|POST)(?:\s[^>]*)?>", re.IGNORECASE)
_ACE_BLOCK_CLOSE = {kind: re.compile(rf"</{kind}\s*>", re.IGNORECASE) for kind in _ACE_BLOCKS}
#: The elements an ACE ``<BODY>`` opens with: a body that opens with another element (a scraped page's ``<b>``,
#: ``<a>``, ``<br>``) is a value, as it was before ACE's layout was read.
_ACE_BODY_OPENERS = frozenset({"headline", "text"})
_BODY_OPENING = re.compile(r"\s*<([A-Za-z][\w.-]*)[\s>]")
#: A tag in text: what an ACE value may not hold beside its blocks ("a < b" is no tag).
_TAG = re.compile(r"</?[A-Za-z!?]")
#: ACE's quote of an earlier post in a post, self-closing: the quoted text is the attribute's (it may span
#: lines and hold ">"). Blanks after it and a line break after them are part of the match, and the blanks before
#: it are dropped with it, so that dropping it leaves no double space (see :func:`_without_quotes`). The match
#: opens at the tag: a pattern opening with the blanks before it would be tried from every blank of a run that no
#: quote follows (time quadratic in the run).
_QUOTE = re.compile(r"""<QUOTE\s+PREVIOUSPOST\s*=\s*"([^"]*)"\s*/>([^\S\n]*)(\n?)""", re.IGNORECASE)
#: The field holding the texts a record's posts quote (a list of strings, in order).
PREVIOUS_POSTS = "previous_posts"
#: A blank line (white space only): the end of a paragraph in ACE's plain text, whose lines are hard-wrapped.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
#: How far into a file (bytes) a <DOCNO> makes it TREC when its first <DOC> tag is damaged.
_DOCNO_REACH = 200


@dataclass(frozen=True, slots=True)
class TrecRecord:
    """One well-formed record: its fields, the 1-based line of its ``<DOC>`` and its 0-based index in the file.

    Every field is a string but :data:`PREVIOUS_POSTS`, a list of strings (ACE's quoted posts).

    ``start`` and ``end`` delimit its body (the text between ``<DOC>`` and ``</DOC>``, before references are
    decoded) in the text parsed, and ``tag`` is where its ``<DOC>`` tag starts, whose attributes are fields too:
    where a reader looks for damage the decoded values cannot show.
    """

    fields: dict[str, str | list[str]]
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


def _attributes(tag: str, element: str = "DOC") -> tuple[dict[str, str], str | None]:
    """The attributes of a ``<DOC …>`` tag (``tag`` is what stands between ``<DOC`` and ``>``; or of another
    ``element``), and what is wrong with them (``None`` when nothing is): text that is no attribute, or one
    attribute given twice."""
    attributes: dict[str, str] = {}
    if not tag:  # a plain <DOC>, as in the ANT corpus
        return attributes, None
    pos = 0
    while (match := _ATTRIBUTE.match(tag, pos)) is not None:
        name = match[1].lower()
        if name in attributes:
            return attributes, f"attribute {match[1]!r} of <{element}> appears twice"
        value = next(v for v in match.groups()[1:] if v is not None)
        attributes[name] = _decode_references(value.strip())
        pos = match.end()
    rest = tag[pos:].strip().rstrip("/").strip()
    return attributes, (f"<{element}> tag holds text that is no attribute: {rest[:30]!r}" if rest else None)


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


def _element_named(text: str, at: int) -> str:
    """The name of the tag at ``at`` in ``text`` as written (``QUOTE`` for ``<QUOTE …/>``, ``!--`` for a comment)."""
    return re.match(r"</?([^\s>/]*)", text[at:])[1]  # type: ignore[index] - a tag opens at ``at``


def _ace_plain(text: str) -> str:
    """Plain text of ACE's layout as paragraphs: a blank line ends one, and the other line breaks are the file's
    wrapping (its lines about 70 characters long), joined by one space as in a Gigaword ``<P>``."""
    paragraphs = (" ".join(line.strip() for line in block.splitlines() if line.strip())
                  for block in _BLANK_LINE.split(text))
    return PARAGRAPH_SEPARATOR.join(_decode_references(paragraph) for paragraph in paragraphs if paragraph)


def _first_unread_tag(text: str, pos: int, quotes: bool) -> int | None:
    """Where the first tag from ``pos`` on that is not read starts (``None`` when there is none); with ``quotes``,
    ACE's ``<QUOTE PREVIOUSPOST="…"/>`` is read, and a tag written in its quoted text is no tag of the record's."""
    while (tag := _TAG.search(text, pos)) is not None:
        quote = _QUOTE.match(text, tag.start()) if quotes else None
        if quote is None:
            return tag.start()
        pos = quote.end()
    return None


def _without_quotes(text: str, quoted: list[str]) -> str:
    """A post's plain text with its ``<QUOTE PREVIOUSPOST="…"/>`` elements dropped, their texts added to ``quoted``.

    A quote alone on its lines becomes a blank line (the end of a paragraph, as in ACE's text, which has
    the line breaks around it and not the tag); one in a line of text becomes one space, which the line's
    ends lose when lines are joined (:func:`_ace_plain`): no double space, no empty paragraph.
    """
    if "<" not in text:
        return text
    parts: list[str] = []
    pos = 0
    for quote in _QUOTE.finditer(text):
        before = text[pos:quote.start()]
        kept = len(before.rstrip())  # the blanks before the tag go with it, not a line break among them
        kept = max(kept, before.rfind("\n", kept) + 1)
        parts.append(before[:kept])
        quoted.append(_decode_references(quote[1].strip()))
        start = pos + kept
        alone = (start == 0 or text[start - 1] == "\n") and (quote[3] or quote.end() == len(text))
        parts.append("\n\n" if alone else " ")
        pos = quote.end()
    parts.append(text[pos:])
    return "".join(parts)


def _ace_value(value: str, name: str, offset: int, openers: dict[str, str],
               quoted: list[str]) -> str | tuple[str, int]:
    """A value of a record in ACE's layout (in its ``<BODY>``) as its paragraphs, or what is wrong and where in the
    body (``offset`` is where ``value`` starts).

    Plain text, or ``<P>``, ``<TURN>`` and ``<POST>`` blocks (:data:`_ACE_BLOCKS`) and white space: a ``<P>`` is one
    paragraph, a turn's or a post's text is plain text. The elements opening a block (a turn's ``<SPEAKER>``, a
    post's ``<POSTER>``, ``<POSTDATE>``, ``<SUBJECT>``) go into ``openers``, one line per block that may hold them
    (an empty line for one that does not), in order. A post's quotes of earlier posts are dropped from its text,
    their texts added to ``quoted`` (:func:`_without_quotes`). Any other element is not read, so it is a problem,
    not text.
    """
    if _ACE_BLOCK_OPEN.search(value) is None:
        if (tag := _TAG.search(value)) is not None:
            return _unread(value, tag.start(), name), offset + tag.start()
        return _ace_plain(value)
    paragraphs: list[str] = []
    blocks: dict[str, list[dict[str, str]]] = {}  # the openers of each block, by kind (p, turn, post), in order
    pos = 0
    while (opening := _ACE_BLOCK_OPEN.match(value, _skip_space(value, pos))) is not None:
        kind = opening[1]
        closing = _ACE_BLOCK_CLOSE[kind.lower()].search(value, opening.end())
        following = _ACE_BLOCK_OPEN.search(value, opening.end())
        if closing is None or (following is not None and following.start() < closing.start()):
            return f"element <{kind}> in <{name}> is never closed", offset + opening.start()
        block, at = value[opening.end():closing.start()], offset + opening.end()
        allowed = _ACE_BLOCKS[kind.lower()]
        post = kind.lower() == "post"
        these: dict[str, str] = {}
        inner = 0
        while (element := _ELEMENT.match(block, inner)) is not None and element[1].lower() in allowed:
            if element[1].lower() in these:
                return f"element <{element[1]}> appears twice in a <{kind}>", at + element.start(1) - 1
            lines = (line.strip() for line in element[3].splitlines())
            these[element[1].lower()] = _decode_references(" ".join(line for line in lines if line))
            inner = element.end()
        if (tag := _first_unread_tag(block, inner, quotes=post)) is not None:
            return _unread(block, tag, f"{kind}> in <{name}"), at + tag
        if allowed:
            paragraph = _ace_plain(_without_quotes(block[inner:], quoted) if post else block[inner:])
        else:  # a <P>, as in Gigaword: one paragraph whatever its lines
            lines = (line.strip() for line in block.splitlines())
            paragraph = _decode_references(" ".join(line for line in lines if line))
        if paragraph:
            paragraphs.append(paragraph)
        blocks.setdefault(kind.lower(), []).append(these)
        pos = closing.end()
    rest = _skip_space(value, pos)
    if rest < len(value):
        if _TAG.match(value, rest):
            return _unread(value, rest, name), offset + rest
        return f"text outside any <P>, <TURN> or <POST> in <{name}>: {value[rest:rest + 30]!r}", offset + rest
    for kind, these_blocks in blocks.items():
        for opener in _ACE_BLOCKS[kind]:
            if any(opener in these for these in these_blocks):  # an empty line for a block without it keeps the order
                openers[opener] = PARAGRAPH_SEPARATOR.join(these.get(opener, "") for these in these_blocks)
    return PARAGRAPH_SEPARATOR.join(paragraphs)


def _skip_space(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()  # type: ignore[union-attr] - always matches


def _unread(text: str, at: int, holder: str) -> str:
    return (f"element <{_element_named(text, at)}> in <{holder}> is not read: ACE's layout holds text, <P>, "
            "<TURN> (<SPEAKER>) or <POST> (<POSTER>, <POSTDATE>, <SUBJECT>, <QUOTE PREVIOUSPOST=\"…\"/>)")


def _opens_with_element(value: str) -> bool:
    """Whether a ``<BODY>`` holds ACE's elements (it opens with :data:`_ACE_BODY_OPENERS`): else it is a value, as
    before (a scraped body that opens with markup, ``<b>``, ``<a href>``, ``<br>``, keeps its tags as it did)."""
    opening = _BODY_OPENING.match(value)
    return opening is not None and opening[1].lower() in _ACE_BODY_OPENERS


def _record_fields(body: str, line: int, index: int, tag: str = "") -> dict[str, str | list[str]] | TrecProblem:
    """The fields of a record's ``body`` (``tag`` is its ``<DOC>`` tag's attributes), with its quoted posts."""
    quoted: list[str] = []
    fields = _fields(body, line, index, tag, quoted)
    if isinstance(fields, TrecProblem) or not quoted:
        return fields  # type: ignore[return-value] - dict[str, str] is a dict[str, str | list[str]] to read
    if PREVIOUS_POSTS in fields:
        docno = fields.get("id") or None
        return TrecProblem(f"{PREVIOUS_POSTS!r} is given twice (by an element and the posts' <QUOTE>s)", line,
                           index, docno, PREVIOUS_POSTS)
    return {**fields, PREVIOUS_POSTS: quoted}


def _fields(body: str, line: int, index: int, tag: str, quoted: list[str]) -> dict[str, str] | TrecProblem:
    attributes, attribute_problem = _attributes(tag)
    fields: dict[str, str] = {}
    pos, end = 0, len(body)
    in_body: int | None = None  # while the elements of ACE's <BODY> are read: where its </BODY> ends
    docno: str | None = attributes.get("id") or attributes.get("docid") or None

    def problem(message: str, at: int, field: str | None) -> TrecProblem:
        return TrecProblem(message, line + body.count("\n", 0, at), index, docno, field)

    while True:
        match = _ELEMENT.match(body, pos, end)
        if match is None:
            rest = _SPACE.match(body, pos, end).end()  # type: ignore[union-attr] - always matches
            if rest < end:
                opened = re.match(r"<([A-Za-z][\w.-]*)", body[rest:end])
                what = (f"element <{opened[1]}> is never closed" if opened
                        else f"text outside any element: {body[rest:rest + 30]!r}")
                return problem(what, rest, opened[1].lower() if opened else None)
            if in_body is None:
                break
            pos, end, in_body = in_body, len(body), None  # on after </BODY>
            continue
        tag_name = match[1].lower()
        value = match[3]
        if tag_name == "body" and in_body is None and _opens_with_element(value):
            # ACE's <BODY>: its elements are the record's fields, as if written in <DOC>.
            pos, end, in_body = match.start(3), match.end(3), match.end()
            continue
        name = FIELD_NAMES.get(tag_name, tag_name)
        if name in fields:
            return TrecProblem(f"element <{match[1]}> appears twice", line, index, docno, tag_name)
        if name == "p":
            return problem("element <P> outside any field: a paragraph belongs in <TEXT>", match.start(1), "p")
        openers: dict[str, str] = {}
        if in_body is not None:
            read = _ace_value(value, match[1], match.start(3), openers, quoted)
            if isinstance(read, tuple):
                return problem(read[0], read[1], tag_name)
            fields[name] = read
        elif "<" in value and _P_OPEN.search(value):  # the test of "<" first: most values hold no tag
            paragraphs = _paragraphs(value, match[1], match.start(3))
            if isinstance(paragraphs, tuple):
                return problem(paragraphs[0], paragraphs[1], tag_name)
            fields[name] = paragraphs
        else:
            fields[name] = _decode_references(value.strip())
        if tag_name in _ATTRIBUTES_READ and match[2]:
            element_attributes, wrong = _attributes(match[2], match[1])
            if wrong is not None:
                return problem(wrong, match.start(1), tag_name)
            openers.update((f"{name}_{attribute}", v) for attribute, v in element_attributes.items())
        for opener, opener_value in openers.items():
            if opener in fields:
                return problem(f"{opener!r} is given twice (by <{match[1]}> and another element)", match.start(1),
                               opener)
            fields[opener] = opener_value
        if fields[name] and (name == "id" or (name == "docid" and docno is None)):
            docno = fields[name]
        pos = match.end()
    for given, read_as in FALLBACK_NAMES.items():
        if fields.get(given) and not fields.get(read_as):
            fields = {(read_as if key == given else key): v for key, v in fields.items() if key != read_as}
    if not fields.get("id"):
        if not attributes.get("id") and attributes.get("docid"):  # LDC's <DOC docid="…">
            attributes = {("id" if key == "docid" else key): v for key, v in attributes.items() if key != "id"}
        # The id is then the attribute's, and the tag must read; with a <DOCNO>, text in the tag that is no
        # attribute is passed over, as it was before attributes were read.
        if attribute_problem is not None:
            return TrecProblem(attribute_problem, line, index, docno, "doc")
        if "id" not in attributes:
            return TrecProblem("no <DOCNO> and no id attribute of <DOC> (nor <DOCID>, docid): a record needs its id",
                               line, index, None, "docno")
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
        parsed = _record_fields(text[opening.end():closing.start()], line, index, opening[1] or "")
        yield (replace(parsed, start=opening.start(), end=closing.end()) if isinstance(parsed, TrecProblem)
               else TrecRecord(parsed, line, index, opening.end(), closing.start(), opening.start()))
        line += text.count("\n", opening.start(), closing.end())
        pos = closing.end()
        index += 1
