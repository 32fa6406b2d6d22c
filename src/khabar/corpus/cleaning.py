"""Text cleaning, one named step at a time, each counted.

The steps only touch what scraping and old encoders leave behind:

=====================  ===================================================================
``presentation_forms``  Arabic presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFC) to the
                        standard letters they display (Unicode NFKC of those characters only)
``tatweel``             the elongation mark U+0640 removed
``invisible``           zero-width and bidi control characters, the soft hyphen and the C0 and C1
                        controls that are not white space removed (U+200B..U+200F, U+202A..U+202E,
                        U+2060..U+2064, U+2066..U+2069, U+061C, U+FEFF, U+00AD, U+0000..U+0008,
                        U+000E..U+001B, U+007F..U+0084, U+0086..U+009F)
``line_endings``        CRLF and lone CR to LF
``trailing_spaces``     spaces, tabs and no-break spaces at the end of a line or of the text
=====================  ===================================================================

No other letter or diacritic is ever changed. Every step changes the length of
the text, so cleaning moves annotation offsets: the gold files of
the shared data's ``quotes/`` folder were annotated on uncleaned text, which is why
:func:`khabar.corpus.import_corpus` counts by default and cleans only when asked.

The patterns use the standard library's ``re``: for plain character classes it
is several times faster than ``regex``, and nothing here needs Unicode properties.

Counting without cleaning (the import's default) runs over a batch of texts at
a time, as arrays of UTF-16 code units in numpy: a few comparisons find the
candidates, a table names their step. The ``re`` scan that would find them costs
about 5 ns a character whatever the pattern's form (the engine calls its
character-set test once per character), which made these counts a quarter of
the import's time; the batched pass costs half of that.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection

import numpy as np

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


#: Characters of text counted at once when only counting (a few MB of arrays).
BATCH_CHARS = 1 << 20
# The character steps as numbers: the code unit -> step table of the batched count (0: none).
_STEP_NUMBER = {step: number for number, step in enumerate(STEPS, start=1)}
_CODE_STEP = np.zeros(1 << 16, dtype=np.uint8)
_EVERY_UNIT = "".join(map(chr, range(1 << 16)))  # one string holding every code unit, surrogates too
for _step, _pattern in _CHAR_STEPS.items():  # the patterns stay the one definition of each step
    for _match in _pattern.finditer(_EVERY_UNIT):
        _CODE_STEP[_match.start():_match.end()] = _STEP_NUMBER[_step]
del _EVERY_UNIT, _step, _pattern, _match
_LINE_FEED, _CARRIAGE_RETURN, _SPACE, _TAB, _NO_BREAK_SPACE = 0x0A, 0x0D, 0x20, 0x09, 0xA0


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
        self._counts: Counter[str] = Counter()
        self._articles: Counter[str] = Counter()
        self._pending: list[str] = []  # texts not yet counted (counting only: counted a batch at a time)
        self._pending_chars = 0

    @property
    def counts(self) -> Counter[str]:
        """Characters each step changed (or would change), over every text so far."""
        self._count_pending()
        return self._counts

    @property
    def articles(self) -> Counter[str]:
        """Texts each step changed (or would change)."""
        self._count_pending()
        return self._articles

    def __call__(self, text: str) -> str:
        """The cleaned text (or ``text`` unchanged when only counting)."""
        steps = self.steps
        if not self.apply:
            self._pending.append(text)
            self._pending_chars += len(text)
            if self._pending_chars >= BATCH_CHARS:
                self._count_pending()
            return text
        char_steps = _ANY_CHAR.search(text) is not None
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
            self._counts[step] += n
            self._articles[step] += 1
            if step == "presentation_forms":
                text = pattern.sub(_standard_letters, text)
            elif step == "line_endings":
                text = pattern.sub("\n", text)
            else:
                text = pattern.sub("", text)
        return text

    def _trailing_spaces(self, text: str) -> str:
        # A regex for "spaces before a line end" tries a match at every space of
        # the text; str.split and str.rstrip run in C and touch each line once.
        if "\r" in text:  # old Mac line ends (line_endings not chosen): the slow but exact way
            n = _count(_TRAILING_BEFORE_CR, text)
            if n:
                self._counts["trailing_spaces"] += n
                self._articles["trailing_spaces"] += 1
            return _TRAILING_BEFORE_CR.sub("", text)
        lines = text.split("\n")
        stripped = [line.rstrip(_BLANKS) for line in lines]
        n = len(text) - (len(lines) - 1) - sum(map(len, stripped))
        if not n:
            return text
        self._counts["trailing_spaces"] += n
        self._articles["trailing_spaces"] += 1
        return "\n".join(stripped)

    def _count_pending(self) -> None:
        """Count what every step would change in the texts set aside, in one batched pass."""
        if not self._pending:
            return
        texts, self._pending, self._pending_chars = self._pending, [], 0
        chars, touched = count_batch(texts, self.steps)
        self._counts.update(chars)
        self._articles.update(touched)


def count_batch(texts: list[str], steps: Collection[str] = STEPS) -> tuple[Counter[str], Counter[str]]:
    """What each of ``steps`` would change in ``texts``, left as they are: characters, and texts touched.

    The same counts as running :class:`Cleaner` on each text alone, with
    ``trailing_spaces`` counted on the text as given (blanks before a CR, a line
    feed or the end), since nothing is applied before it.
    """
    chars: Counter[str] = Counter()
    touched: Counter[str] = Counter()
    if not texts:
        return chars, touched
    # "\n" between the texts: it ends each text's last line as the end of the text would.
    joined = "\n".join(texts)
    units = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    if len(units) == len(joined):
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    else:  # characters beyond the BMP take two code units
        lengths = np.array([len(t.encode("utf-16-le", "surrogatepass")) // 2 for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))

    def texts_holding(positions: np.ndarray) -> int:
        return int(np.unique(np.searchsorted(starts, positions, side="right")).size)

    def add(step: str, positions: np.ndarray) -> None:
        if positions.size:
            chars[step] += int(positions.size)
            touched[step] += texts_holding(positions)

    char_steps = [step for step in steps if step in _CHAR_STEPS]
    if char_steps:
        # Candidates by a few comparisons (the controls below U+00A0, U+200B-U+2069 and U+FB50 up hold more than
        # the steps' characters), then the table keeps the steps' own.
        candidates = np.flatnonzero((units >= 0xFB50) | ((units - np.uint16(0x200B)) < 0x5F) | (units < 0x20)
                                    | ((units - np.uint16(0x7F)) < 0x21) | (units == 0x00AD)
                                    | (units == 0x0640) | (units == 0x061C))
        numbers = _CODE_STEP[units[candidates]]
        for step in char_steps:
            add(step, candidates[numbers == _STEP_NUMBER[step]])
    if "trailing_spaces" in steps:
        ends = np.append(np.flatnonzero((units == _LINE_FEED) | (units == _CARRIAGE_RETURN)), len(units))
        runs = _blanks_before(units, ends)
        if runs.any():
            chars["trailing_spaces"] += int(runs.sum())
            touched["trailing_spaces"] += texts_holding(ends[runs > 0] - 1)  # by each run's last blank
    return chars, touched


#: Rounds of the walk back over trailing blanks; a run still going after them is measured on its own.
_WALK_ROUNDS = 16


def _is_blank(units: np.ndarray) -> np.ndarray:
    return (units == _SPACE) | (units == _TAB) | (units == _NO_BREAK_SPACE)


def _blanks_before(units: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many blanks (space, tab, no-break space) stand right before each position of ``ends``."""
    # Walk back from every end, one position a round: trailing runs are a blank or two,
    # so a few rounds over the few line ends cost far less than a pass over every unit.
    runs = np.zeros(len(ends), dtype=np.int64)
    walking = np.arange(len(ends))
    for back in range(1, _WALK_ROUNDS + 1):
        before = ends[walking] - back
        walking, before = walking[before >= 0], before[before >= 0]
        walking = walking[_is_blank(units[before])]
        runs[walking] += 1
        if not walking.size:
            return runs
    # The few longer runs (a blank line of spaces, hostile input): look back in growing windows
    # for the last non-blank, so that a run of a million costs a few array passes, not a million rounds.
    for index in walking.tolist():
        end = int(ends[index])
        low, width = end - _WALK_ROUNDS, 1024  # units[low:end] are known blanks
        while True:
            start = max(0, low - width)
            kept = np.flatnonzero(~_is_blank(units[start:low]))
            if kept.size or start == 0:
                runs[index] = end - (start + int(kept[-1]) + 1 if kept.size else 0)
                break
            low, width = start, width * 2
    return runs


def clean_text(text: str, steps: Collection[str] = STEPS) -> str:
    """``text`` with the cleaning ``steps`` applied (all by default)."""
    return Cleaner(steps)(text)
