"""Cleaning steps and their counts; letters and diacritics never change otherwise."""

from __future__ import annotations

import pytest

from khabar.corpus import CLEANING_STEPS, Cleaner, clean_text


def test_each_step_and_its_count() -> None:
    text = "\ufef7\u0645\u0640\u0640\u0631\u200f \u202bنص\u202c\r\nسطر  \t\rآخر\u00a0 "
    cleaner = Cleaner()
    assert cleaner(text) == "لأمر نص\nسطر\nآخر"
    assert dict(cleaner.counts) == {"presentation_forms": 1, "tatweel": 2, "invisible": 3, "line_endings": 2,
                                    "trailing_spaces": 5}
    assert dict(cleaner.articles) == dict.fromkeys(CLEANING_STEPS, 1)


def test_counting_only_leaves_the_text_and_counts_the_same() -> None:
    text = "\ufef7\u0645\u0640\u0640\u0631\u200f \u202bنص\u202c\r\nسطر  \t\rآخر\u00a0 "
    counter = Cleaner(apply=False)
    assert counter(text) is text
    applied = Cleaner()
    applied(text)
    assert counter.counts == applied.counts


def test_diacritics_and_letters_untouched() -> None:
    text = "وَقَالَ الرَّئِيسُ: «إِنَّ مُوسَى وَعِيسَى» ١٢٣ Ali ۱۲"
    assert clean_text(text) == text


def test_one_step_only() -> None:
    assert clean_text("نعـم \r\n", ["tatweel"]) == "نعم \r\n"
    assert clean_text("نعـم \r\n", ["trailing_spaces"]) == "نعـم\r\n"


def test_unknown_step() -> None:
    with pytest.raises(ValueError, match="unknown cleaning steps"):
        Cleaner(["spelling"])


def test_presentation_form_ligatures_expand() -> None:
    # lam-alef ligatures are two letters; the isolated forms map to their letter
    assert clean_text("\ufefb \ufe8e\ufeb3") == "لا اس"


@pytest.mark.parametrize("module", ["cleaning", "dedupe", "fields", "joined"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"khabar.corpus.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_counts_on_a_real_day_match_a_plain_reference(saudinewsnet_dir) -> None:
    """The shortcuts of counting (one scan from the first hit, trailing blanks summed in C) count what plain loops count."""
    import re

    from khabar.corpus.fields import FieldNames, to_article
    from khabar.corpus.readers import RawRecord, read_source

    texts = [article.text for item in read_source(saudinewsnet_dir / "2015-07-21.zip")
             if isinstance(item, RawRecord) and (article := to_article(item, FieldNames())[0]) is not None]
    counter = Cleaner(apply=False)
    for text in texts:
        assert counter(text) is text
    trailing = re.compile("[ \t\u00a0]+(?=\r|\n|\\Z)")
    reference = {
        "tatweel": sum(t.count("\u0640") for t in texts),
        "presentation_forms": sum(len(re.findall("[\ufb50-\ufdff\ufe70-\ufefc]", t)) for t in texts),
        "trailing_spaces": sum(len(m) for t in texts for m in trailing.findall(t)),
    }
    assert reference["tatweel"] > 1000 and reference["trailing_spaces"] > 1000
    assert {step: counter.counts[step] for step in reference} == reference
    assert counter.articles["tatweel"] == sum("\u0640" in t for t in texts)
    assert counter.articles["trailing_spaces"] == sum(1 for t in texts if trailing.search(t))
