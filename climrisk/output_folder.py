"""Replace an output folder so that a complete old or new copy exists at every instant.

The new files are written to a staging folder beside the target, with the manifest (the list
of every file climrisk wrote) last, so a staging folder holding its manifest is complete. The
staging folder then trades places with the target in one ``renameat2(RENAME_EXCHANGE)`` call
where Linux and the file system offer it. Elsewhere the target is moved aside and the staging
folder moved in; the folder names are the journal that the next run reads to finish or roll
back a replacement that a crash interrupted:

- target missing, a complete staging folder present: the crash came between the two renames;
  the staging folder is moved in (roll forward);
- target missing, only the moved-aside old folder present: the old folder is moved back;
- anything else left beside the target (staging, moved-aside) is deleted.

A folder is replaced only when climrisk wrote everything in it: its manifest (or, for a folder
from before manifests, the files a build writes) lists every file it holds. Otherwise the
build stops and names the files that are not climrisk's. Builds of one folder serialise on a
lock file beside it, so two CI jobs cannot interleave their renames.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from climrisk.errors import UserError

MANIFEST = ".climrisk-manifest.json"
"""Written last into every output folder: which program wrote it and every file it holds."""

LOCK_WAIT_SECONDS = 600.0
"""How long a build waits for another build of the same folder before giving up."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
SHOWN_FOREIGN = 10


def manifest_bytes(paths: list[str]) -> bytes:
    """The manifest of an output folder holding ``paths`` (deterministic, for ``--check``)."""
    body = {"written_by": "climrisk", "files": sorted(p for p in paths if p != MANIFEST)}
    return (json.dumps(body, indent=1) + "\n").encode()


def replace_folder(files: dict[str, bytes], out_dir: Path, *, legacy_marker: str) -> None:
    """Make ``out_dir`` hold exactly ``files`` (relative path → bytes) plus the manifest.

    ``legacy_marker`` names the file every folder written before manifests holds; such a
    folder is replaced only when all it holds are files of this build.
    Raises ``UserError`` (with the path and the fix) for every problem the user can fix:
    foreign files, a target that is a file, an unwritable or full disk, a build in progress.
    """
    out_dir = Path(os.path.abspath(out_dir))
    files = {**files, MANIFEST: manifest_bytes(list(files))}
    parent = out_dir.parent
    _make_parent(parent)
    with _locked(parent / f".{out_dir.name}.lock"):
        recover(out_dir)
        if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
            raise UserError(
                f"{out_dir}: --out is {'a symbolic link' if out_dir.is_symlink() else 'a file'}"
                ", not a folder; give a folder path (it is created when missing)"
            )
        if out_dir.exists():
            _refuse_foreign(out_dir, set(files), legacy_marker)
        staging = _stage(files, out_dir)
        _swap_in(staging, out_dir)


def recover(out_dir: Path) -> None:
    """Finish or roll back a replacement of ``out_dir`` that was interrupted, then tidy up."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    staged = sorted(parent.glob(f".{glob_escape(out_dir.name)}.new-*"))
    retired = sorted(parent.glob(f".{glob_escape(out_dir.name)}.old-*"))
    if not out_dir.exists() and not out_dir.is_symlink():
        complete = [s for s in staged if (s / MANIFEST).is_file()]
        if complete:
            os.replace(complete[-1], out_dir)
        elif retired:
            os.replace(retired[-1], out_dir)
    for leftover in [*staged, *retired]:
        if leftover.exists() or leftover.is_symlink():
            _remove(leftover)


def glob_escape(name: str) -> str:
    """``name`` with glob metacharacters made literal."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _make_parent(parent: Path) -> None:
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(
            f"{parent}: is a file, so no output folder can be made inside it; give another --out"
        ) from None
    except OSError as exc:
        raise _os_error(parent, exc) from None


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock``; wait (saying so) while another build holds it.

    The lock file is removed on release. A waiter that wakes holding a file already removed
    opens it again, so two builds never both believe they hold the lock.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    told = False
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise _os_error(lock.parent, exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if not told:
                print(
                    f"waiting: another climrisk build is writing {lock.parent / lock.name[1:-5]}"
                    f" (lock file {lock})",
                    file=sys.stderr,
                )
                told = True
            if time.monotonic() > deadline:
                raise UserError(
                    f"{lock}: another climrisk build has held this lock for over "
                    f"{LOCK_WAIT_SECONDS:.0f} s; wait for it to finish, or stop it"
                ) from None
            time.sleep(0.2)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        finally:
            os.close(fd)


def _refuse_foreign(out_dir: Path, produced: set[str], legacy_marker: str) -> None:
    foreign = foreign_files(out_dir, produced, legacy_marker)
    if foreign:
        raise UserError(f"{out_dir}: {foreign_text(foreign)}; move them out, or choose an "
                        "empty or new --out folder")


def foreign_text(foreign: list[str]) -> str:
    """``holds files that climrisk did not write (a, b and 3 more)``."""
    shown = ", ".join(foreign[:SHOWN_FOREIGN])
    if len(foreign) > SHOWN_FOREIGN:
        shown += f" and {len(foreign) - SHOWN_FOREIGN} more"
    return f"holds files that climrisk did not write ({shown})"


def foreign_files(out_dir: Path, produced: set[str] | None, legacy_marker: str) -> list[str]:
    """The files in ``out_dir`` that climrisk did not write, which a build refuses to replace
    (none for a missing or empty folder). A folder from before manifests is judged by the
    files a build ``produced``; with ``None`` (not built yet) it is taken as climrisk's."""
    if not out_dir.is_dir() or out_dir.is_symlink():
        return []
    try:
        present = {p.relative_to(out_dir).as_posix(): p for p in out_dir.rglob("*")}
    except OSError as exc:
        raise _os_error(out_dir, exc) from None
    held = {rel for rel, p in present.items() if not p.is_dir() or p.is_symlink()}
    if not held:
        return []
    manifest = out_dir / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        try:
            listed = set(json.loads(manifest.read_text("utf-8"))["files"]) | {MANIFEST}
        except (OSError, ValueError, KeyError, TypeError):
            raise UserError(
                f"{manifest}: the manifest of climrisk's outputs is damaged, so climrisk cannot "
                "tell its files from yours; move your files out and delete the folder, or "
                "give another --out"
            ) from None
    elif legacy_marker in held:
        listed = held if produced is None else produced
    else:
        listed = set()
    return sorted(held - listed)


def _stage(files: dict[str, bytes], out_dir: Path) -> Path:
    """A complete copy of the new outputs beside ``out_dir``, the manifest written last."""
    staging = out_dir.parent / f".{out_dir.name}.new-{os.getpid()}-{time.time_ns()}"
    try:
        staging.mkdir()
        for rel, data in sorted(files.items(), key=lambda kv: kv[0] == MANIFEST):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_file(path, data)
        os.chmod(staging, 0o755)
        _fsync_dir(staging)
    except OSError as exc:
        _remove(staging)
        raise _os_error(out_dir.parent, exc) from None
    return staging


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(staging: Path, out_dir: Path) -> None:
    try:
        if not out_dir.exists():
            os.replace(staging, out_dir)
        elif _exchange(staging, out_dir):
            _remove(staging)  # now the old outputs
        else:
            retired = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.time_ns()}"
            os.replace(out_dir, retired)
            os.replace(staging, out_dir)
            _remove(retired)
        _fsync_dir(out_dir.parent)
    except OSError as exc:
        recover(out_dir)
        raise _os_error(out_dir.parent, exc) from None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; ``False`` where the platform or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _os_error(where: Path, exc: OSError) -> UserError:
    """The user's view of a failed write: what, where, and how to fix it."""
    fixes = {
        errno.ENOSPC: "the disk is full; free space or choose another --out",
        errno.EDQUOT: "the disk quota is used up; free space or choose another --out",
        errno.EROFS: "the file system is read-only; choose another --out",
        errno.EACCES: "you may not write there; fix its permissions or choose another --out",
        errno.EPERM: "you may not write there; fix its permissions or choose another --out",
        errno.ENOTDIR: "a part of the path is a file, not a folder; choose another --out",
        errno.ENAMETOOLONG: "the path is too long; choose a shorter --out",
    }
    fix = fixes.get(exc.errno or 0, "check the folder and choose another --out if need be")
    reason = exc.strerror or str(exc)
    return UserError(
        f"{where}: cannot write the outputs ({reason}); {fix}. The previous outputs are intact"
    )
