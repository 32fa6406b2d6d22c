"""The Arabic stop-word list (``khabar/data/stopwords_ar.txt``), folded for matching: :func:`khabar.text.stop_words`."""

from __future__ import annotations

from ..text import is_stop_word, stop_words

__all__ = ["stop_words", "is_stop_word"]
