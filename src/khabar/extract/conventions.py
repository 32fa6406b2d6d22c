"""The project's annotation conventions, applied to entity training data that follows others.

A recogniser suggests what it was taught. ANERcorp, the base training data,
tags currencies (دولار، درهم، جنيه) and religions (الإسلام) as MISC, two fifths
of its 888 MISC mentions; the project's guidelines (``annotation/guidelines.md``)
say these are not entities, and its gold files leave them untagged. Trained on
ANERcorp as it is, the default recogniser filled pre-annotations with MISC
suggestions that annotators must delete: 19 of its 45 MISC suggestions on the
Jawhara FM gold and 26 of 39 on the dev gold were such words.

:func:`drop_non_entities` removes, from a training document, every MISC mention
made only of the words of ``khabar/data/not_entities.json`` (with their
proclitics: بالدولار، بدولار، والله), the first possibly followed by nationality
adjectives (الدولار الأمريكي). Only mentions labelled MISC in the source are
looked at, before any ``--map-label`` mapping. A label mapping (``--map-label MISC=O``) cannot do this: it
would drop the named events, laws and works too. Names that merely contain such
a word (ريال مدريد, عبد الله) keep their label, as do mentions of other types.
:func:`~khabar.extract.training_sources.read_training_sources` applies it to
every source unless asked to keep the sources' own conventions
(``khabar train entities --source-conventions``).

ANERcorp also leaves the noun that names a place's kind outside its LOC spans
(مدينة before 107 of them, منطقة 45, قطاع 20), where the guidelines put it inside
(محافظة اللاذقية) and both gold files mostly do (قطاع غزة، مدينة سوسة).
:func:`include_place_designators` widens a LOC mention to such a noun right
before it (``khabar/data/place_designators.json``, with its proclitics: بمدينة،
وطريق). :func:`to_guidelines` applies both.

The cost is on ANERcorp's own test sentences, which keep ANERcorp's
conventions: a recogniser trained this way no longer tags their currencies,
and puts مدينة inside the spans it finds; ``benchmarks/README.md`` gives both figures.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources

from ..gold.model import Document, Entity
from .features import match_key, split_clitics

__all__ = [
    "NOT_ENTITIES_FILE",
    "PLACE_DESIGNATORS_FILE",
    "drop_non_entities",
    "include_place_designators",
    "is_not_entity",
    "is_place_designator",
    "not_entity_words",
    "place_designators",
    "to_guidelines",
]

#: The packaged word list (``khabar/data``): the guidelines' "NOT MISC" words, by kind.
NOT_ENTITIES_FILE = "not_entities.json"
_KINDS = ("currencies", "religions")


@functools.lru_cache(maxsize=1)
def not_entity_words() -> frozenset[str]:
    """The matching keys (:func:`~khabar.extract.features.match_key`) of the packaged words."""
    data = json.loads((resources.files("khabar.data") / NOT_ENTITIES_FILE).read_text(encoding="utf-8"))
    return frozenset(match_key(word) for kind in _KINDS for word in data[kind])


#: Proclitics that may stand before an excluded word without the article (بدولار, والله, لدولار).
_PROCLITICS = "وفبلك"


def _excluded(token: str, words: frozenset[str]) -> bool:
    key = match_key(token)
    if key in words or split_clitics(key)[1] in words:
        return True
    # split_clitics strips ب/ل/ك only before the article; a currency often follows them bare (بعشرة دولارات, بدولار).
    rest = key
    for _ in range(2):
        if len(rest) > 3 and rest[0] in _PROCLITICS:
            rest = rest[1:]
            if rest in words:
                return True
    return False


def _nationality_adjective(token: str) -> bool:
    """A nisba adjective such as الأمريكي or السعودية (after match_key: ...ي, ...يه), as in الدولار الأمريكي."""
    key = match_key(token)
    return len(key) > 3 and (key.endswith("ي") or key.endswith("يه"))


def is_not_entity(text: str) -> bool:
    """True when ``text`` is made of words the guidelines exclude (``جنيه إسترليني``, ``بالدولار``), the first of
    them possibly followed by nationality adjectives, which the guidelines exclude too (``الدولار الأمريكي``)."""
    words = not_entity_words()
    tokens = text.split()
    if not tokens or not _excluded(tokens[0], words):
        return False
    return all(_excluded(token, words) or _nationality_adjective(token) for token in tokens[1:])


def drop_non_entities(doc: Document) -> tuple[Document, int]:
    """``doc`` without its MISC mentions that :func:`is_not_entity`, and how many were dropped."""
    kept = [e for e in doc.entities if not (e.label == "MISC" and is_not_entity(doc.text[e.span.start : e.span.end]))]
    dropped = len(doc.entities) - len(kept)
    return (dataclasses.replace(doc, entities=kept) if dropped else doc), dropped


#: The packaged list of nouns that name a place's kind (``khabar/data``): part of the place's name in the guidelines.
PLACE_DESIGNATORS_FILE = "place_designators.json"


@functools.lru_cache(maxsize=1)
def place_designators() -> frozenset[str]:
    """The matching keys of the packaged place nouns (مدينة، محافظة، قطاع ...)."""
    data = json.loads((resources.files("khabar.data") / PLACE_DESIGNATORS_FILE).read_text(encoding="utf-8"))
    return frozenset(match_key(word) for word in data["designators"])


def is_place_designator(token: str) -> bool:
    """Whether ``token`` is a place noun of the list, with up to three proclitics (بمدينة، وبمنطقة)."""
    nouns = place_designators()
    key = match_key(token)
    for _ in range(3):
        if key in nouns:
            return True
        if len(key) > 3 and key[0] in _PROCLITICS:
            key = key[1:]
        else:
            return False
    return key in nouns


def include_place_designators(doc: Document) -> tuple[Document, int]:
    """``doc`` with each LOC mention widened to the place noun right before it (مدينة سوسة), and how many were.

    The noun must be a whole word of letters, one space before the mention, and not the end of another mention.
    """
    text = doc.text
    ends = {e.end for e in doc.entities}
    entities: list[Entity] = []
    widened = 0
    for entity in doc.entities:
        start = entity.start
        if entity.label == "LOC" and start >= 2 and text[start - 1] == " " and text[start - 2] != " " and start - 1 not in ends:
            word_start = text.rfind(" ", 0, start - 1) + 1
            word = text[word_start : start - 1]
            if word.isalpha() and is_place_designator(word):
                entities.append(Entity(word_start, entity.end, entity.label))
                widened += 1
                continue
        entities.append(entity)
    return (dataclasses.replace(doc, entities=entities) if widened else doc), widened


def to_guidelines(doc: Document) -> tuple[Document, int, int]:
    """``doc`` in the guidelines' conventions: :func:`drop_non_entities`, then :func:`include_place_designators`.

    Returns the document, the MISC mentions dropped and the LOC mentions widened.
    """
    doc, dropped = drop_non_entities(doc)
    doc, widened = include_place_designators(doc)
    return doc, dropped, widened
