"""Cue induction from unlabelled news (khabar.extract.quotes.induce), the reviewed cue list and `khabar train cues`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import ConfigError, InputError
from khabar.extract.clusters import WordClusters
from khabar.extract.quotes import QuoteExtractor
from khabar.extract.quotes.cue_list import CueEntry, read_cue_list, write_cue_list
from khabar.extract.quotes.induce import InductionSettings, guess_kind, induce_cues, iter_texts
from khabar.extract.quotes.lexicon import load_lexicon
from khabar.stats.stopwords import stop_words
from khabar.text import normalize

#: Common MSA function words that often stand right before أن/إن, written here independently of the stop list.
FUNCTION_WORDS = {normalize(w) for w in (
    "كما", "إلا", "غير", "بعد", "قبل", "رغم", "حيث", "لكن", "بل", "منذ", "حتى", "من", "على", "إلى", "في", "عن", "مع",
    "هو", "هي", "هذا", "هذه", "ذلك", "الذي", "التي", "ما", "لا", "لم", "لن", "قد", "كان", "كانت", "يجب", "يمكن", "بيد",
)}


@pytest.fixture(scope="module")
def one_day(saudinewsnet_dir: Path) -> Path:
    return saudinewsnet_dir / "2015-07-21.zip"


@pytest.fixture(scope="module")
def mined(one_day: Path) -> list[CueEntry]:
    entries, counts = induce_cues(lambda: iter_texts([one_day]), InductionSettings(top=200, min_count=5))
    assert counts["articles"] > 2000 and counts["events"] > 1000
    return entries


def test_one_saudinewsnet_day_holds_the_known_cues(mined: list[CueEntry]) -> None:
    forms = {normalize(e.form): e for e in mined}
    for cue in ("قال", "أكد", "أضاف"):
        entry = forms[normalize(cue)]
        assert entry.kind == "verb" and entry.in_lexicon and entry.count >= 20
        assert 0 < entry.governs_complement <= 1 and len(entry.examples) == 3
        assert all(normalize(entry.form) in normalize(example) for example in entry.examples)
    # قال governs a colon and a quotation mark as well as a complementiser.
    assert forms[normalize("قال")].colon_quote > 50


def test_the_top_50_hold_no_function_words_and_are_ranked(mined: list[CueEntry]) -> None:
    top = mined[:50]
    keys = {normalize(e.form) for e in top}
    assert not keys & FUNCTION_WORDS
    assert not keys & stop_words()
    assert all(e.count >= 5 and e.status == "candidate" and e.source == "governs" for e in top)
    scores = [e.score for e in mined]
    assert scores == sorted(scores, reverse=True)
    # Mostly cues the hand-written lexicon already knows: the ranking finds reporting words.
    assert sum(e.in_lexicon for e in mined[:20]) >= 15


def test_mining_is_deterministic(one_day: Path) -> None:
    def run() -> list[dict]:
        entries, _ = induce_cues(lambda: iter_texts([one_day], limit=400), InductionSettings(min_count=2, top=60))
        return [e.to_dict() for e in entries]

    first = run()
    assert len(first) > 10 and first == run()


def test_only_nominal_clauses_and_quotations_count_and_clitics_fold() -> None:
    texts = [
        "وأوضح المسؤول أن الاتفاق قائم. أوضح المسؤول إنه سيزور البلد.",
        "وقال الوزير: «سنبدأ غدا». يجب أن يكون العمل جيدا. أراد أن يذهب.",
        "أوضح الناطق بأن الحكومة ماضية. وقال الرئيس إن الأمن مستتب.",
    ]
    entries, counts = induce_cues(lambda: iter(texts), InductionSettings(min_count=1, min_articles=1, top=None))
    forms = {normalize(e.form): e for e in entries}
    assert forms[normalize("أوضح")].count == 3  # وأوضح folded into أوضح
    assert normalize("وأوضح") not in forms
    # وقال stays whole: no bare قال was seen to fold it into.
    assert forms[normalize("وقال")].colon_quote == 1 and forms[normalize("وقال")].count == 2
    # The subjunctive أن before a verb governs nothing reported (يجب is also a stop word; أراد is not).
    assert normalize("أراد") not in forms and normalize("يجب") not in forms
    assert counts["events"] == 5


def test_a_checked_verb_of_the_lexicon_is_marked_as_known() -> None:
    # شرح is a cue only where the rules read شرح أن (not شرح الخطة): known all the same
    texts = ["وشرح أن الاتفاق قائم. شرح أن العمل مستمر.", "شرح أن الحكومة ماضية. همس أن الأمن مستتب. همس أن الوضع هادئ."]
    entries, _ = induce_cues(lambda: iter(texts), InductionSettings(min_count=1, min_articles=1, top=None))
    forms = {normalize(e.form): e for e in entries}
    assert forms[normalize("شرح")].in_lexicon and not forms[normalize("همس")].in_lexicon
    lexicon = load_lexicon()
    assert lexicon.cue(normalize("شرح")) is None and lexicon.knows(normalize("شرح"))


def test_kind_is_guessed_from_the_shape() -> None:
    assert guess_kind("أوضح") == "verb"
    assert guess_kind("مشيرا") == "participle" and guess_kind("مؤكدة") == "participle"
    assert guess_kind("التصريح") == "noun" and guess_kind("رواية") == "noun"


def test_neighbours_of_known_cues_rank_below_mined_entries() -> None:
    words = ["قال", "همس", "صاح", "الوزير"]
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.8, 0.3], [0.0, 1.0]], dtype=np.float32)
    clusters = WordClusters((2,), {w: (i % 2,) for i, w in enumerate(words)}, {w: 10 for w in words}, vectors)
    texts = ["وقال الوزير إن العمل مستمر. وقال المدير إن الطقس جميل."]
    entries, _ = induce_cues(lambda: iter(texts), InductionSettings(min_count=1, min_articles=1, neighbours=2), vectors=clusters)
    sources = [e.source for e in entries]
    assert sources[0] == "governs"
    neighbours = [e for e in entries if e.source.startswith("neighbours")]
    assert [e.form for e in neighbours] == ["همس", "صاح"]
    assert sources.index(neighbours[0].source) > max(i for i, s in enumerate(sources) if s == "governs")


def test_no_vectors_means_no_neighbours() -> None:
    clusters = WordClusters((2,), {"قال": (0,)}, {"قال": 3})
    settings = InductionSettings(min_count=1, min_articles=1)
    entries, _ = induce_cues(lambda: iter(["وقال الوزير إن العمل مستمر."]), settings, vectors=clusters)
    assert entries and all(e.source == "governs" for e in entries)


def test_a_form_from_one_article_only_is_dropped() -> None:
    one = "يقول سميث: «نعم». ويقول سميث: «لا». يقول سميث: «ربما». ويقول سميث: «أبدا». يقول سميث: «غدا»."
    others = ["وأوضح المدير أن العمل مستمر.", "أوضح الناطق أن الحكومة ماضية."]
    texts = [one, *others]
    spread = {normalize(e.form): e for e in induce_cues(lambda: iter(texts), InductionSettings(min_count=2, min_articles=2))[0]}
    assert normalize("سميث") not in spread and spread[normalize("أوضح")].articles == 2
    single = {normalize(e.form) for e in induce_cues(lambda: iter(texts), InductionSettings(min_count=2, min_articles=1))[0]}
    assert normalize("سميث") in single


# --- the reviewed list and the extractor ---------------------------------------------------------------------------

TEXT = "وهمس الوزير بأن الاتفاق سيوقع غدا في العاصمة."


def _cue_file(tmp_path: Path, status: str, **extra: str) -> Path:
    path = tmp_path / f"cues-{status}.json"
    write_cue_list(path, {"corpora": []}, [CueEntry("همس", "verb", count=7, status=status, extra=dict(extra))])
    return path


def test_only_accepted_entries_change_predictions(tmp_path: Path) -> None:
    assert QuoteExtractor().extract(TEXT) == []
    assert QuoteExtractor(cues_path=_cue_file(tmp_path, "candidate")).extract(TEXT) == []
    assert QuoteExtractor(cues_path=_cue_file(tmp_path, "rejected")).extract(TEXT) == []
    (quote,) = QuoteExtractor(cues_path=_cue_file(tmp_path, "accepted")).extract(TEXT)
    assert quote.cue.text_in(TEXT) == "وهمس"
    assert quote.source.text_in(TEXT) == "الوزير"
    assert quote.content.text_in(TEXT) == "الاتفاق سيوقع غدا في العاصمة"
    # The packaged lexicon itself is untouched (it is cached and shared).
    assert load_lexicon().cue(normalize("همس")) is None


def test_a_cue_list_saved_by_an_editor_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = _cue_file(tmp_path, "accepted")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    (quote,) = QuoteExtractor(cues_path=path).extract(TEXT)
    assert quote.cue.text_in(TEXT) == "وهمس"


def test_an_accepted_verb_with_its_lemma_is_inflected(tmp_path: Path) -> None:
    path = _cue_file(tmp_path, "accepted", perfect="همس", imperfect="يهمس")
    text = "وتهمس الوزيرة بأن الاتفاق سيوقع غدا."
    (quote,) = QuoteExtractor(cues_path=path).extract(text)
    assert quote.cue.text_in(text) == "وتهمس" and quote.source.text_in(text) == "الوزيرة"
    assert QuoteExtractor(cues_path=_cue_file(tmp_path, "accepted")).extract(text) == []


def test_cli_extract_quotes_reads_the_cue_list(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    runs = {}
    for status in ("candidate", "accepted"):
        out = tmp_path / f"out-{status}.jsonl"
        result = CliRunner().invoke(
            app, ["extract", "quotes", str(corpus), "--out", str(out), "--cues", str(_cue_file(tmp_path, status)), "--json"]
        )
        assert result.exit_code == 0, result.output
        runs[status] = json.loads(out.read_text(encoding="utf-8"))["quotes"]
    assert runs["candidate"] == [] and len(runs["accepted"]) == 1


def _bad(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_cue_lists_are_numbered_errors_naming_file_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as missing:
        QuoteExtractor(cues_path=tmp_path / "none.json")
    assert missing.value.code == "E416"
    with pytest.raises(InputError) as invalid:
        read_cue_list(_bad(tmp_path, '{"format": "khabar-cues/1",\n "entries": [\n}'))
    assert invalid.value.code == "E417" and invalid.value.line == 3
    with pytest.raises(InputError) as wrong:
        read_cue_list(_bad(tmp_path, '{"entries": []}'))
    assert wrong.value.code == "E417" and wrong.value.field == "format"
    good = '{"form": "همس", "kind": "verb", "status": "accepted"}'
    cases = {
        '{"form": "همس", "kind": "adverb"}': "entries[1].kind",
        '{"form": "همس", "kind": "verb", "status": "yes"}': "entries[1].status",
        '{"form": "همس الوزير", "kind": "verb"}': "entries[1].form",
        '{"form": "همس", "kind": "verb", "perfect": "همس"}': "entries[1].perfect",
        '{"form": "همس", "kind": "verb", "object": "other"}': "entries[1].object",
        '"همس"': "entries[1].*",
    }
    for entry, field in cases.items():
        path = _bad(tmp_path, '{"format": "khabar-cues/1", "provenance": {},\n "entries": [\n' + good + ",\n" + entry + "\n]}")
        with pytest.raises(InputError) as error:
            QuoteExtractor(cues_path=path)
        assert (error.value.code, error.value.field, error.value.line, error.value.path) == ("E418", field, 4, path)
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "quotes", str(corpus), "--out", str(tmp_path / "o.jsonl"), "--cues", str(path)])
    assert isinstance(result.exception, InputError) and result.exception.code == "E418"
    assert not (tmp_path / "o.jsonl").exists()


# --- khabar train cues ------------------------------------------------------------------------------------------------

def test_cli_train_cues_writes_a_reviewable_list_with_provenance(tmp_path: Path, one_day: Path) -> None:
    out = tmp_path / "cues.json"
    result = CliRunner().invoke(
        app, ["train", "cues", str(one_day), "--out", str(out), "--limit", "500", "--top", "40",
              "--min-count", "3", "--neighbours", "0", "--json"],
    )
    assert result.exit_code == 0, result.output
    provenance, entries = read_cue_list(out)
    assert len(entries) == 40 and all(e.status == "candidate" for e in entries)
    assert provenance["settings"]["min_count"] == 3 and provenance["settings"]["limit_per_corpus"] == 500
    (corpus,) = provenance["corpora"]
    assert corpus["bytes"] == one_day.stat().st_size and len(corpus["sha256"]) == 64
    assert provenance["counts"]["articles"] == 500 and provenance["date"].startswith("20")
    assert {normalize(e.form) for e in entries} >= {normalize("قال"), normalize("أضاف")}
    # One entry a line: a reviewer flips one line per decision.
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith('{"form":') for line in lines) == 40
    # Candidates change nothing until accepted.
    text = "وقال الوزير إن الاتفاق سيوقع غدا."
    assert QuoteExtractor(cues_path=out).extract(text) == QuoteExtractor().extract(text)


def test_cli_train_cues_refuses_an_empty_corpus(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "cues", str(empty), "--out", str(tmp_path / "c.json")])
    assert isinstance(result.exception, InputError) and result.exception.code == "E419"
    assert not (tmp_path / "c.json").exists()


def test_cli_train_cues_adds_neighbours_from_a_clusters_file(tmp_path: Path) -> None:
    words = ["قال", "همس", "الوزير"]
    vectors = np.array([[1.0, 0.0], [0.95, 0.05], [0.0, 1.0]], dtype=np.float32)
    clusters = tmp_path / "clusters.tsv.gz"
    WordClusters((2,), {w: (i % 2,) for i, w in enumerate(words)}, {w: 4 for w in words}, vectors).save(clusters)
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": f"d{i}", "text": "وأوضح المدير أن العمل مستمر. وقال الوزير إن الطقس جميل."} for i in range(4)]
    corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "cues.json"
    result = CliRunner().invoke(app, ["train", "cues", str(corpus), "--out", str(out), "--clusters", str(clusters),
                                      "--neighbours", "1", "--min-count", "2"])
    assert result.exit_code == 0, result.output
    provenance, entries = read_cue_list(out)
    assert [e.form for e in entries if e.source != "governs"] == ["همس"]
    assert entries[-1].source == "neighbours of قال" and entries[-1].occurrences == 4
    assert provenance["settings"]["clusters"] == str(clusters)
    (source,) = provenance["corpora"]
    assert source["bytes"] == corpus.stat().st_size and provenance["counts"]["articles"] == 4


def test_cli_train_cues_says_which_records_it_could_not_read(tmp_path: Path, one_day: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "cut\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "cues", str(broken), "--out", str(tmp_path / "c.json")])
    assert isinstance(result.exception, InputError) and result.exception.code == "E419"
    assert f"1 record(s) could not be read, the first: [E105] {broken}:1" in str(result.exception)
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps({"id": "b", "text": TEXT}, ensure_ascii=False) + "\n" + '{"id": 3, "text": 4}\n',
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "cues", str(mixed), "--out", str(tmp_path / "m.json"),
                                      "--min-count", "1", "--neighbours", "0"])
    assert result.exit_code == 0, result.output
    assert "skipped 1 record(s) (bad_text 1); the first: [E112]" in " ".join(result.output.split())
