"""Where a field of a loaded register sits in its files, so outputs can cite ``file:line``.

Checks that run after loading (the reconciliation gate, the evidence of a published number)
point at the register line a reviewer should read; the files are parsed again on demand.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from climrisk.errors import Problem
from climrisk.register.models import Register
from climrisk.register.yamlsource import Loc, YamlDocument, dotted, read_yaml

MAIN = "register.yaml"


@lru_cache(maxsize=256)
def _document(path: str, mtime_ns: int) -> YamlDocument | None:
    doc = read_yaml(Path(path), path)
    return doc if isinstance(doc, YamlDocument) else None


def file_of(register: Register, key: str | None) -> str:
    """Relative file of ``item:<id>`` or ``asset:<id>``, or a register-level file name."""
    if key is None:
        return MAIN
    return register.files.get(key, key)


def position(register: Register, rel: str, loc: Loc) -> tuple[int | None, int | None]:
    """1-based line and column of ``loc`` in the register file ``rel`` (its parent's, when
    absent)."""
    path = Path(register.root) / rel
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None, None
    doc = _document(str(path), mtime)
    return (None, None) if doc is None else doc.position(loc)


def line_of(register: Register, rel: str, loc: Loc) -> int | None:
    """1-based line of ``loc`` in the register file ``rel``."""
    return position(register, rel, loc)[0]


def cite(register: Register, rel: str, loc: Loc) -> str:
    """``items/TR-01.yaml:32 (conclusion.level)`` style reference."""
    line = line_of(register, rel, loc)
    where = rel if line is None else f"{rel}:{line}"
    return f"{where} ({dotted(loc)})" if loc else where


def problem(
    register: Register, rel: str, loc: Loc, message: str, hint: str | None = None
) -> Problem:
    """A ``Problem`` at ``loc`` of a register file, for checks made after loading."""
    path = Path(register.root) / rel
    line, col = position(register, rel, loc)
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        shown = str(path)
    return Problem(shown, line, col, dotted(loc), message, hint)
