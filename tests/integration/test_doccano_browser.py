"""doccano's own UI in headless Chromium: an annotator opens a pre-annotated Arabic article right to left."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from khabar.doccano.project import add_user, create_project
from khabar.doccano.push import existing_ids, push
from khabar.gold import read_documents

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


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


def test_annotator_sees_preannotated_arabic_right_to_left(doccano_server, doccano_project, dev_gold_path) -> None:
    _ensure_chromium()
    from playwright.sync_api import sync_playwright

    admin = doccano_server.session()
    create_project(admin, doccano_project)
    annotator = f"{doccano_project[:24]}-ui"
    password = add_user(admin, annotator, "annotator", doccano_project)
    seed = next(d for d in read_documents(dev_gold_path) if d.id == "seed-000")
    push(admin, doccano_project, [seed], preannotate=True, annotators={annotator: password})
    project_id = admin.project_id(doccano_project)
    assert seed.id in existing_ids(admin, project_id)

    out_dir = REPO / "test-output" / "doccano-browser"
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "annotation-rtl.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{doccano_server.url}/auth")
            page.locator("input").nth(0).fill(annotator)
            page.locator("input").nth(1).fill(password)
            page.locator('[data-test="delete-button"]').click()  # doccano's login button carries this test id
            page.wait_for_url("**/projects**", timeout=60_000)
            page.goto(f"{doccano_server.url}/projects/{project_id}/sequence-labeling?page=1")
            page.locator(".annotation-text svg text").first.wait_for(timeout=60_000)

            # Right to left is a switch in the user menu (the last app-bar button), reset on every reload.
            page.locator("header button").nth(5).click()
            menu = page.locator(".v-menu__content")
            assert "LTR" in menu.inner_text()
            menu.locator(".v-input--switch .v-input--selection-controls__ripple").click()
            page.wait_for_timeout(500)
            assert "RTL" in menu.inner_text()
            page.keyboard.press("Escape")
            page.wait_for_timeout(1500)

            svg = page.locator(".annotation-text svg").first
            assert svg.get_attribute("direction") == "rtl"
            chips = set(page.locator(".annotation-text svg text").all_text_contents())
            # The annotator's own copy of the pre-annotations is drawn: entity, quote and relation labels.
            assert {"ORG", "PERS", "SOURCE", "CUE", "CONTENT", "speaker", "cue"} <= {c.strip() for c in chips}
            shown = page.locator(".annotation-text").inner_text()
            assert "الكرملين" in shown and "بوتين" in shown
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")
