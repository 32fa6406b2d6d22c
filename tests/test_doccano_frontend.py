"""khabar's WSGI wrapper of doccano's application, without a server: what it adds to pages and what it leaves alone.

doccano's own application is replaced by a small WSGI stand-in (the wrapper
runs inside doccano's environment, which the toolkit's does not have); the
real server is exercised by tests/integration/test_doccano_browser.py.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator

import pytest

from khabar.doccano.frontend import ARC_GAP, SCRIPT_PATH, SERVED_DIR, STORAGE_KEY, gunicorn_application

PAGE = "<!doctype html><html><head><title>doccano</title></head><body><div id=__nuxt></div></body></html>"


class _Closing(list):
    closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def wrapper(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    calls: list[dict] = []
    bodies: list[_Closing] = []

    def doccano(environ, start_response):
        calls.append(environ)
        path = environ["PATH_INFO"]
        if path.startswith("/v1/"):
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
            return [b"{}"]
        if path == "/favicon.ico":
            start_response("200 OK", [("Content-Type", "image/x-icon")])
            return [b"\x00\x01"]
        body = PAGE.encode("utf-8")
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
        bodies.append(_Closing([body[:20], body[20:]]))
        return bodies[-1]

    config = types.ModuleType("config")
    wsgi = types.ModuleType("config.wsgi")
    wsgi.application = doccano
    monkeypatch.setitem(sys.modules, "config", config)
    monkeypatch.setitem(sys.modules, "config.wsgi", wsgi)
    monkeypatch.syspath_prepend(str(SERVED_DIR))
    sys.modules.pop("khabar_frontend_wsgi", None)
    module = importlib.import_module("khabar_frontend_wsgi")
    module.test_calls, module.test_bodies = calls, bodies
    yield module
    sys.modules.pop("khabar_frontend_wsgi", None)


def _get(app, path: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=dict(headers))

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": method}, start_response))
    return seen["status"], seen["headers"], body


def test_gunicorn_loads_the_wrapper_from_the_served_folder() -> None:
    args = gunicorn_application()
    assert args[:2] == ["--pythonpath", str(SERVED_DIR)] and args[2] == "khabar_frontend_wsgi:application"
    assert (SERVED_DIR / "khabar_frontend_wsgi.py").is_file()


def test_html_pages_gain_one_script_tag_with_a_correct_length(wrapper) -> None:
    status, headers, body = _get(wrapper.application, "/projects/1/sequence-labeling")
    page = body.decode("utf-8")
    assert status == "200 OK" and page.count(f'<script src="{wrapper.SCRIPT_PATH}" defer></script></head>') == 1
    assert int(headers["Content-Length"]) == len(body) and page.replace(
        f'<script src="{wrapper.SCRIPT_PATH}" defer></script>', "") == PAGE
    assert wrapper.test_bodies[-1].closed  # doccano's response is closed once read


def test_the_script_defaults_to_right_to_left_and_remembers_the_users_choice(wrapper) -> None:
    status, headers, body = _get(wrapper.application, wrapper.SCRIPT_PATH)
    script = body.decode("utf-8")
    assert status == "200 OK" and headers["Content-Type"].startswith("application/javascript")
    assert wrapper.STORAGE_KEY == STORAGE_KEY and f'var KEY = "{STORAGE_KEY}";' in script
    assert 'saved === null ? true : saved === "true"' in script  # nothing saved: right to left
    assert "config/toggleRTL" in script and "localStorage.setItem(KEY" in script
    assert wrapper.test_calls == []  # served by the wrapper, doccano never asked


def test_the_script_lays_out_relation_arcs_before_it_sets_the_direction(wrapper) -> None:
    script = _get(wrapper.application, wrapper.SCRIPT_PATH)[2].decode("utf-8")
    assert wrapper.SCRIPT_PATH == SCRIPT_PATH and wrapper.ARC_GAP == ARC_GAP
    assert f"var ARC_GAP = {ARC_GAP};" in script and "lineRelations" in script and ".mixin(" in script
    # Toggling the direction re-creates v-annotator's lines (their key holds it): they must find the mixin in place.
    assert script.index("installArcLayout(app);") < script.index("applyRtlDefault(app.$store);")
    assert script.count("(function () {") == 1 and script.rstrip().endswith("})();")


@pytest.mark.parametrize(("path", "method"), [("/v1/health/", "GET"), ("/favicon.ico", "GET"), ("/auth", "POST")])
def test_the_api_other_files_and_other_methods_pass_through_unchanged(wrapper, path: str, method: str) -> None:
    _, _, body = _get(wrapper.application, path, method)
    assert wrapper.SCRIPT_PATH.encode() not in body
    assert wrapper.test_calls[-1]["PATH_INFO"] == path
