"""scripts/pip_progress.py: what `make setup` shows of a pip install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pip_progress.py"

PIP_OUTPUT = """\
Looking in links: /opt/pypi/files
Collecting amqp==5.4.2 (from -r requirements.lock (line 3))
  Using cached amqp-5.4.2-py3-none-any.whl (50 kB)
Processing /opt/pypi/files/vine-5.1.0-py3-none-any.whl
Requirement already satisfied: pip in ./.venv/lib/python3.11/site-packages (25.0)
Installing collected packages: vine, amqp
Successfully installed amqp-5.4.2 vine-5.1.0
"""


def test_one_line_per_requirement_and_the_whole_log_kept(tmp_path: Path) -> None:
    log = tmp_path / "pip.log"
    venv = tmp_path / "venv"
    (venv / "lib" / "python3.11" / "site-packages").mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--total", "2", "--log", str(log), "--venv", str(venv)],
        input=PIP_OUTPUT, capture_output=True, text=True, check=True,
    )
    lines = [line.split() for line in result.stdout.splitlines()]
    assert [line[-1] for line in lines[:2]] == ["amqp==5.4.2", "/opt/pypi/files/vine-5.1.0-py3-none-any.whl"]
    assert [line[:2] for line in lines[:2]] == [["[", "1/2]"], ["[", "2/2]"]]
    assert "installing 2 packages" in result.stdout and "installed 2 packages" in result.stdout
    assert result.stdout.rstrip().endswith("1 requirements already satisfied")
    assert log.read_text(encoding="utf-8") == PIP_OUTPUT


def test_errors_reach_stderr(tmp_path: Path) -> None:
    failing = "Collecting nothere==1.0\nERROR: No matching distribution found for nothere==1.0\n"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--log", str(tmp_path / "pip.log")],
        input=failing, capture_output=True, text=True, check=True,
    )
    assert result.stderr == "ERROR: No matching distribution found for nothere==1.0\n"
    assert "[  1] " in result.stdout


def test_a_requirement_beyond_the_total_is_not_counted_past_it(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--total", "1", "--log", str(tmp_path / "pip.log")],
        input=PIP_OUTPUT, capture_output=True, text=True, check=True,
    )
    first, second = result.stdout.splitlines()[:2]
    assert "[  1/1]" in first and "amqp==5.4.2" in first
    assert "[  2] " in second and second.endswith("(not pinned in the lock)") and "/1]" not in second
