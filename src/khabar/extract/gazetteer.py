"""Name lists: cleaning ANERGazet, and a longest-match recogniser that is the baseline to beat.

The raw ANERGazet person list holds function words (من, الذي) and first names
that are mostly common words (أمل, سعيد): looked up as they are, the lists
score an F1 of about 0.23 on ANERcorp. :meth:`Gazetteer.load` therefore drops

* entries of one or two letters (in Arabic almost always particles),
* one-word entries that are frequent words of a reference text (the top
  ``max_rank`` words by count), unless the reference text is labelled and
  tags the word as an entity more often than not,
* one-word entries a labelled reference text mostly tags ``O``.

Matching is over tokens, on :func:`~khabar.extract.features.match_key` forms,
with the proclitics و ف ب ل ك ال stripped from the first word of a name
(``وبالرياض`` matches ``الرياض`` and ``رياض``). The longest name wins.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path

from ..errors import ConfigError
from ..gold.model import Entity
from ..text import tokenize
from .bio import predict_by_sentence
from .features import match_key, split_clitics

__all__ = ["Gazetteer", "GazetteerRecognizer", "default_gazetteer_dir", "GAZETTEER_FILES"]

#: ANERGazet's file for each label.
GAZETTEER_FILES: Mapping[str, str] = {
    "PERS": "AlignedPersGazetteer.txt",
    "LOC": "AlignedLocGazetteer.txt",
    "ORG": "AlignedOrgGazetteer.txt",
}

_REPO_ROOT = Path(__file__).resolve().parents[3]


def default_gazetteer_dir() -> Path:
    """``$KHABAR_GAZETTEER_DIR``, else ``../shared/data/anercorp/ANERGazet`` beside the repository.

    Raises :class:`ConfigError` when neither exists.
    """
    configured = os.environ.get("KHABAR_GAZETTEER_DIR")
    candidate = Path(configured) if configured else _REPO_ROOT.parent / "shared" / "data" / "anercorp" / "ANERGazet"
    if not candidate.is_dir():
        raise ConfigError(
            "E410",
            "no gazetteer folder: set KHABAR_GAZETTEER_DIR (or pass --gazetteer) to a folder holding "
            + ", ".join(GAZETTEER_FILES.values())
            + " (ANERGazet, distributed with ANERcorp)",
            path=candidate,
        )
    return candidate


class Gazetteer:
    """Cleaned name lists, indexed for longest-match lookup over match keys."""

    def __init__(self, entries: Mapping[tuple[str, ...], str], dropped: Iterable[tuple[str, str]] = ()):
        #: Each name (a tuple of match keys) and its label.
        self.entries: dict[tuple[str, ...], str] = dict(entries)
        #: ``(name, label)`` pairs the cleaning removed, for inspection.
        self.dropped: list[tuple[str, str]] = list(dropped)
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._single: dict[str, set[str]] = {}
        for name, label in self.entries.items():
            self._by_first.setdefault(name[0], []).append((name[1:], label))
            if len(name) == 1:
                self._single.setdefault(name[0], set()).add(label)
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self._frozen = {k: frozenset(v) for k, v in self._single.items()}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: str) -> bool:
        return tuple(match_key(t.text) for t in tokenize(name)) in self.entries

    def labels_of(self, key: str) -> frozenset[str]:
        """Labels of the one-word names equal to ``key`` (a match key)."""
        return self._frozen.get(key, frozenset())

    def may_start(self, key: str) -> bool:
        """Whether a name of the lists could begin at a word with this match key (what :meth:`tag_keys` tries first)."""
        return any(first in self._by_first for first in _first_word_variants(key))

    def tag_keys(self, keys: Sequence[str]) -> list[str]:
        """BIO tags of the longest gazetteer matches over a sentence of match keys."""
        tags = ["O"] * len(keys)
        i = 0
        while i < len(keys):
            best: tuple[int, str] | None = None
            for first in _first_word_variants(keys[i]):
                for rest, label in self._by_first.get(first, ()):
                    end = i + 1 + len(rest)
                    if end <= len(keys) and (best is None or end - i > best[0]) and _rest_matches(keys, i + 1, rest):
                        best = (end - i, label)
                        break  # candidates are sorted longest first
            if best is None:
                i += 1
                continue
            length, label = best
            tags[i] = f"B-{label}"
            for j in range(i + 1, i + length):
                tags[j] = f"I-{label}"
            i += length
        return tags

    @classmethod
    def load(
        cls,
        directory: str | PathLike[str] | None = None,
        *,
        word_counts: Mapping[str, int] | None = None,
        entity_counts: Mapping[str, int] | None = None,
        max_rank: int = 1500,
        min_length: int = 3,
    ) -> Gazetteer:
        """Read and clean ANERGazet-style lists (one name a line, ``====`` between variant groups).

        ``word_counts`` maps match keys to their counts in a reference text;
        ``entity_counts`` (from labelled text) to how often the word was inside
        an entity. See the module docstring for the rules.
        """
        folder = Path(directory) if directory is not None else default_gazetteer_dir()
        frequent: set[str] = set()
        if word_counts:
            frequent = {w for w, _ in Counter(word_counts).most_common(max_rank)}
        entries: dict[tuple[str, ...], str] = {}
        dropped: list[tuple[str, str]] = []
        for label, filename in GAZETTEER_FILES.items():
            path = folder / filename
            if not path.exists():
                raise ConfigError("E411", f"gazetteer file missing (expected {filename} in the folder)", path=path)
            with open(path, encoding="utf-8-sig") as handle:
                for line in handle:
                    name = line.strip()
                    if not name or name.startswith("===="):
                        continue
                    keys = tuple(match_key(t.text) for t in tokenize(name))
                    if not keys:
                        continue
                    if _is_noise(keys, frequent, word_counts, entity_counts, min_length):
                        dropped.append((name, label))
                        continue
                    # A name in two lists keeps its first label (PERS, LOC, ORG): rare, and
                    # ambiguity the CRF resolves from context anyway.
                    entries.setdefault(keys, label)
        return cls(entries, dropped)


def _is_noise(
    keys: tuple[str, ...],
    frequent: set[str],
    word_counts: Mapping[str, int] | None,
    entity_counts: Mapping[str, int] | None,
    min_length: int,
) -> bool:
    if len(keys) > 1:
        # Multi-word names are specific; only a name made entirely of frequent words is suspect.
        return bool(frequent) and all(k in frequent for k in keys)
    word = keys[0]
    if len(word) < min_length:
        return True
    inside = entity_counts.get(word, 0) if entity_counts is not None else None
    if inside is not None and word_counts is not None:
        total = word_counts.get(word, 0)
        # Labelled evidence: drop what the annotators mostly left untagged.
        if total >= 2 and inside * 2 < total:
            return True
        if total and inside * 2 >= total:
            return False
    return word in frequent


@functools.lru_cache(maxsize=200_000)
def _first_word_variants(key: str) -> tuple[str, ...]:
    """The first word of a name, as written and without its proclitics (with and without ال); memoised per word."""
    variants = [key]
    clitics, stem = split_clitics(key)
    if clitics:
        variants.append(stem)
        if clitics.endswith("ال"):
            variants.append("ال" + stem)
        elif clitics.endswith("لل"):
            variants.append("ال" + stem)
    return tuple(variants)


def _rest_matches(keys: Sequence[str], start: int, rest: tuple[str, ...]) -> bool:
    for offset, word in enumerate(rest):
        if keys[start + offset] != word:
            return False
    return True


class GazetteerRecognizer:
    """The baseline recogniser: longest gazetteer match over tokens, nothing learnt."""

    name = "gazetteer"
    #: The baseline reports the lists' matches and nothing else (no names repeated: see bio.sentence_entities).
    consistent = False

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def predict_tokens(self, tokens: list[str]) -> list[str]:
        return self.gazetteer.tag_keys([match_key(t) for t in tokens])

    def predict(self, text: str) -> list[Entity]:
        return predict_by_sentence(self, text)
