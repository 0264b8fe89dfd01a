"""Evidence of every published amount: the inputs behind it, which of them are estimates, and
where each one is written down.

Tables ask the ``EvidenceBook`` for their money cells; the book gives each cell an id, marks it
when any input behind it is an estimate (an asset's ``estimates`` entry, a parameter with
status ``estimate``, a grid variable whose ``climrisk_status`` is ``estimate``) and keeps the
record that ``evidence.json``, the HTML evidence page, the measurement-uncertainty section and
``climrisk explain`` print. Inputs are shared by an item's cells, so they are kept once per
item (and channel) as an input group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from climrisk.disclosure.table import Number, Span
from climrisk.engine import water_stress
from climrisk.engine.catalogue import catalogue
from climrisk.engine.inputs import COMPANY_FIELDS, LOCATION, asset_fields, reads
from climrisk.engine.parameters import ParameterSet
from climrisk.paths import package_data
from climrisk.register.locate import cite, file_of
from climrisk.register.models import Asset, Item, Register
from climrisk.register.terms import kind_groups
from climrisk.register.yamlsource import YamlDocument, read_yaml

ESTIMATE = "estimate"
KEPT_DIGITS = 3
PACKAGE_PARAMETERS = "climrisk/data/parameters.yaml"
CORE_FIELDS = tuple(
    f for f in Asset.model_fields if f not in {"id", "name", "estimates", "notes", "attributes"}
)


@dataclass(frozen=True)
class Input:
    """One input behind a number."""

    kind: str  # asset | parameter | scenario | company
    name: str
    value: str
    source: str
    where: str
    estimate: bool
    low: float | None = None
    high: float | None = None

    def as_json(self) -> dict[str, Any]:
        """The input as JSON, leaving out a range it does not have."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class InputGroup:
    """The models and inputs behind an item's amounts (optionally one channel's)."""

    id: str
    item: str
    channel: str | None
    models: tuple[tuple[str, str], ...]  # (model, formula)
    inputs: tuple[Input, ...]

    @property
    def estimates(self) -> list[Input]:
        """The inputs that are estimates."""
        return [i for i in self.inputs if i.estimate]


@dataclass(frozen=True)
class Evidence:
    """The record of one published number."""

    id: str
    table: str
    column: str
    value: float | tuple[float, float]
    statistic: str  # a key of the stat.* labels
    unit: str
    scale: float
    decimals: int
    group: str | None  # InputGroup id; None for a total over several items
    groups: tuple[str, ...]
    scenarios: tuple[str, ...]
    horizons: tuple[str, ...]
    estimate: bool

    def as_json(self) -> dict[str, Any]:
        """The record as JSON."""
        out = dict(self.__dict__)
        out["value"] = list(self.value) if isinstance(self.value, tuple) else self.value
        out["scenarios"], out["horizons"] = list(self.scenarios), list(self.horizons)
        out["groups"] = list(self.groups)
        return out


@dataclass
class EvidenceBook:
    """Collects the evidence of every money cell of one build."""

    register: Register
    grid_attrs: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    unit: str = ""
    records: dict[str, Evidence] = field(default_factory=dict)
    groups: dict[str, InputGroup] = field(default_factory=dict)

    def group(self, item: Item, channel: str | None = None) -> InputGroup:
        """The input group of an item (all its channels, or one)."""
        gid = item.id if channel is None else f"{item.id}/{channel}"
        if gid not in self.groups:
            self.groups[gid] = _group(self, gid, item, channel)
        return self.groups[gid]

    def cell(
        self,
        value: float | tuple[float, float] | None,
        *,
        cid: str,
        table: str,
        column: str,
        statistic: str,
        scale: float,
        decimals: int,
        items: list[Item],
        channel: str | None = None,
        scenarios: tuple[str, ...] = (),
        horizons: tuple[str, ...] = (),
        unit: str | None = None,
    ) -> Number | Span | None:
        """A money cell with its evidence recorded; ``value`` is in currency units."""
        if value is None:
            return None
        groups = [self.group(i, channel) for i in items]
        estimate = any(g.estimates for g in groups)
        shown: float | tuple[float, float]
        # Kept a few digits past the printed ones, so that a change in summation order of the
        # engine does not rewrite every record.
        digits = decimals + KEPT_DIGITS
        if isinstance(value, tuple):
            shown = (round(value[0] / scale, digits), round(value[1] / scale, digits))
            out: Number | Span = Span(shown[0], shown[1], decimals, cid, estimate)
        else:
            shown = round(value / scale, digits)
            out = Number(shown, decimals, "", cid, estimate)
        self.records[cid] = Evidence(
            cid,
            table,
            column,
            shown,
            statistic,
            self.unit if unit is None else unit,
            scale,
            decimals,
            groups[0].id if len(groups) == 1 else None,
            tuple(g.id for g in groups),
            scenarios,
            horizons,
            estimate,
        )
        return out


def _group(book: EvidenceBook, gid: str, item: Item, channel: str | None) -> InputGroup:
    reg = book.register
    packs = reg.main.packs
    params = ParameterSet.resolve(reg.parameters, packs)
    specs = catalogue(packs)
    found: dict[str, Input] = {}
    models: list[tuple[str, str]] = []
    latest = reg.latest_metrics
    for q in item.quantification:
        if channel is not None and q.channel != channel:
            continue
        spec = specs[q.model]
        if (q.model, spec.formula) not in models:
            models.append((q.model, spec.formula))
        for asset in reg.resolve_assets(q.assets or item.assets):
            every = (*CORE_FIELDS, *(f"attributes.{a}" for a in asset.attributes))
            for name in asset_fields(q.model, every):
                for inp in _asset_inputs(reg, asset, name):
                    found.setdefault(f"asset:{asset.id}:{inp.name}", inp)
        chosen = {a.id for a in reg.resolve_assets(q.assets or item.assets)}
        for name in spec.parameters:
            for k in _variants_used(reg, params, name, chosen):
                found.setdefault(f"parameter:{name}:{k}", parameter_input(reg, params, name, k))
        for var in (*spec.site_vars, *spec.scalar_vars, *spec.regional_vars):
            found.setdefault(f"scenario:{var}", _scenario(book.grid_attrs, var))
        for name in ("revenue_million", *COMPANY_FIELDS.get(q.model, ())):
            value: Any = latest
            for part in name.split("."):
                value = getattr(value, part)
            found.setdefault(
                f"company:{name}",
                Input(
                    "company",
                    f"{name} ({latest.year})",
                    f"{value:,.2f}",
                    latest.revenue_basis if name == "revenue_million" else "metrics.yaml",
                    cite(reg, "metrics.yaml", _metrics_loc(reg, latest.year, name)),
                    False,
                ),
            )
    return InputGroup(gid, item.id, channel, tuple(models), tuple(found.values()))


def _metrics_loc(reg: Register, year: int, name: str) -> tuple[Any, ...]:
    index = next(n for n, y in enumerate(reg.metrics.years) if y.year == year)
    return ("years", index, *name.split("."))


def _asset_inputs(reg: Register, asset: Asset, name: str) -> list[Input]:
    """The concrete fields behind ``name`` (``location`` is three of them)."""
    rel = file_of(reg, f"asset:{asset.id}")
    names = [f"{LOCATION}.{f}" for f in ("lat", "lon", "elevation_m")] if name == LOCATION else [
        name
    ]
    out = []
    latest = reg.latest_metrics
    for full in names:
        attribute = full.removeprefix("attributes.") if full.startswith("attributes.") else None
        value: Any = asset
        if attribute is not None:
            value = asset.attributes.get(attribute)
        else:
            for part in full.split("."):
                value = getattr(value, part, None)
        measured = latest.measured.get(attribute, {}) if attribute else {}
        if asset.id in measured:  # the latest year's measurement wins over the declared value
            out.append(
                Input(
                    "asset",
                    f"{asset.id} {full}",
                    f"{measured[asset.id]:g}",
                    f"measured {latest.year}",
                    cite(
                        reg,
                        "metrics.yaml",
                        _metrics_loc(reg, latest.year, "measured") + (attribute, asset.id),
                    ),
                    False,
                )
            )
            continue
        if value is None or value == {}:  # an empty mapping (no site values) is no input
            continue
        keys = [k for k in asset.estimates if reads(full, k) or reads(k, full)]
        basis = "; ".join(asset.estimates[k] for k in keys)
        out.append(
            Input(
                "asset",
                f"{asset.id} {full}",
                _show(value),
                basis or "register value",
                cite(reg, rel, ("attributes", attribute) if attribute else tuple(full.split("."))),
                bool(keys),
            )
        )
    return out


def _show(value: Any) -> str:
    if hasattr(value, "value"):  # enums
        return str(value.value)
    if isinstance(value, float | int):
        return f"{value:,.6g}" if not isinstance(value, bool) else str(value)
    if hasattr(value, "model_dump"):
        data = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return "; ".join(f"{k} {v}" for k, v in data.items() if not isinstance(v, dict))
    return str(value)


def variants_of_sites(reg: Register, params: ParameterSet, name: str) -> dict[int, list[str]]:
    """The ids of the assets taking each of a parameter's values (0 = its own value)."""
    ids = [a.id for a in reg.assets]
    which = params.assignment(
        [name], ids, lambda where: (a.id for a in reg.resolve_assets([where])),
        kind_groups(reg.main.packs)).get(name, np.zeros(len(ids), dtype=int))
    out: dict[int, list[str]] = {}
    for a, k in zip(ids, which, strict=True):
        out.setdefault(int(k), []).append(a)
    return out


def _variants_used(reg: Register, params: ParameterSet, name: str, chosen: set[str]) -> list[int]:
    """Which of a parameter's values (0 = its own, k = its k-th place) the assets use."""
    if not params.places.get(name):
        return [0]
    sites = variants_of_sites(reg, params, name)
    return sorted(k for k, ids in sites.items() if chosen & set(ids))


def parameter_input(reg: Register, params: ParameterSet, name: str, variant: int = 0) -> Input:
    """One value of a parameter: its own (``variant`` 0) or one of its places'."""
    p = params[name]
    packs = tuple(reg.main.packs)
    if variant:
        place = params.places[name][variant - 1]
        v = place.override
        where = (cite(reg, "parameters.yaml", place.loc) if place.origin == "register" else
                 _package_line(place.file, place.loc))
        return Input("parameter", f"{name} [{v.where}]", f"{v.value:g} {p.unit}",
                     f"{v.source} [{v.status}]", where, v.status == ESTIMATE, v.low, v.high)
    if name in params.overridden:
        where = cite(reg, "parameters.yaml", ("parameters", name))
    else:
        where = _package_parameter_lines(packs).get(name, PACKAGE_PARAMETERS)
    return Input(
        "parameter",
        name,
        f"{p.value:g} {p.unit}",
        f"{p.source} [{p.status}]",
        where,
        p.status == ESTIMATE,
        p.low,
        p.high,
    )


@cache
def _package_parameter_lines(packs: tuple[str, ...]) -> dict[str, str]:
    """``file:line`` of each default parameter: the core table, then the packs' tables."""
    from climrisk.packs import packs_of

    files = [(package_data("parameters.yaml"), PACKAGE_PARAMETERS)]
    files += [
        (p.folder / "parameters.yaml", f"climrisk/packs/{p.folder.name}/parameters.yaml")
        for p in packs_of(list(packs))
    ]
    out: dict[str, str] = {}
    for path, shown in files:
        if not path.is_file():
            continue
        doc = read_yaml(path, shown)
        if not isinstance(doc, YamlDocument):
            continue
        for k in doc.data.get("parameters", {}):
            line = doc.position(("parameters", k))[0]
            out[str(k)] = f"{shown}:{line}" if line else shown
    return out


@cache
def _package_line(shown: str, loc: tuple[str | int, ...]) -> str:
    """``file:line`` of an entry of a package or pack parameter table."""
    from climrisk.paths import PACKAGE

    path = PACKAGE.parent / shown  # shown paths start with the package folder, climrisk/
    doc = read_yaml(path, shown) if path.is_file() else None
    line = doc.position(loc)[0] if isinstance(doc, YamlDocument) else None
    return f"{shown}:{line}" if line else shown


def _scenario(attrs: Mapping[str, Mapping[str, str]], var: str) -> Input:
    a = attrs.get(var, {})
    status = str(a.get("climrisk_status", ""))
    return Input(
        "scenario",
        var,
        str(a.get("units", "")),
        str(a.get("climrisk_source", a.get("long_name", "scenario grid"))),
        "scenario grid",
        status == ESTIMATE,
    )


def grid_attributes(grid: Any) -> dict[str, dict[str, str]]:
    """Per grid variable, the attributes evidence cites (status, source, units), and those of
    the site variables a reference table gives instead of a grid (Aqueduct water stress)."""
    keep = ("climrisk_status", "climrisk_source", "units", "long_name")
    found = {
        str(v): {k: str(grid[v].attrs[k]) for k in keep if k in grid[v].attrs}
        for v in grid.data_vars
    }
    return {water_stress.VARIABLE: dict(water_stress.METADATA), **found}

