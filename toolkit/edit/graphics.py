"""Graphics in the brand kit's colours, font and logo, drawn with Pillow per output size.

Each graphic is drawn once per output geometry as a PNG (cards full frame, overlays only as big
as their box, with transparency) and composited inside the render's ffmpeg graph
(:mod:`toolkit.media.timeline_graph`), never frame by frame in Python. Sizes follow the frame
(``unit`` = the shorter side / 1080) and everything stays inside the union of the platforms' safe
zones (``presets.SafeZone``, REFERENCE.md) plus a small margin:

* top row of the safe area: the running timer (left) and the logo (right);
* below it, centred: a title/text band or the scoreboard;
* above the caption box (:func:`toolkit.captions.burn.safe_box`): lower thirds, so captions and
  names never cover each other.

Overlays shown at the same time that would cover each other are moved apart
(:mod:`toolkit.edit.overlay_layout`); a clash with no room left is reported per output.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.coaching.qr import qr_image
from toolkit.edit.timeline import Card, Overlay, Timeline
from toolkit.media.timeline_graph import ImageOverlay

Box = tuple[int, int, int, int]
MARGIN = 0.03  # share of the shorter side kept free inside the safe zone


@dataclass
class Drawn:
    """The drawn graphics of one output: card images by clip id, overlays in order, and the
    overlays that still cover each other (:mod:`toolkit.edit.overlay_layout`)."""

    cards: dict[str, Path] = field(default_factory=dict)
    overlays: tuple[ImageOverlay, ...] = ()
    clashes: tuple[Any, ...] = ()


def rgb(hex_colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    """``#RRGGBB`` -> RGBA tuple."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha


@lru_cache(maxsize=64)
def font(size: int, bold: bool = True, name: str = "Roboto") -> Any:
    """The brand font at ``size`` px (the bundled Roboto when the brand's font is not found)."""
    from PIL import ImageFont

    from toolkit.resources import fonts_dir

    folder = fonts_dir()
    weight = "Bold" if bold else "Regular"
    for candidate in (folder / f"{name}-{weight}.ttf", folder / f"Roboto-{weight}.ttf"):
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size=max(6, size))
    return ImageFont.load_default()


def fit_font(text: str, max_w: float, size: int, bold: bool = True, name: str = "Roboto") -> Any:
    """The largest font up to ``size`` px in which ``text`` fits ``max_w`` pixels."""
    f = font(size, bold, name)
    width = f.getlength(text)
    if width > max_w and width > 0:
        f = font(max(6, int(size * max_w / width)), bold, name)
    return f


class Painter:
    """Draws the graphics of one output size (see the module docstring)."""

    def __init__(self, timeline: Timeline, width: int, height: int, zone: Box,
                 logo: Path | None) -> None:
        self.t, self.w, self.h = timeline, width, height
        self.brand = timeline.brand
        self.unit = min(width, height) / 1080
        m = round(MARGIN * min(width, height))
        self.area = (zone[0] + m, zone[1] + m, zone[2] - m, zone[3] - m)
        self.logo = logo

    # --- overlays -------------------------------------------------------------------------

    def row_height(self) -> int:
        """Height of the top row (timer, logo)."""
        return round(110 * self.unit)

    def logo_image(self) -> Any:
        from PIL import Image

        if self.logo is None:
            return None
        img = Image.open(self.logo).convert("RGBA")
        side = self.row_height()
        img.thumbnail((side * 2, side))
        return img

    def band(self, lines: list[str], kind: str) -> tuple[Any, int, int]:
        """Title/text band or scoreboard, centred below the top row."""
        from PIL import Image, ImageDraw

        x0, y0, x1, _ = self.area
        max_w = x1 - x0
        pad = round(24 * self.unit)
        text = " ".join(lines) if kind != "score" else lines[0]
        f = fit_font(text, max_w - 2 * pad, round(64 * self.unit), name=self.brand.font)
        box_h = round(f.size * 1.25) + 2 * pad
        box_w = min(max_w, round(f.getlength(text)) + 2 * pad)
        img = Image.new("RGBA", (box_w, box_h), rgb(self.brand.primary, 235))
        draw = ImageDraw.Draw(img)
        draw.text((box_w / 2, box_h / 2), text, font=f, fill=rgb(self.brand.text), anchor="mm")
        top = y0 + self.row_height() + round(20 * self.unit)
        return img, x0 + (max_w - box_w) // 2, top

    def lower_third(self, lines: list[str]) -> tuple[Any, int, int]:
        """Name (big, on the primary colour) and role (smaller, on the secondary colour)."""
        from PIL import Image, ImageDraw

        from toolkit.captions.burn import safe_box

        x0, _, x1, _ = self.area
        max_w = round((x1 - x0) * 0.9)
        pad = round(20 * self.unit)
        name, role = (lines + ["", ""])[:2]
        f1 = fit_font(name, max_w - 2 * pad, round(66 * self.unit), name=self.brand.font)
        f2 = fit_font(role, max_w - 2 * pad, round(40 * self.unit), False, self.brand.font)
        h1, h2 = round(f1.size * 1.3) + pad, (round(f2.size * 1.4) + pad) if role else 0
        w = min(max_w, round(max(f1.getlength(name), f2.getlength(role))) + 2 * pad)
        img = Image.new("RGBA", (w, h1 + h2), (0, 0, 0, 0))
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, 0, w, h1), fill=rgb(self.brand.primary))
        draw.text((pad, h1 / 2), name, font=f1, fill=rgb(self.brand.text), anchor="lm")
        if role:
            draw.rectangle((0, h1, w, h1 + h2), fill=rgb(self.brand.secondary, 230))
            draw.text((pad, h1 + h2 / 2), role, font=f2, fill=rgb(self.brand.text), anchor="lm")
        bottom = min(safe_box(self.w, self.h).y0, self.area[3]) - round(16 * self.unit)
        return img, x0, max(self.area[1], bottom - (h1 + h2))

    def timer_frame(self, seconds: float) -> Any:
        """One image of the running timer (``m:ss``)."""
        from PIL import Image, ImageDraw

        side = self.row_height()
        f = font(round(side * 0.55), True, self.brand.font)
        s = max(0, int(math.ceil(seconds)))
        text = f"{s // 60}:{s % 60:02d}"
        w = round(f.getlength("0:00")) + round(40 * self.unit)
        img = Image.new("RGBA", (w, side), rgb(self.brand.secondary, 225))
        draw = ImageDraw.Draw(img)
        draw.text((w / 2, side / 2), text, font=f, fill=rgb(self.brand.highlight), anchor="mm")
        return img

    # --- cards ----------------------------------------------------------------------------

    def card(self, card: Card) -> Any:
        """A full-frame title or end card."""
        from PIL import Image, ImageDraw

        img = Image.new("RGB", (self.w, self.h), rgb(self.brand.secondary)[:3])
        draw = ImageDraw.Draw(img)
        x0, y0, x1, y1 = self.area
        max_w = x1 - x0
        y = y0 + round(20 * self.unit)
        logo = self.logo_image()
        if logo is not None:
            img.paste(logo, ((self.w - logo.width) // 2, y), logo)
            y += logo.height + round(30 * self.unit)
        sizes = [92, 60, 52] if card.kind == "title" else [80, 52, 48]
        for i, line in enumerate(card.lines):
            f = fit_font(line, max_w, round(sizes[min(i, 2)] * self.unit), i == 0,
                         self.brand.font)
            lh = round(f.size * 1.35)
            if i == 0:
                draw.rectangle((x0, y, x1, y + lh + round(16 * self.unit)),
                               fill=rgb(self.brand.primary)[:3])
                y += round(8 * self.unit)
            draw.text((self.w / 2, y + lh / 2), line, font=f, fill=rgb(self.brand.text)[:3],
                      anchor="mm")
            y += lh + round(24 * self.unit)
        if card.kind == "end" and card.url:
            y = self._url_and_qr(img, draw, card, y, y1)
        return img

    def _url_and_qr(self, img: Any, draw: Any, card: Card, y: int, bottom: int) -> int:
        x0, _, x1, _ = self.area
        f = fit_font(card.url, x1 - x0, round(44 * self.unit), False, self.brand.font)
        draw.text((self.w / 2, y + f.size / 2), card.url, font=f,
                  fill=rgb(self.brand.highlight)[:3], anchor="mm")
        y += round(f.size * 1.6)
        if card.qr:
            side = min(x1 - x0, bottom - y, round(0.45 * min(self.w, self.h)))
            if side >= 21:
                qr = qr_image(card.url, side)
                img.paste(qr, ((self.w - qr.width) // 2, y))
                y += qr.height
        return y


def draw_output(timeline: Timeline, planned: Any, folder: Path, work: Path) -> Drawn:
    """Draw every card and overlay of ``timeline`` for one planned output.

    Args:
        timeline: The timeline.
        planned: The :class:`~toolkit.edit.plan.PlannedOutput` (size, safe zone).
        folder: Project folder (the logo path is relative to it).
        work: Folder for the images (deleted after the render).
    """
    w, h = planned.width, planned.height
    target = work / f"{w}x{h}"
    target.mkdir(parents=True, exist_ok=True)
    logo = folder / timeline.brand.logo if timeline.brand.logo else None
    painter = Painter(timeline, w, h, planned.zone().box(w, h),
                      logo if logo is not None and logo.is_file() else None)
    drawn = Drawn()
    for clip in timeline.clips:
        if clip.card is not None:
            path = target / f"card-{clip.id}.png"
            painter.card(clip.card).save(path)
            drawn.cards[clip.id] = path
    found = [(ov, _overlay(painter, ov, target / f"{i:02d}-{ov.kind}"))
             for i, ov in enumerate(timeline.overlays)]
    found = [(ov, placed) for ov, placed in found if placed is not None]
    drawn.overlays, drawn.clashes = _arrange(painter, found)
    return drawn


def _arrange(p: Painter, found: list[tuple[Overlay, tuple[ImageOverlay, tuple[int, int]]]]
             ) -> tuple[tuple[ImageOverlay, ...], tuple[Any, ...]]:
    """The overlays moved apart where they would cover each other, and the clashes left."""
    from dataclasses import replace

    from toolkit.edit.overlay_layout import Placed, arrange, label

    boxes = [Placed(ov.kind, label(ov.kind, ov.lines), img.x, img.y, size[0], size[1],
                    img.start, img.end) for ov, (img, size) in found]
    moved, clashes = arrange(boxes, p.area, round(12 * p.unit))
    return (tuple(replace(img, x=box.x, y=box.y) for (_, (img, _s)), box in zip(found, moved)),
            tuple(clashes))


def _overlay(p: Painter, ov: Overlay, stem: Path
             ) -> tuple[ImageOverlay, tuple[int, int]] | None:
    """The overlay drawn at its home, and its size (None: nothing to draw)."""
    if ov.kind == "logo":
        img = p.logo_image()
        if img is None:
            return None
        x, y = p.area[2] - img.width, p.area[1]
    elif ov.kind == "timer":
        return _timer(p, ov, stem)
    elif ov.kind == "lower_third":
        img, x, y = p.lower_third(ov.lines)
    elif ov.kind == "score":
        a, b = (ov.lines + ["A", "B"])[:2]
        sa, sb = (list(ov.values) + [0, 0])[:2]
        img, x, y = p.band([f"{a}  {sa:g} : {sb:g}  {b}"], "score")
    else:
        img, x, y = p.band(ov.lines, ov.kind)
    path = stem.with_suffix(".png")
    img.save(path)
    return ImageOverlay(path, int(x), int(y), ov.start, ov.end), img.size


def _timer(p: Painter, ov: Overlay, stem: Path) -> tuple[ImageOverlay, tuple[int, int]]:
    limit = ov.values[0] if ov.values else ov.end - ov.start
    count = int(math.ceil(ov.end - ov.start)) + 1  # the last image lasts to the end
    size = (0, 0)
    for i in range(count):
        img = p.timer_frame(limit - i)
        img.save(f"{stem}_{i:04d}.png")
        size = (max(size[0], img.width), max(size[1], img.height))
    return ImageOverlay(Path(f"{stem}_%04d.png"), p.area[0], p.area[1], ov.start, ov.end,
                        rate=1.0), size
