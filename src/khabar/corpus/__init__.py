"""Corpus import: read raw articles from many layouts, clean them, repair run-together words, find duplicates."""

from .article import ARTICLE_FIELDS, Article
from .io import read_articles, write_articles

__all__ = ["ARTICLE_FIELDS", "Article", "read_articles", "write_articles"]
