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
from khabar.gold.formats.hf import LABEL_NAMES, write_hf

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
