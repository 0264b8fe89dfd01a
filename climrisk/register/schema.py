"""JSON Schemas for register files, generated from the pydantic models.

Each YAML file names its schema on its first line, so editors (VS Code with the YAML
extension, JetBrains) complete field names and flag mistakes while the analyst types.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from climrisk.grids.set_file import SetFile
from climrisk.paths import bundled
from climrisk.register.comparatives import ComparativesFile
from climrisk.register.measures import MeasuresFile, SensitivityFile
from climrisk.register.models import (
    Asset,
    Item,
    MetricsFile,
    ParametersFile,
    RegisterFile,
    TargetsFile,
)

SCHEMAS: dict[str, type[BaseModel]] = {
    "register": RegisterFile,
    "asset": Asset,
    "item": Item,
    "metrics": MetricsFile,
    "targets": TargetsFile,
    "parameters": ParametersFile,
    "scenario-set": SetFile,
    "measures": MeasuresFile,
    "sensitivity": SensitivityFile,
    "comparatives": ComparativesFile,
}
"""Schema name → model; the file is ``schema/<name>.schema.json``."""

BASE_URL = "https://climrisk.dev/schema"


def schema_json(name: str) -> str:
    """The JSON Schema text for one file kind, stable byte for byte."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_URL}/{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def schema_dir() -> Path:
    """Folder of the committed schemas."""
    return bundled("schema")


def write_schemas(folder: Path | None = None) -> list[Path]:
    """Write every schema file; returns the paths written."""
    out = folder or schema_dir()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = out / f"{name}.schema.json"
        path.write_text(schema_json(name), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path | None = None) -> list[Path]:
    """Committed schema files that differ from what the models generate now."""
    out = folder or schema_dir()
    return [
        out / f"{name}.schema.json"
        for name in SCHEMAS
        if not (out / f"{name}.schema.json").is_file()
        or (out / f"{name}.schema.json").read_text(encoding="utf-8") != schema_json(name)
    ]
