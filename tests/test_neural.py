"""The BiLSTM-CRF recogniser, trained for seconds on real ANERcorp sentences."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from khabar.errors import InputError  # noqa: E402
from khabar.extract.clusters import WordClusters  # noqa: E402
from khabar.extract.entities import load_recognizer, read_training_documents  # noqa: E402
from khabar.extract.features import match_key  # noqa: E402
from khabar.extract.neural import NeuralConfig, NeuralRecognizer, is_neural_model, train_neural  # noqa: E402
from khabar.gold import read_documents  # noqa: E402
from khabar.text import tokenize  # noqa: E402

TRAIN_DOCS = 400  # ANERcorp sentences: a few seconds an epoch on one core
SMALL = NeuralConfig(word_dim=32, char_filters=32, hidden=48, learning_rate=5e-3, batch_tokens=400)


@pytest.fixture(scope="module")
def gazetteer_dir(shared_data: Path) -> Path:
    return shared_data / "anercorp" / "ANERGazet"


@pytest.fixture(scope="module")
def anercorp_docs(anercorp_path: Path):
    return list(itertools.islice(read_training_documents([anercorp_path]), TRAIN_DOCS))


@pytest.fixture(scope="module")
def tiny_clusters(anercorp_docs) -> WordClusters:
    """Clusters and vectors over the training words: random vectors, but the real lookup path of the model."""
    import numpy as np

    words = sorted({match_key(t.text) for doc in anercorp_docs for t in tokenize(doc.text)})
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((len(words), 16)).astype("float16")
    table = {w: (i % 4, i % 16) for i, w in enumerate(words)}
    return WordClusters((4, 16), table, {w: 1 for w in words}, vectors)


@pytest.fixture(scope="module")
def model(anercorp_docs, gazetteer_dir, tiny_clusters) -> NeuralRecognizer:
    return train_neural(anercorp_docs, clusters=tiny_clusters, gazetteer_dir=gazetteer_dir, epochs=6, seed=1, config=SMALL)


def neural_char_margin(recognizer: NeuralRecognizer) -> int:
    from khabar.extract.neural import _char_margin

    return _char_margin(recognizer.config)


def strict_f1(docs, recognizer) -> float:
    from khabar.evaluate import evaluate
    from khabar.extract.entities import extract_entities

    predicted = [extract_entities(doc, recognizer) for doc in docs]
    return evaluate(docs, predicted, task="entities")["entities"]["micro"]["strict"]["f1"]


def test_training_learns(model, anercorp_docs, gazetteer_dir, tiny_clusters) -> None:
    untrained = train_neural(anercorp_docs, clusters=tiny_clusters, gazetteer_dir=gazetteer_dir, epochs=0, config=SMALL)
    before, after = strict_f1(anercorp_docs, untrained), strict_f1(anercorp_docs, model)
    assert before < 0.1
    assert after > 0.4, after
    (losses,) = model.info["losses"]
    assert len(losses) == 6 and losses[-1] < losses[0] / 2
    assert model.info["sentences"] >= TRAIN_DOCS and model.info["pretrained_words"] == len(tiny_clusters)
    assert set(model.encoder.tags) <= {"O"} | {f"{p}-{label}" for p in "BI" for label in ("PERS", "LOC", "ORG", "MISC")}


def test_same_seed_same_model(anercorp_docs, gazetteer_dir) -> None:
    docs = anercorp_docs[:80]
    first, second, other = (
        train_neural(docs, gazetteer_dir=gazetteer_dir, epochs=1, seed=seed, config=SMALL) for seed in (3, 3, 4)
    )
    state1, state2, state3 = (m.networks[0].state_dict() for m in (first, second, other))
    assert all(torch.equal(state1[k], state2[k]) for k in state1)
    assert not all(torch.equal(state1[k], state3[k]) for k in state1)
    assert first.info["losses"] == second.info["losses"]


def test_members_trained_in_processes_are_the_same(anercorp_docs, gazetteer_dir) -> None:
    docs = anercorp_docs[:60]
    lines: list[str] = []
    serial = train_neural(docs, gazetteer_dir=gazetteer_dir, epochs=2, seed=7, members=2, config=SMALL)
    parallel = train_neural(
        docs, gazetteer_dir=gazetteer_dir, epochs=2, seed=7, members=2, processes=2, config=SMALL, log=lines.append
    )
    for one, two in zip(serial.networks, parallel.networks):
        assert all(torch.equal(v, two.state_dict()[k]) for k, v in one.state_dict().items())
    assert serial.info["losses"] == parallel.info["losses"] and parallel.info["processes"] == 2
    assert len(lines) == 2 and lines[1].startswith("member 2/2")
    with pytest.raises(ValueError, match="on_epoch"):
        train_neural(docs, epochs=1, members=2, processes=2, config=SMALL, on_epoch=lambda *_: None)


def test_ensemble_averages_its_members(anercorp_docs, gazetteer_dir, tmp_path: Path) -> None:
    docs = anercorp_docs[:120]
    ensemble = train_neural(docs, gazetteer_dir=gazetteer_dir, epochs=2, seed=5, members=2, config=SMALL)
    single = train_neural(docs, gazetteer_dir=gazetteer_dir, epochs=2, seed=5, config=SMALL)
    first, second = ensemble.networks
    # Member one is the single model of the same seed; member two differs.
    assert all(torch.equal(v, single.networks[0].state_dict()[k]) for k, v in first.state_dict().items())
    assert not torch.equal(first.out.weight, second.out.weight)
    assert torch.allclose(ensemble._crf.transitions, (first.crf.transitions + second.crf.transitions) / 2)
    assert ensemble.info["members"] == 2 and len(ensemble.info["losses"]) == 2

    sentences = [doc.text.split(" ") for doc in anercorp_docs[200:260]]
    tags = ensemble.predict_batch(sentences)
    batch = ensemble.encoder.batch([ensemble.encoder.encode(s) for s in sentences])
    with torch.inference_mode():
        emissions = (first.emissions(batch) + second.emissions(batch)) / 2
    assert tags == [[ensemble.encoder.tags[t] for t in path] for path in ensemble._crf.decode(emissions, batch["mask"])]
    reloaded = NeuralRecognizer.load(ensemble.save(tmp_path / "ensemble.pt"))
    assert len(reloaded.networks) == 2 and reloaded.predict_batch(sentences) == tags


def test_predicted_spans_cover_whole_tokens(model, dev_gold_path: Path) -> None:
    found = 0
    for doc in read_documents(dev_gold_path):
        tokens = tokenize(doc.text)
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        for entity in model.predict(doc.text):
            assert entity.start in starts and entity.end in ends, (doc.id, entity)
            assert entity.label in ("PERS", "LOC", "ORG", "MISC")
            found += 1
    assert found > 20


def test_batch_and_single_predictions_agree(model, anercorp_docs) -> None:
    sentences = [doc.text.split(" ") for doc in anercorp_docs[:30]] + [[]]
    batched = model.predict_batch(sentences)
    assert batched == [model.predict_tokens(tokens) for tokens in sentences]
    assert all(len(tags) == len(tokens) for tags, tokens in zip(batched, sentences))


def test_a_document_s_entities_do_not_depend_on_how_its_sentences_are_batched(
    model, dev_gold_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`predict` tags a text's sentences together, in batches by length: the same entities as one at a time."""
    from khabar.extract import neural
    from khabar.extract.bio import predict_by_sentence

    texts = [doc.text for doc in read_documents(dev_gold_path)]
    one_at_a_time = [predict_by_sentence(model, text) for text in texts]
    assert sum(map(len, one_at_a_time)) > 20
    assert [model.predict(text) for text in texts] == one_at_a_time
    monkeypatch.setattr(neural, "PREDICT_BATCH_TOKENS", 60)  # many small batches instead of a few
    assert [model.predict(text) for text in texts] == one_at_a_time


def test_a_word_is_encoded_the_same_beside_a_longer_word(model) -> None:
    """The character CNN pools over padding too: without a margin the longest word of a batch read differently."""
    import torch

    encoder, network = model.encoder, model.networks[0]
    alone = encoder.encode(["قال", "الرئيس"])
    longer = encoder.encode(["والاستراتيجيات"])
    margin = neural_char_margin(model)
    with torch.inference_mode():
        by_itself = network.emissions(encoder.batch([alone], char_margin=margin))[0]
        beside = network.emissions(encoder.batch([alone, longer], char_margin=margin))[0, :2]
    assert torch.allclose(by_itself, beside, atol=1e-5)


def test_bidi_marks_and_empty_text(model) -> None:
    assert model.predict("") == []
    assert model.predict("\u200f") == []
    assert model.predict_tokens([]) == []
    assert len(model.predict_tokens(["\u200f"])) == 1
    assert len(model.predict_tokens(["", "بوتين"])) == 2  # ANERcorp holds empty tokens
    text = "وقال الرئيس \u200f فلاديمير بوتين في موسكو . \u200f"
    tokens = tokenize(text)
    for entity in model.predict(text):
        assert any(t.start == entity.start for t in tokens) and any(t.end == entity.end for t in tokens)


def test_save_load_round_trip(model, anercorp_docs, tmp_path: Path) -> None:
    path = model.save(tmp_path / "ner.pt")
    # Only tensors and plain containers inside: loadable without running any pickled code.
    payload = torch.load(path, weights_only=True)
    assert payload["format"] == "khabar-bilstm-crf/1" and payload["pretrained"].dtype == torch.float16
    reloaded = NeuralRecognizer.load(path)
    sentences = [doc.text.split(" ") for doc in anercorp_docs[:60]]
    assert reloaded.predict_batch(sentences) == model.predict_batch(sentences)
    text = anercorp_docs[5].text + " " + anercorp_docs[6].text
    assert reloaded.predict(text) == model.predict(text)
    assert reloaded.info == model.info

    folder = tmp_path / "folder"
    folder.mkdir()
    assert model.save(folder) == folder / "model.bilstm.pt"
    assert isinstance(load_recognizer(str(folder)), NeuralRecognizer)


def test_load_recognizer_picks_the_class(model, anercorp_docs, gazetteer_dir, tmp_path: Path) -> None:
    from khabar.extract.crf import CrfRecognizer, train_crf

    no_suffix = tmp_path / "ner-model"
    model.save(tmp_path / "x.pt").rename(no_suffix)  # sniffed from its zip header, not its name
    assert is_neural_model(no_suffix)
    assert isinstance(load_recognizer(str(no_suffix)), NeuralRecognizer)

    crf_path = train_crf(anercorp_docs[:100], gazetteer_dir=gazetteer_dir, max_iterations=5).save(tmp_path / "ner.pkl")
    assert not is_neural_model(crf_path)
    assert isinstance(load_recognizer(str(crf_path)), CrfRecognizer)


def test_bad_model_files_name_the_file(model, tmp_path: Path) -> None:
    missing = tmp_path / "missing.pt"
    with pytest.raises(InputError) as error:
        load_recognizer(str(missing))
    assert error.value.code == "E433" and error.value.path == missing and "missing.pt" in str(error.value)

    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"this is not a model\n" * 10)
    with pytest.raises(InputError) as error:
        NeuralRecognizer.load(garbage)
    assert error.value.code == "E434" and "garbage.pt" in str(error.value)

    whole = model.save(tmp_path / "whole.pt").read_bytes()
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError) as error:
        load_recognizer(str(truncated))
    assert error.value.code == "E434" and error.value.path == truncated

    foreign = tmp_path / "foreign.pt"
    torch.save({"format": "someone-else/3", "weights": torch.zeros(2)}, foreign)
    with pytest.raises(InputError, match="someone-else/3") as error:
        NeuralRecognizer.load(foreign)
    assert error.value.code == "E434"

    damaged = tmp_path / "damaged.pt"
    payload = torch.load(tmp_path / "whole.pt", weights_only=True)
    del payload["states"][0]["out.weight"]
    torch.save(payload, damaged)
    with pytest.raises(InputError) as error:
        NeuralRecognizer.load(damaged)
    assert error.value.code == "E434" and "out.weight" in str(error.value)


def test_a_crf_model_given_for_a_bilstm_crf_is_named_without_torchs_advice(
    anercorp_docs, gazetteer_dir, tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    # `train entities --continue-from CRF_MODEL`: torch.load warned and answered that weights_only=False would load
    # the file, advice that runs a file's pickled code; the error now says what the file holds.
    from khabar.extract.crf import FORMAT as CRF_FORMAT, train_crf

    crf_path = train_crf(anercorp_docs[:50], gazetteer_dir=gazetteer_dir, max_iterations=2).save(tmp_path / "ner.crf")
    with pytest.raises(InputError) as error:
        NeuralRecognizer.load(crf_path)
    assert error.value.code == "E434" and error.value.path == crf_path
    assert repr(CRF_FORMAT) in error.value.message and "weights_only" not in error.value.message
    assert not [w for w in recwarn if "pickle" in str(w.message)]


def test_no_training_sentences() -> None:
    with pytest.raises(InputError) as error:
        train_neural([], epochs=1)
    assert error.value.code == "E432"


def test_cli_train_bilstm_and_extract(train_and_extract_cli, gazetteer_dir: Path) -> None:
    summary, predicted, gold, model_path = train_and_extract_cli(
        4000,
        "ner.pt",
        ["--arch", "bilstm", "--epochs", "2", "--members", "2", "--processes", "2", "--no-clusters", "--gazetteer", str(gazetteer_dir)],
    )
    assert summary["arch"] == "bilstm-crf" and summary["tokens"] > 3000 and len(summary["losses"][0]) == 2
    assert summary["members"] == 2 and summary["processes"] == 2 and summary["losses"][0] != summary["losses"][1]
    reference = NeuralRecognizer.load(model_path)
    assert [d.entities for d in predicted] == [reference.predict(d.text) for d in gold]


@pytest.mark.parametrize("ties", [False, True])
def test_the_batched_viterbi_gives_torchcrf_s_paths(ties: bool) -> None:
    """khabar's numpy Viterbi against torchcrf's own ``decode``: sentences of every length, ties broken alike."""
    import torch
    from torchcrf import CRF

    from khabar.extract.neural import _viterbi

    generator = torch.Generator().manual_seed(7)
    crf = CRF(9, batch_first=True)
    with torch.no_grad():
        for parameter in (crf.start_transitions, crf.end_transitions, crf.transitions):
            values = torch.randint(0, 2, parameter.shape, generator=generator).float() if ties else torch.randn(
                parameter.shape, generator=generator)
            parameter.copy_(values)
    lengths = torch.tensor([1, 17, 5, 2, 17, 9, 3, 1, 12, 16])
    mask = torch.arange(17)[None, :] < lengths[:, None]
    if ties:
        emissions = torch.randint(0, 3, (10, 17, 9), generator=generator).float()
    else:
        emissions = torch.randn(10, 17, 9, generator=generator)
    expected = crf.decode(emissions, mask)
    assert _viterbi(crf, emissions, mask) == expected
    assert [len(path) for path in expected] == lengths.tolist()


def test_forward_backward_marginals_equal_the_sum_over_every_path() -> None:
    """The batched forward-backward against brute force: every tag path of each sentence scored by torchcrf."""
    import numpy as np
    from torchcrf import CRF

    from khabar.extract.neural import _forward_backward

    generator = torch.Generator().manual_seed(3)
    crf = CRF(4, batch_first=True)
    with torch.no_grad():
        for parameter in (crf.start_transitions, crf.end_transitions, crf.transitions):
            parameter.copy_(torch.randn(parameter.shape, generator=generator))
    lengths = [5, 3, 1]
    emissions = torch.randn(3, 5, 4, generator=generator)
    mask = torch.tensor([[i < n for i in range(5)] for n in lengths])
    found = _forward_backward(emissions.double().numpy(), mask.numpy(), *(
        getattr(crf, name).detach().double().numpy() for name in ("start_transitions", "end_transitions", "transitions")))
    for row, n in enumerate(lengths):
        paths = list(itertools.product(range(4), repeat=n))
        with torch.no_grad():
            scores = np.array([crf(emissions[row : row + 1], torch.tensor([list(p) + [0] * (5 - n)]),
                                   mask[row : row + 1], reduction="sum").item() for p in paths])
        weights = np.exp(scores - np.logaddexp.reduce(scores))
        expected = np.zeros((n, 4))
        for path, weight in zip(paths, weights):
            expected[np.arange(n), list(path)] += weight
        assert np.abs(found[row, :n] - expected).max() < 1e-5
        assert np.allclose(found[row, :n].sum(axis=1), 1.0)


def test_token_marginals_agree_with_the_tags_and_not_with_the_batch(model, anercorp_docs) -> None:
    import numpy as np

    from khabar.extract.uncertainty import document_uncertainty

    sentences = [[t.text for t in tokenize(d.text)] for d in anercorp_docs[:40]] + [[]]
    together = model.token_marginals(sentences)
    assert [m.shape for m in together] == [(len(s), len(model.encoder.tags)) for s in sentences]
    alone = [model.token_marginals([s])[0] for s in sentences[:10]]
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(alone, together))
    tags = model.predict_batch(sentences)
    agree = sum(model.encoder.tags[int(i)] == t for m, s in zip(together, tags) for i, t in zip(m.argmax(axis=1), s))
    assert agree / sum(map(len, sentences)) > 0.97  # the best path and the best tag per token nearly always agree
    seen = document_uncertainty(model, anercorp_docs[0].text)
    unseen = document_uncertainty(model, "قال المتحدث باسم حراك تونس الإرادة إن الحزب سيشارك في الانتخابات .")
    assert 0 <= seen.least_confidence <= 1 and seen.tokens == len(tokenize(anercorp_docs[0].text))
    assert unseen.mean_entropy > 0 and document_uncertainty(model, "").tokens == 0
    # One pass for the entities and the uncertainty gives what the two separate calls give.
    from khabar.extract.uncertainty import entities_and_uncertainty

    for doc in anercorp_docs[:30]:
        assert entities_and_uncertainty(model, doc.text) == (model.predict(doc.text), document_uncertainty(model, doc.text))
    assert entities_and_uncertainty(model, "") == ([], document_uncertainty(model, ""))


def test_fine_tuning_learns_the_new_gold_and_leaves_the_base_alone(model, tmp_path: Path) -> None:
    from khabar.extract.neural import fine_tune_neural
    from khabar.gold.model import Document, Entity

    def doc(i: int, name: str, rest: str) -> Document:
        text = f"{name} {rest} ."
        return Document(id=f"g{i}", text=text, entities=[Entity(0, len(name), "ORG")])

    names = ["حراك تونس الإرادة", "حركة نداء تونس", "النادي الصفاقسي", "الترجي الرياضي"]
    rests = ["يعلن مشاركته في الانتخابات", "يعقد اجتماعا في العاصمة", "يصدر بيانا جديدا"]
    gold = [doc(i, name, rest) for i, (name, rest) in enumerate(itertools.product(names, rests))]
    before = {d.text: model.predict(d.text) for d in gold}
    state = {k: v.clone() for k, v in model.networks[0].state_dict().items()}
    tuned = fine_tune_neural(model, gold * 4, epochs=15, seed=0, learning_rate=5e-3)
    assert all(torch.equal(state[k], v) for k, v in model.networks[0].state_dict().items())  # base untouched
    assert {d.text: model.predict(d.text) for d in gold} == before
    assert strict_f1(gold, tuned) > strict_f1(gold, model) and strict_f1(gold, tuned) > 0.7
    # The gold's words the base never saw twice get rows of their own; the base's vocabulary is unchanged.
    grown = set(tuned.encoder.words) - set(model.encoder.words)
    assert {"الصفاقسي", "الترجي"} <= grown and len(model.encoder.words) == model.networks[0].word.num_embeddings
    assert tuned.info["new_words"] == len(grown) == len(tuned.encoder.words) - len(model.encoder.words)
    assert tuned.info["sentences"] == 4 * len(gold) and len(tuned.info["losses"][0]) == 15
    assert tuned.info["continued_from"]["sentences"] == model.info["sentences"] and tuned.info["epochs"] == 15
    reloaded = NeuralRecognizer.load(tuned.save(tmp_path / "tuned.pt"))
    assert [reloaded.predict(d.text) for d in gold] == [tuned.predict(d.text) for d in gold]
    # A label the base never saw gets tags of its own, appended; the base's tags keep their rows.
    disease = [Document(id=f"x{i}", text=f"انتشر فيروس كورونا في {town} .", entities=[Entity(6, 18, "DISEASE")])
               for i, town in enumerate(["صفاقس", "قابس", "توزر", "قبلي", "سوسة", "بنزرت"])]
    grown_tags = fine_tune_neural(model, disease * 4, epochs=12, seed=0, learning_rate=5e-3)
    assert grown_tags.encoder.tags == [*model.encoder.tags, "B-DISEASE", "I-DISEASE"]
    assert grown_tags.info["new_tags"] == ["B-DISEASE", "I-DISEASE"]
    assert grown_tags.networks[0].out.weight.shape[0] == len(model.encoder.tags) + 2
    tagged = grown_tags.predict("انتشر فيروس كورونا في المهدية .")
    assert [(e.start, e.end, e.label) for e in tagged if e.label == "DISEASE"] == [(6, 18, "DISEASE")]


def test_an_ensemble_is_continued_member_by_member_and_its_marginals_are_the_mean_model_s(
    anercorp_docs, gazetteer_dir, tiny_clusters
) -> None:
    import numpy as np

    from khabar.extract.neural import fine_tune_neural

    ensemble = train_neural(anercorp_docs[:120], clusters=tiny_clusters, gazetteer_dir=gazetteer_dir, epochs=1,
                            members=2, config=SMALL)
    tuned = fine_tune_neural(ensemble, anercorp_docs[120:200], epochs=2, seed=5)
    assert len(tuned.networks) == 2 and tuned.info["members"] == 2 and len(tuned.info["losses"]) == 2
    assert tuned.info["losses"][0] != tuned.info["losses"][1]  # each member its own seed
    moved = [not torch.equal(a.out.weight, b.out.weight) for a, b in zip(ensemble.networks, tuned.networks)]
    assert moved == [True, True]
    sentences = [[t.text for t in tokenize(d.text)] for d in anercorp_docs[200:230]]
    marginals = tuned.token_marginals(sentences)
    assert all(np.allclose(m.sum(axis=1), 1.0) for m in marginals)
    tags = tuned.predict_batch(sentences)
    agree = sum(tuned.encoder.tags[int(i)] == t for m, s in zip(marginals, tags) for i, t in zip(m.argmax(axis=1), s))
    assert agree / sum(map(len, sentences)) > 0.95
