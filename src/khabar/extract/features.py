"""Token features for Arabic named-entity recognition, and the word keys the recognisers match on.

Arabic glues conjunctions, prepositions and the article onto the next word
(و + ب + ال + مدينة = وبالمدينة), so a name seen once as ``الرياض`` must still be
recognised as ``وبالرياض``. Each token therefore contributes its normalised
form, its clitic-stripped stem and the clitics it carried, its character
affixes (which catch transliterated foreign names: -وف, -سكي, جي-), its shape,
gazetteer membership and word-cluster ids, and the same for its neighbours.

The clitic stripper is a few lines of prefix rules rather than a morphological
analyser: camel-tools' analyser needs a data package that is usually not
installed, and the CRF only needs a stable, fast guess (wrong splits still make
consistent features).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import Any, Protocol

from ..text import normalize, remove_invisible

__all__ = [
    "match_key",
    "split_clitics",
    "shape",
    "FeatureConfig",
    "sentence_features",
    "GazetteerLike",
    "ClustersLike",
]

# Longest first: a token is stripped of one conjunction, then one preposition, then the article.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_ARTICLE = "ال"
_MIN_STEM = 2


@functools.lru_cache(maxsize=500_000)
def match_key(word: str) -> str:
    """The form words are compared and counted in: no diacritics or tatweel, alef/ya/teh-marbuta folded."""
    return normalize(word)


@functools.lru_cache(maxsize=500_000)
def split_clitics(key: str) -> tuple[str, str]:
    """``(proclitics, stem)`` of a match key: ``وبالمدينه`` -> ``("وبال", "مدينه")``.

    A stem shorter than two letters means the guess was wrong (``ولد`` is not
    و + لد): the rule then backs off to the longest prefix that leaves enough.
    ``لل`` (ل + ال with the alef elided, as in للمدينه) is handled as one clitic.
    """
    rest, prefix = key, ""
    if len(rest) > _MIN_STEM + 1 and rest[0] in _CONJUNCTIONS:
        prefix, rest = rest[0], rest[1:]
    if len(rest) > _MIN_STEM + 2 and rest.startswith("لل"):
        return prefix + "لل", rest[2:]
    if len(rest) > _MIN_STEM + 1 and rest[0] in _PREPOSITIONS:
        candidate = rest[1:]
        # ب/ل/ك directly before a word are only prepositions often enough when the article follows.
        if candidate.startswith(_ARTICLE) and len(candidate) > _MIN_STEM + 2:
            prefix, rest = prefix + rest[0], candidate
    if len(rest) > _MIN_STEM + 2 and rest.startswith(_ARTICLE):
        prefix, rest = prefix + _ARTICLE, rest[2:]
    return prefix, rest


def shape(token: str) -> str:
    """A coarse writing class: ``ar``, ``lat``, ``num``, ``punct``, or ``mixed``; invisible marks do not count."""
    classes = set()
    for char in remove_invisible(token):
        if char.isdigit():
            classes.add("num")
        elif "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufeff":
            classes.add("ar")
        elif char.isalpha():
            classes.add("lat")
        elif unicodedata.category(char)[0] in "PS":
            classes.add("punct")
        else:
            classes.add("other")
    if len(classes) == 1:
        return classes.pop()
    return "mixed" if classes else "empty"


class GazetteerLike(Protocol):
    """What the features need from :class:`khabar.extract.gazetteer.Gazetteer`."""

    def labels_of(self, key: str) -> frozenset[str]: ...

    def tag_keys(self, keys: Sequence[str]) -> list[str]: ...


class ClustersLike(Protocol):
    """What the features need from :class:`khabar.extract.clusters.WordClusters`."""

    sizes: tuple[int, ...]

    def lookup(self, word: str) -> tuple[int, ...] | None: ...

    def vector(self, word: str) -> Any: ...


class FeatureConfig:
    """Which feature families to use; stored with a trained model so prediction computes the same ones."""

    def __init__(
        self,
        *,
        window: int = 2,
        affixes: int = 4,
        use_gazetteer: bool = True,
        use_clusters: bool = True,
        use_vectors: bool = False,
    ):
        self.window = window
        self.affixes = affixes
        self.use_gazetteer = use_gazetteer
        self.use_clusters = use_clusters
        #: The word's word2vec vector as real-valued features (about +0.015 strict F1 on ANERcorp;
        #: the neighbours' vectors too, or lower regularisation, gained nothing).
        self.use_vectors = use_vectors

    def to_dict(self) -> dict[str, object]:
        return dict(vars(self))

    def __repr__(self) -> str:
        return f"FeatureConfig({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


def _own_features(
    token: str, key: str, config: FeatureConfig, gazetteer: GazetteerLike | None, clusters: ClustersLike | None
) -> dict[str, object]:
    """Features of one token, without context."""
    clitics, stem = split_clitics(key)
    feats: dict[str, object] = {
        "w": key,
        "stem": stem,
        "cl": clitics,
        "shape": shape(token),
        "len": min(len(stem), 8),
    }
    for n in range(1, config.affixes + 1):
        if len(stem) > n:
            feats[f"p{n}"] = stem[:n]
            feats[f"s{n}"] = stem[-n:]
    if token != key:
        feats["raw"] = token
    if gazetteer is not None and config.use_gazetteer:
        for label in gazetteer.labels_of(stem) | gazetteer.labels_of(key):
            feats[f"gz:{label}"] = 1
    if clusters is not None and config.use_clusters:
        ids = clusters.lookup(key) or clusters.lookup(stem)
        if ids is None:
            feats["c:oov"] = 1
        else:
            for size, cid in zip(clusters.sizes, ids):
                feats[f"c{size}"] = str(cid)
        if config.use_vectors:
            vector = clusters.vector(key)
            if vector is None:
                vector = clusters.vector(stem)
            if vector is not None:
                for i, value in enumerate(vector.tolist()):
                    feats[f"v{i}"] = value
    return feats


# Context features copy only these of a neighbour's own features: the full set at ±2 would
# triple the model size for little gain.
_CONTEXT_KEYS = ("w", "stem", "shape", "cl", "s2", "c64", "c256", "c1024", "gz:PERS", "gz:LOC", "gz:ORG")


def sentence_features(
    tokens: Sequence[str],
    config: FeatureConfig,
    *,
    gazetteer: GazetteerLike | None = None,
    clusters: ClustersLike | None = None,
) -> list[dict[str, object]]:
    """One feature dict per token, in the form sklearn-crfsuite takes."""
    keys = [match_key(t) for t in tokens]
    own = [_own_features(t, k, config, gazetteer, clusters) for t, k in zip(tokens, keys)]
    phrase_tags = gazetteer.tag_keys(keys) if gazetteer is not None and config.use_gazetteer else None
    out: list[dict[str, object]] = []
    n = len(tokens)
    for i in range(n):
        feats: dict[str, object] = {"bias": 1, **own[i]}
        if phrase_tags is not None and phrase_tags[i] != "O":
            feats["gzp"] = phrase_tags[i]
        if i == 0:
            feats["BOS"] = 1
        if i == n - 1:
            feats["EOS"] = 1
        for offset in range(-config.window, config.window + 1):
            j = i + offset
            if offset == 0 or not 0 <= j < n:
                continue
            other = own[j]
            for name in _CONTEXT_KEYS:
                value = other.get(name)
                if value is not None:
                    feats[f"{offset}:{name}"] = value
            if phrase_tags is not None and abs(offset) == 1 and phrase_tags[j] != "O":
                feats[f"{offset}:gzp"] = phrase_tags[j]
        if i > 0:
            feats["bigram-1"] = keys[i - 1] + "|" + keys[i]
        if i < n - 1:
            feats["bigram+1"] = keys[i] + "|" + keys[i + 1]
        out.append(feats)
    return out
