"""Windows of a long text: the extractors read an article longer than :data:`WINDOW_CHARS` a window at a time.

A scraped dump can hold one "article" of tens of megabytes (a whole site page, a
book, many articles pasted together). The quote rules and the entity recognisers
build per-token tables of a text, many times its size, and the quote rules look
back over every earlier speaker and quotation: read whole, 10 MB took the rules
49 s (5.5 s as articles) and 50 MB 786 s and 1.7 GB, the CRF 3.6 GB on 50 MB
(benchmarks/README.md, "One huge article"). Read a window at a time, memory holds
one window's tables and time grows with the length.

A text of at most :data:`WINDOW_CHARS` characters is one window, read as before.
A longer one is cut only at a paragraph break (a run of line breaks, which always
ends a sentence) that no pair of quotation marks or brackets spans, a blank line
first, so that no sentence and no quotation is cut; only a text that has no such
break in half a window falls back on a sentence end, then on a space
(:func:`text_windows`). :func:`entities_in_windows` and :func:`quotes_in_windows`
run an extractor on each window and shift what it finds back to offsets in the
whole text. The quotation marks and brackets are the packaged quote lexicon's
(:func:`khabar.extract.quote_marks.packaged_pairs`), read when a text is first cut,
unless the extractor gives its own.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Mapping, Sequence

from ..gold.model import Entity, Quote, Span
from .quote_marks import packaged_pairs

__all__ = [
    "WINDOW_CHARS",
    "entities_in_windows",
    "quoted_stretches",
    "quotes_in_windows",
    "read_whole",
    "shift_entity",
    "shift_quote",
    "text_windows",
]

#: The longest text read whole, and the most characters a window of a longer one holds: about a hundred news articles,
#: so that a window's tables stay within tens of megabytes while a real article is never cut.
WINDOW_CHARS = 200_000

#: How far (characters) an opening mark is looked at for its closing one when choosing where to cut. A pair the rules
#: would make over a longer stretch joins a mark typed without its pair to a later one, not a quotation.
QUOTATION_REACH = 20_000

# Each cut's white space is group 1: a paragraph break, a sentence end (the window keeps its mark and closing
# quotation marks), white space. (The standard library's re: several times faster than regex at these.)
_BREAK = re.compile(r"(\n\s*)")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'»”’)\]}]*(\s+)")
_SPACE = re.compile(r"(\s+)")
#: Where a window may end, best first: paragraph breaks (a blank line first), sentence ends, white space; each
#: outside quotation marks (the flag), but for white space as a last resort. Each kind is looked for in the window's
#: second half, then in its first.
_CUTS = (
    (((_BREAK, True), (_BREAK, False)), True),
    (((_SENTENCE_END, False),), True),
    (((_SPACE, False),), True),
    (((_SPACE, False),), False),
)


def read_whole(text: str) -> bool:
    """Whether ``text`` is read whole: it has at most :data:`WINDOW_CHARS` characters (looked up at each call)."""
    return len(text) <= WINDOW_CHARS


def text_windows(
    text: str,
    size: int | None = None,
    *,
    quotation_marks: Mapping[str, str] | None = None,
    brackets: Mapping[str, str] | None = None,
) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each window of ``text``, in order: ``[(0, len(text))]`` when it has at most ``size``
    (default :data:`WINDOW_CHARS`) characters.

    A window holds at most ``size`` characters and ends at a paragraph break (a blank line first), in its second
    half, else in its first; else at a sentence end, likewise; else at white space; each outside every quoted
    stretch (:func:`quoted_stretches` of ``quotation_marks`` and ``brackets``, opening -> closing mark; by default
    the packaged lexicon's, :func:`~khabar.extract.quote_marks.packaged_pairs`).
    The white space of a cut belongs to no window. Only a stretch of ``size`` characters with no white space outside
    quotation marks is cut at white space inside them, and one with none at all where it must (before a combining
    mark, not between it and its letter).
    """
    size = WINDOW_CHARS if size is None else size
    if size < 2:
        raise ValueError(f"a window holds at least 2 characters, not {size}")
    if len(text) <= size:
        return [(0, len(text))]
    quotation_marks, brackets = _pairs_or_packaged(quotation_marks, brackets)
    windows: list[tuple[int, int]] = []
    start = _past_space(text, 0)
    while len(text) - start > size:
        end, following = _cut(text, start, start + size, quotation_marks, brackets)
        windows.append((start, end))
        start = _past_space(text, following)
    if start < len(text):
        windows.append((start, len(text)))
    return windows


def _pairs_or_packaged(
    quotation_marks: Mapping[str, str] | None, brackets: Mapping[str, str] | None
) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The pairs given, the packaged lexicon's for those not given."""
    if quotation_marks is None or brackets is None:
        packaged_marks, packaged_brackets = packaged_pairs()
        quotation_marks = packaged_marks if quotation_marks is None else quotation_marks
        brackets = packaged_brackets if brackets is None else brackets
    return quotation_marks, brackets


def _past_space(text: str, pos: int) -> int:
    found = _SPACE.match(text, pos)
    return found.end() if found else pos


def _cut(
    text: str, start: int, stop: int, quotation_marks: Mapping[str, str], brackets: Mapping[str, str]
) -> tuple[int, int]:
    """Where the window from ``start`` (at most to ``stop``) ends, and where the white space after it ends."""
    reach = min(len(text), stop + QUOTATION_REACH)
    quoted = _Stretches(quoted_stretches(text, start, reach, quotation_marks, brackets))
    middle = start + (stop - start) // 2
    for kinds, outside_quotations in _CUTS:
        for low, high in ((middle, stop), (start + 1, middle)):
            for pattern, blank_line in kinds:
                best = None
                for found in pattern.finditer(text, low, stop + 1):
                    if found.start(1) >= high:
                        break
                    if blank_line and found[1].count("\n") < 2:
                        continue
                    if outside_quotations and quoted.across(*found.span(1)):
                        continue
                    best = found
                if best is not None:
                    return best.span(1)
    stop = _character_boundary(text, start, stop)
    return stop, stop


def _character_boundary(text: str, start: int, cut: int) -> int:
    """``cut``, or the nearest place before it (after ``start``) that parts no letter from its combining marks (a
    vowel sign, a shadda), no surrogate pair and no emoji joined by a ZWJ: either side of such a cut reads as a
    different word or symbol than the text holds."""
    while cut > start + 1 and (
        unicodedata.category(text[cut])[0] == "M"
        or "\udc00" <= text[cut] <= "\udfff"
        or "\u200d" in (text[cut], text[cut - 1])
    ):
        cut -= 1
    return cut


class _Stretches:
    """Quoted stretches merged into disjoint, sorted ones, asked whether one spans a cut."""

    def __init__(self, stretches: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for opener, close in sorted(stretches):
            if merged and opener <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], close)
            else:
                merged.append([opener, close])
        self.starts = [opener for opener, _ in merged]
        self.ends = [close for _, close in merged]

    def across(self, cut_start: int, cut_end: int) -> bool:
        """Whether a quoted stretch opens before ``cut_start`` and closes at or after ``cut_end``."""
        k = bisect.bisect_left(self.starts, cut_start) - 1
        return k >= 0 and self.ends[k] >= cut_end


def quoted_stretches(
    text: str,
    start: int,
    stop: int,
    quotation_marks: Mapping[str, str] | None = None,
    brackets: Mapping[str, str] | None = None,
) -> list[tuple[int, int]]:
    """``(opening mark, closing mark)`` of the pairs in ``text[start:stop]`` that the quote rules may make
    (:meth:`khabar.extract.quotes.text.QuoteText._pairs`), read off the characters; ``quotation_marks`` and
    ``brackets`` (opening -> closing) by default the packaged lexicon's
    (:func:`~khabar.extract.quote_marks.packaged_pairs`).

    As the rules: a closing mark pairs with the latest opening mark of its kind still open, a closing quotation mark
    glued between two words opens one (ل»إعمار»), brackets pair apart from quotation marks, and a mark that opens and
    closes alike pairs only within the next paragraph (a run of line breaks). More loosely, as nothing here knows
    the roles the rules give such a mark: each of them with the next one of its kind (that is, both ways). Unlike
    the rules, a mark open further back than :data:`QUOTATION_REACH` is dropped: a pair over a longer stretch joins a
    mark typed without its pair to a later one, not a quotation.
    """
    quotation_marks, brackets = _pairs_or_packaged(quotation_marks, brackets)
    # (The rules pair only marks that are one character: a token of their own.)
    quotation_marks = {o: c for o, c in quotation_marks.items() if len(o) == len(c) == 1}
    brackets = {o: c for o, c in brackets.items() if len(o) == len(c) == 1}
    symmetric = {opener for opener, close in quotation_marks.items() if opener == close}
    kinds = {**{o: ("q", o) for o in quotation_marks}, **{o: ("b", o) for o in brackets}}
    closing = {
        **{c: ("q", o) for o, c in quotation_marks.items() if o != c},
        **{c: ("b", o) for o, c in brackets.items()},
    }
    every_mark = {*quotation_marks, *quotation_marks.values(), *brackets, *brackets.values()}
    marks = re.compile("[\\n" + re.escape("".join(sorted(every_mark))) + "]")
    # (Deques: marks open too long are dropped from the bottom, which a list does in time of its length.)
    stacks: dict[tuple[str, str], deque[int]] = {kind: deque() for kind in kinds.values()}
    last_symmetric: dict[str, tuple[int, int]] = {}  # mark -> (where, its paragraph)
    paragraph = 0
    found: list[tuple[int, int]] = []
    for match in marks.finditer(text, start, stop):
        mark, at = match[0], match.start()
        if mark == "\n":
            paragraph += at == 0 or text[at - 1] != "\n"  # (a run of line breaks is one paragraph break)
        elif mark in symmetric:
            earlier = last_symmetric.get(mark)
            if earlier is not None and paragraph - earlier[1] <= 1:
                found.append((earlier[0], at))
            last_symmetric[mark] = (at, paragraph)
        elif mark in closing:
            kind = closing[mark]
            if kind[0] == "q" and _glued(text, at):
                stacks[kind].append(at)
                continue
            stack = stacks[kind]
            while stack and stack[0] < at - QUOTATION_REACH:
                stack.popleft()
            if stack:
                found.append((stack.pop(), at))
        else:
            stacks[kinds[mark]].append(at)
    return found


def _glued(text: str, at: int) -> bool:
    """Whether the mark at ``at`` touches a letter or digit on both sides."""
    return 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()


def shift_entity(entity: Entity, offset: int) -> Entity:
    """``entity`` moved ``offset`` characters (its extra fields kept)."""
    return dataclasses.replace(entity, start=entity.start + offset, end=entity.end + offset)


def _shift_span(span: Span | None, offset: int) -> Span | None:
    return None if span is None else Span(span.start + offset, span.end + offset)


def shift_quote(quote: Quote, offset: int) -> Quote:
    """``quote`` moved ``offset`` characters: its content, source and cue (its extra fields kept)."""
    return dataclasses.replace(
        quote,
        content=_shift_span(quote.content, offset),
        source=_shift_span(quote.source, offset),
        cue=_shift_span(quote.cue, offset),
    )


def entities_in_windows(text: str, predict: Callable[[str], list[Entity]], *, size: int | None = None) -> list[Entity]:
    """``predict(text)``, a window at a time when ``text`` is longer than ``size`` (default :data:`WINDOW_CHARS`): the
    entities of every window, in order, at offsets in ``text``."""
    size = WINDOW_CHARS if size is None else size
    if len(text) <= size:
        return predict(text)
    return [
        shift_entity(entity, start) for start, end in text_windows(text, size) for entity in predict(text[start:end])
    ]


def quotes_in_windows(
    text: str,
    entities: Sequence[Entity],
    find: Callable[[str, Sequence[Entity]], list[Quote]],
    *,
    size: int | None = None,
    quotation_marks: Mapping[str, str] | None = None,
    brackets: Mapping[str, str] | None = None,
) -> list[Quote]:
    """``find(text, entities)``, a window at a time when ``text`` is longer than ``size`` (default
    :data:`WINDOW_CHARS`): the quotes of every window, in order, at offsets in ``text``. Each window is given the
    entities inside it; ``quotation_marks`` and ``brackets`` are those the extractor pairs (by default the packaged
    lexicon's), so that no window ends inside a pair."""
    size = WINDOW_CHARS if size is None else size
    if len(text) <= size:
        return find(text, entities)
    ordered = sorted(entities, key=lambda e: (e.start, e.end))
    starts = [e.start for e in ordered]
    quotes: list[Quote] = []
    for start, end in text_windows(text, size, quotation_marks=quotation_marks, brackets=brackets):
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        inside = [shift_entity(e, -start) for e in ordered[first:last] if e.end <= end]
        quotes.extend(shift_quote(quote, start) for quote in find(text[start:end], inside))
    return quotes
