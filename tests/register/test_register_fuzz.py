"""Random damage to a valid register file loads or raises ``RegisterError``, nothing else.

Analysts edit these files by hand; whatever they do to a file, the loader must answer with
located problems, never with a crash. Hypothesis applies random edits (delete, duplicate or
truncate lines, swap characters, insert tabs, colons, quotes, brackets or random unicode,
replace a value with random text) to each file of the minimal register and loads the result.
The search is derandomized and keeps no example database, so every run tries the same cases.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from climrisk.errors import RegisterError
from climrisk.register import load_register

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"
FILES = ["register.yaml", "assets/dc-south.yaml", "items/PR-01.yaml", "metrics.yaml",
         "targets.yaml"]

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = st.sampled_from([
    "\t", ":", ": ", " #", "'", '"', "[", "]", "{", "}", "- ", "&a ", "*a", "!!str ", "!x ",
    "---", "...", "|", ">", "%", "@", "`", "?", "\\", "\x00", "\x07", "\ufeff", "\u2028",
    "\u00a0", "\r", "\n", "  ", "數據", "é", "😀", "1e999", "-.inf", ".nan", "0x1F", "0o17",
    "null", "~", "true", "no", "2024-02-30", "99999-01-01", "<<: ", "=",
])
TEXT = st.one_of(NASTY, st.text(max_size=12))


@st.composite
def mutation(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three random edits."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        n = draw(st.integers(0, max(len(lines) - 1, 0)))
        kind = draw(st.sampled_from(
            ["delete", "duplicate", "swap", "insert", "value", "truncate", "indent", "join"]))
        if kind == "delete" and lines:
            del lines[n]
        elif kind == "duplicate" and lines:
            lines.insert(n, lines[n])
        elif kind == "swap" and len(text) > 1:
            i = draw(st.integers(0, len(text) - 2))
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
            continue
        elif kind == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(TEXT) + text[i:]
            continue
        elif kind == "value" and lines and ":" in lines[n]:
            key = lines[n].split(":", 1)[0]
            lines[n] = f"{key}: {draw(TEXT)}"
        elif kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        elif kind == "indent" and lines:
            lines[n] = draw(st.sampled_from([" ", "\t", "    "])) + lines[n]
        elif kind == "join" and n + 1 < len(lines):
            lines[n : n + 2] = [lines[n] + lines[n + 1]]
        text = "\n".join(lines)
    return text


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "register"
    shutil.copytree(MINIMAL, root)
    return root


def load_with(root: Path, rel: str, data: bytes) -> bool:
    """Load the register with ``rel`` replaced by ``data``; anything but RegisterError fails.

    Returns whether the register loaded.
    """
    path = root / rel
    path.write_bytes(data)
    try:
        load_register(root)
        return True
    except RegisterError as exc:
        assert exc.problems, "a RegisterError must carry at least one problem"
        for problem in exc.problems:
            assert problem.message
            assert problem.line is None or problem.line >= 1
            assert problem.col is None or problem.col >= 1
            str(problem)
        return False
    finally:
        shutil.copyfile(MINIMAL / rel, path)


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, str]:
    rel = draw(st.sampled_from(FILES))
    return rel, draw(mutation((MINIMAL / rel).read_text(encoding="utf-8")))


@FUZZ
@given(mutated_file())
def test_mutated_file_loads_or_raises_register_error(workdir: Path, case: tuple[str, str]) -> None:
    rel, text = case
    load_with(workdir, rel, text.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=50)
@given(st.binary(max_size=300))
def test_random_bytes_raise_register_error(workdir: Path, data: bytes) -> None:
    assert not load_with(workdir, "targets.yaml", data)
