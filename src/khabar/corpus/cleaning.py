"""Text cleaning, one named step at a time, each counted.

The steps only touch what scraping and old encoders leave behind:

=====================  ===================================================================
``presentation_forms``  Arabic presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFC) to the
                        standard letters they display (Unicode NFKC of those characters only)
``tatweel``             the elongation mark U+0640 removed
``invisible``           zero-width and bidi control characters removed (U+200B..U+200F,
                        U+202A..U+202E, U+2060..U+2064, U+2066..U+2069, U+061C, U+FEFF)
``line_endings``        CRLF and lone CR to LF
``trailing_spaces``     spaces, tabs and no-break spaces at the end of a line or of the text
=====================  ===================================================================

No other letter or diacritic is ever changed. Every step changes the length of
the text, so cleaning moves annotation offsets: the gold files of
the shared data's ``quotes/`` folder were annotated on uncleaned text, which is why
:func:`khabar.corpus.import_corpus` counts by default and cleans only when asked.

The patterns use the standard library's ``re``: for plain character classes it
is several times faster than ``regex``, and nothing here needs Unicode properties.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from itertools import repeat

from ..text import INVISIBLE_CHARS

__all__ = ["STEPS", "Cleaner", "clean_text"]

#: Cleaning steps in the order they run.
STEPS: tuple[str, ...] = ("presentation_forms", "tatweel", "invisible", "line_endings", "trailing_spaces")

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_TATWEEL = re.compile("\u0640+")
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]+")
_CR = re.compile("\r\n?")
_BLANKS = " \t\u00a0"
_TRAILING_BEFORE_CR = re.compile("[ \t\u00a0]+(?=\r|\n|\\Z)")
_CHAR_STEPS = {"presentation_forms": _PRESENTATION, "tatweel": _TATWEEL, "invisible": _INVISIBLE, "line_endings": _CR}
# One cheap test first: most articles need none of the character steps.
_ANY_CHAR = re.compile(f"[\r\u0640{INVISIBLE_CHARS}\ufb50-\ufdff\ufe70-\ufefc]")


class _StepOf(dict[str, str]):
    """The character step a character belongs to."""

    def __missing__(self, char: str) -> str:
        step = next(name for name, pattern in _CHAR_STEPS.items() if pattern.match(char))
        self[char] = step
        return step


_STEP_OF = _StepOf()


def _standard_letters(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match[0])


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Characters ``pattern`` matches in ``text``."""
    return sum(len(m) for m in pattern.findall(text))


class Cleaner:
    """Runs the chosen cleaning steps (or only counts what they would change) and keeps the counts.

    ``counts[step]`` is the number of characters the step removed or replaced
    (for ``line_endings``, the line breaks rewritten); ``articles[step]`` the
    number of texts it touched.

    >>> cleaner = Cleaner()
    >>> cleaner("نعـــم\\u200f  \\r\\n")
    'نعم\\n'
    >>> dict(cleaner.counts)
    {'tatweel': 3, 'invisible': 1, 'line_endings': 1, 'trailing_spaces': 2}
    """

    def __init__(self, steps: Collection[str] = STEPS, *, apply: bool = True) -> None:
        unknown = set(steps) - set(STEPS)
        if unknown:
            raise ValueError(f"unknown cleaning steps {sorted(unknown)}; known: {', '.join(STEPS)}")
        self.steps = tuple(s for s in STEPS if s in steps)
        self.apply = apply
        self.counts: Counter[str] = Counter()
        self.articles: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        """The cleaned text (or ``text`` unchanged when only counting)."""
        steps = self.steps
        first = _ANY_CHAR.search(text)
        char_steps = first is not None
        if not self.apply:
            if first is not None:
                self._count_only(text, first.start())
            if "trailing_spaces" in steps:
                self._trailing_spaces(text)
            return text
        for step in steps:
            if step == "trailing_spaces":
                text = self._trailing_spaces(text)
                continue
            if not char_steps:
                continue
            pattern = _CHAR_STEPS[step]
            n = len(pattern.findall(text)) if step == "line_endings" else _count(pattern, text)
            if not n:
                continue
            self.counts[step] += n
            self.articles[step] += 1
            if self.apply:
                if step == "presentation_forms":
                    text = pattern.sub(_standard_letters, text)
                elif step == "line_endings":
                    text = pattern.sub("\n", text)
                else:
                    text = pattern.sub("", text)
        return text

    def _count_only(self, text: str, start: int = 0) -> None:
        """Count every character step with one scan from ``start`` (when nothing is applied, one findall does for all)."""
        per_step: Counter[str] = Counter()
        for char, n in Counter(_ANY_CHAR.findall(text, start)).items():
            per_step[_STEP_OF[char]] += n  # a CRLF counts once: only its CR is matched
        for step in self.steps:
            if per_step[step]:
                self.counts[step] += per_step[step]
                self.articles[step] += 1

    def _trailing_spaces(self, text: str) -> str:
        # A regex for "spaces before a line end" tries a match at every space of
        # the text; str.split and str.rstrip run in C and touch each line once.
        if "\r" in text:  # old Mac or Windows line ends that are kept: the slow but exact way
            n = _count(_TRAILING_BEFORE_CR, text)
            if n:
                self.counts["trailing_spaces"] += n
                self.articles["trailing_spaces"] += 1
            return _TRAILING_BEFORE_CR.sub("", text) if self.apply else text
        lines = text.split("\n")
        if self.apply:
            stripped = [line.rstrip(_BLANKS) for line in lines]
            n = len(text) - (len(lines) - 1) - sum(map(len, stripped))
        else:  # counting only: map() keeps the loop in C and no list of stripped lines is built
            n = len(text) - (len(lines) - 1) - sum(map(len, map(str.rstrip, lines, repeat(_BLANKS))))
        if not n:
            return text
        self.counts["trailing_spaces"] += n
        self.articles["trailing_spaces"] += 1
        return "\n".join(stripped) if self.apply else text


def clean_text(text: str, steps: Collection[str] = STEPS) -> str:
    """``text`` with the cleaning ``steps`` applied (all by default)."""
    return Cleaner(steps)(text)
