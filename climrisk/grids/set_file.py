"""The scenario-set file: its pydantic model (and so its JSON Schema) and its reader.

Kept apart from the composition (``climrisk.grids.sets``) so that writing the JSON Schema
and validating a set need neither numpy nor xarray.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from climrisk.errors import Problem, UserError

SCHEMA_VERSION = 1


class ScenarioSetError(UserError):
    """A scenario-set file is unreadable or names sources that do not fit together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SourceEntry(BaseModel):
    """One source of a set: the bundled default or a grid file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: Literal["bundled"] | None = Field(
        None, description="Use the bundled default grid (scenarios/default.nc).")
    grid: str | None = Field(
        None, description="Path of a climrisk grid file (.nc), relative to the set file.")
    variables: list[str] | None = Field(
        None, description="Only these variables of the source (default: all it holds).")
    scenarios: list[str] | None = Field(
        None, description="Only these scenarios of the source (default: all it holds).")
    ensemble: str | None = Field(
        None, pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Sources sharing this name are models of one experiment; their values "
        "become the ensemble's 5/50/95 % quantiles.")
    note: str | None = Field(None, description="Why this source is in the set.")

    @model_validator(mode="after")
    def _one_kind(self) -> SourceEntry:
        if (self.default is None) == (self.grid is None):
            raise ValueError("give exactly one of 'default: bundled' or 'grid: <file>'")
        return self


class SetFile(BaseModel):
    """A scenario-set file (``scenarios/sets/<name>.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = Field(description="Version of the set file format.")
    name: str = Field(min_length=1, description="Name of the set, printed with results.")
    description: str = Field("", description="What the set is for.")
    sources: list[SourceEntry] = Field(
        min_length=1, description="Sources from the bottom (lowest precedence) up.")


def read_set(path: Path | str) -> tuple[SetFile, Path]:
    """Parse and validate a set file; every problem as ``file:line:col: field: message``."""
    from climrisk.register.yamlsource import read_yaml, validation_problems

    source = Path(path)
    doc = read_yaml(source, str(source))
    if isinstance(doc, Problem):
        raise ScenarioSetError([doc])
    try:
        spec = SetFile.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioSetError(validation_problems(doc, exc, SetFile)) from None
    problems: list[Problem] = []
    from climrisk.grids.metadata import variables
    from climrisk.grids.scenarios import SCENARIO_IDS

    known = variables()
    for i, entry in enumerate(spec.sources):
        loc: tuple[str | int, ...] = ("sources", i)
        if entry.grid is not None and not (source.parent / entry.grid).is_file():
            problems.append(doc.problem((*loc, "grid"), f"no such grid file {entry.grid!r}",
                                        "give the path relative to the set file, or import "
                                        "the data with `climrisk scenarios import ... --set`"))
        for name in entry.variables or []:
            if name not in known:
                problems.append(doc.problem((*loc, "variables"), f"unknown variable {name!r}",
                                            f"use one of {', '.join(sorted(known))}"))
        for sid in entry.scenarios or []:
            if sid not in SCENARIO_IDS:
                problems.append(doc.problem((*loc, "scenarios"), f"unknown scenario {sid!r}",
                                            f"use one of {', '.join(SCENARIO_IDS)}"))
    groups: dict[str, int] = {}
    for entry in spec.sources:
        if entry.ensemble:
            groups[entry.ensemble] = groups.get(entry.ensemble, 0) + 1
    for name, count in groups.items():
        if count < 2:
            i = next(k for k, e in enumerate(spec.sources) if e.ensemble == name)
            problems.append(doc.problem(("sources", i, "ensemble"),
                                        f"ensemble {name!r} has one member",
                                        "an ensemble needs two or more models; drop the "
                                        "'ensemble' key for a single model"))
    if problems:
        raise ScenarioSetError(problems)
    return spec, source.parent




NEW_SET = """\
# yaml-language-server: $schema={schema}
# Scenario sources from the bottom up: each later source wins where it has values.
schema_version: 1
name: {name}
description: ""
sources:
  - default: bundled
"""


def add_source(set_file: Path, grid: Path, variables: list[str], scenarios: list[str],
               ensemble: str | None = None) -> None:
    """Append ``grid`` as the top source of ``set_file`` (kept comments and order).

    A missing set file is created over the bundled default. The new entry names the
    variables and scenarios the grid holds, so the file says what it changes.
    """
    import os

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    if not set_file.exists():
        set_file.parent.mkdir(parents=True, exist_ok=True)
        schema = Path(os.path.relpath(_schema_path(), set_file.parent.resolve())).as_posix()
        set_file.write_text(NEW_SET.format(schema=schema, name=set_file.stem), encoding="utf-8")
    read_set(set_file)  # refuse to edit a set that is not valid as it stands
    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load(set_file.read_text(encoding="utf-8"))
    rel = Path(os.path.relpath(grid.resolve(), set_file.parent.resolve())).as_posix()
    entry = CommentedMap()
    entry["grid"] = rel
    entry["variables"] = variables
    if scenarios:
        entry["scenarios"] = scenarios
    if ensemble:
        entry["ensemble"] = ensemble
    data["sources"].append(entry)
    tmp = set_file.with_suffix(set_file.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    try:
        read_set(tmp)
    except ScenarioSetError:
        tmp.unlink()
        raise
    os.replace(tmp, set_file)


def _schema_path() -> Path:
    from climrisk.paths import bundled

    return bundled("schema") / "scenario-set.schema.json"
