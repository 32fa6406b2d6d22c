"""Readers for every input layout, and their errors naming file, line and field."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from khabar.corpus.readers import Notice, Problem, RawRecord, detect_encoding, read_source

ARABIC = "أعلن الكرملين الاثنين أن الرئيسين اتفقا على سحب القوات"


@pytest.fixture(scope="module")
def saudinewsnet_articles(saudinewsnet_dir: Path) -> list[str]:
    """200 real articles' texts, one day of SaudiNewsNet (read in place, never copied)."""
    with zipfile.ZipFile(saudinewsnet_dir / "2015-07-21.zip") as archive:
        items = json.loads(archive.read(archive.namelist()[0]))
    return [item["content"] for item in items if "ال" in item["content"]][:200]


def records(path: Path) -> list[RawRecord]:
    return [item for item in read_source(path) if isinstance(item, RawRecord)]


def problems(path: Path) -> list[Problem]:
    return [item for item in read_source(path) if isinstance(item, Problem)]


def test_jsonl_lines_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "أ"}) + "\n\n" + json.dumps({"text": "ب", "id": "x"}) + "\n", encoding="utf-8")
    got = records(path)
    assert [(r.fields["text"], r.line, r.index) for r in got] == [("أ", 1, 0), ("ب", 3, 1)]


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"content": ARABIC}, ensure_ascii=False) + "\n")
    assert records(path)[0].fields["content"] == ARABIC


def test_json_array_streams_elements_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    items = [{"content": f"{ARABIC} {i}"} for i in range(3)]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    got = records(path)
    assert [r.fields for r in got] == items
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all(lines[r.line - 1].strip() == "{" for r in got)


@pytest.mark.parametrize("ahead", [0, 16, 1 << 18])
def test_json_array_larger_than_the_read_buffer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead: int) -> None:
    import khabar.corpus.readers as readers

    # Elements far longer than one read, whose blocks end inside a two-byte letter;
    # with and without reading on before an element that runs past the buffer.
    monkeypatch.setattr(readers, "_CHUNK_BYTES", 63)
    monkeypatch.setattr(readers, "_AHEAD_CHARS", ahead)
    items = [{"text": ARABIC * 10, "n": i} for i in range(20)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    assert [r.fields for r in records(path)] == items


def test_json_sequence_of_objects(tmp_path: Path) -> None:
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps({"text": "أ"}, indent=2) + "\n" + json.dumps({"text": "ب"}, indent=2), encoding="utf-8")
    assert [r.fields["text"] for r in records(path)] == ["أ", "ب"]


def test_csv_with_header(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('title,text\n"عنوان","سطر\nثان"\nعنوان2,نص\n', encoding="utf-8")
    got = records(path)
    assert [(r.fields["title"], r.fields["text"], r.line) for r in got] == [
        ("عنوان", "سطر\nثان", 2), ("عنوان2", "نص", 4)]


@pytest.mark.parametrize(
    ("header", "name", "columns"),
    [("id,text,text", "text", (2, 3)), ("title,text,title", "title", (1, 3)), ("\ufefftext,a,b,a", "a", (2, 4))],
)
def test_csv_header_giving_a_column_twice_is_e108(
    tmp_path: Path, header: str, name: str, columns: tuple[int, int]
) -> None:
    # each row is read as a dict keyed by the header: the second column of a name replaced the first's value
    path = tmp_path / "a.csv"
    path.write_text(f"{header}\n" + ",".join(["نص"] * header.count(",")) + ",آخر\n", encoding="utf-8")
    [problem] = list(read_source(path))
    assert isinstance(problem, Problem) and problem.fatal_for_file and problem.reason == "repeated_key"
    assert (problem.error.code, problem.error.path, problem.error.line, problem.error.field) == ("E108", path, 1, name)
    assert problem.error.message == (
        f"the header names the column {name!r} twice (columns {columns[0]} and {columns[1]}): a row would keep only "
        "the last one's value; rename or remove one")
    # blank names (the empty columns a spreadsheet writes after the last one) are no names given twice
    path.write_text("id,text,,\n1,نص,,\n", encoding="utf-8")
    assert [r.fields for r in records(path)] == [{"id": "1", "text": "نص"}]


@pytest.mark.parametrize("blanks", [1, 2, 3])
def test_csv_empty_columns_with_blank_names_read_as_if_absent(tmp_path: Path, blanks: int) -> None:
    # a spreadsheet's export ends every row with empty columns: they were kept as a field "" (one) or merged (more)
    path, bare = tmp_path / "a.csv", tmp_path / "bare.csv"
    path.write_text("id,text" + "," * blanks + "\n" + "".join(
        f"{n},نص {n}" + "," * blanks + "\n" for n in (1, 2)) + "3,نص 3\n", encoding="utf-8")
    bare.write_text("id,text\n1,نص 1\n2,نص 2\n3,نص 3\n", encoding="utf-8")
    assert [(r.fields, r.line) for r in records(path)] == [(r.fields, r.line) for r in records(bare)] == [
        ({"id": "1", "text": "نص 1"}, 2), ({"id": "2", "text": "نص 2"}, 3), ({"id": "3", "text": "نص 3"}, 4)]


def test_csv_columns_named_by_spaces_alone_are_blank(tmp_path: Path) -> None:
    # a header cell of spaces names nothing, as an empty one: it was a field " " (one) or E108 " " twice (two), and a
    # cell of spaces under it is empty
    path = tmp_path / "a.csv"
    path.write_text("id,text, ,  \n1,نص, ,\n2,نص 2,,\n", encoding="utf-8")
    assert [r.fields for r in read_source(path) if isinstance(r, RawRecord)] == [
        {"id": "1", "text": "نص"}, {"id": "2", "text": "نص 2"}]
    path.write_text("id,text, \n1,نص, x\n", encoding="utf-8")
    assert [(i.error.code, i.error.line) for i in read_source(path) if isinstance(i, Problem)] == [("E109", 2)]


@pytest.mark.parametrize(("header", "row", "column"), [
    ("id,text,,", "2,نص،,بقية النص,", 3),  # a value in a blank column that is not the last: it was lost
    ("id,text,,", "2,نص,,بقية", 4),
    ("id,text,", "2,نص،,بقية النص", 3),  # one blank column: its value was kept as a field named ""
    ("id,,text", "2,x,نص", 2),
])
def test_csv_value_in_a_column_with_a_blank_name_is_e109(tmp_path: Path, header: str, row: str, column: int) -> None:
    # most often a field's tail pushed on by an unquoted comma: the row is refused, the others are read
    path = tmp_path / "a.csv"
    path.write_text(f"{header}\n" + header.replace("id", "1").replace("text", "نص")
                    + f"\n{row}\n" + header.replace("id", "3").replace("text", "آخر") + "\n", encoding="utf-8")
    items = list(read_source(path))
    assert [(i.error.code, i.error.path, i.error.line, i.fatal_for_file, i.reason) for i in items
            if isinstance(i, Problem)] == [("E109", path, 3, False, "unnamed_column")]
    assert [(r.fields, r.index) for r in items if isinstance(r, RawRecord)] == [
        ({"id": "1", "text": "نص"}, 0), ({"id": "3", "text": "آخر"}, 2)]
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert problem.error.message == (
        f"a value in column {column}, which the header gives no name: name the column, or quote the field whose "
        "comma pushed it there")


def test_csv_in_a_zip_giving_a_column_twice_names_the_member(tmp_path: Path) -> None:
    path = tmp_path / "dump.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "text,text\nأ,ب\n")
        archive.writestr("b.csv", "text\nنص\n")
    items = list(read_source(path))
    assert [(p.error.code, str(p.error.path), p.error.line) for p in items if isinstance(p, Problem)] == [
        ("E108", f"{path}!a.csv", 1)]
    assert [r.fields["text"] for r in items if isinstance(r, RawRecord)] == ["نص"]


def test_folder_of_txt_files_numbered_ids(tmp_path: Path) -> None:
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / "007_abc.txt").write_text(ARABIC, encoding="utf-8")
    (folder / "notes.txt").write_text("نص آخر", encoding="utf-8")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    got = records(folder)
    assert [(r.fields["text"], r.default_id, r.meta) for r in got] == [
        (ARABIC, "seed-007", {"corpus": "seed"}), ("نص آخر", None, {"corpus": "seed"})]


def test_zip_of_json_array_saudinewsnet_layout(tmp_path: Path) -> None:
    folder = tmp_path / "SaudiNewsNet"
    folder.mkdir()
    with zipfile.ZipFile(folder / "2015-07-25.zip", "w") as archive:
        archive.writestr("2015-07-25.json", json.dumps([{"content": "أ"}, {"content": "ب"}]))
    got = records(folder)
    assert [r.default_id for r in got] == ["saudinewsnet-2015-07-25-0000", "saudinewsnet-2015-07-25-0001"]
    assert got[0].meta == {"corpus": "SaudiNewsNet"}
    assert got[1].where.endswith("2015-07-25.zip!2015-07-25.json")


def test_zip_of_csv_and_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("b.csv", "text\nنص\n")
        archive.writestr("a.jsonl", '{"text": "أ"}\n')
    got = records(path)
    assert [r.fields["text"] for r in got] == ["أ", "نص"]
    assert all(r.default_id is None for r in got)


def test_broken_json_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "أ"}\n{"text": "ب"\n{"text": "ج"}\n', encoding="utf-8")
    [problem] = problems(path)
    assert problem.reason == "broken_json"
    assert problem.error.code == "E105" and problem.error.line == 2 and problem.error.path == path
    assert [r.fields["text"] for r in records(path)] == ["أ", "ج"]  # the next line still reads


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_key_given_twice_costs_its_record_naming_line_and_key(tmp_path: Path, suffix: str) -> None:
    # {"id": "a", ..., "id": "b"} was imported as article b, and a's id lost without a word
    lines = ['{"id": "a1", "text": "أ"}', '{"id": "a2", "text": "ب: نص", "meta": {"k": 1, "k": 2}}',
             '{"id": "a3", "text": "ج", "id": "a4"}', '{"id": "a5", "text": "د"}']
    path = tmp_path / f"a{suffix}"
    path.write_text("\n".join(lines) + "\n" if suffix == ".jsonl" else "[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    found = problems(path)
    shift = 0 if suffix == ".jsonl" else 1  # the array's '[' stands on line 1
    assert [(p.reason, p.error.code, p.error.line, p.error.field, p.fatal_for_file) for p in found] == [
        ("repeated_key", "E015", 2 + shift, "meta.k", False), ("repeated_key", "E015", 3 + shift, "id", False)]
    assert found[1].error.path == path and "the key 'id' appears twice in one object" in found[1].error.message
    assert [(r.fields["id"], r.index) for r in records(path)] == [("a1", 0), ("a5", 3)]  # skipped ones keep their place


def test_broken_json_array_names_line_and_stops(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[\n{"text": "أ"},\n{"text": "ب",,}\n]', encoding="utf-8")
    items = list(read_source(path))
    assert isinstance(items[0], RawRecord)
    assert isinstance(items[1], Problem) and items[1].error.line == 3 and items[1].fatal_for_file


def test_array_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"text": "أ"}, {"text": "ب"}', encoding="utf-8")
    items = list(read_source(path))
    assert [type(i) for i in items] == [RawRecord, RawRecord, Problem]
    assert "never closed" in str(items[2].error)


def test_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('["a list"]\n', encoding="utf-8")
    [problem] = problems(path)
    assert problem.reason == "not_an_object" and problem.error.line == 1


def test_windows_1256_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes(f"text\n{ARABIC}\n".encode("cp1256"))
    items = list(read_source(path))
    assert isinstance(items[0], Notice) and items[0].reason == "decoded_cp1256" and str(path) in items[0].message
    assert items[1].fields["text"] == ARABIC


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    # Latin-1 German: not UTF-8, and read as cp1256 its letters are mostly Latin, not Arabic
    path.write_bytes("Grüße aus Köln, schöne Straße".encode("latin-1"))
    [problem] = problems(path)
    assert problem.reason == "undecodable" and problem.error.code == "E104" and problem.error.path == path


@pytest.mark.parametrize("chunk", [4096, 4 << 20])
def test_bad_byte_deep_in_a_json_array(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Past the sniffed start, a byte that is not UTF-8 costs only its element (E104 at its line), whether
    it falls in the first block read or a later one: every element before and after it comes out."""
    import khabar.corpus.readers as readers

    monkeypatch.setattr(readers, "_CHUNK_BYTES", chunk)
    items = [{"text": f"{ARABIC} {i} " * 10} for i in range(120)]
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    data = ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
    bad_record = 110
    at = data.index(f" {bad_record} ".encode())
    assert at > readers._SNIFF_BYTES
    path = tmp_path / "day.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(readers.read_source(path))
    good = [item for item in got if isinstance(item, RawRecord)]
    [problem] = [item for item in got if isinstance(item, Problem)]
    assert problem.error.code == "E104" and not problem.fatal_for_file and problem.error.path == path
    assert problem.error.line == bad_record + 2  # "[" has the first line
    assert [r.fields for r in good] == items[:bad_record] + items[bad_record + 1:]
    assert [r.index for r in good] == [i for i in range(120) if i != bad_record]


@pytest.mark.parametrize("opening", ["[", ""])
def test_json_file_cut_inside_a_letter(tmp_path: Path, opening: str) -> None:
    """A file cut in the middle of a two-byte letter: the records before it, then E104 on the cut's line."""
    path = tmp_path / "cut.json"
    data = f'{opening}{{"text": "أ"}}\n{"," if opening else ""}{{"text": "ب ت"}}'.encode("utf-8")
    path.write_bytes(data[: data.rindex("ت".encode()) + 1])
    got = list(read_source(path))
    assert [item.fields["text"] for item in got if isinstance(item, RawRecord)] == ["أ"]
    [problem] = [item for item in got if isinstance(item, Problem)]
    assert problem.error.code == "E104" and problem.error.line == 2 and problem.fatal_for_file


def test_undecodable_line_in_utf8_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = json.dumps({"text": ARABIC}, ensure_ascii=False).encode() + b"\n"
    path.write_bytes(good * 2000 + b'{"text": "\xff\xfe"}\n' + good)  # the sniffed start is clean UTF-8
    [problem] = problems(path)
    assert problem.reason == "undecodable" and problem.error.line == 2001
    assert len(records(path)) == 2001


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        # UTF-16, as Windows' "Unicode" saves it: the byte-order mark is the first byte that is not UTF-8
        ((json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n").encode("utf-16"), 1, "UTF-16"),
        # UTF-16 without the mark passes as UTF-8: ASCII's and Arabic letters' code units are bytes below 0x80
        ((json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n").encode("utf-16-le") * 3, 1,
         "UTF-16 text without a byte-order mark (little-endian"),
        ('{"text": "ok"}\n{"text": "ok"}\n'.encode("utf-16-be"), 1,
         "UTF-16 text without a byte-order mark (big-endian"),
        # the ü is the line's byte 12, after '{"text": "Gr'
        ('{"text": "Grüße aus Köln"}\n{"text": "ok"}\n'.encode("latin-1"), 1, "byte 12 of the line"),
        ('{"text": "ok"}\n{"text": "ok"}\n{"text": "Grüße aus Köln"}\n'.encode("latin-1"), 3, "byte 12 of the line"),
    ],
    ids=["utf16", "utf16-le-no-bom", "utf16-be-no-bom", "latin1-line-1", "latin1-line-3"],
)
def test_jsonl_not_utf8_from_its_start_names_the_line(tmp_path: Path, data: bytes, line: int, says: str) -> None:
    """A file whose sniffed start is not UTF-8 is skipped whole (E104), at the line of its first bad byte."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(data)
    [problem] = list(read_source(path))
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and problem.fatal_for_file
    assert (problem.error.code, problem.error.path, problem.error.line) == ("E104", path, line)
    assert says in problem.error.message and "re-encode the file as UTF-8" in problem.error.message


def test_csv_quote_never_closed_names_its_line(tmp_path: Path) -> None:
    """A stray opening quote would make the rest of the file one value: E107 at the quote's line instead."""
    path = tmp_path / "a.csv"
    path.write_text('title,text\nعنوان,"سطر\nثان"\nعنوان2,"نص بلا نهاية\nعنوان3,نص\nعنوان4,نص\n',
                    encoding="utf-8")
    got = list(read_source(path))
    assert [(r.fields["text"], r.line) for r in got if isinstance(r, RawRecord)] == [("سطر\nثان", 2)]
    [problem] = [item for item in got if isinstance(item, Problem)]
    assert problem.reason == "broken_csv" and problem.fatal_for_file
    assert (problem.error.code, problem.error.path, problem.error.line) == ("E107", path, 4)
    assert "never closed" in problem.error.message and "to line 6" in problem.error.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('"title,text\nعنوان,نص\n', 1),  # in the header: no row comes out at all
        # opened on the second line of its record
        ('title,text\r\nعنوان,"سطر\r\nثان"\r\n"عنوان2\r\nتتمة","نص\r\n', 5),
    ],
    ids=["header", "second-line-of-a-record"],
)
def test_csv_quote_never_closed_elsewhere(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8", newline="")
    [problem] = problems(path)
    assert (problem.error.code, problem.error.line, problem.reason) == ("E107", line, "broken_csv")


@pytest.mark.parametrize(
    "text",
    [
        # the last field closed at the very end of the file, no line break after it
        'title,text\nعنوان,"سطر\nثان ""مقتبس""\nثالث"\nعنوان2,"نص\nأخير"',
        'title,text\r\nعنوان,"سطر\r\nثان ""مقتبس""\r\nثالث"\r\nعنوان2,"نص\r\nأخير"\r\n',
        'title,text\nعنوان,"سطر\nثان ""مقتبس""\nثالث"\nعنوان2,"نص\nأخير"\n',
        # a carriage return alone ends lines (Excel for Mac), as a text stream with newline="" reads them
        'title,text\rعنوان,"سطر\rثان ""مقتبس""\rثالث"\rعنوان2,"نص\rأخير"',
        # a byte-order mark is not part of the first column's name
        '\ufefftitle,text\r\nعنوان,"سطر\r\nثان ""مقتبس""\r\nثالث"\r\nعنوان2,"نص\r\nأخير"\r\n',
    ],
    ids=["lf-no-final-newline", "crlf", "lf", "cr", "bom-crlf"],
)
def test_csv_multiline_quoted_fields_still_import(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8", newline="")
    newline = next(end for end in ("\r\n", "\r", "\n") if end in text)
    assert [(r.fields["title"], r.fields["text"], r.line) for r in records(path)] == [
        ("عنوان", newline.join(["سطر", 'ثان "مقتبس"', "ثالث"]), 2), ("عنوان2", f"نص{newline}أخير", 5)]
    assert problems(path) == []


def test_detect_encoding() -> None:
    assert detect_encoding(ARABIC.encode()) == "utf-8"
    assert detect_encoding(ARABIC.encode()[:-1]) == "utf-8"  # a character cut by the sample's end
    assert detect_encoding(ARABIC.encode("cp1256")) == "cp1256"
    assert detect_encoding("Grüße aus Köln, schöne Straße".encode("latin-1")) is None


def test_detect_encoding_on_evidence(saudinewsnet_articles: list[str]) -> None:
    """UTF-8 with a stray byte is UTF-8; cp1256 is cp1256; half of each is neither, not a guess."""
    text = "\n".join(saudinewsnet_articles)
    sample = text.encode()[: 1 << 16]
    assert detect_encoding(sample[:5000] + b"\xe9" + sample[5000:]) == "utf-8"  # a Latin-1 letter pasted in
    assert detect_encoding(sample[:5001] + sample[5002:]) == "utf-8"  # a letter cut in two, mid-sample
    assert detect_encoding(text.encode("cp1256", "replace")[: 1 << 16]) == "cp1256"
    assert detect_encoding(("ا" * 20).encode() + ("ب" * 40).encode("cp1256")) is None
    assert detect_encoding(sample[:5000] + b"\x00" * 4096) == "utf-8"  # NULs on both parities: not UTF-16


def test_a_stray_nul_in_a_tiny_file_is_not_utf16(tmp_path: Path) -> None:
    """One NUL passes UTF-16's ratio in a file of a few bytes: it costs its line, not the file as E104."""
    assert detect_encoding(b"\x00") == "utf-8"
    assert detect_encoding('{"text":"x"}'.encode("utf-16-le")) is None  # 12 NULs: still UTF-16
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text":"x"}\n\x00')
    record, problem = list(read_source(path))
    assert isinstance(record, RawRecord) and record.fields == {"text": "x"}
    assert isinstance(problem, Problem) and (problem.error.code, problem.error.line) == ("E105", 2)
    assert not problem.fatal_for_file


STRAY_BYTES: dict[str, Callable[[bytes], bytes]] = {
    "latin1": lambda line: line.replace("ال".encode(), "é".encode("latin-1"), 1),
    "cut_letter": lambda line: line.replace("ال".encode(), "ال".encode()[:3], 1),  # the lam's second byte lost
    "lone_continuation": lambda line: line.replace(b" ", b" \xa0", 1),
}


@pytest.mark.parametrize("damage", STRAY_BYTES.values(), ids=STRAY_BYTES.keys())
def test_stray_byte_in_utf8_jsonl_costs_its_line_only(tmp_path: Path, saudinewsnet_articles: list[str],
                                                      damage: Callable[[bytes], bytes]) -> None:
    """A UTF-8 file with one bad byte in its sniffed start is UTF-8: E104 at that line, every other record
    intact (it was read whole as Windows-1256, every letter turned to mojibake, with only a notice)."""
    import khabar.corpus.readers as readers

    lines = [json.dumps({"text": text}, ensure_ascii=False).encode() for text in saudinewsnet_articles]
    lines[4] = damage(lines[4])
    data = b"\n".join(lines) + b"\n"
    assert len(lines) == 200 and sum(map(len, lines[:5])) < readers._SNIFF_BYTES
    path = tmp_path / "day.jsonl"
    path.write_bytes(data)
    got = list(read_source(path))
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and not problem.fatal_for_file
    assert (problem.error.code, problem.error.path, problem.error.line) == ("E104", path, 5)
    good = [item for item in got if isinstance(item, RawRecord)]
    assert [r.fields["text"] for r in good] == saudinewsnet_articles[:4] + saudinewsnet_articles[5:]
    assert [r.line for r in good][3:5] == [4, 6]


@pytest.mark.parametrize("bad_record", [5, 150], ids=["in-the-sniffed-start", "past-it"])
def test_stray_byte_in_utf8_csv_costs_its_row_only(tmp_path: Path, saudinewsnet_articles: list[str],
                                                   bad_record: int) -> None:
    """In a CSV file too, a byte that is not UTF-8 is E104 at its line and every other row is read, whether
    it falls in the sniffed start or past it (a text stream raised there, ending the file on a wrong line)."""
    import khabar.corpus.readers as readers

    rows = [_csv_row("title", "text")] + [_csv_row(str(i), text) for i, text in enumerate(saudinewsnet_articles, 1)]
    at = rows[bad_record].index("ال".encode())
    rows[bad_record] = rows[bad_record][:at] + b"\xe9" + rows[bad_record][at:]
    data = b"".join(rows)
    at += len(b"".join(rows[:bad_record]))
    assert (at < readers._SNIFF_BYTES) == (bad_record == 5)
    path = tmp_path / "day.csv"
    path.write_bytes(data)
    got = list(read_source(path))
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and not problem.fatal_for_file
    assert (problem.error.code, problem.error.path) == ("E104", path)
    assert problem.error.line == data.count(b"\n", 0, at) + 1
    good = [item for item in got if isinstance(item, RawRecord)]
    want = [(str(i), text) for i, text in enumerate(saudinewsnet_articles, start=1) if i != bad_record]
    assert [(r.fields["title"], r.fields["text"]) for r in good] == want
    assert good[-1].line == data.count(b"\n", 0, data.rindex(b"\r\n200,")) + 2


def _csv_row(*values: str) -> bytes:
    """One CSV row as Excel writes it: an article's line breaks and quotes make it many lines."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue().encode()


def test_stray_byte_in_a_csv_header(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("عنوان,text\n".encode()[:3] + "وان,text\n".encode() + f"{ARABIC},{ARABIC}\n".encode() * 50)
    [problem] = list(read_source(path))
    assert isinstance(problem, Problem) and problem.fatal_for_file and "header" in problem.error.message
    assert (problem.error.code, problem.error.line) == ("E104", 1)


@pytest.mark.parametrize(
    ("name", "opening", "closing", "kept", "fatal"),
    [
        ("article.txt", "", "", [], True),
        ("day.json", "[", "]", [0, 1, 2, 3, 5, 6, 7, 8, 9], False),
        ("doc.xml", "<DOC>\n<DOCNO>x</DOCNO>\n<TEXT>\n", "</TEXT>\n</DOC>\n", [], False),
    ],
    ids=["txt", "json", "trec"],
)
def test_stray_byte_in_a_document_names_its_line(tmp_path: Path, saudinewsnet_articles: list[str], name: str,
                                                 opening: str, closing: str, kept: list[int], fatal: bool) -> None:
    """E104 at the bad byte's line: a text file is one document, lost whole; a JSON array loses the
    element holding the byte, a TREC file its record, and goes on."""
    if name.endswith(".json"):
        body = ",\n".join(json.dumps({"text": text}, ensure_ascii=False) for text in saudinewsnet_articles[:10])
    else:
        body = "\n\n".join(saudinewsnet_articles[:10])
    data = (opening + body + closing).encode()
    at = data.index(saudinewsnet_articles[4][:40].encode())
    path = tmp_path / name
    path.write_bytes(data[:at] + b"\xe9" + data[at:])
    got = list(read_source(path))
    assert [r.fields["text"] for r in got if isinstance(r, RawRecord)] == [saudinewsnet_articles[i] for i in kept]
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.fatal_for_file == fatal
    assert (problem.error.code, problem.error.path, problem.error.line) == ("E104", path, data.count(b"\n", 0, at) + 1)


def test_real_cp1256_articles_still_decode(tmp_path: Path, saudinewsnet_articles: list[str]) -> None:
    texts = [text for text in saudinewsnet_articles if _encodes(text, "cp1256")]
    assert len(texts) > 100
    path = tmp_path / "old.jsonl"
    path.write_bytes("".join(json.dumps({"text": t}, ensure_ascii=False) + "\r\n" for t in texts).encode("cp1256"))
    items = list(read_source(path))
    assert isinstance(items[0], Notice) and items[0].reason == "decoded_cp1256"
    assert [item.fields["text"] for item in items[1:]] == texts


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_truncated_zip(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    data = (saudinewsnet_dir / "2015-07-25.zip").read_bytes()
    path = tmp_path / "2015-07-25.zip"
    path.write_bytes(data[: len(data) // 2])
    [problem] = problems(path)
    assert problem.reason == "truncated_zip" and problem.error.code == "E103" and problem.error.path == path


def test_zip_member_damaged(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.json", json.dumps([{"text": ARABIC * 200}] * 50, ensure_ascii=False))
    data = bytearray(path.read_bytes())
    data[200:260] = b"\0" * 60  # corrupt the compressed stream, keep the directory
    path.write_bytes(bytes(data))
    found = problems(path)
    assert found and found[-1].reason in ("truncated_zip", "broken_json")
    assert str(path) in str(found[-1].error)


SEPARATOR_LAYOUTS = {
    "compact": '[{"text":"أ"},{"text":"ب\\nب"},{"text":"ج"}]',
    "spaced": '[ {"text": "أ"} ,  {"text": "ب\\nب"} , {"text": "ج"} ]',
    "crlf_lines": '[\r\n{"text": "أ"},\r\n\r\n{"text": "ب\\nب"}\r\n,\r\n{"text": "ج"}\r\n]\r\n',
    "comma_first": '[\n  {"text": "أ"}\n  , {"text": "ب\\nب"}\n  , {"text": "ج"}\n]',
}
SEPARATOR_LINES = {"compact": [1, 1, 1], "spaced": [1, 1, 1], "crlf_lines": [2, 4, 6], "comma_first": [2, 3, 4]}


@pytest.mark.parametrize("layout", sorted(SEPARATOR_LAYOUTS))
@pytest.mark.parametrize("chunk", [3, 1 << 20])
@pytest.mark.parametrize("ahead", [0, 1 << 18])
def test_json_array_separators_and_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str,
                                         chunk: int, ahead: int) -> None:
    """The one-step path over ", " between elements keeps every line number, whatever the buffer holds."""
    import khabar.corpus.readers as readers

    monkeypatch.setattr(readers, "_CHUNK_BYTES", chunk)  # 3: separators cut at every buffer end
    monkeypatch.setattr(readers, "_AHEAD_CHARS", ahead)
    path = tmp_path / "a.json"
    path.write_bytes(SEPARATOR_LAYOUTS[layout].encode("utf-8"))
    got = records(path)
    assert [r.fields["text"] for r in got] == ["أ", "ب\nب", "ج"]
    assert [(r.line, r.index) for r in got] == list(zip(SEPARATOR_LINES[layout], range(3)))
    assert problems(path) == []


def test_json_array_trailing_comma_and_bad_separator(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"text": "أ"}, {"text": "ب"},\n]', encoding="utf-8")
    assert [r.fields["text"] for r in records(path)] == ["أ", "ب"] and problems(path) == []
    path.write_text('[{"text": "أ"},\n{"text": "ب"}\n;{"text": "ج"}]', encoding="utf-8")
    [problem] = problems(path)
    assert problem.error.code == "E105" and problem.error.line == 3 and "after element 1" in problem.error.message


# --- a byte that does not decode, in a JSON array of a real day ---------------------------------

#: A real day of SaudiNewsNet, 1,318 articles in 4.2 MB: more than one block of ``_CHUNK_BYTES``.
DAY = "2015-07-23"


@pytest.fixture(scope="module")
def saudinewsnet_day(saudinewsnet_dir: Path) -> bytes:
    """The bytes of one day's JSON array, read from its zip in place (never copied into the repository)."""
    with zipfile.ZipFile(saudinewsnet_dir / f"{DAY}.zip") as archive:
        return archive.read(f"{DAY}.json")


@pytest.fixture(scope="module")
def saudinewsnet_day_records(saudinewsnet_day: bytes, tmp_path_factory: pytest.TempPathFactory) -> list[RawRecord]:
    """The day's records as read from the undamaged bytes: what every undamaged article must still be."""
    path = tmp_path_factory.mktemp("day") / f"{DAY}.json"
    path.write_bytes(saudinewsnet_day)
    got = list(read_source(path))
    good = [item for item in got if isinstance(item, RawRecord)]
    assert len(good) == len(got) == 1318
    return good


def _read_with_bad_byte(tmp_path: Path, day: bytes, at: int) -> tuple[Path, list, Problem, int]:
    """The day with its byte ``at`` made 0xFF, read: the file, what was read, its one problem (an undecodable
    record, not fatal for the file) and the line of the byte."""
    path = tmp_path / f"{DAY}.json"
    path.write_bytes(day[:at] + b"\xff" + day[at + 1:])
    got = list(read_source(path))
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and not problem.fatal_for_file
    return path, got, problem, day.count(b"\n", 0, at) + 1


def _element_starts(data: bytes) -> list[int]:
    """Where each element of a SaudiNewsNet day opens: json.dumps(indent=4) puts each ``{`` on its own line."""
    starts: list[int] = []
    at = data.find(b"\n    {\n")
    while at >= 0:
        starts.append(at + 5)
        at = data.find(b"\n    {\n", at + 1)
    return starts


def _as_read(record: RawRecord) -> tuple[dict[str, object], int | None, int]:
    return record.fields, record.line, record.index


@pytest.mark.parametrize("k", [2, 700, 1317], ids=["in-the-sniffed-start", "mid-file", "last-past-the-first-block"])
def test_bad_byte_in_a_real_day_costs_its_article_only(tmp_path: Path, saudinewsnet_day: bytes,
                                                       saudinewsnet_day_records: list[RawRecord], k: int) -> None:
    """One byte of a letter in article k's text made 0xFF: E104 at that line naming the field, and every
    other article of the day read exactly as from the undamaged file, at its line and index (its id)."""
    import khabar.corpus.readers as readers

    starts = _element_starts(saudinewsnet_day)
    assert len(starts) == 1318
    content = saudinewsnet_day.index(b'"content": "', starts[k])
    at = next(i for i in range(content, len(saudinewsnet_day)) if saudinewsnet_day[i] >= 0xC0) + 1
    assert at < (starts[k + 1] if k + 1 < len(starts) else len(saudinewsnet_day))  # a letter of article k
    assert (at < readers._SNIFF_BYTES) == (k == 2) and (at > readers._CHUNK_BYTES) == (k == 1317)
    path, got, problem, line = _read_with_bad_byte(tmp_path, saudinewsnet_day, at)
    assert (problem.error.code, problem.error.path, problem.error.line, problem.error.field) == (
        "E104", path, line, "content")
    column = at - saudinewsnet_day.rfind(b"\n", 0, at) - 2  # the letter's first byte: the one that fails
    assert problem.error.message == f"bytes not valid utf-8 (invalid continuation byte at byte {column} of the line)"
    want = saudinewsnet_day_records[:k] + saudinewsnet_day_records[k + 1:]
    assert [_as_read(r) for r in got if isinstance(r, RawRecord)] == [_as_read(r) for r in want]


@pytest.mark.parametrize("where", ["indent", "before-the-comma"])
def test_bad_byte_between_elements_loses_nothing(tmp_path: Path, saudinewsnet_day: bytes,
                                                 saudinewsnet_day_records: list[RawRecord], where: str) -> None:
    """A bad byte in the white space between two elements, or just before their comma: every article read,
    and a notice naming the line (nothing to skip, so nothing for --strict to stop at)."""
    start = _element_starts(saudinewsnet_day)[900]
    at = start - 2 if where == "indent" else saudinewsnet_day.rindex(b"},", 0, start) + 1
    path = tmp_path / f"{DAY}.json"
    path.write_bytes(saudinewsnet_day[:at] + b"\xff" + saudinewsnet_day[at:])
    got = list(read_source(path))
    [notice] = [item for item in got if not isinstance(item, RawRecord)]
    line = saudinewsnet_day.count(b"\n", 0, at) + 1
    assert isinstance(notice, Notice) and notice.reason == "undecodable_between_records"
    assert notice.message.startswith(f"{path}:{line}: bytes not valid utf-8 (invalid start byte at byte ")
    assert [_as_read(r) for r in got if isinstance(r, RawRecord)] == [_as_read(r) for r in saudinewsnet_day_records]


def _structure_byte(data: bytes, start: int, what: str) -> int:
    """Where in element k (opening at ``start``) the byte is that ``what`` names: one character of the JSON's
    structure, or of a key."""
    if what == "escaped-character":  # "\n" or "\"" in the text made "\<bad>"
        return data.index(b"\\", data.index(b'"content": "', start)) + 1
    title = data.index(b'"title": "', start)
    return {
        "opening-brace": start,
        "closing-brace": data.index(b"\n    }", start) + 5,
        "closing-quote": data.index(b'",\n', title),  # of the title's value
        "opening-quote": data.index(b'"', title + len(b'"title": ')),  # of the title's value
        "key-quote": title,  # the title key's opening quote
        "key-end-quote": title + len(b'"title'),
        "colon": title + len(b'"title"'),
        "comma-in-element": data.index(b'",\n', title) + 1,  # between the title and the next field
    }[what]


STRUCTURE = ["opening-brace", "closing-brace", "closing-quote", "opening-quote", "key-quote", "key-end-quote",
             "colon", "comma-in-element", "escaped-character"]


@pytest.mark.parametrize("what", STRUCTURE)
@pytest.mark.parametrize("k", [2, 900, 1315], ids=["in-the-sniffed-start", "mid-file", "last-but-two"])
def test_bad_byte_that_breaks_an_element_costs_that_element_only(
        tmp_path: Path, saudinewsnet_day: bytes, saudinewsnet_day_records: list[RawRecord], what: str, k: int) -> None:
    """A bad byte in place of a character of element k's structure breaks the JSON there: E104 at its line
    naming the field, and the reading resynchronises on element k + 1, every other article read exactly as
    from the undamaged file, at its line and its index (the positional id does not move)."""
    start = _element_starts(saudinewsnet_day)[k]
    at = _structure_byte(saudinewsnet_day, start, what)
    assert at < _element_starts(saudinewsnet_day)[k + 1]
    path, got, problem, line = _read_with_bad_byte(tmp_path, saudinewsnet_day, at)
    assert (problem.error.code, problem.error.path, problem.error.line) == ("E104", path, line)
    assert problem.error.field == {"opening-brace": None, "closing-brace": "content", "key-quote": "\ufffdtitle",
                                   "key-end-quote": "title\ufffd", "escaped-character": "content"}.get(what, "title")
    column = at - saudinewsnet_day.rfind(b"\n", 0, at) - 1
    assert problem.error.message.startswith(f"bytes not valid utf-8 (invalid start byte at byte {column} of the line)")
    resumed = saudinewsnet_day.count(b"\n", 0, _element_starts(saudinewsnet_day)[k + 1]) + 1
    assert problem.error.message.endswith(f"read on from the next element that parses, at line {resumed}")
    want = saudinewsnet_day_records[:k] + saudinewsnet_day_records[k + 1:]
    assert [_as_read(r) for r in got if isinstance(r, RawRecord)] == [_as_read(r) for r in want]


@pytest.mark.parametrize("what", ["closing-quote", "closing-brace"])
def test_bad_byte_that_breaks_the_last_element_loses_it_alone(
        tmp_path: Path, saudinewsnet_day: bytes, saudinewsnet_day_records: list[RawRecord], what: str) -> None:
    """Nothing follows the last element to resynchronise on: it is lost, and nothing else (not fatal)."""
    at = _structure_byte(saudinewsnet_day, _element_starts(saudinewsnet_day)[-1], what)
    path = tmp_path / f"{DAY}.json"
    path.write_bytes(saudinewsnet_day[:at] + b"\xff" + saudinewsnet_day[at + 1:])
    got = list(read_source(path))
    assert [_as_read(r) for r in got[:-1]] == [_as_read(r) for r in saudinewsnet_day_records[:-1]]
    assert isinstance(got[-1], Problem) and not got[-1].fatal_for_file
    assert (got[-1].error.code, got[-1].error.line) == ("E104", saudinewsnet_day.count(b"\n", 0, at) + 1)


def test_bad_byte_in_place_of_the_comma_between_elements_loses_nothing(
        tmp_path: Path, saudinewsnet_day: bytes, saudinewsnet_day_records: list[RawRecord]) -> None:
    """Element 899, a bad byte where its comma should be, element 900: both sound, so both are read, and a
    notice names the line (the byte could only have been the comma)."""
    at = saudinewsnet_day.rindex(b"},", 0, _element_starts(saudinewsnet_day)[900]) + 1
    notice, read = _one_bad_byte_in_place(tmp_path, saudinewsnet_day, at)
    assert "bytes not valid utf-8 (invalid start byte at byte " in notice.message
    assert "where ',' should follow element 899" in notice.message
    assert read == [_as_read(r) for r in saudinewsnet_day_records]


def _one_bad_byte_in_place(tmp_path: Path, data: bytes, at: int) -> tuple[Notice, list]:
    """Read ``data`` with its byte ``at`` replaced by a bad one: the one notice (checked to name the file and the
    line, and to lose no record), and the records as read."""
    path = tmp_path / f"{DAY}.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(read_source(path))
    [notice] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(notice, Notice) and notice.reason == "undecodable_between_records"
    line = data.count(b"\n", 0, at) + 1
    assert notice.message.startswith(f"{path}:{line}: bytes not valid utf-8")
    return notice, [_as_read(r) for r in got if isinstance(r, RawRecord)]


@pytest.mark.parametrize("bracket", ["opening", "closing"])
def test_bad_byte_in_place_of_the_arrays_bracket_loses_nothing(
        tmp_path: Path, saudinewsnet_day: bytes, saudinewsnet_day_records: list[RawRecord], bracket: str) -> None:
    """The array's '[' or ']' taken by a bad byte: the elements still read as the array they are (before, the
    lost '[' made the file a sequence of objects whose first comma ended the reading: all but one lost), and a
    notice names the bracket."""
    data = saudinewsnet_day.rstrip()
    at = data.index(b"[") if bracket == "opening" else data.rindex(b"]")
    notice, read = _one_bad_byte_in_place(tmp_path, data, at)
    mark = "[" if bracket == "opening" else "]"
    assert f"in place of the array's {bracket} '{mark}'" in notice.message
    assert read == [_as_read(r) for r in saudinewsnet_day_records]


def test_bad_byte_before_a_lone_object_or_a_sequence_is_no_bracket(tmp_path: Path) -> None:
    """A bad byte before the first of objects that follow one another (no commas) is only a stray byte."""
    objects = [{"title": str(n), "text": f"نص المقال رقم {n}"} for n in range(3)]
    path = tmp_path / "sequence.json"
    path.write_bytes(b"\xff" + b"\n".join(json.dumps(o, ensure_ascii=False, indent=1).encode() for o in objects))
    got = list(read_source(path))
    [notice] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(notice, Notice) and "outside any record" in notice.message
    assert [r.fields["title"] for r in got if isinstance(r, RawRecord)] == ["0", "1", "2"]


def test_two_elements_broken_in_a_row_both_keep_their_places(
        tmp_path: Path, saudinewsnet_day: bytes, saudinewsnet_day_records: list[RawRecord]) -> None:
    """Elements 900 and 901 both broken: the reading resynchronises on 902, one E104 for each of the two at
    its line, and 902 on keep their indexes, so positional ids do not move (inside a dated SaudiNewsNet zip)."""
    starts = _element_starts(saudinewsnet_day)
    first, second = (_structure_byte(saudinewsnet_day, starts[k], "closing-quote") for k in (900, 901))
    data = bytearray(saudinewsnet_day)
    data[first] = data[second] = 0xFF
    folder = tmp_path / "saudinewsnet"
    folder.mkdir()
    with zipfile.ZipFile(folder / f"{DAY}.zip", "w") as archive:
        archive.writestr(f"{DAY}.json", bytes(data))
    got = list(read_source(folder))
    broken = [item for item in got if not isinstance(item, RawRecord)]
    assert [(p.error.code, p.error.line, p.fatal_for_file) for p in broken if isinstance(p, Problem)] == [
        ("E104", saudinewsnet_day.count(b"\n", 0, first) + 1, False),
        ("E104", saudinewsnet_day.count(b"\n", 0, starts[901]) + 1, False)]
    good = [r for r in got if isinstance(r, RawRecord)]
    want = saudinewsnet_day_records[:900] + saudinewsnet_day_records[902:]
    assert [(r.fields, r.line, r.index) for r in good] == [_as_read(r) for r in want]
    assert [r.default_id for r in good][899:901] == [f"saudinewsnet-{DAY}-0899", f"saudinewsnet-{DAY}-0902"]


def test_bad_byte_that_breaks_a_sequence_of_objects(tmp_path: Path, saudinewsnet_articles: list[str]) -> None:
    """Pretty-printed objects one after another, one with its closing brace lost: the others are read."""
    items = [{"title": str(n), "text": text} for n, text in enumerate(saudinewsnet_articles[:20])]
    data = "\n".join(json.dumps(item, ensure_ascii=False, indent=2) for item in items).encode()
    at = data.index(b"\n}", data.index(saudinewsnet_articles[7][:20].encode())) + 1
    path = tmp_path / "objects.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(read_source(path))
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and not problem.fatal_for_file
    assert (problem.error.code, problem.error.line, problem.error.field) == ("E104", data.count(b"\n", 0, at) + 1,
                                                                            "text")
    good = [r for r in got if isinstance(r, RawRecord)]
    assert [(r.fields, r.index) for r in good] == [(item, n) for n, item in enumerate(items) if n != 7]


def test_a_nested_object_is_not_taken_for_an_element(tmp_path: Path) -> None:
    """Resynchronising after a broken element does not stop at the objects of a list inside it, nor at the
    end of that list: it goes on to the next element whose keys are an article's."""
    items = [{"text": f"نص {n}", "entities": [{"s": 1, "e": 2}, {"s": 3, "e": 4}]} for n in range(4)]
    data = json.dumps(items, ensure_ascii=False).encode()
    at = data.index(b'"text"', data.index("نص 1".encode()) - 20)  # the key's opening quote, before the list
    path = tmp_path / "nested.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(read_source(path))
    assert [(r.fields, r.index) for r in got if isinstance(r, RawRecord)] == [(items[n], n) for n in (0, 2, 3)]
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.error.code == "E104" and not problem.fatal_for_file


def test_bad_byte_that_breaks_json_with_nothing_sound_after_it_ends_the_file(tmp_path: Path) -> None:
    """Elements begun after the damage but none that parses: the rest of the file is lost, and said to be."""
    data = b'[{"text": "\xd8\xa3"},\n{"text": "\xd8\xa8\xff},\n{"text": "\xd8\xac},\n{"text": "x"'
    path = tmp_path / "a.json"
    path.write_bytes(data)
    got = list(read_source(path))
    assert [r.fields for r in got if isinstance(r, RawRecord)] == [{"text": "أ"}]
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.fatal_for_file and (problem.error.code, problem.error.line) == (
        "E104", 2)
    assert "the rest of the file is lost" in problem.error.message


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["utf-8", "utf-8-sig"])
def test_bad_byte_in_concatenated_objects_costs_its_object_only(tmp_path: Path, saudinewsnet_articles: list[str],
                                                                bom: bytes) -> None:
    """Pretty-printed objects one after another, with or without a byte-order mark: the same as an array."""
    items = [{"title": str(n), "text": text} for n, text in enumerate(saudinewsnet_articles[:20])]
    data = bom + "\n".join(json.dumps(item, ensure_ascii=False, indent=2) for item in items).encode()
    at = data.index(saudinewsnet_articles[3][:20].encode()) + 1  # the first letter's second byte
    path = tmp_path / "objects.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(read_source(path))
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and not problem.fatal_for_file
    assert (problem.error.code, problem.error.line, problem.error.field) == ("E104", data.count(b"\n", 0, at) + 1,
                                                                            "text")
    good = [r for r in got if isinstance(r, RawRecord)]
    assert [r.fields for r in good] == items[:3] + items[4:]
    assert [r.index for r in good] == [i for i in range(20) if i != 3]


def test_bad_byte_in_a_trec_file_costs_its_record_only(tmp_path: Path, saudinewsnet_articles: list[str]) -> None:
    """Several <DOC> records in one file: a bad byte in one record's text is E104 at its line, naming the
    record and the field; the records before and after it are read."""
    docs = [f"<DOC>\n<DOCNO>doc-{n}</DOCNO>\n<TEXT>\n{text}\n</TEXT>\n</DOC>\n"
            for n, text in enumerate(saudinewsnet_articles[:6])]
    data = "".join(docs).encode()
    at = data.index(saudinewsnet_articles[4][:40].encode()) + 1
    path = tmp_path / "docs.xml"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(read_source(path))
    assert [r.fields["id"] for r in got if isinstance(r, RawRecord)] == ["doc-0", "doc-1", "doc-2", "doc-3", "doc-5"]
    assert [r.fields["text"] for r in got if isinstance(r, RawRecord)] == [
        saudinewsnet_articles[i].strip() for i in (0, 1, 2, 3, 5)]
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and not problem.fatal_for_file
    assert (problem.error.code, problem.error.path, problem.error.line) == ("E104", path, data.count(b"\n", 0, at) + 1)
    assert (problem.error.field, problem.error.doc_id) == ("text", "doc-4")


@pytest.mark.parametrize("member, data", [
    ("2015-07-25.jsonl", b'{"content": "\xd8\xa3"}\n{"content": "\xff"}\n{"content": \n{"content": "\xd8\xa8"}\n'),
    ("2015-07-25.csv", b'content,x\n\xd8\xa3,1\n\xff,2\n\xd8\xa8,3,4\n\xd8\xac,5\n'),
])
def test_a_skipped_record_keeps_its_place_in_the_positional_ids(tmp_path: Path, member: str, data: bytes) -> None:
    # Ids made from positions must not move when a broken record before them is mended and imported again.
    folder = tmp_path / "SaudiNewsNet"
    folder.mkdir()
    with zipfile.ZipFile(folder / "2015-07-25.zip", "w") as archive:
        archive.writestr(member, data)
    got = [r for r in read_source(folder) if isinstance(r, RawRecord)]
    last = len(data.strip().split(b"\n")) - (2 if member.endswith(".csv") else 1)
    assert [r.default_id for r in got] == ["saudinewsnet-2015-07-25-0000", f"saudinewsnet-2015-07-25-{last:04d}"]


# --- a bad byte in a TREC <DOC> tag --------------------------------------------------------------


@pytest.mark.parametrize("tag, offset", [("<DOC>", 0), ("<DOC>", 2), ("</DOC>", 3)],
                         ids=["opening-bracket", "opening-name", "closing-name"])
def test_bad_byte_in_a_trec_tag_keeps_the_ids_and_places(tmp_path: Path, saudinewsnet_articles: list[str],
                                                         tag: str, offset: int) -> None:
    """A bad byte in the <DOC> or </DOC> tag of record 3 of 6: E104 at its line naming the record, and every
    other record read with its DOCNO as id and its place. The index is in no id (TREC ids are DOCNOs) and only
    numbers records in messages, but it is kept: record 5 is "record 5" whether record 3's tag is damaged or not."""
    docs = [f"<DOC>\n<DOCNO>doc-{n}</DOCNO>\n<TEXT>\n{text}\n</TEXT>\n</DOC>\n"
            for n, text in enumerate(saudinewsnet_articles[:6])]
    data = "".join(docs).encode()
    record = data.index(b"<DOCNO>doc-3<")
    at = (data.rindex(b"<DOC>", 0, record) if tag == "<DOC>" else data.index(b"</DOC>", record)) + offset
    path = tmp_path / "docs.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    got = list(read_source(path))
    good = [r for r in got if isinstance(r, RawRecord)]
    assert [(r.fields["id"], r.index, r.default_id) for r in good] == [
        (f"doc-{n}", n, None) for n in (0, 1, 2, 4, 5)]
    assert [r.fields["text"] for r in good] == [saudinewsnet_articles[n].strip() for n in (0, 1, 2, 4, 5)]
    [problem] = [item for item in got if not isinstance(item, RawRecord)]
    assert isinstance(problem, Problem) and problem.reason == "undecodable" and not problem.fatal_for_file
    assert (problem.error.code, problem.error.path, problem.error.line, problem.error.doc_id) == (
        "E104", path, data.count(b"\n", 0, at) + 1, "doc-3")
    assert "malformed TREC/CLEF record 4 (doc-3)" in problem.error.message


# --- one record in UTF-8 in a file read as Windows-1256 ------------------------------------------


def _layout(name: str, texts: list[str]) -> list[str]:
    """Each record of ``texts`` as the layout ``name`` writes it (its lines joined), without the file's frame."""
    if name.endswith(".jsonl"):
        return [json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts]
    if name.endswith(".json"):
        return [("[\n" if n == 0 else ",\n") + json.dumps({"text": t}, ensure_ascii=False, indent=2)
                for n, t in enumerate(texts)]
    if name.endswith(".csv"):
        return [("text\n" if n == 0 else "") + _one_csv_row(t) for n, t in enumerate(texts)]
    return [f"<DOC>\n<DOCNO>d{n}</DOCNO>\n<TEXT>\n{t}\n</TEXT>\n</DOC>\n" for n, t in enumerate(texts)]


def _one_csv_row(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([text])
    return out.getvalue()


@pytest.mark.parametrize("name", ["old.jsonl", "old.json", "old.csv", "old.xml"])
def test_a_utf8_record_in_a_cp1256_file_is_read_as_utf8(tmp_path: Path, saudinewsnet_articles: list[str],
                                                        name: str) -> None:
    """A file of real articles in Windows-1256 but for record 5, pasted in UTF-8: record 5 reads as UTF-8 (not
    mojibake) with a notice at its line, and every other record reads as cp1256, its text as written."""
    texts = [t for t in saudinewsnet_articles if _encodes(t, "cp1256") and '"' not in t][:30]
    records_ = _layout(name, texts)
    data = b"".join(r.encode("utf-8" if n == 5 else "cp1256") for n, r in enumerate(records_))
    data += b"\n]" if name.endswith(".json") else b""
    path = tmp_path / name
    path.write_bytes(data)
    got = list(read_source(path))
    strip = str.strip if name.endswith(".xml") else (lambda t: t)
    assert [r.fields["text"] for r in got if isinstance(r, RawRecord)] == [strip(t) for t in texts]
    notices = [item for item in got if isinstance(item, Notice)]
    assert [n.reason for n in notices] == ["decoded_cp1256", "decoded_utf8_record"]
    line = 1 + sum(r.count("\n") for r in records_[:5]) + (1 if name.endswith(".json") else 0)
    assert notices[1].message.startswith(f"{path}:{line}: ")
    assert not [item for item in got if isinstance(item, Problem)]


@pytest.mark.parametrize("name", ["mixed.jsonl", "mixed.csv"])
@pytest.mark.parametrize("cp1256_share", [0.1, 0.5, 0.9], ids=["few", "half", "most"])
def test_a_file_of_utf8_and_cp1256_records_reads_every_record(
        tmp_path: Path, saudinewsnet_articles: list[str], name: str, cp1256_share: float) -> None:
    """Real articles, line by line, some in UTF-8 and some in Windows-1256 (a file put together from two
    systems; CSV rows holding line breaks too): every record reads as written, each Windows-1256 one with a
    notice at its first line. Half and half used to be refused whole (neither encoding), and a few in a UTF-8
    file were each lost (E104)."""
    texts = [t for t in saudinewsnet_articles if _encodes(t, "cp1256") and '"' not in t][:30]
    records_ = _layout(name, texts)
    in_cp1256 = {n for n in range(len(records_)) if (n * 7919) % 100 < cp1256_share * 100}
    assert 0 < len(in_cp1256) < len(records_)
    data = b"".join(r.encode("cp1256" if n in in_cp1256 else "utf-8") for n, r in enumerate(records_))
    path = tmp_path / name
    path.write_bytes(data)
    got = list(read_source(path))
    assert not [item for item in got if isinstance(item, Problem)]
    assert [r.fields["text"] for r in got if isinstance(r, RawRecord)] == texts
    notices = [item for item in got if isinstance(item, Notice)]
    header = 1 if name.endswith(".csv") else 0

    def expected(reason: str, which: set[int]) -> list[tuple[str, str]]:
        starts = [1 + (header if n == 0 else 0) + sum(r.count("\n") for r in records_[:n]) for n in sorted(which)]
        return [(reason, f"{path}:{line}") for line in starts]

    # Read as UTF-8, each cp1256 record with its notice; or, when the file's start is nearly all cp1256, as a
    # cp1256 file whose UTF-8 records each have theirs (and one notice for the file).
    found = [(n.reason, n.message.split(": ")[0]) for n in notices if n.reason != "decoded_cp1256"]
    as_utf8 = expected("decoded_cp1256_record", in_cp1256)
    as_cp1256 = expected("decoded_utf8_record", set(range(len(records_))) - in_cp1256)
    assert found == (as_cp1256 if any(n.reason == "decoded_cp1256" for n in notices) else as_utf8)
    if cp1256_share < 0.9:
        assert found == as_utf8


def test_damaged_utf8_is_not_taken_for_cp1256(saudinewsnet_articles: list[str]) -> None:
    """A UTF-8 line with a stray bad byte keeps most of its sequences: E104, never a cp1256 reading."""
    from khabar.corpus.readers import _cp1256_record

    damaged = [t.encode()[:40] + b"\xff" + t.encode()[40:] for t in saudinewsnet_articles]
    assert [_cp1256_record(d) for d in damaged] == [None] * len(damaged)
    assert _cp1256_record("Größe".encode("latin-1")) is None  # not UTF-8, but not Arabic either


def test_no_real_cp1256_text_is_taken_for_utf8(saudinewsnet_dir: Path) -> None:
    """Every title, text and paragraph of three real days that Windows-1256 can encode, so encoded: none is
    read as UTF-8 (the check behind reading one record of a cp1256 file as UTF-8)."""
    from khabar.corpus.readers import _utf8_record

    pieces = []
    for day in ("2015-07-21", "2015-07-23", "2015-07-25"):
        with zipfile.ZipFile(saudinewsnet_dir / f"{day}.zip") as archive:
            for item in json.loads(archive.read(f"{day}.json")):
                for text in (item["title"], item["content"], *item["content"].split("\n")):
                    if _encodes(text, "cp1256") and not text.isascii():
                        pieces.append(text.encode("cp1256"))
    assert len(pieces) > 20000
    assert [p for p in pieces if _utf8_record(p) is not None] == []



def test_utf8_arabic_is_taken_for_utf8(saudinewsnet_articles: list[str]) -> None:
    from khabar.corpus.readers import _utf8_record

    assert [_utf8_record(t.encode()) for t in saudinewsnet_articles] == saudinewsnet_articles
    assert _utf8_record("café".encode()) is None  # valid UTF-8, but not Arabic: no mojibake to undo


# --- LDC Gigaword-style files --------------------------------------------------------------------


def _wrapped(paragraph: str) -> str:
    """A paragraph hard-wrapped as LDC's files are: a line break after each comma."""
    return paragraph.replace("، ", "،\n")


def _gigaword(outlet: str, day: str, texts: list[str]) -> str:
    """A month file of ``outlet`` as LDC ships it: one record per text, its paragraphs hard-wrapped in a <P> each."""
    return "".join(f'<DOC id="{outlet}_ARB_{day}.{n:04d}" type="{"story" if n % 2 else "multi"}" >\n'
                   f"<HEADLINE>\nعنوان {n}\n</HEADLINE>\n<TEXT>\n"
                   + "".join(f"<P>\n{_wrapped(paragraph)}\n</P>\n" for paragraph in text.split("\n"))
                   + "</TEXT>\n</DOC>\n" for n, text in enumerate(texts, 1))


#: Texts of two records, paragraphs a line each: read back from their wrapped <P>s, they are these again.
GIGAWORD_TEXTS = ["قال الوزير، اليوم، ان المؤتمر سيعقد\nواضاف ان «الوضع صعب»", "أعلن الكرملين، الاثنين، أن الرئيسين اتفقا"]


def test_gigaword_files_of_every_name_in_a_folder(tmp_path: Path) -> None:
    """gzip with no other suffix, .sgml, .sgm, .txt, and no suffix at all (gunzipped): each found in a folder and
    read for what it holds; a README with no suffix is passed over. Before, only the .txt was read, and its
    records were E131 (no <DOCNO>)."""
    folder = tmp_path / "gigaword" / "data"
    folder.mkdir(parents=True)
    months = {"aaw_arb_200104.txt": "04", "afp_arb_200101.gz": "01", "hyt_arb_200103.sgm": "03",
              "nhr_arb_200102.sgml": "02", "xin_arb_200105": "05"}  # in the order a folder is read
    for name, month in months.items():
        data = _gigaword(name[:3].upper(), f"2001{month}01", GIGAWORD_TEXTS).encode()
        (folder / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (folder / "README").write_text("Arabic Gigaword, fourth edition\n", encoding="utf-8")
    (tmp_path / "gigaword" / "notes.md").write_text("<DOC> notes\n", encoding="utf-8")
    items = list(read_source(tmp_path / "gigaword"))
    assert [i for i in items if not isinstance(i, RawRecord)] == []
    got = [(Path(i.where).name, i.line, i.fields) for i in items if isinstance(i, RawRecord)]
    assert [(name, line, fields["id"]) for name, line, fields in got] == [
        (name, line, f"{name[:3].upper()}_ARB_2001{month}01.{n:04d}")
        for name, month in months.items() for n, line in ((1, 1), (2, 16))]
    assert [fields["text"] for _, _, fields in got] == GIGAWORD_TEXTS * 5
    assert [(fields["type"], fields["title"]) for _, _, fields in got[:2]] == [("story", "عنوان 1"),
                                                                              ("multi", "عنوان 2")]
    assert [(fields["source"], fields["date"]) for _, _, fields in got[::2]] == [
        (name[:3], f"2001-{month}-01") for name, month in months.items()]


def test_a_gz_or_sgml_file_that_is_not_trec_is_refused(tmp_path: Path) -> None:
    """A bare .gz holding JSON lines, an .sgml holding HTML: E130 naming what such a file must hold."""
    gz = tmp_path / "export.gz"
    gz.write_bytes(gzip.compress(b'{"text": "\xd9\x86\xd8\xb5"}\n'))
    sgml = tmp_path / "page.sgml"
    sgml.write_text("<html><body>نص</body></html>", encoding="utf-8")
    [gz_problem] = list(read_source(gz))
    [sgml_problem] = list(read_source(sgml))
    assert isinstance(gz_problem, Problem) and gz_problem.fatal_for_file
    assert (gz_problem.error.code, gz_problem.error.path) == ("E130", gz)
    assert "a .gz file khabar reads holds TREC/CLEF <DOC> records" in gz_problem.error.message
    assert "named .jsonl.gz" in gz_problem.error.message
    assert isinstance(sgml_problem, Problem) and sgml_problem.error.code == "E130"
    assert "a .sgml file khabar reads" in sgml_problem.error.message


def test_an_unsuffixed_file_that_is_not_trec_is_still_e101(tmp_path: Path) -> None:
    path = tmp_path / "afp_arb_200101"
    path.write_text("نص عادي", encoding="utf-8")
    [problem] = list(read_source(path))
    assert isinstance(problem, Problem) and problem.error.code == "E101"
    gigaword = tmp_path / "xin_arb_200101"
    gigaword.write_text(_gigaword("XIN", "20010101", GIGAWORD_TEXTS[:1]), encoding="utf-8")
    [record] = list(read_source(gigaword))
    assert isinstance(record, RawRecord) and record.fields["id"] == "XIN_ARB_20010101.0001"


def test_a_utf8_gigaword_record_in_a_cp1256_file_keeps_its_id_and_type(tmp_path: Path,
                                                                        saudinewsnet_articles: list[str]) -> None:
    """The record read again as UTF-8 is read with its <DOC> tag, whose attributes are its id and type."""
    texts = [t.replace("\n", " ") for t in saudinewsnet_articles if _encodes(t, "cp1256") and "<" not in t][:6]
    records_ = [_gigaword("AFP", "20010101", [t]).replace(".0001", f".{n:04d}") for n, t in enumerate(texts)]
    path = tmp_path / "afp_arb_200101.sgml"
    path.write_bytes(b"".join(r.encode("utf-8" if n == 4 else "cp1256") for n, r in enumerate(records_)))
    items = list(read_source(path))
    assert [i.reason for i in items if isinstance(i, Notice)] == ["decoded_cp1256", "decoded_utf8_record"]
    got = [i.fields for i in items if isinstance(i, RawRecord)]
    assert [f["id"] for f in got] == [f"AFP_ARB_20010101.{n:04d}" for n in range(6)]
    assert [f["text"] for f in got] == texts
    assert got[4]["type"] == "story" and got[4]["source"] == "afp"


def test_a_bad_byte_in_the_id_attribute_costs_its_record(tmp_path: Path) -> None:
    """The id attribute is read now: a bad byte there is E104 naming the field, not an id nobody can write."""
    path = tmp_path / "afp_arb_200101.gz"
    data = _gigaword("AFP", "20010101", GIGAWORD_TEXTS).encode().replace(b".0001", b".00\xff1")
    path.write_bytes(gzip.compress(data))
    items = list(read_source(path))
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert (problem.error.code, problem.error.line, problem.error.field, problem.error.doc_id) == ("E104", 1, "id", None)
    assert [i.fields["id"] for i in items if isinstance(i, RawRecord)] == ["AFP_ARB_20010101.0002"]


def test_broken_json_in_an_array_names_its_column(tmp_path: Path) -> None:
    # A carriage return inside a string of a .json array (an export from an old Mac tool) was "not valid JSON
    # (Invalid control character at)": the template's column was left out and the message broke off at "at".
    path = tmp_path / "articles.json"
    path.write_text('[\n{"id": "a", "text": "نص"},\n{"id": "b", "text": "سطر\u2028\u0085\rسطر"}\n]\n', encoding="utf-8")
    record, problem = list(read_source(path))
    assert isinstance(record, RawRecord) and record.fields["id"] == "a"
    assert isinstance(problem, Problem) and (problem.error.code, problem.error.line) == ("E105", 3)
    assert problem.error.message == "not valid JSON (Invalid control character at column 27)"  # the \r: 21 + 3 + 2 + 1
