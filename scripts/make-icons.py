#!/usr/bin/env python3
"""Render desktop/resources/taizhang.svg (and taizhang-small.svg for 16–24 px) into the PNGs and the Windows .ico the program uses.

    .venv/bin/python scripts/make-icons.py

Writes desktop/resources/icons/taizhang-<size>.png (16 … 256 px) and desktop/resources/taizhang.ico
(every size, PNG-compressed entries, as Windows Vista and later read them). The outputs are
checked in, so a build needs no SVG renderer; run this again after editing the SVG.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "desktop" / "resources"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
SMALL = 24  # up to this size the pixel-grid drawing taizhang-small.svg is used


def render_png(renderer, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (ICONDIR, ICONDIRENTRY…, data)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, blobs = b"", b""
    offset = 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderers = {}
    for name in ("taizhang.svg", "taizhang-small.svg"):
        renderers[name] = QSvgRenderer(str(RESOURCES / name))
        if not renderers[name].isValid():
            print(f"make-icons: {name} is not a valid SVG", file=sys.stderr)
            return 1
    out = RESOURCES / "icons"
    out.mkdir(exist_ok=True)
    pngs = {size: render_png(renderers["taizhang-small.svg" if size <= SMALL else "taizhang.svg"],
                             size) for size in SIZES}
    for size, png in pngs.items():
        (out / f"taizhang-{size}.png").write_bytes(png)
    (RESOURCES / "taizhang.ico").write_bytes(ico_bytes(pngs))
    print(f"make-icons: {len(pngs)} PNGs in {out.relative_to(ROOT)}, "
          f"{(RESOURCES / 'taizhang.ico').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
