"""The import pipeline on real data: SaudiNewsNet and the seed, the gold ids, duplicates, bad input, atomic output."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from khabar.corpus import FieldNames, import_corpus, parse_date, read_articles
from khabar.corpus import importer as importer_module
from khabar.errors import InputError
from khabar.gold import read_documents

from .conftest import fifo

ARABIC = "أعلن الكرملين الاثنين أن الرئيسين الروسي والسوري اتفقا على سحب القوات"


@pytest.fixture(scope="module")
def full_import(tmp_path_factory: pytest.TempPathFactory, saudinewsnet_dir: Path, seed_path: Path):
    out = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    summary = import_corpus([saudinewsnet_dir, seed_path.parent], out)
    return summary, out


@pytest.mark.slow
def test_full_saudinewsnet_import(full_import, saudinewsnet_dir: Path) -> None:
    summary, out = full_import
    raw = 0
    empty = 0
    for path in saudinewsnet_dir.glob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            items = json.loads(archive.read(archive.namelist()[0]))
        raw += len(items)
        empty += sum(1 for item in items if not item["content"].strip())
    assert raw == 31030
    assert summary.skipped == {"empty_text": empty}
    assert summary.articles == raw - empty + 1  # and the seed
    assert sum(1 for _ in read_articles(out)) == summary.articles
    assert summary.exact_duplicates > 500  # the same article carried on several days
    assert not summary.cleaned and summary.cleaning["tatweel"] > 10000  # counted, not applied


@pytest.mark.slow
def test_gold_ids_and_texts_line_up(full_import, dev_gold_path: Path) -> None:
    """Every dev_gold document is in the imported corpus under its id, with the very same text."""
    _, out = full_import
    gold = {doc.id: doc for doc in read_documents(dev_gold_path)}
    corpus = {a.id: a for a in read_articles(out) if a.id in gold}
    assert set(corpus) == set(gold)
    for doc_id, doc in gold.items():
        article = corpus[doc_id]
        assert article.text == doc.text, doc_id
        assert article.meta["corpus"] == doc.meta["corpus"]
        if doc.meta["corpus"] == "SaudiNewsNet":
            assert (article.title, article.url, article.source) == (doc.meta["title"], doc.meta["url"], doc.meta["source"])
            assert article.date == doc.meta["date"].replace(" ", "T")


@pytest.mark.slow
def test_dedupe_on_real_data(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    days = sorted(saudinewsnet_dir.glob("*.zip"))[:4]
    out = tmp_path / "deduped.jsonl"
    summary = import_corpus(days, out, dedupe=True)
    articles = list(read_articles(out))
    assert summary.exact_duplicates > 50 and summary.near_duplicates > 20
    assert summary.duplicates_dropped == summary.exact_duplicates + summary.near_duplicates
    assert len(articles) == summary.articles
    texts = [" ".join(a.text.split()) for a in articles]
    assert len(set(texts)) == len(texts)  # no exact duplicate is left
    kept = import_corpus(days, tmp_path / "all.jsonl")
    assert kept.articles == summary.articles + summary.duplicates_dropped


def test_repair_joined_with_a_given_lexicon(tmp_path: Path, seed_path: Path) -> None:
    from collections import Counter

    lexicon = Counter({"سوريا": 900, "روسيا": 800, "الأمم": 500, "المتحدة": 700})
    summary = import_corpus(seed_path, tmp_path / "seed.jsonl", repair_joined=True, lexicon=lexicon, known_word=None)
    [article] = read_articles(tmp_path / "seed.jsonl")
    assert article.id == "seed-000"
    assert "سوريا وروسيا" in article.text and "روسيا بالأمم المتحدة" in article.text
    assert summary.repaired_joined == summary.joined_found == 3


def test_find_joined_counts_lexicon_from_input_and_keeps_text(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    lines = [{"text": "زار الرئيس سوريا ثم روسيا والأمم المتحدة اليوم"} for _ in range(60)]
    lines.append({"text": "بيان عن سورياوروسيا"})
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    summary = import_corpus(src, tmp_path / "out.jsonl", find_joined=True, known_word=None)
    assert summary.joined_found == 1 and summary.repaired_joined == 0
    assert dict(summary.joined_examples) == {("سورياوروسيا", "سوريا وروسيا"): 1}
    assert list(read_articles(tmp_path / "out.jsonl"))[-1].text == "بيان عن سورياوروسيا"


def test_fields_mapping_meta_and_dates(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"body": ARABIC, "headline": "عنوان", "link": "http://x", "date": "25/07/2015",
                               "section": "سياسة", "id": 7}, ensure_ascii=False), encoding="utf-8")
    import_corpus(src, tmp_path / "out.jsonl")
    [article] = read_articles(tmp_path / "out.jsonl")
    assert (article.id, article.text, article.title, article.url, article.date) == ("7", ARABIC, "عنوان", "http://x", "2015-07-25")
    assert article.meta == {"section": "سياسة"}


def test_configured_field_names(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text(f"matn,unwan\n{ARABIC},عنوان\n", encoding="utf-8")
    import_corpus(src, tmp_path / "out.jsonl", fields=FieldNames(text=("matn",), title=("unwan",)))
    [article] = read_articles(tmp_path / "out.jsonl")
    assert (article.text, article.title) == (ARABIC, "عنوان")


def test_ids_hash_when_none_given_and_clash_renamed(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in
                             [{"text": ARABIC}, {"text": ARABIC + " "}, {"text": "خبر", "id": "k"}, {"text": "آخر", "id": "k"}]),
                   encoding="utf-8")
    summary = import_corpus(src, tmp_path / "out.jsonl")
    ids = [a.id for a in read_articles(tmp_path / "out.jsonl")]
    assert len(ids[0]) == 16 and ids[1] == ids[0] + "-2" and ids[2:] == ["k", "k-2"]
    assert summary.renamed_ids == 2 and summary.exact_duplicates == 1
    with pytest.raises(InputError) as info:
        import_corpus(src, tmp_path / "strict.jsonl", strict=True)
    assert info.value.code == "E113" and info.value.line == 2


def test_parse_date() -> None:
    assert parse_date("2015-07-25 23:29:59") == "2015-07-25T23:29:59"
    assert parse_date("Sat, 25 Jul 2015 23:29:59 +0300") == "2015-07-25T23:29:59+03:00"
    assert parse_date("2015/07/25") == "2015-07-25"
    assert parse_date("منذ ساعتين") == "منذ ساعتين"


BAD_LINES = [
    ('{"text": "أ"', "broken_json", "E105", None),
    ('{"title": "بلا نص"}', "missing_text", "E110", "text"),
    ('{"content": "   "}', "empty_text", "E111", "content"),
    ('{"text": 42}', "bad_text", "E112", "text"),
]


@pytest.mark.parametrize(("line", "reason", "code", "field"), BAD_LINES)
def test_bad_records_skipped_or_strict(tmp_path: Path, line: str, reason: str, code: str, field: str | None) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    warnings: list[str] = []
    summary = import_corpus(src, tmp_path / "out.jsonl", warn=warnings.append)
    assert summary.articles == 1 and summary.skipped == {reason: 1}
    assert len(warnings) == 1 and f"{src}:2" in warnings[0] and code in warnings[0]
    if field:
        assert f"field {field!r}" in warnings[0]
    out = tmp_path / "strict.jsonl"
    with pytest.raises(InputError) as info:
        import_corpus(src, out, strict=True)
    assert (info.value.code, info.value.line, info.value.field, info.value.path) == (code, 2, field, src)
    assert not out.exists() and list(tmp_path.glob(".strict*")) == []


def test_cp1256_file_imported_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "old.jsonl"
    src.write_bytes((json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n").encode("cp1256"))
    summary = import_corpus(src, tmp_path / "out.jsonl")
    assert summary.notices == {"decoded_cp1256": 1} and str(src) in summary.warnings[0]
    assert [a.text for a in read_articles(tmp_path / "out.jsonl")] == [ARABIC]


def test_truncated_zip_is_skipped_beside_readable_input_then_strict(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    data = (saudinewsnet_dir / "2015-07-25.zip").read_bytes()
    folder = tmp_path / "saudinewsnet"
    folder.mkdir()
    (folder / "2015-07-25.zip").write_bytes(data[:-5000])
    (folder / "more.jsonl").write_text(json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = import_corpus(folder, tmp_path / "out.jsonl")
    assert summary.skipped == {"truncated_zip": 1} and summary.articles == 1
    assert [a.text for a in read_articles(tmp_path / "out.jsonl")] == [ARABIC]
    with pytest.raises(InputError) as info:
        import_corpus(folder, tmp_path / "strict.jsonl", strict=True)
    assert info.value.code == "E103" and info.value.path == folder / "2015-07-25.zip"


@pytest.mark.parametrize("out_name", ["corpus.jsonl", "corpus.parquet"])
def test_nothing_readable_is_an_error_and_the_old_output_is_kept(
    tmp_path: Path, saudinewsnet_dir: Path, out_name: str
) -> None:
    # a damaged zip alone made an empty corpus, exit 0 and one warning among the counts
    truncated = tmp_path / "2015-07-25.zip"
    truncated.write_bytes((saudinewsnet_dir / "2015-07-25.zip").read_bytes()[:-5000])
    not_a_zip = tmp_path / "download.zip"
    not_a_zip.write_text("<html>404 Not Found</html>", encoding="utf-8")
    out = tmp_path / out_name
    out.write_bytes(b"the earlier corpus")
    for sources in ([truncated], [not_a_zip], [truncated, not_a_zip]):
        with pytest.raises(InputError) as info:
            import_corpus(sources, out)
        assert (info.value.code, info.value.path) == ("E103", sources[0])
        assert "not a readable zip file" in info.value.message
        assert info.value.message.endswith("so nothing was written")
        assert out.read_bytes() == b"the earlier corpus"
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["2015-07-25.zip", "download.zip", out_name])
    assert "from 2 sources (2 problems, this the first" in info.value.message
    # every record bad (a CSV whose text column has another name) is the same: nothing read
    csv = tmp_path / "renamed.csv"
    csv.write_text(f"matn\n{ARABIC}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_corpus(csv, out)
    assert (info.value.code, info.value.path, info.value.line, info.value.field) == ("E110", csv, 2, "text")
    assert out.read_bytes() == b"the earlier corpus"
    # an input with no record at all failed nothing: an empty corpus, as before
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert import_corpus(empty, tmp_path / "none.jsonl").articles == 0


def test_warnings_capped_per_reason(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": ""}\n' * 12 + json.dumps({"text": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = import_corpus(src, tmp_path / "out.jsonl")
    assert summary.skipped == {"empty_text": 12}
    assert len(summary.warnings) == importer_module.WARNINGS_PER_REASON


def test_failure_mid_way_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saudinewsnet_dir: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    calls = 0
    real = importer_module.to_article

    def failing(record, names):
        nonlocal calls
        calls += 1
        if calls == 500:
            raise RuntimeError("disk on fire")
        return real(record, names)

    monkeypatch.setattr(importer_module, "to_article", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_corpus(saudinewsnet_dir / "2015-07-25.zip", out)
    assert list(tmp_path.iterdir()) == []  # neither the corpus nor a temporary file


def test_failure_keeps_the_previous_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    out.write_text("old\n", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "أ"}\n{"text": ""}\n', encoding="utf-8")
    with pytest.raises(InputError):
        import_corpus(src, out, strict=True)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", "in.jsonl"]


def test_parquet_round_trip(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    zip_path = saudinewsnet_dir / "2015-07-25.zip"
    summary = import_corpus(zip_path, tmp_path / "c.parquet")
    import_corpus(zip_path, tmp_path / "c.jsonl")
    from_parquet = [a.to_dict() for a in read_articles(tmp_path / "c.parquet")]
    from_jsonl = [a.to_dict() for a in read_articles(tmp_path / "c.jsonl")]
    assert len(from_parquet) == summary.articles > 1000
    assert from_parquet == from_jsonl
    by_id = {a["id"]: a for a in from_parquet}
    assert by_id["saudinewsnet-2015-07-25-0101"]["meta"] == {"corpus": "SaudiNewsNet"}
    assert by_id["saudinewsnet-2015-07-25-0101"]["date"] == "2015-07-25T23:29:59"


def test_cleaning_applied_when_asked(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "قـال\u200f الوزير  \r\nإن"}, ensure_ascii=False), encoding="utf-8")
    summary = import_corpus(src, tmp_path / "out.jsonl", clean=True)
    assert [a.text for a in read_articles(tmp_path / "out.jsonl")] == ["قال الوزير\nإن"]
    assert summary.cleaned and summary.cleaning == {"tatweel": 1, "invisible": 1, "line_endings": 1, "trailing_spaces": 2}


def test_output_inside_the_source_folder_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": ARABIC}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "corpus.jsonl"
    assert import_corpus(tmp_path, out).articles == 1
    assert import_corpus(tmp_path, out).articles == 1  # the first run's corpus is not an input of the second


def test_progress_reports_articles_written(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    seen: list[int] = []
    summary = import_corpus(saudinewsnet_dir / "2015-07-23.zip", tmp_path / "c.jsonl", progress=seen.append)
    assert seen[:2] == [500, 1000] and seen[-1] == summary.articles
    assert seen == sorted(seen)


def test_list_and_object_metadata_stay_json_values(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    record = {"id": "m1", "text": ARABIC, "author": ["أ", "ب"], "title": {"ar": "عنوان"}, "tags": [1, {"k": None}]}
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_corpus(src, tmp_path / "out.jsonl")
    [article] = read_articles(tmp_path / "out.jsonl")
    assert (article.author, article.title) == (None, None)  # not "['أ', 'ب']"
    assert article.meta == {"tags": [1, {"k": None}], "title": {"ar": "عنوان"}, "author": ["أ", "ب"]}


@pytest.mark.parametrize(
    ("line", "code"),
    [('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "E004"), ('{"text": "\\ud800 نص"}', "E005")],
)
def test_deep_nesting_and_lone_surrogates_are_bad_records(tmp_path: Path, line: str, code: str) -> None:
    for suffix, wrap in ((".jsonl", "{}\n{}\n"), (".json", "[{}, {}]")):
        src = tmp_path / f"in{suffix}"
        src.write_text(wrap.format(json.dumps({"text": ARABIC}, ensure_ascii=False), line), encoding="utf-8")
        with pytest.raises(InputError) as info:
            import_corpus(src, tmp_path / "strict.jsonl", strict=True)
        assert (info.value.code, info.value.path) == (code, src)
        if suffix == ".jsonl":
            assert info.value.line == 2
            summary = import_corpus(src, tmp_path / "out.jsonl")
            assert summary.articles == 1 and summary.skipped == {"broken_json": 1}


def test_a_corpus_imported_again_keeps_its_meta_flat(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    records = [
        {"id": "m1", "text": ARABIC, "meta": {"tags": ["x"], "corpus": "SaudiNewsNet"}, "extra": 1},
        {"id": "m2", "text": ARABIC + " ثانية", "meta": {"extra": "kept"}, "extra": 2},  # a key of both: nested
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    import_corpus(src, tmp_path / "once.jsonl")
    import_corpus(tmp_path / "once.jsonl", tmp_path / "twice.jsonl")
    once, twice = list(read_articles(tmp_path / "once.jsonl")), list(read_articles(tmp_path / "twice.jsonl"))
    assert once[0].meta == {"tags": ["x"], "corpus": "SaudiNewsNet", "extra": 1}
    assert once[1].meta == {"meta": {"extra": "kept"}, "extra": 2}
    assert [a.meta for a in twice] == [a.meta for a in once]


def test_a_zip_of_nothing_readable_or_of_zips_is_an_error_and_the_old_output_is_kept(tmp_path: Path) -> None:
    # A zip with no member khabar reads (empty, pictures, other zips) made an empty corpus over the old one, exit 0
    # and no word, where a folder holding the same files is E100.
    record = json.dumps({"id": "a", "text": ARABIC}, ensure_ascii=False)
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.jsonl", record + "\n")
    out = tmp_path / "corpus.jsonl"
    out.write_bytes(b"the earlier corpus")
    contents = {"empty.zip": {}, "pictures.zip": {"a.png": b"\x89PNG\r\n"}, "zips.zip": {"inner.zip": inner.read_bytes()}}
    for name, members in contents.items():
        source = tmp_path / name
        with zipfile.ZipFile(source, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        with pytest.raises(InputError) as info:
            import_corpus(source, out)
        assert (info.value.code, info.value.path) == ("E100", source)
        first = "'inner.zip' is a zip inside the zip" if name == "zips.zip" else "zip holds no file khabar can read"
        assert info.value.message.startswith(first) and info.value.message.endswith("so nothing was written")
        assert out.read_bytes() == b"the earlier corpus"
    # beside a member it reads, a zip inside is a warning, and the rest is imported
    both = tmp_path / "both.zip"
    with zipfile.ZipFile(both, "w") as archive:
        archive.writestr("inner.zip", inner.read_bytes())
        archive.writestr("b.jsonl", record.replace('"a"', '"b"') + "\n")
    summary = import_corpus(both, out)
    assert summary.articles == 1 and summary.skipped["nested_zip"] == 1
    assert [doc.id for doc in read_documents(out)] == ["b"]


# --- streams: '-' and named pipes, read once through khabar.io.readable_inputs ------------------------------------


def test_a_named_pipe_is_a_source_whose_two_passes_read_it_whole(
        tmp_path: Path, dev_gold_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It was skipped as "a pipe or a device" with a warning, and the corpus written without it; alone, it was E100.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    data = dev_gold_path.read_bytes()
    regular, pipe = tmp_path / "file" / "gold.jsonl", tmp_path / "pipe" / "gold.jsonl"
    regular.parent.mkdir()
    regular.write_bytes(data)
    pipe.parent.mkdir()
    expected = import_corpus([dev_gold_path, regular], tmp_path / "files.jsonl", repair_joined=True, known_word=None)
    with fifo(pipe.parent, data, pipe.name):  # read once: a second open would wait for a writer that is gone
        summary = import_corpus([dev_gold_path, pipe], tmp_path / "piped.jsonl", repair_joined=True, known_word=None)
    assert (tmp_path / "piped.jsonl").read_bytes() == (tmp_path / "files.jsonl").read_bytes()
    assert summary.articles == expected.articles == 42 and summary.renamed_ids == 21
    assert summary.warnings == [w.replace(str(regular), str(pipe)) for w in expected.warnings]
    assert summary.warnings[0].startswith(f"{pipe}:1: id ")  # the pipe, not its private copy
    assert list((tmp_path / "tmp").iterdir()) == []


def test_standard_input_is_a_source_and_its_errors_name_it(
        tmp_path: Path, dev_gold_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = dev_gold_path.read_bytes().splitlines(keepends=True)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"".join(lines))))
    summary = import_corpus("-", tmp_path / "stdin.jsonl")
    assert summary.articles == 21
    assert (tmp_path / "stdin.jsonl").read_bytes() == _imported(dev_gold_path, tmp_path / "file.jsonl")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"".join(lines[:4]) + b'{"id": 1, "text": }\n')))
    with pytest.raises(InputError) as caught:
        import_corpus("-", tmp_path / "broken.jsonl", strict=True)
    assert (str(caught.value.path), caught.value.line) == ("<stdin>", 5)
    assert not (tmp_path / "broken.jsonl").exists()


def _imported(source: Path, out: Path) -> bytes:
    import_corpus(source, out)
    return out.read_bytes()
