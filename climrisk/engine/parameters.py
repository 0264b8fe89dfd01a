"""Engine parameters: package defaults overridden by a register's ``parameters.yaml``.

Every parameter carries a range and a source, so each result can name what it used; the
Monte Carlo draws each parameter from a triangular distribution on [low, value, high].

A parameter may also hold values by place (``by``: per asset, kind, city, province, grid
region or country): Beijing's PUE surcharge, each coast's extreme sea level. Each asset takes
the value of the most specific selector that picks it, else the parameter's own. A place's
value is drawn with the same uniform number as the parameter's, so one sample is one reading
of the parameter everywhere (the engine's "fully correlated" convention), and a parameter
without places draws exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from climrisk.register.models import Parameter, ParameterOverride, ParametersFile

CORE_FILE = "climrisk/data/parameters.yaml"
"""The core parameter table as the evidence cites it."""
SPECIFICITY = {"city": 4, "province": 3, "region": 3, "country": 2}
"""Rank of a selector's key; a plain asset id ranks 5, kinds, groups and ownership 1."""


def specificity(where: str, groups: Iterable[str] = ()) -> int:
    """How specific a selector is: the most specific one that picks an asset wins."""
    key, sep, _ = where.partition(":")
    if sep:
        return SPECIFICITY.get(key, 1)
    if where == "all":
        return 0
    return 1 if where == "offices" or where in set(groups) else 5


@cache
def default_parameters() -> dict[str, Parameter]:
    """The package's default parameters (``climrisk/data/parameters.yaml``)."""
    from ruamel.yaml import YAML

    from climrisk.paths import package_data

    data = YAML(typ="safe").load(package_data("parameters.yaml").read_text(encoding="utf-8"))
    return {name: Parameter(**spec) for name, spec in data["parameters"].items()}


@dataclass(frozen=True)
class Place:
    """One place-specific value of a parameter and where it was written."""

    override: ParameterOverride
    origin: str  # "default" (package or pack table) or "register"
    loc: tuple[str | int, ...] = ()  # where in its parameters.yaml the entry is
    file: str = ""  # the package or pack table it is written in ("" = the register's)


@dataclass(frozen=True)
class ParameterSet:
    """Resolved parameters: defaults with the register's overrides applied by name."""

    parameters: Mapping[str, Parameter]
    overridden: frozenset[str]
    places: Mapping[str, tuple[Place, ...]] = field(default_factory=dict)

    @classmethod
    def resolve(
        cls,
        overrides: ParametersFile | Mapping[str, Parameter] | None,
        packs: list[str] | tuple[str, ...] = (),
    ) -> ParameterSet:
        """Core defaults and those of ``packs``, updated with ``overrides``; unknown names are
        an error, not ignored. A register's place values join the default's; the same
        selector given again replaces the default's value there."""
        from climrisk.packs import packs_of

        merged = dict(default_parameters())
        files = dict.fromkeys(merged, CORE_FILE)
        chosen = packs_of(list(packs))
        for pack in chosen:
            merged.update(pack.parameters)
            files.update(dict.fromkeys(pack.parameters, pack.parameters_file))
        places: dict[str, list[Place]] = {
            n: [Place(o, "default", ("parameters", n, "by", m), files[n])
                for m, o in enumerate(p.by)]
            for n, p in merged.items() if p.by
        }
        for pack in chosen:  # a pack's values by place for any parameter, e.g. by occupancy
            for n, given in pack.places.items():
                if n not in merged:
                    raise KeyError(f"pack {pack.spec.id}: unknown parameter {n} under by:")
                places.setdefault(n, []).extend(
                    Place(o, "default", ("by", n, m), pack.parameters_file)
                    for m, o in enumerate(given))
        if isinstance(overrides, ParametersFile):
            given, extra = dict(overrides.parameters), dict(overrides.by)
        else:
            given, extra = dict(overrides or {}), {}
        unknown = sorted((set(given) | set(extra)) - set(merged))
        if unknown:
            raise KeyError(f"unknown parameter(s): {', '.join(unknown)}")
        merged.update(given)
        for name in sorted(set(given) | set(extra)):
            mine = [Place(o, "register", ("parameters", name, "by", m))
                    for m, o in enumerate(given[name].by if name in given else ())]
            mine += [Place(o, "register", ("by", name, m))
                     for m, o in enumerate(extra.get(name, ()))]
            again = {pl.override.where for pl in mine}
            kept = [pl for pl in places.get(name, []) if pl.override.where not in again]
            if kept or mine:
                places[name] = kept + mine
        frozen = {n: tuple(v) for n, v in places.items() if v}
        return cls(merged, frozenset(given), frozen)

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    def value(self, name: str) -> float:
        """Central value."""
        return self.parameters[name].value

    def at_quantile_of(self, name: str, values: np.ndarray) -> np.ndarray:
        """Given values of ``name`` per sample, each place value at the same quantile of its
        own range: ``(samples,)``, or ``(samples, 1 + places)`` like ``draw(with_places)``."""
        variants = self.variants(name)
        base = variants[0]
        values = np.asarray(values, float)
        if len(variants) == 1:
            return values
        u = triangular_cdf(values, _low(base), base.value, _high(base))
        return np.stack([values, *(triangular(u, _low(p), p.value, _high(p)) if _high(p) > _low(p)
                                   else np.full(values.shape, p.value) for p in variants[1:])],
                        axis=1)

    def variants(self, name: str) -> list[Parameter | ParameterOverride]:
        """The parameter itself, then each of its place values (index 0 is the default)."""
        return [self.parameters[name], *(pl.override for pl in self.places.get(name, ()))]

    def assignment(
        self,
        names: Iterable[str],
        ids: Sequence[str],
        select: Callable[[str], Iterable[str]],
        groups: Iterable[str] = (),
    ) -> dict[str, np.ndarray]:
        """Per parameter with places, the variant each asset takes (0 = the default).

        ``select(where)`` gives the ids of the assets a selector picks; ``groups`` are the
        packs' kind groups (as specific as a kind). The most specific
        selector wins; among equals, the later one (register entries follow the defaults).
        """
        out: dict[str, np.ndarray] = {}
        pos = {a: i for i, a in enumerate(ids)}
        groups = set(groups)
        for name in sorted(set(names)):
            places = self.places.get(name, ())
            if not places:
                continue
            idx = np.zeros(len(ids), dtype=np.intp)
            rank = np.full(len(ids), -1)
            for k, pl in enumerate(places, start=1):
                r = specificity(pl.override.where, groups)
                for a in select(pl.override.where):
                    i = pos[a]
                    if r >= rank[i]:
                        idx[i], rank[i] = k, r
            if idx.any():
                out[name] = idx
        return out

    def central(self, name: str, assignment: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """Central value per asset ``(n,)``: where the engine needs no draw (inundation year)."""
        values = np.array([v.value for v in self.variants(name)])
        return values[assignment[name]] if name in assignment else np.full(n, values[0])

    def draw(
        self, names: Iterable[str], samples: int, seed: int, with_places: bool = False
    ) -> dict[str, np.ndarray]:
        """Triangular draws on [low, value, high], one stream per name so adding a parameter
        never changes the draws of the others.

        Each draw is ``(samples,)``; with ``with_places`` a parameter that has place values is
        ``(samples, 1 + places)``, column 0 its own value, all from the same uniform numbers.
        """
        out: dict[str, np.ndarray] = {}
        for name in names:
            variants = self.variants(name) if with_places else [self.parameters[name]]
            u: np.ndarray | None = None
            cols = []
            for p in variants:
                low = p.value if p.low is None else p.low
                high = p.value if p.high is None else p.high
                if high > low:
                    if u is None:
                        u = np.random.default_rng([seed, _stable_hash(name)]).random(samples)
                    cols.append(triangular(u, low, p.value, high))
                else:
                    cols.append(np.full(samples, p.value))
            out[name] = np.stack(cols, axis=1) if len(cols) > 1 else cols[0]
        return out

    def provenance(self, names: Iterable[str]) -> dict[str, dict[str, object]]:
        """Value, range, unit, source and status of each named parameter and its places."""
        out: dict[str, dict[str, object]] = {}
        for n in sorted(set(names)):
            spec = self.parameters[n].model_dump(exclude={"by"})
            spec["origin"] = "register" if n in self.overridden else "default"
            if self.places.get(n):
                spec["by"] = [{**pl.override.model_dump(), "origin": pl.origin}
                              for pl in self.places[n]]
            out[n] = spec
        return out


def _low(p: Parameter | ParameterOverride) -> float:
    return p.value if p.low is None else p.low


def _high(p: Parameter | ParameterOverride) -> float:
    return p.value if p.high is None else p.high


def triangular(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The triangular distribution's quantile at ``u``.

    Written as numpy's ``Generator.triangular`` computes it from one uniform per draw, so
    ``triangular(rng.random(n), …)`` equals ``rng.triangular(…, n)`` for the same stream.
    """
    base = high - low
    left = mode - low
    ratio = left / base
    return np.where(u <= ratio, low + np.sqrt(u * (left * base)),
                    high - np.sqrt((1.0 - u) * ((high - mode) * base)))


def triangular_cdf(x: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The uniform ``u`` at which ``triangular(u, low, mode, high)`` gives ``x`` (0.5 for a
    fixed value), so a value can be carried to another range at the same quantile."""
    x = np.asarray(x, float)
    if high <= low:
        return np.full(x.shape, 0.5)
    base = high - low
    below = (x - low) ** 2 / (base * (mode - low)) if mode > low else np.zeros_like(x)
    above = 1.0 - (high - x) ** 2 / (base * (high - mode)) if high > mode else np.ones_like(x)
    return np.clip(np.where(x <= mode, below, above), 0.0, 1.0)


def _stable_hash(name: str) -> int:
    """A process-independent integer for a name (Python's ``hash`` is salted)."""
    import zlib

    return zlib.crc32(name.encode("utf-8"))
