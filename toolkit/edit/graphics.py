"""Graphics in the brand kit's colours, font and logo, drawn with Pillow per output size.

Each graphic is drawn once per output geometry as a PNG (cards full frame, overlays only as big
as their box, with transparency) and composited inside the render's ffmpeg graph
(:mod:`toolkit.media.timeline_graph`), never frame by frame in Python. Every box is laid out from
its text's measured size (:mod:`toolkit.edit.text_fit`: the same font object measures and
draws; long words wrap or hyphenate, then the size shrinks), so text never leaves its box, and
every box is at most as big as the safe area: the union of the output's platforms' safe zones
(``presets.SafeZone``) minus a margin. Sizes follow the frame (``unit`` = shorter side / 1080).

* top row of the safe area: the round timer (left, big) and the logo (right);
* below it, centred: a title/text band or the scoreboard;
* above the caption box (:func:`toolkit.captions.burn.safe_box`): lower thirds and the call
  to action.

Moving graphics are short image sequences overlaid in the same pass: the timer
(:mod:`toolkit.edit.timer_art`) and the scoreboard's entrance (:mod:`toolkit.edit.score_art`).
Overlays shown at the same time that would cover each other are moved apart
(:mod:`toolkit.edit.overlay_layout`); a clash with no room left is reported per output. Given
the faces the output shows, lower thirds and the call to action also move off them (the render
draws the cards first, :func:`draw_cards`, since the faces follow the pieces' looks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.edit.text_fit import fit_text
from toolkit.edit.timeline import Card, Overlay, Timeline
from toolkit.media.timeline_graph import ImageOverlay

Box = tuple[int, int, int, int]
MARGIN = 0.03  # share of the shorter side kept free inside the safe zone


@dataclass
class Drawn:
    """The drawn graphics of one output: card images by clip id, overlays in order (an
    animated overlay may be several images), and the overlays that still cover each other."""

    cards: dict[str, Path] = field(default_factory=dict)
    overlays: tuple[ImageOverlay, ...] = ()
    clashes: tuple[Any, ...] = ()
    groups: tuple[tuple[int, ...], ...] = ()
    """Per timeline overlay: the indices of its images in :attr:`overlays`."""


def rgb(hex_colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    """``#RRGGBB`` -> RGBA tuple."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha


class Painter:
    """Draws the graphics of one output size (see the module docstring)."""

    def __init__(self, timeline: Timeline, width: int, height: int, zone: Box,
                 logo: Path | None) -> None:
        self.t, self.w, self.h = timeline, width, height
        self.brand = timeline.brand
        self.unit = min(width, height) / 1080
        self.fps = float(timeline.rate)
        m = round(MARGIN * min(width, height))
        self.area = (zone[0] + m, zone[1] + m, zone[2] - m, zone[3] - m)
        self.logo = logo

    def colour(self, name: str, alpha: int = 255) -> tuple[int, int, int, int]:
        """A brand colour (``primary``, ``secondary``, ``text``, ``highlight``) as RGBA."""
        return rgb(getattr(self.brand, name), alpha)

    @property
    def max_w(self) -> int:
        """Width of the safe area."""
        return self.area[2] - self.area[0]

    def row_height(self) -> int:
        """Height of the top row (logo; the timer is taller and pushes bands down)."""
        return round(110 * self.unit)

    def logo_image(self, side: int | None = None) -> Any:
        """The logo fitted into ``side`` × 2·``side`` (default: the top row)."""
        from PIL import Image

        if self.logo is None:
            return None
        img = Image.open(self.logo).convert("RGBA")
        side = side or self.row_height()
        img.thumbnail((min(side * 2, self.max_w), side))
        return img

    def band(self, lines: list[str], cta: bool = False) -> Any:
        """A title/text band: the text on up to 3 balanced lines, padded, in the primary
        colour (at most the safe area's width); a call to action in the highlight colour."""
        from PIL import Image, ImageDraw

        pad = round(20 * self.unit)
        block = fit_text(" ".join(x for x in lines if x), self.max_w - 2 * pad,
                         round(64 * self.unit), max_lines=3, name=self.brand.font)
        img = Image.new("RGBA", (block.width + 2 * pad, block.height + 2 * pad),
                        self.colour("highlight" if cta else "primary", 245))
        block.draw(ImageDraw.Draw(img), pad, pad, self.colour("secondary" if cta else "text"))
        return img

    def lower_third(self, lines: list[str]) -> Any:
        """Name (big, on the primary colour) and role (smaller, on the secondary colour), both
        bars as wide as the wider text."""
        from PIL import Image, ImageDraw

        pad = round(20 * self.unit)
        max_w = round(self.max_w * 0.9) - 2 * pad
        name, role = (lines + ["", ""])[:2]
        f = self.brand.font
        top = fit_text(name, max_w, round(66 * self.unit), max_lines=1, name=f, align="left")
        low = (fit_text(role, max_w, round(40 * self.unit), max_lines=2, bold=False, name=f,
                        align="left") if role else None)
        w = max(top.width, low.width if low else 0) + 2 * pad
        h1 = top.height + 2 * pad
        h2 = low.height + round(1.6 * pad) if low else 0
        img = Image.new("RGBA", (w, h1 + h2), (0, 0, 0, 0))
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, 0, w - 1, h1 - 1), fill=self.colour("primary"))
        top.draw(draw, pad, pad, self.colour("text"))
        if low:
            draw.rectangle((0, h1, w - 1, h1 + h2 - 1), fill=self.colour("secondary", 235))
            low.draw(draw, pad, h1 + round(0.8 * pad), self.colour("text"))
        return img

    def lower_third_place(self, img: Any) -> tuple[int, int]:
        """Home of a lower third: left, just above the caption box."""
        from toolkit.captions.burn import safe_box

        bottom = min(safe_box(self.w, self.h).y0, self.area[3]) - round(16 * self.unit)
        return self.area[0], max(self.area[1], bottom - img.height)

    def band_place(self, img: Any) -> tuple[int, int]:
        """Home of a band or scoreboard: centred in the area, below the top row."""
        x0, y0, _x1, _y1 = self.area
        return x0 + (self.max_w - img.width) // 2, y0 + self.row_height() + round(20 * self.unit)

    def card(self, card: Card) -> Any:
        """A full-frame title or end card (:mod:`toolkit.edit.cards`)."""
        from toolkit.edit.cards import draw_card

        return draw_card(self, card)


def draw_output(timeline: Timeline, planned: Any, folder: Path, work: Path,
                faces: Sequence[Any] = ()) -> Drawn:
    """Draw every card and overlay of ``timeline`` for one planned output.

    Args:
        timeline: The timeline.
        planned: The :class:`~toolkit.edit.plan.PlannedOutput` (size, safe zone).
        folder: Project folder (the logo path is relative to it).
        work: Folder for the images (deleted after the render).
        faces: Faces the output shows (:class:`~toolkit.edit.overlay_layout.Placed` of kind
            ``face``, with their times): lower thirds and the call to action keep off them.
    """
    return draw_overlays(timeline, planned, folder, work, draw_cards(timeline, planned, folder,
                                                                     work), faces)


def draw_cards(timeline: Timeline, planned: Any, folder: Path, work: Path) -> Drawn:
    """Only the cards of :func:`draw_output` (the looks of the pieces need them; the faces
    the overlays keep off need the looks)."""
    painter = _painter(timeline, planned, folder)
    drawn = Drawn()
    for clip in timeline.clips:
        if clip.card is not None:
            path = _target(planned, work) / f"card-{clip.id}.png"
            painter.card(clip.card).save(path, compress_level=1)
            drawn.cards[clip.id] = path
    return drawn


def draw_overlays(timeline: Timeline, planned: Any, folder: Path, work: Path, drawn: Drawn,
                  faces: Sequence[Any] = ()) -> Drawn:
    """``drawn`` (its cards) with the overlays of :func:`draw_output` drawn and placed."""
    painter = _painter(timeline, planned, folder)
    target = _target(planned, work)
    found = [(ov, _overlay(painter, ov, target / f"{i:02d}-{ov.kind}"))
             for i, ov in enumerate(timeline.overlays)]
    found = [(ov, placed) for ov, placed in found if placed is not None]
    overlays, groups, clashes = _arrange(painter, found, faces)
    return replace(drawn, overlays=overlays, groups=groups, clashes=clashes)


def _painter(timeline: Timeline, planned: Any, folder: Path) -> Painter:
    w, h = planned.width, planned.height
    logo = folder / timeline.brand.logo if timeline.brand.logo else None
    return Painter(timeline, w, h, planned.zone().box(w, h),
                   logo if logo is not None and logo.is_file() else None)


def _target(planned: Any, work: Path) -> Path:
    target = work / f"{planned.width}x{planned.height}"
    target.mkdir(parents=True, exist_ok=True)
    return target


Found = tuple[Overlay, tuple[list[ImageOverlay], tuple[int, int]]]


def _arrange(p: Painter, found: list[Found], faces: Sequence[Any] = ()
             ) -> tuple[tuple[ImageOverlay, ...], tuple[tuple[int, ...], ...], tuple[Any, ...]]:
    """The overlays moved apart where they would cover each other, and the clashes left."""
    from toolkit.edit.overlay_layout import Placed, arrange, label

    boxes = [Placed(ov.kind, label(ov.kind, ov.lines), imgs[0].x, imgs[0].y, size[0], size[1],
                    ov.start, ov.end) for ov, (imgs, size) in found]
    # a timer shown elsewhere for a while (on a split screen's seam): a fixed box there too
    away = [Placed("timer", label(ov.kind, ov.lines), img.x, img.y, size[0], size[1],
                   *(img.shown or (img.start, img.end)))
            for ov, (imgs, size) in found for img in imgs
            if (img.x, img.y) != (imgs[0].x, imgs[0].y)]
    moved, clashes = arrange(boxes + away, p.area, round(12 * p.unit), faces)
    moved = moved[:len(boxes)]
    out: list[ImageOverlay] = []
    groups: list[tuple[int, ...]] = []
    for (_ov, (imgs, _size)), box, home in zip(found, moved, boxes):
        dx, dy = box.x - home.x, box.y - home.y
        groups.append(tuple(range(len(out), len(out) + len(imgs))))
        out += [replace(img, x=img.x + dx, y=img.y + dy) for img in imgs]
    return tuple(out), tuple(groups), tuple(clashes)


def _overlay(p: Painter, ov: Overlay, stem: Path
             ) -> tuple[list[ImageOverlay], tuple[int, int]] | None:
    """The overlay's images at its home, and its box size (None: nothing to draw)."""
    if ov.kind == "timer":
        from toolkit.edit.timer_art import timer_overlays

        return timer_overlays(p, ov, stem)
    if ov.kind == "score":
        from toolkit.edit.score_art import score_overlays

        return score_overlays(p, ov, stem)
    if ov.kind == "logo":
        img = p.logo_image()
        if img is None:
            return None
        x, y = p.area[2] - img.width, p.area[1]
    elif ov.kind == "lower_third":
        img = p.lower_third(ov.lines)
        x, y = p.lower_third_place(img)
    elif ov.kind == "cta":
        img = p.band(ov.lines, cta=True)
        _x, y = p.lower_third_place(img)
        x = p.area[0] + (p.max_w - img.width) // 2
    else:
        img = p.band(ov.lines)
        x, y = p.band_place(img)
    path = stem.with_suffix(".png")
    img.save(path, compress_level=1)
    return [ImageOverlay(path, int(x), int(y), ov.start, ov.end)], img.size
