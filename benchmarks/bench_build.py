"""Wall time of ``climrisk build`` on the bundled register, end to end, imports included.

Runs the command in a fresh interpreter (as a user or CI does) into a temporary folder and
reports the median of five runs against the target.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 1.5
RUNS = 5


def build_once(out: Path) -> float:
    """Seconds for one ``climrisk build`` into ``out``."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "climrisk.cli", "build", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="climrisk-bench-") as tmp:
        times = [build_once(Path(tmp) / "out") for _ in range(RUNS)]
    median = statistics.median(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"climrisk build: median {median:.2f} s of {RUNS} ({runs}); target <= {TARGET_S} s")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
