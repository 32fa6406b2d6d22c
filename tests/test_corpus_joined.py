"""Run-together words: the seed's three cases, no split of frequent real words, false splits on SaudiNewsNet."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from khabar.corpus import JoinedWords, count_lexicon
from khabar.text import token_strings


def saudinewsnet_texts(folder: Path):
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for item in json.loads(archive.read(archive.namelist()[0])):
                yield item["content"]


@pytest.fixture(scope="module")
def lexicon(saudinewsnet_dir: Path, seed_path: Path) -> Counter[str]:
    texts = list(saudinewsnet_texts(saudinewsnet_dir))
    texts.append(seed_path.read_text(encoding="utf-8"))
    return count_lexicon(texts)


@pytest.fixture(scope="module")
def joined(lexicon: Counter[str]) -> JoinedWords:
    return JoinedWords(lexicon)


def test_seed_cases_repaired(joined: JoinedWords, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    repaired, found = joined.repair(text)
    pairs = {j.token: j.repaired for j in found}
    assert pairs["سورياوروسيا"] == "سوريا وروسيا"
    assert pairs["الأممالمتحدة"] == "الأمم المتحدة"
    assert pairs["روسيابالأممالمتحدة"] == "روسيا بالأمم المتحدة"
    assert set(pairs) == {"سورياوروسيا", "الأممالمتحدة", "روسيابالأممالمتحدة"}  # nothing else in the seed
    assert "سوريا وروسيا" in repaired and "سورياوروسيا" not in repaired
    assert len(repaired) == len(text) + 4  # one space per lost word boundary, nothing else changed
    assert repaired.replace(" ", "") == text.replace(" ", "")


def test_offsets_of_found_tokens(joined: JoinedWords, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    for j in joined.find(text):
        assert text[j.start:j.end] == j.token == "".join(j.pieces)


def test_frequent_words_never_split(joined: JoinedWords, lexicon: Counter[str]) -> None:
    frequent = [word for word, count in lexicon.most_common(20000) if len(word) >= 8]
    assert len(frequent) > 1000
    assert [w for w in frequent if joined.split(w) is not None] == []
    # Without the rarity rule, the cut rules alone must still keep real words whole:
    # of ~2,800 frequent long words only الرأسمالي(ة) (الرأس|مالي) is split.
    structural = JoinedWords(lexicon, max_joined_count=10**9, ratio=0)
    split = [w for w in frequent if structural.split(w) is not None]
    assert len(split) <= 0.005 * len(frequent), split


def test_false_splits_on_saudinewsnet_are_rare(
    joined: JoinedWords, saudinewsnet_dir: Path, hunspell_arabic: Path
) -> None:
    """Repaired tokens that are words of a dictionary khabar does not use for the repair: at most 3%."""
    from khabar.corpus import load_hunspell

    known = load_hunspell()
    assert known is not None, f"spylls could not load {hunspell_arabic}"
    found = Counter()
    for text in saudinewsnet_texts(saudinewsnet_dir):
        for token in token_strings(text):
            if len(token) >= 8 and joined.split(token) is not None:
                found[token] += 1
    assert len(found) > 300  # it does find run-together words in the scraped corpus
    false = [t for t in found if known(t)]
    assert len(false) / len(found) <= 0.03, false[:20]


def test_rare_token_made_of_rare_parts_is_kept() -> None:
    lexicon = Counter({"سوريا": 900, "وروسيا": 3})
    assert JoinedWords(lexicon).split("سورياوروسيا") is None


def test_frequent_joined_form_is_kept() -> None:
    lexicon = Counter({"عبدالله": 400, "عبد": 2000, "الله": 5000})
    assert JoinedWords(lexicon).split("عبدالله") is None


def test_suffix_pieces_are_not_words() -> None:
    lexicon = Counter({"شقيق": 300, "اتهم": 300, "شقيقات": 40})
    assert JoinedWords(lexicon).split("شقيقاتهم") is None


def test_dictionary_word_is_kept() -> None:
    lexicon = Counter({"سوريا": 900, "روسيا": 800})
    assert JoinedWords(lexicon, known_word=lambda w: w == "سورياوروسيا").split("سورياوروسيا") is None
