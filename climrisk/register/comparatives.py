"""``comparatives.yaml``: where the prior period's register is, and the restatement log.

The register is kept in git, so the prior period is the register as committed for it (a tag
or commit) and what was published for it is the ``numbers.json`` committed with it. The build
recomputes the prior period's figures from that revision with the current engine, scenario
data, samples and seed, and compares them with the published ones; every figure that differs
needs an entry of the restatement log saying why (IFRS S1 ¶B50: the revised comparative, the
difference and the reason).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from climrisk.register.models import Id, Strict, Text

Revision = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$",
        description="A git tag, branch or commit id (letters, digits, '.', '_', '/', '-').",
    ),
]
FigureSelector = Annotated[
    str,
    Field(
        pattern=r"^(\*|[a-z][a-z0-9-]{0,15})(/[A-Za-z0-9*][A-Za-z0-9_.*-]{0,63}){0,4}$",
        description="Which figures: an evidence id or its leading part, '/'-separated, '*' for "
        "any one part: 'e-4a/PR-01' (PR-01 in e-4a), '*/PR-01' (PR-01 in every table), "
        "'e-2' (the whole table), '*' (every figure).",
    ),
]


def _inside(path: str) -> str:
    parts = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\")) or ".." in parts or ":" in path or not all(parts):
        raise ValueError("must be a path inside the repository, relative to its top, "
                         "without '..' (e.g. registers/acme)")
    return path


RepositoryPath = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_inside)]
"""A path inside the git repository, relative to its top."""


class PublishedFigures(Strict):
    """The prior period's figures as published: a ``numbers.json`` committed in git."""

    revision: Revision | None = Field(
        None, description="Revision holding the published file (default: the prior period's)."
    )
    path: RepositoryPath | None = Field(
        None, description="The file, relative to the repository's top (default: "
        "disclosures/<register folder>/numbers.json).",
    )


class PriorPeriod(Strict):
    """The register as it stood for the prior reporting period."""

    revision: Revision = Field(description="Tag or commit of the prior period's register, "
                               "e.g. 'fy2023' (tag it when the disclosure is filed).")
    folder: RepositoryPath | None = Field(
        None, description="The register's folder at that revision, relative to the "
        "repository's top (default: where this register is now).",
    )
    published: PublishedFigures | None = Field(
        None, description="Where the published figures are (default: the disclosure committed "
        "at the same revision); absent from git, comparatives are recomputed only, and the "
        "disclosure says so.",
    )


class Restatement(Strict):
    """One entry of the restatement log: which prior figures changed, and why."""

    id: Id = Field(description="Entry id, e.g. R-1.")
    figures: list[FigureSelector] = Field(min_length=1, description="The figures it explains.")
    reason: Text = Field(description="What changed and why, in both languages.")
    on: dt.date = Field(description="When the restatement was decided.")
    by: str = Field(min_length=2, max_length=200, description="Who decided it.")
    role: str | None = Field(None, min_length=2, max_length=200, description="Their role.")


class ComparativesFile(Strict):
    """``comparatives.yaml``: the prior period and the restatements of its figures."""

    schema_version: Literal[1]
    prior: PriorPeriod
    restatements: list[Restatement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> ComparativesFile:
        seen: set[str] = set()
        for r in self.restatements:
            if r.id in seen:
                raise ValueError(f"restatement id {r.id} is used twice; give each entry its own")
            seen.add(r.id)
        return self


def matches(selector: str, figure: str) -> bool:
    """Whether a figure's evidence id (``e-4a/PR-01/short/ssp126``) falls under ``selector``."""
    want, have = selector.split("/"), figure.split("/")
    return len(want) <= len(have) and all(w in ("*", h) for w, h in zip(want, have, strict=False))
