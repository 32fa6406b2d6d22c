"""doccano's WSGI application with khabar's changes to the served frontend: right to left, readable relation arcs.

doccano 1.8.4 ships its frontend as a built bundle inside its wheel, so instead of
patching the bundle this wrapper adds one same-origin script to the HTML pages
doccano serves (a separate file, not inline, so a Content-Security-Policy of
``script-src 'self'`` still allows it). The script waits for the Nuxt app and
makes three changes.

Right to left by default. doccano keeps the direction of the annotation text in
its Vuex store (``config.rtl``, default ``false``), toggled by the RTL/LTR switch
of the user menu and never saved: every reload would open Arabic left to right.
The script sets the store to right to left unless the user chose otherwise, and
remembers the user's choice in ``localStorage``.

Relation arcs that cross lines. doccano draws the text with the ``v-annotator``
library: one SVG per wrapped line, and on it one arc per relation that touches
the line (its ``RelationLine.render`` computes the arcs, ``VLine`` keeps them in
its computed ``lineRelations``, ``BaseRelation`` draws each). A relation between
entities on different lines is drawn on every line from the first entity's to
the second's, and v-annotator lays those pieces out badly:

* an end that continues on another line is put at the container's edges, the
  left one at the container's left (past the ragged end of a right-to-left
  line, at the page margin) and the right one at the container's *width*
  less its offset on the page (the page coordinate is used as a width), so an
  arc arriving from the previous line starts in the middle of the line,
  pointing at nothing;
* every piece carries the relation's label, and pieces that look identical
  (several ``speaker`` relations leaving one source for later lines, all of
  them on lines in between) each get their own level: columns of identical
  labels stacked over the text.

doccano passes v-annotator no option that changes this (its props are
``rtl``, ``allowOverlapping``, ``graphemeMode``, labels and colours), and CSS
cannot move an arc's end. The least invasive change that works is to correct
the numbers v-annotator draws from: a global Vue mixin wraps ``VLine``'s
``lineRelations`` (recognised by its props, since the bundle's components are
unnamed) so that

* an end continuing on another line stops just past the edge of this line's
  own text (``ARC_GAP`` pixels), inside the text area;
* a relation's label is shown once, on the line of its earlier entity;
  continuation pieces are drawn without one;
* pieces with the same ends, type and arrow share one level (they coincide,
  so drawing them once is what they look like), and levels are then
  recomputed as v-annotator does (an interval per level, a label's width when
  it is wider than its arc).

v-annotator's own components still draw everything (clicks, hover
highlighting and colours are theirs), and Vue re-renders keep the change
since it lives in the computed value, not in the DOM. Lines already on the
page when the script starts are patched in place (and sized again).

Text measured in the page's own fonts. v-annotator wraps lines by character widths
it measures once, when an article's text arrives. doccano's Roboto (which
covers spaces, digits and Latin letters) is a web font, and when the text
arrives before the font has loaded (a first visit, a slow machine) spaces and
digits are measured in the fallback font: the lines wrap by wrong widths, and
differently from one load to the next. The script measures again whenever the
page's fonts finish loading and, when the widths changed, gives v-annotator the
new ones (it then wraps and lays out again).

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

#: How far (CSS pixels) past the edge of its line's text an arc continuing on another line stops.
ARC_GAP = 8

RTL_DEFAULT_JS = """
  var KEY = %(key)s;
  function wanted() {
    try { var saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
    return saved === null ? true : saved === "true";
  }
  function applyRtlDefault(store) {
    if (store.getters["config/isRTL"] !== wanted()) { store.dispatch("config/toggleRTL"); }
    store.watch(function (state) { return state.config.rtl; }, function (rtl) {
      try { window.localStorage.setItem(KEY, String(rtl)); } catch (e) { /* private mode: not remembered */ }
    });
    document.documentElement.setAttribute("data-khabar-rtl-default", "applied");
  }
""" % {"key": '"' + STORAGE_KEY + '"'}

ARC_LAYOUT_JS = """
  var ARC_GAP = %(gap)d;
  /* vm: a v-annotator VLine; pieces: what its RelationLine.render gave (x in viewport pixels). */
  function layOutArcs(vm, pieces) {
    var text = vm.element;
    if (!text || typeof text.getBoundingClientRect !== "function" || !pieces.length) { return pieces; }
    var box = text.getBoundingClientRect();
    var measured = vm.right > 0;  /* v-annotator measures its container 500 ms after mounting */
    var edgeLeft = measured ? vm.left : -Infinity, edgeRight = measured ? vm.left + vm.right : Infinity;
    var lineStart = vm.textLine.startOffset, levels = [], drawn = {};
    return pieces.map(function (piece) {
      var x1 = piece.openLeft ? Math.max(edgeLeft, box.left - ARC_GAP) : piece.x1;
      var x2 = piece.openRight ? Math.min(edgeRight, box.right + ARC_GAP) : piece.x2;
      var key = [Math.round(x1), Math.round(x2), piece.label, piece.marker].join(" ");
      if (key in drawn) {
        return Object.assign({}, piece, {x1: x1, x2: x2, level: drawn[key], label: "", labelWidth: 0});
      }
      var labelled = !piece.relation.isOpenOnLeft(lineStart);
      var width = labelled ? piece.labelWidth : 0, lo = x1, hi = x2;
      if (hi - lo < width) { lo = (x1 + x2 - width) / 2; hi = lo + width; }
      var level = 0;
      while (levels[level] && levels[level].some(function (iv) { return lo < iv[1] && iv[0] < hi; })) { level++; }
      (levels[level] = levels[level] || []).push([lo, hi]);
      drawn[key] = level;
      return Object.assign({}, piece, {x1: x1, x2: x2, level: level,
                                       label: labelled ? piece.label : "", labelWidth: width});
    });
  }
  function isAnnotatorLine(options) {
    return !!(options && options.props && options.props.textLine && options.props.relationLabels &&
              options.computed && typeof options.computed.lineRelations === "function");
  }
  function laidOut(lineRelations) {
    var wrapped = function () { return layOutArcs(this, lineRelations.call(this)); };
    wrapped.khabarArcs = true;
    wrapped.unpatched = lineRelations;  /* v-annotator's own layout, for checking that none of its pieces is lost */
    return wrapped;
  }
  function installArcLayout(app) {
    app.constructor.mixin({beforeCreate: function () {
      var options = this.$options;
      if (isAnnotatorLine(options) && !options.computed.lineRelations.khabarArcs) {
        options.computed = Object.assign({}, options.computed, {lineRelations: laidOut(options.computed.lineRelations)});
      }
    }});
    (function patchLive(vm) {
      var watchers = vm._computedWatchers;
      if (isAnnotatorLine(vm.$options) && watchers && watchers.lineRelations && !watchers.lineRelations.getter.khabarArcs) {
        watchers.lineRelations.getter = laidOut(watchers.lineRelations.getter);
        Object.keys(watchers).forEach(function (name) { watchers[name].dirty = true; });
        vm.$forceUpdate();
        /* v-annotator sizes a line's SVG only when its entities change: size it again for the new levels. */
        var resize = vm.$options.watch && vm.$options.watch.entities;
        if (resize && typeof resize.handler === "function") { resize.handler.call(vm); }
      }
      vm.$children.forEach(patchLive);
    })(app);
    document.documentElement.setAttribute("data-khabar-arcs", "applied");
  }
""" % {"gap": ARC_GAP}

FONT_MEASURE_JS = """
  /* vm: a v-annotator VAnnotator (recognised by its data and its text watcher, which measures the font). */
  function isAnnotator(vm) {
    var watch = vm.$options.watch && vm.$options.watch.text;
    return !!(watch && typeof watch.handler === "function" && vm.$data && "font" in vm.$data && "textElement" in vm.$data);
  }
  function sameWidths(a, b) {
    if (a.size !== b.size) { return false; }
    var same = true;
    a.forEach(function (width, ch) { if (Math.abs(width - (b.get(ch) || 0)) > 0.01) { same = false; } });
    return same;
  }
  function remeasure(vm) {
    if (isAnnotator(vm) && vm.font && vm.textElement && typeof vm.font.constructor.create === "function") {
      var fresh = vm.font.constructor.create(vm.text, vm.textElement);
      if (!sameWidths(fresh.width, vm.font.width)) {
        /* label widths are cached computed values measured in the same element: measure them again too */
        var watchers = vm._computedWatchers || {};
        Object.keys(watchers).forEach(function (name) { watchers[name].dirty = true; });
        vm.font = fresh;
      }
    }
    vm.$children.forEach(remeasure);
  }
  function installFontMeasure(app) {
    if (!document.fonts || typeof document.fonts.addEventListener !== "function") { return; }
    var settle = function () {
      remeasure(app);
      if (document.fonts.status === "loaded") {
        document.documentElement.setAttribute("data-khabar-fonts", "measured");
      }
    };
    document.fonts.addEventListener("loading", function () {
      document.documentElement.setAttribute("data-khabar-fonts", "loading");
    });
    document.fonts.addEventListener("loadingdone", settle);
    document.fonts.addEventListener("loadingerror", settle);
    document.fonts.ready.then(settle);
  }
"""

SCRIPT = """(function () {
  "use strict";
%(rtl)s%(arcs)s%(fonts)s
  var tries = 0;
  (function wait() {
    var app = window.$nuxt;
    if (app && app.$store && app.$store.getters && "config/isRTL" in app.$store.getters) {
      installArcLayout(app);
      installFontMeasure(app);
      applyRtlDefault(app.$store);
      return;
    }
    if (tries++ < 1200) { setTimeout(wait, 50); }
  })();
})();
""" % {"rtl": RTL_DEFAULT_JS, "arcs": ARC_LAYOUT_JS, "fonts": FONT_MEASURE_JS}

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
