"""brat standoff export and import: canonical files, exact round trips, emoji and bidi marks, errors."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents, validate_document
from khabar.gold.formats.brat import ANNOTATION_CONF, document_id, file_stem, read_brat, write_brat

runner = CliRunner()

# Emoji (two UTF-16 units each), a right-to-left mark and a line break inside the quote.
TEXT = "قال الرئيس 🇹🇳 قيس سعيد\u200f إن «الوضع\nمستقر» 👍 في تونس."
ANN = (
    "T1\tPERS 14 22\tقيس سعيد\n"
    "T2\tLOC 46 50\tتونس\n"
    "T3\tCONTENT 28 33;34 39\tالوضع مستقر\n"
    "T4\tSOURCE 4 10\tالرئيس\n"
    "R1\tspeaker Arg1:T3 Arg2:T4\t\n"
    "T5\tCUE 0 3\tقال\n"
    "R2\tcue Arg1:T3 Arg2:T5\t\n"
    "A1\tQuoteType T3 direct\n"
)


def brat_folder(root: Path, name: str = "JA-news-1") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    (root / f"{name}.txt").write_bytes(TEXT.encode("utf-8"))
    (root / f"{name}.ann").write_bytes(ANN.encode("utf-8"))
    return root


def test_offsets_are_code_points_through_emoji_and_bidi_marks(tmp_path: Path) -> None:
    [doc] = read_brat(brat_folder(tmp_path / "in"))
    assert doc.id == "JA-news-1" and doc.text == TEXT
    assert [(e.text_in(TEXT), e.label) for e in doc.entities] == [("قيس سعيد", "PERS"), ("تونس", "LOC")]
    [quote] = doc.quotes
    assert quote.content.text_in(TEXT) == "الوضع\nمستقر" and quote.type == "direct"
    assert quote.source.text_in(TEXT) == "الرئيس" and quote.cue.text_in(TEXT) == "قال"
    assert validate_document(doc) == []


def test_brat_to_gold_to_brat_is_identical(tmp_path: Path) -> None:
    source = brat_folder(tmp_path / "in")
    gold = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["gold", "import", "--format", "brat", str(source), "--out", str(gold)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "brat", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    compared = filecmp.dircmp(source, tmp_path / "out")
    assert sorted(compared.same_files) == ["JA-news-1.ann", "JA-news-1.txt", "annotation.conf"]
    assert not compared.left_only and not compared.right_only
    for name in compared.same_files:  # dircmp compares shallowly: compare the bytes
        assert (source / name).read_bytes() == (tmp_path / "out" / name).read_bytes()


@pytest.mark.parametrize("name", ["dev_gold.jsonl", "jawharafm_gold.jsonl"])
def test_shared_gold_round_trips(shared_data: Path, tmp_path: Path, name: str) -> None:
    docs = list(read_documents(shared_data / "quotes" / name))
    assert write_brat(tmp_path / "a", docs) == len(docs)
    back = {d.id: d for d in read_brat(tmp_path / "a")}
    assert sorted(back) == sorted(d.id for d in docs)
    for doc in docs:
        assert (back[doc.id].text, back[doc.id].entities, back[doc.id].quotes) == (doc.text, doc.entities, doc.quotes)
    write_brat(tmp_path / "b", back.values())
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    relations = sum(f.read_text(encoding="utf-8").count("\nR") for f in (tmp_path / "a").glob("*.ann"))
    assert relations > 0


def test_shared_source_is_one_annotation(tmp_path: Path) -> None:
    text = "قال الوزير إن الوضع مستقر وإن الأمن مستتب"
    source, cue = Span(4, 10), Span(0, 3)
    doc = Document("d", text, quotes=[Quote(Span(14, 25), source, cue), Quote(Span(29, 41), source, cue)])
    write_brat(tmp_path / "out", [doc])
    ann = (tmp_path / "out" / "d.ann").read_text(encoding="utf-8")
    assert ann.count("\tSOURCE ") == 1 and ann.count("speaker Arg1:") == 2
    [back] = read_brat(tmp_path / "out")
    assert back.quotes == doc.quotes


def test_ids_become_safe_file_names() -> None:
    for doc_id in ("JA-culture-31-20170126", "a/b c%", ".hidden", "وثيقة:1"):
        stem = file_stem(doc_id)
        assert "/" not in stem and ":" not in stem and not stem.startswith(".") and document_id(stem) == doc_id
    assert file_stem("وثيقة-1") == "وثيقة-1"


@pytest.mark.parametrize(("line", "code"), [
    ("T9\tPERSON 0 3\tقال", "E263"),
    ("T9\tPERS 0 x\tقال", "E264"),
    ("T9\tPERS 0 999\tقال", "E264"),
    ("T9\tPERS 0 3\tقول", "E265"),
    ("T9\tPERS 4 10;14 17\tالرئيس قيس", "E274"),  # the flag between them was taken into the span
    ("T9\tPERS 14 17;4 10;18 22\tقيس الرئيس سعيد", "E264"),  # fragments out of order
    ("T9\tPERS 14 22;15 17\tقيس سعيد يس", "E264"),  # overlapping: was read as 14-17, "قيس" alone
    ("R9\tspeaker Arg1:T4 Arg2:T3\t", "E268"),
    ("R9\tspeaker Arg1:T3 Arg2:T1\t", "E268"),
    ("A9\tQuoteType T3 reported", "E266"),
    ("A9\tQuoteType T1 direct", "E268"),
    ("E1\tEvent:T1", "E267"),
    ("T1\tPERS 0 3\tقال", "E269"),  # T1 again: the first one was silently replaced
    ("A9\tQuoteType T3 indirect", "E268"),  # a second type for T3: the first one was silently replaced
])
def test_bad_lines_name_file_and_line(tmp_path: Path, line: str, code: str) -> None:
    root = brat_folder(tmp_path / "in")
    ann = root / "JA-news-1.ann"
    ann.write_text(ANN + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_brat(root))
    assert caught.value.code == code and caught.value.path == ann and caught.value.line == 9


def test_an_ann_file_not_utf8_and_a_folder_named_txt_are_numbered_errors(tmp_path: Path) -> None:
    root = brat_folder(tmp_path / "in")
    ann = root / "JA-news-1.ann"
    ann.write_bytes(ANN.encode("utf-8") + "T9\tPERS 0 3\tقال\n".encode("cp1256"))
    with pytest.raises(InputError) as caught:  # was a UnicodeDecodeError
        list(read_brat(root))
    assert caught.value.code == "E261" and caught.value.path == ann
    ann.write_text(ANN, encoding="utf-8")
    (root / "zz.txt").mkdir()
    with pytest.raises(InputError) as caught:  # was an IsADirectoryError
        list(read_brat(root))
    assert caught.value.code == "E261" and caught.value.path == root / "zz.txt"


def test_export_refuses_a_folder_of_other_files_and_replaces_its_own(tmp_path: Path) -> None:
    doc = Document("d", "زار بوتين سوريا", entities=[Entity(4, 9, "PERS")])
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="E260"):
        write_brat(other, [doc])
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
    write_brat(tmp_path / "out", [doc, Document("e", "نص")])
    write_brat(tmp_path / "out", [doc])  # an earlier export is replaced as a whole
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["annotation.conf", "d.ann", "d.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left behind


def test_an_id_too_long_for_a_file_name_is_E273_and_nothing_is_written(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    long_id = "ع" * 130  # 260 bytes in UTF-8: over the 255 bytes of a file name
    gold.write_text('{"id": "d1", "text": "قال"}\n{"id": "%s", "text": "قال"}\n' % long_id, encoding="utf-8")
    result = CliRunner().invoke(app, ["gold", "export", str(gold), "--format", "brat", "--out", str(tmp_path / "b")])
    assert isinstance(result.exception, InputError) and result.exception.code == "E273"
    assert result.exception.field == "id"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl"]  # no folder, no temporary folder


def test_an_ann_without_its_txt_is_E261_and_nothing_is_written(tmp_path: Path) -> None:
    # JA-news-2.ann beside JA-news-2.TXT (or no text at all) was passed over: its annotations lost, exit 0.
    root = brat_folder(tmp_path / "in")
    (root / "JA-news-2.ann").write_text(ANN, encoding="utf-8")
    (root / "JA-news-2.TXT").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    out.write_text("PREVIOUS\n", encoding="utf-8")
    result = runner.invoke(app, ["gold", "import", str(root), "--format", "brat", "--out", str(out)])
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.path) == ("E261", root / "JA-news-2.ann")
    assert "has no JA-news-2.txt beside it" in result.exception.message
    assert out.read_text(encoding="utf-8") == "PREVIOUS\n"


def test_two_files_of_one_document_id_are_E261(tmp_path: Path) -> None:
    # File names are unquoted into ids: a/b.txt and a%2Fb.txt both gave the document 'a/b', written twice.
    root = brat_folder(tmp_path / "in", name="a%2Fb")
    (root / "a").mkdir()
    (root / "a" / "b.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_brat(root))
    assert (caught.value.code, caught.value.doc_id, caught.value.path) == ("E261", "a/b", root / "a%2Fb.txt")


def test_a_gap_holding_a_word_is_refused_one_of_white_space_is_read(tmp_path: Path) -> None:
    # PERS 4 8;13 15 over "محمد علي إن" was imported as PERS 4-15, "علي" taken in: the .ann check passed
    # because the fragments' texts joined ("محمد إن") are what the .ann says
    text = "قال محمد علي إن الوزارة في تونس ستعمل."
    root = tmp_path / "brat"
    root.mkdir()
    (root / "d.txt").write_text(text, encoding="utf-8")
    (root / "d.ann").write_text("T1\tLOC 27 31\tتونس\nT2\tPERS 4 8;13 15\tمحمد إن\n", encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["gold", "import", str(root), "--format", "brat", "--out", str(out)])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.line, error.field, error.doc_id) == ("E274", root / "d.ann", 2, "offsets", "d")
    assert error.message.startswith("T2: the gap between fragments 4-8 and 13-15 holds ' علي ', not only white space")
    assert not out.exists()
    # white space alone between the fragments (a line break, as brat splits a span; a space; CRLF) is read
    for gap in ("\n", " ", "\r\n", "\u2028"):
        spread = f"قال محمد{gap}علي إن"
        (root / "d.txt").write_text(spread, encoding="utf-8", newline="")
        end = 8 + len(gap) + 3
        (root / "d.ann").write_text(f"T1\tPERS 4 8;{8 + len(gap)} {end}\tمحمد علي\n", encoding="utf-8")
        [doc] = read_brat(root)
        assert [(e.start, e.end, e.text_in(spread)) for e in doc.entities] == [(4, end, f"محمد{gap}علي")]


def test_a_wrong_fragment_is_named(tmp_path: Path) -> None:
    root = brat_folder(tmp_path / "in")
    (root / "JA-news-1.ann").write_text(ANN.replace("الوضع مستقر", "الوضع مستقبل"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_brat(root))
    assert (caught.value.code, caught.value.line, caught.value.field) == ("E265", 3, "text")
    assert "28 33;34 39, fragment 2 of 2 (34-39), 'الوضع مستقر'" in caught.value.message
