"""doccano's WSGI application with khabar's defaults for the served frontend: right to left.

doccano 1.8.4 keeps the direction of the annotation text in its Vuex store
(``config.rtl``, default ``false``), toggled by the RTL/LTR switch of the user
menu and never saved: every reload opens Arabic left to right. The frontend is
a built bundle inside doccano's wheel, so instead of patching it this wrapper
adds one same-origin script to the HTML page doccano serves (a separate file,
not inline, so a Content-Security-Policy of ``script-src 'self'`` still allows
it). The script waits for the Nuxt app, sets the store to right to left unless
the user chose otherwise, and remembers the user's choice in ``localStorage``.

Runs in doccano's environment (gunicorn ``--pythonpath`` this folder,
``khabar_frontend_wsgi:application``); imports nothing from khabar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from config.wsgi import application as doccano_application

SCRIPT_PATH = "/khabar/frontend-defaults.js"
#: localStorage key holding the user's own choice ("true" right to left, "false" left to right).
STORAGE_KEY = "khabar.rtl"

SCRIPT = """(function () {
  "use strict";
  var KEY = %(key)s;
  function wanted() {
    try { var saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
    return saved === null ? true : saved === "true";
  }
  function apply(store) {
    if (store.getters["config/isRTL"] !== wanted()) { store.dispatch("config/toggleRTL"); }
    store.watch(function (state) { return state.config.rtl; }, function (rtl) {
      try { window.localStorage.setItem(KEY, String(rtl)); } catch (e) { /* private mode: not remembered */ }
    });
    document.documentElement.setAttribute("data-khabar-rtl-default", "applied");
  }
  var tries = 0;
  (function wait() {
    var app = window.$nuxt;
    if (app && app.$store && app.$store.getters && "config/isRTL" in app.$store.getters) { apply(app.$store); return; }
    if (tries++ < 1200) { setTimeout(wait, 50); }
  })();
})();
""" % {"key": '"' + STORAGE_KEY + '"'}

_SCRIPT_BYTES = SCRIPT.encode("utf-8")
_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode("ascii")

StartResponse = Callable[..., Any]


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in headers if k.lower() == name), "")


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """doccano's application; its HTML pages gain the defaults script, which is served at ``SCRIPT_PATH``."""
    if environ.get("PATH_INFO") == SCRIPT_PATH:
        start_response("200 OK", [("Content-Type", "application/javascript; charset=utf-8"),
                                  ("Content-Length", str(len(_SCRIPT_BYTES))), ("Cache-Control", "no-cache")])
        return [_SCRIPT_BYTES]
    path = environ.get("PATH_INFO", "")
    if environ.get("REQUEST_METHOD") != "GET" or path.startswith(("/v1/", "/static/", "/media/")):
        return doccano_application(environ, start_response)

    captured: dict[str, Any] = {}
    written: list[bytes] = []

    def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        captured.update(status=status, headers=headers, exc_info=exc_info)
        return written.append

    body = doccano_application(environ, capture)
    headers = captured["headers"]
    if not _header(headers, "content-type").startswith("text/html") or _header(headers, "content-encoding"):
        start_response(captured["status"], headers, captured["exc_info"])
        return [*written, *body] if written else body
    try:
        page = b"".join([*written, *body])
    finally:
        if hasattr(body, "close"):
            body.close()
    if _TAG not in page and b"</head>" in page:
        page = page.replace(b"</head>", _TAG + b"</head>", 1)
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(page))))
    start_response(captured["status"], headers, captured["exc_info"])
    return [page]
