"""Cached loaders and shared pieces of the risk committee's app (``app.py``, ``views/``).

This is the one module of the package that knows about Streamlit: the register, the scenario
grid and engine results are expensive to build and identical for every viewer, so they are
held once per process with ``st.cache_resource`` and keyed by what they depend on (register
content hash, grid version, assumptions) rather than by object identity.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import streamlit as st
import xarray as xr

from climrisk.budgets import UPLOAD_BYTES, UPLOAD_ENTRIES
from climrisk.disclosure.labels import catalogue, text
from climrisk.disclosure.pipeline import (
    BUILD_SAMPLES,
    BUILD_SEED,
    ENGINE_ATTRS,
    at_sites,
    default_grid_path,
    grid_info,
    with_prior_period,
)
from climrisk.disclosure.provenance import Provenance, code_version, git_tree_id
from climrisk.engine import Assumptions, Results, run, stored
from climrisk.errors import RegisterError, UserError
from climrisk.escaping import app_text
from climrisk.grids import sample
from climrisk.grids.metadata import variables
from climrisk.grids.sets import (
    SET_SUFFIXES,
    Scenarios,
    data_digest,
    open_scenarios,
    register_set,
)
from climrisk.register import Register, default_register_dir, load_register
from climrisk.register.models import Item, Text

if TYPE_CHECKING:  # the document and its writers load with the disclosure page, not before
    from climrisk.disclosure.document import Document

REGISTER_ENV = "CLIMRISK_REGISTER"
GRID_ENV = "CLIMRISK_GRID"
SET_ENV = "CLIMRISK_SET"

LANGS = {"en": "English", "zh-Hant": "繁體中文"}
"""The language switch's options, each named in its own language."""


@dataclass(frozen=True)
class Source:
    """Where the session's register and grid come from, and how to say so on screen."""

    register_dir: str
    grid_path: str | None
    register_origin: str
    grid_origin: str


def initial_source(argv: Sequence[str] = ()) -> Source:
    """The source chosen by ``--register``/``--set``/``--grid`` options, environment, or the
    bundle.

    Options come after ``--`` on the ``streamlit run`` line and win over the environment; a
    scenario set (``--set`` or ``CLIMRISK_SET``) wins over a single grid file.
    """
    opts = _options(argv)
    register_dir = opts.get("--register") or os.environ.get(REGISTER_ENV)
    grid_path = (opts.get("--set") or opts.get("--grid") or os.environ.get(SET_ENV)
                 or os.environ.get(GRID_ENV))
    origin = next(((o, e) for o, e in (("--set", SET_ENV), ("--grid", GRID_ENV))
                   if o in opts), None) or next(
        ((o, e) for o, e in (("--set", SET_ENV), ("--grid", GRID_ENV)) if os.environ.get(e)),
        ("--grid", GRID_ENV))
    return Source(
        register_dir=register_dir or str(default_register_dir()),
        grid_path=grid_path or None,
        register_origin=_origin("--register", REGISTER_ENV, opts),
        grid_origin=_origin(*origin, opts),
    )


def _options(argv: Sequence[str]) -> dict[str, str]:
    opts: dict[str, str] = {}
    args = list(argv)
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name in ("--register", "--grid", "--set"):
            if eq:
                opts[name] = value
            elif i + 1 < len(args):
                opts[name] = args[i + 1]
    return opts


def _origin(option: str, env: str, opts: dict[str, str]) -> str:
    if option in opts:
        return f"{option} option"
    if os.environ.get(env):
        return f"{env} environment variable"
    return "bundled default"


def origin_text(origin: str, lang: str) -> str:
    """A ``Source`` origin (kept in English for logs and tests) in the app's language."""
    option, _, rest = origin.partition(" ")
    if origin == "bundled default":
        return text("app.origin.bundled", lang)
    if rest == "option":
        return text("app.origin.option", lang, option=option)
    if rest == "environment variable":
        return text("app.origin.env", lang, env=option)
    if option == "uploaded":
        return text("app.origin.uploaded", lang, name=rest)
    return origin


# --------------------------------------------------------------------------- register


def register_hash(register_dir: str | Path) -> str:
    """SHA-256 over the register's YAML files (names and bytes), the register's cache key."""
    root = Path(register_dir)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_register(register_dir: str, content_hash: str) -> Register:
    return load_register(register_dir)


def register(register_dir: str) -> Register:
    """The validated register in ``register_dir``; ``RegisterError`` lists every problem.

    Keyed by content hash, so an edited register is re-read and an unchanged one never is.
    """
    return _cached_register(register_dir, register_hash(register_dir))


def problem_lines(exc: UserError, root: str | Path | None = None) -> list[str]:
    """Each problem as ``file:line: field: message``, with paths relative to the register."""
    if not isinstance(exc, RegisterError):
        return [str(exc)]
    base = str(Path(root).resolve()) + os.sep if root is not None else None
    lines = []
    for p in exc.problems:
        path = p.path
        if base and str(Path(path).resolve()).startswith(base):
            path = str(Path(path).resolve())[len(base):]
        lines.append(str(dataclasses.replace(p, path=path, col=None)))
    return lines


def unpack_register_zip(data: bytes, upload_root: str | Path | None = None) -> Path:
    """Unpack an uploaded register zip into a fresh private folder; return the register.

    Every upload gets its own folder from ``mkdtemp`` (mode 0700, a name nobody can guess),
    so no other user of the machine can plant or read files in it. The archive's size, its
    entry count and its declared unpacked size are checked against the upload budgets, and
    members that are links or would land outside the folder are refused, all before
    anything is written.
    """
    size_limit, entry_limit = UPLOAD_BYTES.value(), UPLOAD_ENTRIES.value()
    if len(data) > size_limit:
        raise UserError("the upload " + UPLOAD_BYTES.refusal(len(data), "upload"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UserError("the upload is not a zip file; zip the register directory") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > entry_limit:
            raise UserError("the upload " + UPLOAD_ENTRIES.refusal(len(entries), "zip"))
        members = [m for m in entries if not m.is_dir()]
        for m in members:
            parts = PurePosixPath(m.filename).parts
            if m.filename.startswith("/") or ".." in parts or "\\" in m.filename \
                    or ":" in m.filename:
                raise UserError(f"{m.filename}: unsafe path in the zip; zip the folder itself")
            if stat.S_ISLNK(m.external_attr >> 16):
                raise UserError(f"{m.filename}: is a symbolic link; a register zip holds only "
                                "regular files, so zip the files themselves")
        declared = sum(m.file_size for m in members)
        if declared > size_limit:
            raise UserError("the upload " + UPLOAD_BYTES.refusal(declared, "unpacked zip"))
        parent = Path(upload_root) if upload_root is not None else None
        if parent is not None:
            parent.mkdir(parents=True, exist_ok=True)
        base = Path(tempfile.mkdtemp(prefix="climrisk-upload-", dir=parent))
        try:
            for m in members:
                if "__MACOSX" not in PurePosixPath(m.filename).parts:
                    archive.extract(m, base)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            shutil.rmtree(base, ignore_errors=True)
            raise UserError(f"the zip cannot be unpacked ({exc}); zip the register again") \
                from None
    roots = sorted({p.parent for p in base.rglob("register.yaml")}, key=lambda p: len(p.parts))
    if not roots:
        shutil.rmtree(base, ignore_errors=True)
        raise UserError(
            "the zip holds no register.yaml; zip a register directory "
            "(register.yaml, metrics.yaml, targets.yaml, assets/, items/)"
        )
    return roots[0]


# --------------------------------------------------------------------------- language


def tr(words: Text | None, lang: str) -> str:
    """A register text in the chosen language (empty when the register leaves it out).

    Plain text, for tables and plain widgets; anything Streamlit renders as Markdown takes
    ``md`` instead.
    """
    if words is None:
        return ""
    return words.zh_hant if lang == "zh-Hant" else words.en


def md(words: Text | str | None, lang: str = "en") -> str:
    """Register or grid text to put inside Streamlit Markdown (``st.markdown``, captions,
    headers, ``help=``), escaped so it shows as written and never as a link, image or HTML."""
    plain = words if isinstance(words, str) else tr(words, lang)
    return app_text(plain)


def md_options(labels: Mapping[str, str]) -> Callable[[str], str]:
    """A ``format_func`` for the widgets whose options Streamlit renders as Markdown
    (``segmented_control``, ``pills``, ``radio``, ``select_slider``): each label escaped.

    ``selectbox`` and ``multiselect`` show options as plain text, so they take the labels as
    they are: escaping there would show the backslashes.
    """
    return lambda key: app_text(labels[key])


def lang() -> str:
    """The language the session's switch has chosen."""
    return str(st.session_state.get("lang", "en"))


def t(key: str, **values: object) -> str:
    """The app's own text ``app.<key>`` from the bilingual catalogue, in the session's language.

    Every fixed word a page shows goes through here, so the language switch changes it and
    ``tests/app/test_languages.py`` can check that nothing is left untranslated.
    """
    return text(f"app.{key}", lang(), **values)


def has_text(key: str) -> bool:
    """Whether the catalogue holds ``app.<key>`` (for words keyed by open data, e.g. units)."""
    return f"app.{key}" in catalogue()


# --------------------------------------------------------------------------- widgets

KEEP_KEYS: tuple[str, ...] = (
    "scenario",
    "horizon",
    "ex_variable",
    "ex_year",
    "ex_quantile",
    "ex_scenario_a",
    "ex_scenario_b",
    "ex_sites",
    "reg_kinds",
    "reg_horizons",
    "reg_channels",
    "reg_sites",
    "reg_search",
    "reg_item",
    "wi_carbon",
    "wi_pass",
    "wi_power",
    "wi_discount",
    "dp_table",
    "ms_options",
    "ms_analysis",
)
"""Widget keys whose values survive a page change (see ``app.py``)."""

KINDS = ("physical", "transition", "opportunity")
"""Item kinds in the order every page lists them."""


def kind_labels(lang: str) -> dict[str, str]:
    """Item kind → its name in ``lang`` (``physical`` → ``Physical risk``)."""
    return {k: text(f"app.kind.{k}", lang) for k in KINDS}


def filled_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the columns that are empty (blank text or no value) in every row,
    so a table spends its width on the columns that say something."""
    blank = frame.isna() | frame.apply(lambda c: c.astype(str).str.strip() == "")
    keep = ~blank.all()
    return frame.loc[:, keep] if keep.any() else frame


def markdown_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell, row label and column header escaped for Markdown.

    ``st.table`` renders each of them as GitHub-flavoured Markdown (unlike ``st.dataframe``),
    so register text there would otherwise become live links, images or emphasis.
    """
    def label(value: object) -> object:
        if isinstance(value, tuple):
            return tuple(label(v) for v in value)
        return app_text(value) if isinstance(value, str) else value

    out = frame.copy()
    out.columns = pd.Index([label(c) for c in frame.columns]) if not isinstance(
        frame.columns, pd.MultiIndex) else pd.MultiIndex.from_tuples(
        [label(c) for c in frame.columns], names=frame.columns.names)
    out.index = pd.Index([label(i) for i in frame.index], name=label(frame.index.name)) if not \
        isinstance(frame.index, pd.MultiIndex) else pd.MultiIndex.from_tuples(
        [label(i) for i in frame.index], names=frame.index.names)
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if not pd.api.types.is_numeric_dtype(column):
            out.iloc[:, position] = column.map(label)
    return out


def show_table(frame: pd.DataFrame, *, where: Any = st, index: bool = False,
               formats: dict[str, str] | None = None) -> None:
    """A table the reader reads whole: ``st.table`` wraps long text in its cells and fits the
    page width, where ``st.dataframe`` clips a cell to its column ("Unlikely × Neg…").
    Columns empty in every row are left out; ``formats`` are ``str.format`` patterns of
    number columns; the index is shown only when it labels the rows (``index=True``). Text is
    escaped (``markdown_table``), since ``st.table`` renders Markdown."""
    shown = markdown_table(filled_columns(frame))
    patterns = {app_text(k): v for k, v in (formats or {}).items()}
    styler = shown.style.format({k: v for k, v in patterns.items() if k in shown},
                                na_rep="—")
    where.table(styler, hide_index=not index)  # (st.table ignores the Styler's own hiding)


def ensure_choice(key: str, options: Sequence[object], default: object = None) -> None:
    """Keep a widget's stored value among its options before the widget is drawn.

    Switching register or grid changes the options; a stale value would otherwise raise.
    Lists (multiselects) keep their still-valid entries.
    """
    value = st.session_state.get(key)
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in options]
    elif value not in options and options:
        st.session_state[key] = default if default in options else options[0]


def category_label(reg: Register, category: str, lang: str) -> str:
    """``physical-acute`` → ``Physical risk · Acute``, from the disclosure's category words
    (or the register's label of a category it declares)."""
    from climrisk.disclosure.labels import term

    kind = category.partition("-")[0]
    return text("app.category", lang, kind=text(f"app.kind.{kind}", lang),
                category=term(reg, "item_categories", category, "category").in_(lang))


def driver_label(driver: str, lang: str) -> str:
    """A scenario driver in words; one the catalogue does not know is shown as written."""
    key = f"driver.{driver}"
    return text(f"app.{key}", lang) if has_text(key) else driver.replace("-", " ")


def in_unit(reg: Register, amount: float) -> float:
    """An amount in currency units in the register's money unit (``valuation.money_unit``),
    the unit the disclosure prints too."""
    from climrisk.disclosure.units import money_scale

    return amount / money_scale(reg)


def amount_text(reg: Register, value: float, sign: bool = False) -> str:
    """A value already in the register's unit, with separators and the unit's decimals."""
    from climrisk.disclosure.units import money_decimals

    return f"{value:{'+' if sign else ''},.{money_decimals(reg)}f}"


def money_text(reg: Register, amount: float) -> str:
    """An amount in currency units as the app shows it: in the register's unit, formatted."""
    return amount_text(reg, in_unit(reg, amount))


def money_unit(reg: Register, lang: str) -> str:
    """``CNY thousand``: the register's unit, which every amount the app shows is in."""
    from climrisk.disclosure.units import money_total_unit

    return money_total_unit(reg).in_(lang)


def read_register_file(reg: Register, path: str) -> str:
    """A register file's text as committed, so reviewers see exactly what the numbers use."""
    in_root = Path(reg.root) / path
    return (in_root if in_root.is_file() else Path(path)).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- scenario grid


def scenario_path(source: Source) -> str | None:
    """The scenario data the session reads, exactly as ``climrisk build`` would choose it.

    ``--set``/``--grid`` (or their environment variables) win; otherwise the set the register
    names, else the bundled default. An uploaded register may name only a set inside its own
    folder (``scenarios`` keeps the set's grids there too), so an upload never makes the
    server read its other files.
    """
    if source.grid_path:
        return source.grid_path
    reg = register(source.register_dir)
    named = reg.main.scenario_analysis.scenario_set
    if not named:
        return None
    path = register_set(reg.root, named)
    if source.register_origin.startswith("uploaded"):
        root = Path(reg.root).resolve()
        if path is None or not path.is_relative_to(root):
            raise UserError(f"scenario_analysis.scenario_set: {named!r} is outside the "
                            "uploaded register; put the set file in the register folder")
    return str(path) if path is not None else None


def _confined(source: Source) -> str | None:
    """The folder an uploaded register's set must keep its grid files in."""
    if source.grid_path or not source.register_origin.startswith("uploaded") \
            or scenario_path(source) is None:  # the bundled default is the server's own
        return None
    return str(Path(register(source.register_dir).root).resolve())


def _set_key(path: str | None) -> str:
    """A set file's content hash, so an edited set is composed again (a grid has its version)."""
    if path is None or Path(path).suffix.lower() not in SET_SUFFIXES:
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


APP_MARGIN = 12.0
"""Degrees around the register's sites the app composes a set over (the explorer's maps
show 6 of latitude and 9 of longitude around them)."""


def source_scenarios(source: Source) -> Scenarios:
    """The session's composed scenario data (see ``scenario_path``), over the register's
    sites and ``APP_MARGIN`` around them: a worldwide layer is not placed on cells no page
    shows, and the engine reads the same values (it composes around the sites too)."""
    path = scenario_path(source)
    reg = register(source.register_dir)
    lat = [a.location.lat for a in reg.assets]
    lon = [a.location.lon for a in reg.assets]
    box = (min(lat) - APP_MARGIN, max(lat) + APP_MARGIN, min(lon) - APP_MARGIN,
           max(lon) + APP_MARGIN) if lat else None
    return _around(path, _set_key(path), _confined(source), box)


@st.cache_resource(show_spinner=False, max_entries=8)
def _around(path: str | None, content_key: str, within: str | None,
            box: tuple[float, float, float, float] | None) -> Scenarios:
    scen = scenarios(path, content_key, within)
    if scen.composed is None or box is None:
        return scen
    near = scen.composed.within((box[0], box[1]), (box[2], box[3]))
    return Scenarios(near.grid, scen.path, near)


def engine_scenarios(source: Source) -> Scenarios:
    """The session's scenario data composed around the register's sites alone: what every
    engine run of the app reads, as ``climrisk build``'s runs do (``at_sites``)."""
    scen = source_scenarios(source)
    if scen.composed is None:
        return scen
    return _at_sites(register(source.register_dir), register_hash(source.register_dir), scen,
                     grid_version(scen.grid) + _set_key(scenario_path(source)))


@st.cache_resource(show_spinner=False, max_entries=8)
def _at_sites(_reg: Register, register_key: str, _scen: Scenarios, grid_key: str) -> Scenarios:
    near = at_sites(_reg, _scen.composed)  # type: ignore[arg-type]
    return Scenarios(near.grid, _scen.path, near)


def source_grid(source: Source) -> xr.Dataset:
    """The session's scenario grid (see ``scenario_path``)."""
    return source_scenarios(source).grid


@st.cache_resource(show_spinner="Composing the scenario set…", max_entries=4)
def scenarios(path: str | None, content_key: str = "", within: str | None = None) -> Scenarios:
    """The scenario data, opened once per process and shared by every session (read-only): a
    composed set (``.yaml``), a grid file or the default.

    ``open_grid`` loads a small grid into memory and keeps a large one, like the bundled
    default, on disk in dask chunks whose reads xarray serialises; loading the default here
    took about ten seconds of the first visit and 2 GB of memory for no gain.
    """
    return open_scenarios(path, within=Path(within) if within else None)


def grid_version(ds: xr.Dataset) -> str:
    """The grid's cache key: its declared version plus a digest of its history and shape."""
    digest = hashlib.sha256(
        f"{ds.attrs.get('history', '')}|{dict(ds.sizes)}|{sorted(ds.data_vars)}".encode()
    ).hexdigest()[:12]
    return f"{ds.attrs.get('climrisk_grid_version', '?')}-{digest}"


def scenario_labels(ds: xr.Dataset) -> dict[str, str]:
    """Scenario id → display label (``ngfs-cp`` → ``NGFS Current Policies``)."""
    ids = [str(s) for s in ds["scenario"].values]
    if "scenario_label" in ds.coords:
        return dict(zip(ids, (str(v) for v in ds["scenario_label"].values), strict=True))
    return {s: s for s in ids}


MAP_VARIABLES = ("tas_change", "tasmax_change", "hot_days", "cdd", "sea_level_change",
                 "rx1day_change")
"""Gridded variables the explorer maps, in the order a committee reads them."""

def variable_label(ds: xr.Dataset, name: str, lang: str) -> str:
    """``Local summer daily-maximum temperature change (°C)``: the catalogue's name and unit
    for the grid format's variables, the CF attributes for any other (an imported grid's)."""
    attrs = ds[name].attrs
    if has_text(f"variable.{name}"):
        long_name = text(f"app.variable.{name}", lang)
    else:
        long_name = str(attrs.get("long_name", name))
        long_name = long_name.replace(" relative to 1850-1900", "").replace("degC", "°C")
        long_name = long_name[:1].upper() + long_name[1:]
    units = str(attrs.get("units", ""))
    unit = text(f"app.unit.{units}", lang) if has_text(f"unit.{units}") else units
    return text("app.variable.label", lang, name=long_name, unit=unit)


GRID_STATUSES = ("published", "derived", "estimate")
"""The statuses a grid variable declares (``climrisk_status``), as ``scenarios list`` and
table e-3v show them."""


def variable_sources(scen: Scenarios, name: str, lang: str) -> list[tuple[str, str, str]]:
    """(source, status, method) of ``name`` for each source that holds it, the winning one
    first: the same status words as table e-3v, and the method and sources the variable's
    own metadata declares (``climrisk_method``, else ``climrisk_source``)."""
    if scen.composed is None:
        held = [(scen.path.name if scen.path else "", scen.grid[name].attrs)]
    else:
        order = sorted({i for per in scen.composed.stack.get(name, {}).values()
                        for i, _, _ in per}, reverse=True)
        held = [(scen.composed.label(i), scen.composed.opened[i][0][name].attrs)
                for i in order if name in scen.composed.opened[i][0]]
    out = []
    for label, attrs in held:
        status = str(attrs.get("climrisk_status", ""))
        word = text(f"grid_status.{status if status in GRID_STATUSES else 'unknown'}", lang)
        method = str(attrs.get("climrisk_method") or attrs.get("climrisk_source", ""))
        out.append((label, word, method))
    return out


def variable_unit(ds: xr.Dataset, name: str, lang: str) -> str:
    """The readable unit ``variable_label`` prints for ``name``."""
    units = str(ds[name].attrs.get("units", ""))
    return text(f"app.unit.{units}", lang) if has_text(f"unit.{units}") else units


def display_values(ds: xr.Dataset, name: str, values: xr.DataArray) -> xr.DataArray:
    """Values in the unit ``variable_label`` names (fractions as per cent)."""
    return values * 100 if ds[name].attrs.get("units") == "1" else values


@st.cache_data(show_spinner=False, max_entries=64)
def site_series(_ds: xr.Dataset, grid_key: str, _reg: Register, register_key: str,
                name: str) -> pd.DataFrame:
    """One gridded variable sampled at every site: tidy rows of site, scenario, year, quantile.

    Sampling interpolates, so it is cached per grid, register and variable; ``_ds`` and
    ``_reg`` are not hashed, the two keys stand for them.
    """
    sampled = sample(
        _ds[[name]],
        lat=[a.location.lat for a in _reg.assets],
        lon=[a.location.lon for a in _reg.assets],
        names=[a.id for a in _reg.assets],
        outside="missing",
    )[name]
    frame = display_values(_ds, name, sampled).to_dataframe(name="value").reset_index()
    # A site the variable does not cover has no series (see ``not_assessed``).
    return frame.dropna(subset=["value"])[["site", "scenario", "year", "quantile", "value"]]


def not_assessed(ds: xr.Dataset, scenario: str) -> pd.DataFrame:
    """Item x site pairs of one scenario left out of the results for want of data, and why.

    Columns are the catalogue's words in the session's language; the reason is the
    disclosure's own sentence for the engine's reason code (table e-4c says the same).
    """
    cols = [t("col.item"), t("col.site"), t("col.variable"), t("col.reason")]
    if "not_assessed_reason" not in ds:
        return pd.DataFrame(columns=cols)
    code = ds["not_assessed_reason"].sel(scenario=scenario).transpose("item", "asset")
    driver = ds["not_assessed_driver"].sel(scenario=scenario).transpose("item", "asset")
    i, a = np.nonzero(code.values != "")
    return pd.DataFrame({
        cols[0]: ds["item"].values[i].astype(str),
        cols[1]: ds["asset"].values[a].astype(str),
        cols[2]: driver.values[i, a].astype(str),
        cols[3]: [text(f"not_assessed.{c}", lang()) for c in code.values[i, a]],
    })


def variable_meaning(name: str, lang: str) -> str:
    """One sentence on what a grid variable measures: the catalogue's, or the grid format's."""
    if has_text(f"meaning.{name}"):
        return text(f"app.meaning.{name}", lang)
    return str(variables().get(name, {}).get("meaning", ""))


# --------------------------------------------------------------------------- engine results

SAMPLES, SEED = BUILD_SAMPLES, BUILD_SEED
"""Monte Carlo samples and seed of ``climrisk build``, so the app shows the disclosure's numbers."""

WHATIF_KEYS = ("wi_carbon", "wi_pass", "wi_power", "wi_discount")
"""The core what-if sliders' keys, one per knob, in ``KNOBS`` order."""

KNOBS = ("carbon_price_multiplier", "pass_through", "electricity_price_multiplier",
         "discount_rate")
"""The core what-if knobs, in the order the app shows them; ``Assumptions`` has one field
each. The register's industry packs add theirs (``pack_knobs``)."""

PACK_KNOB_PREFIX = "wi_knob_"
"""Widget key prefix of a pack knob's slider (``wi_knob_<knob name>``)."""


def pack_knobs(reg: Register) -> dict[str, Any]:
    """Knob name -> ``KnobSpec`` of the register's packs, in pack order."""
    from climrisk.packs import packs_of

    return {n: k for p in packs_of(reg.main.packs) for n, k in p.spec.knobs.items()}


def keep_keys(state: Any) -> list[str]:
    """Widget keys to keep across pages: ``KEEP_KEYS`` and the pack knobs' sliders."""
    return [*KEEP_KEYS, *(k for k in state if str(k).startswith(PACK_KNOB_PREFIX))]


def data_key(source: Source) -> str:
    """The session's scenario data by content: the set file and every grid it reads
    (``data_digest``), so a key needs no composing."""
    within = _confined(source)
    return data_digest(scenario_path(source), Path(within) if within else None)


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_results(_reg: Register, register_dir: str, register_key: str, data: str,
                    knobs: tuple[object, ...], _source: Source) -> tuple[Results, dict[str, str]]:
    key = stored.run_key(str(Path(register_dir).resolve()), register_key, data, SAMPLES, SEED,
                         knobs)
    kept = stored.load(key)
    if kept is not None:
        return kept
    *core, pack = knobs
    assumptions = Assumptions(**dict(zip(KNOBS, core, strict=True)), knobs=pack)  # type: ignore[arg-type]
    scen = engine_scenarios(_source)
    res = run(_reg, scen.grid, assumptions, samples=SAMPLES, seed=SEED, sources=scen.composed)
    labels = scenario_labels(scen.grid)
    stored.save(key, res, labels)
    return res, labels


def _results_and_labels(source: Source,
                        assumptions: Assumptions | None) -> tuple[Results, dict[str, str]]:
    reg = register(source.register_dir)
    chosen = assumptions or Assumptions()
    knobs = (*(getattr(chosen, k) for k in KNOBS), chosen.knobs)
    return _cached_results(reg, source.register_dir, register_hash(source.register_dir),
                           data_key(source), knobs, source)


def results(source: Source, assumptions: Assumptions | None = None) -> Results:
    """Engine results for the session's register and scenario data under ``assumptions``.

    Keyed by register content hash, scenario data content and the knob values: the base case
    is computed once per process and each what-if combination once, and a run already stored
    on disk (``climrisk.engine.stored``) is read back rather than run again after a restart.
    """
    return _results_and_labels(source, assumptions)[0]


def result_labels(source: Source) -> dict[str, str]:
    """Scenario id → display label of the scenarios the base-case results hold."""
    return _results_and_labels(source, None)[1]


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_overview(_reg: Register, register_key: str, _ds: xr.Dataset, grid_key: str,
                     scenario: str, horizon: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (rating_matrix(_reg, _ds, scenario, horizon, lang),
            channel_effects(_reg, _ds, scenario, horizon, lang))


def overview_tables(source: Source, scenario: str, horizon: str,
                    lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's rating matrix and channel effects of the base case.

    Both take tens of milliseconds of label look-ups per item and channel, on every switch of
    scenario, horizon or language; cached by register hash and grid version, a switch back
    costs a copy of two small frames.
    """
    reg = register(source.register_dir)
    return _cached_overview(reg, register_hash(source.register_dir), results(source).dataset,
                            data_key(source), scenario, horizon, lang)


def rating_matrix(reg: Register, ds: xr.Dataset, scenario: str, horizon: str,
                  lang: str) -> pd.DataFrame:
    """One row per item that applies to ``horizon``: its rating, band and matrix position.

    Items sharing a cell are spread vertically inside it so every marker stays visible.
    """
    scales = reg.main.scales
    lik_label = {s.level: tr(s.label, lang) for s in scales.likelihood}
    mag_label = {s.level: tr(s.label, lang) for s in scales.magnitude}
    band_label = {b.id: tr(b.label, lang) for b in scales.bands}
    at = {"scenario": scenario, "horizon": horizon}
    rows = []
    for item in reg.items:
        if horizon not in item.horizons:
            continue
        lik = float(ds["likelihood"].sel(item=item.id, **at))
        mag = float(ds["magnitude"].sel(item=item.id, **at))
        rated = not (np.isnan(lik) or np.isnan(mag))
        rows.append({
            "Item": item.id,
            "Title": tr(item.title, lang),
            "kind": item.category.kind,
            "Rating": f"{lik_label[int(lik)]} × {mag_label[int(mag)]}" if rated else "",
            "Band": band_label.get(str(ds["band"].sel(item=item.id, **at).values), "")
            if rated else "",
            "Override": str(ds["override_reason"].sel(item=item.id).values),
            "likelihood": int(lik) if rated else 0,
            "magnitude": int(mag) if rated else 0,
        })
    frame = pd.DataFrame(rows, columns=["Item", "Title", "kind", "Rating", "Band", "Override",
                                        "likelihood", "magnitude"])
    # Up to six markers per column inside a cell, labels to their right: a crowded cell
    # grows downwards before it splits into a second column, so labels do not overlap.
    per_column = 6
    index = frame.groupby(["likelihood", "magnitude"]).cumcount()
    size = frame.groupby(["likelihood", "magnitude"])["Item"].transform("size")
    columns = (size + per_column - 1) // per_column
    rows = np.minimum(size, per_column)
    column, row = index // per_column, index % per_column
    frame["x"] = frame["magnitude"] - 0.38 + column * (0.8 / columns.clip(lower=1))
    frame["y"] = frame["likelihood"] + 0.135 * ((rows - 1) / 2 - row)
    return frame


def channel_effects(reg: Register, ds: xr.Dataset, scenario: str, horizon: str,
                    lang: str) -> pd.DataFrame:
    """Company-level effect per channel and item kind, in the register's money unit: mean, p5 and p95.

    The percentiles come from the simulations of the channel total, not from adding item
    percentiles, so they are a true 90% range of the channel's effect.
    """
    names = {c.id: tr(c.name, lang) for c in reg.main.channels}
    data = in_unit(reg, ds["channel_total"].sel(scenario=scenario, horizon=horizon))
    rows = []
    for channel in names:
        for kind, kind_name in kind_labels(lang).items():
            v = data.sel(channel=channel, kind=kind)
            if float(np.abs(v).max()) > 0:
                rows.append({"Channel": names[channel], "Type": kind_name, "kind": kind,
                             **{s: float(v.sel(stat=s)) for s in ("mean", "p5", "p95")}})
    return pd.DataFrame(rows, columns=["Channel", "Type", "kind", "mean", "p5", "p95"])


def headline_metrics(reg: Register, ds: xr.Dataset, scenario: str,
                     horizon: str, lang: str) -> list[tuple[str, str, str]]:
    """IFRS S2 cross-industry metrics as (name, value, what it means) for ``st.metric``."""
    cross = ds["cross_industry"].sel(scenario=scenario, horizon=horizon, measure="percent")
    mat = reg.main.materiality
    latest = reg.latest_metrics
    scope12 = latest.ghg.scope1_2 or latest.ghg.scope1 + latest.ghg.scope2_location
    return [
        (text("app.metric.physical", lang),
         f"{float(cross.sel(category='physical', basis='assets')):.0f}%",
         text("app.metric.physical_note", lang, share=f"{mat.physical_loss_share:.1%}")),
        (text("app.metric.transition", lang),
         f"{float(cross.sel(category='transition', basis='revenue')):.0f}%",
         text("app.metric.transition_note", lang, share=f"{mat.transition_cost_share:.0%}")),
        (text("app.metric.opportunity", lang),
         f"{float(cross.sel(category='opportunity', basis='assets')):.0f}%",
         text("app.metric.opportunity_note", lang)),
        (text("app.metric.scope12", lang, year=latest.year),
         text("app.metric.scope12_value", lang, value=f"{scope12:,.0f}"),
         text("app.metric.scope12_note", lang)),
    ]


KNOB_FORMATS = {
    "carbon_price_multiplier": "{:.1f}",
    "pass_through": "{:.0%}",
    "electricity_price_multiplier": "{:.2f}",
    "discount_rate": "{:.1%}",
}


def describe_assumptions(chosen: Assumptions, base: Assumptions, lang: str) -> list[str]:
    """The knobs that differ from the base case, in words (``carbon price × 2.0``)."""
    out = []
    for knob in KNOBS:
        value = getattr(chosen, knob)
        if value != getattr(base, knob):
            out.append(text(f"app.whatif.knob.{knob}", lang,
                            value=KNOB_FORMATS[knob].format(value)) if value is not None
                       else text("app.whatif.knob.pass_register", lang))
    from climrisk.engine.assumptions import knob_spec

    for name, value in dict(chosen.knobs).items():
        if value != base.knob(name):
            out.append(f"{tr(knob_spec(name).label, lang)} × {value:.1f}")
    return out


def whatif_totals(reg: Register, base: xr.Dataset, changed: xr.Dataset, scenario: str,
                  horizon: str, lang: str) -> pd.DataFrame:
    """Company-level mean annual effect and present value per item kind, base and what-if.

    Present values multiply the mean by the horizon's annuity factor, which is exact for a
    mean and is what moves when the discount rate moves.
    """
    at = {"scenario": scenario, "horizon": horizon, "stat": "mean"}
    rows = []
    for kind, label in kind_labels(lang).items():
        b = in_unit(reg, float(base["company_total"].sel(kind=kind, **at)))
        c = in_unit(reg, float(changed["company_total"].sel(kind=kind, **at)))
        rows.append({
            "Type": label, "kind": kind, "Base": b, "What_if": c, "Change": c - b,
            "PV_base": b * float(base["annuity_factor"].sel(horizon=horizon)),
            "PV_what_if": c * float(changed["annuity_factor"].sel(horizon=horizon)),
        })
    return pd.DataFrame(rows)


def whatif_channels(reg: Register, base: xr.Dataset, changed: xr.Dataset, scenario: str,
                    horizon: str, lang: str) -> pd.DataFrame:
    """Mean annual effect per channel and kind, base and what-if, with the change."""
    before = channel_effects(reg, base, scenario, horizon, lang)
    after = channel_effects(reg, changed, scenario, horizon, lang)
    keys = ["Channel", "Type", "kind"]
    merged = before[[*keys, "mean"]].merge(after[[*keys, "mean"]], on=keys, how="outer",
                                           suffixes=("_base", "_whatif")).fillna(0.0)
    merged = merged.rename(columns={"mean_base": "Base", "mean_whatif": "What_if"})
    order = {tr(c.name, lang): i for i, c in enumerate(reg.main.channels)}
    merged = merged.sort_values(["Channel", "kind"], key=lambda col: col.map(
        order if col.name == "Channel" else list(KINDS).index), ignore_index=True)
    merged["Change"] = merged["What_if"] - merged["Base"]
    merged["Change_pct"] = 100 * merged["Change"] / merged["Base"].where(merged["Base"] != 0)
    return merged[[*keys, "Base", "What_if", "Change", "Change_pct"]]


# --------------------------------------------------------------------------- disclosure

DISCLOSURE_LANGS = ["en", "zh-Hant"]


@dataclass(frozen=True)
class Disclosure:
    """The composed disclosure and every file ``climrisk build`` would write for it."""

    document: Document
    files: dict[str, bytes]


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_disclosure(_reg: Register, register_key: str, _scen: Scenarios, grid_key: str,
                       grid_path: str | None, _results: Results) -> Disclosure:
    _ds = _scen.grid
    grid_file = _scen.path or default_grid_path()
    info = grid_info(_ds, grid_file, _scen.composed)
    attrs = _results.dataset.attrs
    engine = {k: str(attrs[k]) for k in ENGINE_ATTRS if k in attrs}
    provenance = Provenance(git_tree_id(Path(_reg.root)), info, engine, SAMPLES, SEED,
                            extra=code_version(stamped=False))
    from climrisk.disclosure.document import compose
    from climrisk.disclosure.outputs import render_files

    document = with_prior_period(compose(_reg, _results, _ds, provenance), _reg, _ds, grid_file,
                                 samples=SAMPLES, seed=SEED, composed=_scen.composed)
    return Disclosure(document, render_files(document, DISCLOSURE_LANGS, pdf=False))


def disclosure(source: Source) -> Disclosure:
    """The base-case disclosure of the session's register and grid, as ``climrisk build`` makes it.

    It reuses the cached base results with their cost-benefit and sensitivity analyses.
    """
    reg = register(source.register_dir)
    scen = engine_scenarios(source)
    path = scenario_path(source)
    return _cached_disclosure(reg, register_hash(source.register_dir), scen,
                              grid_version(scen.grid) + _set_key(path), path, decisions(source))


def item_by_scenario(reg: Register, ds: xr.Dataset, item: Item, labels: dict[str, str],
                     lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An item's effect (``mean (p5–p95)`` in the register's money unit) and rating, scenario × its horizons."""
    names = {h.id: tr(h.name, lang) for h in reg.horizons if h.id in item.horizons}
    scales = reg.main.scales
    lik = {s.level: tr(s.label, lang) for s in scales.likelihood}
    mag = {s.level: tr(s.label, lang) for s in scales.magnitude}
    bands = {b.id: tr(b.label, lang) for b in scales.bands}
    scenarios = [str(s) for s in ds["scenario"].values]
    effects: dict[str, list[str]] = {}
    ratings: dict[str, list[str]] = {}
    for h, name in names.items():
        total = in_unit(reg, ds["item_total"].sel(item=item.id, horizon=h))

        def shown(s: str, stat: str) -> str:
            return amount_text(reg, float(total.sel(scenario=s, stat=stat)))  # noqa: B023

        effects[name] = [
            "" if np.isnan(float(total.sel(scenario=s, stat="mean"))) else
            f"{shown(s, 'mean')} ({shown(s, 'p5')}–{shown(s, 'p95')})"
            for s in scenarios
        ]
        at = {"item": item.id, "horizon": h}
        ratings[name] = []
        for s in scenarios:
            li = float(ds["likelihood"].sel(scenario=s, **at))
            ma = float(ds["magnitude"].sel(scenario=s, **at))
            band = bands.get(str(ds["band"].sel(scenario=s, **at).values), "")
            ratings[name].append("" if np.isnan(li) or np.isnan(ma)
                                 else f"{lik[int(li)]} × {mag[int(ma)]} ({band})")
    index = pd.Index([labels.get(s, s) for s in scenarios], name=text("app.scenario", lang))
    return pd.DataFrame(effects, index=index), pd.DataFrame(ratings, index=index)


# --------------------------------------------------------------------------- measures


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_decisions(_reg: Register, register_key: str, _scen: Scenarios,
                      grid_key: str) -> Results:
    from climrisk.measures.decisions import with_decisions

    base = run(_reg, _scen.grid, samples=SAMPLES, seed=SEED, keep_samples=True,
               sources=_scen.composed)
    return with_decisions(_reg, _scen.grid, base, samples=SAMPLES, seed=SEED)


def decisions(source: Source) -> Results:
    """The base case with the measures' cost-benefit and the declared sensitivity analyses,
    on the disclosure's samples and seed (so the numbers are the disclosure's)."""
    reg = register(source.register_dir)
    scen = engine_scenarios(source)
    key = grid_version(scen.grid) + _set_key(scenario_path(source))
    return _cached_decisions(reg, register_hash(source.register_dir), scen, key)


def option_comparison(reg: Register, ds: xr.Dataset, options: list[str], scenario: str,
                      lang: str) -> pd.DataFrame:
    """Options side by side under one scenario, one row each: loss avoided and risk left per
    horizon (per year), PV of cost, NPV mean and p5–p95, in the register's money unit, BCR, payback."""
    def say(key: str, **values: object) -> str:
        return text(f"app.measures.col.{key}", lang, **values)

    columns: dict[str, list[object]] = {}
    for var in ("avoided", "residual_risk"):
        for h in reg.horizons:
            columns[say(var, horizon=tr(h.name, lang))] = [
                in_unit(reg, float(ds[var].sel(option=o, scenario=scenario, horizon=h.id, stat="mean")))
                for o in options
            ]
    npv = ds["npv"].sel(option=options, scenario=scenario)
    years = ds["payback_year"].sel(option=options, scenario=scenario).values
    columns |= {
        say("pv_cost"): [in_unit(reg, float(ds["pv_cost"].sel(option=o))) for o in options],
        say("npv"): [in_unit(reg, float(v)) for v in npv.sel(stat="mean").values],
        say("npv_p5"): [in_unit(reg, float(v)) for v in npv.sel(stat="p5").values],
        say("npv_p95"): [in_unit(reg, float(v)) for v in npv.sel(stat="p95").values],
        say("bcr"): [round(float(v), 2)
                     for v in ds["bcr"].sel(option=options, scenario=scenario).values],
        say("payback"): [say("never") if np.isnan(y) else str(int(y)) for y in years],
    }
    return pd.DataFrame(columns, index=pd.Index(options, name=say("option")))


def tornado(ds: xr.Dataset, analysis: str, horizon: str, lang: str) -> pd.DataFrame:
    """One row per input of a sensitivity analysis, most influential first."""
    def say(key: str) -> str:
        return text(f"app.measures.col.{key}", lang)

    sel = ds.sel(analysis=analysis, horizon=horizon)
    frame = pd.DataFrame({
        say("input"): [str(f) for f in sel["factor"].values],
        say("total"): sel["sens_index"].values,
        say("total_conf"): sel["sens_index_conf"].values,
        say("first"): sel["sens_first"].values,
        say("first_conf"): sel["sens_first_conf"].values,
    }).dropna(subset=[say("total")])
    return frame.sort_values(say("total"), ascending=False, kind="stable").reset_index(drop=True)
