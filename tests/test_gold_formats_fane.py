"""khabar.gold.formats.fane: FANE gold files read in the project's labels and clitic conventions; fetching NewsFANE."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.extract.training_sources import read_training_sources
from khabar.gold.conll import read_conll
from khabar.gold.formats.fane import FANE_TYPES, convert_fane, read_fane

LRM = "\u200e"

# Sentences as FANE writes them: clitics apart, fine-grained types, a left-to-right mark before every token.
FANE_LINES = [
    ("فرانكفورت", "B-Population-Center"),
    ("(", "O"),
    ("د", "B-Media"),
    ("ب", "I-Media"),
    ("ا", "I-Media"),
    (")", "O"),
    ("اعلن", "O"),
    ("اتحاد", "B-Government"),
    ("صناعة", "I-Government"),
    ("السيارات", "I-Government"),
    ("في", "O"),
    ("المانيا", "B-Nation"),
    (".", "O"),
    None,
    ("و", "O"),
    ("قال", "O"),
    ("رئيس", "O"),
    ("ل", "O"),
    ("الاتحاد", "O"),
    ("برند", "B-Other_PER"),
    ("جوتشولك", "I-Other_PER"),
    ("ان", "O"),
    ("ه", "O"),
    ("زار", "O"),
    ("عاصمة", "O"),
    ("ه", "O"),
    ("ء", "O"),
    ("خليج", "B-Water-Body"),
    ("و", "I-Water-Body"),
    ("يتليت", "I-Water-Body"),
    ("و", "O"),
    ("الصين", "B-Nation"),
    ("مع", "O"),
    ("صينيين", "B-Group"),
    ("و", "O"),
    ("قرا", "O"),
    ("كتاب", "O"),
    ("البؤساء", "B-Book"),
    (".", "O"),
]


def _fane_file(path: Path, lines: list[tuple[str, str] | None] = FANE_LINES) -> Path:
    body = "".join("\t\n" if line is None else f"{LRM}{line[0]}\t{line[1]}\n" for line in lines)
    path.write_text("\ufeff" + body, encoding="utf-8")
    return path


def test_sentences_come_back_glued_and_in_the_guidelines_labels(tmp_path: Path) -> None:
    first, second = list(read_fane(_fane_file(tmp_path / "news.txt")))
    assert first == [
        ("فرانكفورت", "B-LOC"), ("(", "O"), ("د", "B-ORG"), ("با", "I-ORG"), (")", "O"), ("اعلن", "O"),
        ("اتحاد", "B-ORG"), ("صناعة", "I-ORG"), ("السيارات", "I-ORG"), ("في", "O"), ("المانيا", "B-LOC"), (".", "O"),
    ]
    assert second == [
        ("وقال", "O"), ("رئيس", "O"), ("للاتحاد", "O"), ("برند", "B-PERS"), ("جوتشولك", "I-PERS"), ("انه", "O"),
        ("زار", "O"), ("عاصمته", "O"), ("ء", "O"), ("خليج", "B-LOC"), ("ويتليت", "I-LOC"), ("والصين", "B-LOC"), ("مع", "O"), ("صينيين", "O"),
        ("وقرا", "O"), ("كتاب", "O"), ("البؤساء", "B-MISC"), (".", "O"),
    ]


def test_the_converted_file_trains_as_conll(tmp_path: Path) -> None:
    conll = tmp_path / "news.conll"
    summary = convert_fane(_fane_file(tmp_path / "news.txt"), conll)
    assert (summary.sentences, summary.tokens_read, summary.tokens_written) == (2, 38, 30)
    assert summary.entities == {"LOC": 4, "ORG": 2, "PERS": 1, "MISC": 1}
    assert summary.left_out == {"Group": 1}
    docs = list(read_conll(conll))
    assert [d.text.split(" ")[0] for d in docs] == ["فرانكفورت", "وقال"]
    names = [(d.text[e.span.start:e.span.end], e.label) for d in docs for e in d.entities]
    assert names == [("فرانكفورت", "LOC"), ("د با", "ORG"), ("اتحاد صناعة السيارات", "ORG"), ("المانيا", "LOC"),
                     ("برند جوتشولك", "PERS"), ("خليج ويتليت", "LOC"), ("والصين", "LOC"), ("البؤساء", "MISC")]
    training = read_training_sources([f"{conll}:2"])
    assert len(training.documents) == 4 and training.sources[0]["entities"] == {"LOC": 4, "MISC": 1, "ORG": 2, "PERS": 1}


def test_every_fane_type_maps_to_a_guidelines_label_or_none() -> None:
    assert set(FANE_TYPES.values()) == {"PERS", "ORG", "LOC", "MISC", None}
    assert FANE_TYPES["Group"] is None and FANE_TYPES["Airport"] == "LOC" and FANE_TYPES["Sports"] == "ORG"


@pytest.mark.parametrize(
    ("line", "code", "where"),
    [
        (("كلمة", "B-Spaceship"), "E249", "news.txt:3"),
        (("كلمة", "X-Nation"), "E241", "news.txt:3"),
    ],
)
def test_bad_tags_name_the_line_and_nothing_is_written(tmp_path: Path, line: tuple[str, str], code: str, where: str) -> None:
    source = _fane_file(tmp_path / "news.txt", [("تونس", "B-Nation"), None, line])
    dest = tmp_path / "out.conll"
    with pytest.raises(InputError, match=rf"\[{code}\] .*{where}") as caught:
        convert_fane(source, dest)
    assert caught.value.field == "tag"
    assert not dest.exists() and list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize("bad", ["المانيا B-Nation", "المانيا  B-Nation", "المانيا"], ids=["space", "spaces", "no-tag"])
def test_columns_not_separated_by_a_tab_name_the_first_such_line(tmp_path: Path, bad: str) -> None:
    """Not a token each whole line (tagged O), nor a guess at the columns: E250 at the first line without a tab."""
    source = tmp_path / "news.txt"
    source.write_text(f"\ufeff{LRM}تونس\tB-Nation\n\t\n{LRM}{bad}\n{LRM}فرنسا B-Nation\n", encoding="utf-8")
    dest = tmp_path / "out.conll"
    with pytest.raises(InputError, match=r"\[E250\] .*news.txt:3: FANE columns must be separated by a tab") as caught:
        convert_fane(source, dest)
    assert caught.value.line == 3 and caught.value.message.endswith(f"found {bad!r}")
    assert not dest.exists() and list(tmp_path.iterdir()) == [source]


def test_bytes_that_are_not_utf8_and_missing_files(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_bytes("تونس\tB-Nation\n".encode() + b"\xc7\xe1\tO\n")
    with pytest.raises(InputError, match=r"\[E245\] .*news.txt:2"):
        list(read_fane(source))
    with pytest.raises(InputError, match=r"\[E244\]"):
        list(read_fane(tmp_path / "absent.txt"))


def test_fetch_downloads_checks_and_converts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NewsFANE from a local HTTP server (the test's own small file, its checksum put in place of the real one)."""
    import khabar.corpus.fetch as fetch

    root = tmp_path / "www"
    root.mkdir()
    good = _fane_file(root / "good.txt")
    (root / "bad.txt").write_bytes(good.read_bytes().replace("المانيا".encode(), "فرنسا".encode()))
    monkeypatch.setattr(fetch, "NEWSFANE_SHA256", hashlib.sha256(good.read_bytes()).hexdigest())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    dest = tmp_path / "raw"
    try:
        with pytest.raises(InputError, match=r"\[E120\].*checksum mismatch"):
            fetch.fetch_newsfane(dest, url=url + "/bad.txt")
        assert not dest.exists() or not list(dest.iterdir())
        original, converted = fetch.fetch_newsfane(dest, url=url + "/good.txt")
        assert (original.status, converted.status) == ("downloaded", "converted")
        assert original.path.name == fetch.NEWSFANE_FILE and converted.path.name == "newsfane.conll"
        assert [d.text.split(" ")[0] for d in read_conll(converted.path)] == ["فرانكفورت", "وقال"]

        converted.path.unlink()
        result = CliRunner().invoke(app, ["corpus", "fetch", "newsfane", "--dest", str(dest), "--url",
                                          url + "/missing.txt", "--json"])
        assert result.exit_code == 0, result.output  # present and right: nothing downloaded, converted again
        assert [f["status"] for f in json.loads(result.stdout)] == ["present", "converted"]
        assert "2 files" in result.stderr and "1 checked against its SHA-256, 1 converted from it" in result.stderr
        assert (dest / "newsfane.conll").read_text(encoding="utf-8").startswith("فرانكفورت\tB-LOC\n")
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
