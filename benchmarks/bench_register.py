"""Time register loading: the bundled register and every broken test case.

    python benchmarks/bench_register.py [--runs 20] [--profile]

Prints the median of ``--runs`` calls of ``load_register`` on the bundled register (or on the
minimal test register while no bundled register exists), how that time splits between YAML
parsing, model validation and the checks across files, and the median time of each broken
case of ``tests/register/test_register_errors.py`` (the 50 MB case included). The target for
the bundled register is under 0.3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib.util
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from climrisk.errors import RegisterError
from climrisk.register import default_register_dir, load_register

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "data" / "registers" / "minimal"
CASES_MODULE = REPO / "tests" / "register" / "test_register_errors.py"
TARGET_S = 0.3


def median_time(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(RegisterError):
            func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def breakdown(root: Path, runs: int) -> dict[str, float]:
    """Median seconds spent parsing YAML and validating models, per register load."""
    from pydantic import ValidationError

    from climrisk.register.loader import FOLDERS, SINGLE_FILES
    from climrisk.register.yamlsource import YamlDocument, read_yaml

    files = [(root / name, model) for name, model in SINGLE_FILES.items()
             if (root / name).is_file()]
    files += [(p, model) for folder, model in FOLDERS.items()
              for p in sorted((root / folder).glob("*.yaml"))]
    docs = [(read_yaml(p, str(p)), model) for p, model in files]

    def parse() -> None:
        for p, _ in files:
            read_yaml(p, str(p))

    def validate() -> None:
        for doc, model in docs:
            if isinstance(doc, YamlDocument):
                with contextlib.suppress(ValidationError):
                    model.model_validate(doc.data)

    lines = sum(p.read_text(encoding="utf-8", errors="replace").count("\n") for p, _ in files)
    size = sum(p.stat().st_size for p, _ in files)
    return {"files": len(files), "lines": lines, "kB": size / 1e3,
            "parse": median_time(parse, runs), "validate": median_time(validate, runs)}


def load_cases() -> object:
    spec = importlib.util.spec_from_file_location("register_error_cases", CASES_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per measurement")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of loading the register")
    args = parser.parse_args()

    root = default_register_dir()
    label = "bundled"
    if not (root / "register.yaml").is_file():
        root, label = MINIMAL, "minimal (no bundled register yet)"
    load_register(root)  # warm imports and caches; also fails loudly if it is invalid
    total = median_time(lambda: load_register(root), args.runs)
    parts = breakdown(root, args.runs)
    verdict = "ok" if total < TARGET_S else f"SLOWER than the {TARGET_S} s target"
    print(f"register: {label}: {root}")
    print(f"  {parts['files']} files, {parts['lines']} lines, {parts['kB']:.1f} kB")
    print(f"  load_register median of {args.runs}: {total * 1e3:.1f} ms ({verdict})")
    print(f"    YAML parsing {parts['parse'] * 1e3:.1f} ms, "
          f"model validation {parts['validate'] * 1e3:.1f} ms, "
          f"rest (checks across files, assembly) "
          f"{max(total - parts['parse'] - parts['validate'], 0) * 1e3:.1f} ms "
          "(parts are timed separately, so on a busy machine they may not add up)")
    minimal = median_time(lambda: load_register(MINIMAL), args.runs)
    print(f"  minimal test register: {minimal * 1e3:.1f} ms")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            load_register(root)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    cases = load_cases()
    print(f"broken cases (median of {max(args.runs // 4, 3)} runs each):")
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases.CASES:  # type: ignore[attr-defined]
            case_root = cases.build_case(case, Path(tmp))  # type: ignore[attr-defined]
            t = median_time(lambda r=case_root: load_register(r), max(args.runs // 4, 3))
            slowest = max(slowest, t)
            print(f"  {case.name:<36} {t * 1e3:8.1f} ms")
    print(f"  slowest broken case: {slowest * 1e3:.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        worst = worst_case(Path(tmp))
        t = median_time(lambda: load_register(worst), 3)
        size = (worst / "assets" / "dc-north.yaml").stat().st_size
        print(f"worst case: dense {size / 1e3:.0f} kB asset file just under the size limit: "
              f"{t * 1e3:.0f} ms")
    cli = median_time(lambda: subprocess.run(
        [sys.executable, "-m", "climrisk.cli", "validate", str(root)],
        capture_output=True, check=False, timeout=60), 3)
    print(f"`climrisk validate` on the {label} register, whole process: {cli * 1e3:.0f} ms")
    return 0 if total < TARGET_S else 1


def worst_case(tmp: Path) -> Path:
    """The minimal register with an asset file grown to just under the size limit with the
    densest YAML (short keys and flow lists), which parses slowest per byte."""
    from climrisk.register.yamlsource import MAX_BYTES

    root = tmp / "worst"
    shutil.copytree(MINIMAL, root)
    path = root / "assets" / "dc-north.yaml"
    text = path.read_text(encoding="utf-8")
    n = 0
    lines = []
    size = len(text.encode())
    while True:
        line = f"x{n}: [1, 2.5, a, b]\n"
        if size + len(line) > MAX_BYTES:
            break
        lines.append(line)
        size += len(line)
        n += 1
    path.write_text(text + "".join(lines), encoding="utf-8")
    return root


if __name__ == "__main__":
    raise SystemExit(main())
