"""``climrisk measures`` (cost-benefit of the register's measures) and ``climrisk sensitivity``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from climrisk.cli import user_errors

RegisterOpt = Annotated[
    Path | None, typer.Option("--register", help="Register directory (default: bundled).")
]
GridOpt = Annotated[
    Path | None, typer.Option("--grid", help="Scenario grid NetCDF or scenario-set file "
                               "(default: the register's own set, else the bundled grid).")
]


def attach(app: typer.Typer) -> None:
    """Add the decision commands to ``app``."""

    @app.command()
    @user_errors
    def measures(
        register: RegisterOpt = None,
        grid: GridOpt = None,
        samples: Annotated[int, typer.Option(min=1, help="Monte Carlo samples.")] = 1000,
        seed: Annotated[int, typer.Option(help="Random seed.")] = 20250415,
        out: Annotated[
            Path | None, typer.Option("--out", help="Write costbenefit.nc into this directory.")
        ] = None,
    ) -> None:
        """Cost-benefit of each measure and measure set: avoided loss, NPV, BCR, payback."""
        from climrisk.disclosure.pipeline import scenarios_for
        from climrisk.errors import UserError
        from climrisk.measures import appraise
        from climrisk.options import check_samples, check_seed
        from climrisk.register import load_register

        samples, seed = check_samples(samples), check_seed(seed)
        reg = load_register(register)
        if reg.measures is None or not reg.measures.measures:
            raise UserError(f"{reg.root}: no measures.yaml with measures to appraise")
        cb = appraise(reg, scenarios_for(reg, grid).grid, samples=samples, seed=seed)
        typer.echo(render_costbenefit(cb))
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            path = out / "costbenefit.nc"
            tmp = path.with_suffix(".nc.tmp")
            cb.to_netcdf(tmp)
            tmp.replace(path)
            typer.echo(f"wrote {path}")

    @app.command()
    @user_errors
    def sensitivity(
        output: Annotated[
            str, typer.Option(help="item:<id>, channel:<id> or total:<physical|transition|"
                              "opportunity|risk>.")
        ],
        scenario: Annotated[str, typer.Option(help="Scenario id.")],
        register: RegisterOpt = None,
        grid: GridOpt = None,
        method: Annotated[str, typer.Option(help="sobol (indices) or morris (screening).")] = (
            "sobol"
        ),
        samples: Annotated[int, typer.Option(min=2, help="SALib base sample size N.")] = 1024,
        seed: Annotated[int, typer.Option(help="Seed of the design and the bootstrap.")] = (
            20250415
        ),
        out: Annotated[
            Path | None, typer.Option("--out", help="Write sensitivity.csv into this file.")
        ] = None,
    ) -> None:
        """Which parameter or climate quantile drives an output, per horizon (SALib)."""
        from climrisk.disclosure.pipeline import scenarios_for
        from climrisk.options import check_seed
        from climrisk.register import load_register
        from climrisk.sensitivity import analyse, to_csv

        seed = check_seed(seed)
        reg = load_register(register)
        res = analyse(reg, scenarios_for(reg, grid).grid, output, scenario,
                      method=method, samples=samples, seed=seed)
        text = to_csv(res)
        typer.echo(render_sensitivity(res))
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(out.suffix + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
            typer.echo(f"wrote {out}")


def render_costbenefit(cb: object) -> str:
    """Plain-text table of options per scenario: NPV (mean, p5–p95), BCR, payback year."""
    import numpy as np

    ds = cb  # xarray.Dataset
    lines = [
        f"Cost-benefit at a discount rate of {ds.attrs['appraisal_discount_rate']:.1%}; "  # type: ignore[attr-defined]
        f"{ds.attrs['appraisal_samples']} samples, seed {ds.attrs['appraisal_seed']}; "  # type: ignore[attr-defined]
        "amounts in millions",
        f"{'option':<14} {'scenario':<12} {'PV cost':>9} {'NPV mean':>9}  {'NPV p5–p95':<20}"
        f" {'BCR':>6} {'payback':>7}",
    ]
    for o in ds["option"].values:  # type: ignore[index]
        for s in ds["scenario"].values:  # type: ignore[index]
            n = ds["npv"].sel(option=o, scenario=s) / 1e6  # type: ignore[index]
            year = float(ds["payback_year"].sel(option=o, scenario=s))  # type: ignore[index]
            lines.append(
                f"{o:<14} {s:<12} {float(ds['pv_cost'].sel(option=o)) / 1e6:>9.2f} "  # type: ignore[index]
                f"{float(n.sel(stat='mean')):>9.2f}  "
                f"{float(n.sel(stat='p5')):>8.2f} – {float(n.sel(stat='p95')):<8.2f} "
                f"{float(ds['bcr'].sel(option=o, scenario=s)):>6.2f} "  # type: ignore[index]
                f"{'never' if np.isnan(year) else int(year):>7}"
            )
    return "\n".join(lines)


def render_sensitivity(res: object) -> str:
    """Plain-text ranking per horizon."""
    from climrisk.sensitivity import ranking

    ds = res  # xarray.Dataset
    a = ds.attrs  # type: ignore[attr-defined]
    sobol = a["method"] == "sobol"
    lines = [
        f"{a['method'].title()} sensitivity of {a['output']} under {a['scenario']}: "
        f"N = {a['samples']}, {a['evaluations']} engine samples, seed {a['seed']}"
    ]
    for h in ds["horizon"].values:  # type: ignore[index]
        lines.append(f"\n{h}: " + ("first-order S1 and total ST with 95 % intervals" if sobol
                                    else "Morris mu* (95 % interval) and sigma"))
        for rank, f in enumerate(ranking(ds, str(h)), start=1):  # type: ignore[arg-type]
            r = ds.sel(horizon=h, factor=f)  # type: ignore[attr-defined]
            if sobol:
                lines.append(f"  {rank:>2}. {f:<34} S1 {float(r['S1']):6.3f} ± "
                             f"{float(r['S1_conf']):.3f}   ST {float(r['ST']):6.3f} ± "
                             f"{float(r['ST_conf']):.3f}")
            else:
                lines.append(f"  {rank:>2}. {f:<34} mu* {float(r['mu_star']):12.4g} ± "
                             f"{float(r['mu_star_conf']):.4g}   sigma {float(r['sigma']):.4g}")
    return "\n".join(lines)
