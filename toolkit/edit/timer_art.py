"""The round timer: big digits in the brand's colours, pre-drawn and overlaid as sequences.

A timer overlay (:class:`~toolkit.edit.timeline.Overlay` ``kind="timer"``) is shown from
``start`` to ``end``; its clock runs from ``clock_start`` and counts ``values[0]`` seconds down
(shown standing at the full time before that). Drawn per output size as up to three image
overlays of one fixed box, so the render stays one ffmpeg pass with three cheap overlays:

* the standing full time (one image) until the clock starts;
* one image per second while more than 3 seconds are left;
* the last 3 seconds at 10 images per second: digits in the highlight colour on the primary
  colour, each new second popping in larger; ``0`` stays until the round ends.

Home: top left of the safe area; during an upright split screen on the seam between the two
halves (centred), like the TV format.

What second shows when is :func:`shown_value` (also used by tests and sound cues).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from toolkit.resources import font
from toolkit.edit.timeline import Overlay
from toolkit.media.timeline_graph import ImageOverlay

LAST = 3  # emphasised final seconds
TAIL_RATE = 10.0  # images per second of the emphasised part
POP = 0.25  # seconds a new final second takes to settle
POP_SCALE = 0.22  # how much larger it starts


def timer_text(value: int, length: float) -> str:
    """``1:05``, ``0:45``: minutes and seconds, like a stopwatch."""
    del length
    return f"{value // 60}:{value % 60:02d}"


def shown_value(elapsed: float, length: float) -> int:
    """The whole seconds left ``elapsed`` seconds after the clock started (ceil, >= 0)."""
    return max(0, math.ceil(round(length - max(0.0, elapsed), 6)))


class TimerArt:
    """The timer's look at one output size (every image has the same size)."""

    def __init__(self, painter: Any, length: float) -> None:
        self.p, self.length = painter, length
        u = painter.unit
        self.size = round(132 * u)
        self.pad = round(24 * u)
        self.bar = max(3, round(12 * u))
        widest = max((timer_text(v, length) for v in range(int(math.ceil(length)) + 1)),
                     key=lambda s: font(self.size, True, painter.brand.font).getlength(s))
        big = font(round(self.size * (1 + POP_SCALE)), True, painter.brand.font)
        box = big.getbbox(widest.replace("1", "0"), anchor="ls")
        cap = font(self.size, True, painter.brand.font).getbbox("0:", anchor="ls")
        self.w = min(painter.max_w, box[2] - box[0] + 2 * self.pad)
        self.h = (cap[3] - cap[1]) + 2 * self.pad + self.bar

    def image(self, value: int, urgent: bool = False, pop: float = 0.0) -> Any:
        """One image: ``value`` seconds left; ``urgent``: the last seconds' colours; ``pop``
        0..1 how far a new second is still enlarged."""
        from PIL import Image, ImageDraw

        p = self.p
        img = Image.new("RGBA", (self.w, self.h), p.colour("primary" if urgent else "secondary"))
        draw = ImageDraw.Draw(img)
        size = round(self.size * (1 + POP_SCALE * pop))
        f = font(size, True, p.brand.font)
        text = timer_text(value, self.length)
        box = f.getbbox(text, anchor="ls")
        room_w, room_h = self.w - 2 * self.pad, self.h - self.bar - 2 * self.pad
        while (box[2] - box[0] > room_w + 2 * self.pad * pop or
               box[3] - box[1] > room_h + 2 * self.pad * pop) and size > 8:
            size = int(size * 0.95)
            f = font(size, True, p.brand.font)
            box = f.getbbox(text, anchor="ls")
        cx, cy = self.w / 2, (self.h - self.bar) / 2
        draw.text((round(cx - (box[0] + box[2]) / 2), round(cy - (box[1] + box[3]) / 2)), text,
                  font=f, fill=p.colour("highlight" if urgent else "text"), anchor="ls")
        share = min(1.0, value / self.length) if self.length > 0 else 0.0
        if round(self.w * share) >= 1:
            draw.rectangle((0, self.h - self.bar, round(self.w * share) - 1, self.h - 1),
                           fill=p.colour("highlight" if urgent else "primary"))
        return img


def timer_overlays(p: Any, ov: Overlay, stem: Path
                   ) -> tuple[list[ImageOverlay], tuple[int, int]]:
    """The timer's image overlays at its home (top left of the safe area) and its size."""
    length = float(round(ov.values[0] if ov.values else ov.end - ov.start))
    art = TimerArt(p, length)
    clock = ov.clock_start if ov.clock_start is not None else ov.start
    x, y = p.area[0], p.area[1]
    out: list[ImageOverlay] = []
    if clock > ov.start:
        path = stem.with_name(stem.name + "_lead.png")
        art.image(int(length)).save(path, compress_level=1)
        out.append(ImageOverlay(path, x, y, ov.start, min(clock, ov.end)))
    calm_end = min(ov.end, clock + length - LAST)
    if calm_end > clock:
        count = int(math.ceil(calm_end - clock - 1e-6))
        for i in range(count):
            art.image(shown_value(i, length)).save(f"{stem}_{i:04d}.png", compress_level=1)
        out.append(ImageOverlay(Path(f"{stem}_%04d.png"), x, y, clock, calm_end, rate=1.0,
                                hold=True))
    tail_start = max(clock, clock + length - LAST)
    if ov.end > tail_start:
        frames = int(math.ceil((min(ov.end, clock + length) - tail_start) * TAIL_RATE)) + 1
        for j in range(frames):
            elapsed = tail_start - clock + j / TAIL_RATE
            value = shown_value(elapsed, length)
            since = value - (length - elapsed)  # seconds since this value appeared
            pop = max(0.0, 1.0 - since / POP) if value else 0.0
            art.image(value, urgent=True, pop=pop).save(f"{stem}_t{j:04d}.png", compress_level=1)
        out.append(ImageOverlay(Path(f"{stem}_t%04d.png"), x, y, tail_start, ov.end,
                                rate=TAIL_RATE, hold=True))
    return _at_the_seam(p, out, art), (art.w, art.h)


def _at_the_seam(p: Any, images: list[ImageOverlay], art: TimerArt) -> list[ImageOverlay]:
    """During an upright split screen the timer sits on the seam between the two duelists
    (like the TV format); elsewhere at its home. Each image overlay is cut at the split's
    edges (its images still count from the same start)."""
    from dataclasses import replace

    from toolkit.edit.layout import split_direction

    splits = [(c.start, c.end) for c in p.t.clips if c.kind == "split"]
    if not splits or split_direction(p.w, p.h) != "v":
        return images
    seam = (p.area[0] + (p.max_w - art.w) // 2, p.h // 2 - art.h // 2)
    out = []
    for img in images:
        cuts = sorted({img.start, img.end, *(t for s in splits for t in s
                                             if img.start < t < img.end)})
        for a, b in zip(cuts, cuts[1:]):
            inside = any(s <= a and b <= e for s, e in splits)
            x, y = seam if inside else (img.x, img.y)
            out.append(replace(img, x=x, y=y, shown=(a, b)))
    return out
