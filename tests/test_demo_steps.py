"""The demo's step record: a step is reused only when its outputs exist and its inputs are those that made them."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def demo(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    spec = importlib.util.spec_from_file_location("khabar_demo_script", REPO / "scripts" / "demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "STEPS_RECORD", tmp_path / "demo-steps.json")
    return module


def test_a_step_is_reused_only_while_inputs_settings_and_outputs_are_unchanged(demo, tmp_path, monkeypatch) -> None:
    source = tmp_path / "in" / "articles.jsonl"
    source.parent.mkdir()
    source.write_text('{"text": "نص"}\n', encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("made\n", encoding="utf-8")
    key = demo.fingerprint(source.parent, limit=2000)
    assert not demo.reusable("import", key, output)  # nothing recorded yet
    demo.remember("import", key)
    assert demo.reusable("import", demo.fingerprint(source.parent, limit=2000), output)
    assert not demo.reusable("stats", key, output)  # recorded for another step
    assert demo.fingerprint(source.parent, limit=10) != key  # another setting
    monkeypatch.setenv("KHABAR_CORPUS", "elsewhere.jsonl")
    assert demo.fingerprint(source.parent, limit=2000) != key  # the environment the commands read
    monkeypatch.delenv("KHABAR_CORPUS")
    source.write_text('{"text": "نص آخر"}\n', encoding="utf-8")
    assert demo.fingerprint(source.parent, limit=2000) != key  # an input changed
    source.write_text('{"text": "نص"}\n', encoding="utf-8")
    os.utime(source, ns=(1, 1))
    assert demo.fingerprint(source.parent, limit=2000) != key  # same size, another time: not trusted
    (tmp_path / "in" / "more.jsonl").write_text("{}\n", encoding="utf-8")
    assert demo.fingerprint(source.parent) != demo.fingerprint(source)  # a file added to a folder counts
    output.unlink()
    assert not demo.reusable("import", key, output)  # the output is gone


def test_the_record_survives_a_broken_file_and_keeps_other_steps(demo) -> None:
    demo.STEPS_RECORD.write_text("{not json", encoding="utf-8")
    assert not demo.reusable("import", "k")
    demo.remember("import", "k1")
    demo.remember("stats", "k2")
    assert demo.reusable("import", "k1") and demo.reusable("stats", "k2")
    assert not list(demo.STEPS_RECORD.parent.glob("*.tmp"))


def test_hidden_error_lines_are_left_out_unless_the_command_fails(demo, capfd) -> None:
    import subprocess
    import sys

    script = "import sys; sys.stderr.write('noise: {0}\\nkept\\n'); sys.exit({1})"
    demo.run(sys.executable, "-c", script.format("a", 0), hide=("noise",))
    err = capfd.readouterr().err
    assert "kept" in err and "noise" not in err
    with pytest.raises(subprocess.CalledProcessError):
        demo.run(sys.executable, "-c", script.format("b", 3), hide=("noise",))
    assert "noise: b" in capfd.readouterr().err  # a failing command shows everything


@pytest.mark.parametrize("content", ['["import"]', '"import"', "null"])
def test_a_record_of_another_shape_is_read_as_empty_and_rewritten(demo, content) -> None:
    demo.STEPS_RECORD.write_text(content, encoding="utf-8")
    assert not demo.reusable("import", "k")
    demo.remember("import", "k1")
    assert demo.reusable("import", "k1")
    assert json.loads(demo.STEPS_RECORD.read_text(encoding="utf-8")) == {"import": "k1"}
