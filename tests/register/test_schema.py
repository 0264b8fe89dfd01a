"""The committed JSON Schemas match the models, and the minimal register satisfies them.

Editors use ``schema/<kind>.schema.json`` (named on each register file's first line) to
complete and check fields while an analyst types, so a schema that lags the models misleads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from climrisk.register.schema import SCHEMAS, schema_dir, schema_json, stale_schemas, write_schemas

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "data" / "registers" / "minimal"
KIND = {"register.yaml": "register", "metrics.yaml": "metrics", "targets.yaml": "targets",
        "parameters.yaml": "parameters", "assets": "asset", "items": "item"}
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def register_files(root: Path) -> list[tuple[Path, str]]:
    """Every YAML file of a register with the schema kind it must name."""
    out = []
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root)
        out.append((path, KIND[rel.parts[0]]))
    return out


def as_json(value: Any) -> Any:
    """YAML data as JSON sees it: dates as ISO text, keys as text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load(path: Path) -> Any:
    return as_json(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def test_schemas_are_not_stale(tmp_path: Path) -> None:
    stale = stale_schemas()
    assert not stale, (
        "stale, run `climrisk schema --write`: " + ", ".join(p.name for p in stale)
    )
    written = write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in schema_dir().glob("*.json"))
    for path in written:
        committed = (schema_dir() / path.name).read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") == committed, (
            f"{path.name} is stale, run `climrisk schema --write`"
        )


def test_schemas_are_stable_json() -> None:
    for name in SCHEMAS:
        text = schema_json(name)
        assert text == schema_json(name)
        schema = json.loads(text)
        assert schema["$id"].endswith(f"/{name}.schema.json")


@pytest.mark.parametrize(
    ("path", "kind"), register_files(MINIMAL),
    ids=[p.relative_to(MINIMAL).as_posix() for p, _ in register_files(MINIMAL)],
)
def test_minimal_file_names_its_schema(path: Path, kind: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path.name}: first line must be '# yaml-language-server: $schema=...'"
    target = (path.parent / match.group(1)).resolve()
    assert target == (schema_dir() / f"{kind}.schema.json").resolve(), target


@pytest.mark.parametrize(
    ("path", "kind"), register_files(MINIMAL),
    ids=[p.relative_to(MINIMAL).as_posix() for p, _ in register_files(MINIMAL)],
)
def test_minimal_file_satisfies_its_schema(path: Path, kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(load(path))]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("assets/dc-north.yaml", "ownership: owned", "ownership: own"),
        ("assets/dc-south.yaml", "lessor:", "lesor:"),
        ("assets/dc-south.yaml", "  city: Shenzhen\n", ""),
        ("assets/dc-north.yaml", "revenue_dependency: 0.2", "revenue_dependency: 20"),
        ("items/TR-01.yaml", "last_reviewed: 2024-12-01", "last_reviewed: [2024]"),
    ],
    ids=["enum", "unknown-field", "missing-field", "share-above-1", "wrong-type"],
)
def test_schema_flags_what_an_editor_should(rel: str, old: str, new: str) -> None:
    """The mistakes an editor can catch while typing are in the schema, not only the loader."""
    jsonschema = pytest.importorskip("jsonschema")
    kind = KIND[rel.split("/")[0]]
    schema = json.loads((schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))
    text = (MINIMAL / rel).read_text(encoding="utf-8")
    assert text.count(old) == 1
    data = as_json(YAML(typ="safe", pure=True).load(text.replace(old, new)))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


def test_schema_offers_core_and_pack_words_for_open_vocabularies() -> None:
    """An asset kind is open (a register may declare one), so the schema suggests the core and
    pack kinds for autocompletion and accepts any well-formed word."""
    schema = json.loads((schema_dir() / "asset.schema.json").read_text(encoding="utf-8"))
    kind = schema["properties"]["kind"]["anyOf"]
    assert {"office", "self-built-data-center"} <= set(kind[0]["enum"])
    assert kind[1]["pattern"]
