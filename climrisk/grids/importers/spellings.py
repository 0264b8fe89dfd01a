"""Scenario names and price units as the NGFS and IIASA explorers export them.

The same scenario reaches users under many spellings. The IIASA database names it
"Below 2°C"; its bulk CSV export writes "Below 2?C" (the degree sign replaced by ASCII);
a UTF-8 file opened as Windows-1252 shows "Below 2Â°C", one opened as Mac Roman shows
"Below 2 ∞C", one opened as Korean EUC-KR shows "Below 2째C", and a lossy decoder leaves
"Below 2�C". Names also arrive with trailing spaces ("Current Policies "), in another case
("Delayed transition") or with an "NGFS" prefix. All of these are one key here, so a name
maps to the same climrisk id however the file travelled.

Units are parsed by a small grammar (currency, currency year, per mass of CO2) with a table
of SI masses, not by pint: pint knows neither "US$2010" nor "CO2e", and it reads "kt" as a
knot. The ambiguous "ton" (a short ton of 907 kg, or a tonne?) is refused.
"""

from __future__ import annotations

import re
import unicodedata

DEGREE = r"(?:°|º|˚|∞|째|�|\?|\s*deg(?:rees?)?\.?)"
"""The degree sign and what encodings and keyboards turn it into (see the module text)."""
_CELSIUS = re.compile(rf"(\d)\s*{DEGREE}?\s*C\b", re.IGNORECASE)
_MOJIBAKE = re.compile("[ÂÃâ][\u0080-\u00bf\u2018-\u203a\u20ac]?")
_PREFIX = re.compile(r"^ngfs\s*(?:phase\s*)?[ivx\d]*(?:\s*[-_:]\s*|\s+)", re.IGNORECASE)

SCENARIO_IDS = {
    "net zero 2050": "ngfs-nz2050",
    "below 2c": "ngfs-b2c",
    "delayed transition": "ngfs-dt",
    "ndcs": "ngfs-ndc",
    "ndc": "ngfs-ndc",
    "nationally determined contributions (ndcs)": "ngfs-ndc",
    "nationally determined contributions": "ngfs-ndc",
    "current policies": "ngfs-cp",
    "fragmented world": "ngfs-fw",
}
"""NGFS Phase 3-5 scenario names (by their key) that have a climrisk scenario id. Other
names ("Low demand", "Divergent Net Zero", Phase 1's "Immediate 2C with CDR (Orderly,
Rep)") keep their own id, ``ngfs-<key as a slug>``."""


def repaired(text: str) -> str:
    """``text`` with UTF-8 that was decoded as Windows-1252 or Latin-1 decoded again (up
    to three times: a file saved twice through the wrong encoding shows "Ã‚Â°")."""
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            return text
        for codec in ("cp1252", "latin-1"):
            try:
                text = text.encode(codec).decode("utf-8")
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        else:
            return text
    return text


def display_name(name: str) -> str:
    """A scenario name as its publisher writes it: mojibake repaired, "2°C" for any
    spelling of two degrees Celsius, single spaces."""
    text = repaired(unicodedata.normalize("NFC", name))
    return " ".join(_CELSIUS.sub("\\1°C", text).split())


def scenario_key(name: str) -> str:
    """One spelling for every exported spelling of a scenario name (lower case, ``2c``)."""
    text = repaired(unicodedata.normalize("NFC", name))
    text = _CELSIUS.sub(r"\1C", text)
    text = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
    return _PREFIX.sub("", text)


def scenario_id(name: str) -> str:
    """The climrisk id of an NGFS scenario name (other names become ``ngfs-<slug>``)."""
    key = scenario_key(name)
    if key in SCENARIO_IDS:
        return SCENARIO_IDS[key]
    return "ngfs-" + re.sub(r"[^a-z0-9]+", "-", key.replace(".", "p")).strip("-")


_CURRENCY = r"(?:US\s*\$|USD|US\s*dollars?)"
_PRICE_UNIT = re.compile(
    rf"^(?:{_CURRENCY}[\s_]*(?P<year>\d{{4}})|(?P<year2>\d{{4}})[\s_]*{_CURRENCY})\s*"
    r"(?:/|\bper\b)\s*(?P<mass>kg|[kMG]?t|tonnes?|metric[\s_]tons?|tons?)\s*[-_]?\s*"
    r"CO2(?:[-_\s]?(?:e|eq|equiv|equivalent))?$", re.IGNORECASE)


TONNES = {"kg": 1e-3, "t": 1.0, "kt": 1e3, "Mt": 1e6, "Gt": 1e9, "tonne": 1.0,
          "tonnes": 1.0, "metric ton": 1.0, "metric tons": 1.0}
"""SI masses in tonnes (case matters: "Mt" is a megatonne)."""


class UnitSpelling(ValueError):
    """A unit that is not a US-dollar price per mass of CO2, with the reason."""


def price_unit(unit: str) -> tuple[int, float]:
    """The currency year of a carbon-price unit and the factor to US$ per tonne CO2.

    ``US$2010/t CO2``, ``US$2010/tCO2``, ``USD_2010/t CO2``, ``USD 2010 per t CO2e`` and
    ``2010 US$/t CO₂`` are the same unit (factor 1); ``US$2010/kt CO2`` has factor 1/1000.
    """
    text = " ".join(unicodedata.normalize("NFKC", unit).split())
    match = _PRICE_UNIT.match(text)
    if match is None:
        raise UnitSpelling(f"unit {unit!r} is not understood; expected a price per tonne "
                           "CO2 in US dollars of a stated year, e.g. 'US$2010/t CO2'")
    mass = match["mass"]
    if mass.lower() in ("ton", "tons"):
        raise UnitSpelling(f"unit {unit!r}: 'ton' may be a short ton (907 kg) or a tonne; "
                           "write the unit as 'US$<year>/t CO2' if the table means tonnes")
    tonnes = TONNES.get(mass) or TONNES.get(" ".join(mass.lower().replace("_", " ").split()))
    if tonnes is None:
        raise UnitSpelling(f"unit {unit!r}: the mass {mass!r} is ambiguous; write t, kt or Mt "
                           "(case matters: Mt is a megatonne)")
    return int(match["year"] or match["year2"]), 1.0 / tonnes


_ENERGY_PRICE_UNIT = re.compile(
    rf"^(?:{_CURRENCY}[\s_]*(?P<year>\d{{4}})|(?P<year2>\d{{4}})[\s_]*{_CURRENCY})\s*"
    r"(?:/|\bper\b)\s*(?P<energy>[kMGTPE]?J|[kMGT]Wh|MMBtu|mmbtu)$", re.IGNORECASE)

GIGAJOULES = {"kJ": 1e-6, "MJ": 1e-3, "GJ": 1.0, "TJ": 1e3, "PJ": 1e6, "EJ": 1e9,
              "kWh": 3.6e-3, "MWh": 3.6, "GWh": 3.6e3, "TWh": 3.6e6, "MMBtu": 1.055056}
"""Energies in GJ (SI prefixes; 1 MMBtu = 1.055056 GJ)."""


def energy_price_unit(unit: str) -> tuple[int, float]:
    """The currency year of a fuel-price unit and the factor to US$ per GJ.

    ``US$2010/GJ``, ``USD_2010/GJ`` and ``2010 US$ per GJ`` are one unit (factor 1);
    ``US$2010/MWh`` has factor 1/3.6 and ``US$2010/MMBtu`` 1/1.055056. Prefixes are
    case-sensitive (``MJ`` is a megajoule), as in the carbon-price masses.
    """
    text = " ".join(unicodedata.normalize("NFKC", unit).split())
    match = _ENERGY_PRICE_UNIT.match(text)
    energy = match["energy"] if match else ""
    gj = GIGAJOULES.get("MMBtu" if energy.lower() == "mmbtu" else energy)
    if match is None or gj is None:
        raise UnitSpelling(f"unit {unit!r} is not understood; expected a price per unit of "
                           "energy in US dollars of a stated year, e.g. 'US$2010/GJ'")
    return int(match["year"] or match["year2"]), 1.0 / gj
