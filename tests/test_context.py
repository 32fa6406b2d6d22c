"""Context language models and the FastText n-gram vectors, trained for seconds on real SaudiNewsNet and ANERcorp text."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from khabar.errors import ConfigError, InputError  # noqa: E402
from khabar.extract.clusters import WordClusters, iter_corpus_texts, train_clusters  # noqa: E402
from khabar.extract.context import ContextModels, flip_within_lengths, train_context, vectors_fingerprint  # noqa: E402
from khabar.extract.entities import read_training_documents  # noqa: E402
from khabar.extract.features import match_key  # noqa: E402
from khabar.extract.neural import NeuralConfig, NeuralRecognizer, train_neural  # noqa: E402

SMALL = NeuralConfig(word_dim=16, char_filters=16, hidden=24, batch_tokens=400)
#: A word that SaudiNewsNet's first day does not hold, made of letters it does.
UNSEEN = "والبوتينوفسكي"


@pytest.fixture(scope="module")
def texts(saudinewsnet_dir: Path) -> list[str]:
    return list(itertools.islice(iter_corpus_texts([sorted(saudinewsnet_dir.glob("*.zip"))[0]]), 300))


@pytest.fixture(scope="module")
def clusters(texts) -> WordClusters:
    return train_clusters(texts, sizes=(8, 32), min_count=3, epochs=2, workers=1, buckets=20_000)


@pytest.fixture(scope="module")
def context(texts, clusters) -> ContextModels:
    return train_context(texts, clusters, hidden=16, max_tokens=30_000, outputs=400, epochs=2, parallel=False)


@pytest.fixture(scope="module")
def anercorp_docs(anercorp_path: Path):
    return list(itertools.islice(read_training_documents([anercorp_path]), 150))


# --- FastText n-gram vectors ------------------------------------------------------------------


def test_subword_vectors_for_unseen_words(clusters, tmp_path: Path) -> None:
    assert clusters.subwords is not None and clusters.subwords.vectors.shape == (20_000, 100)
    assert clusters.vector(UNSEEN) is None
    built = clusters.subword_vector(UNSEEN)
    assert built is not None and abs(float((built**2).sum()) - 1.0) < 1e-3
    known = match_key("الرياض")
    assert (clusters.subword_vector(known) == clusters.vector(known)).all()
    # Words sharing most of their letters share most of their n-grams: closer than an unrelated word.
    near, far = clusters.subwords.vector("بالرياضي"), clusters.subwords.vector("ثمانية")
    assert float(built @ clusters.subwords.vector("البوتينوفسكي")) > 0.8
    assert float(near @ clusters.subwords.vector(known).astype("float32")) > float(far @ clusters.subwords.vector(known))

    path = tmp_path / "clusters.tsv.gz"
    clusters.save(path)
    loaded = WordClusters.load(path)
    assert loaded.subwords is not None and (loaded.subwords.vectors == clusters.subwords.vectors).all()
    assert (loaded.subword_vector(UNSEEN) == built).all()
    WordClusters.ngrams_path(path).unlink()
    with pytest.raises(InputError) as error:
        WordClusters.load(path)
    assert error.value.code == "E402" and "n-gram" in error.value.message


def test_word2vec_clusters_have_no_subwords(texts, tmp_path: Path) -> None:
    plain = train_clusters(texts[:100], sizes=(4,), min_count=3, epochs=1, workers=1, subwords=False)
    assert plain.subwords is None and plain.subword_vector(UNSEEN) is None
    path = tmp_path / "plain.tsv.gz"
    plain.save(path)
    assert not WordClusters.ngrams_path(path).exists() and WordClusters.load(path).subwords is None


def test_recogniser_reads_built_vectors_for_unseen_words(anercorp_docs, clusters) -> None:
    model = train_neural(anercorp_docs[:40], clusters=clusters, epochs=1, config=SMALL)
    encoded = model.encoder.encode(["قال", UNSEEN, "في", "الرياض"])
    assert [position for position, _ in encoded["built"]] == [1]
    assert encoded["pre"][1] == 0 and encoded["pre"][3] == model.encoder.pretrained_index[match_key("الرياض")]
    batch = model.encoder.batch([encoded])
    assert torch.allclose(batch["built"][0, 1], torch.from_numpy(clusters.subword_vector(UNSEEN)))
    assert not batch["built"][0, [0, 2, 3]].any()
    assert model.info["subword_vectors"] is True


# --- the language models --------------------------------------------------------------------------


def test_flip_within_lengths_reverses_each_sentence_in_place() -> None:
    mask = torch.tensor([[True, True, True, False], [True, True, False, False]])
    flip = flip_within_lengths(mask)
    assert flip.tolist() == [[2, 1, 0, 3], [1, 0, 2, 3]]
    values = torch.tensor([[1, 2, 3, 0], [4, 5, 0, 0]])
    assert values.gather(1, flip).tolist() == [[3, 2, 1, 0], [5, 4, 0, 0]]
    assert values.gather(1, flip).gather(1, flip).tolist() == values.tolist()


def test_language_models_learn(context, clusters) -> None:
    losses = context.info["losses"]
    for direction in ("forward", "backward"):
        assert len(losses[direction]) == 2 and losses[direction][1] < losses[direction][0]
    assert 30_000 <= context.info["tokens"] < 30_000 + 80 and context.info["outputs"] == 400
    assert context.forward["weight_ih_l0"].shape == (4 * 16, 100)
    assert not torch.equal(context.forward["weight_ih_l0"], context.backward["weight_ih_l0"])
    assert context.fingerprint == vectors_fingerprint(clusters)


def test_two_processes_train_the_same_models(texts, clusters) -> None:
    settings = dict(hidden=8, max_tokens=5_000, outputs=100, epochs=1)
    serial = train_context(texts, clusters, parallel=False, **settings)
    parallel = train_context(texts, clusters, parallel=True, **settings)
    for direction in ("forward", "backward"):
        one, two = getattr(serial, direction), getattr(parallel, direction)
        assert all(torch.equal(one[k], two[k]) for k in one)
    assert serial.info["losses"] == parallel.info["losses"]


def test_context_file_round_trip_and_errors(context, clusters, texts, tmp_path: Path) -> None:
    path = context.save(tmp_path / "context.pt")
    loaded = ContextModels.load(path)
    assert loaded.hidden == 16 and loaded.fingerprint == context.fingerprint and loaded.info == context.info
    assert all(torch.equal(loaded.backward[k], v) for k, v in context.backward.items())
    other = train_clusters(texts[:120], sizes=(4,), min_count=3, epochs=1, workers=1, buckets=1000)
    with pytest.raises(ConfigError) as error:
        loaded.check(other, path=path)
    assert error.value.code == "E437" and "khabar train context" in error.value.message
    with pytest.raises(ConfigError) as error:
        ContextModels.load(tmp_path / "missing.pt")
    assert error.value.code == "E438"
    (tmp_path / "junk.pt").write_bytes(b"not a model")
    with pytest.raises(InputError) as error:
        ContextModels.load(tmp_path / "junk.pt")
    assert error.value.code == "E439" and error.value.path == tmp_path / "junk.pt"
    torch.save({"format": "something-else"}, tmp_path / "other.pt")
    with pytest.raises(InputError) as error:
        ContextModels.load(tmp_path / "other.pt")
    assert error.value.code == "E439"


def test_recogniser_with_context_keeps_it_frozen(anercorp_docs, clusters, context, texts, tmp_path: Path) -> None:
    model = train_neural(anercorp_docs, clusters=clusters, context=context, epochs=2, seed=2, config=SMALL)
    network = model.networks[0]
    assert model.config.context_hidden == 16 and model.info["context"]["hidden"] == 16
    # Trained around, never trained: the language models' weights are the file's.
    assert all(torch.equal(network.context_fwd.state_dict()[k], v) for k, v in context.forward.items())
    assert all(torch.equal(network.context_bwd.state_dict()[k], v) for k, v in context.backward.items())
    assert network.out.in_features == 2 * SMALL.hidden and network.lstm.input_size > 2 * 16

    sentences = [doc.text.split(" ") for doc in anercorp_docs[100:140]]
    batch = model.encoder.batch([model.encoder.encode(s) for s in sentences])
    vectors = network.pretrained[batch["pre"]] * SMALL.pretrained_scale
    states = network.context(vectors, batch["mask"])
    # The backward half at a sentence's first word has read the whole sentence right to left.
    first = sentences[0]
    alone = model.encoder.batch([model.encoder.encode(first)])
    with torch.no_grad():
        reversed_vectors = (network.pretrained[alone["pre"]] * SMALL.pretrained_scale).flip(1)
        backward, _ = network.context_bwd(reversed_vectors)
    assert torch.allclose(states[0, 0, 16:], backward[0, -1], atol=1e-5)

    reloaded = NeuralRecognizer.load(model.save(tmp_path / "ner.pt"))
    assert reloaded.predict_batch(sentences) == model.predict_batch(sentences)
    assert reloaded.encoder.subwords is not None and (reloaded.encoder.subwords.vectors == clusters.subwords.vectors).all()

    other = train_clusters(texts[:120], sizes=(4,), min_count=3, epochs=1, workers=1, buckets=1000)
    with pytest.raises(ConfigError) as error:
        train_neural(anercorp_docs[:20], clusters=other, context=context, epochs=1, config=SMALL)
    assert error.value.code == "E437"


def test_cli_trains_clusters_context_and_a_recogniser(saudinewsnet_dir: Path, anercorp_path: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    runner = CliRunner()
    day = str(sorted(saudinewsnet_dir.glob("*.zip"))[0])
    clusters_path, context_path, model_path = tmp_path / "c.tsv.gz", tmp_path / "ctx.pt", tmp_path / "ner.pt"
    result = runner.invoke(app, ["train", "clusters", day, "--out", str(clusters_path), "--sizes", "8,16", "--epochs", "1"])
    assert result.exit_code == 0, result.output
    assert WordClusters.load(clusters_path).subwords is not None
    result = runner.invoke(
        app,
        ["train", "context", day, "--clusters", str(clusters_path), "--out", str(context_path), "--hidden", "16",
         "--max-tokens", "4000", "--serial", "--json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["context"] == str(context_path) and summary["tokens"] >= 4000
    conll = tmp_path / "slice.txt"
    conll.write_text("\n".join(anercorp_path.read_text(encoding="utf-8").splitlines()[:1500]) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["train", "entities", str(conll), "--out", str(model_path), "--arch", "bilstm", "--epochs", "1",
         "--clusters", str(clusters_path), "--context", str(context_path), "--members", "2", "--processes", "2", "--json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["context"]["hidden"] == 16 and summary["processes"] == 2 and len(summary["losses"]) == 2
    assert NeuralRecognizer.load(model_path).config.context_hidden == 16
