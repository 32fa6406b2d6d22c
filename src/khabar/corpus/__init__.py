"""Corpus import: read raw articles from many layouts, clean them, repair run-together words, find duplicates.

The entry point is :func:`import_corpus`; the pieces it is built from
(:mod:`.readers`, :mod:`.cleaning`, :mod:`.joined`, :mod:`.dedupe`,
:mod:`.fields`, :mod:`.fetch`) can be used alone.
"""

from .article import ARTICLE_FIELDS, Article
from .cleaning import STEPS as CLEANING_STEPS
from .cleaning import Cleaner, clean_text
from .dedupe import DuplicateFinder, exact_key, stable_id
from .fields import FieldNames, parse_date
from .importer import ImportSummary, import_corpus, iter_articles
from .io import read_articles, write_articles
from .joined import JoinedWords, count_lexicon, load_hunspell

__all__ = [
    "ARTICLE_FIELDS",
    "Article",
    "CLEANING_STEPS",
    "Cleaner",
    "DuplicateFinder",
    "FieldNames",
    "ImportSummary",
    "JoinedWords",
    "clean_text",
    "count_lexicon",
    "exact_key",
    "import_corpus",
    "iter_articles",
    "load_hunspell",
    "parse_date",
    "read_articles",
    "stable_id",
    "write_articles",
]
