"""Writing corpus JSON lines: the orjson fast path gives the standard library's bytes, or steps aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.corpus import Article, import_corpus, read_articles, write_articles
from khabar.corpus import io as corpus_io
from khabar.corpus.io import json_line_encoder

ARABIC = "قال الوزير: «لن ننسحب»"


def stdlib_line(record: dict) -> bytes:
    """The line as the importer wrote it before orjson: khabar.io.dumps plus a newline, UTF-8."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


TRICKY_TEXTS = [
    ARABIC,
    "".join(chr(c) for c in range(0x00, 0x80)),  # every control character, quote and backslash
    "نعـــم\u200f\u2028\u2029\ufeff\u061c\x7f\x85 \U0001f600 ﻻ",  # separators, BOM, DEL, NEL, emoji, a ligature
    "",
]

TRICKY_META = [
    {},
    {"corpus": "SaudiNewsNet", "section": "سياسة"},
    {"n": 7, "flag": True, "none": None, "big": 2**64 - 1, "neg": -(2**63)},
    {"nested": {"list": [1, "ب", None, False, {"deep": []}]}},
    {"float": 1e-05},  # orjson writes 0.00001, the standard library 1e-05
    {"large": 1e16, "pi": 3.14159, "tiny": 1e-07},
    {"nan": float("nan"), "inf": float("inf")},  # orjson writes null
    {"huge": 2**64, "tiny": -(2**63) - 1},  # orjson refuses integers past 64 bits
    {"list": [0.5, "x"]},
]


@pytest.mark.parametrize("meta", TRICKY_META)
@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_fast_encoder_writes_the_standard_library_bytes(text: str, meta: dict) -> None:
    record = Article("id-1", text, title="عنوان", source=None, url="http://x/ب", date="2015-07-25",
                     meta=meta).to_dict()
    expected = stdlib_line(record)
    assert json_line_encoder()(record) == expected
    assert json_line_encoder(fast=False)(record) == expected


def test_values_only_the_standard_library_refuses_are_still_refused() -> None:
    import datetime

    record = Article("id-1", ARABIC, meta={"when": datetime.date(2015, 7, 25)}).to_dict()  # orjson would write it
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_line_encoder()(record)


def test_lone_surrogate_fails_as_before_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    articles = [Article("a", ARABIC), Article("b", "نص \ud800 مكسور")]
    with pytest.raises(UnicodeEncodeError):
        write_articles(out, articles)
    assert list(tmp_path.iterdir()) == []


def test_integer_keys_are_written_as_strings_like_the_standard_library() -> None:
    record = Article("id-1", ARABIC, meta={1: "a", "b": {2: None}}).to_dict()
    assert json_line_encoder()(record) == stdlib_line(record) == stdlib_line(record).replace(b'{1:', b'{"1":')


def test_to_dict_keeps_the_field_order() -> None:
    from khabar.corpus import ARTICLE_FIELDS

    article = Article("i", "t", "ti", "s", "u", "d", "a", {"k": "v"})
    assert tuple(article.to_dict()) == ARTICLE_FIELDS
    assert list(article.to_dict().values()) == ["i", "t", "ti", "s", "u", "d", "a", {"k": "v"}]
    assert Article.from_dict(article.to_dict()) == article


@pytest.mark.parametrize("batch", [1, 7, 128])
def test_real_corpus_bytes_equal_the_plain_path(tmp_path: Path, saudinewsnet_dir: Path, seed_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """A SaudiNewsNet day and the seed, written in batches of any size, are the standard library's bytes."""
    sources = [saudinewsnet_dir / "2015-07-23.zip", seed_path]
    plain_out = tmp_path / "plain.jsonl"
    with monkeypatch.context() as patch:
        patch.setattr(corpus_io, "json_line_encoder", lambda: json_line_encoder(fast=False))
        plain = import_corpus(sources, plain_out)
    monkeypatch.setattr(corpus_io, "WRITE_BATCH_LINES", batch)
    out = tmp_path / "c.jsonl"
    summary = import_corpus(sources, out)
    assert summary.to_dict() | {"out": ""} == plain.to_dict() | {"out": ""}
    assert out.read_bytes() == plain_out.read_bytes()
    articles = list(read_articles(out))
    assert len(articles) == summary.articles > 500 and articles[-1].id == "seed-000"
    assert out.read_bytes() == b"".join(stdlib_line(a.to_dict()) for a in articles)


def test_fast_path_taken_for_plain_records_only(saudinewsnet_dir: Path) -> None:
    from khabar.corpus.io import _orjson_writes_alike

    article = next(iter(read_articles_of(saudinewsnet_dir / "2015-07-23.zip")))
    assert _orjson_writes_alike(article.to_dict())  # what SaudiNewsNet gives goes through orjson
    assert not _orjson_writes_alike(Article("a", ARABIC, meta={"score": 0.5}).to_dict())
    assert not _orjson_writes_alike(Article("a", ARABIC, meta={"k": [1, {"x": 1e-7}]}).to_dict())
    assert not _orjson_writes_alike(Article("a", ARABIC, title=3.5).to_dict())  # type: ignore[arg-type]


def read_articles_of(source: Path):
    from khabar.corpus import ImportSummary, iter_articles

    return iter_articles([source], ImportSummary(out=""))
