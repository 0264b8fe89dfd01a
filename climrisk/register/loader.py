"""Read a register directory into a checked ``Register``.

Layout (one small file per thing an analyst edits, so that two analysts editing two risks
never touch the same file, and a pull request's diff shows exactly which item moved)::

    register.yaml          entity, horizons, scales, channels, scenario choice, narrative
    assets/<asset-id>.yaml one site each
    items/<item-id>.yaml   one risk or opportunity each
    metrics.yaml           GHG, energy and water by year
    targets.yaml           climate-related targets
    parameters.yaml        optional overrides of the engine's vulnerability parameters

Every problem of every file is collected and raised once as ``RegisterError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from climrisk.errors import Problem, RegisterError
from climrisk.register.checks import cross_checks
from climrisk.register.models import (
    Asset,
    Item,
    MetricsFile,
    ParametersFile,
    Register,
    RegisterFile,
    TargetsFile,
)
from climrisk.register.yamlsource import YamlDocument, read_yaml, validation_problems

SINGLE_FILES: dict[str, type[BaseModel]] = {
    "register.yaml": RegisterFile,
    "metrics.yaml": MetricsFile,
    "targets.yaml": TargetsFile,
    "parameters.yaml": ParametersFile,
}
OPTIONAL_FILES = {"parameters.yaml"}
FOLDERS: dict[str, type[BaseModel]] = {"assets": Asset, "items": Item}


def default_register_dir() -> Path:
    """The bundled first-user register."""
    from climrisk.paths import bundled

    return bundled("registers") / "kingsoft-cloud"


def load_register(root: str | Path | None = None) -> Register:
    """Load, validate and cross-check the register in ``root`` (default: the bundled one)."""
    base = Path(root) if root is not None else default_register_dir()
    if not base.is_dir():
        raise RegisterError(
            [Problem(str(base), None, None, "", "not a register directory", _layout_hint())]
        )
    problems: list[Problem] = []
    docs: dict[str, YamlDocument] = {}
    models: dict[str, Any] = {}

    def parse(path: Path, model: type[BaseModel]) -> None:
        shown = _shown(path)
        doc = read_yaml(path, shown)
        if isinstance(doc, Problem):
            problems.append(doc)
            return
        docs[shown] = doc
        try:
            models[shown] = model.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(validation_problems(doc, exc))

    for name, model in SINGLE_FILES.items():
        path = base / name
        if path.is_file():
            parse(path, model)
        elif name not in OPTIONAL_FILES:
            problems.append(
                Problem(_shown(path), None, None, "", "required file is missing",
                        _layout_hint())
            )
    for folder, model in FOLDERS.items():
        for path in sorted((base / folder).glob("*")):
            if path.suffix in {".yaml", ".yml"} and path.is_file():
                parse(path, model)
            elif not path.name.startswith("."):
                problems.append(
                    Problem(_shown(path), None, None, "", "not a .yaml file",
                            "registers hold only YAML files; move other files elsewhere")
                )
    for path in sorted(base.glob("*")):
        if path.is_file() and path.name not in SINGLE_FILES and not path.name.startswith("."):
            if path.suffix in {".yaml", ".yml"}:
                problems.append(
                    Problem(_shown(path), None, None, "", "unexpected file in register",
                            _layout_hint())
                )

    if not problems:
        register = _assemble(base, docs, models)
        problems.extend(cross_checks(register, docs))
        if not problems:
            return register
    raise RegisterError(problems)


def _assemble(base: Path, docs: dict[str, YamlDocument], models: dict[str, Any]) -> Register:
    def of(kind: type[BaseModel]) -> list[tuple[str, Any]]:
        return [(p, m) for p, m in models.items() if isinstance(m, kind)]

    single = {name: next((m for p, m in of(t) if p == name), None)
              for name, t in SINGLE_FILES.items()}
    files = {f"asset:{m.id}": p for p, m in of(Asset)}
    files |= {f"item:{m.id}": p for p, m in of(Item)}
    return Register(
        root=str(base),
        main=single["register.yaml"],
        assets=[m for _, m in of(Asset)],
        items=[m for _, m in of(Item)],
        metrics=single["metrics.yaml"],
        targets=single["targets.yaml"],
        parameters=single["parameters.yaml"] or ParametersFile(schema_version=1),
        files=files,
    )


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _layout_hint() -> str:
    return (
        "a register directory holds register.yaml, metrics.yaml, targets.yaml, "
        "optional parameters.yaml, and folders assets/ and items/ with one YAML file each"
    )
