"""Waiting for doccano's celery tasks is bounded (the server itself is exercised in tests/integration)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from khabar.doccano.client import Session
from khabar.errors import ConfigError


class _Pending(Session):
    """A session whose task never finishes, as when the worker that took it was killed."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9", "admin", "token")
        self.polls = 0

    def get(self, route: str, **kwargs: Any) -> Any:
        self.polls += 1
        return {"ready": False, "result": None, "error": None}


def test_a_task_whose_worker_died_fails_at_once_with_e380() -> None:
    session = _Pending()
    started = time.monotonic()
    with pytest.raises(ConfigError) as err:
        session.wait_task("t-1", timeout=60, worker_alive=lambda: False)
    assert time.monotonic() - started < 5
    assert err.value.code == "E380" and "t-1" in str(err.value) and "khabar doccano up" in str(err.value)


def test_a_task_that_never_finishes_fails_after_the_timeout_with_e316() -> None:
    session = _Pending()
    started = time.monotonic()
    with pytest.raises(ConfigError) as err:
        session.wait_task("t-2", timeout=1.5, worker_alive=lambda: True)
    assert 1.5 <= time.monotonic() - started < 5
    assert err.value.code == "E316" and session.polls > 3


def test_a_refused_or_broken_connection_is_e310() -> None:
    session = Session("http://127.0.0.1:9", "admin", "token")  # port 9 (discard): nothing listens
    with pytest.raises(ConfigError) as err:
        session.get("projects", timeout=2)
    assert err.value.code == "E310" and "127.0.0.1:9" in str(err.value)


def test_a_clone_is_the_same_user_on_a_connection_of_its_own() -> None:
    session = Session("http://127.0.0.1:9/", "admin", "s3cret")
    session.remember_project("p", 4)
    twin = session.clone()
    assert (twin.url, twin.username) == ("http://127.0.0.1:9", "admin")
    assert twin._http is not session._http
    assert twin._http.headers["Authorization"] == "Token s3cret"
    assert twin.project_id("p") == 4
    twin.remember_project("q", 5)
    assert "q" not in session._project_ids  # each keeps its own cache


def test_an_empty_answer_to_a_read_is_e310_not_none() -> None:
    # A web server killed mid-answer can leave a 200 with no body; callers iterate what a GET returns.
    import http.server
    import threading

    class Empty(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_DELETE(self) -> None:  # noqa: N802
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Empty)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        session = Session(f"http://127.0.0.1:{server.server_port}", "admin", "token")
        with pytest.raises(ConfigError) as err:
            session.get("projects/1/members", timeout=5)
        assert err.value.code == "E310"
        assert session.delete("projects/1/members/2", timeout=5) is None  # no content is a delete's answer
    finally:
        server.shutdown()
        server.server_close()
