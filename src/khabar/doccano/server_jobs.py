"""Run :mod:`.django_jobs.jobs` in the doccano server's environment and talk to it, one JSON line each way.

One process serves a whole push (Django starts once, about a second), started
as soon as the push knows it will need it so its start-up overlaps the
reading and the first upload.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .server import DoccanoServer

__all__ = ["ServerJobs"]

_JOBS_FILE = Path(__file__).with_name("django_jobs") / "jobs.py"
_REPLY = "KHABAR-JOB "


class ServerJobs:
    """A running job process of one doccano server; use as a context manager, or :meth:`close` it."""

    def __init__(self, server: DoccanoServer) -> None:
        self.server = server
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._proc = subprocess.Popen(
            [str(server.venv / "bin" / "python"), str(_JOBS_FILE)], cwd=server.backend_dir(),
            env=server.environment(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            text=True, encoding="utf-8")
        self._ready = False

    def __enter__(self) -> ServerJobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reply(self, job: str) -> Any:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            if not line.startswith(_REPLY):
                continue
            reply = json.loads(line[len(_REPLY):])
            if "error" in reply:
                raise ConfigError("E383", f"the doccano server job {job!r} failed: {reply['error']}")
            return reply["ok"]
        self._proc.wait()
        self._stderr.seek(0)
        tail = (self._stderr.read().strip().splitlines() or ["(no output)"])[-1]
        raise ConfigError("E383", f"the doccano server job {job!r} stopped (exit {self._proc.returncode}): {tail}")

    def call(self, job: str, **args: Any) -> Any:
        """Run one job (a function of :mod:`.django_jobs.jobs`) with keyword ``args``; return its result."""
        if not self._ready:
            self._reply("start")
            self._ready = True
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps({"job": job, "args": args}) + "\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            pass  # the process is gone: _reply reports why
        return self._reply(job)

    def close(self) -> None:
        """End the job process (it finishes when its input closes)."""
        if self._proc.poll() is None:
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.close()
                self._proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._stderr.close()
