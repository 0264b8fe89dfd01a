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

from climrisk.errors import Problem, warn_input
from climrisk.paths import package_data
from climrisk.register.measures import MeasuresFile, SensitivityFile
from climrisk.register.models import (
    Asset,
    Item,
    MetricsFile,
    Parameter,
    ParameterOverride,
    ParametersFile,
    RegisterFile,
    TargetsFile,
    select_assets,
)
from climrisk.register.terms import (
    SINGULAR,
    Lexicon,
    currency_hint,
    iso_country,
    iso_currency,
    kind_groups,
    pack_words,
)
from climrisk.register.yamlsource import Loc, YamlDocument
from climrisk.units import to_unit

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

    def __init__(self, parts: Parts, groups: dict[str, tuple[str, ...]]) -> None:
        self.groups = groups
        self.assets: list[Asset] = list(parts.in_folder("assets").values())
        self.complete = parts.complete("assets")
        # An asset file that is invalid is probably named after its asset's id.
        self.raw = {ident for ident, _ in parts.raw_ids("assets")}
        self.raw |= parts.failed_stems("assets")
        self.ids = sorted(self.raw | {a.id for a in self.assets})

    def unknown(self, selector: str) -> bool:
        """Whether ``selector`` surely matches no asset."""
        if select_assets(self.assets, selector, self.groups) or selector in self.raw:
            return False
        if self.complete:
            return True
        # Some asset files are invalid: only a plain id can be judged.
        return not (selector in self.selectors or ":" in selector)

    @property
    def selectors(self) -> set[str]:
        return SELECTORS | set(self.groups)

    def hint(self) -> str:
        listed = ", ".join(self.ids[:12]) + (", …" if len(self.ids) > 12 else "")
        groups = "".join(f"{g}, " for g in sorted(self.groups))
        return (f"use an asset id ({listed}) or a selector: all, offices, {groups}"
                "kind:<kind>, ownership:<owned|leased>, city:<city>, province:<province>, "
                "region:<grid region>, country:<code>")


SELECTORS = {"all", "offices"}


def cross_checks(parts: Parts) -> list[Problem]:
    """Every cross-file problem that the readable files let us find."""
    r = _Reporter(parts)
    main: RegisterFile | None = parts.single("register.yaml")
    assets = _Assets(parts, kind_groups(main.packs) if main is not None else {})
    metrics: MetricsFile | None = parts.single("metrics.yaml")
    targets: TargetsFile | None = parts.single("targets.yaml")
    parameters: ParametersFile | None = parts.single("parameters.yaml")
    _unique_file_ids(parts, r)
    _file_names(parts, r)
    if main is not None:
        _unique_ids("register.yaml", _main_ids(main), r)
        _horizons(main, r)
        _conventions(main, r)
        _register_words(main, r)
        lex = Lexicon(main)
        # Words are read from every file that parsed, valid or not, so a misspelt kind is
        # reported together with the file's other problems.
        for rel, doc in parts.docs.items():
            if rel.startswith("assets/"):
                _asset_words(lex, rel, doc.data, r)
                _asset_hazards(main, rel, doc.data, r)
            elif rel.startswith("items/"):
                _item_words(lex, rel, doc.data, r)
        if metrics is not None:
            _metric_words(lex, metrics, r)
        if targets is not None:
            for n, t in enumerate(targets.targets):
                _word(lex, "target_metrics", t.metric, "targets.yaml",
                      ("targets", n, "metric"), r)
    for rel, item in parts.in_folder("items").items():
        _item_references(main, assets, rel, item, r)
    if metrics is not None and main is not None and parts.complete("assets"):
        _reconcile(main, metrics, assets.assets, r)
    if metrics is not None:
        _unique_ids("metrics.yaml", {"year": [
            (str(y.year), ("years", n, "year")) for n, y in enumerate(metrics.years)]}, r)
        _metrics(metrics, assets, r)
    if targets is not None:
        _unique_ids("targets.yaml", {"target": [
            (t.id, ("targets", n, "id")) for n, t in enumerate(targets.targets)]}, r)
        _targets(targets, assets, r)
    if parameters is not None:
        _parameters(parameters, main.packs if main is not None else None, assets, r)
    measures: MeasuresFile | None = parts.single("measures.yaml")
    if measures is not None:
        _measures(parts, measures, assets, targets, main, r)
    sensitivity: SensitivityFile | None = parts.single("sensitivity.yaml")
    if sensitivity is not None and main is not None:
        scenarios = [s.id for s in main.scenario_analysis.scenarios]
        for n, a in enumerate(sensitivity.analyses):
            if a.scenario not in scenarios:
                r.add("sensitivity.yaml", ("analyses", n, "scenario"),
                      f"scenario '{a.scenario}' is not analysed in register.yaml",
                      f"{_did_you_mean(a.scenario, scenarios)}use one of {', '.join(scenarios)}")
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
        for name, values in y.measured.items():
            for key in values:
                if assets.unknown(key) or key in assets.selectors or ":" in key:
                    r.add("metrics.yaml", (*loc, "measured", name, key), f"unknown asset '{key}'",
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
def _core_parameters() -> dict[str, Parameter]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(package_data("parameters.yaml").read_text(encoding="utf-8"))
    return {name: Parameter(**spec) for name, spec in data["parameters"].items()}


def known_parameters() -> frozenset[str]:
    """Names of the engine's core parameters (package data ``parameters.yaml``)."""
    return frozenset(_core_parameters())


def _parameters(parameters: ParametersFile, packs: list[str] | None, assets: _Assets,
                r: _Reporter) -> None:
    from climrisk.packs import all_packs, packs_of

    chosen = list(all_packs().values()) if packs is None else packs_of(packs)
    known = sorted(known_parameters() | {n for p in chosen for n in p.parameters})
    elsewhere = {n: p.id for p in all_packs().values() for n in p.parameters}
    defaults = {**{n: v for p in chosen for n, v in p.parameters.items()}, **_core_parameters()}
    places = [(("parameters", n, "by"), n, given.by) for n, given in
              parameters.parameters.items()]
    places += [(("by", n), n, given) for n, given in parameters.by.items()]
    for name, given in parameters.parameters.items():
        if name in known and name in defaults:
            _physical_bounds(name, given, defaults[name], ("parameters", name), r)
    for loc, name, by in places:
        if name not in known:
            pack = elsewhere.get(name)
            hint = (f"'{name}' belongs to the {pack} pack: add {pack} under packs: in "
                    "register.yaml, or remove the override" if pack else
                    f"{_did_you_mean(name, known)}see `climrisk parameters` for the parameter "
                    "names the engine uses")
            r.add("parameters.yaml", loc[:2], f"unknown parameter '{name}'", hint)
            continue
        for m, place in enumerate(by):
            where = (*loc, m, "where")
            if place.where == "all":
                r.add("parameters.yaml", where, "'all' is the parameter's own value",
                      "give it as the parameter's value, or name the assets it applies to")
            elif assets.unknown(place.where):
                r.add("parameters.yaml", where, f"'{place.where}' matches no asset",
                      f"{_did_you_mean(place.where, assets.ids)}{assets.hint()}")
            elif name in defaults:
                _physical_bounds(name, place, defaults[name], (*loc, m), r, warn_range=False)


def _physical_bounds(name: str, given: Parameter | ParameterOverride, default: Parameter,
                     at: Loc, r: _Reporter, warn_range: bool = True) -> None:
    """Refuse an override its parameter's nature forbids; warn outside the published range.

    A parameter whose published range is non-negative cannot be made negative (a negative
    pass-through would publish a negative cost), and a share cannot exceed 1. A value by place
    is not warned against the default's range: a place's rule is expected to differ.
    """
    values = [v for v in (default.low, default.value, default.high) if v is not None]
    low, high = min(values), max(values)
    unit = default.unit
    share = unit.lower().startswith(("share", "fraction")) and low >= 0 and high <= 1
    for key in ("value", "low", "high"):
        v = getattr(given, key)
        if v is None:
            continue
        loc = (*at, key)
        if low >= 0 and v < 0:
            r.add("parameters.yaml", loc, f"{name} cannot be negative (found {v:g})",
                  f"its published range is {low:g} to {high:g} ({unit})")
        elif share and v > 1:
            r.add("parameters.yaml", loc, f"{name} is a share and cannot exceed 1 (found {v:g})",
                  "write a share as a fraction: 35 % is 0.35")
        elif warn_range and key == "value" and not low <= v <= high:
            doc = r.parts.docs["parameters.yaml"]
            warn_input(doc.problem(loc, f"{name} = {v:g} lies outside the published range "
                                   f"{low:g} to {high:g} ({unit})",
                                   "check the source; the build uses the value as given"))


def _reconcile(main: RegisterFile, metrics: MetricsFile, assets: list[Asset],
               r: _Reporter) -> None:
    """Assets' own Scope 1 and water (at the inventory's share of each) within the latest
    year's company totals; what they leave over is allocated and stated by the engine."""
    n, latest = max(enumerate(metrics.years), key=lambda p: p[1].year)
    approach = main.entity.consolidation

    def share(a: Asset) -> float:
        return a.holding.inventory_share(approach) if a.holding else 1.0

    scope1 = sum((a.activity.scope1_total or 0.0) * share(a) for a in assets if a.activity)
    if scope1 > latest.ghg.scope1 * (1 + 1e-9) + SUM_TOLERANCE:
        r.add("metrics.yaml", ("years", n, "ghg", "scope1"),
              f"the assets' own Scope 1 ({scope1:,.2f} t at the {approach} share) exceeds the "
              f"company's Scope 1 of {latest.year} ({latest.ghg.scope1:,.2f} t)",
              "check activity.scope1_t of the assets, their holding.equity_share and "
              "entity.consolidation, or the published total")
    water = sum((a.activity.water_withdrawal_m3 or 0.0) * share(a) for a in assets if a.activity)
    if water > latest.water.total_t * (1 + 1e-9) + SUM_TOLERANCE:
        r.add("metrics.yaml", ("years", n, "water", "total_t"),
              f"the assets' water withdrawal ({water:,.0f} m³) exceeds the company's water "
              f"use of {latest.year} ({latest.water.total_t:,.0f} t)",
              "check activity.water_withdrawal_m3 of the assets or the published total")


def _register_words(main: RegisterFile, r: _Reporter) -> None:
    """Packs, industry, currency and the register's own vocabulary declarations."""
    from climrisk.packs import all_packs

    known = sorted(all_packs())
    for n, pack in enumerate(main.packs):
        if pack not in known:
            r.add("register.yaml", ("packs", n), f"unknown industry pack '{pack}'",
                  f"{_did_you_mean(pack, known)}use one of {', '.join(known)}")
    industries = sorted({code for p in all_packs().values() for code in p.spec.industries})
    if main.industry is not None and main.industry not in industries:
        r.add("register.yaml", ("industry",), f"no pack defines industry '{main.industry}'",
              f"{_did_you_mean(main.industry, industries)}use one of {', '.join(industries)}, "
              "or leave industry out (no industry-based metrics table)")
    currency = main.entity.currency
    if not iso_currency(currency):
        r.add("register.yaml", ("entity", "currency"),
              f"'{currency}' is not an ISO 4217 currency code", currency_hint(currency))
    lex = Lexicon(main)
    for vocabulary in SINGULAR:
        declared = getattr(main.vocabulary, vocabulary, None) or {}
        builtin = set(lex.allowed(vocabulary)) - set(declared)
        for word in declared:
            if word in builtin:
                r.add("register.yaml", ("vocabulary", vocabulary, word),
                      f"{SINGULAR[vocabulary]} '{word}' is already defined",
                      "remove the declaration: core and pack words need none")


def _word(
    lex: Lexicon, vocabulary: str, word: str, file: str, loc: Loc, r: _Reporter
) -> None:
    """One word of an open vocabulary, with "did you mean" and how to add a new word."""
    allowed = lex.allowed(vocabulary)
    if word in allowed:
        return
    what = SINGULAR[vocabulary]
    in_pack = {p: w for p, w in _pack_homes(vocabulary).items() if word in w}
    if in_pack:
        pack = next(iter(in_pack))
        hint = f"'{word}' is in the {pack} pack: add {pack} under packs: in register.yaml"
    elif vocabulary == "models":
        hint = (f"{_did_you_mean(word, allowed)}use one of {', '.join(allowed)}; new models "
                "come with an industry pack (packs: in register.yaml)")
    else:
        shown = ", ".join(allowed[:15]) + (", …" if len(allowed) > 15 else "")
        hint = (f"{_did_you_mean(word, allowed)}use one of {shown}, or declare '{word}' under "
                f"vocabulary.{vocabulary} in register.yaml with an en and zh-Hant label")
    r.add(file, loc, f"unknown {what} '{word}'", hint)


def _pack_homes(vocabulary: str) -> dict[str, set[str]]:
    from climrisk.packs import all_packs

    return {p: set(pack_words(vocabulary, [p])) for p in all_packs()}


def _text_at(data: Any, *path: str | int) -> str | None:
    """The string at ``path`` in raw YAML data, or ``None``."""
    for key in path:
        if isinstance(key, int):
            if not isinstance(data, list) or key >= len(data):
                return None
        elif not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data if isinstance(data, str) else None


def _listed(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _asset_words(lex: Lexicon, file: str, data: Any, r: _Reporter) -> None:
    from climrisk.packs import packs_of

    kind = _text_at(data, "kind")
    for vocabulary, key in (("asset_kinds", "kind"), ("regions", "grid_region")):
        word = _text_at(data, key)
        if word is not None:
            _word(lex, vocabulary, word, file, (key,), r)
    country = _text_at(data, "location", "country")
    if country is not None and not iso_country(country):
        r.add(file, ("location", "country"), f"'{country}' is not an ISO 3166-1 country code",
              "use a two-letter code such as CN, HK, IN, AU, SG, MY")
    packs = packs_of(lex.main.packs)
    specs = {n: a for p in packs for n, a in p.spec.attributes.items()}
    attributes = data.get("attributes") if isinstance(data, dict) else None
    attributes = attributes if isinstance(attributes, dict) else {}
    for name, value in attributes.items():
        spec = specs.get(name)
        if spec is None:
            r.add(file, ("attributes", name), f"no pack of the register reads attribute '{name}'",
                  f"{_did_you_mean(str(name), sorted(specs))}attributes come from the "
                  f"register's packs ({', '.join(lex.main.packs) or 'none chosen'}): "
                  f"{', '.join(sorted(specs)) or 'none'}")
            continue
        if isinstance(value, str):  # a quantity with its unit, converted to the pack's
            try:
                value = to_unit(value, spec.unit)
            except ValueError as err:
                problem, _, how = str(err).partition("; write ")
                r.add(file, ("attributes", name), problem,
                      f"{name} is in {spec.unit}: write {how}")
                continue
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue  # the model reports a value that is not a number
        if (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum):
            low = "-inf" if spec.minimum is None else f"{spec.minimum:g}"
            high = "inf" if spec.maximum is None else f"{spec.maximum:g}"
            r.add(file, ("attributes", name),
                  f"{name} {value:g} is outside {low} to {high} ({spec.unit})",
                  f"{name}: {spec.description}")
    for pack in packs:
        for name in pack.spec.required_attributes.get(kind or "", []):
            if name not in attributes:
                r.add(file, ("attributes",) if attributes else ("kind",),
                      f"a {kind} needs attribute '{name}'",
                      f"add attributes: {{{name}: …}} ({pack.spec.attributes[name].unit}; "
                      f"required by the {pack.id} pack)")


def _asset_hazards(main: RegisterFile, file: str, data: Any, r: _Reporter) -> None:
    """Site values name a variable some model reads at sites, and scenarios the register
    analyses: anything else would be silently unused."""
    from climrisk.engine.catalogue import catalogue

    hazards = data.get("hazards") if isinstance(data, dict) else None
    if not isinstance(hazards, dict):
        return
    read = sorted({v for spec in catalogue(main.packs).values() for v in spec.site_vars})
    scenarios = [s.id for s in main.scenario_analysis.scenarios]
    for name, given in hazards.items():
        if name not in read:
            r.add(file, ("hazards", name), f"no model reads '{name}' at a site",
                  f"{_did_you_mean(str(name), read)}site values can be given for "
                  f"{', '.join(read)}")
            continue
        by_scenario = given.get("by_scenario") if isinstance(given, dict) else None
        for sid in by_scenario if isinstance(by_scenario, dict) else {}:
            if sid not in scenarios:
                r.add(file, ("hazards", name, "by_scenario", sid),
                      f"scenario '{sid}' is not analysed in register.yaml",
                      f"{_did_you_mean(str(sid), scenarios)}use one of {', '.join(scenarios)}")


def _item_words(lex: Lexicon, file: str, data: Any, r: _Reporter) -> None:
    category = _text_at(data, "category")
    if category is not None:
        _word(lex, "item_categories", category, file, ("category",), r)
    for n, d in enumerate(_listed(data, "drivers")):
        if isinstance(d, str):
            _word(lex, "drivers", d, file, ("drivers", n), r)
    for n, q in enumerate(_listed(data, "quantification")):
        model = _text_at(q, "model")
        if model is not None:
            _word(lex, "models", model, file, ("quantification", n, "model"), r)


def _metric_words(lex: Lexicon, metrics: MetricsFile, r: _Reporter) -> None:
    from climrisk.packs import packs_of

    attributes = sorted({n for p in packs_of(lex.main.packs) for n in p.spec.attributes})
    for n, y in enumerate(metrics.years):
        for name in y.additional:
            _word(lex, "metric_fields", name, "metrics.yaml", ("years", n, "additional", name), r)
        for name in y.measured:
            if name not in attributes:
                r.add("metrics.yaml", ("years", n, "measured", name),
                      f"no pack of the register reads attribute '{name}'",
                      f"{_did_you_mean(name, attributes)}measured values are asset attributes "
                      f"of the register's packs: {', '.join(attributes) or 'none'}")


def _measures(
    parts: Parts,
    measures: MeasuresFile,
    assets: _Assets,
    targets: TargetsFile | None,
    main: RegisterFile | None,
    r: _Reporter,
) -> None:
    """Measure and set ids unique; items, assets, targets, parameters and members exist."""
    from climrisk.packs import all_packs, packs_of

    chosen = list(all_packs().values()) if main is None else packs_of(main.packs)
    f = "measures.yaml"
    _unique_ids(f, {
        "measure": [(m.id, ("measures", n, "id")) for n, m in enumerate(measures.measures)],
        "set": [(s.id, ("sets", n, "id")) for n, s in enumerate(measures.sets)],
    }, r)
    items = sorted({i.id for i in parts.in_folder("items").values()} | {
        ident for ident, _ in parts.raw_ids("items")} | parts.failed_stems("items"))
    target_ids = [t.id for t in targets.targets] if targets is not None else None
    known = sorted(known_parameters() | {n for p in chosen for n in p.parameters})
    for n, m in enumerate(measures.measures):
        for k, item in enumerate(m.items):
            if parts.complete("items") and item not in items:
                r.add(f, ("measures", n, "items", k), f"unknown item '{item}'",
                      f"{_did_you_mean(item, items)}use an item id from items/")
        for k, sel in enumerate(m.assets):
            if assets.unknown(sel):
                r.add(f, ("measures", n, "assets", k), f"'{sel}' matches no asset", assets.hint())
        for k, t in enumerate(m.targets):
            if target_ids is not None and t not in target_ids:
                r.add(f, ("measures", n, "targets", k), f"unknown target '{t}'",
                      f"{_did_you_mean(t, target_ids)}use a target id from targets.yaml")
        for k, e in enumerate(m.effects):
            if e.kind == "parameter" and e.parameter not in known:
                r.add(f, ("measures", n, "effects", k, "parameter"),
                      f"unknown parameter '{e.parameter}'",
                      f"{_did_you_mean(e.parameter, known)}see `climrisk parameters`")
        if m.cost.opex_per_year == 0 and not m.cost.capex:
            r.add(f, ("measures", n, "cost"), "the measure has no cost",
                  "give capex by year and/or opex_per_year (an estimate, marked estimate: true, "
                  "where the source gives no figure)")
    ids = [m.id for m in measures.measures]
    for n, s in enumerate(measures.sets):
        for k, member in enumerate(s.measures):
            if member not in ids:
                r.add(f, ("sets", n, "measures", k), f"unknown measure '{member}'",
                      f"{_did_you_mean(member, ids)}use a measure id listed under measures:")
