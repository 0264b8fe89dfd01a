"""Checks that span files: unique ids, references that resolve, totals that add up.

JSON Schema cannot express these, which is why pydantic plus these checks, not the schema,
is the authority on whether a register is valid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from climrisk.errors import Problem
from climrisk.paths import package_data
from climrisk.register.models import Register, select_assets
from climrisk.register.yamlsource import Loc, YamlDocument

SUM_TOLERANCE = 0.011
"""Published totals are rounded to 0.01; parts may differ from the total by a rounding step."""


class _Reporter:
    """Looks up the document for a file and records located problems."""

    def __init__(self, docs: dict[str, YamlDocument]) -> None:
        self.docs = docs
        self.problems: list[Problem] = []

    def doc(self, path_or_name: str) -> YamlDocument:
        if path_or_name in self.docs:
            return self.docs[path_or_name]
        name = Path(path_or_name).name
        return next(d for p, d in self.docs.items() if Path(p).name == name)

    def add(self, file: str, loc: Loc, message: str, hint: str | None = None) -> None:
        self.problems.append(self.doc(file).problem(loc, message, hint))


def cross_checks(reg: Register, docs: dict[str, YamlDocument]) -> list[Problem]:
    """Every cross-file problem of an assembled register."""
    r = _Reporter(docs)
    _unique_ids(reg, r)
    _file_names(reg, r)
    _horizons(reg, r)
    _item_references(reg, r)
    _metrics(reg, r)
    _targets(reg, r)
    _parameters(reg, r)
    return r.problems


def _duplicates(entries: Iterable[tuple[str, str, Loc]]) -> dict[str, list[tuple[str, Loc]]]:
    seen: dict[str, list[tuple[str, Loc]]] = defaultdict(list)
    for ident, file, loc in entries:
        seen[ident].append((file, loc))
    return {k: v for k, v in seen.items() if len(v) > 1}


def _unique_ids(reg: Register, r: _Reporter) -> None:
    groups = {
        # Files sharing an id collapse in reg.files, so read asset and item ids from the files.
        "asset": _ids_from_docs(r, "assets"),
        "item": _ids_from_docs(r, "items"),
        "horizon": [(h.id, "register.yaml", ("horizons", n, "id"))
                    for n, h in enumerate(reg.main.horizons)],
        "channel": [(c.id, "register.yaml", ("channels", n, "id"))
                    for n, c in enumerate(reg.main.channels)],
        "scenario": [(s.id, "register.yaml", ("scenario_analysis", "scenarios", n, "id"))
                     for n, s in enumerate(reg.main.scenario_analysis.scenarios)],
        "target": [(t.id, "targets.yaml", ("targets", n, "id"))
                   for n, t in enumerate(reg.targets.targets)],
        "year": [(str(y.year), "metrics.yaml", ("years", n, "year"))
                 for n, y in enumerate(reg.metrics.years)],
    }
    for kind, entries in groups.items():
        for ident, places in _duplicates(entries).items():
            files = ", ".join(sorted({f for f, _ in places}))
            for file, loc in places:
                r.add(file, loc, f"duplicate {kind} id '{ident}' (also in {files})",
                      f"give each {kind} a unique id")


def _ids_from_docs(r: _Reporter, folder: str) -> list[tuple[str, str, Loc]]:
    out = []
    for path, doc in r.docs.items():
        if Path(path).parent.name == folder and "id" in doc.data:
            out.append((str(doc.data["id"]), path, ("id",)))
    return out


def _file_names(reg: Register, r: _Reporter) -> None:
    for key, path in reg.files.items():
        ident = key.split(":", 1)[1]
        if Path(path).stem != ident:
            r.add(path, ("id",), f"id '{ident}' does not match the file name '{Path(path).name}'",
                  f"rename the file to {ident}.yaml, or change the id")


def _horizons(reg: Register, r: _Reporter) -> None:
    end_year = reg.main.entity.reporting_period.end.year
    previous_end: float | None = 0.0
    for n, h in enumerate(reg.main.horizons):
        loc: Loc = ("horizons", n)
        if previous_end is None or h.start_years != previous_end:
            r.add("register.yaml", (*loc, "start_years"),
                  "horizons must follow each other without gaps or overlaps",
                  "start each horizon where the previous one ends; list them short to long")
        first = end_year + h.start_years
        last = None if h.end_years is None else end_year + h.end_years
        if h.analysis_year < first or (last is not None and h.analysis_year > last):
            span = f"{first:g}–{last:g}" if last is not None else f"{first:g} onwards"
            r.add("register.yaml", (*loc, "analysis_year"),
                  f"analysis_year {h.analysis_year} lies outside the horizon ({span})",
                  "choose a year inside the horizon")
        previous_end = h.end_years


def _item_references(reg: Register, r: _Reporter) -> None:
    horizons = {h.id for h in reg.main.horizons}
    channels = {c.id for c in reg.main.channels}
    asset_ids = sorted(a.id for a in reg.assets)
    levels = (len(reg.main.scales.likelihood), len(reg.main.scales.magnitude))
    for item in reg.items:
        file = reg.files[f"item:{item.id}"]
        for n, sel in enumerate(item.assets):
            if not select_assets(reg.assets, sel):
                r.add(file, ("assets", n), f"'{sel}' matches no asset",
                      f"use an asset id ({', '.join(asset_ids)}) or a selector: all, "
                      "data-centers, offices, kind:<kind>, ownership:<owned|leased>, city:<city>")
        for n, h in enumerate(item.horizons):
            if h not in horizons:
                r.add(file, ("horizons", n), f"unknown horizon '{h}'",
                      f"use one of {', '.join(sorted(horizons))} (defined in register.yaml)")
        for n, c in enumerate(item.channels):
            if c not in channels:
                r.add(file, ("channels", n), f"unknown channel '{c}'",
                      f"use one of {', '.join(sorted(channels))} (defined in register.yaml)")
        for n, q in enumerate(item.quantification):
            if q.channel not in item.channels:
                r.add(file, ("quantification", n, "channel"),
                      f"channel '{q.channel}' is not among the item's channels",
                      "add it to the item's channels list, or pick one listed there")
            for m, sel in enumerate(q.assets or []):
                if not select_assets(reg.assets, sel):
                    r.add(file, ("quantification", n, "assets", m), f"'{sel}' matches no asset",
                          f"use an asset id ({', '.join(asset_ids)}) or a selector")
        if item.rating_override is not None:
            o = item.rating_override
            if o.likelihood > levels[0] or o.magnitude > levels[1]:
                r.add(file, ("rating_override",),
                      f"override exceeds the scales ({levels[0]} likelihood, "
                      f"{levels[1]} magnitude levels)", "use levels the scales define")


def _close(total: float, parts: float) -> bool:
    return abs(total - parts) <= SUM_TOLERANCE


def _metrics(reg: Register, r: _Reporter) -> None:
    asset_ids = {a.id for a in reg.assets}
    for n, y in enumerate(reg.metrics.years):
        loc: Loc = ("years", n)
        g = y.ghg
        if g.scope1_2 is not None and not _close(g.scope1_2, g.scope1 + g.scope2_location):
            r.add("metrics.yaml", (*loc, "ghg", "scope1_2"),
                  f"scope1_2 {g.scope1_2:,.2f} ≠ scope1 + scope2_location "
                  f"{g.scope1 + g.scope2_location:,.2f}", "correct the total or its parts")
        if g.scope3 is not None and g.scope3.total is not None and g.scope3.categories:
            parts = sum(g.scope3.categories.values())
            if not _close(g.scope3.total, parts):
                r.add("metrics.yaml", (*loc, "ghg", "scope3", "total"),
                      f"scope3 total {g.scope3.total:,.2f} ≠ sum of categories {parts:,.2f}",
                      "correct the total or the category values")
        if g.scope3 is not None:
            both = set(g.scope3.categories) & set(g.scope3.excluded)
            for c in sorted(both):
                r.add("metrics.yaml", (*loc, "ghg", "scope3", "excluded", c),
                      f"category {c} is both reported and excluded", "keep one of the two")
        e = y.energy
        if e.total_mwh is not None and not _close(e.total_mwh, e.direct_mwh + e.indirect_mwh):
            r.add("metrics.yaml", (*loc, "energy", "total_mwh"),
                  f"total_mwh {e.total_mwh:,.2f} ≠ direct + indirect "
                  f"{e.direct_mwh + e.indirect_mwh:,.2f}", "correct the total or its parts")
        ratios = [
            (("ghg", "scope1_2_intensity"), g.scope1_2_intensity, g.scope1 + g.scope2_location),
            (("energy", "intensity"), e.intensity, e.total_mwh or e.direct_mwh + e.indirect_mwh),
            (("water", "intensity"), y.water.intensity, y.water.total_t),
        ]
        for sub, published, numerator in ratios:
            if published is None or y.revenue_million == 0:
                continue
            derived = numerator / y.revenue_million
            if abs(derived - published) > max(0.006, 0.001 * published):
                r.add("metrics.yaml", (*loc, *sub),
                      f"published intensity {published} ≠ {derived:.3f} derived from "
                      f"revenue_million {y.revenue_million:,.1f}",
                      "check the intensity, its numerator and revenue_million")
        for field in ("asset_pue", "asset_wue"):
            for key in getattr(y, field):
                if key not in asset_ids:
                    r.add("metrics.yaml", (*loc, field, key), f"unknown asset '{key}'",
                          f"use one of {', '.join(sorted(asset_ids))}")


def _targets(reg: Register, r: _Reporter) -> None:
    for n, t in enumerate(reg.targets.targets):
        for m, sel in enumerate(t.assets):
            if not select_assets(reg.assets, sel):
                r.add("targets.yaml", ("targets", n, "assets", m), f"'{sel}' matches no asset",
                      "use an asset id or a selector")
        if t.base_year is not None and t.target_year < t.base_year:
            r.add("targets.yaml", ("targets", n, "target_year"),
                  "target_year is before base_year", "check the two years")
        if (t.base_year is None) != (t.base_value is None):
            r.add("targets.yaml", ("targets", n), "give base_year and base_value together")


def known_parameters() -> set[str]:
    """Names of the engine's vulnerability parameters (package data ``parameters.yaml``)."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(package_data("parameters.yaml").read_text(encoding="utf-8"))
    return set(data["parameters"])


def _parameters(reg: Register, r: _Reporter) -> None:
    known = known_parameters()
    for name in reg.parameters.parameters:
        if name not in known:
            r.add("parameters.yaml", ("parameters", name), f"unknown parameter '{name}'",
                  "see `climrisk parameters` for the parameter names the engine uses")
