"""The set a register names: the app reads it as the build does, and an upload stays inside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from climrisk import appdata
from climrisk.errors import UserError
from climrisk.grids.sets import ScenarioSetError, compose
from climrisk.register import default_register_dir

SET = """\
schema_version: 1
name: uploaded
sources:
  - default: bundled
  - grid: {grid}
"""


def _uploaded(tmp_path: Path, named: str) -> appdata.Source:
    reg = tmp_path / "upload" / "register"
    shutil.copytree(default_register_dir(), reg)
    (reg / "scenario-set.yaml").unlink()
    text = (reg / "register.yaml").read_text(encoding="utf-8")
    (reg / "register.yaml").write_text(
        text.replace("scenario_set: scenario-set.yaml", f"scenario_set: {named}"),
        encoding="utf-8")
    return appdata.Source(str(reg), None, "uploaded reg.zip", "bundled default")


def test_the_app_reads_the_set_the_register_names() -> None:
    source = appdata.initial_source([])
    assert appdata.scenario_path(source) == str(default_register_dir() / "scenario-set.yaml")
    assert appdata.source_scenarios(source).composed is not None


def test_a_grid_option_wins_over_the_registers_set() -> None:
    source = appdata.initial_source(["--grid", "some.nc"])
    assert appdata.scenario_path(source) == "some.nc"


def test_an_upload_may_not_name_a_set_outside_its_folder(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(SET.format(grid="x.nc"), encoding="utf-8")
    source = _uploaded(tmp_path, "../../elsewhere.yaml")
    with pytest.raises(UserError, match="outside the uploaded register"):
        appdata.scenario_path(source)


def test_an_uploaded_set_may_not_read_grids_outside_the_register(tmp_path: Path) -> None:
    grid = tmp_path / "server.nc"
    grid.write_bytes(b"not read")
    reg = tmp_path / "reg"
    reg.mkdir()
    (reg / "set.yaml").write_text(SET.format(grid="../server.nc"), encoding="utf-8")
    with pytest.raises(ScenarioSetError, match="outside the register folder"):
        compose(reg / "set.yaml", within=reg)
