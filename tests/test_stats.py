"""khabar.stats on real data: counts checked against camel-tools and direct counts, partition and worker invariance."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from khabar.cli import app
from khabar.corpus import Article, write_articles
from khabar.errors import ConfigError, InputError
from khabar.gold import Document, Entity, read_documents, write_documents
from khabar.io import dumps
from khabar.stats import (
    build_report,
    compute_stats,
    find_run_together,
    heaps_fit,
    month_of,
    parse_scheduler,
    stop_words,
    summarise_records,
    zipf_fit,
)
from khabar.stats.report import render
from khabar.stats.run import IN_FLIGHT_PER_WORKER, MERGE_FAN_IN
from khabar.text import count_tokens, normalize, split_sentences

SAUDI_DAYS = ("2015-07-21", "2015-08-06")  # one day in each month: two months, fourteen outlets


def _saudinewsnet(folder: Path, days: tuple[str, ...]) -> list[Article]:
    articles = []
    for day in days:
        with zipfile.ZipFile(folder / f"{day}.zip") as archive:
            for name in archive.namelist():
                for i, raw in enumerate(json.loads(archive.read(name))):
                    articles.append(Article(f"saudinewsnet-{day}-{i:04d}", raw.get("content") or "", raw.get("title"),
                                            raw.get("source"), raw.get("url"), raw.get("date_extracted"), raw.get("author")))
    return articles


@pytest.fixture(scope="module")
def snn_articles(saudinewsnet_dir: Path) -> list[Article]:
    return _saudinewsnet(saudinewsnet_dir, SAUDI_DAYS)


@pytest.fixture(scope="module")
def snn_corpus(snn_articles: list[Article], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "corpus.jsonl"
    write_articles(path, snn_articles)
    return path


@pytest.fixture(scope="module")
def snn_report(snn_corpus: Path) -> dict:
    # A small blocksize makes many partitions out of a ~6 MB file.
    return compute_stats(snn_corpus, scheduler="synchronous", blocksize=2**19)


def _without_partitions(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "partitions"}


def test_token_count_equals_camel_tools_simple_word_tokenize(snn_articles, snn_report) -> None:
    from camel_tools.tokenizers.word import simple_word_tokenize

    camel_tokens = [t for a in snn_articles for t in simple_word_tokenize(a.text)]
    assert snn_report["tokens"] == len(camel_tokens)
    assert snn_report["types"] == len(set(camel_tokens))
    assert snn_report["types_normalised"] == len({normalize(t) for t in camel_tokens})
    assert snn_report["type_token_ratio"] == pytest.approx(len(set(camel_tokens)) / len(camel_tokens), rel=1e-5)


def test_totals_and_breakdowns_match_direct_counts(snn_articles, snn_report) -> None:
    assert snn_report["articles"] == len(snn_articles) > 1000
    assert snn_report["partitions"] > 5
    assert snn_report["sentences"] == sum(len(split_sentences(a.text)) for a in snn_articles)
    by_source = Counter(a.source or "unknown" for a in snn_articles)
    assert {name: row["articles"] for name, row in snn_report["by_source"].items()} == dict(by_source)
    assert set(snn_report["by_month"]) == {"2015-07", "2015-08"}
    for key in ("articles", "sentences", "tokens"):
        assert sum(row[key] for row in snn_report["by_source"].values()) == snn_report[key]
        assert sum(row[key] for row in snn_report["by_month"].values()) == snn_report[key]
    # A month's vocabulary is part of the corpus's, and the two months together cover it.
    months = snn_report["by_month"].values()
    assert all(row["types"] <= snn_report["types"] for row in months)
    assert sum(row["types"] for row in months) >= snn_report["types"]
    lengths = snn_report["article_length"]
    assert sum(b["articles"] for b in lengths["histogram"]) == len(snn_articles)
    assert lengths["max"] == max(count_tokens(a.text) for a in snn_articles)
    assert lengths["p10"] <= lengths["median"] <= lengths["p90"] <= lengths["max"]


def test_top_tokens_leave_out_stop_words_and_punctuation(snn_report) -> None:
    tops = [token for token, _ in snn_report["top_tokens"]]
    assert len(tops) == 30
    assert not set(tops) & stop_words()
    # a pronoun or complementiser with the conjunction written onto it is no news word either (وهو، وأن, in the top 30)
    assert not {"وهو", "وهي", "وأن", "بأن", "فإن"} & set(tops)
    assert all(any(c.isalpha() for c in t) for t in tops)
    counts = [n for _, n in snn_report["top_tokens"]]
    assert counts == sorted(counts, reverse=True)


def test_zipf_and_heaps_fits_on_real_text(snn_report) -> None:
    assert 0.8 < snn_report["zipf"]["exponent"] < 1.3
    assert snn_report["zipf"]["r2"] > 0.9
    heaps = snn_report["heaps"]
    assert 0.4 < heaps["beta"] < 1.0
    assert heaps["curve"][-1] == [snn_report["tokens"], snn_report["types"]]


def test_fits_recover_known_laws() -> None:
    zipf = zipf_fit([round(100_000 / r) for r in range(1, 2001)])
    assert zipf["exponent"] == pytest.approx(1.0, abs=0.01)
    assert zipf_fit([5, 1]) is None
    # Every token a new type: the vocabulary grows linearly, beta = 1.
    assert heaps_fit([1] * 5000)["beta"] == pytest.approx(1.0, abs=0.01)


def test_chunk_counting_gives_every_token_and_article_length_of_the_tokeniser(snn_articles, snn_corpus) -> None:
    # Summaries count white-space chunks and split the multi-token ones once: the result must be
    # exactly the per-token count, token by token, and every article's token count.
    from khabar.stats import Summary, plan_blocks, summarise_block
    from khabar.text import token_strings

    tokens: Counter[str] = Counter()
    lengths: Counter[int] = Counter()
    for article in snn_articles:
        words = token_strings(article.text)
        tokens.update(words)
        lengths[len(words)] += 1
    summary = Summary.merge_all([summarise_block(b) for b in plan_blocks([snn_corpus], 2**20)])
    assert summary.token_counts() == tokens
    assert summary.lengths == lengths
    assert sum(n for t, n in tokens.items() if "،" in t) > 0  # punctuation was split off words
    # Emoji, astral characters and attached marks in one text: the tokeniser's slow path.
    text = "قال:«نعم»! 👍🏽 hello,world 😀😀 𝐀𝐁. و(هو)"
    assert summarise_records([{"text": text}]).token_counts() == Counter(token_strings(text))


def test_blocks_are_equal_and_a_multiple_of_the_workers(snn_corpus) -> None:
    from khabar.stats import plan_blocks

    size = snn_corpus.stat().st_size
    blocks = plan_blocks([snn_corpus], size // 5, multiple_of=4)
    assert len(blocks) == 8
    assert blocks[0].start == 0 and blocks[-1].end == size
    assert all(a.end == b.start for a, b in zip(blocks, blocks[1:]))
    assert max(b.end - b.start for b in blocks) - min(b.end - b.start for b in blocks) <= 1
    assert len(plan_blocks([snn_corpus], size, multiple_of=4)) == 1  # fits in one block: left whole


def test_report_does_not_depend_on_partitioning(snn_corpus, snn_report) -> None:
    whole = compute_stats(snn_corpus, scheduler="synchronous", blocksize=2**30)
    assert whole["partitions"] == 1
    assert _without_partitions(whole) == _without_partitions(snn_report)


def test_one_and_two_workers_on_a_local_cluster_give_identical_json(snn_articles, tmp_path: Path) -> None:
    corpus = tmp_path / "part.jsonl"
    write_articles(corpus, snn_articles[:1200])
    one = compute_stats(corpus, scheduler="local:1", blocksize=2**18)
    two = compute_stats(corpus, scheduler="local:2", blocksize=2**18)
    # A cluster merges partitions as they finish, in whatever order; the synchronous scheduler in file order.
    tree = compute_stats(corpus, scheduler="synchronous", blocksize=2**18)
    assert one["partitions"] > 2 * MERGE_FAN_IN + 1
    assert json.dumps(one, ensure_ascii=False, sort_keys=True) == json.dumps(two, ensure_ascii=False, sort_keys=True)
    assert one == tree


def test_local_processes_and_threads_give_the_synchronous_report(snn_articles, tmp_path: Path) -> None:
    corpus = tmp_path / "part.jsonl"
    write_articles(corpus, snn_articles[:1200])
    synchronous = compute_stats(corpus, scheduler="synchronous", blocksize=2**18)
    assert synchronous["partitions"] > 4 * IN_FLIGHT_PER_WORKER
    assert compute_stats(corpus, scheduler="processes", blocksize=2**18, num_workers=2) == synchronous
    assert compute_stats(corpus, scheduler="threads", blocksize=2**18, num_workers=2) == synchronous


def test_local_schedulers_keep_few_partitions_unmerged_whatever_the_corpus_size(
    snn_articles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Memory flat in the corpus size means the number of partition summaries counted but not yet
    # merged stays bounded; a graph of every partition under a merge tree lets it grow with the corpus.
    import threading

    from khabar.stats import run

    lock = threading.Lock()
    counted, merged, most_unmerged = [0], [0], [0]
    summarise, merge = run.summarise_block, run._merge

    def counting_summarise(block):
        summary = summarise(block)
        with lock:
            counted[0] += 1
            most_unmerged[0] = max(most_unmerged[0], counted[0] - merged[0])
        return summary

    def counting_merge(*summaries):
        with lock:
            merged[0] += len(summaries) - 1 if merged[0] else len(summaries)
        return merge(*summaries)

    monkeypatch.setattr(run, "summarise_block", counting_summarise)
    monkeypatch.setattr(run, "_merge", counting_merge)
    corpus = tmp_path / "part.jsonl"
    write_articles(corpus, snn_articles[:1500])
    report = compute_stats(corpus, scheduler="threads", blocksize=2**17, num_workers=2)
    assert report["partitions"] >= 30 and counted[0] == report["partitions"] == merged[0]
    assert most_unmerged[0] <= IN_FLIGHT_PER_WORKER * 2 + 1


def test_parquet_corpus_gives_the_jsonl_report(snn_articles, tmp_path: Path) -> None:
    jsonl, parquet = tmp_path / "c.jsonl", tmp_path / "c.parquet"
    write_articles(jsonl, snn_articles[:2500])
    write_articles(parquet, snn_articles[:2500])  # 2,000 rows a row group: two partitions
    from_parquet = compute_stats(parquet, scheduler="synchronous")
    assert from_parquet["partitions"] == 2
    assert _without_partitions(from_parquet) == _without_partitions(compute_stats(jsonl, scheduler="synchronous"))


def test_duplicates_are_counted(dev_gold_path: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in dev_gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    copies = []
    for i, record in enumerate(records[:3]):
        copy = dict(record, id=f"copy-{i}")
        copy["text"] = record["text"].replace(" ", "  ", 1)  # re-scraped: spacing differs, same words
        copies.append(copy)
    path = tmp_path / "with_copies.jsonl"
    path.write_text("".join(dumps(r) + "\n" for r in records + copies), encoding="utf-8")
    report = compute_stats(path, scheduler="synchronous", blocksize=4096)
    assert report["articles"] == len(records) + 3
    assert report["duplicates"] == 3 and report["duplicates_exact"] is True
    assert compute_stats(dev_gold_path, scheduler="synchronous")["duplicates"] == 0


def test_duplicates_beyond_the_exact_cap_come_from_the_sketch(dev_gold_path: Path, tmp_path: Path, monkeypatch) -> None:
    import khabar.stats.summary as summary_module

    records = [json.loads(line) for line in dev_gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(dumps(dict(r, id=f"{r['id']}-{n}")) + "\n" for n in range(2) for r in records), encoding="utf-8")
    monkeypatch.setattr(summary_module, "EXACT_DUPLICATES_CAP", 5)
    report = compute_stats(path, scheduler="synchronous", blocksize=4096)
    assert report["duplicates_exact"] is False
    assert report["duplicates"] == pytest.approx(len(records), abs=1)  # the sketch is near exact at this size


def test_gold_entities_and_quotes(dev_gold_path: Path) -> None:
    docs = list(read_documents(dev_gold_path))
    report = compute_stats(dev_gold_path, scheduler="synchronous", top=5)
    labels = Counter(e.label for d in docs for e in d.entities)
    assert report["entities"]["per_label"] == dict(sorted(labels.items()))
    assert report["entities"]["per_1000_tokens"]["PERS"] == pytest.approx(1000 * labels["PERS"] / report["tokens"], rel=1e-5)
    quotes = [q for d in docs for q in d.quotes]
    assert report["quotes"]["total"] == len(quotes)
    assert report["quotes"]["per_article"] == pytest.approx(len(quotes) / len(docs), rel=1e-5)
    types = Counter(q.type for q in quotes)
    assert report["quotes"]["type_shares"]["direct"] == pytest.approx(types["direct"] / len(quotes), rel=1e-5)
    assert math.fsum(report["quotes"]["type_shares"].values()) == pytest.approx(1.0, abs=1e-5)
    sources = Counter(normalize(q.source.text_in(d.text)) for d in docs for q in d.quotes if q.source)
    best = max(sources.values())
    top_source = min(s for s, n in sources.items() if n == best)
    # Counted by normalised form, shown in the commonest spelling (الوزارة, not the folded الوزاره).
    spellings = Counter(q.source.text_in(d.text) for d in docs for q in d.quotes
                        if q.source and normalize(q.source.text_in(d.text)) == top_source)
    shown = min(spellings.items(), key=lambda sn: (-sn[1], sn[0]))[0]
    assert report["quotes"]["most_quoted_sources"][0] == [shown, best]
    cues = Counter(normalize(q.cue.text_in(d.text)) for d in docs for q in d.quotes if q.cue)
    assert report["quotes"]["most_used_cues"][0][1] == max(cues.values())
    assert report["quotes"]["without_source"] == sum(1 for q in quotes if q.source is None)
    # The same records in memory give the same report.
    records = [d.to_dict() for d in docs]
    assert build_report(summarise_records(records), top=5) == _without_partitions(report)


def test_corpus_without_annotations_has_no_entity_section(snn_report) -> None:
    assert "entities" not in snn_report and "quotes" not in snn_report


def test_run_together_words_found_with_the_importers_detector() -> None:
    counts = Counter({"الأمم": 600, "المتحدة": 900, "روسيا": 800, "سوريا": 700, "الأممالمتحدة": 1, "سورياوروسيا": 2, "كتاب": 3})
    found = find_run_together(counts, dictionary=False)
    assert found["types"] == 2 and found["occurrences"] == 3
    assert found["examples"][0] == ["سورياوروسيا", 2, "سوريا وروسيا"]
    assert found["examples"][1] == ["الأممالمتحدة", 1, "الأمم المتحدة"]


def test_month_of() -> None:
    assert month_of("2015-07-21") == "2015-07"
    assert month_of("2015-07-21T10:00:00") == "2015-07"
    assert month_of("21/07/2015") == "unknown"
    assert month_of(None) == "unknown"


# --- errors -----------------------------------------------------------------------------------------


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_broken_json_line_is_named_even_deep_in_a_later_partition(tmp_path: Path) -> None:
    good = [dumps({"id": f"a{i}", "text": "نص عربي قصير " * 20}) for i in range(200)]
    path = _write_lines(tmp_path / "broken.jsonl", good[:150] + ['{"id": "x", "text": '] + good[150:])
    with pytest.raises(InputError) as info:
        compute_stats(path, scheduler="synchronous", blocksize=4096)
    assert info.value.code == "E001" and info.value.line == 151 and info.value.path == path


def test_missing_text_names_line_field_and_document(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "notext.jsonl", [dumps({"id": "a", "text": "نص"}), dumps({"id": "b", "body": "نص"})])
    with pytest.raises(InputError) as info:
        compute_stats(path, scheduler="synchronous")
    assert (info.value.code, info.value.line, info.value.field, info.value.doc_id) == ("E702", 2, "text", "b")


def test_a_text_given_twice_is_named_not_counted_as_its_last(tmp_path: Path) -> None:
    # Arrow's reader refuses the partition, and the exact path's orjson kept the second text, silently
    good = [dumps({"id": f"a{i}", "text": "نص عربي قصير " * 20}) for i in range(200)]
    path = _write_lines(tmp_path / "twice.jsonl", good[:150] + ['{"id": "x", "text": "أ", "text": "ب"}'] + good[150:])
    with pytest.raises(InputError) as info:
        compute_stats(path, scheduler="synchronous", blocksize=4096)
    assert (info.value.code, info.value.line, info.value.field, info.value.path) == ("E015", 151, "text", path)


def test_span_outside_the_text_is_refused(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "span.jsonl", [dumps({"id": "a", "text": "قال محمد", "entities": [{"start": 4, "end": 40, "label": "PERS"}]})])
    with pytest.raises(InputError) as info:
        compute_stats(path, scheduler="synchronous")
    assert (info.value.code, info.value.line, info.value.field) == ("E703", 1, "entities[0]")


def test_missing_file_and_bad_scheduler(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        compute_stats(tmp_path / "nope.jsonl", scheduler="synchronous")
    assert info.value.code == "E701"
    for bad in ("gpu", "local:0", "local:x", "tcp://"):
        with pytest.raises(ConfigError) as error:
            parse_scheduler(bad)
        assert error.value.code == "E710"
    assert parse_scheduler("local:3").workers == 3
    assert parse_scheduler("tcp://127.0.0.1:8786").address == "tcp://127.0.0.1:8786"


# --- command line -------------------------------------------------------------------------------------


def test_cli_json_puts_totals_at_the_top_level(dev_gold_path: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(dev_gold_path), "--json", "--scheduler", "synchronous", "--top", "3"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    docs = list(read_documents(dev_gold_path))
    assert report["articles"] == len(docs) == 21
    assert report["tokens"] == sum(count_tokens(d.text) for d in docs)
    assert {"sentences", "types", "by_source", "by_month", "entities", "quotes"} <= set(report)
    assert len(report["top_tokens"]) == 3


def test_cli_tables_and_errors(dev_gold_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(dev_gold_path), "--scheduler", "synchronous"])
    assert result.exit_code == 0
    assert "Per source" in result.output and "Quotes: 130" in result.output
    bad = subprocess.run([sys.executable, "-c", "from khabar.cli import main; main()", "stats", str(dev_gold_path), "--scheduler", "gpu"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "[E710]" in bad.stderr


def test_the_corpus_table_prints_its_figures_rounded_as_the_per_source_table_does(dev_gold_path: Path) -> None:
    report = compute_stats(dev_gold_path, scheduler="synchronous")
    console = Console(width=200, record=True)
    console.print(render(report))
    corpus_table = console.export_text().split("Per source")[0]
    row = {line.split("│")[1].strip(): line.split("│")[2].strip()
           for line in corpus_table.splitlines() if line.count("│") == 3}
    assert row["type token ratio"] == f"{report['type_token_ratio']:.3f}" == "0.501"
    assert row["sentences per article"] == f"{report['sentences_per_article']:.3f}"
    assert row["tokens per sentence"] == f"{report['tokens_per_sentence']:.1f}"
    zipf, heaps = report["zipf"], report["heaps"]
    assert row["Zipf exponent"] == f"{zipf['exponent']:.3f} (R² {zipf['r2']:.3f})"
    assert row["Heaps K, β"] == f"{heaps['k']:.3f}, {heaps['beta']:.3f} (R² {heaps['r2']:.3f})"
    assert row["tokens"] == f"{report['tokens']:,}"


def test_a_figure_too_small_for_three_decimals_keeps_two_significant_digits() -> None:
    from khabar.stats.report import shown

    assert [shown(v) for v in (0.00031, 0.0, 0.5008, 33.566, 12345, True)] == [
        "0.00031", "0.000", "0.501", "33.6", "12,345", "True"]


def test_names_are_counted_by_normalised_form_and_shown_in_their_commonest_spelling(tmp_path: Path) -> None:
    texts = ["زار الوزير السعودية أمس", "زار الوزير السعوديه أمس", "عاد الوفد إلى السعودية"]
    docs = [Document(f"d{i}", t, entities=[Entity(t.index("السعودي"), t.index("السعودي") + len("السعودية"), "LOC")])
            for i, t in enumerate(texts)]
    path = tmp_path / "g.jsonl"
    write_documents(path, docs)
    report = compute_stats(path, scheduler="synchronous")
    assert report["entities"]["most_frequent_per_label"]["LOC"] == [["السعودية", 3]]
    assert report["entities"]["most_frequent"] == [["السعودية", 3]]
    assert ["السعودية", 3] in report["top_tokens"] and ["السعوديه", 3] not in report["top_tokens"]



@pytest.mark.parametrize("blocksize", [2**30, 64])
def test_a_byte_order_mark_opening_the_file_is_skipped_as_every_reader_skips_it(tmp_path: Path, blocksize: int) -> None:
    # Gold records (with entities) are parsed whole; the BOM used to reach that parser as part of line 1.
    entities = [{"start": 4, "end": 10, "label": "PERS"}]
    records = [{"id": f"d{i}", "text": f"قال الوزير: \"الاجتماع {i} انتهى\".", "entities": entities} for i in range(3)]
    plain, marked = tmp_path / "plain.jsonl", tmp_path / "marked.jsonl"
    plain.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    with_mark = compute_stats(marked, scheduler="synchronous", blocksize=blocksize)
    without = compute_stats(plain, scheduler="synchronous", blocksize=blocksize)
    assert with_mark["articles"] == 3
    assert (with_mark["tokens"], with_mark["sentences"]) == (without["tokens"], without["sentences"])


# --- types per 1,000 tokens: vocabulary richness comparable across sizes ---------------------------------


def _records(source: str, tokens: list[str], per_article: int = 400) -> list[dict]:
    return [{"text": " ".join(tokens[i : i + per_article]), "source": source, "date": "2015-07-21"}
            for i in range(0, len(tokens), per_article)]


def test_types_in_a_sample_equal_the_average_over_every_possible_sample() -> None:
    from itertools import combinations

    tokens = "قال الوزير إن الوزير قال إن الاجتماع انتهى و الوزير غادر".split()
    sample = 4
    samples = list(combinations(range(len(tokens)), sample))  # every set of 4 positions of the 11, equally likely
    brute_force = sum(len({tokens[i] for i in chosen}) for chosen in samples) / len(samples)
    report = build_report(summarise_records(_records("s", tokens)), sample_tokens=sample)
    assert report["sample_tokens"] == sample
    assert report["by_source"]["s"]["types_per_4_tokens"] == pytest.approx(brute_force, rel=1e-6)  # 6 digits kept
    assert report["types_per_4_tokens"] == report["by_month"]["2015-07"]["types_per_4_tokens"]
    # By hand: 4 words seen once, 2 twice, 1 three times; C(11 - f, 4) / C(11, 4) of missing a word seen f times.
    assert brute_force == pytest.approx((4 * (330 - 210) + 2 * (330 - 126) + (330 - 70)) / 330, rel=1e-12)


def test_types_per_1000_tokens_equal_the_mean_of_random_samples_of_a_real_source(snn_articles) -> None:
    import numpy as np

    from khabar.text import token_strings

    tokens = [t for a in snn_articles if a.source == "sabq" for t in token_strings(a.text)][:30_000]
    words, ids = np.unique(np.array(tokens, dtype=object), return_inverse=True)
    rng = np.random.default_rng(2015)
    drawn = np.array([len(np.unique(ids[rng.choice(len(ids), 1000, replace=False)])) for _ in range(3000)])
    # The mean of 3,000 independent samples is off by about its standard error, sd / sqrt(3000) (~0.25 types here):
    # 4 standard errors are missed by chance once in 16,000 seeds, and the seed is fixed.
    error = drawn.std(ddof=1) / np.sqrt(len(drawn))
    expected = build_report(summarise_records(_records("sabq", tokens)))["by_source"]["sabq"]["types_per_1000_tokens"]
    assert abs(expected - drawn.mean()) < 4 * error < 1.5  # within 0.2 % of the figure
    assert 600 < expected < 800 and len(words) > 5000


def test_the_expectation_is_exact_for_a_source_of_thirty_million_tokens() -> None:
    # log1p of each draw, not scipy's hypergeom.logpmf, which is 0.3 % off for a word seen once in 30 M tokens.
    from fractions import Fraction

    from khabar.stats import expected_types

    types_of_count = {1: 500_000, 2: 120_000, 50: 4_000, 1_000: 300, 200_000: 20}
    total = 30_000_000
    types_of_count[total - sum(f * m for f, m in types_of_count.items())] = 1
    sample = 1000
    exact = sum(m * (1 - Fraction(math.comb(total - f, sample), math.comb(total, sample)))
                for f, m in types_of_count.items())
    frequencies = [f for f, m in types_of_count.items() for _ in range(m)]
    assert expected_types(frequencies, sample) == pytest.approx(float(exact), rel=1e-11)
    assert expected_types([3, 1], 2) == 1.5  # the word of 3 tokens is always drawn, the other half the time
    assert expected_types([999], 1000) is None and expected_types([600, 400], 1000) == 2.0


def test_sources_with_one_word_distribution_and_ten_times_the_text_get_the_same_figure() -> None:
    # Both drawn from one Zipfian vocabulary of 20,000 words: what differs is only how much each wrote.
    import numpy as np

    rng = np.random.default_rng(7)
    probabilities = 1.0 / np.arange(1, 20_001) ** 1.05
    probabilities /= probabilities.sum()
    small = [f"w{i}" for i in rng.choice(20_000, 20_000, p=probabilities)]
    large = [f"w{i}" for i in rng.choice(20_000, 200_000, p=probabilities)]
    report = build_report(summarise_records(_records("small", small) + _records("large", large)))
    small_row, large_row = report["by_source"]["small"], report["by_source"]["large"]
    assert small_row["type_token_ratio"] > 3 * large_row["type_token_ratio"]  # the ratio ranks by size
    # A random part of a random sample is a random sample: both estimate the same population figure.
    population = float(np.sum(1 - (1 - probabilities) ** 1000))
    for row in (small_row, large_row):
        assert row["types_per_1000_tokens"] == pytest.approx(population, rel=0.01)
    assert small_row["types_per_1000_tokens"] == pytest.approx(large_row["types_per_1000_tokens"], rel=0.01)


def test_a_source_shorter_than_the_sample_has_no_figure_and_a_bad_sample_size_is_refused() -> None:
    records = (_records("short", [f"w{i % 300}" for i in range(999)])
               + _records("exact", [f"w{i % 300}" for i in range(1000)]))
    report = build_report(summarise_records(records))
    assert report["by_source"]["short"]["types_per_1000_tokens"] is None
    assert report["by_source"]["exact"]["types_per_1000_tokens"] == 300.0  # the whole text is the sample
    assert 290 < report["types_per_1000_tokens"] < 300  # 1,999 tokens in all: a word seen 6 times may be missed
    for bad in (0, -5, 2.5, True, "1000"):
        with pytest.raises(ConfigError) as error:
            build_report(summarise_records(records), sample_tokens=bad)
        assert (error.value.code, error.value.field) == ("E704", "sample_tokens")


def test_types_per_1000_tokens_do_not_depend_on_the_partitions_or_the_scheduler(snn_articles, snn_corpus, snn_report,
                                                                                tmp_path: Path) -> None:
    whole = compute_stats(snn_corpus, scheduler="synchronous", blocksize=2**30)
    assert whole["partitions"] == 1 and snn_report["partitions"] > 5
    figures = {name: row["types_per_1000_tokens"] for name, row in snn_report["by_source"].items()}
    assert figures == {name: row["types_per_1000_tokens"] for name, row in whole["by_source"].items()}
    assert all(600 < value < 800 for value in figures.values())
    months = {name: row["types_per_1000_tokens"] for name, row in snn_report["by_month"].items()}
    assert months == {name: row["types_per_1000_tokens"] for name, row in whole["by_month"].items()}
    assert whole["types_per_1000_tokens"] == snn_report["types_per_1000_tokens"] > 600
    corpus = tmp_path / "part.jsonl"
    write_articles(corpus, snn_articles[:1200])
    synchronous = compute_stats(corpus, scheduler="synchronous", blocksize=2**18)
    threads = compute_stats(corpus, scheduler="threads", blocksize=2**18, num_workers=2)
    assert synchronous["partitions"] > 4
    assert ({n: r["types_per_1000_tokens"] for n, r in threads["by_source"].items()}
            == {n: r["types_per_1000_tokens"] for n, r in synchronous["by_source"].items()})


def test_cli_shows_types_per_sample_in_its_tables(dev_gold_path: Path) -> None:
    result = CliRunner().invoke(app, ["stats", str(dev_gold_path), "--scheduler", "synchronous", "--sample-tokens", "500"])
    assert result.exit_code == 0, result.output
    assert "types per 500 tokens" in result.output and "types per 500" in result.output.split("Per source")[1]
    report = compute_stats(dev_gold_path, scheduler="synchronous", sample_tokens=500)
    assert f"{report['by_source']['aawsat']['types_per_500_tokens']:,.1f}" in result.output.split("Per month")[0]


def test_a_file_named_twice_is_refused_not_counted_twice(tmp_path: Path, dev_gold_path: Path) -> None:
    # `stats gold.jsonl ./gold.jsonl` reported 42 articles and every entity and quote twice.
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(dev_gold_path.read_bytes())
    link = tmp_path / "link.jsonl"
    link.symlink_to(gold)
    for second in (gold, tmp_path / "." / "gold.jsonl", link):
        result = CliRunner().invoke(app, ["stats", str(gold), str(second), "--scheduler", "synchronous"])
        assert isinstance(result.exception, InputError), result.output
        assert (result.exception.code, result.exception.path) == ("E705", second)
        assert f"as {gold} and as {second}:" in result.exception.message


def test_a_file_named_twice_is_named_both_times_as_typed(tmp_path: Path, dev_gold_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # `stats ./g.jsonl g.jsonl` said "g.jsonl: given twice (also as g.jsonl)": which two, the user could not see.
    (tmp_path / "g.jsonl").write_bytes(dev_gold_path.read_bytes())
    monkeypatch.chdir(tmp_path)
    for first, second in (("./g.jsonl", "g.jsonl"), ("g.jsonl", "./g.jsonl"), ("g.jsonl", ".//g.jsonl")):
        result = CliRunner().invoke(app, ["stats", first, second, "--scheduler", "synchronous"])
        assert isinstance(result.exception, InputError), result.output
        assert result.exception.code == "E705"
        assert result.exception.message == f"given twice, as {first} and as {second}: its records would be counted twice"


def test_the_library_reads_inputs_as_the_command_does_and_refuses_one_file_given_twice(tmp_path: Path,
                                                                                       dev_gold_path: Path) -> None:
    # E705 was checked by the command (on its arguments as typed, before `-` was copied) and again by plan_blocks: a
    # caller of compute_stats given `g.jsonl -` with standard input redirected from g.jsonl got E701 ("-" is no file),
    # and a named pipe was not read. compute_stats now reads them as the command does, and alone refuses the twice.
    import khabar

    from .conftest import fifo

    gold, other = tmp_path / "g.jsonl", tmp_path / "other.jsonl"
    gold.write_bytes(dev_gold_path.read_bytes())
    other.write_bytes(dev_gold_path.read_bytes())
    with fifo(tmp_path, dev_gold_path.read_bytes()) as pipe:
        assert compute_stats([gold, pipe], scheduler="synchronous")["articles"] == 2 * 21
    env = {**os.environ, "PYTHONPATH": str(Path(khabar.__file__).parents[1]), "TMPDIR": str(tmp_path)}
    code = ("import sys\nfrom khabar.stats import compute_stats\n"
            "print(compute_stats(sys.argv[1:], scheduler='synchronous')['articles'])")
    with other.open("rb") as another:
        counted = subprocess.run([sys.executable, "-c", code, str(gold), "-"], stdin=another, capture_output=True,
                                 text=True, env=env, timeout=120)
    assert (counted.returncode, counted.stdout) == (0, "42\n"), counted.stderr
    with gold.open("rb") as same:
        refused = subprocess.run([sys.executable, "-c", code, str(gold), "-"], stdin=same, capture_output=True,
                                 text=True, env=env, timeout=120)
    assert refused.returncode == 1 and refused.stdout == ""
    said = f"[E705] <stdin>: given twice, as {gold} and as <stdin>: its records would be counted twice"
    assert said in refused.stderr
    assert list(tmp_path.glob("khabar-input-*")) == []  # nothing copied


def test_standard_input_given_twice_is_E013_when_redirected_from_a_file_too(tmp_path: Path, dev_gold_path: Path) -> None:
    # `stats - - < g.jsonl` said E705 ("given twice, as <stdin> and as <stdin>") where a pipe said E013, the code
    # for '-' given twice.
    import khabar

    gold = tmp_path / "g.jsonl"
    gold.write_bytes(dev_gold_path.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(Path(khabar.__file__).parents[1]), "TMPDIR": str(tmp_path)}
    with gold.open("rb") as redirected:
        refused = subprocess.run([sys.executable, "-m", "khabar", "stats", "-", "-"], stdin=redirected,
                                 capture_output=True, env=env, timeout=120)
    assert refused.returncode == 2 and refused.stderr.decode().startswith("khabar: [E013] <stdin>:"), refused.stderr


def test_standard_input_redirected_from_a_file_named_too_is_refused(tmp_path: Path, dev_gold_path: Path) -> None:
    # `stats g.jsonl - < g.jsonl` counted every article, entity and quote twice: `-` was copied, and the copy is
    # another file. Redirected from another file, or piped, standard input is counted as before.
    import khabar

    gold, other = tmp_path / "g.jsonl", tmp_path / "other.jsonl"
    gold.write_bytes(dev_gold_path.read_bytes())
    other.write_bytes(dev_gold_path.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(Path(khabar.__file__).parents[1]), "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "khabar.cli", "stats", str(gold), "-", "--scheduler", "synchronous", "--json"]
    with gold.open("rb") as same:
        refused = subprocess.run(command, stdin=same, capture_output=True, env=env, timeout=120)
    assert refused.returncode == 2 and refused.stdout == b""
    assert refused.stderr.decode() == (f"khabar: [E705] <stdin>: given twice, as {gold} and as <stdin>: its records "
                                       "would be counted twice\n")
    with other.open("rb") as another:
        counted = subprocess.run(command, stdin=another, capture_output=True, env=env, timeout=120)
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout)["articles"] == 2 * 21


@pytest.mark.parametrize("annotated", [False, True], ids=["columnar", "record_by_record"])
def test_duplicates_fold_every_unicode_white_space(tmp_path: Path, annotated: bool) -> None:
    # Copies differing only by a line or paragraph separator, NEL, U+001C or an em space counted as 6 texts of 8,
    # where the no-break space, VT and FF were folded: every str.isspace character separates words alike.
    separators = ["\u2028", "\u2029", "\x85", "\x1c", "\x0b", "\x0c", "\xa0", "\u2003"]
    records = []
    for i, separator in enumerate(separators):
        record = {"id": f"s{i}", "text": f"زار أحمد{separator}علي باريس ثم عاد."}
        if annotated:
            record["entities"] = [{"start": 4, "end": 12, "label": "PERS"}]
        records.append(record)
    path = tmp_path / "separators.jsonl"
    path.write_text("".join(dumps(r) + "\n" for r in records), encoding="utf-8")
    report = compute_stats(path, scheduler="synchronous")
    assert (report["articles"], report["distinct_texts"], report["duplicates"]) == (8, 1, 7)
