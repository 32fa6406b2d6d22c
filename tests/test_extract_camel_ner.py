"""camel-tools' BERT recogniser, with a tiny randomly initialised model built offline by the test."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from khabar.errors import ConfigError
from khabar.text import tokenize

LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءئؤ"


@pytest.fixture(scope="module")
def camel_env(tmp_path_factory: pytest.TempPathFactory):
    """A camel-tools data folder holding only a catalogue, so importing camel_tools.ner never downloads."""
    data = tmp_path_factory.mktemp("camel_data")
    catalogue = {
        "version": "1.6",
        "packages": {},
        "components": {
            "NamedEntityRecognition": {"default": "arabert", "datasets": {"arabert": {"path": "ner/arabert"}}}
        },
    }
    (data / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAMELTOOLS_DATA", str(data))
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        yield data


@pytest.fixture(scope="module")
def tiny_model(camel_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    folder = tmp_path_factory.mktemp("tiny_bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *LETTERS, *(f"##{c}" for c in LETTERS), ".", "،"]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=37,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    BertForTokenClassification(config).save_pretrained(folder)
    BertTokenizer(str(folder / "vocab.txt")).save_pretrained(folder)
    return folder


def test_tiny_model_labels_map_back_word_for_word(tiny_model: Path) -> None:
    from khabar.extract.entities import load_recognizer

    recognizer = load_recognizer(f"camel:{tiny_model}")
    camel = recognizer.recognizer
    words = ["قال", "\u200f", "بوتين", "في", "موسكو", "."]
    # camel-tools itself drops the bidi mark: one label fewer than words.
    assert len(camel.predict_sentence(words)) == len(words) - 1
    tags = recognizer.predict_tokens(words)
    assert len(tags) == len(words)
    assert tags[1] == "O"
    kept = [w for i, w in enumerate(words) if i != 1]
    assert [t for i, t in enumerate(tags) if i != 1] == camel.predict_sentence(kept)
    assert set(tags) <= set(LABELS)


def test_tiny_model_spans_cover_tokens(tiny_model: Path, dev_gold_path: Path) -> None:
    from khabar.extract.camel_ner import CamelRecognizer
    from khabar.gold import read_documents

    recognizer = CamelRecognizer.load(tiny_model)
    doc = next(iter(read_documents(dev_gold_path)))
    text = doc.text[:600] + " \u200f " + doc.text[600:900]
    tokens = tokenize(text)
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    entities = recognizer.predict(text)
    assert entities  # a random model tags plenty
    for entity in entities:
        assert entity.start in starts and entity.end in ends
        assert "\u200f" != text[entity.start : entity.end]


def test_missing_pretrained_model_says_what_to_install(camel_env: Path) -> None:
    from khabar.extract.entities import load_recognizer

    with pytest.raises(ConfigError, match="camel_data -i ner-arabert") as info:
        load_recognizer("camel")
    assert "541 MB" in str(info.value) and "CAMELTOOLS_DATA" in str(info.value)
    assert info.value.code == "E442"


def test_catalogue_download_failure_becomes_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.extract import camel_ner

    real_import = builtins.__import__

    class DownloaderError(Exception):
        pass

    def failing_import(name, *args, **kwargs):
        if name == "camel_tools.ner":
            raise DownloaderError("An error occured while downloading data.")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    with pytest.raises(ConfigError, match="camel_data -i ner-arabert") as info:
        camel_ner.CamelRecognizer.load()
    assert info.value.code == "E441" and "DownloaderError" in str(info.value)
