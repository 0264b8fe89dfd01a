"""Symbolic links, special files and oversize registers: refused before anything is read.

A link's error names the link and never shows the target's path or a byte of its content,
which in CI would put a secret file into a public log.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import run, user_error

SECRET = "TOKEN=ghp_s3cr3t-value-of-the-ci-runner\nkey: AKIA-never-shown\n"
LINK_WORDS = "is a symbolic link; a register holds only regular files, and climrisk does not " \
             "follow links"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "credentials.yaml"
    path.parent.mkdir()
    path.write_text(SECRET, "utf-8")
    return path


def assert_nothing_of(secret: Path, text: str) -> None:
    assert "s3cr3t" not in text and "AKIA" not in text and "TOKEN" not in text
    assert str(secret) not in text and "credentials" not in text and "outside" not in text


@pytest.mark.parametrize(
    "rel",
    ["register.yaml", "metrics.yaml", "targets.yaml", "parameters.yaml",
     "items/PR-01.yaml", "items/NEW.yaml", "assets/dc-north.yaml", "assets/extra.yml"],
)
def test_file_link_is_refused_without_its_target(
    register_copy: Callable[..., Path], secret: Path, rel: str
) -> None:
    root = register_copy()
    link = root / rel
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert f"{link}: {LINK_WORDS}" in outcome.err
    assert_nothing_of(secret, outcome.text)


@pytest.mark.parametrize("folder", ["items", "assets"])
def test_folder_link_is_refused(register_copy: Callable[..., Path], tmp_path: Path,
                                secret: Path, folder: str) -> None:
    root = register_copy()
    target = secret.parent / folder
    (root / folder).rename(target)
    (root / folder).symlink_to(target)
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert f"{root / folder}: is a symbolic link; climrisk does not follow links" in outcome.err
    assert_nothing_of(secret, outcome.text)


def test_register_root_link_is_refused(register_copy: Callable[..., Path], tmp_path: Path,
                                       secret: Path) -> None:
    root = register_copy()
    link = tmp_path / "link-to-register"
    link.symlink_to(root)
    outcome = run("validate", str(link))
    assert outcome.code == 1
    assert "is a symbolic link; climrisk does not follow links" in outcome.err


def test_dangling_link(register_copy: Callable[..., Path], tmp_path: Path) -> None:
    root = register_copy()
    (root / "items" / "GONE.yaml").symlink_to(tmp_path / "nowhere" / "secret.yaml")
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert f"{root}/items/GONE.yaml: {LINK_WORDS}" in outcome.err
    assert "nowhere" not in outcome.text


@pytest.mark.parametrize("rel", ["items/pipe.yaml", "metrics.yaml"])
def test_fifo_is_refused_without_blocking(register_copy: Callable[..., Path], rel: str) -> None:
    root = register_copy()
    (root / rel).unlink(missing_ok=True)
    os.mkfifo(root / rel)
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert f"{root / rel}: is not a regular file (a device, pipe or socket)" in outcome.err


def test_build_refuses_a_linked_register(register_copy: Callable[..., Path], secret: Path,
                                         tmp_path: Path) -> None:
    root = register_copy()
    (root / "parameters.yaml").symlink_to(secret)
    out = tmp_path / "out"
    outcome = run("build", "--register", str(root), "--out", str(out))
    assert outcome.code == 1 and LINK_WORDS in outcome.err
    assert_nothing_of(secret, outcome.text)
    assert not out.exists()


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.fixture
def repo(register_copy: Callable[..., Path], tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    register = register_copy()
    register.rename(repo / "register")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "register")
    return repo


@pytest.mark.parametrize("rel", ["register/items/PR-01.yaml", "register/items"])
def test_diff_refuses_a_committed_link(repo: Path, secret: Path, rel: str) -> None:
    path = repo / rel
    if path.is_dir():
        os.system(f"rm -rf '{path}'")
    else:
        path.unlink()
    path.symlink_to(secret)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "link")
    # the linked revision first, so it is refused before the other one is rendered
    outcome = run("diff", "HEAD", "HEAD~1", "--register", "register", "--repo", str(repo))
    user_error(outcome, f"HEAD:{rel}: is a symbolic link; a register holds only regular files")
    assert_nothing_of(secret, outcome.text)


def test_register_over_the_file_budget(register_copy: Callable[..., Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = register_copy()
    monkeypatch.setenv("CLIMRISK_MAX_REGISTER_FILES", "5")
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert f"{root}: the register is 9 files, over the limit of 5 files; if this is intended," \
        " raise it with CLIMRISK_MAX_REGISTER_FILES=<files>" in outcome.err


def test_register_over_the_size_budget(register_copy: Callable[..., Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = register_copy()
    for n in range(20):  # 20 dense 127 kB files, as a hostile pull request might add
        (root / "items" / f"X-{n:02d}.yaml").write_text("a: [" + "1," * 63_000 + "1]\n")
    outcome = run("validate", str(root))
    assert outcome.code == 1
    assert "the register's YAML is" in outcome.err
    assert "over the limit of 2,000,000 bytes; if this is intended, raise it with " \
        "CLIMRISK_MAX_REGISTER_BYTES=<bytes>" in outcome.err


@pytest.mark.parametrize("value", ["0", "-3", "lots", "1e9"])
def test_a_bad_budget_setting_is_a_user_error(register_copy: Callable[..., Path],
                                              monkeypatch: pytest.MonkeyPatch,
                                              value: str) -> None:
    monkeypatch.setenv("CLIMRISK_MAX_REGISTER_FILES", value)
    outcome = run("validate", str(register_copy()))
    user_error(outcome, f"CLIMRISK_MAX_REGISTER_FILES={value!r}: not a positive whole number "
               "of files; unset it to use the default 5,000")
