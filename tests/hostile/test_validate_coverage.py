"""``climrisk validate`` says, per site, which scenario variables the data cannot give it.

A site outside every grid is not an error (its pairs are "not assessed" and the rest of the
register scores), but validation must say so before a build, naming the site and each
variable, so that nobody learns it from a table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.hostile.conftest import run


def test_site_outside_the_grid_is_listed_with_its_variables(
        register_copy: Callable[..., Path]) -> None:
    root = register_copy()
    asset = root / "assets" / "dc-north.yaml"
    asset.write_text(asset.read_text("utf-8").replace("lat: 39.9", "lat: -45.0"), "utf-8")
    outcome = run("validate", str(root))
    assert outcome.code == 0, outcome.text
    lines = [line for line in outcome.err.splitlines() if "dc-north" in line]
    assert lines and all(line.startswith("warning: ") for line in lines), outcome.err
    assert "tas_change" in lines[0] and "sea_level_change" in lines[0]
    assert "dc-south" not in outcome.err  # the site inside the grid is covered


def test_register_inside_the_grid_is_warned_only_of_inland_sea_level(
        register_copy: Callable[..., Path]) -> None:
    """Beijing (dc-north) is inland: sea level holds no value there, by its coverage mask;
    everything else covers both sites."""
    outcome = run("validate", str(register_copy()))
    assert outcome.code == 0, outcome.text
    warned = [ln for ln in outcome.err.splitlines() if ln.startswith("warning: site")]
    assert warned == ["warning: site dc-north: not covered by sea_level_change "
                      "(no value at the site)"], outcome.err


def test_a_scenario_the_data_lacks_is_refused_before_a_build(
        register_copy: Callable[..., Path]) -> None:
    root = register_copy()
    main = root / "register.yaml"
    main.write_text(main.read_text("utf-8").replace("- id: ssp245", "- id: ngfs-low-demand", 1),
                    "utf-8")
    outcome = run("validate", str(root))
    assert outcome.code == 1, outcome.text
    assert "Traceback" not in outcome.text
    line = next(ln for ln in outcome.err.splitlines() if ln.startswith("error: "))
    assert "scenario_analysis.scenarios: ngfs-low-demand not in the scenario data" in line
    assert "ssp245" in line  # what the data has
    assert "hint: import data for them into the set" in outcome.err
