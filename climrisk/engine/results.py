"""``Results``: the engine's tidy dataset with a pandas view and file writers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xarray as xr

STATS = ("mean", "p5", "p50", "p95")


@dataclass(frozen=True)
class Results:
    """Financial effects with provenance; ``dataset`` follows docs/architecture.md.

    A run without asset detail (``run(..., asset_detail=False)``, the default for very large
    portfolios) has no ``amount``, ``site_total``, ``flood_loss_rp`` or ``inundation_year``;
    it has ``site_mean`` (asset x kind x scenario x horizon) instead.
    """

    dataset: xr.Dataset

    def frame(self, variable: str = "amount") -> pd.DataFrame:
        """Long table of one variable with NaN rows dropped; amounts also name model and formula."""
        ds = self.dataset
        df = ds[variable].to_dataframe().dropna(subset=[variable]).reset_index()
        drop = [c for c in df.columns if c in ds.coords and c not in ds[variable].dims]
        df = df.drop(columns=drop)
        if variable == "amount":
            models = ds["model"].to_dataframe().reset_index()
            df = df.merge(models, on=["item", "channel"], how="left")
            formulas = {k: v["formula"] for k, v in self.models.items()}
            df["formula"] = [
                "; ".join(formulas[m] for m in str(ms).split(",") if m in formulas)
                for ms in df["model"]
            ]
        return df

    @property
    def models(self) -> dict[str, dict[str, object]]:
        """Provenance per model: module, formula, grid variables, parameters with sources."""
        return json.loads(self.dataset.attrs["models"])

    def summary(self) -> pd.DataFrame:
        """Item x scenario x horizon mean and p5–p95, wide by statistic."""
        df = self.frame("item_total")
        return df.pivot_table(
            index=["item", "scenario", "horizon"], columns="stat", values="item_total"
        )[list(STATS)]

    def to_netcdf(self, path: str | Path) -> Path:
        """Write the dataset (strings as variable-length, flags as int8)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        self.dataset.to_netcdf(tmp)
        tmp.replace(path)
        return path

    def to_csv(self, path: str | Path, variable: str = "amount") -> Path:
        """Write ``frame(variable)`` as CSV."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.frame(variable).to_csv(path, index=False)
        return path
