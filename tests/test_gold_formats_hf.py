"""The Hugging Face export: a DatasetDict on disk that loads back and trains a token classifier as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.errors import InputError
from khabar.gold import Document, Entity, Quote, Span, read_documents
from khabar.gold.conll import documents_to_bio
from khabar.gold.formats.hf import LABEL_NAMES, document_row, features, read_hf, write_hf

datasets = pytest.importorskip("datasets")


@pytest.fixture(scope="module")
def exported(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hf") / "jawharafm"
    result = CliRunner().invoke(app, ["gold", "export", str(shared_data / "quotes" / "jawharafm_gold.jsonl"),
                                      "--format", "hf", "--out", str(out), "--license", "apache-2.0", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["train"] == 40
    return out


def test_loads_with_load_from_disk_and_keeps_everything(exported: Path, shared_data: Path) -> None:
    loaded = datasets.load_from_disk(str(exported))
    assert isinstance(loaded, datasets.DatasetDict) and list(loaded) == ["train"]
    train = loaded["train"]
    assert train.features["ner_tags"].feature.names == list(LABEL_NAMES)
    gold = list(read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl"))
    assert train["id"] == [d.id for d in gold]
    for row, doc in zip(train, gold, strict=True):
        assert row["text"] == doc.text and json.loads(row["meta"]) == doc.meta
        assert all(doc.text[s:e] == token for token, (s, e) in zip(row["tokens"], row["offsets"], strict=True))
        tags = [LABEL_NAMES[i] for i in row["ner_tags"]]
        assert list(zip(row["tokens"], tags, strict=True)) == documents_to_bio(doc)
        assert [(e["start"], e["end"], e["label"]) for e in row["entities"]] == [(e.start, e.end, e.label)
                                                                                 for e in doc.entities]
        assert [Quote(Span(**q["content"]), Span(**q["source"]) if q["source"] else None,
                      Span(**q["cue"]) if q["cue"] else None, q["type"]) for q in row["quotes"]] == doc.quotes
    begins = sum(name.startswith("B-") for row in train for name in (LABEL_NAMES[i] for i in row["ner_tags"]))
    assert begins == 689  # every gold entity starts a tagged token run


def test_dataset_card(exported: Path) -> None:
    card = (exported / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "license: apache-2.0" in card and "task_categories:" in card
    assert "40 documents" in card and "689 entities" in card and "290 quotes" in card
    assert "`B-PERS`" in card and "jawharafm_gold.jsonl" in card and "## How it was made" in card


def test_test_split_is_stable_and_whole(tmp_path: Path) -> None:
    docs = [Document(f"d{i}", "زار بوتين سوريا", entities=[Entity(4, 9, "PERS")]) for i in range(200)]
    first = write_hf(tmp_path / "a", docs, test_fraction=0.25)
    second = write_hf(tmp_path / "b", docs, test_fraction=0.25)
    assert first == second and first["train"] + first["test"] == 200 and 30 <= first["test"] <= 70
    assert datasets.load_from_disk(str(tmp_path / "a"))["test"]["id"] == datasets.load_from_disk(
        str(tmp_path / "b"))["test"]["id"]


def _gold(path: Path, ids: list[str]) -> Path:
    records = [{"id": doc_id, "text": "زار بوتين سوريا", "entities": [{"start": 4, "end": 9, "label": "PERS"}]}
               for doc_id in ids]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(("ids", "fraction", "train", "test"), [
    # the hash puts none of them under 0.1 (the lowest, "cr", is at 0.17): the test split was empty
    (["crlf", "astral", "ctrl", "diac", "cr"], 0.1, ["crlf", "astral", "ctrl", "diac"], ["cr"]),
    # both under 0.95 (0.54 and 0.90): the train split was empty; the one nearest the fraction trains
    (["d1", "d2"], 0.95, ["d2"], ["d1"]),
])
def test_a_small_gold_gets_a_document_in_each_split(tmp_path: Path, ids: list[str], fraction: float,
                                                    train: list[str], test: list[str]) -> None:
    # Dataset.from_list([]) of an empty split failed ("Keys mismatch"), a traceback and nothing written
    gold = _gold(tmp_path / "small.jsonl", ids)
    out = tmp_path / "hf"
    result = CliRunner().invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out),
                                      "--test-fraction", str(fraction), "--json"])
    assert result.exit_code == 0, result.output
    assert {k: json.loads(result.stdout)[k] for k in ("train", "test")} == {"train": len(train), "test": len(test)}
    loaded = datasets.load_from_disk(str(out))
    assert (loaded["train"]["id"], loaded["test"]["id"]) == (train, test)
    assert loaded["test"].features == loaded["train"].features
    assert f"| train | {len(train)} |\n| test | 1 |" in (out / "README.md").read_text(encoding="utf-8")


def test_a_gold_of_one_document_cannot_be_split(tmp_path: Path) -> None:
    gold = _gold(tmp_path / "one.jsonl", ["d1"])
    out = tmp_path / "hf"
    result = CliRunner().invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out),
                                      "--test-fraction", "0.5"])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.field) == ("E275", gold, "test_fraction")
    assert error.message.startswith("a test split needs 2 documents or more (one for each split), found 1")
    assert not out.exists()
    assert write_hf(out, read_documents(gold)) == {"train": 1}  # without a test split it exports


def test_an_unknown_entity_label_names_the_file_the_line_and_the_label(tmp_path: Path) -> None:
    # E270 said "document 'b', field 'entities'" and listed BIO tags: neither the file nor the line
    gold = tmp_path / "g.jsonl"
    records = [
        {"id": "a", "text": "قال محمد", "entities": [{"start": 4, "end": 8, "label": "PERS"}]},
        {"id": "b", "text": "قال محمد في بيروت", "entities": [{"start": 12, "end": 17, "label": "LOC"},
                                                              {"start": 4, "end": 8, "label": "PERSON"}]},
        {"id": "c", "text": "في عمان", "entities": [{"start": 3, "end": 7, "label": "GPE"}]},
    ]
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "hf"
    result = CliRunner().invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out)])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.line, error.doc_id, error.field) == ("E270", gold, 2, "b", "entities[1].label")
    assert error.message.startswith("entity label 'PERSON' is not one of PERS, ORG, LOC, MISC")
    assert not out.exists()
    # documents given without their line (a notebook's list) still name the document and the entity
    with pytest.raises(InputError) as info:
        write_hf(tmp_path / "hf2", read_documents(gold), source=str(gold))
    assert (info.value.path, info.value.line, info.value.doc_id, info.value.field) == (gold, None, "b", "entities[1].label")


def test_one_training_step_of_a_tiny_bert(exported: Path, tmp_path: Path) -> None:
    """The exported columns feed a token classifier as they are: a randomly initialised BERT, offline, one step."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    train = datasets.load_from_disk(str(exported))["train"]
    words = sorted({token for row in train for token in row["tokens"]})
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words[:3000]]) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab), do_lower_case=False)
    names = train.features["ner_tags"].feature.names

    def encode(batch: dict) -> dict:
        encoded = tokenizer(batch["tokens"], is_split_into_words=True, truncation=True, max_length=64)
        labels = []
        for i, tags in enumerate(batch["ner_tags"]):
            previous = None
            row = []
            for word in encoded.word_ids(i):
                row.append(-100 if word is None or word == previous else tags[word])
                previous = word
            labels.append(row)
        encoded["labels"] = labels
        return encoded

    encoded = train.select(range(8)).map(encode, batched=True, remove_columns=train.column_names)
    collator = transformers.DataCollatorForTokenClassification(tokenizer)
    batch = collator([encoded[i] for i in range(len(encoded))])
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=128,
                                     num_labels=len(names), id2label=dict(enumerate(names)),
                                     label2id={n: i for i, n in enumerate(names)})
    model = transformers.BertForTokenClassification(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    before = model.classifier.weight.detach().clone()
    loss = model(**batch).loss
    assert torch.isfinite(loss) and loss.item() > 0
    loss.backward()
    optimizer.step()
    assert not torch.equal(before, model.classifier.weight)
    assert (batch["labels"] > 0).any()  # entity tags reached the model
    with torch.no_grad():
        after = model(**batch).loss
    assert after.item() < loss.item()  # one step on the same batch lowers its loss


# --- gold import --format hf -----------------------------------------------------------------------------------------

#: Arabic, an emoji and a bidi mark before the entities (code points, not UTF-16 units), a quote with and without
#: a source and a cue, a document with meta keys and one without.
MADE = [
    {"id": "tn/1", "text": "قال الرئيس قيس سعيد 🇹🇳 \u200fإن «الوضع في تونس مستقر».",
     "meta": {"source": "jawharafm", "title": "تصريح", "tags": ["سياسة", 2], "nested": {"a": None}},
     "entities": [{"start": 11, "end": 19, "label": "PERS"}, {"start": 37, "end": 41, "label": "LOC"}],
     "quotes": [{"content": {"start": 28, "end": 47}, "source": {"start": 4, "end": 19}, "cue": {"start": 0, "end": 3},
                 "type": "direct"}]},
    {"id": "tn-2", "text": "وأكدت وزارة الصحة أن الحالة مستقرة.", "meta": {},
     "entities": [{"start": 6, "end": 17, "label": "ORG"}],
     "quotes": [{"content": {"start": 18, "end": 34}, "source": None, "cue": None, "type": "indirect"}]},
    {"id": "tn-3", "text": "لا شيء هنا.", "meta": {"source": "x"}, "entities": [], "quotes": []},
]


def _lines(records: list[dict]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]


def test_gold_to_hf_to_gold_gives_the_same_documents_their_split_added(tmp_path: Path) -> None:
    gold = tmp_path / "made.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in MADE), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(tmp_path / "hf"),
                                 "--test-fraction", "0.5"])
    assert result.exit_code == 0, result.output
    splits = {name: list(part["id"]) for name, part in datasets.load_from_disk(str(tmp_path / "hf")).items()}
    assert splits == {"train": ["tn/1", "tn-3"], "test": ["tn-2"]}
    result = runner.invoke(app, ["gold", "import", str(tmp_path / "hf"), "--format", "hf", "--out",
                                 str(tmp_path / "back.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) | {"source": None} == {
        "source": None, "format": "hf", "out": str(tmp_path / "back.jsonl"), "documents": 3, "entities": 3,
        "quotes": 2, "splits": {"train": 2, "test": 1}}
    back = (tmp_path / "back.jsonl").read_text(encoding="utf-8").splitlines()
    # train first, then the other splits by name; the one difference is the split kept in meta
    expected = [MADE[0], MADE[2], MADE[1]]
    split_of = {"tn/1": "train", "tn-2": "test", "tn-3": "train"}
    assert _lines([json.loads(line) for line in back]) == _lines(
        [{**r, "meta": {**r["meta"], "hf_split": split_of[r["id"]]}} for r in expected])
    # a second round trip changes nothing more: the split read replaces the one the meta column carried
    runner.invoke(app, ["gold", "export", str(tmp_path / "back.jsonl"), "--format", "hf", "--out",
                        str(tmp_path / "hf2")])
    assert [d.to_dict() for d in read_hf(tmp_path / "hf2")] == [
        {**json.loads(line), "meta": {**json.loads(line)["meta"], "hf_split": "train"}} for line in back]


def test_the_shared_gold_comes_back_whole(exported: Path, shared_data: Path) -> None:
    gold = list(read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl"))
    back = list(read_hf(exported))
    assert [d.id for d in back] == [d.id for d in gold] and len(back) == 40
    assert {d.meta.pop("hf_split") for d in back} == {"train"}
    assert sum(len(d.entities) for d in back) == 689 and sum(len(d.quotes) for d in back) == 290
    for doc, original in zip(back, gold, strict=True):
        assert doc.to_dict() == original.to_dict()
        assert doc.entities == original.entities and doc.quotes == original.quotes


def test_a_hub_dataset_of_tokens_and_ner_tags(tmp_path: Path) -> None:
    names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-DATE", "I-DATE"]
    schema = datasets.Features({"tokens": datasets.Sequence(datasets.Value("string")),
                                "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
                                "pos_tags": datasets.Sequence(datasets.Value("int32"))})
    datasets.DatasetDict({
        "validation": datasets.Dataset.from_dict({"tokens": [["زار", "محمد", "علي", "تونس."]],
                                                  "ner_tags": [[0, 1, 2, 3]], "pos_tags": [[1, 2, 3, 4]]}, schema),
        "train": datasets.Dataset.from_dict({"tokens": [["في", "تونس", "أمس"]], "ner_tags": [[0, 4, 5]],
                                             "pos_tags": [[1, 2, 3]]}, schema),
    }).save_to_disk(str(tmp_path / "hub"))
    docs = list(read_hf(tmp_path / "hub", label_map={"PER": "PERS", "DATE": "O"}))
    assert [(d.id, d.text, d.meta["hf_split"]) for d in docs] == [
        ("train-000001", "في تونس أمس", "train"), ("validation-000001", "زار محمد علي تونس.", "validation")]
    # a stray I-LOC starts an entity, the full stop glued to a tagged token stays outside it, DATE is dropped
    assert [[(e.text_in(d.text), e.label) for e in d.entities] for d in docs] == [
        [("تونس", "LOC")], [("محمد علي", "PERS"), ("تونس", "LOC")]]
    row = document_row(docs[1])  # exported again, the tokens and the (mapped) tags come back
    assert row["tokens"] == ["زار", "محمد", "علي", "تونس."]
    assert [LABEL_NAMES[i] for i in row["ner_tags"]] == ["O", "B-PERS", "I-PERS", "B-LOC"]
    with pytest.raises(InputError) as info:
        list(read_hf(tmp_path / "hub", label_map={"PER": "PERS"}))
    assert (info.value.code, info.value.path, info.value.line, info.value.field) == (
        "E279", tmp_path / "hub" / "train", 1, "ner_tags[2]")
    assert "--map-label DATE=O" in info.value.message


def _saved(folder: Path, splits: dict[str, list[dict]], schema: object = None) -> Path:
    """A DatasetDict of rows made as the export makes them (``document_row``), then changed by the test."""
    datasets.DatasetDict({name: datasets.Dataset.from_list(rows, features=schema or features())
                          for name, rows in splits.items()}).save_to_disk(str(folder))
    return folder


def _row(record: dict, **changes: object) -> dict:
    from khabar.gold import Document

    return {**document_row(Document.from_dict(record)), **changes}


def _bad(entities: list | None = None, quotes: list | None = None, **changes: object) -> dict:
    row = _row(MADE[0], **changes)
    for key, value in (("entities", entities), ("quotes", quotes)):
        if value is not None:
            row[key] = value
    return row


@pytest.mark.parametrize(("row", "code", "field", "message"), [
    (_bad(entities=[{"start": 38, "end": 99, "label": "LOC", "text": None}]), "E278", "entities[0]",
     "span 38-99 lies outside the text (length 49)"),
    (_bad(entities=[{"start": 19, "end": 11, "label": "PERS", "text": None}]), "E278", "entities[0]",
     "span 19-11 lies outside"),
    (_bad(quotes=[{"content": {"start": 28, "end": 47}, "source": {"start": -1, "end": 3}, "cue": None,
                   "type": "direct"}]), "E278", "quotes[0].source", "span -1-3 lies outside"),
    (_bad(entities=[{"start": 11, "end": 19, "label": "PER", "text": None}]), "E279", "entities[0].label",
     "entity label 'PER' is not one of khabar's (PERS, ORG, LOC, MISC); map it with --map-label PER=PERS"),
    (_bad(meta="[1, 2]"), "E280", "meta", "meta must be a JSON object, found list"),
    (_bad(meta="{source: x}"), "E280", "meta", "meta is not JSON"),
    # offsets counted in UTF-16 units, as a JavaScript tool counts them: the flag's two astral characters shift them
    (_bad(entities=[{"start": 39, "end": 43, "label": "LOC", "text": "تونس"}]), "E282", "entities[0].text",
     "the entity's text 'تونس' is not the text at 39-43"),
    # the tags relabelled (PERS made O) without the entities: which one is right cannot be told
    (_bad(ner_tags=[0 if i == 2 else tag for i, tag in enumerate(_row(MADE[0])["ner_tags"])]), "E282", "ner_tags[2]",
     "ner_tags[2] is O where the entities make B-PERS (token 'قيس')"),
    (_bad(tokens=["x"]), "E282", "tokens", "the tokens and offsets are not khabar's tokens"),
])
def test_hostile_rows_name_the_split_the_row_and_the_field(tmp_path: Path, row: dict, code: str, field: str,
                                                           message: str) -> None:
    folder = _saved(tmp_path / "hf", {"train": [_row(MADE[1]), _row(MADE[2])], "test": [_row(MADE[2], id="t"), row]})
    with pytest.raises(InputError) as info:
        list(read_hf(folder))
    error = info.value
    assert (error.code, error.path, error.line, error.doc_id, error.field) == (code, folder / "test", 2, "tn/1", field)
    assert error.message.startswith(message), error.message


def test_a_stop_mid_stream_writes_nothing(tmp_path: Path) -> None:
    # the train split's documents are read and handed to the writer before the test split's bad row stops it
    folder = _saved(tmp_path / "hf", {"train": [_row(MADE[1]), _row(MADE[2])], "test": [_bad(meta="[]")]})
    out = tmp_path / "out" / "gold.jsonl"
    out.parent.mkdir()
    result = CliRunner().invoke(app, ["gold", "import", str(folder), "--format", "hf", "--out", str(out)])
    assert isinstance(result.exception, InputError) and result.exception.code == "E280", result.output
    assert list(out.parent.iterdir()) == []  # neither the file nor its temporary file


def test_a_repeated_id_across_splits(tmp_path: Path) -> None:
    folder = _saved(tmp_path / "hf", {"train": [_row(MADE[1]), _row(MADE[2])], "test": [_row(MADE[2])]})
    with pytest.raises(InputError) as info:
        list(read_hf(folder))
    assert (info.value.code, info.value.path, info.value.line, info.value.field) == ("E281", folder / "test", 1, "id")
    assert info.value.message == "document id repeated (first in train row 2)"


def test_a_missing_column_or_a_folder_that_is_no_dataset(tmp_path: Path) -> None:
    folder = _saved(tmp_path / "hf", {"train": [_row(MADE[1])]})
    datasets.load_from_disk(str(folder))["train"].remove_columns("text").save_to_disk(str(tmp_path / "one"))
    with pytest.raises(InputError) as info:
        list(read_hf(tmp_path / "one"))  # a Dataset saved alone that names no split: the folder, "one", is a split name
    assert (info.value.code, info.value.path, info.value.field) == ("E277", tmp_path / "one", "text")
    assert info.value.message.startswith("split 'one' has no column text (its columns: entities, id, meta")
    schema = datasets.Features({"id": datasets.Value("string"), "text": datasets.Value("string")})
    _saved(tmp_path / "plain", {"train": [{"id": "a", "text": "نص"}]}, schema)
    with pytest.raises(InputError, match=r"no column entities \(or tokens and ner_tags\)") as info:
        list(read_hf(tmp_path / "plain"))
    assert info.value.code == "E277"
    datasets.load_from_disk(str(folder))["train"].select([]).save_to_disk(str(tmp_path / "rowless"))
    (tmp_path / "empty").mkdir()
    for path, reason in ((tmp_path / "empty", "no dataset_dict.json"), (tmp_path / "none", "no such folder"),
                         (tmp_path / "made.jsonl", "no such folder"),
                         # datasets 5 cannot load a split of no rows back (IndexError); were it to, "holds no rows"
                         (tmp_path / "rowless",
                          "datasets cannot load it" if int(datasets.__version__.split(".")[0]) < 6 else "no rows")):
        with pytest.raises(InputError) as info:
            list(read_hf(path))
        assert (info.value.code, info.value.path) == ("E276", path) and reason in info.value.message


def test_ner_tags_that_are_not_iob_and_a_mapping_of_no_label(tmp_path: Path) -> None:
    schema = datasets.Features({"tokens": datasets.Sequence(datasets.Value("string")),
                                "ner_tags": datasets.Sequence(datasets.Value("string"))})
    _saved(tmp_path / "tags", {"train": [{"tokens": ["في", "تونس"], "ner_tags": ["O", "LOC"]}]}, schema)
    with pytest.raises(InputError) as info:
        list(read_hf(tmp_path / "tags"))
    assert (info.value.code, info.value.line, info.value.doc_id, info.value.field) == (
        "E283", 1, "train-000001", "ner_tags[1]")
    with pytest.raises(InputError) as info:
        list(read_hf(_saved(tmp_path / "hf", {"train": [_row(MADE[1])]}), label_map={"GPE": "LOC"}))
    assert (info.value.code, info.value.field) == ("E252", "--map-label")
    assert "GPE=LOC: no entity or tag of the dataset has this label (labels found: ORG)" in info.value.message


def test_map_label_renames_and_drops_entities_of_khabar_s_layout(tmp_path: Path) -> None:
    derived = ("tokens", "offsets", "ner_tags")  # a dataset of entities alone: ner_tags could not hold PER nor GPE
    row = {k: v for k, v in _row(MADE[0]).items() if k not in derived}
    row["entities"] = [{**e, "label": label} for e, label in zip(row["entities"], ("PER", "GPE"), strict=True)]
    schema = datasets.Features({k: v for k, v in features().items() if k not in derived})
    folder = _saved(tmp_path / "hf", {"train": [row]}, schema)
    result = CliRunner().invoke(app, ["gold", "import", str(folder), "--format", "hf", "--out",
                                      str(tmp_path / "g.jsonl"), "--map-label", "PER=PERS", "--map-label", "GPE=O"])
    assert result.exit_code == 0, result.output
    [doc] = read_documents(tmp_path / "g.jsonl")
    assert (doc.id, [(e.start, e.end, e.label) for e in doc.entities]) == ("tn/1", [(11, 19, "PERS")])


def test_an_id_column_of_integers_gives_ids_of_digits_and_is_checked_all_the_same(tmp_path: Path) -> None:
    schema = datasets.Features({**features(), "id": datasets.Value("int64")})
    good, bad = _row(MADE[1], id=7), _row(MADE[2], id=8)
    bad["entities"] = [{"start": 3, "end": 40, "label": "LOC", "text": None}]
    folder = _saved(tmp_path / "hf", {"train": [good]}, schema)
    [doc] = read_hf(folder)
    assert (doc.id, doc.to_dict()["entities"]) == ("7", MADE[1]["entities"])
    with pytest.raises(InputError) as info:
        list(read_hf(_saved(tmp_path / "hf2", {"train": [good, bad]}, schema)))
    assert (info.value.code, info.value.line, info.value.doc_id) == ("E278", 2, "8")


# --- gold export --format hf --split-by meta -------------------------------------------------------------------------

def _hub_with_three_splits(folder: Path) -> Path:
    """A Hub NER set as the Hub has them: tokens, ClassLabel ner_tags of PER/LOC, train, validation and test."""
    names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
    schema = datasets.Features({"tokens": datasets.Sequence(datasets.Value("string")),
                                "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names))})
    datasets.DatasetDict({
        "train": datasets.Dataset.from_dict({"tokens": [["زار", "محمد", "علي", "تونس"], ["في", "بيروت", "أمس"]],
                                             "ner_tags": [[0, 1, 2, 3], [0, 3, 0]]}, schema),
        "validation": datasets.Dataset.from_dict({"tokens": [["قال", "سعيد", "إن"]], "ner_tags": [[0, 1, 0]]}, schema),
        "test": datasets.Dataset.from_dict({"tokens": [["وصل", "ليلى", "إلى", "عمان", "."]],
                                            "ner_tags": [[0, 1, 0, 3, 0]]}, schema),
    }).save_to_disk(str(folder))
    return folder


def test_split_by_meta_gives_a_hub_dataset_its_splits_back(tmp_path: Path) -> None:
    # the export put every document in train: an evaluation on "test" was then on other documents
    hub = _hub_with_three_splits(tmp_path / "hub")
    gold, out = tmp_path / "gold.jsonl", tmp_path / "hf"
    runner = CliRunner()
    result = runner.invoke(app, ["gold", "import", str(hub), "--format", "hf", "--out", str(gold),
                                 "--map-label", "PER=PERS"])
    assert result.exit_code == 0, result.output
    # the default puts them all in train, as it always did, but says what it does not follow
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert list(datasets.load_from_disk(str(out))) == ["train"]
    assert ("note: 4 documents name their split in meta.hf_split (test 1, train 2, validation 1), which this export "
            "does not follow; --split-by meta keeps them") in result.output
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out), "--split-by", "meta",
                                 "--json"])
    assert "note:" not in result.output
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) | {"file": None} == {"file": None, "format": "hf", "out": str(out), "train": 2,
                                                         "test": 1, "validation": 1}
    loaded = datasets.load_from_disk(str(out))
    assert {name: part["id"] for name, part in loaded.items()} == {
        "train": ["train-000001", "train-000002"], "test": ["test-000001"], "validation": ["validation-000001"]}
    assert loaded["test"]["tokens"] == [["وصل", "ليلى", "إلى", "عمان", "."]]
    assert [LABEL_NAMES[i] for i in loaded["test"]["ner_tags"][0]] == ["O", "B-PERS", "O", "B-LOC", "O"]
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| train | 2 |\n| test | 1 |\n| validation | 1 |" in card
    assert "  - name: validation\n    num_examples: 1" in card  # the card's dataset_info, which the Hub reads
    assert "the split its `meta.hf_split` names" in card
    # imported again: the same documents, each in the split it came from
    assert [d.to_dict() for d in read_hf(out)] == [d.to_dict() for d in read_documents(gold)]
    assert [(d.id, d.meta["hf_split"]) for d in read_hf(out)] == [
        ("train-000001", "train"), ("train-000002", "train"), ("test-000001", "test"),
        ("validation-000001", "validation")]


def _gold_with_splits(path: Path, splits: list[object]) -> Path:
    """A gold file of one document per split given (``...`` leaves the key out)."""
    records = [{"id": f"d{i}", "text": "زار بوتين سوريا", "entities": [{"start": 4, "end": 9, "label": "PERS"}],
                "meta": {} if split is ... else {"hf_split": split}} for i, split in enumerate(splits, start=1)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(("split", "code", "message"), [
    (..., "E284", "meta has no hf_split: --split-by meta puts each document in the split its meta names"),
    (None, "E284", "meta has no hf_split"),
    # names save_to_disk writes but load_dataset and push_to_hub refuse (and "" saves the split as the folder itself)
    ("dev set", "E285", "split name 'dev set' is not one datasets accepts"),
    ("dev/2", "E285", "split name 'dev/2' is not"),
    ("test-1", "E285", "split name 'test-1' is not"),
    ("", "E285", "split name '' is not"),
    ("test\n", "E285", "split name 'test\\n' is not"),
    (3, "E285", "split name 3 is not"),
    # names datasets takes, but of the files beside the split folders: save_to_disk crashed on them
    ("README.md", "E285", "split name 'README.md' is the name of a file the dataset's folder holds"),
    ("dataset_dict.json", "E285", "split name 'dataset_dict.json' is the name of a file"),
])
def test_split_by_meta_refuses_a_document_without_a_split_or_with_a_name_datasets_refuses(
        tmp_path: Path, split: object, code: str, message: str) -> None:
    gold = _gold_with_splits(tmp_path / "g.jsonl", ["train", "test", split, "train"])
    out = tmp_path / "hf"
    assert write_hf(out, read_documents(gold)) == {"train": 4}
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    result = CliRunner().invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out),
                                      "--split-by", "meta"])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.line, error.doc_id, error.field) == (code, gold, 3, "d3", "meta.hf_split")
    assert error.message.startswith(message), error.message
    # nothing half-written: the earlier export is left as it was, and no temporary folder beside it
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert datasets.load_from_disk(str(out))["train"]["id"] == ["d1", "d2", "d3", "d4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl", "hf"]


def test_split_by_meta_is_refused_with_a_test_fraction_or_another_format(tmp_path: Path) -> None:
    gold = _gold_with_splits(tmp_path / "g.jsonl", ["train", "test"])

    def refused(*options: str) -> str:
        result = CliRunner().invoke(app, ["gold", "export", str(gold), "--out", str(tmp_path / "out"), *options])
        assert result.exit_code == 2, result.output
        return " ".join(result.output.replace("│", " ").split())  # the message as one line, rich's box taken off

    assert "--split-by meta keeps the splits the documents name; --test-fraction would move a share of them to test" \
        in refused("--format", "hf", "--split-by", "meta", "--test-fraction", "0.2")
    assert "applies to --format hf" in refused("--format", "brat", "--split-by", "meta")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonl"]
    with pytest.raises(ValueError, match="give one of them"):
        write_hf(tmp_path / "hf", read_documents(gold), split_by="meta", test_fraction=0.2)
    # the default ignores the key, as before the option: an older gold's export does not change
    assert write_hf(tmp_path / "hf", read_documents(gold)) == {"train": 2}
    assert write_hf(tmp_path / "hf", read_documents(gold), split_by="meta") == {"train": 1, "test": 1}


# --- hostile input and Hub ids (review of gold import --format hf) ---------------------------------------------------

def _hub(folder: Path, splits: dict[str, dict[str, list]], names: tuple[str, ...] = ("O", "B-PER", "I-PER")) -> Path:
    """A Hub NER set of the token layout: an id column of strings, tokens, ClassLabel ner_tags."""
    schema = datasets.Features({"id": datasets.Value("string"), "tokens": datasets.Sequence(datasets.Value("string")),
                                "ner_tags": datasets.Sequence(datasets.ClassLabel(names=list(names)))})
    datasets.DatasetDict({name: datasets.Dataset.from_dict(columns, schema)
                          for name, columns in splits.items()}).save_to_disk(str(folder))
    return folder


def test_ids_a_hub_set_numbers_afresh_in_each_split_are_scoped_by_split(tmp_path: Path) -> None:
    # conll2003 numbers its rows "0", "1", ... in each split: the first row of test stopped the import (E281)
    hub = _hub(tmp_path / "hub", {
        "train": {"id": ["0", "1"], "tokens": [["قال", "علي"], ["نعم"]], "ner_tags": [[0, 1], [0]]},
        "test": {"id": ["0"], "tokens": [["زار", "محمد", "علي"]], "ner_tags": [[0, 1, 2]]}})
    gold, out = tmp_path / "gold.jsonl", tmp_path / "hf"
    runner = CliRunner()
    result = runner.invoke(app, ["gold", "import", str(hub), "--format", "hf", "--out", str(gold),
                                 "--map-label", "PER=PERS", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["splits"] == {"train": 2, "test": 1}
    docs = list(read_documents(gold))
    assert [(d.id, d.meta["hf_id"], d.meta["hf_split"]) for d in docs] == [
        ("train-0", "0", "train"), ("train-1", "1", "train"), ("test-0", "0", "test")]
    assert [(e.text_in(docs[2].text), e.label) for e in docs[2].entities] == [("محمد علي", "PERS")]
    # exported in its splits and imported again (khabar's layout, whose ids are read as they are): the same documents
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(out), "--split-by", "meta"])
    assert result.exit_code == 0, result.output
    assert {name: part["id"] for name, part in datasets.load_from_disk(str(out)).items()} == {
        "train": ["train-0", "train-1"], "test": ["test-0"]}
    assert [d.to_dict() for d in read_hf(out)] == [d.to_dict() for d in docs]


def test_an_id_repeated_within_one_split_of_the_token_layout_is_still_refused(tmp_path: Path) -> None:
    hub = _hub(tmp_path / "hub", {
        "train": {"id": ["0"], "tokens": [["نعم"]], "ner_tags": [[0]]},
        "test": {"id": ["0", "0"], "tokens": [["نعم"], ["لا"]], "ner_tags": [[0], [0]]}})
    with pytest.raises(InputError) as info:
        list(read_hf(hub))
    assert (info.value.code, info.value.path, info.value.line, info.value.doc_id, info.value.field) == (
        "E281", hub / "test", 2, "test-0", "id")
    assert info.value.message == "document id repeated (first in test row 1)"


def test_nulls_in_the_derived_columns_are_errors_not_tracebacks(tmp_path: Path) -> None:
    # a null offset pair was a TypeError in _check_derived, a null tag of string ner_tags one in _mapped_tag
    offsets = _row(MADE[0])["offsets"]
    folder = _saved(tmp_path / "offsets", {"train": [_row(MADE[1]), _bad(offsets=[offsets[0], None, *offsets[2:]])]})
    with pytest.raises(InputError) as info:
        list(read_hf(folder))
    assert (info.value.code, info.value.path, info.value.line, info.value.doc_id, info.value.field) == (
        "E282", folder / "train", 2, "tn/1", "offsets[1]")
    assert info.value.message == "offsets[1] is None, not a [start, end] pair"
    schema = datasets.Features({**features(), "ner_tags": datasets.Sequence(datasets.Value("string"))})
    row = _row(MADE[0])
    row["ner_tags"] = [None if i == 3 else LABEL_NAMES[tag] for i, tag in enumerate(row["ner_tags"])]
    folder = _saved(tmp_path / "tags", {"test": [row]}, schema)
    with pytest.raises(InputError) as info:
        list(read_hf(folder))
    assert (info.value.code, info.value.path, info.value.line, info.value.doc_id, info.value.field) == (
        "E282", folder / "test", 1, "tn/1", "ner_tags[3]")
    assert info.value.message == "ner_tags[3] is None, not a tag"
    # the same column without the null imports: the check is on the null, not on tags given as names
    row["ner_tags"][3] = "I-PERS"
    assert [d.id for d in read_hf(_saved(tmp_path / "tags2", {"test": [row]}, schema))] == ["tn/1"]


def test_null_entities_or_quotes_are_none_and_the_document_keeps_its_split(tmp_path: Path) -> None:
    # a null entities column went to Document.from_dict without the split: the CLI's KeyError 'hf_split'
    derived = ("tokens", "offsets", "ner_tags")
    schema = datasets.Features({k: v for k, v in features().items() if k not in derived})
    bare = {k: v for k, v in _row(MADE[0]).items() if k not in derived}
    folder = _saved(tmp_path / "hf", {"train": [{**bare, "entities": None}],
                                      "test": [{**bare, "id": "q", "quotes": None}]}, schema)
    gold = tmp_path / "g.jsonl"
    result = CliRunner().invoke(app, ["gold", "import", str(folder), "--format", "hf", "--out", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    assert {k: json.loads(result.stdout)[k] for k in ("documents", "entities", "quotes", "splits")} == {
        "documents": 2, "entities": 2, "quotes": 1, "splits": {"train": 1, "test": 1}}
    first, second = read_documents(gold)
    assert (first.id, first.entities, len(first.quotes), first.meta["hf_split"]) == ("tn/1", [], 1, "train")
    assert (second.id, len(second.entities), second.quotes, second.meta["hf_split"]) == ("q", 2, [], "test")
    # with the derived columns, null entities are checked as none: all-O tags agree, B-PERS tags do not
    [doc] = read_hf(_saved(tmp_path / "o", {"test": [{**_row(MADE[2]), "entities": None}]}))
    assert (doc.id, doc.entities, doc.meta["hf_split"]) == ("tn-3", [], "test")
    with pytest.raises(InputError) as info:
        list(read_hf(_saved(tmp_path / "b", {"test": [{**_row(MADE[1]), "entities": None}]})))
    assert (info.value.code, info.value.line, info.value.doc_id, info.value.field) == ("E282", 1, "tn-2", "ner_tags[1]")


def test_an_entity_of_empty_tokens_names_the_row_and_the_token(tmp_path: Path) -> None:
    # the CoNLL builder named "line" 0 (row - 1) and field 'token', without the document
    hub = _hub(tmp_path / "hub", {"train": {"id": ["a", "b"], "tokens": [["نعم"], ["", "علي", "قال"]],
                                            "ner_tags": [[0], [1, 0, 0]]}})
    with pytest.raises(InputError) as info:
        list(read_hf(hub, label_map={"PER": "PERS"}))
    assert (info.value.code, info.value.path, info.value.line, info.value.doc_id, info.value.field) == (
        "E242", hub / "train", 2, "train-b", "tokens[0]")
    assert info.value.message == "the PERS entity ending here has only empty tokens"


def test_a_null_token_is_an_error_not_the_word_none(tmp_path: Path) -> None:
    # str(None) made the text "علي None", exit 0
    hub = _hub(tmp_path / "hub", {"train": {"id": ["a"], "tokens": [["علي", None]], "ner_tags": [[1, 0]]}})
    gold = tmp_path / "g.jsonl"
    result = CliRunner().invoke(app, ["gold", "import", str(hub), "--format", "hf", "--out", str(gold),
                                      "--map-label", "PER=PERS"])
    error = result.exception
    assert isinstance(error, InputError), result.output
    assert (error.code, error.path, error.line, error.doc_id, error.field) == (
        "E283", hub / "train", 1, "train-a", "tokens[1]")
    assert error.message == "tokens[1] must be a string, found None"
    assert not gold.exists()


# --- second review of the hf import and export -----------------------------------------------------------------------

@pytest.mark.parametrize(("meta", "code", "field", "message"), [
    # json.loads took a lone surrogate, which crashed the gold file's writing (UnicodeEncodeError)
    ('{"a": "\\ud800"}', "E005", "meta", "a lone surrogate escape"),
    ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "E004", "meta", "JSON nested too deep to read"),
    ('{"a": ' + "7" * 5000 + "}", "E280", "meta", "meta is not JSON (a number of more than 4300 digits"),
    # json.loads kept the last value without a word
    ('{"source": "a", "source": "b"}', "E015", "meta.source", "the key 'source' appears twice"),
])
def test_the_meta_column_is_read_as_a_gold_line_is(tmp_path: Path, meta: str, code: str, field: str,
                                                   message: str) -> None:
    folder = _saved(tmp_path / "hf", {"train": [_row(MADE[1]), _bad(meta=meta)]})
    with pytest.raises(InputError) as info:
        list(read_hf(folder))
    assert (info.value.code, info.value.path, info.value.line, info.value.doc_id, info.value.field) == (
        code, folder / "train", 2, "tn/1", field)
    assert info.value.message.startswith(message), info.value.message


def test_a_split_folder_imported_alone_keeps_its_split(tmp_path: Path) -> None:
    gold = _gold(tmp_path / "g.jsonl", [f"d{i}" for i in range(10)])
    out = tmp_path / "e3"
    assert write_hf(out, read_documents(gold), test_fraction=0.3) == {"train": 8, "test": 2}
    # read alone it was train: held-out documents went to train at the next --split-by meta
    alone = list(read_hf(out / "test"))
    assert [(d.id, d.meta["hf_split"]) for d in alone] == [(d.id, "test") for d in read_hf(out)][8:]
    assert {d.meta["hf_split"] for d in read_hf(out / "train")} == {"train"}
    # a Dataset that names no split: the folder's name if it is a split name, else train
    rows = [_row(MADE[2])]
    datasets.Dataset.from_list(rows, features=features()).save_to_disk(str(tmp_path / "validation"))
    datasets.Dataset.from_list(rows, features=features()).save_to_disk(str(tmp_path / "my-set"))
    assert [d.meta["hf_split"] for d in read_hf(tmp_path / "validation")] == ["validation"]
    assert [d.meta["hf_split"] for d in read_hf(tmp_path / "my-set")] == ["train"]


def test_a_sliced_split_is_its_split_and_a_listed_split_may_not_leave_the_folder(tmp_path: Path) -> None:
    # what load_dataset(split="train[:10%]") saves: kept as it was, every --split-by meta export refused it (E285)
    rows = [_row(MADE[2])]
    datasets.Dataset.from_list(rows, features=features(), split=datasets.NamedSplit("train[:10%]")).save_to_disk(
        str(tmp_path / "sliced"))
    assert [d.meta["hf_split"] for d in read_hf(tmp_path / "sliced")] == ["train"]
    datasets.Dataset.from_list(rows, features=features(), split=datasets.NamedSplit("train+test")).save_to_disk(
        str(tmp_path / "joined"))
    with pytest.raises(InputError) as info:
        list(read_hf(tmp_path / "joined"))
    assert (info.value.code, info.value.path, info.value.field) == ("E286", tmp_path / "joined" / "state.json",
                                                                    "_split")
    # a dataset_dict.json naming a folder outside the dataset: it was read
    datasets.Dataset.from_list(rows, features=features()).save_to_disk(str(tmp_path / "other" / "train"))
    (tmp_path / "hf").mkdir()
    (tmp_path / "hf" / "dataset_dict.json").write_text('{"splits": ["../other/train"]}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_hf(tmp_path / "hf"))
    assert (info.value.code, info.value.path, info.value.field) == ("E286", tmp_path / "hf" / "dataset_dict.json",
                                                                    "splits")
    assert info.value.message.startswith("split name '../other/train' is not one datasets accepts")


def test_a_missing_split_folder_is_named(tmp_path: Path) -> None:
    folder = _saved(tmp_path / "hf", {"train": [_row(MADE[1])], "test": [_row(MADE[2])]})
    (folder / "test" / "state.json").unlink()
    with pytest.raises(InputError) as info:
        list(read_hf(folder))
    assert (info.value.code, info.value.path) == ("E276", folder)
    assert info.value.message == (f"dataset_dict.json lists the split 'test', and its folder {folder / 'test'} has "
                                  "no state.json")
    import shutil

    shutil.rmtree(folder / "test")
    with pytest.raises(InputError, match=r"lists the split 'test', and its folder .*test is missing$"):
        list(read_hf(folder))


def test_offsets_alone_off_name_the_offsets(tmp_path: Path) -> None:
    offsets = _row(MADE[0])["offsets"]
    for index, pair in ((3, [offsets[3][0] + 1, offsets[3][1] + 1]), (1, [None, 5])):
        folder = _saved(tmp_path / f"hf{index}", {"train": [_bad(offsets=[*offsets[:index], pair,
                                                                          *offsets[index + 1:]])]})
        with pytest.raises(InputError) as info:
            list(read_hf(folder))
        assert (info.value.code, info.value.line, info.value.field) == ("E282", 1, f"offsets[{index}]")


def test_a_round_trip_keeps_the_meta_keys_in_order(shared_data: Path, tmp_path: Path) -> None:
    # written by khabar first, so that the bytes compared are those of khabar's writer
    from khabar.gold import write_documents

    gold = tmp_path / "gold.jsonl"
    write_documents(gold, read_documents(shared_data / "quotes" / "jawharafm_gold.jsonl"))
    runner = CliRunner()
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(tmp_path / "hf")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["gold", "import", str(tmp_path / "hf"), "--format", "hf", "--out",
                                 str(tmp_path / "back.jsonl")])
    assert result.exit_code == 0, result.output
    back = (tmp_path / "back.jsonl").read_text(encoding="utf-8")
    assert back.count(',"hf_split":"train"}') == 40
    assert back.replace(',"hf_split":"train"}', "}") == gold.read_text(encoding="utf-8")


@pytest.mark.parametrize("token", [" ", "\u200f", " \u200f"])
def test_an_entity_of_invisible_tokens_is_refused_as_an_empty_one(tmp_path: Path, token: str) -> None:
    # it imported as no entity, the tag kept only in meta.conll_entity_tokens
    hub = _hub(tmp_path / "hub", {"train": {"id": ["a"], "tokens": [["قال", token, "علي"]],
                                            "ner_tags": [[0, 1, 0]]}})
    with pytest.raises(InputError) as info:
        list(read_hf(hub, label_map={"PER": "PERS"}))
    assert (info.value.code, info.value.path, info.value.line, info.value.field) == ("E242", hub / "train", 1,
                                                                                     "tokens[1]")
    assert info.value.message.startswith("the PERS entity ending here has only empty or invisible tokens")
    # followed by a visible token, the entity is that token's
    hub = _hub(tmp_path / "hub2", {"train": {"id": ["a"], "tokens": [["قال", token, "علي"]],
                                            "ner_tags": [[0, 1, 2]]}})
    assert [e.label for e in next(read_hf(hub, label_map={"PER": "PERS"})).entities] == ["PERS"]


def test_the_export_note_and_the_import_summary_read_well(tmp_path: Path) -> None:
    runner = CliRunner()
    gold = _gold_with_splits(tmp_path / "g.jsonl", [None, "test\n", "test"])
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(tmp_path / "hf")])
    assert result.exit_code == 0, result.output
    assert "note: 3 documents name their split in meta.hf_split ('test\\n' 1, None 1, test 1)" in result.output
    gold = _gold_with_splits(tmp_path / "one.jsonl", ["test"])
    result = runner.invoke(app, ["gold", "export", str(gold), "--format", "hf", "--out", str(tmp_path / "hf1")])
    assert "note: 1 document names its split in meta.hf_split (test 1)" in result.output
    result = runner.invoke(app, ["gold", "import", str(tmp_path / "hf1"), "--format", "hf", "--out",
                                 str(tmp_path / "back.jsonl")])
    assert f"{tmp_path / 'back.jsonl'}: 1 document, 1 entity, 0 quotes (train 1)" in result.output
