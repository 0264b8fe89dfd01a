"""First visit after a server start: how long until the overview has rendered fully.

Each round starts a fresh ``streamlit run app.py`` (headless, on a free loopback port, so
nothing is cached in the process), waits for ``/_stcore/health``, opens the page in a fresh
headless Debian chromium and times, from the page request:

- title: the overview's heading is visible;
- full: the script has finished, no skeleton is left, every headline metric has its value
  and both charts have drawn their SVG (the last elements to appear);

and, from the process start, the same full render ("from start", which adds the server's
own start-up), and a second visit's full render (the process warm). Prints each round, then
the median of each figure.

Run from the repository root: ``python benchmarks/bench_first_visit.py [ROUNDS]`` (5 by
default).
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

from playwright.sync_api import Browser, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
TITLE = "Climate risk overview"
CHARTS = 2  # the rating matrix and the channel chart
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


def _round(browser: Browser) -> tuple[float, float, float, float]:
    """One cold server: seconds to the title and to the full render from the page request,
    to the full render from the process start, and to the full render of a second visit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIMRISK_")}
    started = time.perf_counter()
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
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        request_first = time.perf_counter()
        page.goto(url, wait_until="commit")
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=180_000)
        title = time.perf_counter() - request_first
        page.wait_for_function(RENDERED, polling=50, timeout=180_000)
        done = time.perf_counter()
        page.close()
        # A second visit to the same server: what is left once the process has warmed up.
        again = browser.new_page(viewport={"width": 1400, "height": 950})
        request = time.perf_counter()
        again.goto(url, wait_until="commit")
        again.wait_for_function(RENDERED, polling=50, timeout=180_000)
        warm = time.perf_counter() - request
        again.close()
        return title, done - request_first, done - started, warm
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for i in range(rounds):
            title, full, start, warm = _round(browser)
            results.append((title, full, start, warm))
            print(f"round {i + 1}: title {title:5.2f} s  full {full:5.2f} s  "
                  f"(from server start {start:5.2f} s)  second visit {warm:5.2f} s", flush=True)
        browser.close()
    title, full, start, warm = (statistics.median(r[k] for r in results) for k in range(4))
    print(f"median of {rounds}: title {title:.2f} s, full render {full:.2f} s after the page "
          f"request ({start:.2f} s after the server start); second visit {warm:.2f} s")


if __name__ == "__main__":
    main()
