"""Time the committee's app in a real browser: first visit after a server start, warm visit,
scenario switch.

Each round starts a fresh server as ``make app`` does (``python -m climrisk.app_server``:
``streamlit run app.py`` in a process that loads the base case while it starts; headless, on
a free loopback port), waits for ``/_stcore/health``, opens the page in a fresh
headless Debian chromium page and times, from the page request:

- title: the overview's heading is visible;
- full: the script has finished, no skeleton is left, every headline metric has its value
  and both charts have drawn their SVG (the last elements to appear);
- the same full render counted from the process start (adds the server's own start-up);
- second visit: a new page on the same, now warm, server until its full render.

The first round starts with an empty store of engine runs (``climrisk.engine.stored``): the
first start ever on a machine, which runs the engine. Every later round is a server start with
the base case stored by an earlier one, as after any restart; the medians are over those.

Then, on the last server, the scenario switch: click on another scenario until the page
shows that scenario's text and the script has finished (median and max of several).
Prints each round and the medians.

Run from the repository root: ``python benchmarks/bench_app.py [ROUNDS]`` (5 by default).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from climrisk.grids.scenarios import SCENARIOS
from climrisk.register import load_register

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
VIEWPORT = {"width": 1400, "height": 950}
TITLE = "Climate risk overview"
CHARTS = 2  # the rating matrix and the channel chart
IDLE = ("() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'")
RENDERED = f"""() => {{
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const values = [...document.querySelectorAll('[data-testid="stMetricValue"]')];
  if (values.length === 0 || values.some(v => !v.innerText.trim())) return false;
  const drawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(c => c.querySelector('svg.main-svg'));
  return drawn.length >= {CHARTS};
}}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(store: str) -> Iterator[tuple[str, float]]:
    """A fresh app server on the run store ``store``: its URL and the
    ``perf_counter`` of its start."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIMRISK_")}
    env["CLIMRISK_CACHE_DIR"] = store
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "climrisk.app_server", "--server.address=127.0.0.1",
         f"--server.port={port}", "--server.headless=true", "--browser.gatherUsageStats=false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.05)
        yield url, started
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _visit(browser: Browser, url: str) -> tuple[Page, float, float, float]:
    """A new page: the page, its request time, seconds to the title and to the full render."""
    page = browser.new_page(viewport=VIEWPORT)
    request = time.perf_counter()
    page.goto(url, wait_until="commit")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=180_000)
    title = time.perf_counter() - request
    page.wait_for_function(RENDERED, polling=50, timeout=180_000)
    return page, request, title, time.perf_counter() - request


def _switch(page: Page, label: str, why: str) -> float:
    """Seconds from choosing ``label`` in the scenario picker to its page being shown."""
    page.get_by_test_id("stSelectbox").first.click()
    option = page.get_by_role("option", name=label, exact=True)
    option.wait_for()
    start = time.perf_counter()
    option.click()
    page.wait_for_function(
        f"() => document.body.innerText.includes({why!r}) && ({IDLE})()", polling="raf",
        timeout=60_000,
    )
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    reg = load_register()
    labels = {s.id: s.label for s in SCENARIOS}
    scenarios = [(labels[s.id], " ".join(s.why.en.split())[:60])
                 for s in reg.main.scenario_analysis.scenarios]
    figures = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as store:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for i in range(rounds + 1):
            with _server(store) as (url, started):
                page, request, title, full = _visit(browser, url)
                from_start = request + full - started
                second, _, _, warm = _visit(browser, url)
                second.close()
                what = "empty store" if i == 0 else f"round {i}"
                print(f"{what}: title {title:5.2f} s, full {full:5.2f} s "
                      f"({from_start:5.2f} s after the server start), second visit "
                      f"{warm:5.2f} s", flush=True)
                if i:
                    figures.append((title, full, from_start, warm))
                if i == rounds:
                    page.wait_for_timeout(250)  # widget debounce
                    page.wait_for_function(IDLE, timeout=180_000)
                    times = [_switch(page, label, why)
                             for _ in range(3) for label, why in scenarios[1:] + scenarios[:1]]
                page.close()
        browser.close()
    title, full, from_start, warm = (statistics.median(f[k] for f in figures) for k in range(4))
    print(f"median of {rounds} server starts (base case stored): title {title:.2f} s, full "
          f"render {full:.2f} s after the page request ({from_start:.2f} s after the server "
          f"start); second visit {warm:.2f} s")
    print(f"scenario switch {1000 * statistics.median(times):.0f} ms median, "
          f"{1000 * max(times):.0f} ms max over {len(times)} switches")


if __name__ == "__main__":
    main()
