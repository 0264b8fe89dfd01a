"""Broken registers: every defect gives a located message with a hint, and the CLI fails cleanly.

Each case is the minimal register (``tests/data/registers/minimal``) copied to a temporary
directory with one defect applied. The loader must raise ``RegisterError`` whose problem names
the file, the line and the field, with a hint; ``climrisk validate`` must exit 1 with the same
location on standard error and no traceback. The CLI runs in a subprocess with a timeout, so a
hang fails the test instead of stalling the suite. ``benchmarks/bench_register.py`` reuses
``CASES`` and ``build_case`` to time every case.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from climrisk.errors import Problem, RegisterError
from climrisk.register import load_register

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"
CLI_TIMEOUT = 60
"""Seconds a `climrisk validate` subprocess may take before the case counts as a hang (it
opens the scenario grid to report coverage, and the test machine may be loaded)."""

Edit = Callable[[Path], None]


# --------------------------------------------------------------------------- edits


def replace(rel: str, old: str, new: str) -> Edit:
    """Replace the one occurrence of ``old`` in ``rel``."""

    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def write_text(rel: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / rel).write_text(text, encoding="utf-8")

    return edit


def write_bytes(rel: str, old: str, new: bytes) -> Edit:
    """Replace ``old`` (UTF-8 text) by raw bytes, e.g. text in another encoding."""

    def edit(root: Path) -> None:
        path = root / rel
        raw = path.read_bytes()
        encoded = old.encode("utf-8")
        assert raw.count(encoded) == 1, f"{old!r} must occur once in {rel}"
        path.write_bytes(raw.replace(encoded, new))

    return edit


def append(rel: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as f:
            f.write(text)

    return edit


def delete(rel: str) -> Edit:
    def edit(root: Path) -> None:
        (root / rel).unlink()

    return edit


def rename(rel: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        (root / rel).rename(root / new)

    return edit


def copy(rel: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        shutil.copyfile(root / rel, root / new)

    return edit


def pad_to(rel: str, size: int) -> Edit:
    """Grow ``rel`` to ``size`` bytes with comment lines (the 50 MB case, made at test time)."""

    def edit(root: Path) -> None:
        path = root / rel
        line = b"# " + b"x" * 97 + b"\n"
        with path.open("ab") as f:
            for _ in range(size // len(line)):
                f.write(line)

    return edit


def remove_dir(root: Path) -> None:
    shutil.rmtree(root)


BILLION_LAUGHS = """\
lol1: &lol1 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
lol2: &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
lol6: &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
lol7: &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
lol8: &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
lol9: &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]
"""

SYSTEM_MARKER = "climrisk-tag-executed"
"""File a ``!!python/object/apply:os.system`` tag would create if it were ever executed."""


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One defect and the problem it must produce.

    ``line`` is the text of the line the problem must point at, found in the broken file
    (``None``: the problem is about the whole file and has no line).
    """

    name: str
    edits: tuple[Edit, ...]
    file: str
    line: str | None
    field: str
    message: str
    hint: str
    extra: dict[str, str] = field(default_factory=dict)


CASES: list[Case] = [
    # Open vocabularies: a typo gets "did you mean", an unknown word how to declare it.
    Case("currency-rmb", (replace("register.yaml", "currency: CNY", "currency: RMB"),),
         "register.yaml", "currency: RMB", "entity.currency",
         "'RMB' is not an ISO 4217 currency code", "did you mean 'CNY'?"),
    Case("currency-not-iso", (replace("register.yaml", "currency: CNY", "currency: HKX"),),
         "register.yaml", "currency: HKX", "entity.currency",
         "'HKX' is not an ISO 4217 currency code", "did you mean"),
    Case("driver-typo", (replace("items/PR-01.yaml", "drivers: [flood,", "drivers: [flod,"),),
         "items/PR-01.yaml", "drivers: [flod,", "drivers.0",
         "unknown driver 'flod'", "did you mean 'flood'?"),
    Case("driver-undeclared", (replace("items/PR-01.yaml", "drivers: [flood,",
                                       "drivers: [hail,"),),
         "items/PR-01.yaml", "drivers: [hail,", "drivers.0",
         "unknown driver 'hail'", "declare 'hail' under vocabulary.drivers"),
    Case("region-typo", (replace("assets/dc-north.yaml", "grid_region: north-china",
                                 "grid_region: north-chian"),),
         "assets/dc-north.yaml", "grid_region: north-chian", "grid_region",
         "unknown electricity region 'north-chian'", "did you mean 'north-china'?"),
    Case("category-typo", (replace("items/PR-01.yaml", "category: physical-acute",
                                   "category: physical-acut"),),
         "items/PR-01.yaml", "category: physical-acut", "category",
         "unknown item category 'physical-acut'", "did you mean 'physical-acute'?"),
    Case("target-metric-typo", (replace("targets.yaml", "metric: pue", "metric: peu"),),
         "targets.yaml", "metric: peu", "targets.0.metric",
         "unknown target metric 'peu'", "did you mean 'pue'?"),
    Case("model-typo", (replace("items/PR-01.yaml", "model: flood-damage",
                                "model: flood-damages"),),
         "items/PR-01.yaml", "model: flood-damages", "quantification.0.model",
         "unknown model 'flood-damages'", "did you mean 'flood-damage'?"),
    Case("pack-model-without-pack", (replace("register.yaml", "packs: [data-centers]",
                                             "packs: []"),),
         "assets/dc-north.yaml", "kind: self-built-data-center", "kind",
         "unknown asset kind 'self-built-data-center'", "add data-centers under packs:"),
    Case("pack-typo", (replace("register.yaml", "packs: [data-centers]",
                               "packs: [data-center]"),),
         "register.yaml", "packs: [data-center]", "packs.0",
         "unknown industry pack 'data-center'", "did you mean 'data-centers'?"),
    Case("pack-attribute-required", (replace("assets/dc-north.yaml", "  it_load_mw: 10.5\n", ""),),
         "assets/dc-north.yaml", "attributes:", "attributes",
         "a self-built-data-center needs attribute 'it_load_mw'", "required by the data-centers"),
    Case("bad-enum", (replace("assets/dc-north.yaml", "kind: self-built-data-center",
                              "kind: self-build-data-center"),),
         "assets/dc-north.yaml", "kind: self-build", "kind",
         "unknown asset kind 'self-build-data-center'",
         "did you mean 'self-built-data-center'?"),
    Case("missing-required-field", (replace("assets/dc-south.yaml", "  city: Shenzhen\n", ""),),
         "assets/dc-south.yaml", "location:", "location.city",
         "required field 'city' is missing", "add 'city:' under 'location'"),
    Case("missing-top-level-field", (replace("items/TR-01.yaml", "owner: Finance\n", ""),),
         "items/TR-01.yaml", "id: TR-01", "owner",
         "required field 'owner' is missing", "add 'owner:' at the top level"),
    Case("unknown-field-typo", (replace("assets/dc-south.yaml", "lessor:", "lesor:"),),
         "assets/dc-south.yaml", "lesor:", "lease.lesor",
         "unknown field 'lesor'", "did you mean 'lessor'?"),
    Case("unknown-attribute-typo", (replace("assets/dc-south.yaml", "lease_pue_limit:",
                                            "lease_pue_limt:"),),
         "assets/dc-south.yaml", "lease_pue_limt:", "attributes.lease_pue_limt",
         "no pack of the register reads attribute 'lease_pue_limt'",
         "did you mean 'lease_pue_limit'?"),
    Case("unknown-asset-reference", (replace("items/PR-01.yaml", "assets: [data-centers]",
                                             "assets: [dc-nort]"),),
         "items/PR-01.yaml", "assets: [dc-nort]", "assets.0",
         "'dc-nort' matches no asset", "dc-north"),
    Case("unknown-horizon", (replace("items/TR-01.yaml", "horizons: [long]",
                                     "horizons: [longterm]"),),
         "items/TR-01.yaml", "horizons: [longterm]", "horizons.0",
         "unknown horizon 'longterm'", "did you mean 'long'?"),
    Case("unknown-channel", (replace("items/TR-01.yaml", "channels: [operating-cost]",
                                     "channels: [operating-costs]"),),
         "items/TR-01.yaml", "channels: [operating-costs]", "channels.0",
         "unknown channel 'operating-costs'", "did you mean 'operating-cost'?"),
    Case("duplicate-id-across-files", (copy("items/PR-01.yaml", "items/PR-02.yaml"),),
         "items/PR-02.yaml", "id: PR-01", "id",
         "duplicate item id 'PR-01' (also in items/PR-01.yaml)", "unique id"),
    Case("wrong-type-text-for-number", (replace("assets/dc-north.yaml",
                                                "electricity_mwh: 120000",
                                                "electricity_mwh: 120,000 MWh"),),
         "assets/dc-north.yaml", "electricity_mwh:", "electricity_mwh",
         "'120,000 MWh' is not a number followed by a unit", "no thousands separators"),
    Case("bad-date", (replace("items/PR-01.yaml", "last_reviewed: 2024-12-01",
                              "last_reviewed: 2024-13-01"),),
         "items/PR-01.yaml", "last_reviewed:", "last_reviewed",
         "needs a date (found text '2024-13-01')", "YYYY-MM-DD"),
    Case("date-in-local-format", (replace("register.yaml", "end: 2024-12-31",
                                          "end: 31/12/2024"),),
         "register.yaml", "end: 31/12/2024", "entity.reporting_period.end",
         "needs a date", "YYYY-MM-DD"),
    Case("tab-indentation", (replace("metrics.yaml", "  scope2_grid_factor:",
                                     "\tscope2_grid_factor:"),),
         "metrics.yaml", "\tscope2_grid_factor", "", "tab", "indent with spaces"),
    Case("yaml-syntax-unclosed-bracket", (replace("items/TR-01.yaml",
                                                  "value_chain: [own-operations, upstream]",
                                                  "value_chain: [own-operations, upstream"),),
         "items/TR-01.yaml", "assets: [all]", "", "YAML syntax", "closing bracket"),
    Case("yaml-syntax-unquoted-colon", (replace("items/TR-01.yaml", "  en: Carbon pricing\n",
                                                "  en: Carbon pricing: ETS\n"),),
         "items/TR-01.yaml", "en: Carbon pricing: ETS", "",
         "YAML syntax: mapping values are not allowed here", "must be quoted"),
    Case("python-object-tag", (replace(
        "items/TR-01.yaml", "owner: Finance",
        f'owner: !!python/object/apply:os.system ["touch {SYSTEM_MARKER}"]'),),
        "items/TR-01.yaml", "owner: !!python", "",
        "tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
        "remove the tag"),
    Case("alias-bomb", (append("assets/dc-north.yaml", BILLION_LAUGHS),),
         "assets/dc-north.yaml", "lol1: &lol1", "", "anchor &lol1 is not allowed",
         "anchors and aliases"),
    Case("empty-file", (write_text("targets.yaml", ""),),
         "targets.yaml", "", "", "file is empty", "write the file's fields"),
    Case("comment-only-file", (write_text("targets.yaml", "# targets to follow\n#\n"),),
         "targets.yaml", "# targets to follow", "", "file has only comments",
         "write the file's fields"),
    Case("non-utf8-big5", (write_bytes("items/PR-01.yaml", "數據中心水浸",
                                       "數據中心水浸".encode("big5")),),
         "items/PR-01.yaml", "  zh-Hant: ", "", "not UTF-8 text", "save the file as UTF-8"),
    Case("non-utf8-latin1", (write_bytes("assets/dc-south.yaml", "Example Colocation Co",
                                         "Société Générale".encode("latin-1")),),
         "assets/dc-south.yaml", "  lessor: Soci", "", "not UTF-8 text (byte 0xe9)",
         "save the file as UTF-8"),
    Case("utf16-file", (lambda root: (root / "targets.yaml").write_bytes(
        (root / "targets.yaml").read_text(encoding="utf-8").encode("utf-16")),),
        "targets.yaml", "", "", "file is saved as UTF-16", "save the file as UTF-8"),
    Case("control-character", (replace("items/TR-01.yaml", "owner: Finance",
                                       "owner: Fin\x07ance"),),
         "items/TR-01.yaml", "owner: Fin", "", "control character U+0007",
         "invisible character"),
    Case("huge-file-50mb", (pad_to("assets/dc-north.yaml", 50_000_000),),
         "assets/dc-north.yaml", None, "", "file is 50.0 MB", "data file"),
    Case("file-over-size-limit", (pad_to("items/PR-01.yaml", 150_000),),
         "items/PR-01.yaml", None, "", "file is 151 kB; a register file must be under 128 kB",
         "saved in the register by mistake"),
    Case("totals-do-not-add-up", (replace("metrics.yaml", "total: 3500", "total: 3600"),),
         "metrics.yaml", "total: 3600", "years.0.ghg.scope3.total",
         "scope3 total 3,600.00 ≠ sum of categories 3,500.00", "correct the total"),
    Case("latitude-out-of-range", (replace("assets/dc-north.yaml", "lat: 39.9",
                                           "lat: 116.4"),),
         "assets/dc-north.yaml", "lat: 116.4", "location.lat",
         "should be less than or equal to 90 (found the number 116.4)", "not swapped"),
    Case("percentage-above-1", (replace("assets/dc-north.yaml", "revenue_dependency: 0.2",
                                        "revenue_dependency: 20"),),
         "assets/dc-north.yaml", "revenue_dependency: 20", "revenue_dependency",
         "should be less than or equal to 1", "write 35 % as 0.35"),
    Case("duplicate-yaml-key", (replace("items/TR-01.yaml", "owner: Finance",
                                        "owner: Finance\nowner: Treasury"),),
         "items/TR-01.yaml", "owner: Treasury", "", 'duplicate key "owner"',
         "each key may appear once"),
    Case("file-name-not-id", (rename("items/TR-01.yaml", "items/TR-1.yaml"),),
         "items/TR-1.yaml", "id: TR-01", "id",
         "id 'TR-01' does not match the file name 'TR-1.yaml'", "rename the file to TR-01.yaml"),
    Case("missing-required-file", (delete("targets.yaml"),),
         "targets.yaml", None, "", "required file is missing", "create targets.yaml"),
    Case("unexpected-extra-file", (copy("metrics.yaml", "metric.yaml"),),
         "metric.yaml", None, "", "unexpected file in register", "did you mean metrics.yaml?"),
    Case("not-yaml-in-folder", (write_text("items/notes.txt", "to do\n"),),
         "items/notes.txt", None, "", "not a .yaml file", "holds only .yaml files"),
    Case("register-directory-missing", (remove_dir,),
         "", None, "", "register directory does not exist", "check the path"),
    Case("empty-value", (replace("register.yaml", "currency: CNY", "currency:"),),
         "register.yaml", "currency:", "entity.currency", "value is empty",
         "write a value after the colon"),
    Case("text-where-bilingual-text-belongs", (replace(
        "assets/dc-north.yaml",
        "name:\n  en: North data center\n  zh-Hant: 北區數據中心\n", "name: North data center\n"),),
        "assets/dc-north.yaml", "name: North", "name",
        "needs nested fields (found text 'North data center')", "en, zh-Hant"),
    Case("text-where-list-belongs", (replace("items/TR-01.yaml", "drivers: [carbon-price]",
                                             "drivers: carbon-price"),),
         "items/TR-01.yaml", "drivers: carbon-price", "drivers", "needs a list",
         "one '- value' per line"),
    Case("leased-without-lease", (replace(
        "assets/dc-south.yaml",
        "lease:\n  lessor: Example Colocation Co\n  end: 2030-06-30\n", ""),),
        "assets/dc-south.yaml", "id: dc-south", "", "leased assets need a lease section",
        "so that they agree"),
    Case("flood-depths-fall", (replace("assets/dc-north.yaml", "depth_m: [0, 0.5]",
                                       "depth_m: [0.5, 0]"),),
         "assets/dc-north.yaml", "flood:", "flood",
         "depth_m must not fall as the return period rises",
         "correct the values under 'flood'"),
    Case("year-key-not-a-year", (replace("targets.yaml", "2024: 1.33", "20x4: 1.33"),),
         "targets.yaml", "20x4: 1.33", "targets.0.actuals.20x4", "key text '20x4' is not a year",
         "keys here are years"),
    Case("horizon-gap", (replace("register.yaml", "start_years: 3", "start_years: 4"),),
         "register.yaml", "start_years: 4", "horizons.1.start_years",
         "start_years is 4, expected 3", "start each horizon where the previous one ends"),
    Case("infinite-number", (replace("assets/dc-north.yaml", "electricity_mwh: 120000",
                                     "electricity_mwh: .inf"),),
         "assets/dc-north.yaml", "electricity_mwh: .inf", "electricity_mwh",
         "should be a finite number", "annual electricity use"),
    Case("number-as-field-name", (replace("items/PR-01.yaml", "owner: Infrastructure",
                                          "owner: Infrastructure\n2024: reviewed"),),
         "items/PR-01.yaml", "2024: reviewed", "2024", "the number 2024 is not a field name",
         "field names are words"),
    Case("two-documents", (append("targets.yaml", "---\nschema_version: 1\n"),),
         "targets.yaml", "---", "", "found another document", "remove the extra '---'"),
    Case("scalar-instead-of-fields", (write_text("targets.yaml", "just some text\n"),),
         "targets.yaml", "just some text", "", "expected fields (key: value lines)",
         "'key: value' lines"),
]


def build_case(case: Case, tmp: Path) -> Path:
    """Copy the minimal register to ``tmp/<case>`` and apply the case's edits."""
    root = tmp / case.name
    shutil.copytree(MINIMAL, root)
    for edit in case.edits:
        edit(root)
    return root


def expected_line(root: Path, case: Case) -> int | None:
    """1-based number of the first line of the broken file that contains ``case.line``."""
    if case.line is None:
        return None
    if case.line == "":
        return 1
    raw = (root / case.file).read_bytes()
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if case.line.encode("utf-8") in line:
            return number
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 1
    raise AssertionError(f"line {case.line!r} not found in {case.file}")


def matching(problems: list[Problem], root: Path, case: Case) -> Problem:
    """The problem the case is about: same file and field, message containing the text."""
    want = str(root / case.file) if case.file else str(root)
    found = [p for p in problems
             if (p.path == want or Path(p.path).resolve() == Path(want).resolve())
             and p.field == case.field and case.message in p.message]
    assert found, "expected {} {!r} {!r}; got:\n{}".format(
        case.file, case.field, case.message, "\n".join(map(str, problems)))
    return found[0]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``climrisk ...`` in a subprocess; a run longer than CLI_TIMEOUT fails the test."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "climrisk.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=CLI_TIMEOUT, check=False,
    )


# --------------------------------------------------------------------------- tests


def test_minimal_register_is_valid() -> None:
    reg = load_register(MINIMAL)
    assert [a.id for a in reg.assets] == ["dc-north", "dc-south"]
    assert [i.id for i in reg.items] == ["PR-01", "TR-01"]
    assert reg.asset("dc-south").lease is not None
    assert reg.files["item:PR-01"] == "items/PR-01.yaml"


def test_at_least_24_cases() -> None:
    assert len(CASES) >= 24
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_register(case: Case, tmp_path: Path) -> None:
    root = build_case(case, tmp_path)
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    problem = matching(caught.value.problems, root, case)
    line = expected_line(root, case) if case.file else None
    assert problem.line == line, str(problem)
    if line is not None:
        assert problem.col is not None and problem.col >= 1, str(problem)
    if case.hint:
        assert problem.hint and case.hint in problem.hint, str(problem)
    else:
        assert case.message in problem.message

    result = run_cli("validate", str(root), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    shown = Path(case.name) / case.file if case.file else Path(case.name)
    where = f"{shown}:{line}:" if line is not None else f"{shown}:"
    assert f"error: {where}" in result.stderr, result.stderr
    assert case.message in result.stderr
    if case.hint:
        assert "hint: " in result.stderr
    assert not (tmp_path / SYSTEM_MARKER).exists(), "a YAML tag ran a command"
    assert not (Path.cwd() / SYSTEM_MARKER).exists(), "a YAML tag ran a command"


def test_cli_ok_on_minimal(tmp_path: Path) -> None:
    result = run_cli("validate", str(MINIMAL), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    # The one warning: inland Beijing has no sea level (the coverage mask), not an error.
    assert [ln for ln in result.stderr.splitlines() if ln.startswith(("error", "warning"))] \
        == ["warning: site dc-north: not covered by sea_level_change (no value at the site)"]


def test_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = next(c for c in CASES if c.name == "unknown-horizon")
    root = build_case(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    assert str(caught.value.problems[0]).startswith(
        f"{Path(case.name) / 'items' / 'TR-01.yaml'}:")


def test_every_problem_of_every_file_is_reported_together(tmp_path: Path) -> None:
    case = Case("several", (
        replace("assets/dc-north.yaml", "kind: self-built-data-center", "kind: datacenter"),
        replace("assets/dc-south.yaml", "lat: 22.5", "lat: 122.5"),
        replace("items/TR-01.yaml", "horizons: [long]", "horizons: [medium]"),
        replace("items/PR-01.yaml", "owner: Infrastructure", "owner: A\nowner: B"),
        replace("metrics.yaml", "total: 3500", "total: 3400"),
        delete("targets.yaml"),
    ), "", None, "", "", "")
    root = build_case(case, tmp_path)
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    shown = [(Path(p.path).relative_to(root).as_posix(), p.field) for p in caught.value.problems]
    expected = [
        ("assets/dc-north.yaml", "kind"),
        ("assets/dc-south.yaml", "location.lat"),
        ("items/PR-01.yaml", ""),
        ("items/TR-01.yaml", "horizons.0"),
        ("metrics.yaml", "years.0.ghg.scope3.total"),
        ("targets.yaml", ""),
    ]
    assert shown == expected, "\n".join(map(str, caught.value.problems))
    assert str(caught.value).startswith("6 problems in the register:")

    result = run_cli("validate", str(root), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 6, result.stderr
    assert result.stderr.count("    hint: ") == 6
    assert result.stderr.rstrip().endswith("6 problems found; fix them and run "
                                           "`climrisk validate` again")


def test_problems_of_one_file_are_all_reported(tmp_path: Path) -> None:
    case = Case("one-file", (
        replace("assets/dc-north.yaml", "kind: self-built-data-center", "kind: dc"),
        replace("assets/dc-north.yaml", "lon: 116.4", "lon: east"),
        replace("assets/dc-north.yaml", "pue: 1.3", "pue: 0.9"),
        replace("assets/dc-north.yaml", "onsite_pv_kw: 500", "onsite_pv: 500"),
    ), "", None, "", "", "")
    root = build_case(case, tmp_path)
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["kind", "location.lon", "attributes.pue", "onsite_pv"], str(caught.value)
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_problems_per_file_are_capped(tmp_path: Path) -> None:
    junk = "".join(f"note_{n}: {n}\n" for n in range(500))
    case = Case("many", (append("assets/dc-north.yaml", junk),), "", None, "", "", "")
    root = build_case(case, tmp_path)
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    problems = caught.value.problems
    assert len(problems) == 101
    assert problems[0].message == "400 more problems in this file are not listed"
    assert all(p.message.startswith("unknown field 'note_") for p in problems[1:])


def test_register_error_is_a_user_error_with_exit_code_1() -> None:
    from climrisk.errors import UserError

    err = RegisterError([Problem("a.yaml", 3, 5, "x.y", "bad", "fix it")])
    assert isinstance(err, UserError)
    assert err.exit_code == 1
    assert str(err.problems[0]) == "a.yaml:3:5: x.y: bad\n    hint: fix it"
    assert str(Problem("b.yaml", None, None, "", "missing")) == "b.yaml: missing"


def test_unquoted_scope3_category_keys_load(tmp_path: Path) -> None:
    """Analysts may write Scope 3 categories as bare numbers (``1: 3000``)."""
    case = Case("unquoted-numeric-key", (replace("metrics.yaml", '"1": 3000', "1: 3000"),),
                "metrics.yaml", "", "", "", "")
    reg = load_register(build_case(case, tmp_path))
    assert reg.metrics.years[0].ghg.scope3 is not None
    assert reg.metrics.years[0].ghg.scope3.categories["1"] == 3000
