"""One name, one reading within an article: a recogniser's mentions repeated where it missed them.

A news article names its people, places and organisations again and again, and a
recogniser that tags each sentence on its own finds a name in one sentence and
misses it in the next (the context differs, or the later mention is the bare
surname). Within one article a name almost always keeps its type ("one sense per
discourse"; Finkel, Grenager and Manning 2005 enforce it inside the model, many
systems since as a second pass), so after tagging, :func:`propagate_mentions`

* tags every later or earlier occurrence of a mention's words that the recogniser
  left untagged, with the label the recogniser gave those words most often in the
  article (a tie: nothing), a conjunction or preposition glued to the first word
  allowed (وحركة النهضة after حركة النهضة; the span covers the whole word, as the
  guidelines want);
* tags a person's bare family name (السبسي after الباجي قائد السبسي) as PERS: the
  last word of a person mention of two words or more, unless it is a function word
  or ends a compound given name (عبد الله, أبو بكر).

Single words are only propagated when they are not function words (the stop-word
list folded as the keys are: على and the name علي share a key) and have at least
three letters. Nothing the recogniser tagged is changed.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Sequence
from importlib import resources

from ..gold.model import Entity
from ..text import Token, normalize
from .features import match_key

__all__ = ["propagate_mentions"]

#: Glued to a name's first word without changing the name: and, so, with/by, to/for, like (and pairs of them).
_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
#: First words of compound given names: their last word is no family name (عبد الله, أبو بكر).
_COMPOUND_HEADS = frozenset(match_key(w) for w in ("عبد", "أبو", "أبي", "أبا", "ابن", "بن", "بنت", "أم", "ام", "ذو"))
_MIN_LETTERS = 3


@functools.cache
def _function_words() -> frozenset[str]:
    raw = resources.files("khabar").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in raw.splitlines())
    return frozenset(match_key(normalize(w)) for w in words if w and not w.startswith("#"))


def _may_stand_alone(key: str) -> bool:
    return len(key) >= _MIN_LETTERS and key not in _function_words()


def propagate_mentions(tokens: Sequence[Token], entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` plus the repetitions of their names the recogniser left untagged (see the module's docstring).

    ``tokens`` are the article's tokens, in order, as the recogniser tagged them; every entity covers
    whole tokens. The result is sorted by position.
    """
    if not entities or not tokens:
        return list(entities)
    keys = [match_key(t.text) for t in tokens]
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    covered = [False] * len(tokens)
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    family_names: set[str] = set()
    for entity in entities:
        first, last = _token_range(entity, tokens, starts, ends)
        if first is None or last is None:
            continue
        for i in range(first, last + 1):
            covered[i] = True
        name = tuple(keys[first : last + 1])
        votes[name][entity.label] += 1
        if entity.label == "PERS" and len(name) >= 2 and name[-2] not in _COMPOUND_HEADS:
            family_names.add(name[-1])
    labels: dict[tuple[str, ...], str] = {}
    for name, counts in votes.items():
        (label, top), *rest = counts.most_common(2) + [("", 0)]
        if top > rest[0][1] and (len(name) > 1 or _may_stand_alone(name[0])):
            labels[name] = label
    for surname in family_names:
        if (surname,) not in votes and _may_stand_alone(surname):
            labels[(surname,)] = "PERS"
    if not labels:
        return list(entities)
    longest = max(len(name) for name in labels)
    added: list[Entity] = []
    i = 0
    while i < len(tokens):
        found = None
        if not covered[i]:
            for size in range(min(longest, len(tokens) - i), 0, -1):
                if any(covered[i : i + size]):
                    continue
                label = _label_of(keys[i : i + size], labels)
                if label is not None:
                    found = size, label
                    break
        if found is None:
            i += 1
            continue
        size, label = found
        added.append(Entity(tokens[i].start, tokens[i + size - 1].end, label))
        i += size
    return sorted([*entities, *added], key=lambda e: (e.start, e.end))


def _label_of(words: Sequence[str], labels: dict[tuple[str, ...], str]) -> str | None:
    name = tuple(words)
    if name in labels:
        return labels[name]
    first = words[0]
    for clitic in _PROCLITICS:
        if first.startswith(clitic) and len(first) - len(clitic) >= _MIN_LETTERS:
            bare = first[len(clitic) :]
            label = labels.get((bare, *name[1:]))
            if label is not None:
                return label
            if clitic.endswith("ل") and bare.startswith("ل"):  # لل: ل + ال with the alef elided (للسبسي)
                label = labels.get(("ا" + bare, *name[1:]))
                if label is not None:
                    return label
    return None


def _token_range(entity: Entity, tokens: Sequence[Token], starts: dict[int, int], ends: dict[int, int]) -> tuple[int | None, int | None]:
    first = starts.get(entity.start)
    last = ends.get(entity.end)
    if first is None or last is None:  # trimmed to a token's core (a mark at its edge): find the tokens it touches
        touching = [i for i, t in enumerate(tokens) if t.start < entity.end and t.end > entity.start]
        if not touching:
            return None, None
        first, last = touching[0], touching[-1]
    return first, last
