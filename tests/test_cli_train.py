"""`khabar train entities` with no options: word clusters learnt once from the corpus it finds, then reused."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.extract.clusters import DEFAULT_WORD2VEC, WordClusters, iter_corpus_texts
from khabar.gold import Document, write_documents


@pytest.fixture(scope="module")
def small_corpus(saudinewsnet_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 SaudiNewsNet articles as a corpus file: enough words for clusters in seconds."""
    day = sorted(saudinewsnet_dir.glob("*.zip"))[0]
    texts = itertools.islice(iter_corpus_texts([day]), 120)
    path = tmp_path_factory.mktemp("corpus") / "small.jsonl"
    write_documents(path, [Document(id=f"snn-{i}", text=text) for i, text in enumerate(texts)])
    return path


@pytest.fixture
def conll(anercorp_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "slice.txt"
    path.write_text("\n".join(anercorp_path.read_text(encoding="utf-8").splitlines()[:3000]) + "\n", encoding="utf-8")
    return path


def _train(conll: Path, out: Path, env: dict[str, str], *options: str):  # noqa: ANN202 - typer's Result
    args = ["train", "entities", str(conll), "--out", str(out), "--epochs", "1", "--json", *options]
    return CliRunner().invoke(app, args, env=env)


def _summary(result) -> dict:  # noqa: ANN001 - typer's Result
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[result.stdout.index("{\n") :])


def test_the_default_learns_clusters_once_from_the_corpus_it_finds_then_reuses_them(
    conll: Path, small_corpus: Path, shared_data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    env = {"KHABAR_CACHE_DIR": str(cache), "KHABAR_CLUSTERS_CORPUS": str(small_corpus),
           "KHABAR_GAZETTEER_DIR": str(shared_data / "anercorp" / "ANERGazet")}
    first = _train(conll, tmp_path / "a.crf", env)
    summary = _summary(first)
    cached = cache / "clusters.tsv.gz"
    assert "none cached; learning them from" in first.output and str(small_corpus) in first.output
    clusters = WordClusters.load(cached)
    assert summary["cluster_words"] == len(clusters) > 1000
    # What the default learns: the library's word2vec settings, the corpus recorded.
    assert clusters.word2vec == DEFAULT_WORD2VEC and clusters.corpora == (str(small_corpus.resolve()),)
    from khabar.extract.entities import load_recognizer

    model = load_recognizer(str(tmp_path / "a.crf"))
    # The default BiLSTM-CRF reads the clusters' word2vec vectors and cluster ids, one row per word.
    assert model.encoder.pretrained_words == list(clusters.table) and model.info["cluster_words"] == len(clusters)
    assert tuple(model.encoder.cluster_sizes) == tuple(clusters.sizes)

    written = cached.stat().st_mtime_ns
    second = _train(conll, tmp_path / "b.crf", env)
    assert _summary(second)["cluster_words"] == len(clusters)
    assert "the cached" in second.output and "learning them" not in second.output
    assert cached.stat().st_mtime_ns == written

    # --no-clusters opts out even when clusters are cached.
    assert _summary(_train(conll, tmp_path / "c.crf", env, "--no-clusters"))["cluster_words"] == 0


def test_clusters_cached_from_other_corpora_are_learnt_again_for_an_explicit_corpus(
    conll: Path, small_corpus: Path, shared_data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    other = tmp_path / "other.jsonl"
    lines = small_corpus.read_text(encoding="utf-8").splitlines()[:60]
    other.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"KHABAR_CACHE_DIR": str(cache), "KHABAR_CLUSTERS_CORPUS": str(small_corpus),
           "KHABAR_GAZETTEER_DIR": str(shared_data / "anercorp" / "ANERGazet")}
    _summary(_train(conll, tmp_path / "a.crf", env))
    full = len(WordClusters.load(cache / "clusters.tsv.gz"))
    result = _train(conll, tmp_path / "b.crf", env, "--clusters-corpus", str(other))
    assert "learnt from other corpora" in result.output
    relearnt = WordClusters.load(cache / "clusters.tsv.gz")
    assert relearnt.corpora == (str(other.resolve()),) and _summary(result)["cluster_words"] == len(relearnt) < full


def test_with_no_corpus_the_default_trains_without_clusters_and_says_how_to_get_them(
    conll: Path, shared_data: Path, tmp_path: Path
) -> None:
    env = {"KHABAR_CACHE_DIR": str(tmp_path / "cache"), "KHABAR_CLUSTERS_CORPUS": "",
           "KHABAR_GAZETTEER_DIR": str(shared_data / "anercorp" / "ANERGazet")}
    result = _train(conll, tmp_path / "a.crf", env)
    assert _summary(result)["cluster_words"] == 0
    assert "no unlabelled corpus found" in result.output and "khabar corpus fetch saudinewsnet" in result.output
    assert not (tmp_path / "cache").exists()


def test_a_missing_clusters_corpus_is_named(conll: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = _train(conll, tmp_path / "a.crf", {"KHABAR_CACHE_DIR": str(tmp_path / "cache")}, "--clusters-corpus", str(missing))
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == "E470" and result.exception.path == missing
    assert result.exception.field == "--clusters-corpus" and not (tmp_path / "a.crf").exists()


def test_the_default_corpus_is_the_shared_saudinewsnet_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.extract.clusters import default_clusters_corpora

    monkeypatch.delenv("KHABAR_CLUSTERS_CORPUS")
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"
    if not any(shared.glob("*.zip")):
        pytest.skip(f"no SaudiNewsNet beside the repository ({shared})")
    assert default_clusters_corpora() == [shared]
    monkeypatch.setenv("KHABAR_CLUSTERS_CORPUS", os.pathsep.join(["a", "b"]))
    assert default_clusters_corpora() == [Path("a"), Path("b")]


def test_clusters_read_the_ant_corpus_zip_as_corpus_import_does(shared_data: Path) -> None:
    from khabar.corpus.importer import ImportSummary, iter_articles

    ant = shared_data / "antcorpus" / "antcorpus.data-master.zip"
    texts = list(itertools.islice(iter_corpus_texts([ant]), 20))
    imported = [a.text for a in itertools.islice(iter_articles([ant], ImportSummary(out="")), 40) if a.text][:20]
    assert len(texts) == 20 and texts == imported
    assert not any("<DOC" in text or "<TEXT" in text for text in texts)


def test_the_default_clusters_are_cbow_for_5_passes_and_the_command_says_so() -> None:
    """CBOW, 5 passes: the CRF scores as with skip-gram's 10 (benchmarks/README.md) at a fifth of the time."""
    assert DEFAULT_WORD2VEC == {"skip_gram": False, "vector_size": 100, "window": 5, "min_count": 3, "epochs": 5}
    output = " ".join(CliRunner().invoke(app, ["train", "clusters", "--help"]).output.replace("│", " ").split())
    assert "--cbow --skip-gram" in output and "[default: cbow]" in output and "[default: 5]" in output


@pytest.mark.parametrize(
    ("option", "value"),
    [("--epochs", "0"), ("--workers", "0"), ("--min-count", "-1"), ("--sizes", "64,0"), ("--sizes", "-3")],
)
def test_train_clusters_refuses_a_count_below_one_before_any_training(tmp_path: Path, option: str, value: str) -> None:
    # --epochs 0 was gensim's traceback and --sizes 0 sklearn's, after the corpus had been read and word2vec run;
    # --workers 0 wrote clusters of untrained vectors.
    corpus = tmp_path / "news.jsonl"
    write_documents(corpus, [Document(id="d1", text="قال الوزير إن الحكومة ستعمل على حل الأزمة")])
    out = tmp_path / "clusters.tsv.gz"
    result = CliRunner().invoke(app, ["train", "clusters", str(corpus), "--out", str(out), f"{option}={value}"])
    assert result.exit_code == 2, result.output
    assert "Invalid value" in result.output and option in result.output
    assert not out.exists()


def test_train_entities_names_its_sources_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A Path drops the ./ of ./a.conll:2: the lines said "training crf on a.conll:2", an error "nowhere".
    monkeypatch.chdir(tmp_path)
    Path("a.conll").write_text("قال O\nمحمد B-PERS\nفي O\nتونس B-LOC\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "entities", "./a.conll:2", "-o", "m.crf", "--arch", "crf",
                                      "--max-iterations", "1", "--no-clusters", "--no-gazetteer", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == ["training crf on ./a.conll:2", "  ./a.conll: 1 documents x 2 = 2"]
    assert _summary(result)["sources"][0]["path"] == "a.conll"  # the JSON keeps the names it gave
    result = CliRunner().invoke(app, ["train", "entities", "./a.conll", "-o", "m2.crf", "--arch", "crf",
                                      "--clusters-corpus", "./nowhere"], env={"KHABAR_CACHE_DIR": "cache"})
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.path_as_given) == ("E470", "./nowhere")
    assert not Path("m2.crf").exists()


def test_train_quotes_and_cues_name_their_files_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    record = json.dumps({"id": "a", "text": "قال الوزير إن الاجتماع انتهى."}, ensure_ascii=False)
    Path("news.jsonl").write_text(record + "\n{broken\n", encoding="utf-8")
    Path("broken.jsonl").write_text("{broken\n", encoding="utf-8")
    Path("gold.jsonl").write_text(record + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "quotes", "./gold.jsonl", "-o", "q.model", "--no-clusters"])
    assert isinstance(result.exception, InputError), result.output
    assert str(result.exception).startswith("[E446] ./gold.jsonl: ")
    assert "training a quote model on ./gold.jsonl" in result.stderr
    # cues skips a broken record with a warning, and stops when none is left to mine.
    cues = ["train", "cues", "--min-count", "1", "--min-articles", "1", "--neighbours", "0"]
    result = CliRunner().invoke(app, [*cues, "./news.jsonl", "-o", "cues.json"])
    assert result.exit_code == 0, result.output
    assert "the first: [E105] ./news.jsonl:2: not valid JSON" in result.stderr
    result = CliRunner().invoke(app, [*cues, "./broken.jsonl", "-o", "none.json"])
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.message.startswith("no text to mine cues from in ./broken.jsonl; 1 record(s) could not be "
                                               "read, the first: [E105] ./broken.jsonl:1: ")


# -- degenerate but valid training data: a numbered error before training, not a model that tags nothing ------------
_SAID = "قال الرئيس محمد علي إن تونس بخير."  # PERS 11-19, LOC 23-27; its quote: source 4-19, cue 0-3, content 20-32


def _gold(path: Path, *documents: dict) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    return path


def _train_crf(tmp_path: Path, *sources: str, options: tuple[str, ...] = ()):  # noqa: ANN202 - typer's Result
    return CliRunner().invoke(app, ["train", "entities", *sources, "-o", str(tmp_path / "m.crf"), "--arch", "crf",
                                    "--max-iterations", "2", "--no-clusters", "--no-gazetteer", *options])


@pytest.mark.parametrize("text", [_SAID, "... !!! ؟؟ ، ."])
def test_train_entities_refuses_gold_without_an_entity(tmp_path: Path, text: str) -> None:
    # Trained a model that tags nothing, without a word (a BiLSTM-CRF at loss 0.0000 an epoch).
    gold = _gold(tmp_path / "gold.jsonl", {"id": "a", "text": text, "entities": []})
    result = _train_crf(tmp_path, str(gold))
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.path_as_given) == ("E436", str(gold))
    assert "every token is tagged O" in result.exception.message and not (tmp_path / "m.crf").exists()


def test_train_entities_says_what_dropped_every_entity(tmp_path: Path) -> None:
    labelled = {"id": "a", "text": _SAID, "entities": [{"start": 11, "end": 19, "label": "PERS"},
                                                        {"start": 23, "end": 27, "label": "LOC"}]}
    gold = _gold(tmp_path / "gold.jsonl", labelled)
    result = _train_crf(tmp_path, str(gold), options=("--map-label", "PERS=O", "--map-label", "LOC=O"))
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == "E436" and "of the 2 entities the sources hold, --map-label dropped 2" in str(result.exception)
    # A weight that keeps none of a file's documents is named as the cause, not "no documents with text".
    result = _train_crf(tmp_path, f"{gold}:0.001")
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == "E432" and "the weights keep none of the 1 documents read" in result.exception.message
    # The same file twice is a working model (its documents count twice).
    result = _train_crf(tmp_path, str(gold), str(gold), options=("--json",))
    assert _summary(result)["sentences"] == 2


def test_train_entities_refuses_data_where_every_token_is_an_entity(tmp_path: Path) -> None:
    # A one-line CoNLL file of a name trained a model that tagged every word of every text LOC.
    conll = tmp_path / "one.conll"
    conll.write_text("تونس B-LOC\n", encoding="utf-8")
    result = _train_crf(tmp_path, str(conll))
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == "E437" and not (tmp_path / "m.crf").exists()


def test_train_entities_default_arch_refuses_gold_without_an_entity(tmp_path: Path) -> None:
    gold = _gold(tmp_path / "gold.jsonl", {"id": "a", "text": _SAID, "entities": []})
    result = CliRunner().invoke(app, ["train", "entities", str(gold), "-o", str(tmp_path / "m.pt"), "--epochs", "1",
                                      "--no-clusters", "--no-gazetteer"])
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == "E436" and not (tmp_path / "m.pt").exists()


def test_train_quotes_refuses_gold_that_is_all_quote(tmp_path: Path) -> None:
    # Its model called every word of every text a quote (a 1-character text: one quote).
    gold = _gold(tmp_path / "gold.jsonl", {"id": "w", "text": "تونس بخير", "quotes": [
        {"content": {"start": 0, "end": 9}, "type": "direct"}]})
    result = CliRunner().invoke(app, ["train", "quotes", str(gold), "-o", str(tmp_path / "q.model"), "--no-clusters"])
    assert isinstance(result.exception, InputError), result.output
    assert (result.exception.code, result.exception.path_as_given) == ("E447", str(gold))
    assert not (tmp_path / "q.model").exists()


def test_train_clusters_of_a_corpus_with_no_frequent_word_is_a_numbered_error(tmp_path: Path) -> None:
    # Every word seen fewer than --min-count times: gensim's RuntimeError "you must first build vocabulary".
    corpus = _gold(tmp_path / "news.jsonl", {"id": "d1", "text": _SAID})
    out = tmp_path / "clusters.tsv.gz"
    result = CliRunner().invoke(app, ["train", "clusters", str(corpus), str(corpus), "--out", str(out)])
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == "E471" and "no word occurs 3 times or more in the 16 words read" in str(result.exception)
    assert not out.exists()
