"""Time of the cost-benefit of a 10-measure set and of a Sobol analysis with N = 1024, both
on the bundled register and the bundled scenario grid.

Workloads:
- cost-benefit: the register's six measures plus four more (a 100-year flood barrier at each
  self-built data center, 30 % green power at each, and a 10 % IT-efficiency cut at the leased
  data centers), all ten in one set; ``appraise`` runs the engine without measures, with each
  measure alone and with the set (12 runs, 1000 samples, every scenario).
- Sobol: ``climrisk.sensitivity.analyse`` of item TR-01 under ngfs-nz2050 and of PR-01 under
  ssp585, N = 1024 (N x (D + 2) engine samples each).

Prints the median of ``RUNS`` runs of each.
"""

from __future__ import annotations

import statistics
import sys
import time

RUNS = 3


def ten_measure_register():  # type: ignore[no-untyped-def]
    from climrisk.register import load_register
    from climrisk.register.measures import MeasuresFile

    reg = load_register()
    book = reg.measures
    assert book is not None
    extra = []
    base = book.measures[0].model_dump(mode="json", by_alias=True)
    for mid, assets, effect in (
        ("B-01", ["bj-yizhuang"], {"kind": "flood-protection", "return_period": 100}),
        ("B-02", ["tj-yixianyuan"], {"kind": "flood-protection", "return_period": 100}),
        ("B-03", ["kind:self-built-data-center"], {"kind": "green-power", "share": 0.3}),
        ("B-04", ["kind:leased-data-center"], {"kind": "electricity-reduction", "share": 0.1}),
    ):
        extra.append({**base, "id": mid, "assets": assets, "effects": [effect], "targets": []})
    measures = [m.model_dump(mode="json", by_alias=True) for m in book.measures] + extra
    ids = [m["id"] for m in measures]
    data = book.model_dump(mode="json", by_alias=True)
    data.update(measures=measures, sets=[{"id": "S-10", "name": {"en": "ten", "zh-Hant": "十"},
                                          "measures": ids}])
    return reg.model_copy(update={"measures": MeasuresFile.model_validate(data)})


def main() -> int:
    from climrisk.grids import open_default
    from climrisk.measures import appraise
    from climrisk.sensitivity import analyse

    grid = open_default()
    reg = ten_measure_register()
    assert reg.measures is not None and len(reg.measures.sets[-1].measures) == 10
    cb = []
    for _ in range(RUNS):
        t = time.perf_counter()
        appraise(reg, grid, samples=1000, seed=20250415)
        cb.append(time.perf_counter() - t)
    print(f"cost-benefit, 10-measure set + 10 measures alone (12 engine runs x 1000 samples x "
          f"7 scenarios): median {statistics.median(cb):.2f} s "
          f"({', '.join(f'{x:.2f}' for x in cb)})")
    for output, scenario in (("item:TR-01", "ngfs-nz2050"), ("item:PR-01", "ssp585")):
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            res = analyse(reg, grid, output, scenario, samples=1024, seed=20250415)
            times.append(time.perf_counter() - t)
        print(f"Sobol N=1024 {output} under {scenario} ({res.attrs['evaluations']} engine "
              f"samples, {res.sizes['factor']} factors): median {statistics.median(times):.2f} s "
              f"({', '.join(f'{x:.2f}' for x in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
