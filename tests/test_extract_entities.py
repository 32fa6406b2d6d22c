"""Entity recognition on real data: ANERcorp, ANERGazet, the dev gold, SaudiNewsNet."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from khabar.errors import ConfigError, InputError
from khabar.extract.bio import document_sequences, entities_to_tags, tags_to_entities
from khabar.extract.entities import extract_entities, extract_file, load_recognizer, read_training_documents
from khabar.extract.features import match_key, shape, split_clitics
from khabar.extract.gazetteer import Gazetteer, GazetteerRecognizer, default_gazetteer_dir
from khabar.gold import read_documents
from khabar.text import tokenize

TRAIN_DOCS = 1500  # ANERcorp sentences to train on: a few seconds
HELD_OUT = slice(3400, 3900)


@pytest.fixture(scope="module")
def anercorp_docs(anercorp_path: Path):
    return list(read_training_documents([anercorp_path]))


@pytest.fixture(scope="module")
def gazetteer_dir(shared_data: Path) -> Path:
    return shared_data / "anercorp" / "ANERGazet"


@pytest.fixture(scope="module")
def training_counts(anercorp_docs):
    words: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for doc in anercorp_docs[:TRAIN_DOCS]:
        for tokens, tags in document_sequences(doc):
            for token, tag in zip(tokens, tags):
                words[match_key(token.text)] += 1
                inside[match_key(token.text)] += tag != "O"
    return words, inside


@pytest.fixture(scope="module")
def crf_model(anercorp_docs, gazetteer_dir):
    from khabar.extract.crf import train_crf

    return train_crf(anercorp_docs[:TRAIN_DOCS], gazetteer_dir=gazetteer_dir, max_iterations=60)


def strict_f1(docs, recognizer) -> float:
    from khabar.evaluate import evaluate
    from khabar.extract.entities import extract_entities

    predicted = [extract_entities(doc, recognizer) for doc in docs]
    return evaluate(docs, predicted, task="entities")["entities"]["micro"]["strict"]["f1"]


# --- BIO and spans -------------------------------------------------------------------------------


def test_bio_round_trip_on_dev_gold(dev_gold_path: Path) -> None:
    checked = 0
    for doc in read_documents(dev_gold_path):
        tokens = tokenize(doc.text)
        tags = entities_to_tags(tokens, doc.entities)
        back = tags_to_entities(tokens, tags)
        # Gold entities cover whole tokens, so BIO and back is lossless.
        whole = [e for e in doc.entities if any(t.start == e.start for t in tokens) and any(t.end == e.end for t in tokens)]
        assert {(e.start, e.end, e.label) for e in whole} <= {(e.start, e.end, e.label) for e in back}
        checked += len(whole)
    assert checked > 100


def test_stray_inside_tag_starts_an_entity() -> None:
    tokens = tokenize("زار بوتين موسكو أمس")
    entities = tags_to_entities(tokens, ["O", "I-PERS", "I-LOC", "O"])
    assert [(e.text_in("زار بوتين موسكو أمس"), e.label) for e in entities] == [("بوتين", "PERS"), ("موسكو", "LOC")]


def test_split_clitics() -> None:
    assert split_clitics(match_key("وبالرياض")) == ("وبال", "رياض")
    assert split_clitics(match_key("للمملكة")) == ("لل", "مملكه")
    assert split_clitics(match_key("ولد")) == ("", "ولد")  # too short to be و + لد


def test_invisible_marks_change_neither_the_key_nor_the_shape() -> None:
    assert match_key("وبالرياض\u200f") == match_key("وبالرياض")
    assert shape("جنيه\u200f") == shape("جنيه") == "ar"
    assert shape("2007\u200e") == "num"


# --- gazetteer -----------------------------------------------------------------------------------


def test_gazetteer_cleaning_drops_function_words(gazetteer_dir: Path, training_counts) -> None:
    raw_persons = (gazetteer_dir / "AlignedPersGazetteer.txt").read_text(encoding="utf-8").split("\n")
    # The raw list really holds من ("from") and علي (the name Ali, but also على "on" once ى is folded).
    assert "من" in raw_persons and "علي" in raw_persons
    words, inside = training_counts
    gazetteer = Gazetteer.load(gazetteer_dir, word_counts=words, entity_counts=inside)
    for word in ("من", "على", "الذي", "في"):
        assert gazetteer.labels_of(match_key(word)) == frozenset(), word
    dropped = {name for name, _ in gazetteer.dropped}
    assert {"من", "علي"} <= dropped
    # Without counts only the length rule applies: من goes, علي stays.
    plain = Gazetteer.load(gazetteer_dir)
    assert plain.labels_of("من") == frozenset() and plain.labels_of("علي") == {"PERS"}
    # Real names survive the cleaning.
    assert "LOC" in gazetteer.labels_of(match_key("الأردن")) or "LOC" in gazetteer.labels_of(match_key("الاردن"))
    assert len(gazetteer) > 2000


def test_gazetteer_longest_match_with_clitics(gazetteer_dir: Path) -> None:
    gazetteer = Gazetteer.load(gazetteer_dir)
    recognizer = GazetteerRecognizer(gazetteer)
    text = "وصل الوفد إلى والأردن أمس"
    entities = recognizer.predict(text)
    assert ("والأردن", "LOC") in [(e.text_in(text), e.label) for e in entities]


def test_gazetteer_dir_from_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KHABAR_GAZETTEER_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ConfigError, match="KHABAR_GAZETTEER_DIR") as info:
        default_gazetteer_dir()
    assert info.value.code == "E410"


# --- CRF -----------------------------------------------------------------------------------------


def test_crf_beats_gazetteer_on_held_out_anercorp(crf_model, anercorp_docs, gazetteer_dir, training_counts) -> None:
    held_out = anercorp_docs[HELD_OUT]
    words, inside = training_counts
    baseline = GazetteerRecognizer(Gazetteer.load(gazetteer_dir, word_counts=words, entity_counts=inside))
    crf_f1 = strict_f1(held_out, crf_model)
    gazetteer_f1 = strict_f1(held_out, baseline)
    assert crf_f1 > gazetteer_f1 + 0.15, (crf_f1, gazetteer_f1)
    assert crf_f1 > 0.5


def test_predicted_spans_cover_whole_tokens(crf_model, dev_gold_path: Path) -> None:
    total = 0
    for doc in read_documents(dev_gold_path):
        tokens = tokenize(doc.text)
        starts = {t.start for t in tokens}
        ends = {t.end for t in tokens}
        for entity in crf_model.predict(doc.text):
            assert entity.start in starts and entity.end in ends, entity
            assert entity.label in {"PERS", "ORG", "LOC", "MISC"}
            total += 1
    assert total > 50


def test_other_keyboards_letters_and_presentation_forms_get_the_same_entities(crf_model, dev_gold_path: Path) -> None:
    # The same article typed with a Persian keyboard's ی and ک, or in presentation forms (text out of a PDF), must
    # get the entities of its ordinary spelling: the recogniser reads words by their matching keys.
    import unicodedata

    text = next(iter(read_documents(dev_gold_path))).text
    found = [(e.start, e.end, e.label) for e in crf_model.predict(text)]
    assert len(found) > 5
    persian = text.replace("ي", "ی").replace("ك", "ک")
    assert [(e.start, e.end, e.label) for e in crf_model.predict(persian)] == found
    # One code point a letter: each letter's presentation form (isolated or final), so offsets stay the same.
    isolated = {c: f for f in map(chr, range(0xFE70, 0xFEFD)) if len(n := unicodedata.normalize("NFKC", f)) == 1
                for c in [n] if unicodedata.name(f, "").endswith(("ISOLATED FORM", "FINAL FORM"))}
    displayed = "".join(isolated.get(c, c) for c in text)
    assert displayed != text
    assert [(e.start, e.end, e.label) for e in crf_model.predict(displayed)] == found


def test_save_load_round_trip(crf_model, anercorp_docs, tmp_path: Path) -> None:
    from khabar.extract.crf import CrfRecognizer

    path = crf_model.save(tmp_path / "ner.crf")
    folder = tmp_path / "model_dir"
    folder.mkdir()
    crf_model.save(folder)
    for loaded in (CrfRecognizer.load(path), load_recognizer(str(folder))):
        for doc in anercorp_docs[HELD_OUT][:150]:
            assert loaded.predict(doc.text) == crf_model.predict(doc.text)
    assert loaded.info["sentences"] == crf_model.info["sentences"]


def test_loading_a_non_model_names_the_file(tmp_path: Path) -> None:
    from khabar.extract.crf import CrfRecognizer

    bogus = tmp_path / "not_a_model.pkl"
    bogus.write_bytes(b"hello")
    with pytest.raises(InputError, match="not_a_model.pkl") as info:
        CrfRecognizer.load(bogus)
    assert info.value.code == "E431"
    with pytest.raises(InputError) as missing:
        CrfRecognizer.load(tmp_path / "absent.pkl")
    assert missing.value.code == "E430"


def test_extract_keeps_quotes(crf_model, dev_gold_path: Path) -> None:
    doc = next(d for d in read_documents(dev_gold_path) if d.quotes)
    tagged = extract_entities(doc, crf_model)
    assert tagged.quotes == doc.quotes and tagged.text == doc.text and tagged.id == doc.id
    assert tagged.entities and tagged.entities != doc.entities


# --- word clusters -------------------------------------------------------------------------------


def test_clusters_from_one_saudinewsnet_day(saudinewsnet_dir: Path, tmp_path: Path) -> None:
    from khabar.extract.clusters import WordClusters, iter_corpus_texts, train_clusters

    day = sorted(saudinewsnet_dir.glob("*.zip"))[0]
    with zipfile.ZipFile(day) as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))
    texts = [a["content"] for a in articles[:300] if a.get("content")]
    assert list(iter_corpus_texts([day]))[:5] == [a["content"] for a in articles if a.get("content")][:5]
    clusters = train_clusters(texts, sizes=(8, 32), min_count=3, epochs=1, workers=1, skip_gram=True)
    path = tmp_path / "clusters.tsv.gz"
    clusters.save(path)
    loaded = WordClusters.load(path)
    assert loaded.sizes == (8, 32) and loaded.table == clusters.table
    assert loaded.vectors is not None and (loaded.vectors == clusters.vectors).all()
    assert loaded.word2vec == {"skip_gram": True, "vector_size": 100, "window": 5, "min_count": 3, "epochs": 1}
    assert loaded.vectors.shape == (len(loaded), 100)
    assert abs(float((loaded.vector(match_key("في")).astype("float32") ** 2).sum()) - 1.0) < 0.01  # unit length
    assert loaded.vector("كلمةلاتوجد") is None
    key = match_key("في")
    # Counts are real corpus frequencies of the match key over tokenized sentences.
    from khabar.text import token_strings

    expected = sum(1 for t in texts for w in token_strings(t) if match_key(w) == key)
    assert abs(loaded.counts[key] - expected) <= expected * 0.01
    assert all(0 <= c8 < 8 and 0 <= c32 < 32 for c8, c32 in loaded.table.values())


def test_bad_clusters_file(tmp_path: Path) -> None:
    import gzip

    from khabar.extract.clusters import WordClusters

    path = tmp_path / "c.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('{"format": "khabar-clusters/1", "sizes": [8]}\nword\t3\n')
    with pytest.raises(InputError) as info:
        WordClusters.load(path)
    assert info.value.code == "E402" and info.value.line == 2
    with pytest.raises(ConfigError):
        WordClusters.load(tmp_path / "missing.tsv.gz")


def test_clusters_file_without_settings_loads_with_none_recorded(tmp_path: Path) -> None:
    import gzip

    from khabar.extract.clusters import DEFAULT_WORD2VEC, WordClusters

    path = tmp_path / "old.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('{"format": "khabar-clusters/1", "sizes": [8]}\nword\t3\t7\n')
    old = WordClusters.load(path)
    assert old.table == {"word": (3,)} and old.counts == {"word": 7}
    assert old.word2vec == {} != DEFAULT_WORD2VEC  # what benchmarks/entities.py takes as stale


def test_cbow_clusters_differ_from_skip_gram(saudinewsnet_dir: Path) -> None:
    from khabar.extract.clusters import iter_corpus_texts, train_clusters

    texts = list(iter_corpus_texts(sorted(saudinewsnet_dir.glob("*.zip"))[:1]))[:150]
    skip_gram = train_clusters(texts, sizes=(8,), min_count=5, epochs=1, workers=1, skip_gram=True)
    cbow = train_clusters(texts, sizes=(8,), min_count=5, epochs=1, workers=1)  # CBOW: the default
    assert skip_gram.word2vec["skip_gram"] is True and cbow.word2vec["skip_gram"] is False
    assert list(skip_gram.table) == list(cbow.table)
    assert abs(skip_gram.vectors.astype("float32") - cbow.vectors.astype("float32")).max() > 0.1


def test_crf_with_clusters_uses_them(anercorp_docs, gazetteer_dir, saudinewsnet_dir: Path, tmp_path: Path) -> None:
    from khabar.extract.clusters import iter_corpus_texts, train_clusters
    from khabar.extract.crf import CrfRecognizer, train_crf

    texts = [t for _, t in zip(range(300), iter_corpus_texts([sorted(saudinewsnet_dir.glob("*.zip"))[0]]))]
    clusters = train_clusters(texts, sizes=(16, 64), min_count=3, epochs=1, workers=1)
    model = train_crf(anercorp_docs[:400], gazetteer_dir=gazetteer_dir, clusters=clusters, max_iterations=20)
    feats = model.features([t.text for t in tokenize("قال الملك في الرياض")])
    assert any(key.startswith("c16") for key in feats[1]) or any(key == "c:oov" for key in feats[1])
    assert model.crf.state_features_ and any(":c64" in name or name.startswith("c64") for (name, _) in model.crf.state_features_)
    assert model.config.use_vectors
    assert any(isinstance(f.get("v0"), float) for f in feats)
    reloaded = CrfRecognizer.load(model.save(tmp_path / "m.pkl"))
    assert reloaded.clusters is not None and reloaded.clusters.table == clusters.table
    text = "قال الملك سلمان في الرياض إن المملكة العربية السعودية"
    assert reloaded.predict(text) == model.predict(text)


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_train_and_extract(train_and_extract_cli, dev_gold_path: Path, gazetteer_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app

    summary, predicted, _, _ = train_and_extract_cli(
        12000, "ner.pkl", ["--arch", "crf", "--no-clusters", "--gazetteer", str(gazetteer_dir), "--max-iterations", "30"]
    )
    assert summary["tokens"] > 10000
    assert sum(len(d.entities) for d in predicted) > 50

    runner = CliRunner()
    out_gaz = tmp_path / "gaz.jsonl"
    result = runner.invoke(
        app, ["extract", "entities", str(dev_gold_path), "--model", "gazetteer", "--gazetteer", str(gazetteer_dir), "--out", str(out_gaz)]
    )
    assert result.exit_code == 0, result.output
    assert sum(len(d.entities) for d in read_documents(out_gaz)) > 20


def test_extract_file_counts(crf_model, dev_gold_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert extract_file(dev_gold_path, out, crf_model) == 21


def test_cli_extract_with_missing_model_names_it(dev_gold_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    missing = tmp_path / "no_model.pkl"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from khabar.cli import main; sys.argv[0] = 'khabar'; main()", "extract", "entities", str(dev_gold_path), "--model", str(missing),
         "--out", str(tmp_path / "o.jsonl")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2  # main() turns a KhabarError into one line and exit code 2
    assert "E430" in result.stderr and "no_model.pkl" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_train_help_shows_the_defaults() -> None:
    # Rich reads "[default: ...]" in help text as markup and drops it unless escaped.
    from typer.testing import CliRunner

    from khabar.cli import app

    def help_text(*command: str) -> str:
        output = CliRunner().invoke(app, [*command, "--help"]).output
        return " ".join(output.replace("│", " ").split())  # unwrap rich's boxed, wrapped lines

    entities = help_text("train", "entities")
    assert "[default: the cached file, if built]" in entities
    assert "[default: $KHABAR_GAZETTEER_DIR or" in entities
    assert "[default: clusters.tsv.gz in $KHABAR_CACHE_DIR, else ~/.cache/khabar]" in help_text("train", "clusters")


def test_train_clusters_command_records_its_word2vec_settings(saudinewsnet_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khabar.cli import app
    from khabar.extract.clusters import DEFAULT_WORD2VEC, WordClusters

    day = sorted(saudinewsnet_dir.glob("*.zip"))[0]
    out = tmp_path / "c.tsv.gz"
    args = ["train", "clusters", str(day), "--out", str(out), "--sizes", "4,8", "--epochs", "1", "--min-count", "20"]
    result = CliRunner().invoke(app, [*args, "--cbow", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    clusters = WordClusters.load(out)
    assert summary["words"] == len(clusters) > 1000 and clusters.sizes == (4, 8)
    assert clusters.word2vec == {**DEFAULT_WORD2VEC, "skip_gram": False, "epochs": 1, "min_count": 20}
    # Without --cbow and --epochs the command trains with the library's defaults.
    defaults = CliRunner().invoke(app, ["train", "clusters", "--help"]).output
    assert f"[default: {DEFAULT_WORD2VEC['epochs']}]" in defaults and f"[default: {DEFAULT_WORD2VEC['min_count']}]" in defaults


# --- what the extractors write keeps the gold rules ----------------------------------------------


@pytest.mark.slow
def test_extractor_output_passes_the_gold_validator(saudinewsnet_dir: Path, crf_model, gazetteer_dir: Path) -> None:
    """Pre-annotations go to annotators and into gold files: what the extractors write must validate.

    Two days of SaudiNewsNet, read as ``khabar corpus import`` reads them; entities from the
    gazetteer baseline and from a CRF, quotes (with those entities as hints) from the rules.
    """
    from khabar.corpus import ImportSummary, iter_articles
    from khabar.extract.quotes import QuoteExtractor, extract_quotes
    from khabar.gold.validate import validate_document

    recognizers = {"gazetteer": GazetteerRecognizer(Gazetteer.load(gazetteer_dir)), "crf": crf_model}
    quotes = QuoteExtractor()
    days = sorted(saudinewsnet_dir.glob("*.zip"))[:2]
    problems: Counter[str] = Counter()
    examples: list[str] = []
    documents = found_entities = found_quotes = 0
    for article in iter_articles(days, ImportSummary(out=None)):
        documents += 1
        for recognizer in recognizers.values():
            doc = extract_quotes(extract_entities(article.to_document(), recognizer), quotes)
            found_entities += len(doc.entities)
            found_quotes += len(doc.quotes)
            for problem in validate_document(doc):
                problems[problem.code] += 1
                if len(examples) < 5:
                    examples.append(str(problem))
    assert documents > 1000 and found_entities > 10_000 and found_quotes > 1000
    assert not problems, f"{dict(problems)}: {examples}"


def test_soft_hyphens_inside_words_leave_the_entities(crf_model, dev_gold_path: Path) -> None:
    # A web page sets soft hyphens for line breaking (مو\u00adسكو): invisible, they must neither make another word
    # nor cut an entity. The entities of the plain article, carried over, are the hyphenated article's.
    import regex

    text = next(iter(read_documents(dev_gold_path))).text
    after = {m.start() + 1 for m in regex.finditer(r"\p{Arabic}(?=\p{Arabic}\p{Arabic})", text) if m.start() % 3 == 0}
    hyphenated = "".join(c + "\u00ad" * (i in after) for i, c in enumerate(text))
    starts = [i + sum(1 for j in after if j < i) for i in range(len(text) + 1)]
    found = [(e.start, e.end, e.label) for e in crf_model.predict(text)]
    assert len(found) > 5 and len(after) > 100
    assert [(e.start, e.end, e.label) for e in crf_model.predict(hyphenated)] == [
        (starts[s], starts[e - 1] + 1, label) for s, e, label in found
    ]
