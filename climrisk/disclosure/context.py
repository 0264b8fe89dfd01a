"""Everything a table is built from: the register, the results and the scenario grid."""

from __future__ import annotations

from dataclasses import dataclass

import xarray as xr

from climrisk.disclosure.effects import Effects
from climrisk.disclosure.evidence import EvidenceBook
from climrisk.disclosure.labels import Words, join, label, term, words
from climrisk.register.models import Item, Register


@dataclass(frozen=True)
class Context:
    """Inputs of one disclosure build."""

    register: Register
    effects: Effects
    grid: xr.Dataset
    book: EvidenceBook

    def horizon_name(self, horizon_id: str) -> Words:
        """The register's name of a horizon."""
        for h in self.register.horizons:
            if h.id == horizon_id:
                return words(h.name)
        raise KeyError(horizon_id)

    def item_horizons(self, item: Item) -> list[str]:
        """The item's horizons in the register's short-to-long order."""
        return [h.id for h in self.register.horizons if h.id in item.horizons]

    def scenario_label(self, scenario_id: str) -> Words:
        """The grid's label of a scenario, e.g. SSP2-4.5."""
        coord = self.grid["scenario_label"] if "scenario_label" in self.grid.coords else None
        if coord is not None and scenario_id in self.grid["scenario"].values:
            text = str(coord.sel(scenario=scenario_id).item())
            return Words(text, text)
        return Words(scenario_id, scenario_id)


def category_words(register: Register, item: Item) -> Words:
    """``Physical risk – Acute`` style category of an item."""
    return label("fmt.category").format(
        kind=label(f"kind.{item.category.kind}"),
        category=term(register, "item_categories", item.category, "category"),
    )


def listed(keys: list[str], prefix: str) -> Words:
    """Catalogue labels ``prefix.key`` joined as a list."""
    return join([label(f"{prefix}.{k}") for k in keys])
