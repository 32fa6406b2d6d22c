"""A recogniser's uncertainty on a text: a long text's entities and marginals a window at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khabar.extract import windows
from khabar.extract.crf import CrfRecognizer, train_crf
from khabar.extract.uncertainty import document_uncertainty, entities_and_uncertainty
from khabar.extract.windows import entities_in_windows, text_windows
from khabar.gold import Document, read_documents


@pytest.fixture(scope="module")
def docs(dev_gold_path: Path) -> list[Document]:
    return list(read_documents(dev_gold_path))


@pytest.fixture(scope="module")
def crf(docs: list[Document]) -> CrfRecognizer:
    return train_crf(docs[:3], max_iterations=30)


class _Recording:
    """A recogniser that notes how many characters, or tokens, each call is given."""

    def __init__(self, inner: CrfRecognizer) -> None:
        self.inner = inner
        self.characters: list[int] = []
        self.tokens: list[int] = []

    def predict(self, text: str) -> list[Any]:
        self.characters.append(len(text))
        return self.inner.predict(text)

    def token_marginals(self, sentences: list[list[str]]) -> list[Any]:
        self.tokens.append(sum(map(len, sentences)))
        return self.inner.token_marginals(sentences)


class _OnePass(_Recording):
    """A recogniser giving tags and marginals from one pass, as the BiLSTM-CRF does."""

    consistent = True

    def tags_and_marginals(self, sentences: list[list[str]]) -> tuple[list[list[str]], list[Any]]:
        return [self.inner.predict_tokens(tokens) for tokens in sentences], self.token_marginals(sentences)


def _long_text(docs: list[Document]) -> str:
    return "\n\n".join(doc.text for doc in docs[3:12])


def test_a_long_text_s_uncertainty_is_that_of_its_windows_tokens(crf: CrfRecognizer, docs: list[Document],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # `doccano refresh` read a huge document whole (the CRF's tables: 3.6 GB for 50 MB).
    text = _long_text(docs)
    whole = document_uncertainty(crf, text)
    assert whole.tokens > 1000 and 0 < whole.least_confidence < 1 and whole.mean_entropy > 0
    monkeypatch.setattr(windows, "WINDOW_CHARS", 3000)
    cut = text_windows(text)
    assert len(cut) > 3
    recording = _Recording(crf)
    # Windows end between sentences, whose marginals the CRF computes alone: the figures of the whole reading.
    assert document_uncertainty(recording, text) == whole
    assert len(recording.tokens) == len(cut) and sum(recording.tokens) == whole.tokens
    assert max(recording.tokens) < whole.tokens / 3


@pytest.mark.parametrize("recogniser", [_Recording, _OnePass])
def test_a_long_text_s_entities_and_uncertainty_are_read_a_window_at_a_time(
    recogniser: type[_Recording], crf: CrfRecognizer, docs: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _long_text(docs)
    whole = document_uncertainty(crf, text)
    monkeypatch.setattr(windows, "WINDOW_CHARS", 3000)
    recording = recogniser(crf)
    entities, uncertainty = entities_and_uncertainty(recording, text)
    # The entities `khabar extract entities` finds (khabar.extract.entities.extract_entities).
    assert entities == entities_in_windows(text, crf.predict) and len(entities) > 20
    assert uncertainty == whole
    assert len(recording.tokens) == len(text_windows(text)) and max(recording.tokens) < whole.tokens / 3
    assert all(size <= 3000 for size in recording.characters)

