"""``climrisk pue-fit``: a site's PUE response to dry- and wet-bulb temperature, from its own
monthly record, with the fit statistics a reviewer needs and the asset lines that use it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from climrisk.cli import user_errors
from climrisk.errors import UserError

if TYPE_CHECKING:
    import numpy as np

COLUMNS = ("pue", "dry_bulb_c", "wet_bulb_c")


def attach(app: typer.Typer) -> None:
    """Add ``pue-fit`` to ``app``."""

    @app.command("pue-fit")
    @user_errors
    def pue_fit(
        record: Annotated[Path, typer.Argument(
            help="CSV of the site's months: columns pue, dry_bulb_c, wet_bulb_c (one row a "
                 "month, at least 6).")],
        free_cooling_wet_bulb: Annotated[float, typer.Option(
            help="Wet bulb (degC) above which the chillers carry load (free-cooling "
                 "changeover).")] = 12.0,
        wet_per_dry: Annotated[float, typer.Option(
            help="Wet-bulb warming per degC of dry-bulb warming (about 0.8 in humid "
                 "climates).")] = 0.8,
    ) -> None:
        """Fit monthly PUE on dry bulb and wet bulb above the changeover; print the fit and the
        site's PUE rise per degC of warming for ``attributes.pue_per_degc_site``."""
        import numpy as np

        from climrisk.engine.physical.pue_fit import PueFitError, delta_pue_monthly, fit_pue

        values = _read(record)
        try:
            fit = fit_pue(values["pue"], values["dry_bulb_c"], values["wet_bulb_c"],
                          free_cooling_wet_bulb)
        except PueFitError as exc:
            raise UserError(f"{record}: {exc}") from exc
        slope = float(delta_pue_monthly(
            np.array(fit.b_db), np.array(fit.b_wb), values["wet_bulb_c"],
            np.array(free_cooling_wet_bulb), np.array(1.0), np.array(wet_per_dry)))
        typer.echo(
            f"PUE = {fit.b0:.4f} + {fit.b_db:.5f} x dry bulb + {fit.b_wb:.5f} x max(0, wet bulb "
            f"- {free_cooling_wet_bulb:g})\n"
            f"standard errors: {fit.se_b0:.4f}, {fit.se_db:.5f}, {fit.se_wb:.5f}; "
            f"R2 {fit.r2:.3f}; RMSE {fit.rmse:.4f}; n {fit.n}; dof {fit.dof}\n"
            f"PUE rise per degC of warming (wet bulb {wet_per_dry:g} x dry): {slope:.5f}\n"
            "asset file lines:\n"
            f"  attributes:\n    pue_per_degc_site: {slope:.5f}\n"
            f"  estimates:\n    attributes.pue_per_degc_site: >-\n"
            f"      climrisk pue-fit {record.name} --free-cooling-wet-bulb "
            f"{free_cooling_wet_bulb:g} --wet-per-dry {wet_per_dry:g}: b_db {fit.b_db:.5f} "
            f"(se {fit.se_db:.5f}), b_wb {fit.b_wb:.5f} (se {fit.se_wb:.5f}), R2 {fit.r2:.3f}, "
            f"n {fit.n}"
        )


def _read(path: Path) -> dict[str, np.ndarray]:
    """The record's columns as floats; a clear error for a missing file, column or value."""
    import csv

    import numpy as np

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"{path}: cannot read the record ({exc.strerror}); give the CSV of "
                        "monthly pue, dry_bulb_c and wet_bulb_c") from exc
    rows = list(csv.DictReader(text.splitlines()))
    missing = [c for c in COLUMNS if not rows or c not in rows[0]]
    if missing:
        raise UserError(f"{path}: no column {', '.join(missing)}; the record needs the columns "
                        f"{', '.join(COLUMNS)} with one row a month")
    out = {}
    for c in COLUMNS:
        try:
            out[c] = np.array([float(r[c]) for r in rows])
        except (TypeError, ValueError) as exc:
            line = next(i + 2 for i, r in enumerate(rows) if not _number(r[c]))
            raise UserError(f"{path}:{line}: {c}: not a number ({rows[line - 2][c]!r})") from exc
        if not np.isfinite(out[c]).all():
            raise UserError(f"{path}: {c}: values must be finite numbers")
    return out


def _number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True
