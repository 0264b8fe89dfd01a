"""Crash-safe replacement of an output folder: a kill at every step leaves a complete old or
new copy, the next build leaves no leftovers, foreign folders are refused, builds serialise.

A crash is simulated in-process at each file-system step by raising an exception that no
handler catches (as a kill gives no handler a chance); a few steps are also killed for real
with SIGKILL in a subprocess, the lock file left behind included.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from climrisk import output_folder
from climrisk.disclosure.outputs import write_outputs
from climrisk.errors import UserError
from climrisk.output_folder import MANIFEST, manifest_bytes

OLD = {"numbers.json": b"{}\n", "en/disclosure.md": b"# old\n", "en/tables/a.csv": b"x\n1\n"}
NEW = {
    "numbers.json": b'{"v": 2}\n',
    "en/disclosure.md": b"# new\n",
    "en/tables/a.csv": b"x\n2\n",
    "en/tables/b.csv": b"y\n3\n",
}
STEPS = ("_write_file", "_exchange", "_remove", "_fsync_dir")


class Killed(BaseException):
    """Stands for SIGKILL: no ``except`` clause of the code under test catches it."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def complete(files: dict[str, bytes]) -> dict[str, bytes]:
    return {**files, MANIFEST: manifest_bytes(list(files))}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Callable[[int | None, bool], list[str]]:
    """Patch every file-system step to count itself and 'crash' before call number ``k``."""

    def arm(k: int | None, exchange: bool) -> list[str]:
        calls: list[str] = []

        def wrap(name: str, fn: Callable[..., object]) -> Callable[..., object]:
            def step(*args: object, **kwargs: object) -> object:
                calls.append(name)
                if k is not None and len(calls) == k:
                    raise Killed(name)
                return fn(*args, **kwargs)

            return step

        for name in STEPS:
            real = getattr(output_folder, name)
            if name == "_exchange" and not exchange:
                real = lambda a, b: False  # noqa: E731  (a platform without exchange)
            monkeypatch.setattr(output_folder, name, wrap(name, real))
        monkeypatch.setattr(output_folder.os, "replace", wrap("os.replace", os.replace))
        return calls

    return arm


def steps_of_a_build(tmp_path: Path, arm: Callable[[int | None, bool], list[str]],
                     exchange: bool) -> int:
    out = tmp_path / "probe" / "out"
    write_outputs(OLD, out)
    calls = arm(None, exchange)
    write_outputs(NEW, out)
    return len(calls)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "journal"])
@pytest.mark.parametrize("k", range(1, 12))
def test_crash_at_each_step_leaves_a_complete_copy_and_next_run_cleans(
    tmp_path: Path, counted: Callable[[int | None, bool], list[str]], exchange: bool, k: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    total = steps_of_a_build(tmp_path, counted, exchange)
    monkeypatch.undo()
    if k > total:
        pytest.skip(f"a build has {total} steps")
    out = tmp_path / "site" / "out"
    write_outputs(OLD, out)
    counted(k, exchange)
    with pytest.raises(Killed):
        write_outputs(NEW, out)
    monkeypatch.undo()
    # at the crash: the old or the new outputs, complete (possibly no folder only in the
    # journal mode, between its two renames, which the next run repairs)
    if out.exists():
        assert snapshot(out) in (complete(OLD), complete(NEW))
    else:
        assert not exchange
        output_folder.recover(out)
        assert snapshot(out) in (complete(OLD), complete(NEW))
    write_outputs(NEW, out)
    assert snapshot(out) == complete(NEW)
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


KILLER = """
import os, signal, sys
from pathlib import Path
from climrisk import output_folder
k, exchange = int(sys.argv[2]), sys.argv[3] == "1"
calls = []
def wrap(fn):
    def step(*a, **kw):
        calls.append(1)
        if len(calls) == k:
            os.kill(os.getpid(), signal.SIGKILL)
        return fn(*a, **kw)
    return step
for name in ("_write_file", "_exchange", "_remove", "_fsync_dir"):
    real = getattr(output_folder, name)
    if name == "_exchange" and not exchange:
        real = lambda a, b: False
    setattr(output_folder, name, wrap(real))
output_folder.os.replace = wrap(os.replace)
output_folder.replace_folder(
    {"numbers.json": b'{"v": 2}\\n', "en/disclosure.md": b"# new\\n",
     "en/tables/a.csv": b"x\\n2\\n", "en/tables/b.csv": b"y\\n3\\n"},
    Path(sys.argv[1]), legacy_marker="numbers.json")
"""


@pytest.mark.parametrize(("k", "exchange"), [(2, True), (7, True), (8, True), (8, False)])
def test_real_sigkill(tmp_path: Path, k: int, exchange: bool) -> None:
    out = tmp_path / "out"
    write_outputs(OLD, out)
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(out), str(k), "1" if exchange else "0"],
        capture_output=True, check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert (tmp_path / ".out.lock").exists()  # a real kill leaves its lock file behind
    if out.exists():
        assert snapshot(out) in (complete(OLD), complete(NEW))
    write_outputs(NEW, out)  # the stale lock is free: the kernel released the flock
    assert snapshot(out) == complete(NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_foreign_files_are_named_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(OLD, out)
    (out / "notes.txt").write_text("mine", "utf-8")
    (out / "en" / "draft.docx").write_bytes(b"mine too")
    with pytest.raises(UserError) as caught:
        write_outputs(NEW, out)
    assert str(caught.value) == (
        f"{out}: holds files that climrisk did not write (en/draft.docx, notes.txt); move "
        "them out, or choose an empty or new --out folder"
    )
    assert (out / "notes.txt").read_text("utf-8") == "mine"
    assert snapshot(out)["en/disclosure.md"] == b"# old\n"


def test_a_folder_holding_only_numbers_json_and_a_user_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "numbers.json").write_text("{}", "utf-8")
    (tmp_path / "out" / "budget.xlsx").write_bytes(b"user")
    with pytest.raises(UserError, match=r"\(budget\.xlsx\)"):
        write_outputs(NEW, tmp_path / "out")
    assert (tmp_path / "out" / "budget.xlsx").read_bytes() == b"user"


def test_a_folder_from_before_manifests_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for rel, data in OLD.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    write_outputs(NEW, out)
    assert snapshot(out) == complete(NEW)


def test_damaged_manifest_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(OLD, out)
    (out / MANIFEST).write_text("{not json", "utf-8")
    with pytest.raises(UserError, match="manifest of climrisk's outputs is damaged"):
        write_outputs(NEW, out)


def test_out_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file", "utf-8")
    with pytest.raises(UserError, match="--out is a file, not a folder"):
        write_outputs(NEW, tmp_path / "out")
    assert (tmp_path / "out").read_text("utf-8") == "a file"


def test_out_inside_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("a file", "utf-8")
    with pytest.raises(UserError, match="is a file, so no output folder can be made inside it"):
        write_outputs(NEW, tmp_path / "f" / "out")


def test_out_is_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UserError, match="--out is a symbolic link, not a folder"):
        write_outputs(NEW, tmp_path / "out")


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    write_outputs(OLD, folder / "out")
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_read_only_folder(read_only: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; the tmpfs test covers EROFS")
    with pytest.raises(UserError, match="you may not write there"):
        write_outputs(NEW, read_only / "out")
    assert snapshot(read_only / "out") == complete(OLD)


@pytest.mark.parametrize(
    ("code", "fix"),
    [
        (errno.ENOSPC, "the disk is full; free space or choose another --out"),
        (errno.EROFS, "the file system is read-only; choose another --out"),
        (errno.EACCES, "you may not write there; fix its permissions or choose another --out"),
        (errno.EDQUOT, "the disk quota is used up"),
    ],
)
def test_write_errors_are_user_errors_and_keep_the_old_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, fix: str
) -> None:
    out = tmp_path / "out"
    write_outputs(OLD, out)

    def failing(path: Path, data: bytes) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(output_folder, "_write_file", failing)
    with pytest.raises(UserError) as caught:
        write_outputs(NEW, out)
    assert fix in str(caught.value) and "The previous outputs are intact" in str(caught.value)
    assert snapshot(out) == complete(OLD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_disk_full_on_a_small_tmpfs(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        out = mount / "out"
        write_outputs(OLD, out)
        big = {**NEW, "en/big.bin": b"\0" * 200_000}
        with pytest.raises(UserError, match="the disk is full"):
            write_outputs(big, out)
        assert snapshot(out) == complete(OLD)
        assert sorted(p.name for p in mount.iterdir()) == ["out"]
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        with pytest.raises(UserError, match="read-only"):
            write_outputs(NEW, out)
        assert snapshot(out) == complete(OLD)
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_concurrent_builds_serialise(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)
    worker = threading.Thread(target=write_outputs, args=(NEW, out))
    worker.start()
    time.sleep(0.5)
    assert not out.exists()  # the second build waits
    os.unlink(lock)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    worker.join(10)
    assert snapshot(out) == complete(NEW)
    assert f"waiting: another climrisk build is writing {out}" in capfd.readouterr().err


def test_lock_times_out_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setattr(output_folder, "LOCK_WAIT_SECONDS", 0.3)
    lock = tmp_path / ".out.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(UserError, match=r"another climrisk build has held this lock"):
            write_outputs(NEW, tmp_path / "out")
    finally:
        os.close(fd)
