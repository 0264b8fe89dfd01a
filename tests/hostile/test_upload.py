"""The app's register upload: budgets, unsafe members, a private fresh folder per upload, and
a register that validates but cannot run falling back to the last good one."""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from climrisk import appdata
from climrisk.errors import RegisterError, UserError
from tests.hostile.conftest import MINIMAL


def register_zip(extra: dict[str, bytes] | None = None, folder: str = "reg",
                 compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for path in sorted(MINIMAL.rglob("*.yaml")):
            archive.writestr(f"{folder}/{path.relative_to(MINIMAL).as_posix()}",
                             path.read_bytes())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_good_upload_unpacks_into_a_fresh_private_folder(tmp_path: Path) -> None:
    data = register_zip()
    first = appdata.unpack_register_zip(data, tmp_path)
    second = appdata.unpack_register_zip(data, tmp_path)
    assert first != second  # never reused, so nothing planted beforehand is picked up
    for root in (first, second):
        assert (root / "register.yaml").is_file()
        assert stat.S_IMODE(os.stat(root.parent).st_mode) == 0o700
        assert root.parent.name.startswith("climrisk-upload-")
    assert appdata.load_register(first).main.entity.name.en == "Example Cloud Ltd"


def test_default_location_is_the_system_temp_dir_with_an_unguessable_name() -> None:
    root = appdata.unpack_register_zip(register_zip())
    try:
        assert root.parent.parent == Path(__import__("tempfile").gettempdir())
        assert len(root.parent.name) > len("climrisk-upload-") + 6
    finally:
        __import__("shutil").rmtree(root.parent)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.yaml", "../evil.yaml: unsafe path in the zip; zip the folder itself"),
        ("/etc/evil.yaml", "/etc/evil.yaml: unsafe path in the zip"),
        ("reg\\..\\..\\evil.yaml", "unsafe path in the zip"),
        ("C:/evil.yaml", "C:/evil.yaml: unsafe path in the zip"),
        ("reg/items/../../../x.yaml", "unsafe path in the zip"),
    ],
)
def test_unsafe_member_paths_are_refused(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        appdata.unpack_register_zip(register_zip({name: b"x: 1\n"}), tmp_path / "u")
    assert message in str(caught.value)
    assert not (tmp_path / "u").exists() or not any((tmp_path / "u").iterdir())


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO(register_zip())
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo("reg/items/LINK.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(UserError, match=r"reg/items/LINK\.yaml: is a symbolic link"):
        appdata.unpack_register_zip(buffer.getvalue(), tmp_path)


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIMRISK_MAX_UPLOAD_ENTRIES", "6")
    with pytest.raises(UserError) as caught:
        appdata.unpack_register_zip(register_zip(), tmp_path)
    assert str(caught.value) == (
        "the upload zip is 7 entries, over the limit of 6 entries; if this is intended, raise "
        "it with CLIMRISK_MAX_UPLOAD_ENTRIES=<entries>"
    )


def test_zip_bomb_is_refused_from_its_declared_size(tmp_path: Path) -> None:
    bomb = register_zip({"reg/items/BOMB.yaml": b"a" * 30_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(UserError, match=r"unpacked zip is 30,00\d,\d{3} bytes, over the limit"):
        appdata.unpack_register_zip(bomb, tmp_path)
    assert not any(tmp_path.iterdir())


def test_an_oversize_upload_is_refused_unopened(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"upload is 20,000,001 bytes, over the limit"):
        appdata.unpack_register_zip(b"\0" * 20_000_001, tmp_path)


@pytest.mark.parametrize(
    "data", [b"", b"PK\x03\x04broken", b"not a zip", b"PK\x05\x06" + b"\0" * 18]
)
def test_not_a_zip(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(UserError,
                       match=r"not a zip file|holds no register\.yaml|cannot be unpacked"):
        appdata.unpack_register_zip(data, tmp_path)


def test_zip_without_register(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UserError, match=r"the zip holds no register\.yaml"):
        appdata.unpack_register_zip(buffer.getvalue(), tmp_path)
    assert not any(tmp_path.iterdir())


def test_19_mb_upload_is_settled_quickly(tmp_path: Path) -> None:
    """19 MB of dense YAML in 127 kB files: refused by the register budget, not parsed.

    The time is printed for the record (``-s``), never asserted.
    """
    dense = ("a: [" + "1," * 63_000 + "1]\n").encode()
    files = {f"reg/items/X-{n:03d}.yaml": dense for n in range(150)}
    data = register_zip(files, compression=zipfile.ZIP_STORED)
    assert 18_500_000 < len(data) < 20_000_000
    start = time.perf_counter()
    root = appdata.unpack_register_zip(data, tmp_path)
    with pytest.raises(RegisterError) as caught:
        appdata.load_register(root)
    elapsed = time.perf_counter() - start
    print(f"\n19 MB upload ({len(data) / 1e6:.1f} MB packed, "
          f"{150 * len(dense) / 1e6:.1f} MB unpacked) settled in {elapsed:.2f} s")
    assert "over the limit of 2,000,000 bytes" in str(caught.value)


def test_budget_setting_raises_the_limit(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIMRISK_MAX_UPLOAD_BYTES", "40000000")
    bomb = register_zip({"reg/items/BIG.yaml": b"a" * 30_000_000})
    root = appdata.unpack_register_zip(bomb, tmp_path)
    assert (root / "items" / "BIG.yaml").stat().st_size == 30_000_000


def test_an_upload_with_a_site_outside_the_grid_is_analysed_with_it_not_assessed(
    app_factory: Callable[[], object],
) -> None:
    from tests.app.conftest import zip_register

    at = app_factory().run()  # type: ignore[attr-defined]
    outside = zip_register(MINIMAL, lambda name, text: text.replace(
        "lat: 39.9", "lat: -45.0") if name == "assets/dc-north.yaml" else text)
    at.file_uploader(key="register_zip").set_value(("far.zip", outside, "application/zip")).run()
    assert not at.exception
    assert not at.error
    assert at.session_state["source"].register_origin == "uploaded far.zip"
    assert any("not assessed, not zero" in w.value for w in at.warning)
    at.switch_page("views/register.py").run()
    assert not at.exception and at.title[0].value == "Risk register"
