"""khabar.annotation_sources: where notebook 02's annotations come from when no server answers."""

from __future__ import annotations

import socket
from pathlib import Path

from khabar.agreement import load_annotations
from khabar.annotation_sources import gold_and_machine, open_server
from khabar.gold import read_documents


def test_a_state_folder_without_a_running_server_gives_the_reason(tmp_path: Path, monkeypatch) -> None:
    # A new state folder's server is at KHABAR_DOCCANO_PORT, else 8000, where a developer's own doccano may answer:
    # a port just freed is one where none does.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    monkeypatch.setenv("KHABAR_DOCCANO_PORT", str(free_port))
    reason = open_server(tmp_path / "state", project="khabar-demo")
    assert isinstance(reason, str) and "doccano is not running" in reason and str(tmp_path / "state") in reason


def test_an_address_where_nothing_answers_gives_the_reason(tmp_path: Path) -> None:
    reason = open_server(tmp_path, url="http://127.0.0.1:9", username="admin", password="x")
    assert isinstance(reason, str) and "E310" in reason


def test_gold_and_machine_are_two_annotators_of_the_same_texts(dev_gold_path: Path, tmp_path: Path) -> None:
    files, machine = gold_and_machine(dev_gold_path, tmp_path / "out")
    gold = list(read_documents(dev_gold_path))
    assert [d.id for d in machine] == [d.id for d in gold] and [d.text for d in machine] == [d.text for d in gold]
    assert sum(len(d.entities) for d in machine) > 0 and machine != gold
    annotations = load_annotations(files)
    assert annotations.annotators == ["gold", "machine"] and len(annotations.shared(2)) == len(gold)
