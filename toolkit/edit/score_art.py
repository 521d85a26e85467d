"""The scoreboard: both names and the score, entering with a short scale-in, held to its end.

A score overlay (:class:`~toolkit.edit.timeline.Overlay` ``kind="score"``) carries
``lines = [name A, name B, kicker, result]`` (kicker and result only on the final verdict:
"Endstand", "Sieg für Lena!") and ``values = [a, b]`` or ``[a, b, a before, b before]``: a score
that just changed shows the new number in the highlight colour. Layout: the two names on panels
in the secondary colour left and right of the score on the primary colour, all measured from the
texts (names wrap onto two lines or shrink; never wider than the safe area).

The entrance (:data:`ENTRANCE` seconds, ≤ 0.5 s) is a short image sequence at the video's frame
rate: the board grows from :data:`START_SCALE` to full size and fades in; its last image is the
board itself, held until the overlay ends.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from toolkit.edit.text_fit import fit_text
from toolkit.edit.timeline import Overlay
from toolkit.media.timeline_graph import ImageOverlay

ENTRANCE = 0.4
START_SCALE = 0.55


def _num(v: float) -> str:
    return f"{v:g}"


def scoreboard(p: Any, ov: Overlay) -> Any:
    """The finished board (RGBA) at the painter's size."""
    from PIL import Image, ImageDraw

    u, f = p.unit, p.brand.font
    names = (list(ov.lines) + ["", "", "", ""])[:4]
    values = list(ov.values) + [0.0] * (2 - len(ov.values))
    before = values[2:4] if len(values) >= 4 else values[:2]
    pad = round(18 * u)
    score = fit_text(f"{_num(values[0])} : {_num(values[1])}", p.max_w * 0.4, round(84 * u),
                     max_lines=1, name=f)
    name_w = (p.max_w - score.width - 2 * pad) / 2 - 2 * pad
    a = fit_text(names[0], name_w, round(48 * u), max_lines=2, name=f, align="right")
    b = fit_text(names[1], name_w, round(48 * u), max_lines=2, name=f, align="left")
    side = max(a.width, b.width) + 2 * pad
    mid = score.width + 2 * pad
    row_h = max(a.height, b.height, score.height) + 2 * pad
    width = 2 * side + mid
    extra = [fit_text(text, width - 2 * pad, round(size * u), max_lines=2, name=f)
             if text else None for text, size in ((names[2], 40), (names[3], 54))]
    kick_h = extra[0].height + 2 * pad if extra[0] else 0
    res_h = extra[1].height + 2 * pad if extra[1] else 0
    img = Image.new("RGBA", (width, kick_h + row_h + res_h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    y = 0
    if extra[0]:
        d.rectangle((0, 0, width - 1, kick_h - 1), fill=p.colour("highlight"))
        extra[0].draw(d, (width - extra[0].width) / 2, pad, p.colour("secondary"))
        y = kick_h
    d.rectangle((0, y, side - 1, y + row_h - 1), fill=p.colour("secondary", 240))
    d.rectangle((side + mid, y, width - 1, y + row_h - 1), fill=p.colour("secondary", 240))
    d.rectangle((side, y, side + mid - 1, y + row_h - 1), fill=p.colour("primary"))
    a.draw(d, side - pad - a.width, y + (row_h - a.height) / 2, p.colour("text"))
    b.draw(d, side + mid + pad, y + (row_h - b.height) / 2, p.colour("text"))
    _score_text(p, d, score, values, before, side + pad, y + (row_h - score.height) / 2)
    if extra[1]:
        top = y + row_h
        d.rectangle((0, top, width - 1, top + res_h - 1), fill=p.colour("secondary", 240))
        extra[1].draw(d, (width - extra[1].width) / 2, top + pad, p.colour("highlight"))
    return img


def _score_text(p: Any, d: Any, score: Any, values: list[float], before: list[float],
                x: float, y: float) -> None:
    """The score, each changed number redrawn in the highlight colour (same font, same
    place: the line's origin plus the advance of what precedes the number)."""
    score.draw(d, x, y, p.colour("text"))
    line = score.lines[0]
    right = _num(values[1])
    origin = (x - score.font.getbbox(line, anchor="ls")[0], y + score.extent()[2])
    for changed, start, text in ((values[0] != before[0], 0, _num(values[0])),
                                 (values[1] != before[1], len(line) - len(right), right)):
        if changed:
            d.text((round(origin[0] + score.font.getlength(line[:start])), round(origin[1])),
                   text, font=score.font, fill=p.colour("highlight"), anchor="ls")


def entrance_frame(board: Any, progress: float) -> Any:
    """The board at ``progress`` (0..1) of its entrance: scaled about its centre and faded
    in, on a transparent image of the board's size (1: the board itself)."""
    from PIL import Image

    if progress >= 1.0:
        return board
    ease = 1 - (1 - max(0.0, progress)) ** 3
    scale = START_SCALE + (1 - START_SCALE) * ease
    w, h = max(1, round(board.width * scale)), max(1, round(board.height * scale))
    small = board.resize((w, h), Image.Resampling.LANCZOS)
    alpha = small.getchannel("A").point(lambda a: round(a * (0.2 + 0.8 * ease)))
    small.putalpha(alpha)
    out = Image.new("RGBA", board.size, (0, 0, 0, 0))
    out.alpha_composite(small, ((board.width - w) // 2, (board.height - h) // 2))
    return out


def score_overlays(p: Any, ov: Overlay, stem: Path
                   ) -> tuple[list[ImageOverlay], tuple[int, int]]:
    """The board's entrance sequence (held on its last image) at its home, and its size."""
    board = scoreboard(p, ov)
    x, y = p.band_place(board)
    frames = max(2, int(math.floor(ENTRANCE * p.fps)) + 1)
    for k in range(frames):
        entrance_frame(board, k / (frames - 1)).save(f"{stem}_{k:04d}.png", compress_level=1)
    return ([ImageOverlay(Path(f"{stem}_%04d.png"), int(x), int(y), ov.start, ov.end,
                          rate=p.fps, hold=True)], board.size)
