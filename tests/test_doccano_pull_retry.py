"""``export_zip`` starts doccano's export again when the server's database was busy, and only then.

The server's side (WAL mode, busy timeout, a pull on a loaded machine) is tested
against the real server in tests/integration/test_doccano_security.py; here a
stand-in session fails the way doccano does, to test the retry path itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from khabar.doccano.pull import export_zip
from khabar.errors import ConfigError


class FailingExports:
    """A session whose first ``failures`` export tasks fail with ``error``."""

    def __init__(self, failures: int, error: ConfigError) -> None:
        self.failures, self.error = failures, error
        self.started: list[str] = []

    def post(self, route: str, **_: Any) -> dict[str, str]:
        self.started.append(route)
        return {"task_id": f"t{len(self.started)}"}

    def wait_task(self, task_id: str) -> str:
        if len(self.started) <= self.failures:
            raise self.error
        return "/media/x.zip"

    def request(self, method: str, route: str, **kwargs: Any) -> Any:
        assert kwargs["params"] == {"taskId": f"t{len(self.started)}"}
        return type("Response", (), {"content": b"PK-zip"})()


LOCKED = ConfigError("E315", "doccano task t1 failed: OperationalError('database is locked')")


def test_a_locked_database_is_retried_with_growing_delays(monkeypatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    session = FailingExports(2, LOCKED)
    assert export_zip(session, 7, retry_delays=(1.0, 3.0, 9.0)) == b"PK-zip"  # type: ignore[arg-type]
    assert slept == [1.0, 3.0] and session.started == ["projects/7/download"] * 3


def test_a_server_error_while_busy_is_retried_too(monkeypatch) -> None:
    monkeypatch.setattr("time.sleep", lambda s: None)
    busy = ConfigError("E313", "doccano answered 500 to GET http://127.0.0.1:1/v1/tasks/status/t1: <h1>Server Error")
    assert export_zip(FailingExports(1, busy), 7, retry_delays=(1.0,)) == b"PK-zip"  # type: ignore[arg-type]


def test_still_locked_after_every_retry_is_e370(monkeypatch) -> None:
    monkeypatch.setattr("time.sleep", lambda s: None)
    session = FailingExports(99, LOCKED)
    with pytest.raises(ConfigError) as err:
        export_zip(session, 7, retry_delays=(1.0, 2.0))  # type: ignore[arg-type]
    assert err.value.code == "E370" and "3 times" in str(err.value) and "database is locked" in str(err.value)
    assert len(session.started) == 3


def test_other_failures_are_not_retried(monkeypatch) -> None:
    monkeypatch.setattr("time.sleep", lambda s: pytest.fail("must not wait"))
    for error in (ConfigError("E315", "doccano task t1 failed: KeyError('text')"),
                  ConfigError("E312", "'ann' may not POST ... (doccano answered 403 Forbidden)")):
        session = FailingExports(1, error)
        with pytest.raises(ConfigError) as err:
            export_zip(session, 7)  # type: ignore[arg-type]
        assert err.value is error and len(session.started) == 1
