"""The prior reporting period: its register as committed in git, and its published figures.

``comparatives.yaml`` names a revision. The register at that revision is extracted with
``git archive`` (links and special files refused, the register budgets applied, as for
``climrisk diff``) and rebuilt with the current engine, scenario data, samples and seed, so
its figures are comparable with this period's and an assurer can recompute every one. The
published ``numbers.json`` is read from git as a blob, with its sha256, to show which
recomputed figures differ from what was published.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from climrisk.disclosure.document import Document
from climrisk.errors import RegisterError, UserError
from climrisk.register import load_register
from climrisk.register.locate import problem
from climrisk.register.models import Register

FILE = "comparatives.yaml"
MAX_PUBLISHED_BYTES = 64_000_000
"""A published ``numbers.json`` larger than this is not one climrisk wrote."""


@dataclass(frozen=True)
class Published:
    """The prior period's figures as published: evidence id → (value, column unit in English,
    estimate marker)."""

    source: str  # revision:path
    sha256: str
    figures: dict[str, tuple[Any, str | None, bool]]


@dataclass(frozen=True)
class Prior:
    """The prior period rebuilt on this build's basis, and what was published for it."""

    document: Document
    register: Register
    revision: str
    commit: str
    folder: str
    published: Published | None


def git(top: Path, *args: str) -> bytes:
    """``git -C top args``; git's own error becomes a ``UserError`` naming the command."""
    proc = subprocess.run(["git", "-C", str(top), *args], capture_output=True, check=False)
    if proc.returncode != 0:
        raise UserError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def repository_of(register: Register) -> tuple[Path, str]:
    """The git repository holding the register, and the register's path inside it."""
    root = Path(register.root).resolve()
    proc = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                          capture_output=True, check=False)
    if proc.returncode != 0:
        raise RegisterError([problem(
            register, FILE, ("prior", "revision"),
            "the register is not in a git repository, so its prior period cannot be read",
            "commit the register to git and tag the prior period's revision, or remove "
            f"{FILE} to build without comparatives")])
    top = Path(proc.stdout.decode().strip()).resolve()
    return top, root.relative_to(top).as_posix()


def _commit(register: Register, top: Path, revision: str, field: tuple[str, ...]) -> str:
    proc = subprocess.run(
        ["git", "-C", str(top), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        capture_output=True, check=False)
    if proc.returncode != 0:
        raise RegisterError([problem(
            register, FILE, field, f"revision {revision!r} is not in the repository",
            "name a tag or commit that exists (`git tag` lists the tags; tag the commit of "
            "the prior period's filing with `git tag fy2023 <commit>`); a shallow clone "
            "lacks it: `git fetch --tags --unshallow`")])
    return proc.stdout.decode().strip()


def prior_period(register: Register, build: Callable[[Register], Document],
                 where: tuple[Path, str] | None = None) -> Prior:
    """The prior period of ``register`` (which must name one), built with ``build``;
    ``where`` is the repository and the register's path in it, when the register was read
    from a revision rather than from a working tree in the repository."""
    from climrisk.disclosure.revisions import extract

    spec = register.comparatives
    assert spec is not None
    top, here = where or repository_of(register)
    prior = spec.prior
    commit = _commit(register, top, prior.revision, ("prior", "revision"))
    folder = prior.folder or here
    with tempfile.TemporaryDirectory(prefix="climrisk-prior-") as tmp:
        extract(top, commit, [folder], Path(tmp))
        if not (Path(tmp) / folder / "register.yaml").is_file():
            raise RegisterError([problem(
                register, FILE, ("prior", "folder" if prior.folder else "revision"),
                f"{prior.revision} holds no register at {folder}/",
                "name the register's folder at that revision under prior.folder")])
        try:
            old = load_register(Path(tmp) / folder)
        except RegisterError as exc:
            raise UserError(f"the prior period's register ({prior.revision}:{folder}) is not "
                            f"valid with this version of climrisk:\n{exc}") from None
        _check_periods(register, old, prior.revision)
        document = build(old)
    return Prior(document, old, prior.revision, commit, folder,
                 _published(register, top, commit, folder))


def _check_periods(register: Register, old: Register, revision: str) -> None:
    now, then = register.main.entity, old.main.entity
    problems = []
    if then.reporting_period.end >= now.reporting_period.start:
        problems.append(problem(
            register, FILE, ("prior", "revision"),
            f"{revision} holds the register for {then.reporting_period.start} – "
            f"{then.reporting_period.end}, which is not before this period "
            f"({now.reporting_period.start} – {now.reporting_period.end})",
            "name the revision of the prior period's filing"))
    if then.currency != now.currency:
        problems.append(problem(
            register, FILE, ("prior", "revision"),
            f"the prior period presents {then.currency} and this one {now.currency}; "
            "comparatives need one presentation currency",
            "present both periods in one currency, or remove comparatives.yaml"))
    if problems:
        raise RegisterError(problems)


def _published(register: Register, top: Path, commit: str, folder: str) -> Published | None:
    """The published figures; ``None`` when the default place holds none."""
    spec = register.comparatives.prior.published if register.comparatives else None
    revision = spec.revision if spec and spec.revision else None
    at = (_commit(register, top, revision, ("prior", "published", "revision")) if revision
          else commit)
    path = spec.path if spec and spec.path else f"disclosures/{Path(folder).name}/numbers.json"
    listing = git(top, "ls-tree", "-l", at, "--", path).decode().split()
    shown = f"{revision or register.comparatives.prior.revision}:{path}"  # type: ignore[union-attr]
    if not listing:
        if spec and spec.path:
            raise RegisterError([problem(register, FILE, ("prior", "published", "path"),
                                         f"{shown} does not exist",
                                         "name the numbers.json committed with the filing")])
        return None
    mode, kind, size = listing[0], listing[1], listing[3]
    if kind != "blob" or mode not in ("100644", "100755"):
        raise UserError(f"{shown}: is not a regular file (git mode {mode}); climrisk does not "
                        "follow links. Commit the published numbers.json itself")
    if int(size) > MAX_PUBLISHED_BYTES:
        raise UserError(f"{shown}: {int(size):,} bytes, more than a numbers.json climrisk "
                        f"writes ({MAX_PUBLISHED_BYTES:,}); name the right file")
    data = git(top, "cat-file", "blob", f"{at}:{path}")
    return Published(shown, hashlib.sha256(data).hexdigest(), published_figures(data, shown))


def published_figures(data: bytes, shown: str) -> dict[str, tuple[Any, str | None, bool]]:
    """Every figure with an evidence id in a ``numbers.json``, with its column's unit."""
    try:
        tables = json.loads(data)["tables"]
        out: dict[str, tuple[Any, str | None, bool]] = {}
        for table in tables.values():
            units = {c["key"]: (c.get("unit") or {}).get("en") for c in table["columns"]}
            for row in table["rows"]:
                for key, cell in row.items():
                    if isinstance(cell, dict) and isinstance(cell.get("evidence"), str):
                        out[cell["evidence"]] = (cell.get("value"), units.get(key),
                                                 cell.get("estimate") is True)
        return out
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{shown}: is not a numbers.json that climrisk wrote ({exc}); name "
                        "the published file under prior.published.path") from None
