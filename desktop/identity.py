"""Who the program is: its name, version (from pyproject.toml) and icon files."""
from __future__ import annotations

from pathlib import Path

APP_DISPLAY_NAME = "专班台账"  # tr: data (the program's name, as the exe and the CLI spell it)
RESOURCES = Path(__file__).resolve().with_name("resources")
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# Files ``taizhang FILE`` opens (dropped on the exe, 打开方式): a ledger, or a plan to import
# (the importers' suffixes, exports.importers.SUPPORTED_SUFFIXES).
LEDGER_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def app_version() -> str:
    """The version in pyproject.toml: from the installed metadata (also in the frozen bundle),
    else from pyproject.toml of a source checkout."""
    from importlib import metadata

    try:
        return metadata.version("taizhang")
    except metadata.PackageNotFoundError:
        pass
    pyproject = RESOURCES.parents[1] / "pyproject.toml"
    try:
        import tomllib

        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "未知"  # tr: data (the version, also printed by the CLI)


def icon_files() -> list[Path]:
    """The PNGs of the application icon that exist (made by scripts/make-icons.py)."""
    return [p for size in ICON_SIZES
            if (p := RESOURCES / "icons" / f"taizhang-{size}.png").is_file()]


def app_icon():
    """The application icon as a QIcon with every size (empty if the files are missing)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
