"""Checks that span files: unique ids, references that resolve, totals that add up.

JSON Schema cannot express these, which is why pydantic plus these checks, not the schema,
is the authority on whether a register is valid.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from climrisk.errors import Problem
from climrisk.paths import package_data
from climrisk.register.models import (
    Asset,
    Item,
    MetricsFile,
    ParametersFile,
    RegisterFile,
    TargetsFile,
    select_assets,
)
from climrisk.register.yamlsource import Loc, YamlDocument

SUM_TOLERANCE = 0.011
"""Published totals are rounded to 0.01; parts may differ from the total by a rounding step."""


@dataclass
class Parts:
    """What the loader could read: documents and validated models keyed by the path of the
    file inside the register (``register.yaml``, ``items/PR-01.yaml``).

    A file in ``failed`` could not be read or validated; checks that need it are skipped, and
    checks that only need the others still run, so every problem is reported in one pass.
    """

    docs: dict[str, YamlDocument] = field(default_factory=dict)
    models: dict[str, BaseModel] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)

    def single(self, name: str) -> Any:
        return self.models.get(name)

    def in_folder(self, folder: str) -> dict[str, Any]:
        return {rel: m for rel, m in self.models.items() if rel.startswith(f"{folder}/")}

    def complete(self, folder: str) -> bool:
        """Whether every file of ``folder`` was read and validated."""
        return folder not in self.failed and not any(
            rel.startswith(f"{folder}/") for rel in self.failed
        )

    def failed_stems(self, folder: str) -> set[str]:
        """Names (without .yaml) of the files in ``folder`` that could not be read or validated."""
        return {Path(rel).stem for rel in self.failed if rel.startswith(f"{folder}/")}

    def raw_ids(self, folder: str) -> list[tuple[str, str]]:
        """``(id, file)`` of every file in ``folder`` that parsed, valid or not."""
        out = []
        for rel, doc in self.docs.items():
            if rel.startswith(f"{folder}/"):
                ident = doc.data.get("id")
                if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
                    out.append((str(ident), rel))
        return out


class _Reporter:
    """Looks up the document for a file and records located problems."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.problems: list[Problem] = []

    def add(self, file: str, loc: Loc, message: str, hint: str | None = None) -> None:
        self.problems.append(self.parts.docs[file].problem(loc, message, hint))


class _Assets:
    """Resolves asset references, also while some asset files are invalid."""

    def __init__(self, parts: Parts) -> None:
        self.assets: list[Asset] = list(parts.in_folder("assets").values())
        self.complete = parts.complete("assets")
        # An asset file that is invalid is probably named after its asset's id.
        self.raw = {ident for ident, _ in parts.raw_ids("assets")}
        self.raw |= parts.failed_stems("assets")
        self.ids = sorted(self.raw | {a.id for a in self.assets})

    def unknown(self, selector: str) -> bool:
        """Whether ``selector`` surely matches no asset."""
        if select_assets(self.assets, selector) or selector in self.raw:
            return False
        if self.complete:
            return True
        # Some asset files are invalid: only a plain id can be judged.
        return not (selector in SELECTORS or ":" in selector)

    def hint(self) -> str:
        listed = ", ".join(self.ids[:12]) + (", …" if len(self.ids) > 12 else "")
        return (f"use an asset id ({listed}) or a selector: all, data-centers, offices, "
                "kind:<kind>, ownership:<owned|leased>, city:<city>")


SELECTORS = {"all", "data-centers", "offices"}


def cross_checks(parts: Parts) -> list[Problem]:
    """Every cross-file problem that the readable files let us find."""
    r = _Reporter(parts)
    assets = _Assets(parts)
    main: RegisterFile | None = parts.single("register.yaml")
    metrics: MetricsFile | None = parts.single("metrics.yaml")
    targets: TargetsFile | None = parts.single("targets.yaml")
    parameters: ParametersFile | None = parts.single("parameters.yaml")
    _unique_file_ids(parts, r)
    _file_names(parts, r)
    if main is not None:
        _unique_ids("register.yaml", _main_ids(main), r)
        _horizons(main, r)
        _conventions(main, r)
    for rel, item in parts.in_folder("items").items():
        _item_references(main, assets, rel, item, r)
    if metrics is not None:
        _unique_ids("metrics.yaml", {"year": [
            (str(y.year), ("years", n, "year")) for n, y in enumerate(metrics.years)]}, r)
        _metrics(metrics, assets, r)
    if targets is not None:
        _unique_ids("targets.yaml", {"target": [
            (t.id, ("targets", n, "id")) for n, t in enumerate(targets.targets)]}, r)
        _targets(targets, assets, r)
    if parameters is not None:
        _parameters(parameters, r)
    return r.problems


def _main_ids(main: RegisterFile) -> dict[str, list[tuple[str, Loc]]]:
    return {
        "horizon": [(h.id, ("horizons", n, "id")) for n, h in enumerate(main.horizons)],
        "channel": [(c.id, ("channels", n, "id")) for n, c in enumerate(main.channels)],
        "scenario": [(s.id, ("scenario_analysis", "scenarios", n, "id"))
                     for n, s in enumerate(main.scenario_analysis.scenarios)],
        "band": [(b.id, ("scales", "bands", n, "id")) for n, b in enumerate(main.scales.bands)],
    }


def _unique_ids(file: str, groups: dict[str, list[tuple[str, Loc]]], r: _Reporter) -> None:
    for kind, entries in groups.items():
        seen: dict[str, list[Loc]] = defaultdict(list)
        for ident, loc in entries:
            seen[ident].append(loc)
        for ident, locs in seen.items():
            if len(locs) > 1:
                for loc in locs:
                    r.add(file, loc, f"duplicate {kind} id '{ident}' ({len(locs)} entries use it)",
                          f"give each {kind} a unique id")


def _unique_file_ids(parts: Parts, r: _Reporter) -> None:
    """Asset and item ids must be unique across files (read from the files, valid or not)."""
    for folder, kind in (("assets", "asset"), ("items", "item")):
        seen: dict[str, list[str]] = defaultdict(list)
        for ident, rel in parts.raw_ids(folder):
            seen[ident].append(rel)
        for ident, files in seen.items():
            if len(files) > 1:
                for rel in files:
                    others = ", ".join(f for f in files if f != rel)
                    r.add(rel, ("id",), f"duplicate {kind} id '{ident}' (also in {others})",
                          f"give each {kind} a unique id, or delete the copy")


def _file_names(parts: Parts, r: _Reporter) -> None:
    for folder in FOLDERS:
        for ident, rel in parts.raw_ids(folder):
            name = Path(rel).name
            if Path(rel).stem != ident:
                r.add(rel, ("id",), f"id '{ident}' does not match the file name '{name}'",
                      f"rename the file to {ident}.yaml, or change the id to "
                      f"'{Path(rel).stem}'")


FOLDERS = ("assets", "items")


def _horizons(main: RegisterFile, r: _Reporter) -> None:
    end_year = main.entity.reporting_period.end.year
    previous_end: float | None = 0.0
    for n, h in enumerate(main.horizons):
        loc: Loc = ("horizons", n)
        if previous_end is None or h.start_years != previous_end:
            expected = "nothing (the previous horizon is open-ended)" if previous_end is None \
                else f"{previous_end:g}"
            r.add("register.yaml", (*loc, "start_years"),
                  f"horizons must follow each other without gaps or overlaps: start_years "
                  f"is {h.start_years:g}, expected {expected}",
                  "start each horizon where the previous one ends (the first at 0); "
                  "list them short to long, only the last without end_years")
        first = end_year + h.start_years
        last = None if h.end_years is None else end_year + h.end_years
        if h.analysis_year < first or (last is not None and h.analysis_year > last):
            span = f"{first:g} to {last:g}" if last is not None else f"{first:g} onwards"
            r.add("register.yaml", (*loc, "analysis_year"),
                  f"analysis_year {h.analysis_year} lies outside the horizon ({span})",
                  "choose a year inside the horizon, counted from the reporting period's end")
        previous_end = h.end_years


def _conventions(main: RegisterFile, r: _Reporter) -> None:
    conv = main.scales.conventions
    loc: Loc = ("scales", "conventions", "scenario_plausibility")
    levels = len(main.scales.likelihood)
    analysed = [s.id for s in main.scenario_analysis.scenarios]
    for scenario, lv in conv.scenario_plausibility.items():
        if scenario not in analysed:
            r.add("register.yaml", (*loc, scenario), f"scenario '{scenario}' is not analysed",
                  f"use one of {', '.join(analysed)} (scenario_analysis.scenarios)")
        if not 1 <= lv <= levels:
            r.add("register.yaml", (*loc, scenario),
                  f"likelihood level {lv} outside the scale (1 to {levels})",
                  "use a level of scales.likelihood")
    missing = [s for s in analysed if s not in conv.scenario_plausibility]
    if conv.transition == "scenario-plausibility" and missing:
        r.add("register.yaml", ("scales", "conventions", "transition"),
              f"'scenario-plausibility' needs a likelihood level for {', '.join(missing)}",
              "add each analysed scenario under scales.conventions.scenario_plausibility")


def _item_references(
    main: RegisterFile | None, assets: _Assets, file: str, item: Item, r: _Reporter
) -> None:
    for n, sel in enumerate(item.assets):
        if assets.unknown(sel):
            r.add(file, ("assets", n), f"'{sel}' matches no asset", assets.hint())
    for n, q in enumerate(item.quantification):
        if q.channel not in item.channels:
            r.add(file, ("quantification", n, "channel"),
                  f"channel '{q.channel}' is not among the item's channels",
                  f"add it to the item's channels list, or use one listed there "
                  f"({', '.join(item.channels)})")
        for m, sel in enumerate(q.assets or []):
            if assets.unknown(sel):
                r.add(file, ("quantification", n, "assets", m), f"'{sel}' matches no asset",
                      assets.hint())
    if main is None:
        return
    horizons = [h.id for h in main.horizons]
    channels = [c.id for c in main.channels]
    for n, h in enumerate(item.horizons):
        if h not in horizons:
            r.add(file, ("horizons", n), f"unknown horizon '{h}'",
                  f"{_did_you_mean(h, horizons)}use one of {', '.join(horizons)} "
                  "(defined under horizons: in register.yaml)")
    for n, c in enumerate(item.channels):
        if c not in channels:
            r.add(file, ("channels", n), f"unknown channel '{c}'",
                  f"{_did_you_mean(c, channels)}use one of {', '.join(channels)} "
                  "(defined under channels: in register.yaml)")
    bands = [b.id for b in main.scales.bands]
    if item.conclusion is not None and item.conclusion.level not in bands:
        lv = item.conclusion.level
        r.add(file, ("conclusion", "level"), f"unknown level '{lv}'",
              f"{_did_you_mean(lv, bands)}use a band id of scales.bands: {', '.join(bands)}")
    levels = (len(main.scales.likelihood), len(main.scales.magnitude))
    if item.rating_override is not None:
        o = item.rating_override
        if o.likelihood > levels[0] or o.magnitude > levels[1]:
            r.add(file, ("rating_override",),
                  f"override exceeds the scales ({levels[0]} likelihood, "
                  f"{levels[1]} magnitude levels)", "use levels the scales in register.yaml define")


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _close(total: float, parts: float) -> bool:
    return abs(total - parts) <= SUM_TOLERANCE


def _metrics(metrics: MetricsFile, assets: _Assets, r: _Reporter) -> None:
    for n, y in enumerate(metrics.years):
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
                      f"scope3 total {g.scope3.total:,.2f} ≠ sum of categories {parts:,.2f} "
                      f"(off by {g.scope3.total - parts:+,.2f})",
                      "correct the total or the category values; categories not reported "
                      "go under excluded: with a reason")
        if g.scope3 is not None:
            both = set(g.scope3.categories) & set(g.scope3.excluded)
            for c in sorted(both):
                r.add("metrics.yaml", (*loc, "ghg", "scope3", "excluded", c.value),
                      f"category {c.value} is both reported and excluded", "keep one of the two")
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
        for name in ("asset_pue", "asset_wue"):
            for key in getattr(y, name):
                if assets.unknown(key) or key in SELECTORS or ":" in key:
                    r.add("metrics.yaml", (*loc, name, key), f"unknown asset '{key}'",
                          f"{_did_you_mean(key, assets.ids)}use an asset id: "
                          f"{', '.join(assets.ids)}")


def _targets(targets: TargetsFile, assets: _Assets, r: _Reporter) -> None:
    for n, t in enumerate(targets.targets):
        for m, sel in enumerate(t.assets):
            if assets.unknown(sel):
                r.add("targets.yaml", ("targets", n, "assets", m), f"'{sel}' matches no asset",
                      assets.hint())
        if t.base_year is not None and t.target_year < t.base_year:
            r.add("targets.yaml", ("targets", n, "target_year"),
                  f"target_year {t.target_year} is before base_year {t.base_year}",
                  "check the two years")
        if (t.base_year is None) != (t.base_value is None):
            missing = "base_value" if t.base_value is None else "base_year"
            r.add("targets.yaml", ("targets", n), f"{missing} is missing",
                  "give base_year and base_value together, or neither")


@lru_cache(maxsize=1)
def known_parameters() -> frozenset[str]:
    """Names of the engine's vulnerability parameters (package data ``parameters.yaml``)."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(package_data("parameters.yaml").read_text(encoding="utf-8"))
    return frozenset(data["parameters"])


def _parameters(parameters: ParametersFile, r: _Reporter) -> None:
    known = sorted(known_parameters())
    for name in parameters.parameters:
        if name not in known:
            r.add("parameters.yaml", ("parameters", name), f"unknown parameter '{name}'",
                  f"{_did_you_mean(name, known)}see `climrisk parameters` for the parameter "
                  "names the engine uses")
