"""``climrisk diff``: register and table changes between two commits of a test repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from climrisk.disclosure import revisions
from climrisk.disclosure.document import Document, compose
from climrisk.disclosure.provenance import Provenance
from climrisk.register.models import Register

from .conftest import EXAMPLE, synthetic_grid, synthetic_results

SCENARIOS = ["ssp126", "ssp245", "ngfs-nz2050"]


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    reg = root / "registers" / "example"
    shutil.copytree(EXAMPLE, reg)
    _git(root.parent, "init", "-q", str(root))
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "first")
    item = reg / "items" / "TR-01.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("Carbon pricing", "Carbon prices"),
        encoding="utf-8",
    )
    metrics = reg / "metrics.yaml"
    metrics.write_text(
        metrics.read_text(encoding="utf-8")
        .replace("scope1: 120.5", "scope1: 125.5")
        .replace("scope1_2: 102120.5", "scope1_2: 102125.5"),
        encoding="utf-8",
    )
    shutil.copy(reg / "items" / "PR-01.yaml", reg / "items" / "PR-02.yaml")
    new = reg / "items" / "PR-02.yaml"
    new.write_text(
        new.read_text(encoding="utf-8").replace("id: PR-01", "id: PR-02"), encoding="utf-8"
    )
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "second")
    return root


def fake_document(register: Register, grid: object, grid_file: object, **_: object) -> Document:
    return compose(
        register,
        synthetic_results(register, SCENARIOS),
        synthetic_grid(SCENARIOS),
        Provenance("test", {}, {}, 10, 1),
    )


def test_diff_lists_register_and_table_changes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revisions, "document_for", fake_document)
    monkeypatch.setattr(revisions, "open_grid", lambda path: None)
    monkeypatch.setattr(revisions, "default_grid_path", lambda: EXAMPLE / "register.yaml")
    text = revisions.revision_diff(repo, "HEAD~1", "HEAD", "registers/example")
    assert text.startswith("## Disclosure diff `")
    assert "- added: item PR-02" in text
    assert "| item TR-01 | `title.en` | Carbon pricing | Carbon prices |" in text
    assert "| metrics 2024 | `ghg.scope1` | 120.5 | 125.5 |" in text
    assert "#### e-5 Greenhouse gas emissions" in text
    assert "| Scope 1 | 2024 | 120.5 | 125.5 |" in text
    assert "| Scope 1 and 2 | 2024 | 102,120 | 102,126 |" in text
    assert "{" not in text.split("### Tables")[1]  # no JSON in the table changes
    assert "rows added: PR-02" in text


def test_unknown_revision_is_a_user_error(repo: Path) -> None:
    from climrisk.errors import UserError

    with pytest.raises(UserError, match="git"):
        revisions.revision_diff(repo, "no-such-rev", "HEAD", "registers/example")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"value": 2409.0, "estimate": True, "evidence": "e-4a/PR-01"}, "2,409 (E)"),
        ({"value": {"low": 2409.0, "high": 2587.0}, "estimate": True}, "2,409–2,587 (E)"),
        ({"low": 1.3, "high": 2.4}, "1.3–2.4"),
        ({"tag": "band-low", "en": "Low", "zh-Hant": "低"}, "Low"),
        (["flood", "heat"], "flood, heat"),
        ([], "(none)"),
        (None, "—"),
        (True, "yes"),
        (1234567, "1,234,567"),
        (0.123456789, "0.123457"),
        ("two\n  lines", "two lines"),
    ],
)
def test_values_are_shown_as_a_reader_reads_them(value: object, text: str) -> None:
    assert revisions.shown(value) == text


def test_values_that_differ_never_show_the_same_text() -> None:
    before, after = revisions.shown_pair(2409.0000001, 2409.0000002)
    assert before != after
    assert (before, after) == ("2,409.0000001", "2,409.0000002")
    long_a = "A" * 150 + " first wording of the tail"
    long_b = "A" * 150 + " second wording of the tail"
    cut_a, cut_b = revisions.shown_pair(long_a, long_b)
    assert cut_a != cut_b and "first" in cut_a and "second" in cut_b
    assert len(cut_a) <= revisions.WIDTH and cut_a.startswith("…")


def test_shown_values_cannot_become_markdown() -> None:
    before, _ = revisions.shown_pair("| x | ![img](http://e/x.png)", "y")
    assert before == r"\| x \| !\[img\](http://e/x.png)"
