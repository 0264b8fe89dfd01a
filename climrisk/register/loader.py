"""Read a register directory into a checked ``Register``.

Layout (one small file per thing an analyst edits, so that two analysts editing two risks
never touch the same file, and a pull request's diff shows exactly which item moved)::

    register.yaml          entity, horizons, scales, channels, scenario choice, narrative
    assets/<asset-id>.yaml one site each
    items/<item-id>.yaml   one risk or opportunity each
    metrics.yaml           GHG, energy and water by year
    targets.yaml           climate-related targets
    parameters.yaml        optional overrides of the engine's vulnerability parameters

Every problem of every file is collected and raised once as ``RegisterError``: a file that
cannot be read or validated is reported and left out, and the checks across files still run
on the files that could be read, so an analyst sees the whole list in one pass.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from pydantic import BaseModel, ValidationError

from climrisk.budgets import REGISTER_BYTES, REGISTER_FILES
from climrisk.errors import Problem, RegisterError
from climrisk.register.checks import Parts, cross_checks
from climrisk.register.comparatives import ComparativesFile
from climrisk.register.measures import MeasuresFile, SensitivityFile
from climrisk.register.models import (
    Asset,
    Item,
    MetricsFile,
    ParametersFile,
    Register,
    RegisterFile,
    TargetsFile,
)
from climrisk.register.yamlsource import MAX_BYTES, read_yaml, validation_problems
from climrisk.units import to_unit
from climrisk.vocabulary import CORE_ITEM_CATEGORIES, ITEM_KINDS

SINGLE_FILES: dict[str, type[BaseModel]] = {
    "register.yaml": RegisterFile,
    "metrics.yaml": MetricsFile,
    "targets.yaml": TargetsFile,
    "parameters.yaml": ParametersFile,
    "measures.yaml": MeasuresFile,
    "sensitivity.yaml": SensitivityFile,
    "comparatives.yaml": ComparativesFile,
}
OPTIONAL_FILES = {"parameters.yaml", "measures.yaml", "sensitivity.yaml", "comparatives.yaml"}
FOLDERS: dict[str, type[BaseModel]] = {"assets": Asset, "items": Item}
YAML_SUFFIXES = {".yaml", ".yml"}
MAX_PROBLEMS_PER_FILE = 100
"""Validation problems listed per file; past this, a file is more likely the wrong file."""
SIDE_FILES = frozenset({"approvals.yaml"})
"""Files kept beside the register that are not part of its content: sign-offs
(``climrisk.signoff``) are read by ``climrisk approve`` and ``build --final``."""


def default_register_dir() -> Path:
    """The bundled first-user register."""
    from climrisk.paths import bundled

    return bundled("registers") / "kingsoft-cloud"


def load_register(root: str | Path | None = None) -> Register:
    """Load, validate and cross-check the register in ``root`` (default: the bundled one).

    Raises ``RegisterError`` listing every problem found, each with file, line and a hint.
    """
    base = Path(root) if root is not None else default_register_dir()
    if base.is_symlink():
        raise RegisterError([Problem(_shown(base), None, None, "",
                                     "is a symbolic link; climrisk does not follow links",
                                     "give the path of the register directory itself")])
    if not base.exists():
        raise RegisterError([Problem(_shown(base), None, None, "",
                                     "register directory does not exist",
                                     "check the path; " + _layout_hint())])
    if not base.is_dir():
        raise RegisterError([Problem(_shown(base), None, None, "",
                                     "is a file, not a register directory",
                                     "give the directory that holds register.yaml")])
    problems: list[Problem] = []
    parts = Parts()
    over = _over_budget(base)
    if over:
        raise RegisterError(over)

    def parse(rel: str, model: type[BaseModel]) -> None:
        shown = _shown(base / rel)
        doc = read_yaml(base / rel, shown)
        if isinstance(doc, Problem):
            problems.append(doc)
            parts.failed.add(rel)
            return
        parts.docs[rel] = doc
        try:
            parts.models[rel] = model.model_validate(doc.data)
        except ValidationError as exc:
            found = validation_problems(doc, exc, model, limit=MAX_PROBLEMS_PER_FILE)
            if exc.error_count() > MAX_PROBLEMS_PER_FILE:
                more = exc.error_count() - MAX_PROBLEMS_PER_FILE
                found = [*found, Problem(
                    shown, None, None, "", f"{more} more problems in this file are not listed",
                    "fix the ones listed and validate again; check that this is the right file")]
            problems.extend(found)
            parts.failed.add(rel)

    for name, model in SINGLE_FILES.items():
        path = base / name
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            parse(name, model)
        elif path.exists():
            problems.append(Problem(_shown(path), None, None, "", "is not a file",
                                    f"{name} must be a YAML file"))
            parts.failed.add(name)
        elif name not in OPTIONAL_FILES:
            problems.append(Problem(_shown(path), None, None, "", "required file is missing",
                                    _missing_hint(base, name)))
            parts.failed.add(name)
    for folder, model in FOLDERS.items():
        directory = base / folder
        if directory.is_symlink():
            problems.append(Problem(_shown(directory), None, None, "",
                                    "is a symbolic link; climrisk does not follow links",
                                    _LINK_HINT))
            parts.failed.add(folder)
            continue
        if not directory.is_dir():
            problems.append(Problem(_shown(directory), None, None, "",
                                    f"required folder {folder}/ is missing",
                                    f"create {folder}/ with one YAML file per "
                                    f"{folder.rstrip('s')}; " + _layout_hint()))
            parts.failed.add(folder)
            continue
        found = False
        for path in _listing(directory, problems):
            if path.name.startswith("."):
                continue
            rel = f"{folder}/{path.name}"
            if path.suffix.lower() in YAML_SUFFIXES and (path.is_symlink() or not path.is_dir()):
                found = True
                parse(rel, model)
            elif path.is_symlink():
                problems.append(Problem(_shown(path), None, None, "",
                                        "is a symbolic link; climrisk does not follow links",
                                        _LINK_HINT))
            elif path.is_dir():
                problems.append(Problem(_shown(path), None, None, "",
                                        f"folders inside {folder}/ are not read",
                                        f"move its files into {folder}/ itself, or out of the "
                                        "register"))
            else:
                problems.append(Problem(_shown(path), None, None, "", "not a .yaml file",
                                        f"{folder}/ holds only .yaml files, one per "
                                        f"{folder.rstrip('s')}; move other files out of the "
                                        "register"))
        if not found:
            problems.append(Problem(_shown(directory), None, None, "",
                                    f"{folder}/ holds no YAML files",
                                    f"add one file per {folder.rstrip('s')}, named <id>.yaml"))
    main = parts.models.get("register.yaml")
    # The scenario-set file the register names may sit beside it; the set has its own schema.
    named_set = getattr(getattr(main, "scenario_analysis", None), "scenario_set", None)
    for path in _listing(base, problems):
        if (not path.is_symlink() and path.is_file() and path.suffix.lower() in YAML_SUFFIXES
                and path.name not in SINGLE_FILES and path.name not in SIDE_FILES
                and not path.name.startswith(".") and path.name != named_set):
            problems.append(Problem(_shown(path), None, None, "", "unexpected file in register",
                                    _unexpected_hint(path.name)))

    problems.extend(cross_checks(parts))
    if problems:
        raise RegisterError(problems)
    return _assemble(base, parts)


def _assemble(base: Path, parts: Parts) -> Register:
    models = parts.models
    packs = models["register.yaml"].packs
    units, curves = _attribute_units(packs), _flood_curves(packs)
    assets = [_occupancy_curve(_in_pack_units(m, units), curves)
              for m in models.values() if isinstance(m, Asset)]
    # Disclosures list physical risks, then transition risks, then opportunities (the order
    # of IFRS S2 App. A and of the report's tables), whatever the file names sort to.
    order = {c: n for n, c in enumerate(CORE_ITEM_CATEGORIES)}
    items = sorted((m for m in models.values() if isinstance(m, Item)),
                   key=lambda i: (ITEM_KINDS.index(i.category.kind),
                                  order.get(i.category, len(order)), i.id))
    files = {f"asset:{m.id}": rel for rel, m in models.items() if isinstance(m, Asset)}
    files |= {f"item:{m.id}": rel for rel, m in models.items() if isinstance(m, Item)}
    parameters = models.get("parameters.yaml")
    return Register(
        root=str(base),
        main=models["register.yaml"],
        assets=assets,
        items=items,
        metrics=models["metrics.yaml"],
        targets=models["targets.yaml"],
        parameters=parameters if parameters is not None else ParametersFile(schema_version=1),
        measures=models.get("measures.yaml"),
        sensitivity=models.get("sensitivity.yaml"),
        comparatives=models.get("comparatives.yaml"),
        files=files,
    )


def _attribute_units(packs: list[str]) -> dict[str, str]:
    from climrisk.packs import packs_of

    return {n: a.unit for p in packs_of(packs) for n, a in p.spec.attributes.items()}


def _flood_curves(packs: list[str]) -> dict[str, str]:
    from climrisk.packs import packs_of

    return {k: c for p in packs_of(packs) for k, c in p.spec.flood_curves.items()}


def _occupancy_curve(asset: Asset, curves: dict[str, str]) -> Asset:
    """The asset with the depth-damage curve of its kind's occupancy where its flood profile
    names none (a residential tower floods as a residential building)."""
    flood = asset.flood
    if flood is None or "curve" in flood.model_fields_set or asset.kind not in curves:
        return asset
    return asset.model_copy(update={"flood": flood.model_copy(
        update={"curve": curves[asset.kind]})})


def _in_pack_units(asset: Asset, units: dict[str, str]) -> Asset:
    """The asset with attributes written with a unit converted to the pack's unit (checked
    already by the cross-file checks), so the engine only ever sees numbers."""
    if not any(isinstance(v, str) for v in asset.attributes.values()):
        return asset
    converted = {k: to_unit(v, units[k]) for k, v in asset.attributes.items()}
    return asset.model_copy(update={"attributes": converted})


_LINK_HINT = ("replace the link with what it points to (in git: commit the files, not a link "
              "to them)")


def _over_budget(base: Path) -> list[Problem]:
    """Problems when the register is larger than a register can reasonably be.

    Counted from directory entries (``lstat``, links not followed) before anything is parsed,
    so a register of many or dense files is refused in milliseconds, not after minutes.
    """
    count, total = 0, 0
    for folder in (base, *(base / f for f in FOLDERS)):
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    count += 1
                    size = entry.stat(follow_symlinks=False).st_size
                    # a file over the per-file limit is refused on its own, unread
                    if entry.name.lower().endswith(tuple(YAML_SUFFIXES)) and size <= MAX_BYTES:
                        total += size
        except OSError:
            continue  # reported when the folder is listed
    problems = []
    if count > REGISTER_FILES.value():
        problems.append(Problem(_shown(base), None, None, "",
                                REGISTER_FILES.refusal(count, "the register"),
                                "check that the folder is a register, not a data folder"))
    if total > REGISTER_BYTES.value():
        problems.append(Problem(_shown(base), None, None, "",
                                REGISTER_BYTES.refusal(total, "the register's YAML"),
                                "check that no data file was saved in the register"))
    return problems


def _listing(directory: Path, problems: list[Problem]) -> list[Path]:
    """The entries of ``directory``, or none and a problem when it cannot be read."""
    try:
        return sorted(directory.iterdir())
    except OSError as exc:
        problems.append(Problem(_shown(directory), None, None, "",
                                f"cannot list folder: {exc.strerror or exc}",
                                "check that the folder exists and that you may read it"))
        return []


def _shown(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _layout_hint() -> str:
    return (
        "a register directory holds register.yaml, metrics.yaml, targets.yaml, optional "
        "parameters.yaml, measures.yaml, sensitivity.yaml and comparatives.yaml, and folders assets/ and items/ "
        "with one YAML file each"
    )


def _missing_hint(base: Path, name: str) -> str:
    others = [p.name for p in _listing(base, []) if p.is_file()]
    close = difflib.get_close_matches(name, others, n=1, cutoff=0.7)
    if close:
        return f"rename {close[0]} to {name}"
    return f"create {name}; " + _layout_hint()


def _unexpected_hint(name: str) -> str:
    choices = [*SINGLE_FILES, "assets", "items"]
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.7)
    if close and close[0] in SINGLE_FILES:
        return f"did you mean {close[0]}? Otherwise move it out of the register"
    if close:
        return f"{close[0]}/ is a folder: put one YAML file per entry there"
    return "move it out of the register; " + _layout_hint()
