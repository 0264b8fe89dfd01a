"""``climrisk validate``, ``climrisk schema`` and ``climrisk parameters``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def attach(app: typer.Typer) -> None:
    """Add the register commands to ``app``."""
    # Imported here, not at module level, so that `python -m climrisk.cli` (which runs the CLI
    # module as __main__ and imports it a second time) does not meet a circular import.
    from climrisk.cli import user_errors

    @app.command()
    @user_errors
    def validate(
        register_dir: Annotated[
            Path | None, typer.Argument(help="Register directory (default: the bundled one).")
        ] = None,
        grid: Annotated[
            Path | None,
            typer.Option("--grid", help="Scenario grid to check coverage against (default: bundled)."),
        ] = None,
    ) -> None:
        """Validate a register: every problem of every file, with file, line and fix.

        Problems go to standard error, one "error: path:line:col: field: message" line
        each with a "hint:" line below; the exit code is 1 when there are any. Then, per
        site, the scenario variables that do not cover it (warnings: those site-driver pairs
        are "not assessed", the rest of the register still scores).
        """
        from climrisk.errors import RegisterError
        from climrisk.register import load_register

        try:
            reg = load_register(register_dir)
        except RegisterError as exc:
            for problem in exc.problems:
                typer.echo(f"error: {problem}", err=True)
            n = len(exc.problems)
            typer.echo(
                f"{n} problem{'s' if n != 1 else ''} found; fix "
                f"{'them' if n != 1 else 'it'} and run `climrisk validate` again",
                err=True,
            )
            raise typer.Exit(exc.exit_code) from None
        typer.echo(
            f"ok: {reg.root}: {len(reg.items)} items, {len(reg.assets)} assets, "
            f"{len(reg.metrics.years)} metric years, {len(reg.targets.targets)} targets"
        )
        _report_coverage(reg, grid)

    def _report_coverage(reg: object, grid_file: Path | None) -> None:
        import numpy as np

        from climrisk.grids.coverage import coverage_gaps
        from climrisk.grids.sets import open_scenarios, register_set

        assets = reg.assets  # type: ignore[attr-defined]
        analysis = reg.main.scenario_analysis  # type: ignore[attr-defined]
        scen = open_scenarios(grid_file or register_set(reg.root,  # type: ignore[attr-defined]
                                                        analysis.scenario_set))
        lat = np.array([a.location.lat for a in assets], float)
        lon = np.array([a.location.lon for a in assets], float)
        grid = scen.composed.around(lat, lon).grid if scen.composed is not None else scen.grid
        have = {str(s) for s in grid["scenario"].values} if "scenario" in grid.coords else set()
        lacking = [s.id for s in analysis.scenarios if s.id not in have]
        if lacking:
            typer.echo(f"error: scenario_analysis.scenarios: {', '.join(lacking)} not in the "
                       f"scenario data ({scen.label}, which has {', '.join(sorted(have))})",
                       err=True)
            typer.echo("    hint: import data for them into the set, or analyse the scenarios "
                       "it has", err=True)
            raise typer.Exit(1)
        gaps = coverage_gaps(
            grid, [a.id for a in assets], [a.location.lat for a in assets],
            [a.location.lon for a in assets],
        )
        supplied = {a.id: {name for name, h in a.hazards.items()
                           if h.value is not None or all(s.id in (h.by_scenario or {})
                                                         for s in analysis.scenarios)}
                    for a in assets}
        by_site: dict[str, list[str]] = {}
        for g in gaps:
            if g.variable not in supplied.get(g.site, set()):  # the site's own data cover it
                by_site.setdefault(g.site, []).append(f"{g.variable} ({g.detail})")
        for site, missing in by_site.items():
            typer.echo(f"warning: site {site}: not covered by {'; '.join(missing)}", err=True)
        if by_site:
            typer.echo(
                f"{len(by_site)} site(s) lack some scenario variables; those site-driver pairs "
                "will be 'not assessed' (import data for them into the set, or give the site's own "
                "values under hazards: in its asset file)", err=True)

    @app.command()
    @user_errors
    def schema(
        write: Annotated[
            bool, typer.Option("--write", help="Rewrite the committed schema/*.schema.json.")
        ] = False,
        check: Annotated[
            bool, typer.Option("--check", help="Exit 1 if the committed schemas are stale.")
        ] = False,
        name: Annotated[str, typer.Option(help="Schema to print.")] = "item",
    ) -> None:
        """Print, write or check the JSON Schemas of register files."""
        from climrisk.register.schema import SCHEMAS, schema_json, stale_schemas, write_schemas

        if write:
            for path in write_schemas():
                typer.echo(f"wrote {path}")
        elif check:
            stale = stale_schemas()
            for path in stale:
                typer.echo(f"stale: {path} (run `climrisk schema --write`)", err=True)
            raise typer.Exit(1 if stale else 0)
        else:
            if name not in SCHEMAS:
                raise typer.BadParameter(f"choose one of {', '.join(SCHEMAS)}", param_hint="--name")
            typer.echo(schema_json(name), nl=False)

    @app.command()
    @user_errors
    def init(
        directory: Annotated[Path, typer.Argument(help="New folder for the register.")],
        industry: Annotated[
            str, typer.Option("--industry", help="SASB industry: TC-SI, IF-EU, IF-RE.")
        ],
        name: Annotated[str, typer.Option("--name", help="Company name.")],
        currency: Annotated[
            str, typer.Option("--currency", help="ISO 4217 presentation currency.")
        ] = "HKD",
        year: Annotated[
            int | None, typer.Option("--year", help="Reporting year (default: last year).")
        ] = None,
    ) -> None:
        """Write a valid, commented starter register for a company of an industry."""
        from climrisk.register.starter import write_starter

        written = write_starter(directory, industry, name, currency, year)
        typer.echo(f"wrote {len(written)} files to {directory}; next: climrisk validate "
                   f"{directory}")

    @app.command()
    def parameters() -> None:
        """List the engine's parameters with their defaults and sources: the core ones, then
        each industry pack's (a register uses a pack's parameters when it names the pack)."""
        from climrisk.packs import all_packs
        from climrisk.paths import package_data

        typer.echo(package_data("parameters.yaml").read_text(encoding="utf-8"), nl=False)
        for pack in all_packs().values():
            path = pack.folder / "parameters.yaml"
            if path.is_file():
                typer.echo(f"\n# ===== pack {pack.id} (packs: [{pack.id}] in register.yaml)")
                typer.echo(path.read_text(encoding="utf-8"), nl=False)
