"""Where a build's numbers come from, without wall-clock time, so rebuilds are byte-identical.

The register is identified by its git tree id, computed from the files themselves: it equals
``git rev-parse HEAD:<register dir>`` once committed, and it can be printed into committed
outputs without the chicken-and-egg of a commit id that changes when the outputs are committed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from climrisk import __version__

IGNORED = {"__pycache__", ".DS_Store"}


@dataclass(frozen=True)
class Provenance:
    """Identifiers of every input of a build."""

    register_tree: str
    grid: dict[str, str]
    engine: dict[str, str]
    samples: int
    seed: int
    package_version: str = __version__
    date: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, str]]:
        """Key–value pairs in print order."""
        pairs = [
            ("register (git tree)", self.register_tree),
            ("climrisk", self.package_version),
            ("engine samples", str(self.samples)),
            ("engine seed", str(self.seed)),
            *((f"grid {k}", v) for k, v in sorted(self.grid.items())),
            *((f"engine {k}", v) for k, v in sorted(self.engine.items())),
            *sorted(self.extra.items()),
        ]
        if self.date is not None:
            pairs.insert(0, ("date", self.date))
        return pairs


def git_tree_id(root: Path, exclude: frozenset[str] | set[str] = frozenset()) -> str:
    """The git tree object id of a directory's files (as ``git write-tree`` would give);
    ``exclude`` leaves out top-level names (sign-offs approve the register without themselves)."""
    entries: list[tuple[str, bytes, bytes]] = []
    for child in root.iterdir():
        if child.name in IGNORED or child.name in exclude or child.name.startswith(".git"):
            continue
        if child.is_dir():
            entries.append((child.name + "/", b"40000", bytes.fromhex(git_tree_id(child))))
        elif child.is_file():
            mode = b"100755" if os.access(child, os.X_OK) else b"100644"
            entries.append(
                (child.name, mode, bytes.fromhex(_git_hash(b"blob", child.read_bytes())))
            )
    body = b"".join(
        mode + b" " + name.rstrip("/").encode() + b"\0" + digest
        for name, mode, digest in sorted(entries)
    )
    return _git_hash(b"tree", body)


def _git_hash(kind: bytes, data: bytes) -> str:
    return hashlib.sha1(kind + b" " + str(len(data)).encode() + b"\0" + data).hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_version(*, stamped: bool) -> dict[str, str]:
    """The engine parameters' hash and, for a dated (stamped) build, the git commit.

    Committed outputs must rebuild byte for byte, so an undated build records what changes
    the numbers (the package version and ``parameters.yaml``) and not the commit, which
    changes with every commit; a dated build records the commit it was made from.
    """
    from climrisk.paths import package_data

    out = {"parameters.yaml sha256": file_sha256(package_data("parameters.yaml"))}
    if stamped:
        out["code (git commit)"] = git_commit() or "not a git checkout"
    return out


def git_commit() -> str | None:
    """``git rev-parse HEAD`` of the checkout the package runs from, if it is one."""
    import subprocess

    root = Path(__file__).resolve().parents[2]
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None
