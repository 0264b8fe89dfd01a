"""Starter registers: ``climrisk init DIR --industry … --name …``.

The starter is a complete, valid register with one site, one risk and one target, commented
where the analyst has to put the company's own facts; the industry picks the packs whose
models and asset kinds the register can use.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from string import Template

from climrisk.errors import UserError
from climrisk.paths import package_data

FILES = ("register.yaml", "metrics.yaml", "targets.yaml", "parameters.yaml", "assets/site-1.yaml",
         "items/PR-01.yaml")


def industries() -> dict[str, list[str]]:
    """SASB industry code -> ids of the packs that serve it."""
    from climrisk.packs import all_packs

    out: dict[str, list[str]] = {}
    for pack in all_packs().values():
        for code in pack.spec.industries:
            out.setdefault(code, []).append(pack.id)
    return out


def write_starter(directory: Path, industry: str, name: str, currency: str = "HKD",
                  year: int | None = None) -> list[Path]:
    """Write the starter register into ``directory`` (which must be new or empty)."""
    from climrisk.register.schema import schema_dir
    from climrisk.register.terms import currency_hint, iso_currency

    known = industries()
    if industry not in known:
        raise UserError(f"--industry: unknown industry '{industry}'; choose one of "
                        f"{', '.join(sorted(known))} (SASB codes of the bundled packs)")
    if not iso_currency(currency):
        raise UserError(f"--currency: '{currency}' is not an ISO 4217 code; "
                        + currency_hint(currency))
    if not name.strip() or any(ord(ch) < 32 for ch in name):
        raise UserError("--name: give the company's name on one line")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UserError(f"{directory} exists and is not an empty folder; choose a new one")
    year = year or dt.date.today().year - 1
    values = {
        "schema": schema_dir().resolve().as_posix(),
        "dir": directory.as_posix(),
        "industry": industry,
        "packs": json.dumps(known[industry]),
        "name_json": json.dumps(name.strip(), ensure_ascii=False),
        "currency": currency,
        "year": str(year),
        "short_year": str(year + 3),
        "medium_year": str(year + 10),
        "kind": "office",
        "attributes": "",
    }
    written = []
    for rel in FILES:
        text = Template(package_data(f"starter/{rel}").read_text(encoding="utf-8"))
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.substitute(values), encoding="utf-8")
        written.append(path)
    return written
