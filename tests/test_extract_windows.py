"""Windows of a long text: where they are cut, offsets shifted back, and the quotes and entities of a long text
read a window at a time against those of its parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.extract import windows
from khabar.extract.entities import extract_entities
from khabar.extract.gazetteer import Gazetteer, GazetteerRecognizer
from khabar.extract.quotes import QuoteExtractor
from khabar.extract.windows import (
    entities_in_windows,
    quoted_stretches,
    quotes_in_windows,
    shift_entity,
    shift_quote,
    text_windows,
)
from khabar.gold import Document, Entity, Quote, Span

# Self-contained articles: each names its speakers, so what one says never depends on the one before.
ARTICLES = [
    "وقال الوزير إن الاتفاق سيوقع غدا في العاصمة.",
    "وقالت الوزارة في بيان: «سنواصل العمل مع الشركاء في المنطقة خلال الأشهر المقبلة».",
    "وأكد رئيس الهيئة أن المشروع سيكتمل قبل نهاية العام الجاري.\nوأوضح المتحدث باسم الشركة أن الأسعار لن ترتفع.",
    "زار أمير منطقة الرياض معرض الكتاب في جدة، والتقى وزير الثقافة في مكة المكرمة.",
]
#: A direct quote whose content runs over a line break, the place a window would be cut at were it not inside it.
QUOTE_OVER_A_BREAK = (
    "وقال المدير: «نحن مستعدون للمرحلة المقبلة بكل ما نملك من خبرات.\nوسنعمل على تطوير الخدمات في كل المدن»."
)


def _joined(parts: list[str]) -> tuple[str, list[int]]:
    """The parts joined by blank lines, and where each starts."""
    starts, at = [], 0
    for part in parts:
        starts.append(at)
        at += len(part) + 2
    return "\n\n".join(parts), starts


def _shifted_quotes(parts: list[str], extractor: QuoteExtractor) -> list[Quote]:
    text, starts = _joined(parts)
    return [shift_quote(q, start) for part, start in zip(parts, starts) for q in extractor.extract(part)]


def _cuts(text: str, found: list[tuple[int, int]]) -> list[str]:
    """The white space between consecutive windows."""
    return [text[end:following] for (_, end), (following, _) in zip(found, found[1:])]


# --- where windows are cut --------------------------------------------------------------------------------------


def test_a_text_within_the_size_is_one_window() -> None:
    text = "قال الوزير\n\nإن الاتفاق"
    assert text_windows(text, size=100) == [(0, len(text))]
    assert text_windows("", size=100) == [(0, 0)]


def test_windows_cover_the_text_and_end_at_blank_lines_first() -> None:
    paragraphs = [f"الفقرة رقم {n} فيها جملة قصيرة." for n in range(60)]
    text = "".join(p + ("\n\n" if n % 3 == 2 else "\n") for n, p in enumerate(paragraphs)).strip()
    found = text_windows(text, size=300)
    assert len(found) > 5
    assert found[0][0] == 0 and found[-1][1] == len(text)
    assert all(end - start <= 300 for start, end in found)
    assert all(cut == "\n\n" for cut in _cuts(text, found))
    # Nothing but the white space of the cuts is left out, and every paragraph is whole in one window.
    assert "".join(text[start:end] + cut for (start, end), cut in zip(found, [*_cuts(text, found), ""])) == text
    assert all(any(p in text[start:end] for start, end in found) for p in paragraphs)


def test_a_line_break_when_no_blank_line_is_in_reach() -> None:
    text = "\n".join(f"السطر رقم {n} من النص الطويل." for n in range(40))
    found = text_windows(text, size=200)
    assert all(cut == "\n" for cut in _cuts(text, found))
    assert all(end - start <= 200 for start, end in found)


def test_no_window_ends_inside_a_quotation() -> None:
    before = "وقال الوزير إن الاتفاق سيوقع غدا في العاصمة.\n"
    text = (before * 3 + QUOTE_OVER_A_BREAK + "\n") * 4
    inside = [(start, end) for start, end in quoted_stretches(text, 0, len(text)) if "\n" in text[start:end]]
    assert inside, "the quotation runs over a line break"
    for size in range(150, 400, 10):
        found = text_windows(text, size=size)
        for (_, end), (following, _) in zip(found, found[1:]):
            assert not any(opener < end and following <= close for opener, close in inside), (size, end)


def test_a_double_mark_pairs_over_one_paragraph_break_not_two() -> None:
    one = 'قال "نحن هنا\nونبقى هنا" ثم غادر'
    two = 'قال "نحن هنا\n\nونبقى\nهنا" ثم غادر'
    assert quoted_stretches(one, 0, len(one)) == [(one.index('"'), one.rindex('"'))]
    assert quoted_stretches(two, 0, len(two)) == []


def test_a_mark_open_beyond_reach_does_not_stop_cuts() -> None:
    filler = "وقال الوزير إن الاتفاق سيوقع غدا في العاصمة.\n"
    text = "«" + filler * (windows.QUOTATION_REACH // len(filler) + 10) + "»"
    assert quoted_stretches(text, 0, len(text)) == []
    assert quoted_stretches("«قال»", 0, 5) == [(0, 4)]


def test_a_closing_mark_between_two_words_opens() -> None:
    text = "دعا ل»إعمار» المدينة"
    assert quoted_stretches(text, 0, len(text)) == [(text.index("»"), text.rindex("»"))]


def test_without_line_breaks_a_sentence_end_then_a_space_then_where_it_must() -> None:
    sentences = " ".join(f"هذه الجملة رقم {n} تنتهي هنا." for n in range(30))
    assert all(text[end - 1] == "." for text in [sentences] for _, end in text_windows(text, size=200)[:-1])
    words = " ".join(["كلمة"] * 200)
    found = text_windows(words, size=101)
    assert all(cut == " " for cut in _cuts(words, found))
    assert text_windows("ب" * 250, size=100) == [(0, 100), (100, 200), (200, 250)]


def test_a_cut_where_it_must_keeps_a_letter_with_its_marks() -> None:
    # No white space at all: the cut falls before the letter, not between it and its vowel sign or shadda.
    voweled = "x" + "بَّ" * 100
    found = text_windows(voweled, size=50)
    assert all(voweled[start] in "xب" for start, _ in found)
    assert [end - start for start, end in found][:3] == [49, 48, 48]
    joined = "ab" + "👨\u200d👩" * 30
    assert all(joined[start] == "👨" for start, _ in text_windows(joined, size=10)[1:])


def test_a_window_size_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        text_windows("abc", size=1)


# --- offsets -----------------------------------------------------------------------------------------------------


def test_offsets_shift_and_extra_fields_stay() -> None:
    assert shift_entity(Entity(3, 7, "PERS", {"score": 0.5}), 100) == Entity(103, 107, "PERS")
    assert shift_entity(Entity(3, 7, "PERS", {"score": 0.5}), 100).extra == {"score": 0.5}
    moved = shift_quote(Quote(Span(10, 20), Span(2, 5), None, "direct"), 1000)
    assert (moved.content, moved.source, moved.cue, moved.type) == (Span(1010, 1020), Span(1002, 1005), None, "direct")


def test_each_window_gets_the_entities_inside_it_at_its_own_offsets() -> None:
    text, starts = _joined(["أ" * 60, "ب" * 60, "ج" * 60])
    given = [Entity(starts[2] + 5, starts[2] + 9, "LOC"), Entity(1, 4, "PERS"), Entity(starts[1], starts[1] + 3, "ORG")]
    seen: list[tuple[str, list[Entity]]] = []

    def find(window: str, inside) -> list[Quote]:
        seen.append((window, list(inside)))
        return [Quote(Span(0, 2))]

    found = quotes_in_windows(text, given, find, size=70)
    assert [window for window, _ in seen] == ["أ" * 60, "ب" * 60, "ج" * 60]
    assert [inside for _, inside in seen] == [[Entity(1, 4, "PERS")], [Entity(0, 3, "ORG")], [Entity(5, 9, "LOC")]]
    assert [q.content for q in found] == [Span(s, s + 2) for s in starts]


# --- a long text against its parts ----------------------------------------------------------------------------


def test_a_long_text_gives_the_quotes_of_its_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = QuoteExtractor()
    parts = (ARTICLES + [QUOTE_OVER_A_BREAK]) * 12
    text, _ = _joined(parts)
    monkeypatch.setattr(windows, "WINDOW_CHARS", 700)
    assert len(text_windows(text)) > 5
    found = extractor.extract(text)
    assert found == _shifted_quotes(parts, extractor)
    assert sum(q.content.text_in(text) == QUOTE_OVER_A_BREAK[14:-2] for q in found) == 12


def test_a_quote_over_a_would_be_cut_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = QuoteExtractor()
    text = "\n".join([ARTICLES[0], QUOTE_OVER_A_BREAK, ARTICLES[2], ARTICLES[1]])
    whole = extractor.extract(text)
    inner_break = len(ARTICLES[0]) + 1 + QUOTE_OVER_A_BREAK.index("\n")
    # Each size puts the first window's latest line break, in its second half, inside the quotation, and leaves room
    # for the quotation in the next window.
    for size in range(inner_break + 1, len(ARTICLES[0]) + 1 + len(QUOTE_OVER_A_BREAK) + 1):
        monkeypatch.setattr(windows, "WINDOW_CHARS", size)
        assert extractor.extract(text) == whole, size
    assert QUOTE_OVER_A_BREAK[14:-2] in [q.content.text_in(text) for q in whole]


def test_a_mark_left_open_does_not_swallow_a_long_article() -> None:
    """At the real window size: a closing mark typed as an opening one («قطاعات المنطقة «،, from SaudiNewsNet) at the
    head of a text of 345,000 characters no longer pairs with a closing mark at its end, making the first article's
    indirect quote run over the articles after it (2,030 characters read whole)."""
    extractor = QuoteExtractor()
    first = (
        "من جهته أكد مدير شؤون المعلمين أحمد متعب على ضرورة رفع المستندات، وترتيب الرغبات المكانية «قطاعات المنطقة «، "
        "وإحضار أصل الهوية."
    )
    parts = [first] + ARTICLES * 1100 + ["وانتهى الموسم» بنجاح كبير."]
    text, starts = _joined(parts)
    assert len(text) > windows.WINDOW_CHARS
    found = extractor.extract(text)
    assert max(q.content.end - q.content.start for q in found) < 200
    # (What the two lone marks' own lines say depends on the articles read with them.)
    middle = [q for q in found if starts[1] <= q.content.start < starts[-1]]
    assert middle == _shifted_quotes(parts, extractor)[len(extractor.extract(parts[0])):][: len(middle)]
    assert len(middle) == 1100 * 4


@pytest.fixture(scope="module")
def gazetteer(shared_data: Path) -> GazetteerRecognizer:
    return GazetteerRecognizer(Gazetteer.load(shared_data / "anercorp" / "ANERGazet"))


def test_a_long_text_gives_the_entities_of_its_sentences(gazetteer: GazetteerRecognizer, monkeypatch) -> None:
    """The gazetteer tags each sentence alone (no name repeated across a text): windows, cut between sentences,
    change nothing."""
    text, _ = _joined(ARTICLES * 15)
    whole = gazetteer.predict(text)
    assert {e.text_in(text) for e in whole} >= {"الرياض", "جدة", "مكة"}
    monkeypatch.setattr(windows, "WINDOW_CHARS", 500)
    assert len(text_windows(text)) > 5
    assert extract_entities(Document("long", text), gazetteer).entities == whole
    assert entities_in_windows(text, gazetteer.predict, size=300) == whole


def test_the_marks_a_cut_stays_out_of_are_read_from_the_packaged_lexicon(tmp_path: Path) -> None:
    # windows.py kept its own copy of the pairs (a test held them equal); it reads the lexicon's file now, without
    # importing the quote rules into an entity recogniser's process (a second of camel-tools' tables).
    import subprocess
    import sys

    from khabar.extract.quote_marks import packaged_pairs
    from khabar.extract.quotes.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert packaged_pairs() == ({"«": "»", "“": "”", '"': '"', "‹": "›", "'": "'"}, {"(": ")"})
    assert packaged_pairs() == (lexicon.openers, lexicon.brackets)
    text = "\n".join(["وقال الوزير إن الاتفاق سيوقع غدا.", QUOTE_OVER_A_BREAK] * 8)
    assert text_windows(text, size=300) == text_windows(
        text, size=300, quotation_marks=lexicon.openers, brackets=lexicon.brackets
    )
    code = (
        "import sys\nfrom khabar.extract.windows import text_windows\n"
        "assert len(text_windows('«قال هنا»\\n' * 100, size=50)) > 10\n"
        "print('khabar.extract.quotes' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, "False\n"), run.stderr
