"""The Arabic stop-word list (``khabar/data/stopwords_ar.txt``), folded for matching."""

from __future__ import annotations

import functools
from importlib import resources

from ..text import normalize

__all__ = ["stop_words", "is_stop_word"]


@functools.cache
def stop_words() -> frozenset[str]:
    """The stop words, each folded with :func:`khabar.text.normalize` (alef, ya, teh marbuta, diacritics)."""
    raw = resources.files("khabar").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in raw.splitlines())
    return frozenset(normalize(word) for word in words if word and not word.startswith("#"))


def is_stop_word(token: str) -> bool:
    return normalize(token) in stop_words()
