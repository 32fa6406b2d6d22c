"""One name, one reading within an article (khabar.extract.consistency)."""

from __future__ import annotations

from khabar.extract.consistency import propagate_mentions
from khabar.gold.model import Entity
from khabar.text import tokenize


def _span(text: str, phrase: str, label: str, occurrence: int = 0) -> Entity:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Entity(start, start + len(phrase), label)


def _strings(text: str, entities: list[Entity]) -> list[tuple[str, str]]:
    return [(text[e.start : e.end], e.label) for e in entities]


def test_a_name_found_once_is_tagged_where_it_was_missed():
    text = "قالت حركة النهضة إنها ستشارك. ثم أعلنت حركة النهضة موقفها."
    found = propagate_mentions(tokenize(text), [_span(text, "حركة النهضة", "ORG")])
    assert _strings(text, found) == [("حركة النهضة", "ORG"), ("حركة النهضة", "ORG")]
    assert found[1] == _span(text, "حركة النهضة", "ORG", occurrence=1)


def test_a_glued_conjunction_or_preposition_is_inside_the_span():
    text = "زار الوفد قبلي أمس. وعاد من قبلي إلى تونس، ثم وقبلي كانت محطته. ولقبلي تاريخ."
    found = propagate_mentions(tokenize(text), [_span(text, "قبلي", "LOC")])
    assert _strings(text, found) == [("قبلي", "LOC"), ("قبلي", "LOC"), ("وقبلي", "LOC"), ("ولقبلي", "LOC")]


def test_lam_lam_for_a_definite_name():
    text = "فاز الترجي أمس. وقدم المدرب الشكر للترجي."
    found = propagate_mentions(tokenize(text), [_span(text, "الترجي", "ORG")])
    assert _strings(text, found) == [("الترجي", "ORG"), ("للترجي", "ORG")]


def test_a_family_name_alone_is_a_person():
    text = "استقبل الباجي قائد السبسي الوفد. وقال السبسي إن اللقاء مثمر."
    found = propagate_mentions(tokenize(text), [_span(text, "الباجي قائد السبسي", "PERS")])
    assert _strings(text, found) == [("الباجي قائد السبسي", "PERS"), ("السبسي", "PERS")]


def test_the_end_of_a_compound_given_name_is_no_family_name():
    text = "التقى عبد الله الوزير. والحمد لله وقال الله تعالى."
    found = propagate_mentions(tokenize(text), [_span(text, "عبد الله", "PERS")])
    assert _strings(text, found) == [("عبد الله", "PERS")]


def test_function_words_and_short_words_are_never_propagated_alone():
    # على and the name علي share a matching key; a two-letter "name" is more often a word.
    text = "قال محمد علي إن الأمر على ما يرام. وصل مع أخيه."
    entities = [_span(text, "محمد علي", "PERS"), _span(text, "مع", "PERS")]
    found = propagate_mentions(tokenize(text), entities)
    assert _strings(text, found) == [("محمد علي", "PERS"), ("مع", "PERS")]


def test_a_tie_between_labels_propagates_nothing_and_the_majority_wins():
    text = "تونس فازت. زار تونس. تونس جميلة."
    tied = [_span(text, "تونس", "ORG", 0), _span(text, "تونس", "LOC", 1)]
    assert propagate_mentions(tokenize(text), tied) == sorted(tied, key=lambda e: e.start)
    majority = [_span(text, "تونس", "LOC", 0), _span(text, "تونس", "LOC", 1)]
    found = propagate_mentions(tokenize(text), majority)
    assert found[-1] == _span(text, "تونس", "LOC", 2)


def test_what_the_recogniser_tagged_is_never_changed_or_overlapped():
    text = "وزارة الصحة التونسية أعلنت. وقالت الصحة التونسية إن الوضع مستقر."
    entities = [_span(text, "وزارة الصحة التونسية", "ORG"), _span(text, "الصحة", "MISC", 1)]
    found = propagate_mentions(tokenize(text), entities)
    assert found == sorted(entities, key=lambda e: e.start)


def test_the_longest_name_is_preferred():
    text = "قال نبيل القروي. وصل إلى نبيل. ثم تكلم نبيل القروي."
    entities = [_span(text, "نبيل القروي", "PERS"), _span(text, "نبيل", "LOC", 1)]
    found = propagate_mentions(tokenize(text), entities)
    assert found[-1] == _span(text, "نبيل القروي", "PERS", 1)
    assert len(found) == 3


def test_nothing_to_propagate():
    text = "لا أسماء هنا."
    assert propagate_mentions(tokenize(text), []) == []
    assert propagate_mentions([], []) == []


def test_a_name_tagged_with_two_labels_takes_the_one_given_most_often():
    text = "فاز الترجي أمس. وقال الترجي في بيان. وشكر الترجي جمهوره."
    entities = [_span(text, "الترجي", "ORG", 0), _span(text, "الترجي", "LOC", 1), _span(text, "الترجي", "ORG", 2)]
    found = propagate_mentions(tokenize(text), entities)
    assert [e.label for e in found] == ["ORG", "ORG", "ORG"]
    assert [(e.start, e.end) for e in found] == [(e.start, e.end) for e in entities]


def test_a_repeated_name_leaves_an_invisible_mark_at_its_edge_outside():
    from khabar.extract.bio import core_span
    from khabar.gold import Document
    from khabar.gold.validate import validate_document

    text = "زار الوزير الرياض أمس. ثم عاد إلى \u200fالرياض\u200e اليوم."
    found = propagate_mentions(tokenize(text), [_span(text, "الرياض", "LOC")], span_of=core_span)
    assert _strings(text, found) == [("الرياض", "LOC"), ("الرياض", "LOC")]
    assert validate_document(Document(id="d", text=text, entities=found)) == []
