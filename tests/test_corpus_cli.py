"""`khabar corpus import` and `khabar corpus fetch` through the command line."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.corpus import read_articles
from khabar.errors import InputError

runner = CliRunner()


def test_import_json_summary(tmp_path: Path, seed_path: Path, saudinewsnet_dir: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = runner.invoke(app, ["corpus", "import", str(saudinewsnet_dir / "2015-07-25.zip"), str(seed_path),
                                 "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    ids = [a.id for a in read_articles(out)]
    assert summary["articles"] == len(ids) > 1000
    assert ids[-1] == "seed-000" and "saudinewsnet-2015-07-25-0101" in ids
    assert set(summary) >= {"articles", "skipped", "duplicates", "repaired_joined"}
    assert summary["repaired_joined"] == 0 and summary["duplicates"] == summary["exact_duplicates"]


def test_import_bad_input_exit_code_and_message(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "أ"}\n{"text": "ب"\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-c", "from khabar.cli import main; main()", "corpus", "import", str(src), "--out", str(out)]
    lenient = subprocess.run([*cmd, "--json"], capture_output=True, text=True, check=False)
    assert lenient.returncode == 0
    assert json.loads(lenient.stdout)["skipped"] == {"broken_json": 1}
    assert f"{src}:2" in lenient.stderr
    out.unlink()
    strict = subprocess.run([*cmd, "--strict"], capture_output=True, text=True, check=False)
    assert strict.returncode == 2
    assert strict.stderr.startswith("khabar: [E105]") and f"{src}:2" in strict.stderr
    assert not out.exists()


@pytest.mark.parametrize("out_name", ["out.jsonl", "out.parquet"])
def test_import_of_nothing_readable_exits_2_and_writes_nothing(tmp_path: Path, saudinewsnet_dir: Path, out_name: str) -> None:
    # a damaged zip alone wrote an empty corpus and exited 0
    src = tmp_path / "2015-07-25.zip"
    src.write_bytes((saudinewsnet_dir / "2015-07-25.zip").read_bytes()[:-5000])
    out = tmp_path / out_name
    out.write_text("the earlier corpus\n", encoding="utf-8")
    cmd = [sys.executable, "-c", "from khabar.cli import main; main()", "corpus", "import", str(src), "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"khabar: [E103] {src}: not a readable zip file, truncated or damaged")
    # one line: no traceback of a Parquet writer left open after the error
    assert done.stderr.endswith("not one article could be read from 1 source, so nothing was written\n")
    assert done.stderr.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "the earlier corpus\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2015-07-25.zip", out_name]


def test_import_csv_quote_never_closed_is_reported(tmp_path: Path) -> None:
    """A stray quote in a CSV file is a warning naming its line (an error with --strict), not one giant article."""
    src = tmp_path / "in.csv"
    src.write_text('title,text\nعنوان,"نص\nعلى سطرين"\nعنوان2,"نص لا ينتهي\nعنوان3,نص\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    lenient = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--json"])
    assert lenient.exit_code == 0, lenient.output
    assert json.loads(lenient.stdout)["skipped"] == {"broken_csv": 1}
    assert f"[E107] {src}:4: not valid CSV (a quoted field opens on this line and is never closed" in lenient.stderr
    assert [a.text for a in read_articles(out)] == ["نص\nعلى سطرين"]
    out.unlink()
    strict = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--strict"])
    # In process the error comes back as it is; main() turns it into exit code 2 (test above).
    assert isinstance(strict.exception, InputError) and not out.exists()
    assert (strict.exception.code, strict.exception.path, strict.exception.line) == ("E107", src, 4)


def test_import_utf8_with_a_stray_byte_skips_its_line_only(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    """One Latin-1 byte in a UTF-8 file: one E104 naming its line, every other article's text intact (the
    file was imported whole as Windows-1256 mojibake, with only a notice)."""
    with zipfile.ZipFile(saudinewsnet_dir / "2015-07-21.zip") as archive:
        items = json.loads(archive.read(archive.namelist()[0]))
    texts = [item["content"] for item in items if "ال" in item["content"]][:200]
    lines = [json.dumps({"id": f"a{n}", "text": text}, ensure_ascii=False).encode() for n, text in enumerate(texts, 1)]
    lines[4] = lines[4].replace("ال".encode(), "é".encode("latin-1"), 1)
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    lenient = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--json"])
    assert lenient.exit_code == 0, lenient.output
    summary = json.loads(lenient.stdout)
    assert (summary["articles"], summary["skipped"], summary["notices"]) == (199, {"undecodable": 1}, {})
    assert f"[E104] {src}:5: bytes not valid utf-8" in lenient.stderr
    assert [a.text for a in read_articles(out)] == texts[:4] + texts[5:]
    out.unlink()
    strict = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--strict"])
    assert isinstance(strict.exception, InputError) and not out.exists()
    assert (strict.exception.code, strict.exception.path, strict.exception.line) == ("E104", src, 5)


def test_import_saudinewsnet_day_with_a_bad_byte_skips_its_article_only(tmp_path: Path, saudinewsnet_dir: Path) -> None:
    """A real day (one zip, one JSON array) with one byte of article 100's text made 0xFF: the summary counts
    one undecodable article skipped, every other article is imported as from the undamaged zip, under the
    same id; --strict stops with E104 at the byte's line and writes nothing."""
    day = "2015-07-23"
    with zipfile.ZipFile(saudinewsnet_dir / f"{day}.zip") as archive:
        data = archive.read(f"{day}.json")
    start = 0
    for _ in range(101):  # json.dumps(indent=4) opens each article with "    {" on a line of its own
        start = data.index(b"\n    {\n", start + 1)
    start = data.index(b'"content": "', start)
    at = next(i for i in range(start, len(data)) if data[i] >= 0xC0) + 1
    src = tmp_path / "saudinewsnet" / f"{day}.zip"  # a dated zip in a saudinewsnet folder: positional ids
    src.parent.mkdir()
    with zipfile.ZipFile(src, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{day}.json", data[:at] + b"\xff" + data[at + 1:])
    want_out, out = tmp_path / "want.jsonl", tmp_path / "out.jsonl"
    undamaged = runner.invoke(app, ["corpus", "import", str(saudinewsnet_dir / f"{day}.zip"), "--out", str(want_out),
                                    "--json"])
    lenient = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--json"])
    assert undamaged.exit_code == 0 and lenient.exit_code == 0, lenient.output
    want, summary = json.loads(undamaged.stdout), json.loads(lenient.stdout)
    assert summary["articles"] == want["articles"] - 1
    assert summary["skipped"] == {**want["skipped"], "undecodable": 1}
    line = data.count(b"\n", 0, at) + 1
    assert f"[E104] {src}!{day}.json:{line}, field 'content': bytes not valid utf-8" in lenient.stderr
    lost = f"saudinewsnet-{day}-0100"
    assert [(a.id, a.text) for a in read_articles(out)] == [(a.id, a.text) for a in read_articles(want_out)
                                                            if a.id != lost]
    out.unlink()
    # Article 100 comes before the day's first article that --strict refuses anyway (no text, line 1402).
    strict = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--strict"])
    assert isinstance(strict.exception, InputError) and not out.exists()
    assert (strict.exception.code, str(strict.exception.path), strict.exception.line) == (
        "E104", f"{src}!{day}.json", line)


def test_clean_step_option(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "قـال الوزير  "}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--clean-step", "tatweel", "--json"])
    assert result.exit_code == 0, result.output
    assert [a.text for a in read_articles(out)] == ["قال الوزير  "]
    bad = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out), "--clean-step", "spelling"])
    assert bad.exit_code != 0 and "spelling" in bad.output


def test_field_options(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("matn,when\nنص الخبر,2015-07-25\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["corpus", "import", str(src), "--out", str(out),
                                 "--text-field", "matn", "--date-field", "when"])
    assert result.exit_code == 0, result.output
    [article] = read_articles(out)
    assert (article.text, article.date) == ("نص الخبر", "2015-07-25")


def test_help_on_every_command() -> None:
    for command in (["corpus", "--help"], ["corpus", "import", "--help"], ["corpus", "fetch", "--help"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0 and "Usage" in result.output


def test_fetch_unknown_corpus() -> None:
    result = runner.invoke(app, ["corpus", "fetch", "wikipedia"])
    assert result.exit_code != 0 and "saudinewsnet" in result.output


def test_repair_joined_seed_with_saudinewsnet_lexicon(tmp_path: Path, seed_path: Path, saudinewsnet_dir: Path) -> None:
    out = tmp_path / "seed.jsonl"
    lexicon_options = [arg for day in sorted(saudinewsnet_dir.glob("*.zip"))[:3] for arg in ("--lexicon-from", str(day))]
    result = runner.invoke(app, ["corpus", "import", str(seed_path), "--out", str(out), "--repair-joined",
                                 *lexicon_options, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["repaired_joined"] == 3
    assert {e["token"]: e["repaired"] for e in summary["joined_examples"]} == {
        "سورياوروسيا": "سوريا وروسيا", "الأممالمتحدة": "الأمم المتحدة", "روسيابالأممالمتحدة": "روسيا بالأمم المتحدة"}
    [article] = read_articles(out)
    assert article.id == "seed-000" and "روسيا بالأمم المتحدة" in article.text


#: A second record for the `gigaword_story` fixture's month file (whose indirect quote is wrapped across two lines).
_GIGAWORD_SECOND = """<DOC id="AFP_ARB_20010102.0002" type="multi" >
<HEADLINE>
عناوين
</HEADLINE>
<TEXT>
<P>
اعلن الرئيس الفرنسي اليوم الثلاثاء ان باريس
ستستضيف القمة.
</P>
</TEXT>
</DOC>
"""


def test_import_a_folder_of_gigaword_files_then_stats_and_quotes(tmp_path: Path, gigaword_story: str) -> None:
    """`khabar corpus import DIR` of a gzipped and a plain month file, then `khabar stats` and `khabar extract
    quotes` on the corpus: the quote whose content was wrapped over two lines is found whole, as one quote.
    Before, the gzipped file was not found and every record of the other was E131 (no <DOCNO>)."""
    month = gigaword_story + _GIGAWORD_SECOND
    folder = tmp_path / "arb_gw" / "afp_arb"
    folder.mkdir(parents=True)
    (folder / "afp_arb_200101.gz").write_bytes(gzip.compress(month.encode()))
    (folder / "afp_arb_200102.txt").write_text(month.replace("ARB_200101", "ARB_200102"), encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    result = runner.invoke(app, ["corpus", "import", str(tmp_path / "arb_gw"), "--out", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == 4 and json.loads(result.stdout)["skipped"] == {}
    articles = list(read_articles(corpus))
    assert [(a.id, a.date, a.source, a.meta["type"]) for a in articles] == [
        ("AFP_ARB_20010101.0001", "2001-01-01", "afp", "story"), ("AFP_ARB_20010102.0002", "2001-01-02", "afp", "multi"),
        ("AFP_ARB_20010201.0001", "2001-02-01", "afp", "story"), ("AFP_ARB_20010202.0002", "2001-02-02", "afp", "multi")]
    first = articles[0]
    assert first.text == ("قال وزير الخارجية المصري عمرو موسى اليوم ان مصر ستشارك في المؤتمر الدولي حول السلام في "
                          'الشرق الاوسط.\nواضاف موسى ان "الوضع صعب".')
    assert (first.title, first.meta["dateline"]) == ("الرئيس يلتقي الوزير", "القاهرة 1-1 (اف ب)")

    stats = runner.invoke(app, ["stats", str(corpus), "--json"])
    assert stats.exit_code == 0, stats.output
    # Three sentences a month file: its wrapped lines end no sentence (left as line breaks, they made five).
    assert (json.loads(stats.stdout)["articles"], json.loads(stats.stdout)["sentences"]) == (4, 6)

    quotes = tmp_path / "q.jsonl"
    done = runner.invoke(app, ["extract", "quotes", str(corpus), "--out", str(quotes)])
    assert done.exit_code == 0, done.output
    document = json.loads(quotes.read_text(encoding="utf-8").splitlines()[0])
    found = [(document["text"][q["content"]["start"]:q["content"]["end"]], q["type"]) for q in document["quotes"]]
    assert ("مصر ستشارك في المؤتمر الدولي حول السلام في الشرق الاوسط", "indirect") in found


def test_import_of_an_ace_folder_says_once_how_many_annotation_files_it_skipped(tmp_path: Path) -> None:
    """ACE 2005's .apf.xml, .ag.xml and .tab beside their .sgm: one summary line and a --json count, no warning
    (before: an E130 warning for each .xml file)."""
    folder = tmp_path / "ace" / "nw" / "adj"
    folder.mkdir(parents=True)
    (folder / "X.sgm").write_text("<DOC>\n<DOCID> X </DOCID>\n<BODY>\n<TEXT>\nنص\n</TEXT>\n</BODY>\n</DOC>\n",
                                  encoding="utf-8")
    for kind in ("apf.xml", "ag.xml"):
        (folder / f"X.{kind}").write_text('<?xml version="1.0"?>\n<source_file/>\n')
    (folder / "X.tab").write_text("X\t1\n")
    result = runner.invoke(app, ["corpus", "import", str(tmp_path / "ace"), "--out", str(tmp_path / "c.jsonl"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert "skipped 3 ACE annotation files beside their .sgm\n1 articles -> " in result.output
    assert "warnings:" not in result.output and "E130" not in result.output
    summary = json.loads(result.stdout)
    assert (summary["articles"], summary["skipped"], summary["skipped_files"]) == (1, {}, {"ace_annotation": 3})


def test_import_warnings_name_the_file_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Its errors kept the ./ of ./day.jsonl, its warnings said day.jsonl:2 (the readers are given a Path).
    monkeypatch.chdir(tmp_path)
    record = json.dumps({"id": "a", "text": "قال الوزير إن الاجتماع انتهى."}, ensure_ascii=False)
    Path("day.jsonl").write_text(f"{record}\n{{broken\n{record.replace('الاجتماع', 'اللقاء')}\n", encoding="utf-8")
    Path("old.jsonl").write_bytes(record.replace('"a"', '"b"').replace("الوزير", "الرئيس").encode("cp1256") + b"\n")
    result = runner.invoke(app, ["corpus", "import", "./day.jsonl", ".//old.jsonl", "-o", "out.jsonl", "--verbose",
                                 "--json"])
    assert result.exit_code == 0, result.output
    broken = "[E105] ./day.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)"
    renamed = "./day.jsonl:3: id 'a' already used; renamed 'a-2'"
    decoded = ".//old.jsonl: not UTF-8; decoded as Windows-1256 (Arabic)"
    warnings = [broken, renamed, decoded]
    assert [line for line in result.stderr.splitlines() if line.startswith("warning: ")] == [
        f"warning: {warning}" for warning in warnings]
    assert all(f"first: {warning}" in result.stderr for warning in warnings)
    # The JSON keeps the names it gave.
    assert json.loads(result.stdout)["warnings"] == [warning.replace(".//", "").replace("./", "")
                                                     for warning in warnings]
