"""Rebuild the shipped coastline and border lines from Natural Earth's countries TopoJSON.

``python make_lines.py countries-50m.json ne_50m_lines.npz`` (and the same for 110m). The
input is the ``world-atlas`` npm package (Natural Earth 4.1.0 admin-0 countries as TopoJSON);
see README.md. An arc used by one country is coast, an arc two countries share is a land border,
which is how TopoJSON meshes separate the two. The output keeps TopoJSON's integer
quantisation (delta-coded integer steps, which compress well) with the scale and origin that
turn the steps back into degrees.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np


def _indices(arcs: object) -> list[int]:
    """Every arc index a geometry's nested ``arcs`` lists name (``~i`` is arc i reversed)."""
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [i for part in arcs for i in _indices(part)]  # type: ignore[union-attr]


def main(source: Path, target: Path) -> None:
    topo = json.loads(source.read_text())
    uses = Counter(i for g in topo["objects"]["countries"]["geometries"]
                   for i in _indices(g.get("arcs", [])))
    kinds = {"coast": [i for i, n in sorted(uses.items()) if n == 1],
             "border": [i for i, n in sorted(uses.items()) if n >= 2]}
    out: dict[str, np.ndarray] = {
        "scale": np.array(topo["transform"]["scale"]),
        "origin": np.array(topo["transform"]["translate"]),
    }
    for kind, ids in kinds.items():
        arcs = [np.asarray(topo["arcs"][i], dtype=np.int64) for i in ids]
        steps = np.concatenate([a[1:] for a in arcs])
        out[f"{kind}_start"] = np.array([a[0] for a in arcs], dtype=np.int32)
        out[f"{kind}_length"] = np.array([len(a) for a in arcs], dtype=np.int32)
        out[f"{kind}_steps"] = steps.astype(np.int32)
    np.savez_compressed(target, **out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
