"""The same run on a dask.distributed LocalCluster of two worker processes."""

from __future__ import annotations

import numpy as np
import pytest

from climrisk.engine import run
from climrisk.engine.plan import BLOCK_ARRAYS

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _spread(register, n: int):  # type: ignore[no-untyped-def]
    proto = register.assets[0]
    rng = np.random.default_rng(n)
    many = [
        proto.model_copy(update={
            "id": f"c{i}",
            "location": proto.location.model_copy(
                update={"lat": float(rng.uniform(20, 50)), "lon": float(rng.uniform(80, 130))}),
        })
        for i in range(n)
    ]
    return register.model_copy(update={"assets": [*register.assets, *many]})


@pytest.mark.parametrize("detail", [True, False])
def test_cluster_run_equals_the_single_process_run(  # type: ignore[no-untyped-def]
    client, register, grid, detail: bool
) -> None:
    big = _spread(register, 61)
    kw = {"samples": 50, "seed": 4, "asset_detail": detail,
          "memory_budget": BLOCK_ARRAYS * 8 * 50 * 3}  # 3 partitions of 8 blocks
    local = run(big, grid, **kw).dataset
    done: list[int] = []
    remote = run(big, grid, scheduler=client, progress=done.append, **kw).dataset
    assert sum(done) == len(big.assets) and len(done) > 2
    assert sorted(local.data_vars) == sorted(remote.data_vars)
    for name in local.data_vars:
        np.testing.assert_array_equal(remote[name].values, local[name].values, err_msg=name)
    assert remote.attrs == local.attrs


def test_unreachable_scheduler_is_a_user_error(  # type: ignore[no-untyped-def]
    register, grid, monkeypatch
) -> None:
    import climrisk.engine.cluster as cluster
    from climrisk.engine.cluster import ClusterError

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError, match=r"tcp://127\.0\.0\.1:1"):
        run(register, grid, samples=5, scheduler="tcp://127.0.0.1:1")
