"""Progress reported by plain ``progress(done, total)`` callbacks, and the CLI's drawing of them."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from rich.console import Console

from khabar.cli import _common
from khabar.gold import Entity, read_documents


@pytest.fixture(scope="module")
def gazetteer_dir(shared_data: Path) -> Path:
    return shared_data / "anercorp" / "ANERGazet"


def test_progress_bar_off_a_terminal_writes_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    plain = Console(file=buffer, soft_wrap=True, width=_common.PLAIN_WIDTH, color_system=None)
    monkeypatch.setattr(_common, "console", plain)
    monkeypatch.setattr(_common, "PLAIN_PROGRESS_SECONDS", 3600.0)
    with _common.progress_bar("passes") as progress:
        for done in range(4):
            progress(done, 3)
    lines = buffer.getvalue().splitlines()
    # The first call and the last (done == total) are written; those in between are too soon.
    assert [line.split(" (")[0] for line in lines] == ["passes: 0/3", "passes: 3/3"]


def test_the_first_plain_line_is_written_on_a_machine_just_booted(monkeypatch: pytest.MonkeyPatch) -> None:
    # perf_counter counts from boot: a machine up for 5 s must still see the first count at once.
    buffer = io.StringIO()
    monkeypatch.setattr(_common, "console", Console(file=buffer, soft_wrap=True, width=_common.PLAIN_WIDTH, color_system=None))
    monkeypatch.setattr(_common.time, "perf_counter", lambda: 5.0)
    with _common.progress_bar("passes") as progress:
        progress(0, 3)
        progress(1, 3)
    assert [line.split(" (")[0] for line in buffer.getvalue().splitlines()] == ["passes: 0/3", "passes: 1/3"]


def test_plain_progress_with_no_total_ends_on_the_last_count(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path, saudinewsnet_dir: Path) -> None:
    """An import does not know its total: off a terminal the log still ends on how many articles were written."""
    from typer.testing import CliRunner

    from khabar.cli import app

    buffer = io.StringIO()
    plain = Console(file=buffer, soft_wrap=True, width=_common.PLAIN_WIDTH, color_system=None)
    monkeypatch.setattr(_common, "console", plain)
    monkeypatch.setattr(_common, "PLAIN_PROGRESS_SECONDS", 3600.0)
    result = CliRunner().invoke(app, ["corpus", "import", str(sorted(saudinewsnet_dir.glob("*.zip"))[0]),
                                      "--out", str(tmp_path / "day.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    written = sum(1 for _ in (tmp_path / "day.jsonl").open(encoding="utf-8"))
    progress = [line.split(" (")[0] for line in buffer.getvalue().splitlines() if line.startswith("importing")]
    assert written > 1000 and progress == ["importing articles: 500", f"importing articles: {written:,}"]


def test_entity_extraction_reports_each_document(tmp_path: Path, dev_gold_path: Path, gazetteer_dir: Path) -> None:
    from khabar.extract.entities import extract_file, load_recognizer

    seen: list[int] = []
    count = extract_file(dev_gold_path, tmp_path / "e.jsonl", load_recognizer("gazetteer", gazetteer_dir=gazetteer_dir),
                         progress=lambda done, total: seen.append(done))
    assert count == 21 and seen == list(range(1, 22))
    assert all(isinstance(e, Entity) for d in read_documents(tmp_path / "e.jsonl") for e in d.entities)


def test_crf_training_reports_each_iteration_and_saves_without_the_callback(anercorp_path: Path, tmp_path: Path) -> None:
    from khabar.extract.crf import CrfRecognizer, train_crf
    from khabar.extract.entities import read_training_documents

    documents = list(itertools.islice(read_training_documents([anercorp_path]), 200))
    seen: list[tuple[int, int | None]] = []
    model = train_crf(documents, use_gazetteer=False, max_iterations=12, progress=lambda *args: seen.append(args))
    assert seen == [(n, 12) for n in range(1, len(seen) + 1)] and len(seen) >= 10
    assert model.crf.trainer_cls is None
    reloaded = CrfRecognizer.load(model.save(tmp_path / "m.crf"))
    assert reloaded.predict("قال الملك سلمان في الرياض") == model.predict("قال الملك سلمان في الرياض")


def test_cluster_training_reports_each_word2vec_pass(saudinewsnet_dir: Path) -> None:
    from khabar.extract.clusters import iter_corpus_texts, train_clusters

    day = sorted(saudinewsnet_dir.glob("*.zip"))[0]
    texts = list(itertools.islice(iter_corpus_texts([day]), 200))
    seen: list[tuple[int, int | None]] = []
    clusters = train_clusters(texts, sizes=(4,), epochs=3, min_count=2, skip_gram=False,
                              progress=lambda *args: seen.append(args))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert len(clusters) > 100
