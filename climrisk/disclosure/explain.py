"""``climrisk explain <cell-id>``: one published amount's chain in words, recomputed.

The record comes from the build's ``evidence.json``; the amount is then recomputed from the
register and grid the record names, with the recorded Monte Carlo samples and seed, through
the same code path as ``climrisk build``, and the two are compared at the printed precision.
"""

from __future__ import annotations

import difflib
import json
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climrisk.disclosure.formats.evidence import EVIDENCE_JSON
from climrisk.disclosure.labels import label
from climrisk.disclosure.table import number_text
from climrisk.errors import UserError

if TYPE_CHECKING:
    import xarray as xr

    from climrisk.disclosure.document import Document
    from climrisk.disclosure.evidence import Evidence

INDENT = "    "


def load_evidence(out_dir: Path, register_dir: Path | None = None) -> dict[str, Any]:
    """The ``evidence.json`` of a build folder; a missing one names the build that makes it."""
    path = out_dir / EVIDENCE_JSON
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        build = ["climrisk", "build", "--out", str(out_dir)]
        if register_dir is not None:
            build[2:2] = ["--register", str(register_dir)]
        raise UserError(
            f"{path}: no evidence file; run `{shlex.join(build)}` first"
        ) from None
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: cannot read the evidence file ({exc})") from None
    return data


def _shown(value: Any, decimals: int) -> str:
    if isinstance(value, list):
        low, high = (number_text(v, decimals) for v in value)
        return low if low == high else f"{low}–{high}"
    return number_text(value, decimals)


def explain(
    cell_id: str,
    out_dir: Path,
    register_dir: Path | None,
    grid_file: Path | None,
    *,
    recompute: bool = True,
) -> tuple[str, bool]:
    """The chain behind ``cell_id`` in words, and whether the recomputed value matches."""
    data = load_evidence(out_dir, register_dir)
    cells = data["cells"]
    if cell_id not in cells:
        close = difflib.get_close_matches(cell_id, list(cells), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UserError(
            f"no published amount '{cell_id}' in {out_dir / EVIDENCE_JSON}{hint} "
            "(ids look like e-2/TR-01/operating-cost-increase/medium)"
        )
    rec = cells[cell_id]
    en = "en"
    shown = _shown(rec["value"], rec["decimals"])
    lines = [
        f"{cell_id}: {shown} {rec['unit']}"
        + (f" {label('fmt.estimate').in_(en).replace('{value}', '').strip()}" if rec["estimate"] else ""),
        f"{INDENT}statistic: {label('stat.' + rec['statistic']).in_(en)}",
        f"{INDENT}table {rec['table']}, column {rec['column']}; scenarios "
        f"{', '.join(rec['scenarios'])}; horizons {', '.join(rec['horizons'])}",
    ]
    for gid in rec["groups"]:
        group = data["groups"][gid]
        lines.append(f"{INDENT}inputs of {gid}:")
        for m in group["models"]:
            lines.append(f"{INDENT * 2}model {m['model']}: {m['formula']}")
        for inp in group["inputs"]:
            rng = f" (range {inp['low']:g}–{inp['high']:g})" if "low" in inp else ""
            tag = " [estimate]" if inp["estimate"] else ""
            lines.append(
                f"{INDENT * 2}{inp['kind']} {inp['name']} = {inp['value']}{rng}{tag}; "
                f"{inp['source']}; at {inp['where']}"
            )
    prov = data.get("provenance", {})
    lines.append(f"{INDENT}build: " + "; ".join(f"{k} {v}" for k, v in prov.items()))
    if not recompute:
        return "\n".join(lines) + "\n", True
    again, notes = _recompute(cell_id, prov, register_dir, grid_file)
    lines += [f"{INDENT}{n}" for n in notes]
    if again is None:
        lines.append(f"{INDENT}recomputed: the amount is no longer published by this register")
        return "\n".join(lines) + "\n", False
    again_shown = _shown(again, rec["decimals"])
    same = again_shown == shown
    lines.append(
        f"{INDENT}recomputed from the recorded inputs: {again_shown} {rec['unit']} "
        + ("(matches the published amount)" if same else f"(DIFFERS from the published {shown})")
    )
    return "\n".join(lines) + "\n", same


def _recompute(
    cell_id: str, prov: dict[str, str], register_dir: Path | None, grid_file: Path | None
) -> tuple[Any, list[str]]:
    from climrisk.disclosure.pipeline import default_grid_path, document_for, scenarios_for
    from climrisk.disclosure.provenance import file_sha256, git_tree_id
    from climrisk.engine import run
    from climrisk.register import load_register

    register = load_register(register_dir)
    scen = scenarios_for(register, grid_file)
    grid_file = scen.path or default_grid_path()
    notes = []
    tree = git_tree_id(Path(register.root))
    if prov.get("register (git tree)") not in (None, tree):
        notes.append(
            f"note: the register has changed since the build (tree {tree}, "
            f"recorded {prov['register (git tree)']})"
        )
    sha = file_sha256(grid_file)
    if prov.get("grid file sha256") not in (None, sha):
        notes.append(f"note: the grid file differs from the build's ({grid_file})")
    samples = int(prov.get("engine samples", "1000"))
    seed = int(prov.get("engine seed", "20250415"))
    grid = scen.grid
    results = run(register, grid, samples=samples, seed=seed, sources=scen.composed)
    doc = document_for(register, grid, grid_file, samples=samples, seed=seed, results=results,
                       composed=scen.composed)
    rec = doc.evidence.records.get(cell_id)
    if rec is None:
        return None, notes
    notes += _breakdown(rec, doc, results.dataset, grid)
    value = list(rec.value) if isinstance(rec.value, tuple) else rec.value
    return value, notes


def _breakdown(rec: Evidence, doc: Document, ds: xr.Dataset, grid: xr.Dataset) -> list[str]:
    """For one item in one scenario and horizon: scenario paths at the analysis year and the
    mean amount per site, which add up to the item's mean."""
    if rec.group is None or len(rec.scenarios) != 1 or len(rec.horizons) != 1:
        return []
    group = doc.evidence.groups[rec.group]
    scenario, horizon = rec.scenarios[0], rec.horizons[0]
    year = int(ds["analysis_year"].sel(horizon=horizon))
    lines = [f"scenario paths in {scenario} at {year}:"]
    for var in sorted({i.name for i in group.inputs if i.kind == "scenario"}):
        if var not in grid or {"lat", "lon"} & set(grid[var].dims):
            continue
        data = grid[var].sel(scenario=scenario, year=year)
        if "quantile" in data.dims:
            data = data.sel(quantile=0.5)
        values = data.load()
        if "region" in values.dims:
            shown = ", ".join(
                f"{r} {float(v):.4g}" for r, v in zip(values["region"].values, values.values, strict=True)
            )
        else:
            shown = f"{float(values):.4g}"
        lines.append(f"{INDENT}{var} = {shown} {grid[var].attrs.get('units', '')} (median path)")
    if "amount" in ds and group.channel is None:
        amount = ds["amount"].sel(item=group.item, scenario=scenario, horizon=horizon, stat="mean")
        per_site = amount.sum("channel", skipna=True, min_count=1).dropna("asset")
        scale = rec.scale
        lines.append("mean annual amount per site (sums to the item's mean):")
        lines += [
            f"{INDENT}{a} {float(v) / scale:,.{rec.decimals}f} {rec.unit}"
            for a, v in zip(per_site["asset"].values, per_site.values, strict=True)
        ]
        total = float(per_site.sum()) / scale
        lines.append(f"{INDENT}sum {total:,.{rec.decimals}f} {rec.unit}")
    return lines
