"""The parameter table as evidence: every range includes its cited figure, statuses are earned."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from climrisk.paths import package_data
from climrisk.register.models import Parameter


def _raw() -> dict[str, dict[str, object]]:
    data = YAML(typ="safe").load(package_data("parameters.yaml").read_text(encoding="utf-8"))
    return data["parameters"]


def test_no_range_excludes_its_cited_central_value() -> None:
    bad = []
    for name, spec in _raw().items():
        cited = spec.get("cited")
        if cited is None:
            continue
        low = spec.get("low", spec["value"])
        high = spec.get("high", spec["value"])
        if not low <= cited <= high:
            bad.append(f"{name}: range {low}-{high} excludes cited {cited}")
    assert not bad, "\n".join(bad)


def test_estimate_only_where_no_published_figure_exists() -> None:
    for name, spec in _raw().items():
        if spec["status"] == "estimate":
            assert spec.get("cited") is None, f"{name} cites a figure but says estimate"
        else:
            assert spec.get("cited") is not None, f"{name} is {spec['status']} but cites nothing"


def test_a_range_that_excludes_the_cited_figure_is_refused() -> None:
    # The old PUE sensitivity: 0.005-0.015 while its own source cites ~0.001.
    with pytest.raises(ValidationError, match=r"excludes the cited figure 0\.001"):
        Parameter(
            value=0.01,
            low=0.005,
            high=0.015,
            cited=0.001,
            unit="PUE/degC",
            source="x",
            status="derived",
        )
