"""Burned-in captions: fonts, safe caption area, font fitting and the ASS-file callable.

Contract with the media engine (:mod:`toolkit.products.reformat`, :mod:`toolkit.products.export`):
captions are burned INSIDE the same single ffmpeg pass, as the last video filter. The engine
takes ``subtitles: Callable[[int, int], Path]`` (output width, height -> ASS file made for that
size) and ``fonts_dir``; :func:`ass_writer` builds that callable and :func:`fonts_dir` the folder::

    from toolkit.captions.burn import ass_writer
    from toolkit.resources import fonts_dir
    reformat(src, dst, "9:16", subtitles=ass_writer(track, load_style("social"), workdir=tmp),
             fonts_dir=fonts_dir())

The caption area on 9:16 is the box that clears every platform's UI (x 65-900, y 960-1240 on
1080x1920, :data:`toolkit.platforms.CAPTION_BOX_9X16`), scaled to the output size; other
aspect ratios use the title-safe area near the bottom. The font size shrinks when the widest
line or the lines' height would not fit that box.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from toolkit.atomic import atomic_write_text
from toolkit.captions.ass import Box, build_ass, display
from toolkit.captions.placement import FaceTrack, event_boxes, free_area, place_track
from toolkit.captions.shaping import CaptionTrack
from toolkit.captions.styles import CaptionStyle
from toolkit.platforms import CAPTION_BOX_9X16
from toolkit.resources import font, font_file, fonts_dir

SubtitleFactory = Callable[[int, int], Path]
_LANDSCAPE: Final = (0.10, 0.62, 0.90, 0.92)  # x0, y0, x1, y1 as shares of the frame
_SQUARE: Final = (0.08, 0.58, 0.92, 0.90)
_SAFETY: Final = 0.97


def safe_box(width: int, height: int) -> Box:
    """Where captions may appear on a ``width`` x ``height`` frame."""
    if height / width >= 1.6:
        x0, y0, x1, y1 = CAPTION_BOX_9X16
        return Box(round(x0 * width / 1080), round(y0 * height / 1920),
                   round(x1 * width / 1080), round(y1 * height / 1920))
    shares = _LANDSCAPE if width / height >= 1.3 else _SQUARE
    return Box(round(shares[0] * width), round(shares[1] * height),
               round(shares[2] * width), round(shares[3] * height))


def text_box(style: CaptionStyle, width: int, height: int) -> Box:
    """The safe box shrunk by outline, shadow and box padding (all must stay inside)."""
    ref = min(width, height)
    box = safe_box(width, height)
    edge = (style.box_padding if style.box else style.outline) * ref
    inset, drop = int(round(edge)) + 1, int(round(style.shadow * ref))
    return Box(box.x0 + inset, box.y0 + inset, box.x1 - inset - drop, box.y1 - inset - drop)


@lru_cache(maxsize=2)
def _em_per_unit(bold: bool) -> float:
    """Em size per ASS font-size unit (libass scales fonts by usWinAscent + usWinDescent)."""
    from fontTools.ttLib import TTFont

    ttf = TTFont(str(font_file(bold=bold)), lazy=True)
    os2 = ttf["OS/2"]
    return ttf["head"].unitsPerEm / (os2.usWinAscent + os2.usWinDescent)


def line_width(text: str, font_px: float, bold: bool) -> float:
    """Width in pixels of one line of Roboto at ASS size ``font_px``."""
    em = font_px * _em_per_unit(bold)
    return font(100, bold).getlength(text) * em / 100.0


def fit_font_px(track: CaptionTrack, style: CaptionStyle, width: int, height: int) -> float:
    """The style's font size, reduced until every caption fits the safe text box."""
    box = text_box(style, width, height)
    font_px = style.size * min(width, height)
    lines = [display(" ".join(w.text for w in line), style)
             for e in track.events for line in e.lines]
    widest = max((line_width(t, font_px, style.bold) for t in lines), default=0.0)
    rows = max((len(e.lines) for e in track.events), default=1)
    scale = 1.0
    if widest > box.width:
        scale = box.width / widest
    if rows * font_px * 1.05 > box.height:
        scale = min(scale, box.height / (rows * font_px * 1.05))
    return font_px * (scale * _SAFETY if scale < 1.0 else 1.0)


def write_ass(track: CaptionTrack, style: CaptionStyle, width: int, height: int,
              path: str | os.PathLike[str], faces: FaceTrack | None = None,
              voices: Mapping[str, str] | None = None) -> Path:
    """Write the ASS file of ``track`` for one output size (UTF-8, atomically).

    Args:
        track: The captions (times of the output video).
        style: The caption style.
        width: Output width.
        height: Output height.
        path: Where to write.
        faces: Faces in the output frame over time; captions are moved off them unless the
            style is ``pinned``.
        voices: Colour per speaker (``Word.speaker`` -> ``#RRGGBB``): each person's words are
            drawn in it.
    """
    font_px = fit_font_px(track, style, width, height)
    box = text_box(style, width, height)
    positions = None
    if faces is not None and faces.samples and not style.pinned:
        positions = caption_positions(track, style, width, height, font_px, faces)
    text = build_ass(track, style, width, height, box, font_px, positions, voices)
    return atomic_write_text(path, text)


def caption_positions(track: CaptionTrack, style: CaptionStyle, width: int, height: int,
                      font_px: float, faces: FaceTrack) -> list[tuple[int, int] | None]:
    """Per event, the bottom centre it moves to so it covers no face (None: stays)."""
    ref = min(width, height)
    edge = (style.box_padding if style.box else style.outline + style.shadow) * ref
    widths = [max((line_width(display(" ".join(w.text for w in line), style), font_px,
                              style.bold) for line in e.lines), default=0.0)
              for e in track.events]
    boxes = event_boxes(track, widths, font_px, edge, text_box(style, width, height),
                        middle=style.position == "middle")
    placed = place_track(track.events, boxes, faces, free_area(width, height))
    return [None if new == old else ((new.x0 + new.x1) // 2, round(new.y1 - edge))
            for old, new in zip(boxes, placed)]


def ass_writer(track: CaptionTrack | Callable[[int, int], CaptionTrack], style: CaptionStyle,
               brand: Mapping[str, Any] | Any | None = None,
               workdir: str | os.PathLike[str] | None = None,
               faces: Callable[[int, int], FaceTrack | None] | None = None,
               voices: Mapping[str, str] | None = None) -> SubtitleFactory:
    """The callable the media engine burns in: ``(width, height) -> ASS file``.

    Args:
        track: Captions with times of the OUTPUT video (shift them if the export trims), or
            ``(width, height) -> CaptionTrack`` shaped for each output size.
        style: The caption style.
        brand: Brand kit (mapping or object) whose colours and font override the style.
        workdir: Folder for the ASS files (default: a folder in the temp directory).
        faces: ``(width, height) -> FaceTrack`` of the output; captions move off the faces
            (see :mod:`toolkit.captions.placement`).
        voices: Caption colour per speaker (name -> ``#RRGGBB``).

    Returns:
        A function writing (once per size) and returning ``captions-<style>-<w>x<h>.ass``.
    """
    import tempfile

    styled = style.with_brand(brand) if brand is not None else style
    folder = Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="machmal-"))
    made: dict[tuple[int, int], Path] = {}

    def subtitles(width: int, height: int) -> Path:
        key = (int(width), int(height))
        if key not in made:
            shaped = track(*key) if callable(track) else track
            made[key] = write_ass(shaped, styled, *key,
                                  folder / f"captions-{styled.name}-{key[0]}x{key[1]}.ass",
                                  faces(*key) if faces is not None else None, voices)
        return made[key]

    return subtitles


def ass_filter(stream: Any, ass_path: str | os.PathLike[str]) -> Any:
    """Apply libass to an ffmpeg-python video stream (the last filter before encoding)."""
    return stream.filter("ass", filename=str(ass_path), fontsdir=str(fonts_dir()))
