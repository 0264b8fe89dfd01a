"""Stages 1–3 of ``run`` on a ``dask.distributed`` cluster, one task per partition of assets.

The plan and the run's grid window are sent to every worker once; each task evaluates one
partition (``evaluate_partition``) and returns its per-sample totals and per-asset outputs.
Totals are added here in partition order, the order a single process adds them in, and a
partition computes the same numbers wherever it runs, so a cluster run equals the
single-process run exactly. ``distributed`` is an optional dependency (``climrisk[cluster]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import xarray as xr

from climrisk.engine.coverage import Gaps
from climrisk.engine.flood_map import FloodMap
from climrisk.engine.partition import PerAsset, evaluate_partition
from climrisk.engine.plan import RunPlan
from climrisk.engine.totals import Totals
from climrisk.errors import UserError

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "10s"


class ClusterError(UserError):
    """The cluster cannot be reached, or ``distributed`` is not installed."""


@contextmanager
def connect(scheduler: str | Client) -> Iterator[Client]:
    """A client of ``scheduler`` (an address such as ``tcp://host:8786``, or a ``Client``)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            "running on a cluster needs the 'distributed' package: "
            "pip install 'climrisk[cluster]'"
        ) from None
    if isinstance(scheduler, Client):
        yield scheduler
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise ClusterError(f"cannot reach the dask scheduler at {scheduler}: {exc}") from None
    try:
        yield client
    finally:
        client.close()


def evaluate_on_cluster(
    plan: RunPlan,
    window: xr.Dataset,
    flood_grid: xr.Dataset,
    scheduler: str | Client,
    out: PerAsset,
    totals: Totals,
    done: Callable[[int], Any] | None = None,
    gaps: Gaps | None = None,
) -> list[FloodMap | None]:
    """Every partition on the cluster; totals and per-asset outputs land in ``totals``/``out``."""
    with connect(scheduler) as client:
        shared = client.scatter([plan, window, flood_grid], broadcast=True)
        parts = plan.partitions()
        futures = [
            client.submit(evaluate_partition, *shared, part, pure=False) for part in parts
        ]
        maps = []
        for part, future in zip(parts, futures, strict=True):
            res = future.result()
            future.release()
            totals.add(res.totals)
            if res.per_asset is not None:
                out.assign(part, res.per_asset)
            maps.append(res.flood_map)
            if gaps is not None:
                gaps.put(part, res.gaps)
            if done is not None:
                done(part.stop - part.start)
        return maps
