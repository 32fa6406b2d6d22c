"""The Arabic text layer: tokens and sentences with character offsets, and normalisation for matching.

Tokens are exactly those of camel-tools' ``simple_word_tokenize`` (split at
white space, then split off every punctuation mark, symbol and emoji), but with
their offsets in the text, and several times faster: camel-tools walks each word
character by character in Python, while :func:`token_strings` splits the text
at every symbol with one compiled ``regex`` pattern (the ``\\p{P}`` and
``\\p{S}`` properties) and splits the rest at white space with ``str.split``,
both in C. The standard library's ``re`` cannot be used: its ``\\w`` stops at
Arabic diacritics, and it has no Unicode properties (a class of the thousands of
symbol characters spelled out is several times slower).

Offsets are Python code-point offsets, end exclusive, as everywhere in khabar.
Nothing here changes stored text: the normalisers return new strings for
matching and counting only.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import add
from typing import NamedTuple

import regex

__all__ = [
    "Token",
    "Sentence",
    "tokenize",
    "token_spans",
    "strings_and_starts",
    "token_strings",
    "count_tokens",
    "split_sentences",
    "count_sentences",
    "normalize",
    "fold",
    "folded_away",
    "TANWEEN",
    "dediacritize",
    "remove_tatweel",
    "remove_invisible",
    "is_invisible_mark",
    "stop_words",
    "is_stop_word",
    "is_punctuation",
    "TATWEEL",
    "INVISIBLE_CHARS",
    "CamelSymbols",
    "camel_symbols",
]

TATWEEL = "\u0640"
#: Zero-width and bidi control characters, the soft hyphen and the C0 and C1 control characters that are not white
#: space (a regular-expression class body): scraped Arabic carries them around words and punctuation
#: (``جنيه\u200f``) and inside words (a soft hyphen a page set for line breaking: مو\u00adسكو), where they change
#: nothing a reader sees; a NUL or an old encoder's U+008F glued to a word (``قال\x00``) displays nothing either,
#: and must not hide the word from the lexicons (camel-tools' tokenizer keeps it inside the word).
INVISIBLE_CHARS = ("\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff"
                   "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f")
_INVISIBLE = regex.compile(f"[{INVISIBLE_CHARS}]+")

# Python's str.split() splits at these, and so does camel-tools; regex's \s differs
# (it leaves out U+001C..U+001F), so the class is spelled out from str.isspace.
_WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def _char_class(chars: Iterable[str]) -> str:
    """The inside of a ``[...]`` class for ``chars``, as ranges: a long list of single characters is slow to match."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(f"\\U{points[i]:08x}" if i == j else f"\\U{points[i]:08x}-\\U{points[j]:08x}")
        i = j + 1
    return "".join(parts)


_WS_CLASS = _char_class(_WHITESPACE)

class Token(NamedTuple):
    """A token and where it stands: ``text[start:end] == token.text``.

    A named tuple rather than a frozen dataclass: a news archive holds millions
    of tokens, and :func:`tokenize` builds a tuple about four times faster (a
    frozen dataclass sets each field through ``object.__setattr__``). It is
    immutable and hashable all the same, and unpacks as ``text, start, end``.
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's offsets; ``text[start:end]`` has no white space at either end."""

    start: int
    end: int

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


_DISAGREEING_BMP: set[str] = set()  # filled by camel_symbols()


def _may_hold_astral(text: str) -> bool:
    """False only when ``text`` certainly holds no character beyond U+FFFF.

    CPython stores a string with 1, 2 or 4 bytes a character, the widest it
    needs, so its size answers in constant time what a scan would answer in
    linear time. Elsewhere the answer is always "maybe".
    """
    if sys.implementation.name != "cpython":
        return True
    return sys.getsizeof(text) > 2 * len(text) + 76


class CamelSymbols(NamedTuple):
    """camel-tools' symbol tables and the fast patterns khabar derives from them (see :func:`camel_symbols`).

    Shared by the tokeniser here and the column-wise counting of :mod:`khabar.stats`,
    which must split exactly where :func:`token_strings` splits.
    """

    #: camel-tools' own set of symbol characters and sequences.
    symbols: frozenset[str]
    #: camel-tools' own pattern for one symbol.
    symbol_re: regex.Pattern[str]
    #: Matches any character that sends a text to the slow, step-for-step path.
    needs_slow: regex.Pattern[str]
    #: Splits a text at symbols, keeping them (one capturing group).
    splitter: regex.Pattern[str]
    #: Characters of the Basic Multilingual Plane where camel-tools' set and the ``\p{P}``/``\p{S}``
    #: properties disagree: a text split by ``splitter`` holding one of them takes the slow path.
    disagreeing_bmp: frozenset[str]


@functools.cache
def camel_symbols() -> CamelSymbols:
    """camel-tools' own symbol set and pattern, and the fast patterns derived from them (computed once).

    Imported on first use: camel_tools.utils needs no data and does not import torch.
    The fast splitter uses the ``\\p{P}`` and ``\\p{S}`` properties (a class of
    thousands of single characters is slow to match) and corrects for the few
    characters where camel-tools' set, built from Python's older Unicode tables,
    disagrees with the ``regex`` module's: texts holding one of those, or an
    emoji sequence, take the slow path.
    """
    from camel_tools.tokenizers import word as camel_word

    symbols: frozenset[str] = camel_word._SYMBOLS_ALL
    symbol_re: regex.Pattern[str] = camel_word._SYMBOLS_RE
    accepted = {c for c in symbols if len(c) == 1 and symbol_re.fullmatch(c)}
    by_property = regex.compile(r"[\p{P}\p{S}]")
    # One findall over every code point runs in C: three times faster than a match per character.
    property_chars = set(by_property.findall("".join(map(chr, range(0x110000)))))
    extra = _char_class(accepted - property_chars)
    _DISAGREEING_BMP.update(c for c in property_chars ^ accepted if c < "\U00010000")
    disagreeing_bmp = _char_class(_DISAGREEING_BMP)
    # Split at symbols in C, then str.split() the stretches between them (the
    # same white space as camel-tools).
    symbol_splitter = regex.compile(f"([\\p{{P}}\\p{{S}}{extra}])")
    # Every emoji modifier, regional indicator, tag and most disagreeing characters
    # lie outside the Basic Multilingual Plane: one range tests them all cheaply.
    needs_slow = regex.compile(f"[\\u200D\\uFE0F\\u20E3\\U00010000-\\U0010FFFF{disagreeing_bmp}]")
    return CamelSymbols(symbols, symbol_re, needs_slow, symbol_splitter, frozenset(_DISAGREEING_BMP))


def _slow_token_spans(text: str) -> Iterator[tuple[int, int]]:
    """camel-tools' algorithm, step for step, keeping offsets. Used for texts with emoji sequences."""
    symbols, symbol_re, *_ = camel_symbols()
    for word in regex.finditer(f"[^{_WS_CLASS}]+", text):
        end = word.end()
        pos = start = word.start()
        while pos < end:
            match = symbol_re.match(text, pos, end)
            if match is not None and match[0] in symbols:
                if pos != start:
                    yield start, pos
                yield pos, match.end()
                pos = start = match.end()
                continue
            pos += 1
        if start < end:
            yield start, end


def _starts(text: str, strings: list[str]) -> list[int]:
    """Where each of ``strings``, the tokens of ``text`` in order, begins.

    Only white space lies between two tokens and a token never begins with
    white space, so the first occurrence of a token at or after the end of the
    one before it is that token. Finding them again is cheaper than asking the
    pattern for a match object per token (or than summing the lengths of the
    words between two symbols, tried: a fifth slower).
    """
    starts: list[int] = []
    append, find = starts.append, text.find
    pos = 0
    for token in strings:
        pos = find(token, pos)
        append(pos)
        pos += len(token)
    return starts


def strings_and_starts(text: str) -> tuple[list[str], list[int]]:
    """:func:`token_strings` and where each token begins: what an offset-keeping reader needs, without tuples."""
    strings = token_strings(text)
    return strings, _starts(text, strings)


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every token, without building :class:`Token` objects."""
    strings, starts = strings_and_starts(text)
    return list(zip(starts, map(add, starts, map(len, strings)), strict=True))


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets, as camel-tools' ``simple_word_tokenize`` would.

    >>> [t.text for t in tokenize("وقال الكرملين: «نعم».")]
    ['وقال', 'الكرملين', ':', '«', 'نعم', '»', '.']
    """
    strings, starts = strings_and_starts(text)
    # tuple.__new__ builds each Token in C (what Token._make does); calling
    # Token() goes through the named tuple's Python-level __new__, twice as slow.
    return list(map(tuple.__new__, repeat(Token), zip(strings, starts, map(add, starts, map(len, strings)))))


def token_strings(text: str) -> list[str]:
    """The tokens alone, without offsets: the fastest path, for counting and statistics."""
    _, _, needs_slow, symbol_splitter, _ = camel_symbols()
    if _may_hold_astral(text) or "\u200d" in text or "\ufe0f" in text or "\u20e3" in text:
        if needs_slow.search(text):
            return [text[s:e] for s, e in _slow_token_spans(text)]
    parts = symbol_splitter.split(text)
    if not _DISAGREEING_BMP.isdisjoint(parts[1::2]):
        return [text[s:e] for s, e in _slow_token_spans(text)]
    tokens: list[str] = []
    extend, append = tokens.extend, tokens.append
    for i in range(0, len(parts) - 1, 2):
        extend(parts[i].split())
        append(parts[i + 1])
    extend(parts[-1].split())
    return tokens


def count_tokens(text: str) -> int:
    return len(token_strings(text))


# --- sentences -------------------------------------------------------------------------------

# Abbreviations after which a full stop does not end a sentence: Arabic titles
# (د. for doctor, أ. for professor, م. for engineer), calendar marks (هـ. and م.
# after a year), and a few Latin ones that turn up in Arabic news.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "د", "أ", "م", "ج", "ص", "ق", "هـ", "ه", "ت", "س", "ب", "ل", "ط", "ك", "إ", "ع", "ش", "ح",
        "أ.د", "م.م", "ص.ب", "ج.م.ع",
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "No", "vs", "etc", "Inc", "Ltd", "Co",
    }
)

_STOPS = ".!?؟…"
# Line breaks as str.splitlines() knows them, so a text's lines never share a sentence.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TERMINATOR = regex.compile(f"[{_STOPS}]+|[{_LINE_BREAKS}]+")
_CLOSERS = "\"'»”’)]}"
# Invisible bidi marks that scraped Arabic puts around punctuation (3.\u200f2, .\u200f)
_BIDI_MARKS = "\u200e\u200f\u061c"
_LAST_WORD = regex.compile(r"[^\s]*$")  # compiled once: split_sentences runs per article in the statistics
_TRAILING = regex.compile(f"[{regex.escape(_CLOSERS + _STOPS + _BIDI_MARKS)}]*")
_NOT_PUNCTUATION = regex.compile(r"[^\p{P}\p{S}]").search
#: What a word may carry after a letter without a reader seeing another letter: the soft hyphen and zero-width and
#: bidi marks (a tatweel and diacritics are told by their category).
_INVISIBLE_SET = frozenset(regex.findall(f"[{INVISIBLE_CHARS}]", "".join(map(chr, range(0x10000)))))


#: Tanween (fathatan, dammatan, kasratan): the case ending of an indefinite noun, never on a verb or a letter's name.
TANWEEN = "\u064b\u064c\u064d"


def _belongs_to_letter_before(char: str) -> bool:
    """A diacritic, a tatweel or an invisible mark: written after a letter (عَ، عـ، ع\u200c), it is part of it."""
    return char == TATWEEL or char in _INVISIBLE_SET or unicodedata.category(char)[0] == "M"


def _neighbour(text: str, pos: int, step: int) -> str:
    """The first character from ``pos`` on in direction ``step`` that is not a bidi mark ('' past the text); going
    back, the letter whose diacritics, tatweel or invisible marks stand at ``pos`` (دُّيْ.اِنْ: ي)."""
    while 0 <= pos < len(text) and (text[pos] in _BIDI_MARKS or (step < 0 and _belongs_to_letter_before(text[pos]))):
        pos += step
    return text[pos] if 0 <= pos < len(text) else ""


def _short_letter_run(text: str, end: int) -> bool:
    """Whether one to three letters, each with its marks (:func:`_belongs_to_letter_before`), end at ``end`` after
    a character that is neither or the text's start: the letters of an acronym spelled with dots (ان.بي، دِي.إِن).
    Not a word with tanween (غداً.وأكدت): the name of a letter never takes it."""
    letters = 0
    pos = end - 1
    while pos >= 0:
        char = text[pos]
        if char in TANWEEN:
            return False
        if _belongs_to_letter_before(char):
            pass
        elif char.isalpha():
            letters += 1
            if letters > 3:
                return False
        else:
            break
        pos -= 1
    return letters > 0


def _full_stop_ends_sentence(text: str, dot: int, sentence_start: int) -> bool:
    """False for the dot of a number (3.5), of a web address (spa.gov.sa) or after an abbreviation (د. محمد)."""
    if text[dot + 1 : dot + 2] != " ":  # the usual dot, before a plain space, can only close an abbreviation
        before = _neighbour(text, dot - 1, -1)
        after = _neighbour(text, dot + 1, 1)
        if before.isdigit() and after.isdigit():
            return False
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            return False
        if before.isalpha() and after.isalpha() and _short_letter_run(text, dot):
            return False  # an acronym spelled with dots: ان.بي.سي, يو.بي.اس (but not الجمعة.وقال)
        if after in _LINE_BREAKS:  # '' (the end of the text) too: nothing follows to join
            return True
    word = _LAST_WORD.search(text, max(sentence_start, dot - 12), dot)
    if word is None:
        return True
    written = word[0].lstrip("(«\"")
    if written in ABBREVIATIONS:
        return False
    if written.isalpha() and TATWEEL not in written:  # nearly every word: no mark to pass over
        return True
    # دُ. (a title's letter vocalised), هـُ.: the letters without their marks.
    return "".join(c for c in written if not _belongs_to_letter_before(c)) not in ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences at ``.`` ``!`` ``?`` ``؟`` ``…`` and line breaks.

    A full stop between digits (3.5, also with a bidi mark: 3.\u200f2), between
    two Latin letters or digits (www.spa.gov.sa) or after a known abbreviation
    (د. محمد) does not end a sentence. Closing quotation marks and brackets
    right after the terminator, and any further terminators (``!".``), stay
    with the sentence they close. Each sentence is stripped of white space:
    ``text[s.start:s.end]`` is the sentence.

    >>> [s.text_in(t) for t in ["قال: «نعم!». ثم غادر"] for s in split_sentences(t)]
    ['قال: «نعم!».', 'ثم غادر']
    """
    sentences: list[Sentence] = []
    _walk_sentences(text, sentences)
    return sentences


def count_sentences(text: str) -> int:
    """``len(split_sentences(text))``, without building the sentences: the statistics' per-article step."""
    return _walk_sentences(text, None)


def _walk_sentences(text: str, out: list[Sentence] | None) -> int:
    """Find the sentences of ``text``: append them to ``out`` (``None``: only count them); return how many.

    One walk for both, written as a loop rather than a generator of spans: the
    statistics run it on every article, and a generator costs a tenth more.
    """
    count = 0
    last_end = -1  # end of the last sentence
    start = 0
    trailing = _TRAILING.match
    for match in _TERMINATOR.finditer(text):
        first = match.start()
        if first < start:  # already taken into the sentence before (the '.' of '!".')
            continue
        end = match.end()
        if text[first] in _STOPS:
            if end - first == 1 and text[first] == "." and not _full_stop_ends_sentence(text, first, start):
                continue
            end = trailing(text, end).end()  # closing marks and further terminators stay with the sentence
        count, last_end = _close_sentence(text, start, end, count, last_end, out)
        start = end
    return _close_sentence(text, start, len(text), count, last_end, out)[0]


def _close_sentence(
    text: str, start: int, end: int, count: int, last_end: int, out: list[Sentence] | None
) -> tuple[int, int]:
    """Take ``[start, end)`` stripped as a sentence, unless empty or a stray mark; the new count and last end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return count, last_end
    if count and _is_stray_mark(text, start, end, last_end):
        if out is not None:
            out[-1] = Sentence(out[-1].start, end)
        return count, end
    if out is not None:
        out.append(Sentence(start, end))
    return count + 1, end


def _is_stray_mark(text: str, start: int, end: int, previous_end: int) -> bool:
    """Whether ``text[start:end]`` is punctuation alone on the line of the sentence ending at ``previous_end``.

    Such a mark (". ." in scraped text) joins the sentence before it.
    """
    if text[start].isalpha():  # nearly every sentence: no mark alone
        return False
    found = _NOT_PUNCTUATION(text, start, end)
    # regex's Unicode tables may be newer than unicodedata's: only a character both agree on decides.
    if found is not None and unicodedata.category(found[0])[0] not in "PS":
        return False
    return is_punctuation(text[start:end]) and not _has_line_break(text, previous_end, start)


def _has_line_break(text: str, start: int, end: int) -> bool:
    return any(c in _LINE_BREAKS for c in text[start:end])


# --- normalisation (for matching and statistics only) ------------------------------------------


@functools.cache
def _camel_normalizers():  # noqa: ANN202 - private
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    return dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar, normalize_unicode


def dediacritize(text: str) -> str:
    """Remove Arabic diacritics (camel-tools' ``dediac_ar``)."""
    return _camel_normalizers()[0](text)


def remove_tatweel(text: str) -> str:
    return text.replace(TATWEEL, "")


def remove_invisible(text: str) -> str:
    """``text`` without zero-width and bidi control characters (:data:`INVISIBLE_CHARS`)."""
    return _INVISIBLE.sub("", text)


def is_invisible_mark(char: str) -> bool:
    """A format mark (RLM, ZWJ: Unicode's ``Cf``) or a control character that is not white space (NUL, U+008F).

    What a span sheds at its edges and a word's reader passes over: neither is
    seen, and a control character glued to a word by a scraper or an old encoder
    (``قال\x00``) is as invisible as a direction mark.
    """
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and not char.isspace())


def normalize(
    text: str,
    *,
    alef: bool = True,
    alef_maksura: bool = True,
    teh_marbuta: bool = True,
    diacritics: bool = True,
    tatweel: bool = True,
    invisible: bool = True,
    unicode: bool = False,
) -> str:
    """A matching key for ``text``: alef forms to ا, ى to ي, ة to ه, no diacritics, no tatweel, no invisible marks.

    With every default (:func:`fold`), letter variants (ی، ک، ڨ) and presentation
    forms also become the Arabic letters they write.

    Built on camel-tools' normalisers; never store the result in place of the text.
    ``unicode=True`` also folds presentation forms and other compatibility
    characters (NFKC, as camel-tools' ``normalize_unicode``).
    """
    if alef and alef_maksura and teh_marbuta and diacritics and tatweel and invisible:
        # The default, the matching key of every token the extractors read.
        # fold first: camel-tools' NFKC would leave the spaces of presentation forms (ﷺ) that fold drops
        return fold(_camel_normalizers()[4](fold(text))) if unicode else fold(text)
    dediac, norm_alef, norm_maksura, norm_teh, norm_unicode = _camel_normalizers()
    if unicode:
        text = norm_unicode(text)
    if tatweel:
        text = remove_tatweel(text)
    if invisible:
        text = remove_invisible(text)
    if diacritics:
        text = dediac(text)
    if alef:
        text = norm_alef(text)
    if alef_maksura:
        text = norm_maksura(text)
    if teh_marbuta:
        text = norm_teh(text)
    return text


#: Code points any step of :func:`normalize` can change: the Arabic blocks (letters, diacritics, tatweel), the
#: general punctuation block (invisible marks), the soft hyphen, the byte order mark and the C0 and C1 controls.
_FOLDABLE = [*range(0x0000, 0x0020), *range(0x007F, 0x00A0), 0x00AD, *range(0x0600, 0x0900), *range(0x2000, 0x2070),
             0xFEFF]


@functools.cache
def _folding_table() -> dict[int, str | None]:
    """What :func:`normalize`'s default steps do to each character they change (``None``: deleted).

    Each step (camel-tools' dediacritisation and alef, alef maksura and teh marbuta
    folding; tatweel and invisible marks removed) maps or deletes single characters
    and none makes a character another step changes, so the chain is this one
    table. :func:`fold` takes the characters to delete from it, so they stay
    camel-tools' own (tests check :func:`fold` against the chain on every character
    of the Basic Multilingual Plane).
    """
    dediac, norm_alef, norm_maksura, norm_teh, _ = _camel_normalizers()
    table: dict[int, str | None] = {}
    for point in _FOLDABLE:
        char = chr(point)
        folded = norm_teh(norm_maksura(norm_alef(dediac(remove_invisible(remove_tatweel(char))))))
        if folded != char:
            table[point] = folded or None
    return table


@functools.cache
def _deleted_characters() -> regex.Pattern[str]:
    """One class of every character :func:`normalize`'s default steps delete (diacritics, tatweel, invisible marks)."""
    return regex.compile(f"[{regex.escape(folded_away())}]+")


@functools.cache
def folded_away() -> str:
    """Every character :func:`normalize`'s default steps delete (diacritics, tatweel, invisible marks), in code point
    order: what :func:`fold` deletes but the presentation forms of diacritics (ﹰ), which it reads as what they show."""
    return "".join(chr(p) for p, folded in _folding_table().items() if folded is None)


#: The Arabic presentation forms A and B (not U+FEFF, the byte order mark, which :func:`fold` deletes).
_PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufefe"
#: Letters of the script's other languages and presentation forms, which :func:`_variant_table` may fold. The
#: standard library's ``re``: it looks through a word about three times faster than ``regex`` or ``max``.
_may_be_variant = re.compile(f"[\u0671-\u06ff{_PRESENTATION_FORMS}]").search


def _displayed(predicate) -> dict[int, str]:  # noqa: ANN001 - a test of (form, what it displays)
    """Each presentation form and what it displays (Unicode NFKC), where ``predicate(form, displayed)`` holds."""
    forms = (chr(p) for p in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)])
    return {ord(form): shown for form in forms
            if (shown := unicodedata.normalize("NFKC", form)) != form and predicate(form, shown)}


@functools.cache
def _variant_table() -> dict[int, str]:
    """The Arabic letter each letter variant and presentation form writes, folded as :func:`fold` folds letters.

    Arabic typed on a Persian or Urdu keyboard writes ي as ی and ك as ک (one
    SaudiNewsNet article in a hundred holds some), Tunisian news writes the g of
    a name as ڨ (قفصة as ڨفصة), and text copied out of PDFs keeps the
    presentation forms (ﻭﻗﺎﻝ, the ligature ﻻ) that only display letters. A word
    so written must get the key of the same word in ordinary letters, or every
    lexicon, gazetteer and model misses it. The variants follow camel-tools'
    ``arclean`` map (letters only: a variant it maps to several characters or to
    none stays as it is; ڤ, a v in foreign names and sometimes a Tunisian g,
    becomes ف); a presentation form of a letter, ligature or mark becomes what it
    displays (Unicode NFKC), its spaces (the isolated diacritics' carrier)
    dropped; the symbols among them (the rial sign ﷼) stay symbols.
    """
    from camel_tools.utils.charmap import CharMapper

    arclean = CharMapper.builtin_mapper("arclean")
    folded_already = _folding_table()
    table: dict[int, str] = {}
    for point in range(0x0671, 0x0700):
        letter = arclean(chr(point))
        if point not in folded_already and len(letter) == 1 and "\u0621" <= letter <= "\u064a":
            table[point] = _fold_arabic(letter)
    for point, displayed in _displayed(lambda form, _: unicodedata.category(form)[0] in "LM").items():
        letters = _deleted_characters().sub("", displayed.translate(table))
        table[point] = _fold_arabic(letters).replace(" ", "")
    return table


@functools.cache
def _letter_forms() -> dict[int, str]:
    """Each presentation form of one letter (isolated, initial, medial, final) and each letter variant, and the
    Arabic letter it writes (see :func:`letters_in_place`)."""
    from camel_tools.utils.charmap import CharMapper

    arclean = CharMapper.builtin_mapper("arclean")
    # Letters only: arclean also writes two Sindhi signs (۽ ۾, symbols) as letters, which here would join a symbol
    # token to the words beside it and move the token edges that quote spans follow.
    variants = {point: letter for point in range(0x0671, 0x0700)
                if len(letter := arclean(chr(point))) == 1 and "\u0621" <= letter <= "\u064a"
                and unicodedata.category(chr(point))[0] == "L"}
    # arclean writes the Persian keyboard's ی as ى, the letter its isolated and final forms show (no dots); its
    # initial and medial forms show ي (dotted). The table gives ي, and letters_in_place writes ى at a word's end.
    variants[ord("ی")] = "ي"
    forms = _displayed(lambda form, shown: len(shown) == 1 and unicodedata.category(form)[0] == "L")
    table = variants | {point: variants.get(ord(shown), shown) for point, shown in forms.items()}
    table[0xFBFC] = table[0xFBFD] = "ى"  # ی's isolated and final presentation forms: dotless, as ى
    return table


#: The Persian keyboard's ی at a word's end (no letter follows, past any diacritics): dotless there, it shows ى.
_FINAL_PERSIAN_YEH = regex.compile(r"\u06cc(?=\p{M}*(?!\p{L}))")


def letters_in_place(text: str) -> str:
    """``text`` with each presentation form of a single letter, and each letter of the script's other languages
    that writes an Arabic letter (ی، ک، ڨ), written as that letter: the same length, so offsets into one are
    offsets into the other (a ligature such as ﻻ, two letters in one character, stays).

    For readers that look at a word's own letters rather than its matching key (:func:`fold` reads every
    presentation form and variant already): the quote rules tell the name علي from the preposition على, for
    instance. The letters follow camel-tools' ``arclean`` map, as :func:`fold` does, but the Persian keyboard's ی
    is read as the letter it shows: ي inside a word (dotted), ى at a word's end (dotless, as arclean writes it). A
    reader reads a final ی as ى: علی is the preposition على to an Arabic reader unless the words around it make
    it the name, and a text that writes every final ي as ی (فی، الذی) reads as one that writes them ى (فى، الذى).
    """
    if not _may_be_variant(text):
        return text
    if "\u06cc" in text:
        text = _FINAL_PERSIAN_YEH.sub("ى", text)
    return text.translate(_letter_forms())


def fold(text: str) -> str:
    """``normalize(text)`` with every default: the matching key of a word.

    The same result as ``text.translate(_folding_table())`` followed by the
    letter variants and presentation forms of :func:`_variant_table` (tests check
    it against camel-tools' functions and Unicode NFKC on every character and on
    real articles), written for speed on words: ``str.translate`` looks up each
    character of a non-ASCII string in a Python dictionary (about 1.5 µs a word),
    while a word of letters alone (``str.isalpha`` is false for diacritics and
    invisible marks) without a tatweel needs no deletion, a word with no
    character of a variant's blocks needs no table, and ``str.replace`` runs in
    C (0.8 µs).
    """
    if not text.isalpha() or TATWEEL in text:
        text = _deleted_characters().sub("", text)
    if _may_be_variant(text):
        text = text.translate(_variant_table())
    # camel-tools' alef, alef maksura and teh marbuta folding (twice written: a call costs a fifth of fold's time).
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ٱ", "ا").replace("ى", "ي").replace("ة", "ه")


def _fold_arabic(text: str) -> str:
    """:func:`fold` of a text with no character to delete and no variant."""
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ٱ", "ا").replace("ى", "ي").replace("ة", "ه")


def is_punctuation(token: str) -> bool:
    """True for a token made only of punctuation marks and symbols."""
    return bool(token) and all(unicodedata.category(c)[0] in "PS" for c in token)


@functools.cache
def stop_words() -> frozenset[str]:
    """The Arabic stop words of ``khabar/data/stopwords_ar.txt``, each folded with :func:`normalize`.

    Function words as they stand as whole tokens (prepositions, pronouns, particles...): what corpus
    statistics leave out of their word counts and what a recogniser never repeats as a name alone.
    """
    from importlib import resources

    raw = resources.files("khabar").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in raw.splitlines())
    return frozenset(normalize(word) for word in words if word and not word.startswith("#"))


def is_stop_word(token: str) -> bool:
    return normalize(token) in stop_words()
