"""Run-together words: find and repair tokens that lost the space between two or more words.

Scraped Arabic often loses the space where an HTML tag or a line break stood:
the seed article has ``سورياوروسيا`` (سوريا وروسيا), ``الأممالمتحدة`` and
``روسيابالأممالمتحدة``. A token is taken for run-together words when

* it is rare in the corpus (``count(token) <= max_joined_count``),
* it splits into 2 (else 3) pieces of at least ``min_piece`` (4) letters, each of
  them frequent (``count >= max(min_piece_count, ratio * count(token))``); a piece
  may carry the clitic prefixes و ف ب ل ك and the article ال, which are then
  stripped before the look-up (``وروسيا`` counts as ``روسيا``),
* the cut does not fall inside a word: a piece that is only an inflectional
  ending with a pronoun (``اتهم``) or clitics on a one- or two-letter stem
  (``الان``) is refused, and so is a cut that moving one or two letters to the
  left piece turns into a known word (``شقيق|اتهم`` -> ``شقيقات``),
* and, where a Hunspell Arabic dictionary is installed, the dictionary does not
  know the token as a word.

Among the valid splits the one with the fewest pieces wins, then the one whose
rarest piece is most frequent. The lexicon is a :class:`collections.Counter` of
token types counted from the corpus itself (:func:`count_lexicon`), so memory
follows the vocabulary, not the corpus.

Measured on all of SaudiNewsNet (``benchmarks/import.py``, without the
Hunspell check, which then serves as the independent judge): 613 repairs of
480 token types; 10 of those types (2%, 10 of 613 repairs) are words the
Hunspell dictionary knows, i.e. false splits (``بالكيلوغرام``, ``باعتقاله``).
With Hunspell installed those are kept whole.

Written here rather than taken from a word-segmentation library: those
(wordsegment, symspell) come with English unigram tables and do not know
Arabic clitics; the corpus's own counts are the better lexicon.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text import token_spans, token_strings

__all__ = ["ARABIC_WORD", "Joined", "JoinedWords", "count_lexicon", "load_hunspell", "HUNSPELL_AR"]

#: Where Debian's ``hunspell-ar`` package puts the Arabic dictionary.
HUNSPELL_AR = Path("/usr/share/hunspell/ar")

#: One word of Arabic letters only (no diacritic, tatweel, digit or Latin letter): the only
#: tokens that can be run-together words, and the only ones a lexicon for finding them counts.
ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
# A piece that is only an inflectional ending with a pronoun (ات+هم, ية+ها, ان+ها, و+هما) is the
# end of a word, not a word: شقيق|اتهم is شقيقاتهم. Compound hundreds (ثلاثمائة) are one word.
_WORD_ENDING = re.compile("(?:ات|ية|يت|ان|ون|ين|و|ت)?(?:ه|ها|هم|هما|هن|نا|كم|كما|ك)|مائة|مئة")
# Clitic prefixes, longest first: a conjunction (و ف), a preposition (ب ل ك), the article (ال).
_PREFIXES: tuple[str, ...] = tuple(sorted(
    {c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك", "ال", "بال", "كال", "لل")} - {""},
    key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Joined:
    """A run-together token at ``text[start:end]`` and the words it splits into."""

    start: int
    end: int
    token: str
    pieces: tuple[str, ...]

    @property
    def repaired(self) -> str:
        return " ".join(self.pieces)


def count_lexicon(texts: Iterable[str], lexicon: Counter[str] | None = None) -> Counter[str]:
    """Count the Arabic word tokens of ``texts`` (into ``lexicon`` when given)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(token_strings(text))  # counted in C; the non-words are dropped once per type below
    match = ARABIC_WORD.fullmatch
    lexicon = Counter() if lexicon is None else lexicon
    lexicon.update({word: n for word, n in counts.items() if match(word)})
    return lexicon


def load_hunspell(path: str | Path = HUNSPELL_AR) -> Callable[[str], bool] | None:
    """``word -> known?`` from a Hunspell dictionary (``path`` without ``.dic``), or None if unavailable.

    Needs the optional ``spylls`` package and the dictionary files
    (``apt-get install hunspell-ar``); without either the check is skipped.
    """
    base = Path(path)
    if not base.with_suffix(".dic").exists():
        return None
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        return None
    dictionary = Dictionary.from_files(str(base))
    return lru_cache(maxsize=1 << 16)(dictionary.lookup)


class JoinedWords:
    """Finds and repairs run-together words with a corpus lexicon.

    >>> lexicon = Counter({"سوريا": 900, "روسيا": 800, "الأمم": 500, "المتحدة": 700})
    >>> JoinedWords(lexicon).split("سورياوروسيا")
    ('سوريا', 'وروسيا')
    """

    def __init__(
        self,
        lexicon: Counter[str],
        *,
        max_joined_count: int = 3,
        min_piece_count: int = 50,
        ratio: float = 50.0,
        min_piece: int = 4,
        max_pieces: int = 3,
        extension_count: int = 5,
        known_word: Callable[[str], bool] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.max_joined_count = max_joined_count
        self.min_piece_count = min_piece_count
        self.ratio = ratio
        self.min_piece = min_piece
        self.max_pieces = max_pieces
        self.extension_count = extension_count
        self.known_word = known_word
        self._cache: dict[str, tuple[str, ...] | None] = {}

    def _piece_count(self, piece: str) -> int:
        count = self.lexicon.get(piece, 0)
        for prefix in _PREFIXES:
            if piece.startswith(prefix) and len(piece) - len(prefix) >= self.min_piece:
                count = max(count, self.lexicon.get(piece[len(prefix):], 0))
        return count

    @staticmethod
    def _bare_clitics(piece: str) -> bool:
        """True for a piece that is clitics on a stem of one or two letters (الان, والسن, للعب, بالي)."""
        return any(piece.startswith(p) and len(piece) - len(p) < 3 for p in _PREFIXES)

    def _inside_a_word(self, left: str, right: str) -> bool:
        """True when the cut falls inside a word: moving it one or two letters forms a known word.

        ``شقيق|اتهم`` is rejected since ``شقيقات`` is a word; ``سوريا|وروسيا``
        stands since neither ``سورياو`` nor ``سوري`` + ``اوروسيا`` ... is.
        """
        if _WORD_ENDING.fullmatch(right) or self._bare_clitics(left) or self._bare_clitics(right):
            return True
        for k in (1, 2):
            if k < len(right) and self._piece_count(left + right[:k]) >= self.extension_count:
                return True
        return False

    def split(self, token: str) -> tuple[str, ...] | None:
        """The words ``token`` is made of, or None when it is (taken for) one word."""
        if token in self._cache:
            return self._cache[token]
        result = self._split(token)
        if len(self._cache) < 1 << 18:
            self._cache[token] = result
        return result

    def _split(self, token: str) -> tuple[str, ...] | None:
        n = len(token)
        own = self.lexicon.get(token, 0)
        if n < 2 * self.min_piece or own > self.max_joined_count or not ARABIC_WORD.fullmatch(token):
            return None
        need = max(self.min_piece_count, self.ratio * own)
        m = self.min_piece
        best: tuple[int, tuple[str, ...]] | None = None
        for i in range(m, n - m + 1):
            left, right = token[:i], token[i:]
            score = min(self._piece_count(left), self._piece_count(right))
            if score >= need and (best is None or score > best[0]) and not self._inside_a_word(left, right):
                best = (score, (left, right))
        if best is None and self.max_pieces >= 3:
            for i in range(m, n - 2 * m + 1):
                first = self._piece_count(token[:i])
                if first < need or self._inside_a_word(token[:i], token[i:]):
                    continue
                for j in range(i + m, n - m + 1):
                    score = min(first, self._piece_count(token[i:j]), self._piece_count(token[j:]))
                    if score >= need and (best is None or score > best[0]) \
                            and not self._inside_a_word(token[i:j], token[j:]):
                        best = (score, (token[:i], token[i:j], token[j:]))
        if best is None or (self.known_word is not None and self.known_word(token)):
            return None
        return best[1]

    def find(self, text: str) -> list[Joined]:
        """Every run-together token of ``text``, in order."""
        shortest = 2 * self.min_piece
        split = self.split
        # Most texts hold no run-together word: look with the fast token strings first,
        # and work out offsets only for texts that do.
        if not any(split(t) for t in token_strings(text) if len(t) >= shortest):
            return []
        found = []
        for start, end in token_spans(text):
            if end - start >= 2 * self.min_piece:
                pieces = self.split(text[start:end])
                if pieces is not None:
                    found.append(Joined(start, end, text[start:end], pieces))
        return found

    def repair(self, text: str) -> tuple[str, list[Joined]]:
        """``text`` with a space put between the words of every run-together token, and what was repaired."""
        found = self.find(text)
        if not found:
            return text, found
        parts: list[str] = []
        pos = 0
        for joined in found:
            parts.append(text[pos:joined.start])
            parts.append(joined.repaired)
            pos = joined.end
        parts.append(text[pos:])
        return "".join(parts), found
