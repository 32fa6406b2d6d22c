"""Exact and near-duplicate articles.

Exact duplicates share the same key: a hash of the text with white space
collapsed (SaudiNewsNet carries the same article on several days, once with a
trailing space more). White space is every character ``str.isspace`` names,
those ``str.split()`` splits at: no-break and em spaces, U+2028 and U+2029, NEL
and U+001C..U+001F as well as tabs and line ends. Differences in tatweel or
invisible characters are left to the near-duplicate search.
Near-duplicates are found with datasketch's MinHash over word 3-gram shingles
and its LSH index, which keeps only band hashes per article: memory grows with
the number of articles, never with their length, and the input streams.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

__all__ = ["Duplicate", "DuplicateFinder", "exact_key", "normalized_text", "stable_id"]

# The common white space of scraped text besides spaces and line feeds, replaced one character at a time
# (a pass in C each); the rarer kinds are left to _OTHER_SPACE.
_BLANKS = ("\t", "\r", "\xa0")
# Every other white space character: "\s" of a str pattern is str.isspace, so the class is the same set.
_OTHER_SPACE = re.compile(r"[^\S \n]")


def normalized_text(text: str) -> str:
    """``text`` with every run of white space made one space and none at either end: what exact duplicates share.

    White space is what ``str.isspace`` says it is, so the result is ``" ".join(text.split())``.
    Done per line and with ``str.replace`` (passes in C) rather than ``" ".join(text.split())``,
    which builds one string object per word and costs more than the whole rest of the key.

    >>> normalized_text(" نص\\u00a0 الخبر\\r\\n ")
    'نص الخبر'
    >>> normalized_text("نص\\u2028الخبر\\u2003")
    'نص الخبر'
    """
    for blank in _BLANKS:
        if blank in text:
            text = text.replace(blank, " ")
    # Line ends carry most of the white space to fold (" \n  "): joining the stripped
    # lines leaves the loop below one scan to do on most texts.
    if "\n" in text:
        text = " ".join([part for line in text.split("\n") if (part := line.strip(" "))])
    else:  # one line: no list to build
        text = text.strip(" ")
    # Every white space character but the space is unprintable, so a printable text (98% of SaudiNewsNet's)
    # holds no other: one scan in C tells, where the regular expression on every text made the key 2.8x slower.
    if not text.isprintable():
        text = _OTHER_SPACE.sub(" ", text).strip(" ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def exact_key(text: str) -> int:
    """The exact-duplicate key of ``text`` within one run (Python's salted hash: fast, not stable across runs)."""
    return hash(normalized_text(text))


def stable_id(text: str, *, normalized: str | None = None) -> str:
    """A stable id for ``text``: 16 hex digits of BLAKE2b of its normalised text.

    ``normalized``, when the caller has it already (``normalized_text(text)``),
    saves normalising the text a second time: the importer keys exact duplicates
    on the same string.
    """
    if normalized is None:
        normalized = normalized_text(text)
    return hashlib.blake2b(normalized.encode(), digest_size=8).hexdigest()


def _crc32(shingle: bytes) -> int:
    return zlib.crc32(shingle)


@dataclass(slots=True)
class Duplicate:
    """``id`` repeats ``of`` (the first article of its cluster); ``kind`` is ``"exact"`` or ``"near"``."""

    id: str
    of: str
    kind: str


class DuplicateFinder:
    """Feed articles in order; each answer says whether the article repeats an earlier one.

    >>> finder = DuplicateFinder(near=False)
    >>> finder.check("a", "نص الخبر"), finder.check("b", "نص  الخبر ")
    (None, Duplicate(id='b', of='a', kind='exact'))
    """

    def __init__(self, *, near: bool = True, threshold: float = 0.8, num_perm: int = 64, shingle: int = 3) -> None:
        self._first: dict[int, str] = {}
        self.near = near
        self.shingle = shingle
        self.num_perm = num_perm
        self.exact = 0
        self.near_count = 0
        self._order: dict[str, int] = {}  # article id -> position, to name a cluster by its first article
        if near:
            from datasketch import MinHash, MinHashLSH

            self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            # One MinHash's permutations, reused: building them per article costs more than hashing.
            self._template = MinHash(num_perm=num_perm, hashfunc=_crc32)

    def check(self, doc_id: str, text: str, *, normalized: str | None = None) -> Duplicate | None:
        """None for a new article, else which earlier article it repeats.

        ``normalized`` is ``normalized_text(text)`` when the caller has it already.
        """
        key = exact_key(text) if normalized is None else hash(normalized)
        first = self._first.get(key)
        if first is not None:
            self.exact += 1
            return Duplicate(doc_id, first, "exact")
        self._first[key] = doc_id
        if not self.near:
            return None
        words = text.split()
        n = self.shingle
        shingles = {" ".join(words[i:i + n]).encode() for i in range(max(1, len(words) - n + 1))}
        minhash = self._template.copy()
        minhash.update_batch(list(shingles))
        matches = self._lsh.query(minhash)
        if matches:
            self.near_count += 1
            return Duplicate(doc_id, min(matches, key=self._order.__getitem__), "near")
        self._order[doc_id] = len(self._order)
        self._lsh.insert(doc_id, minhash, check_duplication=False)
        return None
