"""Find TrueType CJK fonts and register them with reportlab, always embedded (subset).

Roles: ``song`` (宋体, body and page numbers), ``fang`` (仿宋, body), ``hei`` (黑体: 附件 label,
table header), ``kai`` (楷体), ``title`` (小标宋 → 黑体 → 宋体).  Windows uses the installed
SimSun/SimHei/FangSong/KaiTi; Linux AR PL UMing and WenQuanYi.  A role without a font of its
own falls back to another (仿宋 → 宋体, 黑体 → 宋体 …), but there must be at least one.

Never the CID font STSong-Light (not embedded, so the printout depends on the reader's fonts),
and not Noto/Source Han CJK: their CFF outlines cannot be embedded by reportlab.

A setting to choose: ``TAIZHANG_FONTS="song=D:/fonts/simsun.ttc;hei=D:/fonts/simhei.ttf"``
(or the ``overrides`` parameter), and ``TAIZHANG_FONT_DIR`` for an extra folder searched first.
"""
from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from db.errors import KnownError

ROLES = ("song", "fang", "hei", "kai", "title")
FALLBACK = {
    "song": ("song", "fang", "kai", "hei"),
    "fang": ("fang", "song", "kai", "hei"),
    "kai": ("kai", "fang", "song", "hei"),
    "hei": ("hei", "song", "fang", "kai"),
    "title": ("title", "hei", "song", "fang"),
}

# (file name, subfont index) candidates per role, best first; searched in every font folder.
CANDIDATES: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("FZXBSJW.TTF", 0), ("fzxbsjw.ttf", 0), ("方正小标宋简体.ttf", 0),
              ("方正小标宋简体.TTF", 0), ("FZXiaoBiaoSong-B05S.ttf", 0)),
    "song": (("simsun.ttc", 0), ("SIMSUN.TTC", 0), ("simsun.ttf", 0), ("STSONG.TTF", 0),
             ("uming.ttc", 0), ("ukai.ttc", 0)),
    "fang": (("simfang.ttf", 0), ("SIMFANG.TTF", 0), ("仿宋_GB2312.ttf", 0),
             ("FangSong_GB2312.ttf", 0), ("STFANGSO.TTF", 0)),
    "hei": (("simhei.ttf", 0), ("SIMHEI.TTF", 0), ("msyh.ttc", 0), ("wqy-zenhei.ttc", 0),
            ("wqy-microhei.ttc", 0), ("STHEITI.TTF", 0)),
    "kai": (("simkai.ttf", 0), ("SIMKAI.TTF", 0), ("楷体_GB2312.ttf", 0), ("STKAITI.TTF", 0),
            ("ukai.ttc", 0)),
}

ENV_FONTS = "TAIZHANG_FONTS"
ENV_FONT_DIR = "TAIZHANG_FONT_DIR"


def font_dirs() -> list[Path]:
    dirs: list[Path] = []
    extra = os.environ.get(ENV_FONT_DIR)
    if extra:
        dirs.append(Path(extra))
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts",
                 Path("/System/Library/Fonts")]
    else:
        dirs += [Path("/usr/share/fonts/truetype/arphic"), Path("/usr/share/fonts/truetype/wqy"),
                 Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"),
                 Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                 Path.home() / ".local" / "share" / "fonts"]
    return [d for d in dirs if d.is_dir()]


def _find_file(name: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        direct = d / name
        if direct.is_file():
            return direct
    # Some distributions put fonts one level deeper (…/truetype/wqy/…).
    for d in dirs:
        try:
            for sub in d.iterdir():
                if sub.is_dir() and (sub / name).is_file():
                    return sub / name
        except OSError:
            continue
    return None


def parse_overrides(text: str) -> dict[str, str]:
    """``song=path;hei=path`` → {"song": "path", "hei": "path"} (``,`` also separates)."""
    out = {}
    for part in text.replace(",", ";").split(";"):
        if "=" in part:
            role, path = part.split("=", 1)
            role = role.strip().lower()
            if role not in ROLES:
                raise KnownError(f"字体设置中的“{role}”无效，应为：{'、'.join(ROLES)}。")
            out[role] = path.strip()
    return out


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names per role (every role filled, by fallback if needed)."""

    song: str
    fang: str
    hei: str
    kai: str
    title: str
    files: dict  # role → "path#index" actually used (for the log and the tests)

    def body(self, choice: str) -> str:
        return self.fang if choice == "fang" else self.song


_registered: dict[tuple[str, int], str] = {}
_lock = threading.Lock()


def _register(path: Path, index: int) -> str | None:
    """Register a TrueType font (embedded subset); None when it is not usable for Chinese."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    key = (str(path), index)
    with _lock:
        if key in _registered:
            return _registered[key]
        name = f"TZ{len(_registered)}-{path.stem}-{index}"
        try:
            font = TTFont(name, str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError, KeyError):  # CFF outlines, broken file …
            _registered[key] = None
            return None
        if ord("中") not in font.face.charToGlyph:
            _registered[key] = None
            return None
        pdfmetrics.registerFont(font)
        _registered[key] = name
        return name


def font_file(name: str) -> tuple[str, int] | None:
    """The file and subfont index a registered font name was made from (for printing)."""
    with _lock:
        for (path, index), registered in _registered.items():
            if registered == name:
                return path, index
    return None


def find_fonts(overrides: dict[str, str] | None = None) -> FontSet:
    """The fonts to print with; ``KnownError`` (in Chinese) when no CJK TrueType font exists."""
    wanted = dict(parse_overrides(os.environ.get(ENV_FONTS, "")))
    wanted.update(overrides or {})
    dirs = font_dirs()
    found: dict[str, str] = {}
    files: dict[str, str] = {}
    for role in ROLES:
        if role in wanted:
            path_text, _, index_text = wanted[role].partition("#")
            path = Path(path_text)
            name = _register(path, int(index_text or 0)) if path.is_file() else None
            if name is None:
                raise KnownError(
                    f"设置的字体文件“{wanted[role]}”不存在或不是可嵌入的 TrueType 中文字体。")
            found[role], files[role] = name, wanted[role]
            continue
        for file_name, index in CANDIDATES[role]:
            path = _find_file(file_name, dirs)
            if path is None:
                continue
            name = _register(path, index)
            if name is not None:
                found[role], files[role] = name, f"{path}#{index}"
                break
    if not found:
        raise KnownError(
            "没有找到可嵌入PDF的中文字体（需要宋体、黑体、仿宋等 TrueType 字体，"
            "如 Windows 的 simsun.ttc、simhei.ttf，Linux 的 AR PL UMing、文泉驿正黑）。"
            f"请安装字体，或用环境变量 {ENV_FONTS}（如 song=字体文件路径）指定。")
    chosen = {}
    for role in ROLES:
        source = next(r for r in FALLBACK[role] if r in found)
        chosen[role] = found[source]
        files.setdefault(role, files[source])
    return FontSet(files=files, **chosen)
