"""``parameters.yaml`` overrides outside what the parameter can physically be: refused where
they are; legal values outside the published range: a located warning in the build log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import run

HEADER = "schema_version: 1\nparameters:\n"


def entry(name: str, value: str, low: str | None = None, high: str | None = None,
          unit: str = "share") -> str:
    lines = [f"  {name}:", f"    value: {value}"]
    lines += [f"    low: {low}"] if low is not None else []
    lines += [f"    high: {high}"] if high is not None else []
    lines += [f"    unit: {unit}", "    source: test", "    status: estimate"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (entry("carbon_pass_through", "-0.5", "-1.0", "0"), 4,
         "parameters.carbon_pass_through.value: carbon_pass_through cannot be negative "
         "(found -0.5)"),
        (entry("carbon_pass_through", "1.5", "1.0", "2.0"), 4,
         "parameters.carbon_pass_through.value: carbon_pass_through is a share and cannot "
         "exceed 1 (found 1.5)"),
        (entry("carbon_pass_through", "0.5", "-0.2", "0.9"), 5,
         "parameters.carbon_pass_through.low: carbon_pass_through cannot be negative"),
        (entry("carbon_pass_through", "0.5", "0.2", "3"), 6,
         "parameters.carbon_pass_through.high: carbon_pass_through is a share and cannot "
         "exceed 1 (found 3)"),
        (entry("carbon_pass_through", ".nan"), None, "parameters.carbon_pass_through.value"),
        (entry("carbon_pass_through", "0.5", "0.6", "0.9"), None, "need low <= value <= high"),
    ],
)
def test_impossible_override_is_refused(register_copy: Callable[..., Path], body: str,
                                        line: int | None, message: str) -> None:
    root = register_copy()
    (root / "parameters.yaml").write_text(HEADER + body, "utf-8")
    outcome = run("validate", str(root))
    assert outcome.code == 1, outcome.text
    assert message in outcome.err
    if line is not None:
        assert f"parameters.yaml:{line}:" in outcome.err


def test_override_outside_the_published_range_is_a_warning(
    register_copy: Callable[..., Path],
) -> None:
    root = register_copy()
    (root / "parameters.yaml").write_text(HEADER + entry("carbon_pass_through", "0.1", "0.05",
                                                         "0.15"), "utf-8")
    outcome = run("validate", str(root))
    assert outcome.code == 0, outcome.text
    assert "warning: " in outcome.err
    assert "parameters.yaml:4:5: parameters.carbon_pass_through.value: carbon_pass_through = " \
        "0.1 lies outside the published range 0.2 to 1" in outcome.err
