"""Each site's water-stress category from WRI Aqueduct 4.0's province and country rankings.

Water stress is a property of a basin, not a grid variable a climate model gives, so it comes
from a published reference table: WRI's rankings of baseline water stress (``bws``, weighted by
total water demand) aggregated to provinces (GADM level 1) and countries (level 0), and their
projections for 2030, 2050 and 2080 under three futures. A site takes its province's row where
the table has one, else its country's; the register's own value (``hazards.water_stress``, site
data) wins over both. A site the table does not cover is "not assessed", never a default.

The tables keep WRI's own columns, so WRI's full download exported sheet by sheet to CSV reads
the same way as the bundled extract (``climrisk/data/aqueduct/README.md``).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from climrisk.errors import Problem, RegisterError
from climrisk.grids.scenarios import SCENARIOS
from climrisk.paths import package_data

VARIABLE = "water_stress"
"""The site variable the water-stress model reads (Aqueduct category 0-4)."""
INDICATOR, WEIGHT = "bws", "Tot"
PERIODS = (2030, 2050, 2080)
"""Aqueduct 4.0's projection periods, centred on these years (2015-2045, 2035-2065, 2065-2095)."""
FUTURES = {
    "opt": "optimistic (SSP1-2.6)",
    "bau": "business as usual (SSP3-7.0)",
    "pes": "pessimistic (SSP5-8.5)",
}
FUTURE_OF_SSP = {"ssp126": "opt", "ssp245": "bau", "ssp370": "bau", "ssp585": "pes"}
"""Which Aqueduct future stands for each SSP. SSP1-2.6, SSP3-7.0 and SSP5-8.5 are Aqueduct's
own; SSP2-4.5 has none and takes business as usual, the nearer in emissions to 2050 and the
higher-stress neighbour (a prudent choice). NGFS scenarios take their physical analogue's."""
MAPPING_RULE = (
    "register scenarios map to Aqueduct 4.0 futures by their SSP (NGFS scenarios by their "
    "physical analogue): SSP1-2.6 -> optimistic, SSP2-4.5 and SSP3-7.0 -> business as usual "
    "(SSP3-7.0; SSP2-4.5 has no Aqueduct future), SSP5-8.5 -> pessimistic; a scenario with "
    "no SSP takes no projection"
)
NO_DATA, ARID = -9999, -1
"""Aqueduct's category codes for no data and for 'arid and low water use' (no stress class)."""
TABLE_DIR = "aqueduct"
PROVINCE_FILE, COUNTRY_FILE = "province_future_bws.csv", "country_baseline_bws.csv"
SOURCE = "WRI Aqueduct 4.0 country and province rankings (Kuzma et al. 2023), CC BY 4.0"
METADATA = {
    "long_name": "WRI Aqueduct baseline water-stress category (0 low ... 4 extremely high)",
    "units": "1",
    "climrisk_status": "published",
    "climrisk_source": f"{SOURCE}; province projections for 2030/2050/2080 (2030 held "
    f"before 2030, linear between), else the country baseline held; {MAPPING_RULE}",
}


def future_of(scenario: str) -> str | None:
    """The Aqueduct future code for a register scenario (``None`` if it has no SSP)."""
    if scenario in FUTURE_OF_SSP:
        return FUTURE_OF_SSP[scenario]
    for s in SCENARIOS:
        if s.id == scenario:
            return FUTURE_OF_SSP.get(s.physical_analogue)
    return None


@dataclass(frozen=True)
class Place:
    """One province's projections or one country's baseline category."""

    name: str
    code: str
    baseline: float | None = None
    future: dict[str, dict[int, float]] = field(default_factory=dict)

    def path(self, scenario: str) -> tuple[dict[int, float] | None, str]:
        """Category by year for ``scenario`` (``None`` where the place has none), and how it
        was chosen, for the citation."""
        if self.future:
            code = future_of(scenario)
            if code is None or code not in self.future:
                return None, f"no Aqueduct future for scenario '{scenario}'"
            return dict(self.future[code]), f"{FUTURES[code]} projection"
        if self.baseline is None:
            return None, "no category"
        return {PERIODS[0]: self.baseline}, "baseline held (no projection in the table)"


@dataclass(frozen=True)
class AqueductTable:
    """Provinces keyed by (ISO3, folded name) and countries by ISO3."""

    provinces: dict[tuple[str, str], Place]
    countries: dict[str, Place]
    label: str = SOURCE

    @classmethod
    def bundled(cls) -> AqueductTable:
        d = package_data(TABLE_DIR)
        return cls.read(d / PROVINCE_FILE, d / COUNTRY_FILE)

    @classmethod
    def read(cls, province_csv: Path | None, country_csv: Path | None) -> AqueductTable:
        """Parse WRI's ``province_future`` and ``country_baseline`` sheets (CSV); every bad row
        is reported at once as ``file:line: column: message``."""
        problems: list[Problem] = []
        provinces: dict[tuple[str, str], Place] = {}
        countries: dict[str, Place] = {}
        if province_csv is not None:
            fut: dict[tuple[str, str], dict[str, dict[int, float]]] = {}
            names: dict[tuple[str, str], tuple[str, str]] = {}
            for line, row in _rows(province_csv, ("gid_0", "gid_1", "name_1", "year", "scenario",
                                                  "indicator_name", "weight", "cat"), problems):
                if not _selected(row):
                    continue
                year = _int(row, "year", province_csv, line, problems, PERIODS)
                scen = _choice(row, "scenario", province_csv, line, problems, tuple(FUTURES))
                cat = _category(row, province_csv, line, problems)
                if year is None or scen is None or cat is None:
                    continue
                key = (row["gid_0"].strip().upper(), fold(row["name_1"]))
                names[key] = (row["name_1"].strip(), row["gid_1"].strip())
                if not math.isnan(cat):
                    fut.setdefault(key, {}).setdefault(scen, {})[year] = cat
            provinces = {k: Place(*names[k], future=v) for k, v in fut.items()}
        if country_csv is not None:
            for line, row in _rows(country_csv, ("gid_0", "name_0", "indicator_name", "weight",
                                                 "cat"), problems):
                if not _selected(row):
                    continue
                cat = _category(row, country_csv, line, problems)
                if cat is not None and not math.isnan(cat):
                    iso3 = row["gid_0"].strip().upper()
                    countries[iso3] = Place(row["name_0"].strip(), iso3, baseline=cat)
        if problems:
            raise RegisterError(problems)
        return cls(provinces, countries)

    def place(self, country: str | None, province: str) -> tuple[Place | None, str]:
        """The table's place for a site, and at which level it matched ("" if none)."""
        iso3 = _iso3(country)
        key = fold(province)
        if iso3 is not None:
            if (iso3, key) in self.provinces:
                return self.provinces[(iso3, key)], "province"
            longer = [p for (c, k), p in self.provinces.items() if c == iso3 and key
                      and k.startswith(key)]
            if len(longer) == 1:  # "Ningxia" for GADM's "Ningxia Hui"
                return longer[0], "province"
            if iso3 in self.countries:
                return self.countries[iso3], "country"
            return None, ""
        named = [p for (_, k), p in self.provinces.items() if k == key]
        if len(named) == 1:  # no country given: a province name the table holds once
            return named[0], "province (matched by name; no location.country)"
        return None, ""


def fold(name: str) -> str:
    """A province name compared loosely: case, spaces, hyphens and the word 'province' aside."""
    text = "".join(ch for ch in name.casefold() if ch.isalnum())
    for suffix in ("province", "municipality"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    return text


def _iso3(alpha2: str | None) -> str | None:
    if not alpha2:
        return None
    found = pycountry.countries.get(alpha_2=alpha2.upper())
    return found.alpha_3 if found is not None else None


def _rows(path: Path, need: tuple[str, ...], problems: list[Problem]):
    """(line, row) of a CSV with the columns ``need``; a missing file or column is a problem."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in need if c not in (reader.fieldnames or [])]
            if missing:
                problems.append(Problem(str(path), 1, None, ", ".join(missing),
                                        "column missing", "export WRI's sheet with its header "
                                        "row (gid_0, name_0, indicator_name, weight, cat, ...)"))
                return
            start = reader.line_num + 1  # a quoted field may span lines: cite where it starts
            for row in reader:
                yield start, {k: v or "" for k, v in row.items() if k is not None}
                start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem(str(path), None, None, "", f"cannot read the table: {exc}",
                                "give a UTF-8 CSV export of WRI's rankings sheet"))


def _selected(row: dict[str, str]) -> bool:
    return row["indicator_name"].strip() == INDICATOR and row["weight"].strip() == WEIGHT


def _category(row: dict[str, str], path: Path, line: int,
              problems: list[Problem]) -> float | None:
    """A category 0-4; NaN for Aqueduct's no-data and arid codes; ``None`` if malformed."""
    try:
        cat = int(float(row["cat"]))
    except ValueError:
        cat = None
    if cat in (NO_DATA, ARID):
        return math.nan
    if cat is None or not 0 <= cat <= 4 or float(row["cat"]) != cat:
        problems.append(Problem(str(path), line, None, "cat",
                                f"{row['cat']!r} is not an Aqueduct category",
                                "use 0-4, -1 (arid and low water use) or -9999 (no data)"))
        return None
    return float(cat)


def _int(row: dict[str, str], col: str, path: Path, line: int, problems: list[Problem],
         allowed: tuple[int, ...]) -> int | None:
    try:
        value = int(row[col])
    except ValueError:
        value = None
    if value not in allowed:
        problems.append(Problem(str(path), line, None, col, f"{row[col]!r} is not one of "
                                f"{', '.join(map(str, allowed))}", None))
        return None
    return value


def _choice(row: dict[str, str], col: str, path: Path, line: int, problems: list[Problem],
            allowed: tuple[str, ...]) -> str | None:
    value = row[col].strip()
    if value not in allowed:
        problems.append(Problem(str(path), line, None, col, f"{row[col]!r} is not one of "
                                f"{', '.join(allowed)}", None))
        return None
    return value
