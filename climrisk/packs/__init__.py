"""Industry packs: the models, parameters, asset attributes, words, what-if knobs and
industry metrics of one industry, each declared once in its own folder.

A pack is a folder ``climrisk/packs/<name>/`` holding ``pack.yaml`` (what the pack adds, with
bilingual labels), an optional ``parameters.yaml`` (its engine parameters, each with a range
and a source) and an optional ``models.py`` (``MODELS``: the ``ModelSpec`` of each model, and
optional hooks). Nothing outside the folder names what is inside it: a register chooses
packs by id under ``packs:`` in ``register.yaml``, and the register checks, the engine, the
disclosure and the app read everything else from here. A new industry is a new folder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from climrisk.register.models import Parameter, ParameterOverride, Strict, Text

if TYPE_CHECKING:
    from climrisk.engine.catalogue import ModelSpec

HERE = Path(__file__).resolve().parent


class AttributeSpec(Strict):
    """An asset attribute a pack reads (``attributes: {name: value}`` in an asset file)."""

    label: Text = Field(description="Name of the attribute in both languages.")
    unit: str = Field(description="Unit of the value ('1' for a ratio).")
    minimum: float | None = Field(None, description="Smallest allowed value.")
    maximum: float | None = Field(None, description="Largest allowed value.")
    default: float | None = Field(
        None, description="Value the models use where an asset gives none; empty = required "
        "for the pack's asset kinds that list it under required_attributes."
    )
    description: str = Field(description="What the attribute is and how it is measured.")


class KnobSpec(Strict):
    """A what-if knob the pack's models read through ``Assumptions.knob``."""

    label: Text = Field(description="Slider label in both languages.")
    help: Text = Field(description="What moving the knob does.")
    minimum: float = Field(description="Smallest slider value.")
    maximum: float = Field(description="Largest slider value.")
    step: float = Field(gt=0, description="Slider step.")
    default: float = Field(description="Base-case value (the committed disclosure's).")


class MetricSpec(Strict):
    """A target metric the pack adds, with its unit and the decimals tables print."""

    label: Text
    unit: str
    decimals: int = Field(2, ge=0, le=6)


class IndustryMetric(Strict):
    """One SASB industry metric: where its value comes from in the register or the results."""

    code: str = Field(description="SASB metric code, e.g. TC-SI-130a.1.")
    label: Text = Field(description="Metric as SASB words it.")
    unit: str = Field(description="Unit.")
    source: str = Field(
        description="Where the value comes from: metrics.ghg.scope1, metrics.energy.total_gj, "
        "metrics.energy.grid_share, metrics.water.withdrawn_thousand_m3, "
        "metrics.additional.<field>, assets.attributes.<attr> (summed), "
        "assets.activity.generation_mwh (summed), narrative.<field> (text)."
    )
    kinds: list[str] = Field(
        default_factory=list, description="Asset kinds an assets.* sum is limited to."
    )


class Industry(Strict):
    """An industry (SASB SICS code) the pack serves, with its industry-based metrics table."""

    name: Text
    standard: str = Field(description="Standard and version, e.g. 'SASB Software & IT Services v2023-12'.")
    metrics: list[IndustryMetric] = Field(default_factory=list)


class PackFile(Strict):
    """``pack.yaml``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Pack id registers name.")
    name: Text
    description: Text
    asset_kinds: dict[str, Text] = Field(default_factory=dict)
    kind_groups: dict[str, list[str]] = Field(
        default_factory=dict, description="Asset selector -> the kinds it picks, e.g. "
        "data-centers: [self-built-data-center, leased-data-center]."
    )
    attributes: dict[str, AttributeSpec] = Field(default_factory=dict)
    required_attributes: dict[str, list[str]] = Field(
        default_factory=dict, description="Asset kind -> attributes its assets must give."
    )
    models: dict[str, Text] = Field(default_factory=dict, description="Model id -> label.")
    target_metrics: dict[str, MetricSpec] = Field(default_factory=dict)
    knobs: dict[str, KnobSpec] = Field(default_factory=dict)
    flood_curves: dict[str, Literal["commercial", "industrial", "residential"]] = Field(
        default_factory=dict,
        description="Asset kind -> the JRC Asia depth-damage curve of its occupancy, for flood "
        "profiles that name no curve (flood damage by occupancy).",
    )
    industries: dict[str, Industry] = Field(
        default_factory=dict, description="SASB industry code -> its industry metrics."
    )
    labels: dict[str, Text] = Field(
        default_factory=dict, description="Extra catalogue entries (key -> text)."
    )


@dataclass(frozen=True, eq=False)
class Pack:
    """One industry pack as loaded from its folder."""

    folder: Path
    spec: PackFile

    @property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def module(self) -> ModuleType | None:
        """The pack's ``models.py``, imported on first use (the engine imports it, not this)."""
        if not (self.folder / "models.py").is_file():
            return None
        return importlib.import_module(f"climrisk.packs.{self.folder.name}.models")

    def model_specs(self) -> dict[str, ModelSpec]:
        """Model id -> ``ModelSpec`` of the pack's models."""
        mod = self.module
        specs: tuple[ModelSpec, ...] = getattr(mod, "MODELS", ()) if mod else ()
        return {s.model: s for s in specs}

    def hook(self, name: str) -> Callable[..., Any] | None:
        """A function the pack's ``models.py`` offers to a core model (``None`` if none)."""
        mod = self.module
        fn = getattr(mod, name, None) if mod else None
        return fn if callable(fn) else None

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        """The pack's engine parameters (``parameters.yaml`` in its folder)."""
        path = self.folder / "parameters.yaml"
        if not path.is_file():
            return {}
        from ruamel.yaml import YAML

        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        return {n: Parameter(**p) for n, p in (data.get("parameters") or {}).items()}

    @cached_property
    def places(self) -> dict[str, list[ParameterOverride]]:
        """Values by place the pack gives to any parameter, its own or a core one (``by:`` in
        its ``parameters.yaml``): a real-estate building's wind vulnerability by occupancy."""
        path = self.folder / "parameters.yaml"
        if not path.is_file():
            return {}
        from ruamel.yaml import YAML

        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        return {n: [ParameterOverride(**o) for o in v] for n, v in (data.get("by") or {}).items()}

    @property
    def parameters_file(self) -> str:
        """The pack's ``parameters.yaml`` as the evidence cites it."""
        return f"climrisk/packs/{self.folder.name}/parameters.yaml"


@cache
def all_packs() -> Mapping[str, Pack]:
    """Every pack folder of the package, by pack id."""
    from ruamel.yaml import YAML

    out: dict[str, Pack] = {}
    for folder in sorted(p for p in HERE.iterdir() if (p / "pack.yaml").is_file()):
        data = YAML(typ="safe").load((folder / "pack.yaml").read_text(encoding="utf-8"))
        spec = PackFile.model_validate(data)
        if spec.id in out:
            raise RuntimeError(f"two pack folders declare pack id {spec.id!r}")
        out[spec.id] = Pack(folder, spec)
    return out


def packs_of(ids: list[str] | tuple[str, ...]) -> list[Pack]:
    """The packs with these ids, in the given order (unknown ids are skipped: the register
    checks report them)."""
    known = all_packs()
    return [known[i] for i in ids if i in known]
