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
وطريق).

ANERcorp tags an institution only when its name is a proper noun (رويترز،
حماس): the descriptive names of ministries, courts, councils and agencies it
leaves untagged (وزارة before 33 untagged phrases and no ORG mention, المحكمة
14 and none, مجلس التعاون الخليجي 6 times), where the guidelines name وزارة
الدفاع and الهيئة العليا للمفاوضات as ORG. A recogniser trained on it missed
them all: 123 of the 369 ORG mentions of the two gold files were found, and
none of the twelve led by وزارة. :func:`include_institutions` tags, in a
source of ANERcorp's conventions, an institution noun
(``khabar/data/institution_nouns.json``) with the words that name it as ORG: a
definite genitive and adjectives (وزارة الدفاع الوطني، هيئة الطيران المدني), a
noun in construct before them (مجلس نواب الشعب), a genitive with لـ (الهيئة
العليا للمفاوضات), and a LOC mention that continues the name (حركة نداء
تونس، المحكمة الابتدائية بتوزر), taken into the new mention; an ORG mention
after the noun (حركة حماس، شركة نوكيا) is the source's own span and is kept. A definite
noun with one adjective (المحكمة الألمانية، المجلس التنفيذي) mostly describes
rather than names, and stays untagged. It applies to CoNLL sources only: gold
files already follow the guidelines, whose annotators chose what to tag.
:func:`to_guidelines` applies the three.

The cost is on ANERcorp's own test sentences, which keep ANERcorp's
conventions: a recogniser trained this way no longer tags their currencies,
puts مدينة inside the spans it finds, and tags the ministries and councils
they leave untagged; ``benchmarks/README.md`` gives both figures.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
from importlib import resources

from ..gold.model import Document, Entity
from ..text import token_spans
from .features import match_key, split_clitics

__all__ = [
    "NOT_ENTITIES_FILE",
    "PLACE_DESIGNATORS_FILE",
    "INSTITUTION_NOUNS_FILE",
    "drop_non_entities",
    "include_institutions",
    "include_place_designators",
    "institution_nouns",
    "is_institution_noun",
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


#: The packaged list of nouns that head an institution's descriptive name (``khabar/data``): ORG in the guidelines.
INSTITUTION_NOUNS_FILE = "institution_nouns.json"
#: The most words an institution's name runs to after its noun (وزارة التنمية والاستثمار والتعاون الدولي).
_MAX_NAME_WORDS = 7
#: Words that end the phrase naming an institution: prepositions (بين، في) and relative pronouns (التي).
_NAME_ENDS = frozenset(match_key(w) for w in (
    "في", "على", "من", "إلى", "الى", "عن", "مع", "بين", "حول", "خلال", "ضد", "عبر", "لدى", "منذ", "بعد", "قبل",
    "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي",
))
#: A definite word that may continue a name: the article, after و or لـ (والتنمية، للمفاوضات); one after بـ
#: (بالموافقة) is the complement of what is said about the institution.
_DEFINITE_PREFIXES = ("ال", "وال", "فال", "لل", "ولل", "فلل")


@functools.lru_cache(maxsize=1)
def institution_nouns() -> frozenset[str]:
    """The matching keys of the packaged institution nouns (وزارة، هيئة، مجلس ...)."""
    data = json.loads((resources.files("khabar.data") / INSTITUTION_NOUNS_FILE).read_text(encoding="utf-8"))
    return frozenset(match_key(word) for word in data["nouns"])


def is_institution_noun(token: str) -> bool:
    """Whether ``token`` is an institution noun of the list, with up to three proclitics (بوزارة، بالمحكمة، وللمجلس)."""
    return _institution_head(match_key(token)) is not None


def _institution_head(key: str) -> str | None:
    """``"indefinite"`` (وزارة، بوزارة، لوزارة), ``"definite"`` (المحكمة، بالمحكمة، للمجلس) or None."""
    nouns = institution_nouns()
    rest = key
    for _ in range(3):
        if rest in nouns:
            return "indefinite"
        if rest.startswith("ال") and rest[2:] in nouns:
            return "definite"
        if rest.startswith("لل") and rest[2:] in nouns:
            return "definite"
        if len(rest) > 4 and rest[0] in _PROCLITICS:
            rest = rest[1:]
        else:
            return None
    return None


def _definite(key: str) -> bool:
    return key.startswith(_DEFINITE_PREFIXES) and len(key) > 3


def include_institutions(doc: Document) -> tuple[Document, int]:
    """``doc`` with an ORG mention for each institution named by a descriptive phrase, and how many were added.

    The noun (:func:`institution_nouns`) must stand outside every mention; the name runs over definite words,
    a noun in construct right after an indefinite head (مجلس نواب الشعب), and LOC mentions (taken into the new
    one), and stops at punctuation, a preposition or relative pronoun, any other mention, and any
    other word. A definite head needs two words after it, or a genitive with لـ: المحكمة الألمانية is a
    description, المحكمة العسكرية الابتدائية and الهيئة العليا للمفاوضات are names.
    """
    text = doc.text
    spans = token_spans(text)
    if not spans:
        return doc, 0
    keys = [match_key(text[s:e]) for s, e in spans]
    starts = [s for s, _ in spans]
    owner: dict[int, int] = {}  # token -> the mention holding it; bisected, as a CoNLL file may be one long sentence
    for n, entity in enumerate(doc.entities):
        t = bisect.bisect_left(starts, entity.start)
        while t < len(spans) and spans[t][1] <= entity.end:
            owner[t] = n
            t += 1
    absorbed: set[int] = set()
    added: list[Entity] = []
    t = 0
    while t < len(spans):
        head = None if t in owner or not text[spans[t][0] : spans[t][1]].isalpha() else _institution_head(keys[t])
        if head is None:
            t += 1
            continue
        end, taken = _name_after(text, spans, keys, owner, doc.entities, t, head)
        words = end - t - 1
        if words < 1 or (head == "definite" and words < 2 and not taken and not keys[t + 1].startswith("لل")):
            t += 1
            continue
        absorbed |= taken
        added.append(Entity(spans[t][0], spans[end - 1][1], "ORG"))
        t = end
    if not added:
        return doc, 0
    kept = [e for n, e in enumerate(doc.entities) if n not in absorbed]
    return dataclasses.replace(doc, entities=sorted([*kept, *added], key=lambda e: (e.start, e.end))), len(added)


def _name_after(
    text: str, spans: list[tuple[int, int]], keys: list[str], owner: dict[int, int], entities: list[Entity],
    head: int, kind: str,
) -> tuple[int, set[int]]:
    """Where the name after the institution noun at token ``head`` ends (exclusive), and the mentions it takes in."""
    taken: set[int] = set()
    t = head + 1
    while t < len(spans) and t - head <= _MAX_NAME_WORDS:
        start, end = spans[t]
        if text[spans[t - 1][1] : start].strip() or not text[start:end].isalpha():
            break  # punctuation between or at the word: the name ends
        if t in owner:
            entity = entities[owner[t]]
            if entity.label != "LOC" or (t == head + 1 and keys[t].startswith("ب")):
                # سالم المسلط after الهيئة العليا للمفاوضات; مستشفى بالأردن: where, not which; an ORG mention
                # (حركة حماس، شركة نوكيا) is the source's own name for it, left as it is.
                break
            taken.add(owner[t])
            while t + 1 < len(spans) and owner.get(t + 1) == owner[t]:
                t += 1
            t += 1
            continue
        key = keys[t]
        if key in _NAME_ENDS:
            break
        follows = t + 1 < len(spans) and (
            _definite(keys[t + 1]) or (t + 1 in owner and entities[owner[t + 1]].label == "LOC")
        )
        if _definite(key) or (t == head + 1 and kind == "indefinite" and follows and not key.startswith("و")):
            t += 1
            continue
        break
    return t, taken


def to_guidelines(doc: Document, *, institutions: bool = True) -> tuple[Document, int, int, int]:
    """``doc`` in the guidelines' conventions: :func:`drop_non_entities`, :func:`include_place_designators`,
    then (``institutions``, for sources in ANERcorp's conventions) :func:`include_institutions`.

    Returns the document, the MISC mentions dropped, the LOC mentions widened and the ORG mentions added.
    """
    doc, dropped = drop_non_entities(doc)
    doc, widened = include_place_designators(doc)
    added = 0
    if institutions:
        doc, added = include_institutions(doc)
    return doc, dropped, widened, added
