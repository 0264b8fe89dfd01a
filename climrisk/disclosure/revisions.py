"""``climrisk diff``: what a change to the register does to the register and to the tables.

Both revisions are extracted with ``git archive`` into temporary folders (the working tree
and the repository state are never touched) and rendered with the current code, so the diff
shows the effect of the register and grid change alone, as Markdown fit for a PR comment.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from climrisk.budgets import REGISTER_BYTES, REGISTER_FILES
from climrisk.disclosure.document import Document
from climrisk.disclosure.formats.numbers_json import numbers_json
from climrisk.disclosure.pipeline import (
    default_grid_path,
    document_for,
    open_grid,
    scenarios_for,
)
from climrisk.disclosure.provenance import file_sha256
from climrisk.disclosure.table import cell_json
from climrisk.errors import RegisterError, UserError
from climrisk.escaping import markdown_cell, markdown_code
from climrisk.register import load_register
from climrisk.register.models import Register

GRID = "scenarios/default.nc"
MAX_ROWS = 60  # per section of the comment, so a large change stays readable
Flat = dict[str, Any]


def _git(repo: Path, *args: str) -> bytes:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if proc.returncode != 0:
        raise UserError(f"git {' '.join(args)}: {proc.stderr.decode().strip()}")
    return proc.stdout


def extract(repo: Path, rev: str, paths: list[str], into: Path) -> None:
    """The files under ``paths`` at ``rev``, written below ``into`` (missing paths skipped)."""
    present = [p for p in paths if _git(repo, "ls-tree", "--name-only", rev, "--", p).strip()]
    if not present:
        return
    data = _git(repo, "archive", "--format=tar", rev, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
        for member in members:
            if not (member.isfile() or member.isdir()):
                kind = "a symbolic link" if member.issym() else (
                    "a hard link" if member.islnk() else "not a regular file")
                raise UserError(
                    f"{rev}:{member.name}: is {kind}; a register holds only regular files and "
                    "climrisk does not follow links. Replace the link with the file itself"
                )
        register_members = [m for m in members if m.name != GRID]
        size = sum(m.size for m in register_members)
        if len(register_members) > REGISTER_FILES.value():
            raise UserError(f"{rev}: " + REGISTER_FILES.refusal(len(register_members),
                                                                "the register"))
        if size > REGISTER_BYTES.value():
            raise UserError(f"{rev}: " + REGISTER_BYTES.refusal(size, "the register"))
        tar.extractall(into, filter="data")


def _extract_set(top: Path, rev: str, root: Path, register_path: str, named: str) -> None:
    """The register's set file at ``rev`` and the grid files it lists, below ``root``."""
    from climrisk.grids.sets import read_set

    rel = os.path.normpath(os.path.join(register_path, named))
    extract(top, rev, [rel], root)
    if not (root / rel).is_file():
        raise UserError(f"{register_path}: names scenario set {named!r}, which is not in "
                        f"the repository at {rev}; commit it, or pass --set")
    try:
        spec, _ = read_set(root / rel)
    except UserError:
        return  # the full error comes when the set is composed
    folder = os.path.dirname(rel)
    grids = [os.path.normpath(os.path.join(folder, e.grid)) for e in spec.sources if e.grid]
    extract(top, rev, grids, root)


def flatten(value: Any, prefix: str = "") -> Flat:
    """Nested JSON as ``a.b[0].c`` → leaf value."""
    if isinstance(value, dict):
        out: Flat = {}
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def _objects(reg: Register) -> dict[str, Flat]:
    """Register objects by kind and id, each flattened."""
    objs: dict[str, Flat] = {"register": flatten(reg.main.model_dump(mode="json", by_alias=True))}
    for kind, items in (
        ("item", reg.items),
        ("asset", reg.assets),
        ("target", reg.targets.targets),
    ):
        for obj in items:
            objs[f"{kind} {obj.id}"] = flatten(obj.model_dump(mode="json", by_alias=True))
    for year in reg.metrics.years:
        objs[f"metrics {year.year}"] = flatten(year.model_dump(mode="json", by_alias=True))
    return objs


WIDTH = 80  # characters of a value shown in a comment cell


def shown(value: Any, exact: bool = False) -> str:
    """A register value or ``numbers.json`` cell as a reader reads it: ``2,409 (E)``,
    ``1.3–2.4``, ``Low``, ``a, b``; never JSON. ``exact`` prints floats in full, for two
    values that would otherwise look the same."""
    if isinstance(value, dict):
        if "value" in value:  # a published cell with its evidence
            text = shown(value["value"], exact)
            return f"{text} (E)" if value.get("estimate") else text
        if {"low", "high"} <= set(value):
            return f"{shown(value['low'], exact)}–{shown(value['high'], exact)}"
        if "en" in value:
            return str(value["en"])
        return "; ".join(f"{k}: {shown(v, exact)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(shown(v, exact) for v in value) or "(none)"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if exact or not value.is_integer():
            return f"{value:,.15g}" if exact else f"{value:,.6g}"
        return f"{value:,.0f}"
    return " ".join(str(value).split())


def shown_pair(before: Any, after: Any) -> tuple[str, str]:
    """Before and after as comment cells that differ whenever the values do: rounding is
    undone and a cut long text shows the stretch where the two part."""
    a, b = shown(before), shown(after)
    if a == b and before != after:
        a, b = shown(before, exact=True), shown(after, exact=True)
    if max(len(a), len(b)) > WIDTH:
        start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        a, b = _window(a, start), _window(b, start)
    return markdown_cell(a), markdown_cell(b)


def _window(text: str, start: int) -> str:
    """``WIDTH`` characters of ``text`` around ``start``, with … where it is cut."""
    if len(text) <= WIDTH:
        return text
    lo = max(0, min(start - WIDTH // 4, len(text) - WIDTH + 2))
    hi = lo + WIDTH - 2
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def register_changes(before: Register, after: Register) -> list[str]:
    """Markdown lines: objects added and removed, then field changes."""
    a, b = _objects(before), _objects(after)
    lines = ["### Register", ""]
    added, removed = sorted(set(b) - set(a)), sorted(set(a) - set(b))
    lines.append(f"- added: {markdown_cell(', '.join(added) or 'none')}")
    lines.append(f"- removed: {markdown_cell(', '.join(removed) or 'none')}")
    rows = [
        (key, field, a[key].get(field), b[key].get(field))
        for key in sorted(set(a) & set(b))
        for field in sorted(set(a[key]) | set(b[key]))
        if a[key].get(field) != b[key].get(field)
    ]
    lines.append(f"- changed fields: {len(rows)}")
    if rows:
        lines += ["", "| object | field | before | after |", "| --- | --- | --- | --- |"]
        lines += [f"| {markdown_cell(k)} | {markdown_code(f)} | {' | '.join(shown_pair(x, y))} |"
                  for k, f, x, y in rows[:MAX_ROWS]]
        if len(rows) > MAX_ROWS:
            lines.append(f"\n… and {len(rows) - MAX_ROWS} more")
    return lines


def _row_keys(table: dict[str, Any]) -> list[str]:
    """Shortest run of leading columns that tells the rows apart."""
    keys = [c["key"] for c in table["columns"]]
    rows = table["rows"]
    for n in range(1, len(keys) + 1):
        names = [" / ".join(markdown_cell(shown(r[k])) for k in keys[:n]) for r in rows]
        if len(set(names)) == len(names):
            return names
    return [str(i) for i in range(len(rows))]


def _numeric(value: Any) -> bool:
    """A number, a range or a published cell holding one."""
    if isinstance(value, dict) and "value" in value:
        return _numeric(value["value"])
    return isinstance(value, int | float) or (isinstance(value, dict) and "low" in value)


def _column(column: dict[str, Any]) -> str:
    """A column by its English header and unit: ``SSP1-2.6 (CNY thousand per year)``."""
    head = shown(column.get("header") or column["key"])
    unit = column.get("unit")
    return markdown_cell(f"{head} ({shown(unit)})" if unit else head)


def table_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Markdown lines: numbers that moved, per table, with before and after."""
    lines = ["### Tables", ""]
    moved = 0
    for tid in sorted(set(before["tables"]) | set(after["tables"])):
        ta, tb = before["tables"].get(tid), after["tables"].get(tid)
        if ta is None or tb is None:
            lines.append(f"- {tid}: table {'added' if ta is None else 'removed'}")
            continue
        rows_a = dict(zip(_row_keys(ta), ta["rows"], strict=True))
        rows_b = dict(zip(_row_keys(tb), tb["rows"], strict=True))
        changes = []
        for key in sorted(set(rows_a) | set(rows_b)):
            ra, rb = rows_a.get(key, {}), rows_b.get(key, {})
            for col in tb["columns"]:
                x, y = ra.get(col["key"]), rb.get(col["key"])
                if x != y and (_numeric(x) or _numeric(y)):
                    changes.append(f"| {key} | {_column(col)} | {' | '.join(shown_pair(x, y))} |")
        added = sorted(set(rows_b) - set(rows_a))
        removed = sorted(set(rows_a) - set(rows_b))
        if not (changes or added or removed):
            continue
        moved += len(changes)
        lines += [f"#### {markdown_cell(tid)} {markdown_cell(tb['title']['en'])}", ""]
        if added:
            lines.append(f"- rows added: {', '.join(added)}")  # row keys are escaped
        if removed:
            lines.append(f"- rows removed: {', '.join(removed)}")
        if changes:
            lines += ["", "| row | column | before | after |", "| --- | --- | --- | --- |"]
            lines += changes[:MAX_ROWS]
            if len(changes) > MAX_ROWS:
                lines.append(f"\n… and {len(changes) - MAX_ROWS} more")
        lines.append("")
    if moved == 0 and len(lines) == 2:
        lines.append("No number in the tables changed.")
    return lines


def _top(repo: Path) -> Path:
    probe = subprocess.run(["git", "-C", str(repo), "rev-parse", "--show-toplevel"],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        raise UserError(
            f"{repo} is not inside a git repository: diff compares two committed revisions of "
            "the register; run it from the repository's folder (cd into it), or `git init` and "
            "commit the register first. Without git, build each version with "
            "`climrisk build --out DIR` and compare the numbers.json files"
        )
    return Path(probe.stdout.decode().strip())


Builder = Callable[[Register], Document]


def _at_revision(top: Path, rev: str, root: Path, register_path: str,
                 scenario_set: Path | None, grids: dict[str, Any] | None) -> tuple[Register,
                                                                             Builder]:
    """The register at ``rev`` (extracted below ``root``) and how to render a register on
    that revision's scenario data: ``scenario_set`` when given, else the set the register
    names as committed at ``rev``, else the grid committed at ``rev`` (or the bundled one);
    without ``grids`` (a cache of opened grids) what ``climrisk build`` uses instead of a
    committed grid, the bundled scenarios."""
    extract(top, rev, [register_path, *([GRID] if grids is not None else [])], root)
    try:
        reg = load_register(root / register_path)
    except RegisterError as exc:
        raise UserError(f"register at {rev} is not valid:\n{exc}") from None
    named = reg.main.scenario_analysis.scenario_set
    if scenario_set is None and named:
        _extract_set(top, rev, root, register_path, named)
    if scenario_set is not None or named or grids is None:
        scen = scenarios_for(reg, scenario_set)
        return reg, lambda r: document_for(r, scen.grid, scen.path, composed=scen.composed,
                                           comparatives=False)
    assert grids is not None
    grid_file = root / GRID if (root / GRID).is_file() else default_grid_path()
    sha = file_sha256(grid_file)
    if sha not in grids:
        grids[sha] = open_grid(grid_file)
    return reg, lambda r: document_for(r, grids[sha], grid_file, comparatives=False)


def revision_diff(repo: Path, rev_a: str, rev_b: str, register_path: str,
                  scenario_set: Path | None = None) -> str:
    """The PR comment for ``rev_a`` → ``rev_b``.

    Both revisions use ``scenario_set`` when given; otherwise each uses the set its register
    names, as committed at that revision (with the grid files the set lists), or the grid.
    """
    top = _top(repo)
    short = {r: _git(top, "rev-parse", "--short", r).decode().strip() for r in (rev_a, rev_b)}
    with tempfile.TemporaryDirectory(prefix="climrisk-diff-") as tmp:
        regs, docs, grids = {}, {}, {}
        for rev in (rev_a, rev_b):
            root = Path(tmp) / short[rev]
            root.mkdir(exist_ok=True)
            regs[rev], build = _at_revision(top, rev, root, register_path, scenario_set, grids)
            docs[rev] = json.loads(numbers_json(build(regs[rev])))
    lines = [
        f"## Disclosure diff {markdown_code(short[rev_a])} → {markdown_code(short[rev_b])}",
        "",
        f"Register {markdown_code(register_path)}, rendered with the current code at both "
        "revisions.",
        "",
    ]
    lines += register_changes(regs[rev_a], regs[rev_b])
    lines += ["", *table_changes(docs[rev_a], docs[rev_b])]
    return "\n".join(lines).rstrip() + "\n"


def period_diff(repo: Path, rev: str, register_path: str,
                scenario_set: Path | None = None) -> str:
    """The register at ``rev`` against its prior period (``comparatives.yaml``): what changed
    in the register and the tables between the periods, both on the scenario data the build
    of ``rev`` uses, and each prior figure that differs from the one published, with the
    entry that explains it."""
    from climrisk.disclosure.comparatives import restated
    from climrisk.disclosure.prior_period import prior_period

    top = _top(repo)
    short = _git(top, "rev-parse", "--short", rev).decode().strip()
    with tempfile.TemporaryDirectory(prefix="climrisk-diff-") as tmp:
        # on the basis of `climrisk build`, so the prior figures compare with the published
        reg, build = _at_revision(top, rev, Path(tmp), register_path, scenario_set, None)
        if reg.comparatives is None:
            raise UserError(
                f"{register_path} at {rev} has no comparatives.yaml naming its prior period; "
                "add one (README, 'Comparatives and restatements'), or compare two revisions "
                "with `climrisk diff REV_A REV_B`")
        prior = prior_period(reg, build, (top, register_path))
        now = json.loads(numbers_json(build(reg)))
        figures, covering = restated(prior, reg)
    then = json.loads(numbers_json(prior.document))
    years = [str(r.main.entity.reporting_period.end.year) for r in (prior.register, reg)]
    lines = [
        f"## Disclosure diff across periods: FY{years[0]} {markdown_code(prior.revision)} → "
        f"FY{years[1]} {markdown_code(short)}",
        "",
        f"Registers {markdown_code(prior.folder)} at {markdown_code(prior.revision)} and "
        f"{markdown_code(register_path)} at {markdown_code(short)}, both rendered with the "
        f"current code on the scenario data the build of {markdown_code(short)} uses.",
        "",
    ]
    lines += register_changes(prior.register, reg)
    lines += ["", *table_changes(then, now), "", *_published_changes(prior, figures, covering)]
    return "\n".join(lines).rstrip() + "\n"


def _published_changes(prior: Any, figures: dict[str, Any],
                       covering: dict[str, list[str]]) -> list[str]:
    """Markdown lines: prior figures as published against as recomputed, with the entry of
    the restatement log that explains each (or that none does)."""
    lines = ["### Prior period as published", ""]
    if prior.published is None:
        return [*lines, f"No published numbers.json is committed at "
                        f"{markdown_code(prior.revision)}; nothing to compare."]
    lines.append(f"Published figures {markdown_code(prior.published.source)} (sha256 "
                 f"{markdown_code(prior.published.sha256)}): {len(covering)} differ from the "
                 "recomputation.")
    if not covering:
        return lines
    lines += ["", "| figure | as published | recomputed | restatement |",
              "| --- | --- | --- | --- |"]
    for fid in sorted(covering)[:MAX_ROWS]:
        fig = figures.get(fid)
        published = (fig.published if fig else prior.published.figures[fid][0])
        recomputed = cell_json(fig.cell)["value"] if fig else None
        entry = ", ".join(covering[fid]) or "**none: unexplained**"
        lines.append(f"| {markdown_cell(fid)} | {' | '.join(shown_pair(published, recomputed))} "
                     f"| {markdown_cell(entry) if covering[fid] else entry} |")
    if len(covering) > MAX_ROWS:
        lines.append(f"\n… and {len(covering) - MAX_ROWS} more")
    return lines
