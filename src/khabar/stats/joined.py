"""Run-together words (``الأممالمتحدة`` for ``الأمم المتحدة``) found in a merged vocabulary.

The detector is the corpus importer's, :class:`khabar.corpus.joined.JoinedWords`,
which judges a token against a lexicon of type counts. The statistics already
hold the corpus's type counts, so the detector runs once, at the end, over the
rare types only (a frequent type is never taken for run-together words): it
costs nothing per article and does not depend on how the corpus was partitioned.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

__all__ = ["find_run_together"]


def find_run_together(counts: Counter[str], *, limit: int = 30, dictionary: bool = False) -> dict[str, Any]:
    """How many types of ``counts`` are run-together words, how often they occur, and examples.

    Examples are ``[token, count, "the words it splits into"]``, most frequent first, ties by token.
    With ``dictionary``, candidates a Hunspell Arabic dictionary knows as words are
    dropped, as the importer does. It is off by default here: loading the
    dictionary takes some 12 s and 430 MB (spylls), more than the statistics of
    a large corpus need in all; the frequency test alone over-reports a little
    (``الاحمد`` split as ``الا حمد``).
    """
    from ..corpus.joined import ARABIC_WORD, JoinedWords

    lexicon: Counter[str] = Counter({t: n for t, n in counts.items() if ARABIC_WORD.fullmatch(t)})
    detector = JoinedWords(lexicon)
    found: list[tuple[str, int, tuple[str, ...]]] = []
    for token, n in lexicon.items():
        if n <= detector.max_joined_count and len(token) >= 2 * detector.min_piece:
            pieces = detector.split(token)
            if pieces is not None:
                found.append((token, n, pieces))
    known_word = _dictionary() if found and dictionary else None
    if known_word is not None:
        found = [row for row in found if not known_word(row[0])]
    found.sort(key=lambda row: (-row[1], row[0]))
    return {
        "types": len(found),
        "occurrences": sum(row[1] for row in found),
        "examples": [[token, n, " ".join(pieces)] for token, n, pieces in found[:limit]],
    }


@functools.cache
def _dictionary():  # noqa: ANN202 - the importer's Hunspell look-up, loaded once per process (it takes seconds)
    from ..corpus.joined import load_hunspell

    return load_hunspell()
