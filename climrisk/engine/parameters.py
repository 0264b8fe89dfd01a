"""Engine parameters: package defaults overridden by a register's ``parameters.yaml``.

Every parameter carries a range and a source, so each result can name what it used; the
Monte Carlo draws each parameter from a triangular distribution on [low, value, high].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from climrisk.register.models import Parameter, ParametersFile


@cache
def default_parameters() -> dict[str, Parameter]:
    """The package's default parameters (``climrisk/data/parameters.yaml``)."""
    from ruamel.yaml import YAML

    from climrisk.paths import package_data

    data = YAML(typ="safe").load(package_data("parameters.yaml").read_text(encoding="utf-8"))
    return {name: Parameter(**spec) for name, spec in data["parameters"].items()}


@dataclass(frozen=True)
class ParameterSet:
    """Resolved parameters: defaults with the register's overrides applied by name."""

    parameters: Mapping[str, Parameter]
    overridden: frozenset[str]

    @classmethod
    def resolve(
        cls,
        overrides: ParametersFile | Mapping[str, Parameter] | None,
        packs: list[str] | tuple[str, ...] = (),
    ) -> ParameterSet:
        """Core defaults and those of ``packs``, updated with ``overrides``; unknown names are
        an error, not ignored."""
        from climrisk.packs import packs_of

        merged = dict(default_parameters())
        for pack in packs_of(list(packs)):
            merged.update(pack.parameters)
        given = dict(
            overrides.parameters if isinstance(overrides, ParametersFile) else overrides or {}
        )
        unknown = sorted(set(given) - set(merged))
        if unknown:
            raise KeyError(f"unknown parameter(s): {', '.join(unknown)}")
        merged.update(given)
        return cls(merged, frozenset(given))

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    def value(self, name: str) -> float:
        """Central value."""
        return self.parameters[name].value

    def draw(self, names: Iterable[str], samples: int, seed: int) -> dict[str, np.ndarray]:
        """Triangular draws on [low, value, high], one stream per name so adding a parameter
        never changes the draws of the others."""
        out: dict[str, np.ndarray] = {}
        for name in names:
            p = self.parameters[name]
            low = p.value if p.low is None else p.low
            high = p.value if p.high is None else p.high
            if high > low:
                rng = np.random.default_rng([seed, _stable_hash(name)])
                out[name] = rng.triangular(low, p.value, high, samples)
            else:
                out[name] = np.full(samples, p.value)
        return out

    def provenance(self, names: Iterable[str]) -> dict[str, dict[str, object]]:
        """Value, range, unit, source and status of each named parameter."""
        return {
            n: {
                **self.parameters[n].model_dump(),
                "origin": "register" if n in self.overridden else "default",
            }
            for n in sorted(set(names))
        }


def _stable_hash(name: str) -> int:
    """A process-independent integer for a name (Python's ``hash`` is salted)."""
    import zlib

    return zlib.crc32(name.encode("utf-8"))
