"""One article as the quote rules see it: tokens with offsets and matching keys, sentences,
paragraphs and pairs of quotation marks.

Built on :mod:`khabar.text` (tokens identical to camel-tools' ``simple_word_tokenize``,
its sentence splitter) with three corrections that matter for quotes: a decimal
written with a direction mark (``3.\u200f2``) is not a sentence end, a sentence
inside quotation marks does not end the sentence that quotes it, and an ellipsis
(``..``, ``…``) on the same line is a pause, not a sentence end.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata
from operator import add

import regex

from ...gold.model import Span
from ...text import (
    TANWEEN,
    TATWEEL,
    fold,
    folded_away,
    is_invisible_mark,
    is_stop_word,
    letters_in_place,
    split_sentences,
    strings_and_starts,
)
from .lexicon import Lexicon

__all__ = ["KeyCache", "QuoteText"]

_NEWLINE = regex.compile("\n+")
_DIRECTION_MARKS = "\u200e\u200f\u061c"
#: The name علي and the preposition على share one matching key once ى is folded into ي.
_ALI_NAME = "علي"
_ALA_PREPOSITION = ("على", "وعلى", "فعلى")
#: علي with a shadda on its ي: "on me" or the name (see :func:`_letters_of`).
_ALI_WITH_SHADDA = "علي\u0651"
#: The name's own key: no normalised word can spell it (norm drops the tatweel).
ALI_NAME_KEY = "علي\u0640"
#: Words after which علي can only be the name: بن علي، أبو علي.
NAME_PARTICLES = frozenset(fold(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "ابو", "آل"))


def _with_conjunctions(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(c + w for w in words for c in ("", "و", "ف"))


#: Frequent words whose standard spelling ends in ي, and as a text that writes every final ي as ى spells them (فى،
#: الذى: Egyptian news); words that end in ى, and as a text that writes every final ى as ي spells them (حتي، الي:
#: Maghrebi and informal text). The counts of the two say which a text does.
_FINAL_YA_WORDS = _with_conjunctions(("في", "الذي", "التي"))
_FINAL_YA_AS_MAKSURA = _with_conjunctions(("فى", "الذى", "التى"))
_FINAL_MAKSURA_WORDS = _with_conjunctions(("على", "إلى", "الى", "حتى"))
_FINAL_MAKSURA_AS_YA = _with_conjunctions(("علي", "إلي", "الي", "حتي"))
#: The one-word spellings the name and the preposition share in such a text.
_ALI_OR_ALA = ("علي", "على")
#: The nouns most often after the preposition على that end, as a family name of origin does, in ي or ى (folded
#: alike): على التوالي، على المستوى، على الأراضي … Each after على in SaudiNewsNet and ANT (832 التوالي, 512 المستوى,
#: 235 الأراضي, down to 6), none a family name: after them, على stays the preposition (أحمد عظوم على التوالى رئيسا).
_OBJECTS_OF_ALA = frozenset(fold(w) for w in (
    "التوالي", "المستوى", "الأراضي", "التصدي", "النادي", "الجاني", "النواحي", "المرضى", "المستشفى", "المباني",
    "المرمى", "المبنى", "الأهالي", "الكرسي", "الجرحى", "الماضي", "المشتري", "الاحتياطي", "الملتقى", "التخلي",
    "المتلقي", "المحتوى", "الكراسي", "التحدي", "الأخرى", "المنتدى", "المدعي", "الفوضى", "المعني", "التعاطي",
))


#: Every diacritic, tatweel and invisible mark that :func:`fold` deletes (:func:`~khabar.text.folded_away`) but
#: tanween, the one diacritic the rules read: a verb never takes it, an indefinite accusative (نقداً) carries it.
_HIDING = "".join(c for c in folded_away() if c not in TANWEEN)
_DROP_HIDING = dict.fromkeys(map(ord, _HIDING))
#: A run of marks (tanween among them) inside a word: from the first such mark after a letter, past tanween only,
#: to the run's end. (The look-ahead first: most characters are no mark, and it fails on them before the look-behind
#: is tried. The look-behind passes over tanween alone, so a run after no letter costs each of its marks one step,
#: not a walk back over the whole run: 100,000 vowels pasted alone took minutes.)
_HIDING_MARK = regex.compile(f"(?=[{regex.escape(_HIDING)}])(?<=\\p{{L}}[{TANWEEN}]*)[{regex.escape(_HIDING + TANWEEN)}]+")


def _without_hiding(found: regex.Match[str]) -> str:
    """A run :data:`_HIDING_MARK` found, its tanween kept."""
    return found[0].translate(_DROP_HIDING)


def _letters_of(tokens: list[str], starts: list[int], marks: list[int]) -> list[str]:
    """Each token without the marks after its letters that :data:`_HIDING_MARK` finds, but عليّ: a shadda on its ي
    writes "on me" (ردّ عليَّ إيلي، عطفه عليّ) as often as the name, which the rules read علي alone as.

    ``marks`` are where the text's runs of such marks start: one search of the text finds the tokens that hold them
    (a few in most articles) and only those are rewritten; a search of every token cost the rules a seventh of
    their speed."""
    letters = list(tokens)
    sub = _HIDING_MARK.sub
    for k in {bisect.bisect_right(starts, mark) - 1 for mark in marks}:
        if k >= 0:
            letters[k] = sub(_without_hiding, tokens[k])
    if _ALI_NAME in letters:
        for k in (k for k, word in enumerate(letters) if word == _ALI_NAME and _SHADDA_ON_FINAL_YA.search(tokens[k])):
            letters[k] = _ALI_WITH_SHADDA
    return letters


#: A shadda among the marks after a word's final ي (عليَّ، عليـّ).
_SHADDA_ON_FINAL_YA = regex.compile(f"ي[\\p{{M}}{TATWEEL}\\p{{Cf}}]*\u0651[\\p{{M}}\\p{{Cf}}]*$")


class QuoteText:
    """Tokens, their matching keys, sentences, paragraphs and quotation-mark pairs of one text."""

    def __init__(self, text: str, lex: Lexicon, keys: dict[str, str]) -> None:
        """Read ``text``. ``keys`` caches token -> matching key across articles: a :class:`KeyCache` also keeps which
        tokens are punctuation (the fast path), a plain dict only the keys."""
        # Presentation forms as the letters they display, one for one (offsets hold): the rules' few looks at a
        # word's own letters (علي against على, a tanween ending) see what a reader sees.
        self.text = text = letters_in_place(text)
        #: The tokens as written (with their diacritics, tatweel and invisible marks): for the looks at a vowel.
        self.written, self.starts = written, starts = strings_and_starts(text)
        self.ends = list(map(add, starts, map(len, written)))
        # The rules look at a word's own letters (علي against على, an ending in ة or ى, a prefix): a vowel, a
        # tatweel or an invisible mark inside it (عَلي، وقـال، وأك\u200cد) must not hide them, as it hides nothing
        # from the reader. Only tanween stays, which the rules read (حذرٌ is no verb, نقداً no subject).
        #: The tokens' letters: ``written`` without those marks.
        self._marks = marks = [found.start() for found in _HIDING_MARK.finditer(text)]
        self.raw = raw = _letters_of(written, starts, marks) if marks else written
        punctuation = keys.punctuation if isinstance(keys, KeyCache) else None
        # One C-level lookup a token; only words new to ``keys`` are read in Python, once.
        self.keys = found = list(map(keys.get, raw))
        if None in found:
            for k in [k for k, key in enumerate(found) if key is None]:
                token = raw[k]
                # norm's key; ``keys`` is this cache, norm's would be a second
                found[k] = keys[token] = fold(token)
                if punctuation is not None and _invisible_as_punctuation(token):
                    punctuation.add(token)
        if _ALI_NAME in raw and any(map(raw.__contains__, _ALA_PREPOSITION)):
            # A writer who spells the preposition على (a word of its own: الأعلى does not count) with its alef
            # maqsura means the name by علي (محمد علي النصري، وقال علي العريض), which must not end a speaker's
            # name as the preposition does. A text with no على may spell the preposition علي, and keeps the
            # shared key. (Counting them instead was tried: of the 100 demo articles whose علي outnumber their
            # على, every one sampled was a list of names.)
            _set_at_each(found, raw, _ALI_NAME, ALI_NAME_KEY)
            self.final_ya_written: str | None = None
        else:
            self.final_ya_written = _final_ya_written(raw)
        if _ALI_WITH_SHADDA in raw and any(map(raw.__contains__, _ALA_PREPOSITION)):
            # بن عليّ، أبو عليّ: after a name's particle the shadda's عليّ is the name, not "on me".
            for k in (k for k, word in enumerate(raw) if word == _ALI_WITH_SHADDA and k and found[k - 1] in NAME_PARTICLES):
                found[k] = ALI_NAME_KEY
        #: The tokens read as the name علي by the words around them, in a text that spells it as the preposition.
        self.ali_by_context: frozenset[int] = frozenset()
        if self.final_ya_written is not None:
            self.ali_by_context = self._ali_names_in_context(lex)
            for k in self.ali_by_context:
                found[k] = ALI_NAME_KEY
        # The tokenizer splits off every punctuation mark and symbol as a token of its own; an emoji
        # with its modifiers (👍🏽) is one symbol token of several characters. A stray direction
        # mark (\u200e) between words is a token too, and as invisible as punctuation.
        if punctuation is not None:
            self.punct = list(map(punctuation.__contains__, raw))
        else:
            self.punct = list(map(_invisible_as_punctuation, raw))
        self.n = len(raw)
        self._paragraphs(text)
        self._pairs(lex)
        self._sentences(text)

    @functools.cached_property
    def letters_text(self) -> str:
        """The text with the marks inside its words taken out, for the rules' searches of words in the whole text
        (" على "): not offsets. Made when first asked for (most articles never are)."""
        return _HIDING_MARK.sub(_without_hiding, self.text) if self._marks else self.text

    def _ali_names_in_context(self, lex: Lexicon) -> frozenset[int]:
        """In a text that writes the name علي and the preposition على alike, the tokens that a reader takes for the
        name: after بن، أبو … (بن علي بصفر), or between a given name and a family name of origin (محمد علي
        النصري، محمد علي الجندوبي) where the preposition would follow no verb and open no phrase. The family name
        is told by its letters alone (ال…ي, ى folded as ي), so the preposition's frequent objects of that shape
        (على التوالي، على المستوى: :data:`_OBJECTS_OF_ALA`) are passed over; a verb the lexicon does not know
        before a rarer one (يفوز على الإسماعيلي) is still read as a given name."""
        raw, keys, n = self.raw, self.keys, len(self.raw)
        names = set()
        for k in (k for k, token in enumerate(raw) if token in _ALI_OR_ALA and 0 < k < n - 1):
            before, after = keys[k - 1], keys[k + 1]
            if before in NAME_PARTICLES and raw[k + 1].isalpha():
                names.add(k)
            elif (
                raw[k - 1].isalpha() and not before.startswith("ال") and not lex.knows(before)
                and not is_stop_word(raw[k - 1]) and before not in lex.titles and before not in lex.temporal
                and after.startswith("ال") and len(after) > 5 and after.endswith("ي") and after not in _OBJECTS_OF_ALA
            ):
                names.add(k)
        return frozenset(names)

    def _sentences(self, text: str) -> None:
        sentences = split_sentences(text)
        bounds: list[int] = []  # character starts of the merged sentences
        last_end = -1
        quoted = bool(self._quote_starts)
        for sentence in sentences:
            start = sentence.start
            # A decimal written with a direction mark (3.\u200f2) is one number, not two sentences;
            # a sentence inside quotation marks does not end the sentence that quotes it. (Each test's
            # cheap condition first: this runs for every sentence of every article.)
            if not bounds or not (
                (text[last_end - 1] == "." and _joins_decimal(text, last_end, start))
                or (quoted and self._quoted_at(start))
                or (start == last_end and _trails_off(text, last_end, start))
            ):
                bounds.append(start)
            last_end = sentence.end
        self._raw_sentences = sentences
        self._raw_sentence_end: list[int] | None = None
        ranges = _token_ranges(self.starts, bounds, self.n)
        self.sentence_start = [a for a, _ in ranges] or [0]
        self.sentence_end = [b for _, b in ranges] or [0]
        self.sentence_of = []
        for sid, (first, end) in enumerate(ranges):
            self.sentence_of.extend([sid] * (end - first))

    @property
    def raw_sentence_end(self) -> list[int]:
        """For each token, the end of its sentence before quoted sentences were merged (computed when first needed)."""
        if self._raw_sentence_end is None:
            ends: list[int] = []
            for first, end in _token_ranges(self.starts, [s.start for s in self._raw_sentences], self.n):
                ends.extend([end] * (end - first))
            self._raw_sentence_end = ends
        return self._raw_sentence_end

    def enclosing_close(self, k: int) -> int | None:
        """The closing mark of the innermost quotation-mark pair around token ``k``, if any.

        Remembered per token (the pairs are fixed once read): the sources' resolution asks it again of every earlier
        speaker for each pro-drop quote, and each answer is a scan of all the pairs.
        """
        known = self._enclosing
        if k not in known:
            known[k] = self._innermost_close(k)
        return known[k]

    def _innermost_close(self, k: int) -> int | None:
        """:meth:`enclosing_close` worked out: the pairs opened before ``k``, latest first, back to where none opened
        earlier closes after ``k`` (in order from the first, a long text's every token scanned every pair before it)."""
        best = None
        quoted, reach = self.quoted, self._close_reach
        for p in range(bisect.bisect_left(self._quote_openers, k) - 1, -1, -1):
            if reach[p] <= k:
                break
            c = quoted[p][1]
            if c > k and (best is None or c < best):
                best = c
        return best

    def quoted_at_token(self, k: int) -> bool:
        """True when token ``k`` lies inside a pair of quotation marks."""
        return bool(self.quoted) and self._quoted_at(self.starts[k])

    def _glued(self, i: int) -> bool:
        """True when token ``i`` touches a word on both sides (no space, no punctuation)."""
        return (
            0 < i < self.n - 1
            and self.ends[i - 1] == self.starts[i] and self.ends[i] == self.starts[i + 1]
            and not self.punct[i - 1] and not self.punct[i + 1]
        )

    def _quoted_at(self, pos: int) -> bool:
        """True when ``pos`` lies inside a pair of quotation marks: a quoted sentence does not end the sentence quoting it."""
        k = bisect.bisect_right(self._quote_starts, pos) - 1
        return k >= 0 and pos < self._quote_reach[k]

    def _paragraphs(self, text: str) -> None:
        breaks = [m.end() for m in _NEWLINE.finditer(text)]
        ranges = _token_ranges(self.starts, [0, *breaks], self.n)
        self.paragraph_of = []
        self.paragraph_tokens: dict[int, tuple[int, int]] = {}
        for p, (first, end) in enumerate(ranges):
            if end > first:
                self.paragraph_of.extend([p] * (end - first))
                self.paragraph_tokens[p] = (first, end)

    def _apostrophe_role(self, i: int, open_quote: bool, pending: dict[int, str]) -> str | None:
        """How the apostrophe at ``i`` pairs: "open", "close", "skip" (no mark) or None (either: paired in turn).

        Who's Who, l'Aube: an apostrophe inside a word of a Latin script is no quotation mark. Otherwise the side it
        is glued to tells an opening mark ('هذا) from a closing one (المعلومة'.), so that one mark typed without its
        pair does not turn every later pair inside out. Two apostrophes typed for one double mark (''…'' or, spaced,
        ' ' … ' ') count once, the one next to the words inside; the second's role goes into ``pending``.
        """
        def word_before(k: int) -> bool:
            return k > 0 and self.ends[k - 1] == self.starts[k] and not self.punct[k - 1]

        def word_after(k: int) -> bool:
            return k + 1 < self.n and self.ends[k] == self.starts[k + 1] and not self.punct[k + 1]

        if i + 1 < self.n and self.raw[i + 1] == "'":
            before, after = word_before(i), word_after(i + 1)
            opening = after if before != after else not open_quote
            pending[i + 1] = "open" if opening else "skip"
            return "skip" if opening else "close"
        if self._glued(i) and self.raw[i - 1][-1:].isascii():
            return "skip"
        before, after = word_before(i), word_after(i)
        if before != after:
            return "open" if after else "close"
        return None

    def _double_mark_role(self, i: int) -> str | None:
        """"open" when the ASCII double mark at ``i`` is glued to the word after it only ("الوضع), "close" when glued
        to the word before it only (جيد".), else None (paired in turn)."""
        before = i > 0 and self.ends[i - 1] == self.starts[i] and not self.punct[i - 1]
        after = i + 1 < self.n and self.ends[i] == self.starts[i + 1] and not self.punct[i + 1]
        if before != after:
            return "open" if after else "close"
        return None

    def _pairs(self, lex: Lexicon) -> None:
        """Pair quotation marks over the whole text; brackets separately."""
        self.close_of: dict[int, int] = {}
        self.bracket_close: dict[int, int] = {}
        stacks: dict[str, list[int]] = {}
        closers = {c: o for o, c in lex.openers.items() if c != o}
        symmetric = {o for o, c in lex.openers.items() if o == c}
        brackets: list[int] = []
        raw = self.raw
        marks = lex.pairing_marks
        pending: dict[int, str] = {}  # the role of the second of two apostrophes typed for one mark
        # Only the marks' tokens matter: found in C, walked in Python.
        for i in itertools.compress(range(self.n), map(marks.__contains__, raw)):
            tok = raw[i]
            role = None  # an apostrophe may only open or only close; other symmetric marks pair in turn
            if tok == "'":
                role = pending.pop(i, None) or self._apostrophe_role(i, bool(stacks.get(tok)), pending)
                if role == "skip":
                    continue
            elif tok == '"':
                role = self._double_mark_role(i)
                if role == "close" and not stacks.get(tok):
                    following = next((j for j in range(i + 1, self.n) if raw[j] == tok), None)
                    if following is None or self.paragraph_of[following] != self.paragraph_of[i] or (
                        self._double_mark_role(following) != "close"
                    ):
                        continue  # …الوطني". with no opener before it: a mark typed without its pair, paired with nothing
                    role = "open"  # حزب" الجبهة الوطنية": both marks glued to the word before, a pair all the same
            if tok in symmetric:
                stack = stacks.setdefault(tok, [])
                if role != "open" and stack and self.paragraph_of[i] - self.paragraph_of[stack[-1]] <= 1:
                    self.close_of[stack.pop()] = i
                elif role != "close":
                    stack[:] = [i]  # the earlier mark never closed within a paragraph
            elif tok in lex.openers:
                stacks.setdefault(tok, []).append(i)
            elif tok in closers:
                if self._glued(i):
                    # ل»إعمار»: a closing mark glued between two words opens a quotation (web text
                    # often types the marks the wrong way round).
                    stacks.setdefault(closers[tok], []).append(i)
                    continue
                stack = stacks.get(closers[tok])
                if stack:
                    self.close_of[stack.pop()] = i
            elif tok in lex.brackets:
                brackets.append(i)
            elif brackets and tok == lex.brackets.get(raw[brackets[-1]]):
                self.bracket_close[brackets.pop()] = i
        self.quoted = sorted(self.close_of.items())
        self._quote_openers = [o for o, _ in self.quoted]
        #: The furthest closing mark of the pairs up to each one (token indices), for _innermost_close.
        self._close_reach = list(itertools.accumulate((c for _, c in self.quoted), max))
        self._enclosing: dict[int, int | None] = {}  # enclosing_close's answers, per token
        #: The tokens that close a quotation-mark pair.
        self.closing = frozenset(self.close_of.values())
        # Character ranges of the quoted stretches, with the furthest end reached so far, for _quoted_at.
        self._quote_starts = [self.starts[o] for o, _ in self.quoted]
        self._quote_reach = []
        reach = -1
        for _, c in self.quoted:
            reach = max(reach, self.ends[c] - 1)
            self._quote_reach.append(reach)

    def span(self, first: int, end: int) -> Span:
        """The characters of tokens ``first`` to ``end - 1``, without invisible format marks at the edges (1438ه\u200d)."""
        start, stop = self.starts[first], self.ends[end - 1]
        text = self.text
        while stop - start > 1 and is_invisible_mark(text[stop - 1]):
            stop -= 1
        while stop - start > 1 and is_invisible_mark(text[start]):
            start += 1
        return Span(start, stop)

    def inside(self, opener: int) -> int:
        """How many tokens a quotation-mark or bracket pair holds."""
        close = self.close_of.get(opener, self.bracket_close.get(opener))
        return 0 if close is None else close - opener - 1


class KeyCache(dict[str, str]):
    """Token -> matching key, cached across articles, and the punctuation tokens among those keys.

    Every token enters through :class:`QuoteText`, which tests it for punctuation
    then, so membership in ``punctuation`` is the whole test afterwards: a lookup in
    a set of a few hundred marks and emoji sequences, where the same test on every
    token (or a lookup among all the words read) costs several times more.
    Cleared together, so a long run never grows either without end.
    """

    __slots__ = ("punctuation",)

    #: Past this many keys :meth:`bounded` clears the cache, so a long run does not grow without end.
    MAX_KEYS = 500_000

    def __init__(self) -> None:
        super().__init__()
        self.punctuation: set[str] = set()

    def clear(self) -> None:
        super().clear()
        self.punctuation.clear()

    def bounded(self) -> KeyCache:
        """This cache, emptied first when it holds more than :attr:`MAX_KEYS` keys (called once per article)."""
        if len(self) > self.MAX_KEYS:
            self.clear()
        return self


def _final_ya_written(raw: list[str]) -> str | None:
    """The letter a text writes at the end of words for both ي and ى, when it writes them alike: ى (فى، الذى، the
    name علي as على), ي (حتي، الي، the preposition على as علي), else None (the standard spelling keeps them apart).
    ``raw`` are the tokens' letters (:attr:`QuoteText.raw`), without the marks inside words: فِى is فى."""
    if any(map(raw.__contains__, _ALA_PREPOSITION)):
        as_maksura = sum(map(_FINAL_YA_AS_MAKSURA.__contains__, raw))
        if as_maksura and as_maksura > sum(map(_FINAL_YA_WORDS.__contains__, raw)):
            return "ى"
        return None
    if sum(map(_FINAL_MAKSURA_AS_YA.__contains__, raw)) > sum(map(_FINAL_MAKSURA_WORDS.__contains__, raw)):
        return "ي"
    return None


def _set_at_each(values: list[str], tokens: list[str], token: str, value: str) -> None:
    """Set ``values[k] = value`` wherever ``tokens[k] == token``, in place.

    The occurrences are found by list.index's scan in C: rebuilding the whole list in Python for a name that
    stands a few times in a long article cost more than the rest of the key lookup.
    """
    k = -1
    try:
        while True:
            k = tokens.index(token, k + 1)
            values[k] = value
    except ValueError:
        pass


def _invisible_as_punctuation(token: str) -> bool:
    """True for a punctuation mark, a symbol or emoji sequence, or a lone format mark: tokens no reader sees as words."""
    return (unicodedata.category(token[0])[0] in "PS" or is_invisible_mark(token[0])) and (
        len(token) == 1 or _symbolic(token))


def _symbolic(token: str) -> bool:
    """True for a token of symbols, marks and joiners only (an emoji sequence)."""
    return all(unicodedata.category(c)[0] in "PSM" or is_invisible_mark(c) for c in token)


def _token_ranges(starts: list[int], bounds: list[int], n: int) -> list[tuple[int, int]]:
    """Token index ranges of consecutive stretches of text beginning at the character offsets ``bounds``.

    The first stretch takes every token before the second bound; one bisect a stretch,
    not a search a token.
    """
    firsts = [0] + [bisect.bisect_left(starts, b) for b in bounds[1:]]
    return [(firsts[i], firsts[i + 1] if i + 1 < len(firsts) else n) for i in range(len(firsts))]


def _trails_off(text: str, end: int, start: int) -> bool:
    """True when a sentence ends in an ellipsis (.. or …) glued to the next word.

    Web news types dots run into the next word as a pause inside one statement
    (الآسيوي..أنا أعرف), so what follows continues the same speech. After a space
    the dots often close a scene instead (ومشت.. فلما رجع), so those still end it.
    """
    tail = text[max(0, end - 2) : end]
    return (tail == ".." or tail.endswith("…")) and start == end


def _joins_decimal(text: str, end: int, start: int) -> bool:
    while start < len(text) and text[start] in _DIRECTION_MARKS:
        start += 1
    return (
        end >= 2 and text[end - 1] == "." and text[end - 2].isdigit()
        and start < len(text) and text[start].isdigit()
        and all(c in _DIRECTION_MARKS for c in text[end:start])
    )
