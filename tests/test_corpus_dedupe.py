"""Exact and near-duplicates."""

from __future__ import annotations

import hashlib

from khabar.corpus import DuplicateFinder, exact_key, stable_id

BASE = " ".join(f"كلمة{i} وخبر{i % 7} عن الحدث {i}" for i in range(60))


def test_exact_ignores_white_space_only() -> None:
    assert exact_key("نص  الخبر\n") == exact_key("\tنص\u00a0الخبر") == exact_key("نص\r\n\r\nالخبر")
    assert exact_key("نص  الخبر") != exact_key("نـص الخبر")
    assert exact_key("نص الخبر") != exact_key("نص الأخبار")


def test_stable_id_is_a_hash_of_the_normalised_words() -> None:
    expected = hashlib.blake2b("نص الخبر".encode(), digest_size=8).hexdigest()
    assert stable_id("نص  الخبر\n") == expected


def test_near_duplicate_found_and_named_by_first() -> None:
    finder = DuplicateFinder()
    assert finder.check("a", BASE) is None
    assert finder.check("b", "خبر مختلف تماما " * 30) is None
    edited = BASE.replace("كلمة5 ", "كلمة خمسة ", 1) + " المصدر: واس"
    duplicate = finder.check("c", edited)
    assert duplicate is not None and (duplicate.of, duplicate.kind) == ("a", "near")
    assert finder.check("d", BASE + "\n").kind == "exact"
    assert (finder.exact, finder.near_count) == (1, 1)


def test_exact_only() -> None:
    finder = DuplicateFinder(near=False)
    assert finder.check("a", BASE) is None
    assert finder.check("c", BASE + " المصدر: واس") is None


def test_normalized_text_is_split_and_join_on_real_articles(saudinewsnet_dir) -> None:  # noqa: ANN001
    import json
    import zipfile

    from khabar.corpus.dedupe import normalized_text

    with zipfile.ZipFile(saudinewsnet_dir / "2015-07-23.zip") as archive:
        texts = [item["content"] for item in json.loads(archive.read(archive.namelist()[0]))]
    assert len(texts) > 1000
    assert [t for t in texts if normalized_text(t) != " ".join(t.split())] == []
    assert normalized_text(" أ \u00a0\t ب\n\n  ج  ") == "أ ب ج"


def test_a_text_normalised_once_gives_the_same_id_and_duplicate_key() -> None:
    from khabar.corpus.dedupe import normalized_text

    text = "نص  الخبر\r\n" + BASE
    normalized = normalized_text(text)
    assert stable_id(text, normalized=normalized) == stable_id(text)
    given, computed = DuplicateFinder(near=False), DuplicateFinder(near=False)
    assert given.check("a", text, normalized=normalized) is None and computed.check("a", text) is None
    again = text.replace("  ", " ")
    assert given.check("b", again, normalized=normalized_text(again)).of == computed.check("b", again).of == "a"


def test_every_unicode_white_space_is_white_space() -> None:
    # The key folded tab, CR, VT, FF and no-break space but kept U+2028, U+2029, NEL, U+001C..U+001F and the
    # em, thin and ideographic spaces: two copies differing by one of them were two texts.
    from khabar.corpus.dedupe import normalized_text

    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert len(spaces) == 29
    for space in spaces:
        assert normalized_text(f"{space}نص{space}{space}الخبر {space}\n") == "نص الخبر", hex(ord(space))
        assert exact_key(f"نص{space}الخبر") == exact_key("نص الخبر"), hex(ord(space))
    mixed = "أ\u2003\u2028 ب\r\n\u3000ج\x1f\x85د\u202f"
    assert normalized_text(mixed) == " ".join(mixed.split()) == "أ ب ج د"
    # what looks like white space but is not (zero-width space, right-to-left mark) stays, as str.split keeps it
    assert normalized_text("نص\u200bالخبر\u200f ") == "نص\u200bالخبر\u200f"
