"""The trend chart as a PNG picture (Pillow, no Qt) for the briefing: one line per count
(已完成, 进度滞后, 逾期, 未报送) over the months, labelled so it reads in black and white too
(each line has its own marker and its last value written beside it)."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

from db.trend import TrendPoint
from exports.fonts import find_fonts

if TYPE_CHECKING:
    from PIL import ImageDraw

SERIES = (  # label, attribute of UnitCounts, colour, marker
    ("已完成", "done", (21, 101, 192), "circle"),
    ("进度滞后", "lagging", (230, 145, 56), "square"),
    ("逾期", "overdue", (211, 47, 47), "triangle"),
    ("未报送", "not_reported", (110, 110, 110), "diamond"),
)


def _font(size: int):
    from PIL import ImageFont

    files = find_fonts().files
    path, _, index = files["hei"].partition("#")
    return ImageFont.truetype(path, size, index=int(index or 0))


def _marker(draw: ImageDraw.ImageDraw, kind: str, x: float, y: float, r: float, colour) -> None:
    if kind == "circle":
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    elif kind == "square":
        draw.rectangle((x - r, y - r, x + r, y + r), fill=colour)
    elif kind == "triangle":
        draw.polygon([(x, y - r * 1.2), (x - r * 1.1, y + r), (x + r * 1.1, y + r)], fill=colour)
    else:
        draw.polygon([(x, y - r * 1.3), (x + r * 1.2, y), (x, y + r * 1.3), (x - r * 1.2, y)],
                     fill=colour)


def integer_axis(largest: int, most_ticks: int = 6) -> tuple[int, int]:
    """(axis maximum, tick step) for counts up to ``largest``: whole-number steps of 1, 2 or 5
    times a power of ten, at most ``most_ticks`` intervals, the maximum a multiple of the step
    above ``largest`` (room for the bar's end)."""
    largest = max(0, int(largest))
    step, scale = 1, 1
    while True:
        for factor in (1, 2, 5):
            step = factor * scale
            if -(-largest // step) <= most_ticks - 1:
                top = step * (largest // step + 1)
                return top, step
        scale *= 10


def trend_png(points: list[TrendPoint], *, width: int = 1800, height: int = 900,
              unit: str | None = None) -> bytes:
    """The chart of the plan's counts (or one lead unit's, ``unit``) by month."""
    def counts(point: TrendPoint):
        if unit is None:
            return point.plan
        return point.by_unit.get(unit)

    from PIL import Image, ImageDraw  # here: the window imports SERIES and integer_axis at start

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    text_font, small_font = _font(46), _font(40)
    left, right, top, bottom = 120, width - 150, 130, height - 100
    values = [[getattr(counts(p), attr, 0) if counts(p) else 0 for p in points]
              for _label, attr, _colour, _marker_kind in SERIES]
    top_value, step = integer_axis(max([0] + [v for series in values for v in series]))

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / top_value

    def x_of(index: int) -> float:
        if len(points) == 1:
            return (left + right) / 2
        return left + (right - left) * index / (len(points) - 1)

    for tick in range(0, top_value + 1, step):   # whole-number gridlines
        y = y_of(tick)
        draw.line((left, y, right, y), fill=(220, 220, 220), width=2)
        draw.text((left - 16, y), str(tick), font=small_font, fill=(80, 80, 80), anchor="rm")
    draw.line((left, bottom, right, bottom), fill=(60, 60, 60), width=3)
    for index, point in enumerate(points):
        label = f"{int(point.month[5:])}月"   # the year is in the caption
        draw.text((x_of(index), bottom + 18), label, font=small_font, fill=(60, 60, 60),
                  anchor="ma")
    legend_x = left
    for (label, _attr, colour, marker), series in zip(SERIES, values):
        coords = [(x_of(i), y_of(v)) for i, v in enumerate(series)]
        if len(coords) > 1:
            draw.line(coords, fill=colour, width=6, joint="curve")
        for x, y in coords:
            _marker(draw, marker, x, y, 11, colour)
        _marker(draw, marker, legend_x + 14, 50, 12, colour)
        draw.text((legend_x + 36, 50), label, font=text_font, fill=(40, 40, 40), anchor="lm")
        legend_x += 60 + draw.textlength(label, font=text_font) + 40
    # The last values beside the line ends, pushed apart so equal counts stay readable.
    ends = sorted(((y_of(series[-1]), str(series[-1]), colour)
                   for (_l, _a, colour, _m), series in zip(SERIES, values)), key=lambda e: e[0])
    gap, placed = 42, []
    for y, text, colour in ends:
        y = max(y, placed[-1] + gap) if placed else y
        placed.append(y)
        draw.text((x_of(len(points) - 1) + 22, y), text, font=small_font, fill=colour,
                  anchor="lm")
    draw.text((right + 130, 50), "单位：项", font=small_font, fill=(80, 80, 80), anchor="rm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(300, 300))
    return buffer.getvalue()
