"""``climrisk score``: run the engine on a register and the scenario grid."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from climrisk.cli import user_errors
from climrisk.errors import UserError


def attach(app: typer.Typer) -> None:
    """Add the engine commands to ``app``."""

    @app.command()
    @user_errors
    def score(
        register: Annotated[
            Path | None, typer.Option("--register", help="Register directory (default: bundled).")
        ] = None,
        scenarios: Annotated[
            str | None, typer.Option(help="Comma-separated scenario ids (default: the register's).")
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Directory for results.nc and results.csv.")
        ] = None,
        samples: Annotated[int, typer.Option(
            help="Monte Carlo samples (1 to CLIMRISK_MAX_SAMPLES, default 100,000).")] = 1000,
        seed: Annotated[int, typer.Option(help="Random seed, 0 to 2^32 - 1.")] = 20250415,
        grid: Annotated[
            Path | None, typer.Option("--grid", help="Scenario grid NetCDF (default: bundled).")
        ] = None,
        scheduler: Annotated[str | None, typer.Option(
            help="Run on a dask.distributed cluster, e.g. tcp://scheduler:8786.")] = None,
        memory_mb: Annotated[int | None, typer.Option(
            min=16, help="Working memory of one block of assets, MB (default 512).")] = None,
        set_: Annotated[
            Path | None,
            typer.Option("--set", help="Scenario-set file (default: the register's own set)."),
        ] = None,
    ) -> None:
        """Financial effects per item x scenario x horizon (mean, p5–p95) and company totals."""
        from climrisk.disclosure.pipeline import scenarios_for
        from climrisk.engine import run
        from climrisk.options import check_samples, check_seed
        from climrisk.progress import bar
        from climrisk.register import load_register

        samples, seed = check_samples(samples), check_seed(seed)
        if out is not None and out.exists() and not out.is_dir():
            raise UserError(f"{out}: --out is a file, not a folder; give a folder for "
                            "results.nc and results.csv")
        reg = load_register(register)
        chosen = [s.strip() for s in scenarios.split(",") if s.strip()] if scenarios else None
        budget = memory_mb * 2**20 if memory_mb else None
        scen = scenarios_for(reg, set_ or grid)
        with bar("score", len(reg.assets)) as advance:
            results = run(reg, scen.grid, samples=samples, seed=seed, scenarios=chosen,
                          memory_budget=budget, scheduler=scheduler, progress=advance,
                          sources=scen.composed)
        typer.echo(render_summary(results))
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            nc = results.to_netcdf(out / "results.nc")
            csv = results.to_csv(out / "results.csv")
            typer.echo(f"wrote {nc}\nwrote {csv}")


def _not_assessed_lines(ds: object) -> list[str]:
    """Item x site pairs left out for want of scenario data, with the reason."""
    if "not_assessed_text" not in ds:  # type: ignore[operator]
        return []
    text = ds["not_assessed_text"].transpose("item", "asset", "scenario")  # type: ignore[index]
    found: dict[tuple[str, str, str], list[str]] = {}
    values = text.values
    for i, a, s in zip(*np.nonzero(values != ""), strict=True):
        key = (str(text["item"].values[i]), str(text["asset"].values[a]), str(values[i, a, s]))
        found.setdefault(key, []).append(str(text["scenario"].values[s]))
    if not found:
        return []
    lines = ["", f"Not assessed ({len(found)} item x site pairs; left out of the totals)"]
    for (item, asset, why), scen in found.items():
        lines.append(f"{item:<10} {asset:<16} {why} [{', '.join(scen)}]")
    return lines


def render_summary(results: object) -> str:
    """Plain-text tables: item totals and company totals, mean and p5–p95."""
    ds = results.dataset  # type: ignore[attr-defined]
    cur = ds.attrs["currency"]
    lines = [
        f"Annual financial effects, {cur} million (mean [p5–p95]); "
        f"{ds.attrs['samples']} samples, seed {ds.attrs['seed']}"
    ]
    head = f"{'item':<10} {'kind':<12} {'scenario':<12} {'horizon':<8} {'mean':>10}  p5–p95"
    lines += [head, "-" * len(head)]

    def fmt(v: object) -> str:
        return f"{float(v) / 1e6:,.2f}"

    for item in ds["item"].values:
        reason = str(ds["not_quantified"].sel(item=item).values)
        kind = str(ds["item_kind"].sel(item=item).values)
        if reason:
            lines.append(f"{item:<10} {kind:<12} not quantified: {reason}")
            continue
        for s in ds["scenario"].values:
            for h in ds["horizon"].values:
                t = ds["item_total"].sel(item=item, scenario=s, horizon=h)
                lines.append(
                    f"{item:<10} {kind:<12} {s:<12} {h:<8} {fmt(t.sel(stat='mean')):>10}  "
                    f"[{fmt(t.sel(stat='p5'))} – {fmt(t.sel(stat='p95'))}]"
                )
    lines += _not_assessed_lines(ds)
    lines += ["", "Company totals by kind"]
    for k in ds["kind"].values:
        for s in ds["scenario"].values:
            for h in ds["horizon"].values:
                t = ds["company_total"].sel(kind=k, scenario=s, horizon=h)
                lines.append(
                    f"{k:<12} {s:<12} {h:<8} {fmt(t.sel(stat='mean')):>10}  "
                    f"[{fmt(t.sel(stat='p5'))} – {fmt(t.sel(stat='p95'))}]"
                )
    return "\n".join(lines)
