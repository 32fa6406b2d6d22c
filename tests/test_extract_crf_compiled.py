"""The fast CRF tagger gives crfsuite's own tags: on real sentences, in batches, after a fresh load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path

import numpy as np
import pytest

from khabar.errors import InputError
from khabar.extract.bio import sentence_tokens
from khabar.extract.crf_compiled import CompiledCrf, CrfWeights
from khabar.extract.entities import read_training_documents
from khabar.gold import read_documents

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def anercorp_docs(anercorp_path: Path):
    return list(read_training_documents([anercorp_path]))


@pytest.fixture(scope="module")
def news_texts(saudinewsnet_dir: Path) -> list[str]:
    from khabar.extract.clusters import iter_corpus_texts

    return list(islice(iter_corpus_texts([sorted(saudinewsnet_dir.glob("*.zip"))[0]]), 300))


@pytest.fixture(scope="module")
def model(anercorp_docs, news_texts, shared_data: Path):
    """A CRF with every feature family the default recogniser has: gazetteer, clusters and word vectors."""
    from khabar.extract.clusters import train_clusters
    from khabar.extract.crf import train_crf

    clusters = train_clusters(news_texts, sizes=(16, 64), min_count=3, epochs=1, workers=1)
    recognizer = train_crf(
        anercorp_docs[:800], gazetteer_dir=shared_data / "anercorp" / "ANERGazet", clusters=clusters, max_iterations=40
    )
    assert recognizer.config.use_vectors and recognizer.config.use_gazetteer
    return recognizer


@pytest.fixture(scope="module")
def sentences(anercorp_docs, news_texts, dev_gold_path: Path) -> list[list[str]]:
    """Real sentences: the dev gold's articles, SaudiNewsNet news, and ANERcorp sentences the model never saw."""
    texts = [d.text for d in read_documents(dev_gold_path)] + news_texts[:120] + [d.text for d in anercorp_docs[3000:3400]]
    return [[t.text for t in tokens] for text in texts for tokens in sentence_tokens(text)]


def test_fast_tags_equal_crfsuite_tags_on_real_sentences(model, sentences) -> None:
    reference = [model.predict_tokens_reference(tokens) for tokens in sentences]
    assert [model.predict_tokens(tokens) for tokens in sentences] == reference
    tagged = sum(tag != "O" for tags in reference for tag in tags)
    assert len(sentences) > 2000 and tagged > 1000  # enough entities for the comparison to mean something


def test_one_batch_equals_sentence_by_sentence_and_a_small_memo_changes_nothing(model, sentences) -> None:
    one_by_one = [model.predict_tokens(tokens) for tokens in sentences[:600]]
    fresh = CompiledCrf(model.compiled.weights, model.config, gazetteer=model.gazetteer, clusters=model.clusters,
                        cache_types=500)
    batches = [fresh.tag(sentences[i : i + 50]) for i in range(0, 600, 50)]
    assert [tags for batch in batches for tags in batch] == one_by_one
    assert len(fresh._keys) < 500 + 50 * 60  # the memo was emptied on the way, not kept growing
    assert fresh.tag([[], ["بوتين"], []]) == [[], model.predict_tokens_reference(["بوتين"]), []]
    assert fresh.tag([]) == []


def test_odd_tokens_agree_too(model) -> None:
    """Empty tokens (ANERcorp has some), NUL characters (crfsuite cuts names there), bars (the bigram separator)."""
    odd = [
        ["", "بوتين", ""],
        ["قال", "محمد\x00علي", "في", "الرياض"],
        ["|", "الرياض", "|", "|", "جدة"],
        ["وزير", "الخارجية", "سيرغي", "لافروف", "\u200f", "*"],
        ["x" * 50, "1234", "Putin", "ـــ"],
    ]
    assert [model.predict_tokens(tokens) for tokens in odd] == [model.predict_tokens_reference(tokens) for tokens in odd]


def test_weights_read_from_the_model_file_are_crfsuite_s(model) -> None:
    weights = model.compiled.weights
    crf = model.crf
    assert list(weights.labels) == list(crf.tagger_.labels())
    # sklearn-crfsuite parses crfsuite's text dump, printed with 6 decimals.
    transitions = crf.transition_features_
    assert transitions
    for (source, target), weight in transitions.items():
        assert weights.transitions[weights.labels.index(source), weights.labels.index(target)] == pytest.approx(weight, abs=1e-6)
    states = crf.state_features_
    assert len(states) == int(np.count_nonzero(weights.state))
    for (attribute, label), weight in islice(states.items(), 5000):
        assert weights.state[weights.attributes[attribute], weights.labels.index(label)] == pytest.approx(weight, abs=1e-6)


def test_a_damaged_crfsuite_model_is_e431(model) -> None:
    with open(model.crf.modelfile.name, "rb") as handle:
        data = handle.read()
    for bad in (b"", b"lCRF" + data[4:40], b"XXXX" + data[4:], data[: len(data) // 2]):
        with pytest.raises(InputError) as info:
            CrfWeights.from_bytes(bad, source="m.crf")
        assert info.value.code == "E431"


def test_a_saved_model_loads_in_a_fresh_process_without_scikit_learn_and_predicts_the_same(
    model, news_texts, tmp_path: Path
) -> None:
    path = model.save(tmp_path / "ner.crf")
    texts = news_texts[200:230]
    here = [[e.to_dict() for e in model.predict(text)] for text in texts]
    assert sum(map(len, here)) > 20
    script = (
        "import json, sys\n"
        "from khabar.extract.crf import CrfRecognizer\n"
        "recognizer = CrfRecognizer.load(sys.argv[1])\n"
        "texts = json.load(sys.stdin)\n"
        "out = [[e.to_dict() for e in recognizer.predict(t)] for t in texts]\n"
        "print(json.dumps({'entities': out, 'sklearn': 'sklearn' in sys.modules}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "KHABAR_GAZETTEER_DIR": str(tmp_path / "no-such-folder")}
    fresh = subprocess.run(
        [sys.executable, "-c", script, str(path)], input=json.dumps(texts), capture_output=True, text=True,
        env=env, check=True, timeout=300,
    )
    result = json.loads(fresh.stdout)
    assert result["entities"] == here
    assert result["sklearn"] is False  # loading and tagging never import scikit-learn (2 s of the load time)


def test_a_loaded_model_still_saves_and_gives_the_reference_path(model, sentences, tmp_path: Path) -> None:
    from khabar.extract.crf import CrfRecognizer

    loaded = CrfRecognizer.load(model.save(tmp_path / "a.crf"))
    again = CrfRecognizer.load(loaded.save(tmp_path / "b.crf"))  # saving rebuilds the pickled estimator
    for tokens in sentences[:100]:
        assert again.predict_tokens(tokens) == loaded.predict_tokens_reference(tokens) == model.predict_tokens(tokens)


def test_a_model_without_gazetteer_or_clusters_agrees_too(anercorp_docs, sentences) -> None:
    from khabar.extract.crf import train_crf
    from khabar.extract.features import FeatureConfig

    plain = train_crf(anercorp_docs[:500], use_gazetteer=False, max_iterations=25,
                      config=FeatureConfig(window=1, affixes=3, use_gazetteer=False, use_clusters=False))
    assert plain.gazetteer is None and plain.clusters is None
    sample = sentences[::5]
    assert [plain.predict_tokens(tokens) for tokens in sample] == [plain.predict_tokens_reference(tokens) for tokens in sample]


def test_the_best_previous_label_is_the_same_by_either_path_ties_included() -> None:
    # Viterbi's step reduces over the previous labels in one array for a few sequences and a label at a time for
    # many; both must give argmax's choice (the first of equal scores) and the same scores, bit for bit.
    import numpy as np

    from khabar.extract import crf_compiled

    rng = np.random.default_rng(7)
    for width in (3, 5, 9):
        transitions = rng.normal(size=(width, width)).round(1)  # rounded: many exact ties
        transitions[:, 0] = transitions[:, 1]
        for count in (1, 5, crf_compiled._LOOP_FROM - 1, crf_compiled._LOOP_FROM, 1000):
            alpha = rng.normal(size=(count, width)).round(1)
            alpha[::3, 1] = alpha[::3, 0]
            candidates = alpha[:, :, None] + transitions
            which, best = crf_compiled._best_previous(alpha, transitions)
            assert np.array_equal(which, candidates.argmax(axis=1))
            assert np.array_equal(best, candidates.max(axis=1))
            ties = (candidates == candidates.max(axis=1, keepdims=True)).sum(axis=1) > 1
            assert count < 100 or ties.any()  # the tie-breaking was exercised
