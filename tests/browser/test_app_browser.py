"""The app in a real browser: ``streamlit run`` on loopback, driven by headless Debian chromium.

Clicks through every page, checks that none shows a Python exception and saves a full-page
screenshot of each under ``tests/browser/screenshots/`` for people to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
PAGES = (  # sidebar link, page heading
    ("Overview", "Climate risk overview"),
    ("Scenario explorer", "Scenario explorer"),
    ("Risk register", "Risk register"),
    ("What-if", "What-if analysis"),
    ("Measures", "Measures"),
    ("Disclosure preview", "Disclosure preview"),
)

VISIBLE_TEXT = """() => {
  const parts = [];
  for (const id of ["stMain", "stSidebar"]) {
    const copy = document.querySelector(`[data-testid="${id}"]`).cloneNode(true);
    copy.querySelectorAll('[data-testid*="Icon"], code').forEach((e) => e.remove());
    document.body.appendChild(copy);  // innerText needs a rendered node
    parts.push(copy.innerText);
    copy.remove();
  }
  return parts.join("\\n");
}"""
"""The text a reader sees in the main area and the sidebar; icons are glyphs, and code spans
(paths, file names) are data, not words."""
ZH_PAGES = ("overview", "explorer", "register", "whatif", "disclosure")
"""Catalogue keys of every page, in the sidebar's order."""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served on a free loopback port, on the bundled default."""
    with _serve(tmp_path_factory.mktemp("streamlit"), {}) as url:
        yield url


@contextmanager
def _serve(folder: Path, extra_env: dict[str, str]) -> Iterator[str]:
    """The app as ``make app`` serves it (``climrisk.app_server``: the base case loaded while
    the server starts) on a free loopback port with ``extra_env``, on the suite's store of
    runs; its URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIMRISK_")} | {
        "CLIMRISK_CACHE_DIR": os.environ.get("CLIMRISK_CACHE_DIR", "")} | extra_env
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "climrisk.app_server", "--server.address=127.0.0.1",
         f"--server.port={port}", "--server.headless=true",
         "--browser.gatherUsageStats=false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the warm-up may run the engine first
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not come up; see {log.name}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_every_page_renders_without_an_exception(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(server, wait_until="domcontentloaded")
            for i, (link, title) in enumerate(PAGES):
                if i:
                    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
                heading = page.get_by_role("heading", name=title)
                expect(heading.first).to_be_visible(timeout=120_000)
                _wait_for_app(page)
                expect(page.get_by_test_id("stException")).to_have_count(0)
                slug = link.lower().replace(" ", "-")
                _screenshot(page, SHOTS / f"{i + 1}-{slug}.png")
        finally:
            browser.close()


def test_every_page_in_traditional_chinese_has_no_english_label(server: str) -> None:
    """The language switch, then every page by its Chinese name; the visible text of each
    (main area and sidebar) must hold no English word but the register's and grid's data."""
    from playwright.sync_api import expect, sync_playwright

    from climrisk.disclosure.labels import text
    from tests.app.test_languages import data_words, english_in

    data = data_words()
    SHOTS.mkdir(exist_ok=True)
    problems: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(server, wait_until="domcontentloaded")
            _wait_for_app(page)
            page.get_by_test_id("stSidebar").get_by_text("繁體中文", exact=True).click()
            for i, key in enumerate(ZH_PAGES):
                link = text(f"app.nav.{key}", "zh-Hant")
                page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
                title = text(f"app.{key}.title", "zh-Hant")
                expect(page.get_by_role("heading", name=title).first).to_be_visible(
                    timeout=120_000)
                _wait_for_app(page)
                expect(page.get_by_test_id("stException")).to_have_count(0)
                _screenshot(page, SHOTS / f"zh-{i + 1}-{key}.png")
                shown = page.evaluate(VISIBLE_TEXT)
                lines = [ln for ln in shown.splitlines() if ln.strip()]
                if key == "disclosure":  # the English tables are shown on purpose
                    start = next(i for i, ln in enumerate(lines) if ln.startswith("English:"))
                    end = next(i for i, ln in enumerate(lines) if ln.startswith("繁體中文:"))
                    lines = lines[:start] + lines[end:]
                found = english_in(lines, data)
                if found:
                    problems[key] = found
        finally:
            browser.close()
    assert problems == {}


def _wait_for_app(page: object) -> None:
    """Wait until the script has finished and nothing is still a skeleton."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.wait_for_timeout(250)  # widget debounce: do not read the previous run's state
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=120_000)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=60_000)


def _screenshot(page: object, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, not the body,
    so the viewport is stretched to the content's height first."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
    )
    page.set_viewport_size({"width": 1400, "height": max(950, int(height) + 40)})
    page.wait_for_timeout(400)  # charts re-layout to the new size
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1400, "height": 950})


WORLDWIDE = REPO / "registers" / "hk-power-utility"
"""Sites in Hong Kong, Guangdong, Guangxi, India and Australia."""


@pytest.mark.parametrize("register", [None, WORLDWIDE], ids=["bundled", "worldwide"])
def test_explorer_maps_show_coasts_borders_and_separate_labels(
        register: Path | None, tmp_path: Path) -> None:
    """The explorer's two maps in the browser: coast and border lines drawn (from the shipped
    Natural Earth file, no network), one label per city, no two labels overlapping; the
    screenshot ``explorer-<register>.png`` is for people to look at."""
    from playwright.sync_api import expect, sync_playwright

    env = {"CLIMRISK_REGISTER": str(register)} if register else {}
    SHOTS.mkdir(exist_ok=True)
    with _serve(tmp_path, env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(f"{url}/explorer", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="Scenario explorer").first).to_be_visible(
                timeout=120_000)
            _wait_for_app(page)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            maps = page.get_by_test_id("stPlotlyChart")
            expect(maps.first.locator("svg.main-svg").first).to_be_visible(timeout=60_000)
            name = "worldwide" if register else "bundled"
            _screenshot(page, SHOTS / f"explorer-{name}.png")
            for i in range(2):
                chart = maps.nth(i)
                # Coast and border traces: line paths of many points (a site marker has none).
                points = chart.locator(".scatterlayer .trace path.js-line").evaluate_all(
                    "ps => ps.map(p => (p.getAttribute('d') || '').split('L').length)")
                assert len([n for n in points if n > 10]) >= 2 and sum(points) > 100, points
                boxes = chart.locator(".annotation").evaluate_all(
                    "as => as.map(a => { const r = a.getBoundingClientRect();"
                    " return [r.left, r.top, r.right, r.bottom]; })")
                assert boxes
                for j, a in enumerate(boxes):
                    for b in boxes[j + 1:]:
                        assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1
                                    and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)
        finally:
            browser.close()

