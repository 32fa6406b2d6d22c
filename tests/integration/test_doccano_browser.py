"""doccano's own UI in headless Chromium, as an annotator sees it.

An annotator opens a pre-annotated Arabic article: it is right to left without
touching the switch (and stays so after a reload), no khabar-internal JSON is on
the page, the guidelines open from the toolbar and describe the buttons that are
there, and the article is not done until the annotator confirms it. Quote
relations that cross lines are drawn inside the text, each labelled at most once.
Screenshots go to ``test-output/doccano-browser/``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from khabar.doccano.frontend import ARC_GAP, SCRIPT_PATH, STORAGE_KEY
from khabar.doccano.project import add_user, create_project
from khabar.doccano.push import existing_ids, push
from khabar.doccano.sidecar import PRIVATE_KEYS
from khabar.gold import read_documents

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "test-output" / "doccano-browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
#: The icons doccano 1.8.4 draws on its confirm button (Material Design paths of mdiClose and mdiCheck).
NOT_CHECKED_ICON = ("M19,6.41L17.59,5L12,10.59L6.41,5L5,6.41L10.59,12L5,17.59L6.41,19L12,13.41L17.59,19L19,17.59"
                    "L13.41,12L19,6.41Z")
CHECKED_ICON = "M21,7L9,19L3.5,13.5L4.91,12.09L9,16.17L19.59,5.59L21,7Z"
#: A Jawhara FM article whose party spokesman is quoted three times: most of its relations cross lines.
CROSSING_ARTICLE = "JA-politic-339-20160404"
#: The relation arcs of every line v-annotator has on screen (its recycled, hidden lines sit far above the page):
#: each line's text box and words, each arc's box, each arc label's box (the white box v-annotator draws the name on), and
#: how many arc pieces the line's Vue component lays out, and how many of them continue on another line (the component
#: decides that: it is what v-annotator draws from), and, where khabar's layout is installed, how many pieces
#: v-annotator's own layout of the same line has.
ARC_GEOMETRY_JS = """() => {
  const area = document.querySelector('.annotation-text').getBoundingClientRect();
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const lines = [...document.querySelectorAll('.annotation-text svg[direction]')]
    .filter((svg) => svg.getBoundingClientRect().top >= area.top);
  return lines.map((svg) => {
    const arcs = [...svg.querySelectorAll(':scope > g > g:not([transform])')];
    return {
      text: box(svg.querySelector(':scope > g > g > text')),
      arcs: arcs.map((arc) => box(arc.querySelector('path'))),
      labels: arcs.map((arc) => arc.querySelector(':scope > g'))
        .filter((label) => label && label.querySelector('text').textContent.trim())
        .map((label) => ({text: label.querySelector('text').textContent.trim(), ...box(label.querySelector('rect'))})),
      crossing: (svg.__vue__ && svg.__vue__.lineRelations || []).filter((p) => p.openLeft || p.openRight).length,
      pieces: (svg.__vue__ && svg.__vue__.lineRelations || []).length,
      unpatched: ((vm) => {
        const watcher = vm && vm._computedWatchers && vm._computedWatchers.lineRelations;
        return watcher && watcher.getter.unpatched ? watcher.getter.unpatched.call(vm).length : null;
      })(svg.__vue__),
      words: svg.querySelector(':scope > g > g > text').textContent,
    };
  });
}"""


def _ensure_chromium() -> None:
    """Install Debian's chromium and Arabic-capable fonts when they are missing (the tests install what they need)."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.fail("the browser test needs Debian's chromium: apt-get install -y chromium fonts-noto-core")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-core"], check=True, env=env,
                   capture_output=True)


@contextmanager
def _logged_in(url: str, username: str, password: str, viewport: dict[str, int]) -> Iterator[tuple[Any, Any]]:
    """Headless Chromium with one page, logged in to doccano as ``username``: (browser, page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=viewport)
            _log_in(page, url, username, password)
            yield browser, page
        finally:
            browser.close()


def _log_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/auth")
    page.locator("input").nth(0).fill(username)
    page.locator("input").nth(1).fill(password)
    page.locator('[data-test="delete-button"]').click()  # doccano's login button carries this test id
    page.wait_for_url("**/projects**", timeout=60_000)


def _open_article(page, url: str, project_id: int) -> None:
    page.goto(f"{url}/projects/{project_id}/sequence-labeling?page=1")
    page.locator(".annotation-text svg text").first.wait_for(timeout=60_000)
    # khabar's frontend script marks the page once it has set the direction.
    page.wait_for_function("document.documentElement.dataset.khabarRtlDefault === 'applied'", timeout=30_000)
    # ... and once the page's fonts have loaded and the text is measured in them.
    page.wait_for_function("document.documentElement.dataset.khabarFonts === 'measured'", timeout=30_000)
    page.wait_for_timeout(1000)


def _direction(page) -> str | None:
    return page.locator(".annotation-text svg").first.get_attribute("direction")


def _review_icon(page) -> str | None:
    return page.locator(".toolbar-control .v-btn-toggle button").first.locator("path").get_attribute("d")


def test_the_served_pages_carry_khabars_frontend_defaults(doccano_server) -> None:
    with urllib.request.urlopen(f"{doccano_server.url}/projects", timeout=30) as response:
        html = response.read().decode("utf-8")
        assert int(response.headers["Content-Length"]) == len(html.encode("utf-8"))
    assert html.count('<script src="/khabar/frontend-defaults.js"') == 1 and "</head>" in html
    with urllib.request.urlopen(f"{doccano_server.url}/khabar/frontend-defaults.js", timeout=30) as response:
        script = response.read().decode("utf-8")
        assert response.headers["Content-Type"].startswith("application/javascript")
    assert f'"{STORAGE_KEY}"' in script and "config/toggleRTL" in script
    # The API is doccano's own, untouched.
    with urllib.request.urlopen(f"{doccano_server.url}/v1/health/", timeout=30) as response:
        assert response.status == 200 and b"khabar" not in response.read()


def test_annotator_sees_a_clean_right_to_left_page_with_guidelines(doccano_server, doccano_project,
                                                                   dev_gold_path) -> None:
    _ensure_chromium()

    admin = doccano_server.session()
    project_id = create_project(admin, doccano_project)
    annotator = f"{doccano_project[:24]}-ui"
    password = add_user(admin, annotator, "annotator", doccano_project)
    seed = next(d for d in read_documents(dev_gold_path) if d.id == "seed-000")
    push(admin, doccano_project, [seed], preannotate=True, annotators={annotator: password})
    assert seed.id in existing_ids(admin, project_id)
    progress = admin.get(f"projects/{project_id}/metrics/member-progress")
    assert {p["user"]: p["done"] for p in progress["progress"]}[annotator] == 0  # pre-annotated is not done

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    shot, guide_shot, dataset_shot = (OUT_DIR / "annotation-rtl.png", OUT_DIR / "guidelines.png",
                                      OUT_DIR / "dataset-admin.png")
    with _logged_in(doccano_server.url, annotator, password, {"width": 1400, "height": 1000}) as (browser, page):
        _open_article(page, doccano_server.url, project_id)

        # Right to left without touching doccano's switch, and the user menu says so.
        assert _direction(page) == "rtl"
        page.locator("header button").nth(5).click()
        menu = page.locator(".v-menu__content")
        assert "RTL" in menu.inner_text()
        page.locator("header button").nth(5).click()  # closes the menu again
        menu.wait_for(state="hidden", timeout=10_000)

        chips = {c.strip() for c in page.locator(".annotation-text svg text").all_text_contents()}
        # The annotator's own copy of the pre-annotations is drawn: entity, quote and relation labels.
        assert {"ORG", "PERS", "SOURCE", "CUE", "CONTENT", "speaker", "cue"} <= chips
        shown = page.locator(".annotation-text").inner_text()
        assert "الكرملين" in shown and "بوتين" in shown

        # No khabar-internal JSON anywhere on the page; the metadata panel holds what annotators need.
        visible = page.locator("body").inner_text()
        for key in (*PRIVATE_KEYS, '":"', "indirect"):
            assert key not in visible
        metadata_keys = set(page.locator(".v-data-table tbody tr td:first-child").all_text_contents())
        assert {"title", "source", "url", "date"} <= {k.strip() for k in metadata_keys}
        assert not {k.strip() for k in metadata_keys} & set(PRIVATE_KEYS)
        page.screenshot(path=str(shot))

        # The confirm button shows ✕ ("Not Checked"), as the guidelines say, until the annotator presses it.
        assert _review_icon(page) == NOT_CHECKED_ICON
        page.locator(".toolbar-control .v-btn-toggle button").nth(0).hover()
        page.locator(".v-tooltip__content", has_text="Not Checked").wait_for(timeout=10_000)

        # The guidelines open from the toolbar's book button and describe this UI, with nothing to open elsewhere.
        page.locator(".toolbar-control .v-btn-toggle button").nth(3).click()
        dialog = page.locator(".v-dialog--active")
        dialog.wait_for(timeout=10_000)
        guide = dialog.inner_text()
        assert "Annotation Guideline" in guide
        assert "Not Checked" in guide and "Show Guideline" in guide and "CONTENT" in guide
        assert "GUIDELINES.md" not in guide and "shared/data" not in guide
        page.wait_for_timeout(500)
        page.screenshot(path=str(guide_shot))
        dialog.locator("button", has_text="Close").click()
        dialog.wait_for(state="hidden", timeout=10_000)

        page.locator(".toolbar-control .v-btn-toggle button").nth(0).click()
        page.wait_for_function(f"document.querySelector('.toolbar-control .v-btn-toggle button path')"
                               f".getAttribute('d') === '{CHECKED_ICON}'", timeout=10_000)
        progress = admin.get(f"projects/{project_id}/metrics/member-progress")
        assert {p["user"]: p["done"] for p in progress["progress"]}[annotator] == 1

        # Still right to left after a reload; an annotator's own choice of left to right is remembered.
        _open_article(page, doccano_server.url, project_id)
        assert _direction(page) == "rtl"
        page.evaluate("window.$nuxt.$store.dispatch('config/toggleRTL')")
        assert page.evaluate(f"window.localStorage.getItem('{STORAGE_KEY}')") == "false"
        _open_article(page, doccano_server.url, project_id)
        assert _direction(page) == "ltr"

        # The dataset table (a project admin's view) shows no internal JSON either.
        admin_page = browser.new_page(viewport={"width": 1400, "height": 900})
        _log_in(admin_page, doccano_server.url, doccano_server.admin_username, doccano_server.admin_password)
        admin_page.goto(f"{doccano_server.url}/projects/{project_id}/dataset")
        admin_page.locator("tbody tr td", has_text="seed-000").first.wait_for(timeout=60_000)
        table = admin_page.locator(".v-data-table").first.inner_text()
        assert "seed-000" in table and not any(key in table for key in PRIVATE_KEYS)
        admin_page.screenshot(path=str(dataset_shot))
    for path in (shot, guide_shot, dataset_shot):
        assert path.stat().st_size > 20_000
    print(f"screenshots: {shot}, {guide_shot}, {dataset_shot}")


#: A point on the stroke of the last arc piece drawn without a label (a relation arriving from an earlier line).
CONTINUATION_POINT_JS = """() => {
  const area = document.querySelector('.annotation-text').getBoundingClientRect();
  const pieces = [...document.querySelectorAll('.annotation-text svg[direction] > g > g:not([transform])')]
    .filter((g) => g.getBoundingClientRect().top >= area.top)
    .filter((g) => !(g.querySelector(':scope > g > text') && g.querySelector(':scope > g > text').textContent.trim()));
  const path = pieces[pieces.length - 1].querySelector('path');
  const point = path.getPointAtLength(path.getTotalLength() * 0.6), m = path.getScreenCTM();
  return {x: point.x * m.a + m.e, y: point.y * m.d + m.f};
}"""
#: The tops of the lines holding a highlighted (hovered) arc piece: v-annotator draws those 3 pixels wide.
HIGHLIGHTED_LINES_JS = """() => [...new Set([...document.querySelectorAll('.annotation-text svg[direction] path[stroke-width="3"]')]
  .map((path) => Math.round(path.closest('svg').getBoundingClientRect().top)))]"""


def _arc_geometry(page, *, settle_s: float = 15.0) -> list[dict]:
    """The arcs and labels of every line, once two measurements half a second apart agree.

    v-annotator sizes its container half a second after mounting and redraws from it; on a loaded machine a
    redraw can come later than the page's own ready marks: measuring a drawing in progress is not the drawing.
    """
    geometry = page.evaluate(ARC_GEOMETRY_JS)
    deadline = time.monotonic() + settle_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        again = page.evaluate(ARC_GEOMETRY_JS)
        if again == geometry:
            break
        geometry = again
    return geometry


def _arcs_past_the_text(lines: list[dict]) -> list[tuple[dict, dict]]:
    """Arcs (with their line's text box) that reach further than ``ARC_GAP`` pixels beyond their line's text."""
    return [(line["text"], arc) for line in lines for arc in line["arcs"]
            if arc["left"] < line["text"]["left"] - ARC_GAP - 1 or arc["right"] > line["text"]["right"] + ARC_GAP + 1]


def _overlapping_labels(lines: list[dict]) -> list[tuple[dict, dict]]:
    labels = [label for line in lines for label in line["labels"]]
    return [(a, b) for a, b in itertools.combinations(labels, 2)
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5]


def _crossing_article_project(server, project: str, gold_path: Path, role: str) -> tuple[int, str, str, object]:
    """A project holding CROSSING_ARTICLE pre-annotated for a new annotator: (project id, annotator, password, article)."""
    admin = server.session()
    project_id = create_project(admin, project)
    annotator = f"{project[:24]}-{role}"
    password = add_user(admin, annotator, "annotator", project)
    article = next(d for d in read_documents(gold_path) if d.id == CROSSING_ARTICLE)
    push(admin, project, [article], preannotate=True, annotators={annotator: password})
    return project_id, annotator, password, article


def _served_script(url: str) -> str:
    with urllib.request.urlopen(f"{url}{SCRIPT_PATH}", timeout=30) as response:
        return response.read().decode("utf-8")


def test_relations_that_cross_lines_stay_inside_the_text_with_one_label_each(doccano_server, doccano_project,
                                                                             jawharafm_gold_path) -> None:
    """v-annotator as doccano ships it draws a cross-line arc to the page margin with a label on every line;
    khabar's served script lays them out inside each line's text. Both drawings are measured and shot."""
    _ensure_chromium()

    project_id, annotator, password, article = _crossing_article_project(doccano_server, doccano_project,
                                                                         jawharafm_gold_path, "arcs")
    relations = sum(q.source is not None for q in article.quotes) + sum(q.cue is not None for q in article.quotes)
    assert relations >= 8

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    before_shot, after_shot = OUT_DIR / "arcs-v-annotator.png", OUT_DIR / "arcs-khabar.png"
    served_script = _served_script(doccano_server.url)
    assert served_script.count("installArcLayout(app);") == 1 and f"var ARC_GAP = {ARC_GAP};" in served_script
    rtl_only_script = served_script.replace("installArcLayout(app);", "")
    # Tall enough for v-annotator to draw every line of the article at once.
    with _logged_in(doccano_server.url, annotator, password, {"width": 1100, "height": 2600}) as (_, page):
        # Reproduction: doccano's frontend with khabar's right-to-left default but v-annotator's own arc layout.
        page.route(f"**{SCRIPT_PATH}", lambda route: route.fulfill(
            status=200, content_type="application/javascript", body=rtl_only_script))
        _open_article(page, doccano_server.url, project_id)
        assert _direction(page) == "rtl"
        assert page.evaluate("document.documentElement.dataset.khabarArcs") is None
        before = _arc_geometry(page)
        page.screenshot(path=str(before_shot), full_page=True)
        page.unroute(f"**{SCRIPT_PATH}")

        # The script lays out lines that were already drawn when it started (as after a slow load) in place.
        page.add_script_tag(content=served_script)
        page.wait_for_function("document.documentElement.dataset.khabarArcs === 'applied'", timeout=30_000)
        page.wait_for_timeout(1000)
        in_place = _arc_geometry(page)

        _open_article(page, doccano_server.url, project_id)
        page.wait_for_function("document.documentElement.dataset.khabarArcs === 'applied'", timeout=30_000)
        assert _direction(page) == "rtl"
        after = _arc_geometry(page)
        page.screenshot(path=str(after_shot), full_page=True)

        # As the guidelines say: pointing at an unnamed piece highlights the whole arrow, on every line it crosses.
        point = page.evaluate(CONTINUATION_POINT_JS)
        page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(500)
        highlighted_lines = page.evaluate(HIGHLIGHTED_LINES_JS)

    for lines in (before, in_place, after):
        assert len(lines) >= 8 and sum(line["crossing"] for line in lines) >= 6  # the relations do cross lines
        assert {label["text"] for line in lines for label in line["labels"]} == {"speaker", "cue"}
        # Every piece of a relation laid out on a line is drawn there, and nothing else.
        assert [len(line["arcs"]) for line in lines] == [line["pieces"] for line in lines]
    # What issue #17 shows: arcs run past the text to the margin, and labels repeat on every line they cross.
    assert len(_arcs_past_the_text(before)) >= 3
    assert sum(len(line["labels"]) for line in before) > relations
    assert all(line["unpatched"] is None for line in before)
    # khabar's layout: every arc within ARC_GAP of its line's text, at most one label per relation, none overlapping,
    # and no piece of v-annotator's own layout of the same line lost.
    for lines in (in_place, after):
        assert _arcs_past_the_text(lines) == []
        assert sum(len(line["labels"]) for line in lines) <= relations
        assert _overlapping_labels(lines) == []
        assert [line["pieces"] for line in lines] == [line["unpatched"] for line in lines]
    # The same drawing whether laid out in place or on a fresh load (to a pixel or two: two loads measure the text).
    assert [line["words"] for line in in_place] == [line["words"] for line in before] == [line["words"] for line in after]
    assert [len(line["arcs"]) for line in in_place] == [len(line["arcs"]) for line in before] == \
        [len(line["arcs"]) for line in after]
    assert [[label["text"] for label in line["labels"]] for line in in_place] == \
        [[label["text"] for label in line["labels"]] for line in after]
    assert all(abs(a[side] - b[side]) <= 2 for line_a, line_b in zip(in_place, after, strict=True)
               for a, b in zip(line_a["labels"], line_b["labels"], strict=True) for side in ("left", "top"))
    assert len(highlighted_lines) >= 2
    for path in (before_shot, after_shot):
        assert path.stat().st_size > 20_000
    print(f"screenshots: {before_shot} (v-annotator's layout), {after_shot} (khabar's)")


#: v-annotator's measured character widths, the same text measured again now, and where the lines break.
FONT_WIDTHS_JS = """() => {
  const found = [];
  (function walk(vm) {
    if (vm.$data && 'font' in vm.$data && 'textElement' in vm.$data && vm.font) { found.push(vm); }
    vm.$children.forEach(walk);
  })(window.$nuxt.$root);
  const vm = found[0];
  if (!vm || !vm.textLines) { return null; }
  const widths = (font) => Object.fromEntries([...font.width.entries()].map(([ch, w]) => [ch, Math.round(w * 100) / 100]));
  return {used: widths(vm.font), now: widths(vm.font.constructor.create(vm.text, vm.textElement)),
          breaks: vm.textLines.map((line) => line.startOffset)};
}"""


def _widths_once(page, done, timeout_s: float = 45.0) -> dict:
    """FONT_WIDTHS_JS's answer once ``done(answer)`` holds (fonts arrive in several batches), or the last one."""
    deadline = time.monotonic() + timeout_s
    answer = page.evaluate(FONT_WIDTHS_JS)
    while not (answer and done(answer)) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        answer = page.evaluate(FONT_WIDTHS_JS)
    page.wait_for_timeout(1000)  # whatever the page does next with these widths, it has done
    return page.evaluate(FONT_WIDTHS_JS)


def test_text_is_wrapped_by_widths_measured_in_the_pages_fonts(doccano_server, doccano_project,
                                                               jawharafm_gold_path) -> None:
    """v-annotator measures character widths once, when the text arrives; doccano's Roboto (spaces, digits,
    Latin) is a web font. A font that arrives later left the text wrapped by the fallback font's widths, and two
    loads of one article wrapped it differently. khabar's script measures again once the fonts have loaded."""
    _ensure_chromium()

    project_id, annotator, password, article = _crossing_article_project(doccano_server, doccano_project,
                                                                         jawharafm_gold_path, "font")
    served_script = _served_script(doccano_server.url)
    assert served_script.count("installFontMeasure(app);") == 1
    unmeasured_script = served_script.replace("installFontMeasure(app);", "")

    def slow_font(route) -> None:
        time.sleep(3)  # the web fonts arrive after the text (routing also bypasses the browser's cache)
        route.continue_()

    with _logged_in(doccano_server.url, annotator, password, {"width": 1100, "height": 2600}) as (_, page):
        _open_article(page, doccano_server.url, project_id)
        settled = page.evaluate(FONT_WIDTHS_JS)  # fonts long loaded: the widths v-annotator should use

        page.route("**/*.woff2", slow_font)
        # Reproduction: doccano's frontend with the fonts late and nothing measuring again.
        page.route(f"**{SCRIPT_PATH}", lambda route: route.fulfill(
            status=200, content_type="application/javascript", body=unmeasured_script))
        page.goto(f"{doccano_server.url}/projects/{project_id}/sequence-labeling?page=1")
        page.wait_for_function("document.documentElement.dataset.khabarArcs === 'applied'", timeout=30_000)
        stale = _widths_once(page, lambda widths: widths["now"] == settled["used"])  # every font has arrived
        page.unroute(f"**{SCRIPT_PATH}")

        # khabar's script, the fonts as late.
        page.goto(f"{doccano_server.url}/projects/{project_id}/sequence-labeling?page=1")
        page.wait_for_function("document.documentElement.dataset.khabarArcs === 'applied'", timeout=30_000)
        remeasured = _widths_once(page, lambda widths: widths["now"] == settled["used"] == widths["used"])

    assert settled["used"] == settled["now"] and len(settled["breaks"]) >= 8
    # The bug: spaces and digits measured in the fallback font, the text wrapped by those widths.
    assert stale["used"][" "] != stale["now"][" "] and stale["now"] == settled["used"]
    assert stale["breaks"] != settled["breaks"]
    # The fix: measured again in the page's fonts, wrapped as a load with the fonts at hand.
    assert remeasured["used"] == remeasured["now"] == settled["used"]
    assert remeasured["breaks"] == settled["breaks"]
