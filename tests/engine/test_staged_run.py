"""The staged runner: its numbers against a golden run, and independent of how assets are cut.

The golden file holds the synthetic register's run before the runner was staged; a deliberate
change of a model rewrites it with ``pytest --update-golden tests/engine``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.partition import evaluate_partition
from climrisk.engine.plan import BLOCK_ARRAYS, make_plan
from climrisk.engine.runner import read_inputs
from climrisk.engine.totals import Totals, total_stats

GOLDEN = Path(__file__).parent / "golden" / "synthetic_run.json"
COMPARED = ("item_total", "channel_total", "company_total", "probability", "site_total", "amount",
            "flood_loss_rp", "inundation_year", "present_value", "revenue_share")


def _as_lists(ds: xr.Dataset) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in COMPARED:
        values = np.asarray(ds[name].values, float)
        out[name] = {"dims": list(ds[name].dims),
                     "values": np.where(np.isnan(values), None, values).tolist()}
    return out


def test_run_equals_the_golden_run(results, update_golden: bool) -> None:  # type: ignore[no-untyped-def]
    got = _as_lists(results.dataset)
    if update_golden:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=None) + "\n")
    want = json.loads(GOLDEN.read_text())
    for name in COMPARED:
        assert got[name]["dims"] == want[name]["dims"], name
        a = np.array(got[name]["values"], dtype=float)
        b = np.array(want[name]["values"], dtype=float)
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=0, equal_nan=True, err_msg=name)


@pytest.mark.parametrize("blocks", [16, 70])
def test_block_and_partition_size_do_not_change_the_numbers(  # type: ignore[no-untyped-def]
    register, grid, blocks: int
) -> None:
    big = _spread(register, 300)
    kw = {"samples": 64, "seed": 3, "scenarios": ["ssp585", "ngfs-nz2050"]}
    one = run(big, grid, **kw).dataset
    small = run(big, grid, memory_budget=BLOCK_ARRAYS * 8 * 64 * blocks, **kw).dataset
    for name in ("amount", "item_total", "channel_total", "company_total", "probability"):
        np.testing.assert_allclose(small[name], one[name], rtol=1e-12, equal_nan=True)


def test_partitions_reduce_to_the_run(register, grid) -> None:  # type: ignore[no-untyped-def]
    """Partitions evaluated on their own and reduced in order give the run's totals exactly."""
    big = _spread(register, 200)
    budget = BLOCK_ARRAYS * 8 * 32 * 10  # blocks of 10 assets, partitions of 80
    kw = {"samples": 32, "seed": 11, "asset_detail": False, "memory_budget": budget}
    plan = make_plan(big, None, ["ssp245", "ssp585"], **kw)
    assert len(plan.partitions()) > 1
    window, flood_grid = read_inputs(plan, grid)
    totals = Totals.zeros(2, 2, len(plan.items), len(plan.channels), 3, 32)
    parts = []
    for part in reversed(plan.partitions()):  # evaluation order does not matter
        parts.insert(0, evaluate_partition(plan, window, flood_grid, part))
    for res in parts:  # the reduction's order does
        totals.add(res.totals)
    st = total_stats(
        totals, plan.quantified, plan.company.revenue, big.main.scales, plan.has_current
    )
    ds = run(big, grid, scenarios=["ssp245", "ssp585"], **kw).dataset
    np.testing.assert_array_equal(st.item_total, ds["item_total"].values)
    np.testing.assert_array_equal(st.company_total, ds["company_total"].values)
    np.testing.assert_array_equal(st.current_effect, ds["current_effect"].values)
    site_mean = np.concatenate([r.per_asset.site_mean for r in parts])
    np.testing.assert_array_equal(site_mean, ds["site_mean"].values)


def _spread(register, n: int):  # type: ignore[no-untyped-def]
    proto = register.assets[0]
    rng = np.random.default_rng(n)
    many = [
        proto.model_copy(update={
            "id": f"p{i}",
            "location": proto.location.model_copy(
                update={"lat": float(rng.uniform(20, 50)), "lon": float(rng.uniform(80, 130))}),
        })
        for i in range(n)
    ]
    return register.model_copy(update={"assets": [*register.assets, *many]})
