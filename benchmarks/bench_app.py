"""Time the committee's app in a real browser: first paint, full first render, scenario switch.

Starts ``streamlit run app.py`` on a free loopback port (a cold process: nothing cached),
drives headless Debian chromium through Playwright and prints one line per measurement:

- server up: process start until ``/_stcore/health`` answers ``ok``;
- first paint: page request until the overview's title is visible;
- first full render: page request until the script has finished (cold caches: grid load and
  the base engine run happen here, once per process);
- warm load: the same for a second browser session, with the caches filled;
- scenario switch: click on another scenario until the page shows that scenario's text and
  the script has finished (median and max of several switches).

Run from the repository root: ``python benchmarks/bench_app.py``.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from climrisk.grids.scenarios import SCENARIOS
from climrisk.register import load_register

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
TITLE = "Climate risk overview"
IDLE = ("() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_idle(page: Page) -> None:
    page.wait_for_timeout(250)  # widget debounce: never read the previous run's state
    page.wait_for_function(IDLE, timeout=180_000)


def _open(page: Page, url: str) -> tuple[float, float]:
    """Seconds to the title being visible and to the script having finished."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=180_000)
    painted = time.perf_counter() - start
    page.wait_for_function(IDLE, timeout=180_000)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=180_000)
    return painted, time.perf_counter() - start


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
    reg = load_register()
    labels = {s.id: s.label for s in SCENARIOS}
    scenarios = [(labels[s.id], " ".join(s.why.en.split())[:60])
                 for s in reg.main.scenario_analysis.scenarios]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIMRISK_")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address=127.0.0.1",
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
        print(f"server up              {time.perf_counter() - start:6.2f} s")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            painted, full = _open(page, url)
            print(f"first paint (cold)     {painted:6.2f} s")
            print(f"first full render      {full:6.2f} s  (grid load + base engine run)")
            second = browser.new_page(viewport={"width": 1400, "height": 950})
            painted, full = _open(second, url)
            print(f"warm load, paint       {painted:6.2f} s")
            print(f"warm load, full        {full:6.2f} s")
            second.close()
            _wait_idle(page)
            times = [_switch(page, label, why)
                     for _ in range(3) for label, why in scenarios[1:] + scenarios[:1]]
            print(f"scenario switch        {1000 * statistics.median(times):6.0f} ms median, "
                  f"{1000 * max(times):.0f} ms max over {len(times)} switches")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
