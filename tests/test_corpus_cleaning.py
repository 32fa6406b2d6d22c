"""Cleaning steps and their counts; letters and diacritics never change otherwise."""

from __future__ import annotations

from collections import Counter

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
    """The batched counts of a real day are what plain per-text scans count, step by step."""
    from khabar.corpus.fields import FieldNames, to_article
    from khabar.corpus.readers import RawRecord, read_source

    texts = [article.text for item in read_source(saudinewsnet_dir / "2015-07-21.zip")
             if isinstance(item, RawRecord) and (article := to_article(item, FieldNames())[0]) is not None]
    counter = Cleaner(apply=False)
    for text in texts:
        assert counter(text) is text
    chars, touched = _plain_counts(texts, CLEANING_STEPS)
    assert chars["tatweel"] > 1000 and chars["trailing_spaces"] > 1000
    assert counter.counts == chars and counter.articles == touched


_PIECES = ["a", "ب", "ـ", " ", "\t", "\u00a0", "\n", "\r", "\r\n", "\x0b", "\u200f", "\u2069", "\u2026", "\u201c",
           "\u061c", "\ufeff", "\ufefb", "\ufdf2", "\ufe00", "\uff01", "😀", "\ud800",
           # the soft hyphen and control characters, invisible ones and white space (NEL, U+001F) alike
           "\u00ad", "\x00", "\x1b", "\x1f", "\x7f", "\x85", "\x8f"]


def _plain_counts(texts: list[str], steps: tuple[str, ...]) -> tuple[Counter[str], Counter[str]]:
    """The counts by the plainest means: one regular expression per step and text."""
    import re

    patterns = {"presentation_forms": "[\ufb50-\ufdff\ufe70-\ufefc]", "tatweel": "\u0640",
                "invisible": "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad"
                             "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]", "line_endings": "\r",
                "trailing_spaces": "[ \t\u00a0](?=[ \t\u00a0]*(?:\r|\n|\\Z))"}
    chars: Counter[str] = Counter()
    touched: Counter[str] = Counter()
    for text in texts:
        for step in steps:
            n = len(re.findall(patterns[step], text))
            if n:
                chars[step] += n
                touched[step] += 1
    return chars, touched


def test_batched_counts_equal_plain_counts_on_hostile_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting only goes a batch at a time through numpy: the counts are those of plain per-text scans,
    with emoji (two UTF-16 units), lone surrogates, CR, blanks at a text's end and batches cut anywhere."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import khabar.corpus.cleaning as cleaning

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), max_size=8),
           st.sampled_from([CLEANING_STEPS, ("trailing_spaces",), ("tatweel", "invisible"), ("line_endings",)]),
           st.integers(1, 40), st.sampled_from([1, 16]))
    def check(texts: list[str], steps: tuple[str, ...], batch: int, rounds: int) -> None:
        monkeypatch.setattr(cleaning, "BATCH_CHARS", batch)
        monkeypatch.setattr(cleaning, "_WALK_ROUNDS", rounds)  # 1: longer runs measured in windows too
        counter = Cleaner(steps, apply=False)
        assert all(counter(text) is text for text in texts)
        assert (counter.counts, counter.articles) == _plain_counts(texts, steps)

    check()


def test_long_runs_of_trailing_blanks_are_counted_in_one_pass() -> None:
    """Hostile texts (a million blanks before a line end) are counted exactly: runs longer than the walk's
    rounds are measured from the last non-blank (a round per blank would take minutes)."""
    texts = ["نص" + " \t\u00a0" * 333_333 + "\nسطر", " " * 1_000_000, "آخر  "]
    counter = Cleaner(("trailing_spaces",), apply=False)
    for text in texts:
        counter(text)
    assert counter.counts["trailing_spaces"] == 999_999 + 1_000_000 + 2
    assert counter.articles["trailing_spaces"] == 3


def test_batched_counts_equal_the_applied_steps_counts_where_they_agree() -> None:
    """Where no step's change moves another's characters, counting alone and cleaning count alike."""
    texts = ["نعـــم  \nلا\u200f\t", "\ufefb\u00a0", "", "سطر\r\nثان \r", "😀ـ \n"]
    counter, cleaner = Cleaner(apply=False), Cleaner()
    for text in texts:
        counter(text)
        cleaner(text)
    assert counter.counts == cleaner.counts and counter.articles == cleaner.articles
    assert counter.counts["tatweel"] == 4 and counter.articles["trailing_spaces"] == 4
