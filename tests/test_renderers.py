"""The renderers that live beside the results they draw, and the CLI's consoles that print them.

Each renderer is printed with a real rich console to a string and read back: the
figures of a real result must appear whole, on one line, whatever their length.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

from rich.console import Console

from khabar import agreement
from khabar.adjudicate import adjudicate_files, render_summary as render_adjudication
from khabar.cli import _common
from khabar.corpus import import_corpus
from khabar.corpus.report import render_summary, warning_rows
from khabar.extract.quote_runs import extract_quotes_file
from khabar.gold import Document, read_documents, write_documents
from khabar.release import read_manifest, release, render_manifest
from khabar.stats import render as render_stats
from khabar.stats import summarise_records
from khabar.stats.report import build_report


def _text(renderable: object) -> str:
    """What a plain (not a terminal) console of the CLI prints for ``renderable``."""
    buffer = io.StringIO()
    Console(file=buffer, soft_wrap=True, width=_common.PLAIN_WIDTH, color_system=None).print(renderable)
    return buffer.getvalue()


def _annotator_files(tmp_path: Path, dev_gold_path: Path) -> list[Path]:
    docs = list(read_documents(dev_gold_path))[:6]
    amal = [Document(d.id, d.text, d.meta, d.entities, d.quotes, {"annotator": "amal"}) for d in docs]
    # badr leaves out the last entity of every document: agreement is high but below 1.
    badr = [Document(d.id, d.text, d.meta, d.entities[:-1], d.quotes, {"annotator": "badr"}) for d in docs]
    paths = [tmp_path / "amal.jsonl", tmp_path / "badr.jsonl"]
    write_documents(paths[0], amal)
    write_documents(paths[1], badr)
    return paths


def test_agreement_render_shows_annotators_pairs_and_worst_documents(tmp_path: Path, dev_gold_path: Path) -> None:
    result = agreement.agreement_of_files(_annotator_files(tmp_path, dev_gold_path), by_document=True)
    text = _text(agreement.render(result, top=2))
    assert "2 annotators (amal, badr), 6 documents annotated by two or more" in text
    strict = result["pairwise"][0]["entities"]["strict"]["f1"]
    assert 0 < strict < 1 and f"{strict:.3f}" in text
    assert f"Krippendorff's alpha: entities {result['entities_alpha']:.3f}" in text
    worst = result["by_document"][:2]
    assert "Documents, worst first (top 2)" in text
    assert all(row["id"] in text for row in worst)
    assert result["by_document"][-1]["id"] not in text or len(result["by_document"]) <= 2


def test_stats_render_shows_totals_sources_and_quotes(dev_gold_path: Path) -> None:
    records = [json.loads(line) for line in dev_gold_path.read_text(encoding="utf-8").splitlines()]
    report = build_report(summarise_records(records), top=5)
    text = _text(render_stats(report, top=3))
    assert f"{report['tokens']:,}" in text and f"{report['articles']:,}" in text
    assert "Per source" in text and "Per month" in text
    assert f"Quotes: {report['quotes']['total']:,}" in text
    top_token, count = report["top_tokens"][0]
    assert top_token in text and f"{count:,}" in text
    # --top limits the lists: the fourth most frequent token is not shown.
    assert report["top_tokens"][3][0] not in text.split("Most frequent tokens")[1].split("Entities")[0]


def test_adjudication_and_release_summaries(tmp_path: Path, dev_gold_path: Path) -> None:
    files = _annotator_files(tmp_path, dev_gold_path)
    out = tmp_path / "gold.jsonl"
    result = adjudicate_files(files, out, min_votes=2)
    lines = render_adjudication(result, out).splitlines()
    assert lines[0] == (f"Wrote 6 documents ({result.counts['entities']} entities, {result.counts['quotes']} quotes) "
                        f"to {out}")
    assert lines[1].startswith(f"{result.counts['entity_conflicts']} entity and ")
    assert str(tmp_path / "gold.conflicts.jsonl") in lines[1] or ".conflicts.jsonl" in lines[1]
    target = release(out, "v1", root=tmp_path / "releases")
    manifest = read_manifest(target)
    line = render_manifest("v1", target, manifest)
    assert line.startswith(f"Released v1 to {target}: 6 documents, {manifest['entities']['total']} entities")
    assert line.endswith(f"sha256 {manifest['sha256'][:12]}…")


def test_import_summary_counts_warnings_by_reason_and_code(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = ['{"text": "أ"}', '{"text": "ب"', *['{"id": "x", "text": "ج"}'] * 3, "[1]", '{"text": 5}']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_corpus(source, tmp_path / "out.jsonl")
    rows = {reason: (code, count, first) for code, reason, count, first in warning_rows(summary)}
    assert rows["renamed_id"][:2] == ("", 2)  # the second and third "x"
    assert rows["broken_json"][:2] == ("E105", 1) and f"{source}:2" in rows["broken_json"][2]
    assert sum(count for _, count, _ in rows.values()) == sum(summary.warning_counts.values()) == 5
    text = _text(render_summary(summary))
    assert "warnings: 5 of 4 kind(s) (--verbose" in text
    assert f"[E105] {source}:2" in text
    # The most frequent kind comes first.
    warnings = text.split("warnings:")[1]
    assert warnings.index("renamed_id") < warnings.index("broken_json")
    assert "(--verbose" not in _text(render_summary(summary, verbose=True))


def test_quote_run_counts_and_reports_progress(tmp_path: Path, dev_gold_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    out = tmp_path / "quotes.jsonl"
    run = extract_quotes_file(dev_gold_path, out, progress=lambda done, total: seen.append((done, total)))
    written = list(read_documents(out))
    assert run.documents == len(written) == 21 and seen == [(n, None) for n in range(1, 22)]
    assert run.by_type == Counter(q.type for d in written for q in d.quotes) and run.quotes > 50
    assert run.with_source == sum(q.source is not None for d in written for q in d.quotes)
    assert run.to_dict()["by_type"] == {t: run.by_type[t] for t in ("direct", "indirect", "mixed")}
    assert run.render().startswith(f"wrote {out}: 21 documents, {run.quotes:,} quotes")


def test_plain_console_never_wraps_a_long_line(tmp_path: Path) -> None:
    long_path = tmp_path / ("a" * 150) / "corpus.jsonl"
    buffer = io.StringIO()
    console = _common.make_console(stderr=True)
    console.file = buffer  # a StringIO is no terminal, like a pipe or a log file
    console.print(f"wrote {long_path}: 1,234,567 documents")
    assert buffer.getvalue() == f"wrote {long_path}: 1,234,567 documents\n"
