"""Mixed-source entity training: weights, label mapping, the default recogniser, models in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.extract.bio import training_sequences
from khabar.extract.training_sources import (
    drop_shared_sentences,
    TrainingSource,
    parse_label_map,
    read_training_sources,
    relabel,
    weighted,
)
from khabar.gold import Document, Entity, write_documents

SRC = Path(__file__).resolve().parents[1] / "src"

#: Three CoNLL sentences (blank lines between them): 2 PERS, 2 LOC, 1 ORG, 1 MISC.
CONLL = """\
قال O
الرئيس O
محمد B-PERS
بن I-PERS
علي I-PERS
في O
تونس B-LOC
. O

وزارة B-ORG
الصحة I-ORG
تعلن O
عن O
خطة O
. O

سافر O
أحمد B-PERS
إلى O
باريس B-LOC
بعشرة O
دولارات B-MISC
. O
"""

#: Gold articles: (text, [(entity text, label)...]); the entity texts occur once in their article.
ARTICLES = [
    ("أكد نبيل عمار من صفاقس أن الاتحاد العام التونسي للشغل يرفض القرار. وقال إن الدينار تراجع.",
     [("نبيل عمار", "PERS"), ("صفاقس", "LOC"), ("الاتحاد العام التونسي للشغل", "ORG"), ("الدينار", "MISC")]),
    ("زار وزير الداخلية مدينة سوسة. والتقى بالوالي.", [("سوسة", "LOC")]),
    ("أعلنت إذاعة جوهرة أف أم عن برنامج جديد.", [("إذاعة جوهرة أف أم", "ORG")]),
    ("قال سامي الطاهري إن الإضراب قائم في القيروان.", [("سامي الطاهري", "PERS"), ("القيروان", "LOC")]),
]


def _document(number: int, text: str, names: list[tuple[str, str]]) -> Document:
    entities = []
    for name, label in names:
        start = text.index(name)
        entities.append(Entity(start, start + len(name), label))
    return Document(f"jfm-{number}", text, entities=entities, extra={"annotator": "amal"})


@pytest.fixture
def conll(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    """Gold as `khabar doccano pull` writes an annotator's file: every document carries its annotator."""
    path = tmp_path / "tiny_gold.jsonl"
    write_documents(path, [_document(i, text, names) for i, (text, names) in enumerate(ARTICLES)])
    return path


@pytest.fixture
def gazetteer_dir(shared_data: Path) -> Path:
    return shared_data / "anercorp" / "ANERGazet"


def _sentences(documents: list[Document]) -> int:
    return len(training_sequences(documents)[0])


# --- sources and weights ----------------------------------------------------------------------------------------


def test_a_source_is_a_path_with_an_optional_weight(tmp_path: Path) -> None:
    assert TrainingSource.parse("a.jsonl") == TrainingSource(Path("a.jsonl"), 1.0)
    assert TrainingSource.parse("dir/a.jsonl:5") == TrainingSource(Path("dir/a.jsonl"), 5.0)
    assert TrainingSource.parse("a.txt:0.5").weight == 0.5
    assert str(TrainingSource.parse("a.txt:2.50")) == "a.txt:2.5"
    odd = tmp_path / "pull:2"  # an existing file keeps its colon
    odd.write_text("", encoding="utf-8")
    assert TrainingSource.parse(str(odd)) == TrainingSource(odd, 1.0)


@pytest.mark.parametrize("spec", ["a.jsonl:0", "a.jsonl:-1", "a.jsonl:two", "a.jsonl:", ":3", "a.jsonl:nan", "a.jsonl:inf"])
def test_a_bad_weight_is_a_numbered_error_naming_the_argument(spec: str) -> None:
    with pytest.raises(InputError) as caught:
        TrainingSource.parse(spec)
    assert caught.value.code == "E450" and caught.value.field == "SOURCE"
    assert repr(spec) in str(caught.value)


def test_weights_repeat_each_source_s_sentences(conll: Path, gold: Path) -> None:
    conll_sentences = 3
    gold_sentences = _sentences(list(read_training_sources([gold]).documents))
    assert gold_sentences == 6  # sentences of the four articles as khabar.text splits them

    plain = read_training_sources([conll, gold])
    assert [s["documents_used"] for s in plain.sources] == [3, 4]
    assert _sentences(plain.documents) == conll_sentences + gold_sentences

    heavy = read_training_sources([str(conll), f"{gold}:3"], conventions="source")
    assert [(s["weight"], s["documents"], s["documents_used"]) for s in heavy.sources] == [(1.0, 3, 3), (3.0, 4, 12)]
    assert _sentences(heavy.documents) == conll_sentences + 3 * gold_sentences
    entities = sum(len(d.entities) for d in heavy.documents)
    assert entities == 6 + 3 * 8


def test_a_fractional_weight_keeps_an_evenly_spread_share(gold: Path) -> None:
    docs = read_training_sources([gold]).documents
    assert [d.id for d in weighted(docs, 0.5)] == ["jfm-0", "jfm-2"]
    assert [d.id for d in weighted(docs, 1.25)] == ["jfm-0", "jfm-1", "jfm-2", "jfm-3", "jfm-0"]
    assert weighted(docs, 2.5) == weighted(docs, 2.5)  # deterministic
    assert len(weighted(docs, 2.5)) == 10
    halved = read_training_sources([f"{gold}:0.5"])
    assert halved.sources[0]["documents_used"] == 2


# --- label mapping ----------------------------------------------------------------------------------------------


def test_label_mapping_drops_and_renames_in_every_source(conll: Path, gold: Path) -> None:
    mapping = parse_label_map(["MISC=O", " LOC = ORG "])
    assert mapping == {"MISC": "O", "LOC": "ORG"}
    mapped = read_training_sources([conll, f"{gold}:2"], mapping, conventions="source")
    labels = {e.label for d in mapped.documents for e in d.entities}
    assert labels == {"PERS", "ORG"}
    tags = {tag for sentence in training_sequences(mapped.documents)[1] for tag in sentence}
    assert tags == {"O", "B-PERS", "I-PERS", "B-ORG", "I-ORG"}
    conll_record, gold_record = mapped.sources
    assert conll_record["entities"] == {"LOC": 2, "MISC": 1, "ORG": 1, "PERS": 2}
    assert (conll_record["renamed"], conll_record["dropped"]) == (2, 1)
    assert (gold_record["renamed"], gold_record["dropped"]) == (3, 1)
    assert mapped.info["label_map"] == mapping
    # the dropped currency's tokens are O; the renamed city keeps its span
    sentences, tags_ = training_sequences(read_training_sources([conll], mapping, conventions="source").documents)
    third = dict(zip(sentences[2], tags_[2]))
    assert third["دولارات"] == "O" and third["باريس"] == "B-ORG" and third["أحمد"] == "B-PERS"


def test_relabel_leaves_quotes_and_unmapped_documents_alone(gold: Path) -> None:
    doc = read_training_sources([gold]).documents[1]
    assert relabel(doc, {"MISC": "O"}) is doc  # nothing to change: the same object
    assert relabel(doc, {"LOC": "O"}).entities == []
    assert doc.annotator == "amal" and relabel(doc, {"LOC": "O"}).annotator == "amal"  # a pull's file, read as it is


@pytest.mark.parametrize("specs", [["MISC"], ["MISC="], ["=O"], ["O=PERS"], ["B-MISC=O"], ["MISC=O", "MISC=ORG"]])
def test_a_bad_mapping_is_a_numbered_error_naming_the_option(specs: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        parse_label_map(specs)
    assert caught.value.code == "E451" and caught.value.field == "--map-label"


def test_a_mapping_of_a_label_no_source_holds_is_refused(conll: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_training_sources([conll], {"Misc": "O"})
    assert caught.value.code == "E452" and "Misc" in str(caught.value) and "LOC, MISC, ORG, PERS" in str(caught.value)


def test_a_gold_label_written_otherwise_is_refused_naming_line_entity_and_the_mapping_meant(conll: Path, tmp_path: Path) -> None:
    # a gold file's 'pers' was refused naming the file only, with '--map-label pers=LABEL (LABEL one of ...)'
    documents = [_document(number, text, names) for number, (text, names) in enumerate(ARTICLES)]
    documents[3] = _document(3, ARTICLES[3][0], [("سامي الطاهري", "pers"), ("القيروان", "LOC")])
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, documents)
    with pytest.raises(InputError) as caught:
        read_training_sources([conll, gold])
    error = caught.value
    assert (error.code, error.path, error.line, error.field) == ("E453", gold, 4, "entities[0].label")
    assert error.message.endswith("map it with --map-label pers=PERS, or drop it with --map-label pers=O")
    mapped = read_training_sources([conll, gold], {"pers": "PERS"})
    assert mapped.sources[1]["renamed"] == 1 and mapped.documents[-1].entities[0].label == "PERS"


def test_a_label_outside_the_guidelines_is_refused_naming_the_source_until_mapped(conll: Path, tmp_path: Path) -> None:
    # Another tag set's labels (AQMAR's PER and MIS) would make a model that suggests labels no project has.
    other = tmp_path / "aqmar.conll"
    other.write_text("قال O\nسمير B-PER\nإن O\nالمهرجان B-MIS\nبدأ O\n. O\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_training_sources([conll, other])
    error = caught.value
    assert (error.code, error.path, error.field) == ("E453", other, "--map-label")
    assert "labels MIS, PER of this source" in error.message and "--map-label PER=PERS" in error.message
    assert "--map-label MIS=LABEL (LABEL one of PERS, ORG, LOC, MISC)" in error.message
    mapped = read_training_sources([conll, other], {"PER": "PERS", "MIS": "MISC"})
    assert {e.label for doc in mapped.documents for e in doc.entities} == {"PERS", "ORG", "LOC", "MISC"}


def test_a_conll_source_of_more_columns_trains_on_its_first_and_last(conll: Path, tmp_path: Path) -> None:
    # A public set's TOKEN POS TAG export (tab-separated, -DOCSTART- first) was refused line by line (E240).
    columns = tmp_path / "pos.conll"
    columns.write_text("-DOCSTART-\tX\tO\n\n" + "".join(
        "\t".join((line.split(" ")[0], "NN", line.split(" ")[1])) + "\n" if line else "\n"
        for line in CONLL.splitlines()), encoding="utf-8")
    two, more = (read_training_sources([source]).documents for source in (conll, columns))
    assert [d.text for d in more] == [d.text for d in two] and len(more) == 3
    assert [[(e.start, e.end, e.label) for e in d.entities] for d in more] == \
        [[(e.start, e.end, e.label) for e in d.entities] for d in two]
    assert sum(len(d.entities) for d in more) == 5  # the six tagged, but the currency (MISC the guidelines leave out)


def test_a_missing_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_training_sources([f"{tmp_path / 'none.jsonl'}:2"])
    assert caught.value.code == "E420" and caught.value.path == tmp_path / "none.jsonl"


def test_a_gold_span_out_of_range_or_reversed_is_refused_naming_the_line(tmp_path: Path) -> None:
    # they were turned into tags as if they were fine
    path = tmp_path / "bad.jsonl"
    text = "زار بوتين سوريا"
    write_documents(path, [Document("a", text, entities=[Entity(4, 9, "PERS")]),
                           Document("b", text, entities=[Entity(10, 4, "LOC")])])
    with pytest.raises(InputError) as caught:
        read_training_sources([str(path)])
    assert (caught.value.code, caught.value.path, caught.value.line) == ("E221", path, 2)


# --- the command ------------------------------------------------------------------------------------------------


def _train(args: list[str], env: dict[str, str] | None = None):  # noqa: ANN202 - typer's Result
    return CliRunner().invoke(app, ["train", "entities", *args], env=env)


@pytest.mark.parametrize(
    ("args", "code", "named"),
    [
        (["{gold}:zero"], "E450", "SOURCE"),
        (["{gold}:0"], "E450", "SOURCE"),
        (["{gold}", "--map-label", "MISC:O"], "E451", "--map-label"),
        (["{gold}", "--map-label", "MISC=X=Y"], "E451", "--map-label"),
        (["{gold}", "--map-label", "DATE=O"], "E452", "--map-label"),
    ],
)
def test_cli_bad_weight_or_mapping_is_refused_before_training(gold: Path, tmp_path: Path, args, code: str, named: str) -> None:
    model = tmp_path / "m.crf"
    result = _train([a.format(gold=gold) for a in args] + ["--out", str(model)])
    assert isinstance(result.exception, InputError), result.output
    assert result.exception.code == code and result.exception.field == named
    assert not model.exists()


def test_cli_error_message_names_the_option(gold: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from khabar.cli import main; sys.argv[0] = 'khabar'; main()",
         "train", "entities", str(gold), "--map-label", "MISC", "--out", str(tmp_path / "m.crf")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert result.returncode == 2  # main() turns a KhabarError into one line and exit code 2
    assert "[E451] field '--map-label': expected FROM=TO" in result.stderr and "'MISC'" in result.stderr


def test_cli_mixed_sources_record_weights_and_mapping(
    conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path
) -> None:
    from khabar.extract.entities import load_recognizer

    model = tmp_path / "mixed.crf"
    result = _train([
        str(conll), f"{gold}:3", "--map-label", "MISC=O", "--out", str(model), "--gazetteer", str(gazetteer_dir),
        "--no-clusters", "--arch", "crf", "--max-iterations", "30", "--json",
    ])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["sentences"] == 3 + 3 * 6
    assert [(s["path"], s["weight"], s["documents_used"]) for s in summary["sources"]] == [
        (str(conll), 1.0, 3), (str(gold), 3.0, 12)
    ]
    assert summary["label_map"] == {"MISC": "O"}
    recognizer = load_recognizer(str(model))
    assert recognizer.info["sources"] == summary["sources"]
    assert not any("MISC" in tag for tag in recognizer.crf.classes_)  # the dropped label is not even a class
    assert {"B-PERS", "B-LOC", "B-ORG"} <= set(recognizer.crf.classes_)


# --- the project's conventions ------------------------------------------------------------------------------


def test_every_source_follows_the_guidelines_unless_asked_to_keep_its_own(conll: Path, gold: Path) -> None:
    aligned = read_training_sources([conll, f"{gold}:2"])
    assert aligned.info["conventions"] == "guidelines"
    assert [s["not_entities"] for s in aligned.sources] == [1, 1]  # دولارات, الدينار (counted once, before the weight)
    assert "MISC" not in {e.label for d in aligned.documents for e in d.entities}
    sentences, tags = training_sequences(aligned.documents)
    assert dict(zip(sentences[2], tags[2]))["دولارات"] == "O"
    kept = read_training_sources([conll, f"{gold}:2"], conventions="source")
    assert kept.info["conventions"] == "source" and [s["not_entities"] for s in kept.sources] == [0, 0]
    assert sum(e.label == "MISC" for d in kept.documents for e in d.entities) == 1 + 2
    # The conventions act first: a currency is left out, not counted as dropped by the mapping.
    both = read_training_sources([conll], {"MISC": "O"})
    assert (both.sources[0]["not_entities"], both.sources[0]["dropped"]) == (1, 0)
    with pytest.raises(ValueError, match="conventions must be one of"):
        read_training_sources([conll], conventions="anercorp")


def test_cli_drops_excluded_misc_by_default_and_keeps_it_on_request(
    conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path
) -> None:
    common = ["--gazetteer", str(gazetteer_dir), "--no-clusters", "--arch", "crf", "--max-iterations", "20"]
    result = _train([str(conll), str(gold), "--out", str(tmp_path / "a.crf"), *common])
    assert result.exit_code == 0, result.output
    assert "1 MISC mentions the guidelines exclude dropped" in result.output
    summary = json.loads(_train([str(conll), str(gold), "--out", str(tmp_path / "b.crf"), *common, "--json"]).stdout)
    assert summary["conventions"] == "guidelines"
    summary = json.loads(
        _train([str(conll), str(gold), "--out", str(tmp_path / "c.crf"), *common, "--source-conventions", "--json"]).stdout
    )
    assert summary["conventions"] == "source" and [s["not_entities"] for s in summary["sources"]] == [0, 0]


def test_the_default_recogniser_s_settings(conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path) -> None:
    """With no option: one BiLSTM-CRF, 16 epochs, seed 0, one thread, gazetteer features, every source at weight 1."""
    model = tmp_path / "default.pt"
    env = {"KHABAR_CACHE_DIR": str(tmp_path / "cache"), "KHABAR_GAZETTEER_DIR": str(gazetteer_dir)}
    result = _train([str(conll), str(gold), "--out", str(model), "--json"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{\n"):])
    assert summary["arch"] == "bilstm-crf"
    assert (summary["members"], summary["epochs"], summary["seed"], summary["threads"]) == (1, 16, 0, 1)
    assert len(summary["losses"]) == 1 and len(summary["losses"][0]) == 16
    assert summary["gazetteer_entries"] > 1000  # ANERGazet, cleaned by the training counts
    assert summary["cluster_words"] == 0  # none cached in this folder, no corpus to learn them from (conftest)
    assert [s["weight"] for s in summary["sources"]] == [1.0, 1.0] and summary["label_map"] == {}
    from khabar.extract.entities import load_recognizer
    from khabar.extract.neural import NeuralRecognizer

    recognizer = load_recognizer(str(model))
    assert isinstance(recognizer, NeuralRecognizer) and len(recognizer.networks) == 1
    assert recognizer.encoder.gazetteer is not None


def test_the_crf_s_settings_with_arch_crf(conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path) -> None:
    """`--arch crf` with no other option: L1 = L2 = 0.05, 150 iterations, gazetteer features."""
    model = tmp_path / "default.crf"
    env = {"KHABAR_CACHE_DIR": str(tmp_path / "cache"), "KHABAR_GAZETTEER_DIR": str(gazetteer_dir)}
    result = _train([str(conll), str(gold), "--arch", "crf", "--out", str(model), "--json"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["c1"], summary["c2"], summary["max_iterations"]) == (0.05, 0.05, 150)
    from khabar.extract.crf import CrfRecognizer
    from khabar.extract.entities import load_recognizer

    recognizer = load_recognizer(str(model))
    assert isinstance(recognizer, CrfRecognizer)
    assert recognizer.config.use_gazetteer and not recognizer.config.use_clusters


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--max-iterations", "30"], "--max-iterations"),
        (["--c1", "0.1"], "--c1"),
        (["--arch", "crf", "--epochs", "3"], "--epochs"),
        (["--arch", "crf", "--members", "2"], "--members"),
    ],
)
def test_an_option_of_the_other_architecture_is_refused(
    conll: Path, tmp_path: Path, options: list[str], named: str
) -> None:
    model = tmp_path / "m.pt"
    result = _train([str(conll), "--out", str(model), "--no-clusters", *options])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.replace("│", " ").split())
    assert f"{named} is an option of --arch" in said
    assert not model.exists()


@pytest.mark.parametrize(
    ("name", "options"),
    [("fresh.crf", ["--arch", "crf", "--max-iterations", "40"]), ("fresh.pt", ["--epochs", "40"])],
)
def test_a_model_predicts_the_same_in_a_fresh_process(
    conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path, name: str, options: list[str]
) -> None:
    from khabar.extract.entities import load_recognizer

    model = tmp_path / name
    result = _train([
        str(conll), f"{gold}:2", "--out", str(model), "--gazetteer", str(gazetteer_dir), "--no-clusters", *options,
    ])
    assert result.exit_code == 0, result.output
    texts = [text for text, _ in ARTICLES] + ["وقال محمد بن علي في تونس إن وزارة الصحة تعلن عن خطة."]
    here = [[e.to_dict() for e in load_recognizer(str(model)).predict(text)] for text in texts]
    assert any(here), "the model must predict some entity for the comparison to mean anything"
    script = (
        "import json, sys\n"
        "from khabar.extract.entities import load_recognizer\n"
        "recognizer = load_recognizer(sys.argv[1])\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([[e.to_dict() for e in recognizer.predict(t)] for t in texts]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "KHABAR_GAZETTEER_DIR": str(tmp_path / "no-such-folder")}
    fresh = subprocess.run(
        [sys.executable, "-c", script, str(model)], input=json.dumps(texts), capture_output=True, text=True,
        env=env, check=True, timeout=300,
    )
    assert json.loads(fresh.stdout) == here


def test_the_bilstm_records_its_sources_too(conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path) -> None:
    """The BiLSTM-CRF takes the same mixed sources; its weights-only model file keeps their record."""
    from khabar.extract.entities import load_recognizer

    model = tmp_path / "mixed.pt"
    result = _train([
        str(conll), f"{gold}:0.5", "--map-label", "LOC=O", "--arch", "bilstm", "--epochs", "1",
        "--gazetteer", str(gazetteer_dir), "--no-clusters", "--out", str(model),
    ])
    assert result.exit_code == 0, result.output
    info = load_recognizer(str(model)).info
    assert [(s["weight"], s["documents_used"], s["dropped"]) for s in info["sources"]] == [(1.0, 3, 2), (0.5, 2, 3)]
    assert info["label_map"] == {"LOC": "O"} and info["sentences"] == 3 + 3  # articles jfm-0 (2 sentences) and jfm-2 (1)


def test_continue_from_trains_a_bilstm_crf_further_on_the_gold(
    conll: Path, gold: Path, gazetteer_dir: Path, tmp_path: Path
) -> None:
    """`--continue-from MODEL`: the model trained further on the sources, its vocabularies grown by their words."""
    from khabar.extract.neural import NeuralRecognizer

    base = tmp_path / "base.pt"
    assert _train([str(conll), "--out", str(base), "--no-clusters", "--gazetteer", str(gazetteer_dir),
                   "--epochs", "2"]).exit_code == 0
    tuned = tmp_path / "tuned.pt"
    result = _train([f"{gold}:3", str(conll) + ":0.5", "--out", str(tuned), "--continue-from", str(base),
                     "--epochs", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert f"continuing {base}" in " ".join(result.output.split())
    before, after = NeuralRecognizer.load(base), NeuralRecognizer.load(tuned)
    summary = json.loads(result.stdout[result.stdout.index("{\n") :])
    assert summary["epochs"] == 3 and len(summary["losses"][0]) == 3 and summary["continued_from"]["epochs"] == 2
    assert summary["sentences"] == after.info["sentences"] != before.info["sentences"]  # this run's, not the base's
    assert after.info["new_words"] == len(after.encoder.words) - len(before.encoder.words) > 0
    assert after.encoder.words[: len(before.encoder.words)] == before.encoder.words
    assert after.info["sources"][0]["weight"] == 3 and after.info["sources"][1]["weight"] == 0.5


@pytest.mark.parametrize(
    ("options", "named"),
    [(["--members", "2"], "--members"), (["--no-clusters"], "--no-clusters"), (["--gazetteer", "G"], "--gazetteer"),
     (["--arch", "crf"], "--continue-from")],
)
def test_continue_from_refuses_what_the_model_keeps_its_own(
    conll: Path, tmp_path: Path, options: list[str], named: str
) -> None:
    out = tmp_path / "tuned.pt"
    result = _train([str(conll), "--out", str(out), "--continue-from", str(tmp_path / "base.pt"), *options])
    assert result.exit_code == 2, result.output
    assert named in " ".join(result.output.replace("│", " ").split()) and not out.exists()


def test_a_replay_sample_holds_ratio_times_the_gold_s_characters_drawn_by_seed() -> None:
    from khabar.extract.training_sources import replay_sample

    base = [Document(id=f"b{i}", text="كلمة " * (i % 7 + 1)) for i in range(60)]
    gold = [Document(id="g", text="نص " * 40)]
    sample = replay_sample(base, gold, 2.0, seed=3)
    size = [len(d.text) for d in sample]
    assert sum(size[:-1]) < 2 * len(gold[0].text) <= sum(size)
    assert len({d.id for d in sample}) == len(sample)  # without replacement
    assert sample == replay_sample(base, gold, 2.0, seed=3) and sample != replay_sample(base, gold, 2.0, seed=4)
    assert replay_sample(base, gold, 0.0) == [] and len(replay_sample(base, gold, 1000.0)) == len(base)


def test_training_sentences_an_evaluation_set_holds_are_dropped_however_spelt(anercorp_path: Path) -> None:
    """The same sentence, tokenised with clitics apart and spelt without hamzas (as NewsFANE writes ANERcorp's text),
    is found in the evaluation set and left out; other sentences stay."""
    from khabar.extract.entities import read_training_documents

    anercorp = list(read_training_documents([anercorp_path]))
    evaluated, others = anercorp[2000:2100], anercorp[:50]
    respelt = [
        Document(f"re-{doc.id}", doc.text.replace("أ", "ا").replace("إ", "ا").replace("ى", "ي").replace("و", "و ", 1))
        for doc in evaluated[::10]
    ]
    # One corpus spelling a word of the other differently (سعادته / سعادةه) at the start: found by its ending.
    respelt.append(Document("new-opening", "كلمة أخرى " + " ".join(evaluated[5].text.split(" ")[2:])))
    assert all(a.text != b.text for a, b in zip(respelt, evaluated[::10]))
    kept = drop_shared_sentences(others + respelt + [Document("digits", "2015 - 12")], evaluated)
    assert [d.id for d in kept] == [d.id for d in others]
