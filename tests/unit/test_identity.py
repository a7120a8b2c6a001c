"""The program's identity: version from pyproject.toml, icon files as scripts/make-icons.py makes them."""
import struct
import tomllib
from pathlib import Path

from desktop.identity import ICON_SIZES, RESOURCES, app_version, icon_files

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_one_in_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert app_version() == pyproject["project"]["version"]


def test_every_icon_size_is_there_as_png():
    files = icon_files()
    assert [int(p.stem.split("-")[1]) for p in files] == list(ICON_SIZES)
    for path in files:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width == height == int(path.stem.split("-")[1])


def test_the_ico_holds_16_to_256_px():
    data = (RESOURCES / "taizhang.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for n in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * n: 22 + 16 * n])
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.append(width or 256)
    assert sorted(sizes) == list(ICON_SIZES)
