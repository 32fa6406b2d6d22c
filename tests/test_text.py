"""khabar.text: tokens equal to camel-tools' with offsets, sentences with offsets, normalisation."""

from __future__ import annotations

import functools
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from khabar.text import (
    TATWEEL,
    Sentence,
    Token,
    count_tokens,
    dediacritize,
    fold,
    is_punctuation,
    letters_in_place,
    normalize,
    remove_invisible,
    remove_tatweel,
    split_sentences,
    count_sentences,
    strings_and_starts,
    token_spans,
    token_strings,
    tokenize,
)


def assert_same_as_camel(text: str) -> list[str]:
    """All three entry points agree with camel-tools, and every offset points at its token."""
    expected = simple_word_tokenize(text)
    assert token_strings(text) == expected
    tokens = tokenize(text)
    assert [t.text for t in tokens] == expected
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert token_spans(text) == [(t.start, t.end) for t in tokens]
    assert strings_and_starts(text) == (expected, [t.start for t in tokens])
    assert count_tokens(text) == len(expected)
    return expected


# --- tokens ------------------------------------------------------------------------------------

EDGE_CASES = {
    "diacritics": ("كَتَبَ الوَلَدُ الدَّرْسَ.", ["كَتَبَ", "الوَلَدُ", "الدَّرْسَ", "."]),
    "shadda and sukun mid-word": ("مُحَمَّدٌ", ["مُحَمَّدٌ"]),
    "tatweel": ("مـــرحبا بـ«الحازم»", ["مـــرحبا", "بـ", "«", "الحازم", "»"]),
    "quotes and colon": ("وقال الكرملين: «نعم».", ["وقال", "الكرملين", ":", "«", "نعم", "»", "."]),
    "Arabic punctuation": ("هل أتيت؟ نعم، أتيت؛ ثم…", ["هل", "أتيت", "؟", "نعم", "،", "أتيت", "؛", "ثم", "…"]),
    "decimal and thousands": ("بلغ 3.5 مليون و1,000 برميل", ["بلغ", "3", ".", "5", "مليون", "و1", ",", "000", "برميل"]),
    "Arabic-Indic digits": ("عام ٢٠١٥م بنسبة ٥٪", ["عام", "٢٠١٥م", "بنسبة", "٥", "٪"]),
    "Latin": ("Reuters said: \"OK\" (U.S.)", ["Reuters", "said", ":", '"', "OK", '"', "(", "U", ".", "S", ".", ")"]),
    "hashtag and handle": ("#الرباط @spagov", ["#", "الرباط", "@", "spagov"]),
    "emoji with skin tone": ("رائع 👍🏽 جدا", ["رائع", "👍🏽", "جدا"]),
    "ZWJ family": ("عائلة 👨\u200d👩\u200d👧 سعيدة", ["عائلة", "👨\u200d👩\u200d👧", "سعيدة"]),
    "flag": ("السعودية🇸🇦", ["السعودية", "🇸🇦"]),
    "keycap": ("رقم 1️⃣ و#️⃣", ["رقم", "1️⃣", "و", "#️⃣"]),
    "emoji run": ("😀😀!", ["😀", "😀", "!"]),
    "bidi marks": ("زيادة 3.\u200f2 مليون\u200f", ["زيادة", "3", ".", "\u200f2", "مليون\u200f"]),
    "U+001C-001F separators": ("أ\x1cب\x1dج\x1ed\x1fe", ["أ", "ب", "ج", "d", "e"]),
    "other white space": ("أ\u00a0ب\u2003ج\u3000د\tهـ\nو", ["أ", "ب", "ج", "د", "هـ", "و"]),
    "empty": ("", []),
    "white space only": (" \n\t ", []),
    # strings_and_starts: words set apart by single spaces take a running sum, others a search; both must land
    "repeated words, single spaces": (" قال قال، قال  قال ", ["قال", "قال", "،", "قال", "قال"]),
    "runs of spaces and tabs": ("أ  ب\tج \u00a0د،  هـ ,و", ["أ", "ب", "ج", "د", "،", "هـ", ",", "و"]),
    "a word inside the next": ("ال الالال «ال»ال", ["ال", "الالال", "«", "ال", "»", "ال"]),
}


@pytest.mark.parametrize(("text", "expected"), EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_edge_cases_match_camel_tools(text: str, expected: list[str]) -> None:
    assert assert_same_as_camel(text) == expected


def test_characters_whose_unicode_class_differs_between_camel_and_regex() -> None:
    # camel-tools builds its symbol set from Python's Unicode tables; the regex
    # module's tables are newer. These characters exercise the corrected path.
    from khabar.text import _DISAGREEING_BMP

    assert _DISAGREEING_BMP, "the symbol tables are expected to disagree on a few characters"
    for char in sorted(_DISAGREEING_BMP):
        assert_same_as_camel(f"قال{char}نعم {char} ب")


def test_token_is_an_immutable_hashable_value() -> None:
    token = tokenize("  سوريا")[0]
    assert token == Token("سوريا", 2, 7)
    text, start, end = token
    assert (text, start, end) == ("سوريا", 2, 7)
    assert len({token, Token("سوريا", 2, 7)}) == 1
    with pytest.raises(AttributeError):
        token.start = 0  # type: ignore[misc]


def test_stdlib_re_would_split_at_diacritics() -> None:
    # Why the regex module: re's \w stops at a diacritic (Mn), camel-tools and khabar do not.
    import re

    assert re.findall(r"\w+", "كَتَبَ") != ["كَتَبَ"]
    assert token_strings("كَتَبَ") == ["كَتَبَ"]


def test_seed_article_matches_camel_tools(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    tokens = assert_same_as_camel(text)
    assert "سورياوروسيا" in tokens  # run-together words are left alone


def _saudinewsnet_texts(folder: Path):
    for file in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(file) as archive:
            for name in archive.namelist():
                for article in json.loads(archive.read(name)):
                    for key in ("title", "content"):
                        if article.get(key):
                            yield article[key]


@pytest.mark.slow
def test_every_saudinewsnet_text_tokenizes_like_camel_tools(saudinewsnet_dir: Path) -> None:
    texts = tokens = 0
    differing: list[str] = []
    for text in _saudinewsnet_texts(saudinewsnet_dir):
        expected = simple_word_tokenize(text)
        found = tokenize(text)
        if token_strings(text) != expected or [t.text for t in found] != expected:
            differing.append(text[:80])
        elif found and (text[found[-1].start : found[-1].end] != found[-1].text or text[found[0].start : found[0].end] != found[0].text):
            differing.append(text[:80])
        texts += 1
        tokens += len(expected)
    assert texts > 60_000 and tokens > 9_000_000  # every article was read (31,030 titles and bodies)
    assert differing == []


# --- sentences -------------------------------------------------------------------------------


def sentences_of(text: str) -> list[str]:
    found = split_sentences(text)
    for sentence in found:
        piece = sentence.text_in(text)
        assert piece == piece.strip() and piece, f"sentence {sentence} is not stripped: {piece!r}"
    assert all(a.end <= b.start for a, b in zip(found, found[1:])), "sentences overlap"
    return [s.text_in(text) for s in found]


SENTENCE_CASES = {
    "full stops": ("ذهب أحمد. وعاد محمد.", ["ذهب أحمد.", "وعاد محمد."]),
    "decimal number": ("بلغ النمو 3.5 في المئة. ثم تراجع", ["بلغ النمو 3.5 في المئة.", "ثم تراجع"]),
    "decimal with a bidi mark": ("زيادة قدرها 3.\u200f2 مليون برميل. وقال", ["زيادة قدرها 3.\u200f2 مليون برميل.", "وقال"]),
    "abbreviation": ("قال د. محمد العلي إن الوضع مستقر. وأضاف", ["قال د. محمد العلي إن الوضع مستقر.", "وأضاف"]),
    "double abbreviation": ("حاضر أ.د. علي في الجامعة.", ["حاضر أ.د. علي في الجامعة."]),
    "Arabic question mark": ("هل أتيت؟ نعم أتيت", ["هل أتيت؟", "نعم أتيت"]),
    "ellipsis": ("انتظرنا طويلا… ثم وصل", ["انتظرنا طويلا…", "ثم وصل"]),
    "three dots and !?": ("ماذا؟! لا أصدق... حقا!", ["ماذا؟!", "لا أصدق...", "حقا!"]),
    "line breaks": ("العنوان\nالفقرة الأولى\n\n  الفقرة الثانية  ", ["العنوان", "الفقرة الأولى", "الفقرة الثانية"]),
    "closing guillemet": ("قال: «انتهى الأمر.» ثم غادر.", ["قال: «انتهى الأمر.»", "ثم غادر."]),
    "closing quote then stop": ('وأضاف: "تعبنا!". وقال', ['وأضاف: "تعبنا!".', "وقال"]),
    "closing parenthesis": ("(انظر الملحق.) وبعد", ["(انظر الملحق.)", "وبعد"]),
    "web address": ("زوروا www.spa.gov.sa اليوم. شكرا", ["زوروا www.spa.gov.sa اليوم.", "شكرا"]),
    "missing space after stop": ("انتهى الاجتماع.وقال الوزير", ["انتهى الاجتماع.", "وقال الوزير"]),
    "acronym with dots": ("قال لتلفزيون ان.بي.سي إن الاتفاق جيد. ثم", ["قال لتلفزيون ان.بي.سي إن الاتفاق جيد.", "ثم"]),
    "stray full stop": ("شبكة تكييف حديثة. . سمات أخرى", ["شبكة تكييف حديثة. .", "سمات أخرى"]),
    "no terminator": ("نص بلا نهاية", ["نص بلا نهاية"]),
    "empty": ("", []),
}


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES.values(), ids=SENTENCE_CASES.keys())
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected
    assert count_sentences(text) == len(expected)


STRAY_MARK_CASES = ["a . . b", "a.\n. b", ". .", "!!", "a\n.", "قال: «نعم!». ثم غادر", " \u200f. x", "أ. د. محمد. نعم",
                    "1.\u200f5 مليون. ثم", "ان.بي.سي قالت. لا", "د.\nمحمد", "«نعم».» ثم", "a… b… .", "x ؟ ! y", "\x1c. a"]


def test_count_sentences_equals_split_sentences_on_every_saudinewsnet_text(saudinewsnet_dir: Path) -> None:
    # count_sentences is the statistics' fast path: it must count exactly what split_sentences finds.
    differing = [t[:60] for t in STRAY_MARK_CASES if count_sentences(t) != len(split_sentences(t))]
    texts = sentences = 0
    for text in _saudinewsnet_texts(saudinewsnet_dir):
        expected = len(split_sentences(text))
        if count_sentences(text) != expected:
            differing.append(text[:60])
        texts += 1
        sentences += expected
    assert texts > 60_000 and sentences > 300_000
    assert differing == []


def test_sentence_offsets_point_into_the_text() -> None:
    text = "  أولا. ثانيا؟  "
    assert split_sentences(text) == [Sentence(2, 7), Sentence(8, 14)]


def test_seed_article_sentences(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    found = sentences_of(text)
    assert len(found) > 10
    # every full stop, question and exclamation mark ends up at the end of its sentence or inside a number
    assert all(s[-1] in ".!?؟…\"»”)" or s == found[-1] for s in found)


# --- normalisation ------------------------------------------------------------------------------


def test_normalize_folds_letter_variants() -> None:
    assert normalize("أحمد إبراهيم آل") == "احمد ابراهيم ال"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("مدرسة") == "مدرسه"
    assert normalize("كَتَبَ") == "كتب"
    assert normalize("مـــرحبا") == "مرحبا"
    # ANERcorp's test part writes جنيه\u200f and حماس\u200f: the bidi mark must not make them new words.
    assert normalize("جنيه\u200f") == "جنيه"
    assert normalize("\u200eحماس\u200c\ufeff") == "حماس"


def test_letter_variants_and_presentation_forms_get_the_key_of_the_word_they_write() -> None:
    # Arabic typed on a Persian keyboard (ی، ک), Maghrebi g (ڨ), Urdu heh (ہ), and text copied out of a PDF.
    assert normalize("وأکد الرئیس") == normalize("وأكد الرئيس") == "واكد الرئيس"
    assert fold("ڨفصة") == fold("قفصة") == "قفصه"
    assert fold("ﻭﻗﺎﻝ") == "وقال" and fold("\ufefb") == "لا"
    assert fold("وأکَد") == "واكد"  # a diacritic and a variant in one word
    assert fold("پاريس") == "باريس" and fold("ہذا") == "هذا"
    # what is not an Arabic letter's variant stays: Persian digits, Latin, a Kurdish letter arclean deletes, the rial
    # sign among the presentation forms (a symbol, not the word ريال)
    assert fold("۱۲۳") == "۱۲۳" and fold("Tunis") == "Tunis" and fold("\u06d5") == "\u06d5" and fold("\ufdfc") == "\ufdfc"
    # the unicode option's NFKC comes after the same folding: one key for the ligature of the eulogy either way
    assert normalize("\ufdfa", unicode=True) == fold("\ufdfa") == "صلياللهعليهوسلم"


def test_normalize_options_switch_each_folding_off() -> None:
    assert normalize("أحمد", alef=False) == "أحمد"
    assert normalize("مستشفى", alef_maksura=False) == "مستشفى"
    assert normalize("مدرسة", teh_marbuta=False) == "مدرسة"
    assert normalize("كَتَبَ", diacritics=False) == "كَتَبَ"
    assert normalize("مـرحبا", tatweel=False) == "مـرحبا"
    assert normalize("جنيه\u200f", invisible=False) == "جنيه\u200f"
    assert normalize("\ufefb", unicode=True) == "لا"  # presentation form of lam-alef


def _camel_steps(text: str) -> str:
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

    text = remove_invisible(remove_tatweel(text))
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(text))))


@functools.cache
def _arclean():  # noqa: ANN202 - camel-tools' CharMapper
    from camel_tools.utils.charmap import CharMapper

    return CharMapper.builtin_mapper("arclean")


def _camel_chain(text: str) -> str:
    """The default normalisation step by step, as camel-tools' functions and Unicode give it, a character at a time.

    A presentation form becomes what it displays (NFKC, its spaces dropped); a letter of the script's other languages
    that camel-tools' arclean map writes as one Arabic letter becomes that letter; then camel-tools' own steps.
    """
    import unicodedata

    arclean = _arclean()

    def variant(char: str) -> str:
        letter = arclean(char)
        if "\u0671" <= char <= "\u06ff" and len(letter) == 1 and "\u0621" <= letter <= "\u064a" and _camel_steps(char) == char:
            return letter
        return char

    def one(char: str) -> str:
        if ("\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefe") and unicodedata.category(char)[0] in "LM":
            displayed = unicodedata.normalize("NFKC", char)
            if displayed != char:
                return _camel_steps("".join(map(variant, displayed))).replace(" ", "")
        return _camel_steps(variant(char))

    return "".join(map(one, text))


def test_normalize_in_one_table_equals_camel_tools_step_by_step(saudinewsnet_dir: Path) -> None:
    # normalize's default folds with one str.translate table built from camel-tools' normalisers: every character
    # of the Basic Multilingual Plane, and real articles whole, must come out as the chain of functions gives them.
    # normalize's default runs khabar.text.fold: str.replace for the folded letters, a deletion only for words that
    # are not letters alone or hold a tatweel. Each character alone and beside letters takes each path.
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert [normalize(c) for c in characters] == [_camel_chain(c) for c in characters]
    assert [fold("كت" + c + "ب") for c in characters] == [_camel_chain("كت" + c + "ب") for c in characters]
    every_character = "".join(characters)
    assert normalize(every_character) == _camel_chain(every_character)
    assert not set("\u064e\u0651\u0640\u200f\ufeff\u06cc\ufefb") & set(normalize(every_character))  # all folded away
    texts = [text for text, _ in zip(_saudinewsnet_texts(saudinewsnet_dir), range(200), strict=False)]
    assert len(texts) == 200
    for text in texts:
        assert normalize(text) == _camel_chain(text)
        assert [fold(word) for word in token_strings(text)] == [_camel_chain(word) for word in token_strings(text)]
    assert sum(normalize(t) != t for t in texts) > 150  # real text: most articles have something to fold
    diacritised = "وَقَالَ الرَّئِيسُ إِنَّ المُسْتَشْفَى جَدِيدَةٌ"
    assert normalize(diacritised) == _camel_chain(diacritised) == "وقال الرئيس ان المستشفي جديده"


def test_normalisers_leave_the_input_alone_and_keep_length_where_promised() -> None:
    text = "وقالَ الرئيسُ: «نعم»"
    copy = str(text)
    assert dediacritize(text) == "وقال الرئيس: «نعم»"
    assert text == copy
    assert remove_tatweel(f"مـ{TATWEEL}ـرحبا") == "مرحبا"
    assert remove_invisible("3.\u200f2 \u202bنص\u202c") == "3.2 نص"


def test_is_punctuation() -> None:
    assert is_punctuation("«") and is_punctuation("؟!") and is_punctuation("#")
    assert not is_punctuation("") and not is_punctuation("و1") and not is_punctuation("3")


def test_letters_in_place_reads_a_persian_keyboard_as_arabic_letters_one_for_one() -> None:
    # The quote rules look at a word's own letters (علي the name against على the preposition): a Persian keyboard's
    # ی and ک and a presentation form of either are read as the Arabic letters, one character for one: ی as the
    # letter it shows, ي inside a word and ى (dotless) at its end, as a reader of the text reads it.
    assert letters_in_place("وقال محمد علی النصری إن الشرکة ﯾﻌﻤﻞ على") == "وقال محمد على النصرى إن الشركة يعمل على"
    assert letters_in_place("یقول فی\u200cالبیت عَلیٌ ﯼ ﯽ ﯾ ﯿ ـی") == "يقول فى\u200cالبيت عَلىٌ ى ى ي ي ـى"
    # Every character keeps its place and its matching key.
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    read = [letters_in_place(c) for c in characters]
    assert all(len(r) == 1 for r in read)
    assert [fold(r) for r in read] == [fold(c) for c in characters]
    assert sum(r != c for r, c in zip(read, characters)) == 345  # 241 presentation forms, 104 letter variants
    # ... and its kind (letter, mark, symbol): a symbol read as a letter (arclean's Sindhi signs ۽ ۾) would join
    # the words beside it into one token and move the token edges the quote rules' spans follow.
    assert [unicodedata.category(r)[0] for r in read] == [unicodedata.category(c)[0] for c in characters]


def test_a_soft_hyphen_inside_a_word_leaves_its_key(jawharafm_gold_path: Path) -> None:
    # A web page sets soft hyphens for line breaking (مو\u00adسكو): invisible, they must not make another word.
    from khabar.gold import read_documents

    text = next(iter(read_documents(jawharafm_gold_path))).text
    words = [w for w in token_strings(text) if len(w) > 3 and w.isalpha()]
    hyphenated = [w[:2] + "\u00ad" + w[2:] for w in words]
    assert len(words) > 100
    assert [fold(w) for w in hyphenated] == [fold(w) for w in words]
    assert remove_invisible("مو\u00adسكو") == "موسكو"


def test_a_vocalised_acronym_keeps_its_sentence_and_tanween_ends_one(jawharafm_gold_path: Path) -> None:
    # The dots of an acronym (دي.ان.أيه) do not end a sentence; vocalised (دُّيْ.اِنْ.أُيِّهُ), the marks after its
    # letters must not hide them. A word with tanween is no letter's name: غداً.وأكدت ends a sentence.
    from khabar.gold import read_documents

    text = next(d for d in read_documents(jawharafm_gold_path) if d.id == "JA-diverse-100-20170215").text
    vocalised = text.replace("(دي.ان.أيه)", "(دُّيْ.اِنْ.أُيِّهُ)")
    assert vocalised != text
    plain = [dediacritize(s.text_in(text)) for s in split_sentences(text)]
    assert [dediacritize(s.text_in(vocalised)) for s in split_sentences(vocalised)] == plain
    assert [s.text_in(t) for t in ["تختتم غداً.وأكدت الشمراني"] for s in split_sentences(t)] == ["تختتم غداً.", "وأكدت الشمراني"]
    assert [s.text_in(t) for t in ["قال دُ. محمد إن"] for s in split_sentences(t)] == ["قال دُ. محمد إن"]


def test_fold_deletes_exactly_the_characters_named_as_folded_away() -> None:
    # One list of what fold deletes (the quote rules' marks inside words are it but tanween): every character of the
    # Basic Multilingual Plane that fold maps to nothing, and nothing else, but the presentation forms of diacritics
    # (ﹰ، ﱞ), which fold reads through NFKC and the quote rules' text keeps as written.
    from khabar.text import folded_away

    deleted = {chr(p) for p in range(0x10000) if not 0xD800 <= p < 0xE000 and not 0xFB50 <= p < 0xFEFF and fold(chr(p)) == ""}
    assert set(folded_away()) == deleted and TATWEEL in deleted and "\u00ad" in deleted


def test_control_characters_glued_to_a_word_leave_its_key_and_white_space_stays() -> None:
    # A scraper's NUL or an old encoder's U+008F glued to a word (قال\x00) displays nothing: the word keeps its key,
    # as with a direction mark. White space among the controls (tab, line feed, NEL, U+001F) separates words instead.
    from khabar.text import is_invisible_mark

    assert [fold(w) for w in ["قال\x00", "\x01وقال", "أكد\x7f", "ال\x8fوزير"]] == ["قال", "وقال", "اكد", "الوزير"]
    assert [is_invisible_mark(c) for c in "\x00\x1b\x7f\x8f\u200f\u200d"] == [True] * 6
    assert [is_invisible_mark(c) for c in "\t\n\x0b\x1f\x85 ا."] == [False] * 8
    assert remove_invisible("قال\x00 \x1fالوزير\x85") == "قال \x1fالوزير\x85"
