"""Time whole command-line calls as a user types them: process start, imports and all.

Each command runs ``ROUNDS`` times in a fresh process (after one untimed run, so the
operating system's file cache holds the package and the grids); prints each command's median
wall-clock time and the median user + system CPU of its process.

Run from the repository root: ``python benchmarks/bench_cli.py [ROUNDS]`` (5 by default).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLIMRISK = str(Path(sys.executable).with_name("climrisk"))
COMMANDS = (
    ["--version"],
    ["--help"],
    ["scenarios", "show", "hot_days"],
    ["scenarios", "show", "tas_change", "--scenario", "ssp585"],
    ["validate"],
)


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one ``climrisk`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([CLIMRISK, *args], cwd=REPO, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for args in COMMANDS:
        _timed(args)
        runs = [_timed(args) for _ in range(rounds)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"climrisk {' '.join(args):<45} {wall:6.2f} s wall, {cpu:6.2f} s CPU "
              f"(median of {rounds})", flush=True)


if __name__ == "__main__":
    main()
