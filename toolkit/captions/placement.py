"""Captions never cover a face: each caption is placed where no detected face is.

Burned captions sit at the style's position (bottom of the platform's caption area, or the
middle). A talking head filmed on a phone often has its mouth exactly there. So, by default, each
caption event is checked against the faces seen during its time span and moved above or below
them, inside the area no platform UI covers (:func:`free_area`); the position nearest to the
style's wins. A style with ``pinned: true`` keeps its position on purpose.

Faces come from a cheap detection over the caption track's time span (OpenCV Haar cascades on
small grey frames, two per second, :mod:`toolkit.media.faces`), mapped into the output frame
with the same crop/fit geometry the render uses (:func:`toolkit.media.render.crop_box`,
:func:`~toolkit.media.render.fit_size`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from toolkit.captions.ass import Box
from toolkit.captions.shaping import CaptionEvent, CaptionTrack

SAMPLES_PER_SECOND: Final = 2.0
MAX_SAMPLES: Final = 60
FACE_MARGIN: Final = 0.12  # grow face boxes by this share of their height (hair, chin)
TIME_SLACK: Final = 0.5    # faces seen this long before/after a caption count for it
_FREE_9X16: Final = (65, 270, 900, 1240)  # clear of Reels/TikTok/Shorts/Stories UI on 1080x1920


@dataclass(frozen=True)
class FaceTrack:
    """Faces over time in OUTPUT pixels: ``(time in seconds of the output, boxes)``."""

    samples: tuple[tuple[float, tuple[Box, ...]], ...] = ()

    def during(self, start: float, end: float) -> list[Box]:
        """Faces seen from ``start - TIME_SLACK`` to ``end + TIME_SLACK``."""
        return [b for t, boxes in self.samples if start - TIME_SLACK <= t <= end + TIME_SLACK
                for b in boxes]


def free_area(width: int, height: int) -> Box:
    """Where captions may go at all: clear of every platform's UI (9:16) or title-safe."""
    if height / width >= 1.6:
        x0, y0, x1, y1 = _FREE_9X16
        return Box(round(x0 * width / 1080), round(y0 * height / 1920),
                   round(x1 * width / 1080), round(y1 * height / 1920))
    return Box(round(0.1 * width), round(0.08 * height), round(0.9 * width),
               round(0.92 * height))


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share any pixel."""
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _grown(face: Box) -> Box:
    pad = round(face.height * FACE_MARGIN)
    return Box(face.x0 - pad, face.y0 - pad, face.x1 + pad, face.y1 + pad)


def place_event(caption: Box, faces: Sequence[Box], area: Box) -> Box:
    """Move a caption box vertically so it covers no face, staying inside ``area``.

    Args:
        caption: The caption's box at the style's position.
        faces: Face boxes during the caption (output pixels).
        area: Where captions may go.

    Returns:
        ``caption`` if it covers no face, else the nearest free position above or below the
        faces; when no position is free, the one covering the least face area.
    """
    grown = [_grown(f) for f in faces]
    if not any(overlaps(caption, f) for f in grown):
        return caption
    h = caption.height
    tops = {area.y0, area.y1 - h, caption.y0}
    for f in grown:
        tops |= {f.y1, f.y0 - h}
    options = [Box(caption.x0, y, caption.x1, y + h) for y in tops
               if area.y0 <= y and y + h <= area.y1]
    free = [b for b in options if not any(overlaps(b, f) for f in grown)]
    pool = free or options or [caption]
    return min(pool, key=lambda b: (_covered(b, grown), abs(b.y0 - caption.y0)))


def _covered(box: Box, faces: Sequence[Box]) -> int:
    return sum(max(0, min(box.x1, f.x1) - max(box.x0, f.x0))
               * max(0, min(box.y1, f.y1) - max(box.y0, f.y0)) for f in faces)


def place_track(events: Sequence[CaptionEvent], boxes: Sequence[Box], faces: FaceTrack,
                area: Box) -> list[Box]:
    """The box of every event, moved off the faces seen while it shows."""
    return [place_event(box, faces.during(e.start, e.end), area)
            for e, box in zip(events, boxes)]


def detect_faces_in_output(src: str | os.PathLike[str], width: int, height: int, *,
                           mode: str = "center", focus: tuple[float, float] | None = None,
                           start: float = 0.0, end: float | None = None) -> FaceTrack:
    """Faces of ``src`` during ``[start, end]``, in pixels of a ``width`` x ``height`` output.

    Args:
        src: The source video.
        width: Output width.
        height: Output height.
        mode: The render's fit mode (``center``, ``smart``, ``pad``, ``blur``).
        focus: The crop focus of ``smart`` mode (default: the median face centre).
        start: Section start in source seconds (output time 0).
        end: Section end (default: the end of the source).
    """
    from toolkit.media.faces import detect_faces, face_focus, gray_frames, FrameSample
    from toolkit.media.probe import probe
    from toolkit.media.render import SourceFrame

    info = probe(Path(src))
    if info.video is None:
        return FaceTrack()
    stop = info.duration if end is None else min(end, info.duration)
    count = max(1, min(MAX_SAMPLES, round((stop - start) * SAMPLES_PER_SECOND)))
    times = [start + (i + 0.5) * (stop - start) / count for i in range(count)]
    frames = gray_frames(Path(src), info, times)
    found = [(t, detect_faces(g)) for t, g in frames]
    if mode == "smart" and focus is None:
        samples = [FrameSample(t, tuple(f), 0.0, 0.0) for t, f in found]
        focus = face_focus(samples)
    mapper = _mapper(SourceFrame.from_info(info), width, height, mode, focus or (0.5, 0.5))
    return FaceTrack(tuple((t - start, tuple(mapper(f) for f in faces)) for t, faces in found))


def _mapper(src, width: int, height: int, mode: str,  # type: ignore[no-untyped-def]
            focus: tuple[float, float]):
    """Source face (fractions of the upright frame) -> output pixel box, as the render maps."""
    from toolkit.media.render import crop_box, fit_size

    if mode in ("center", "smart"):
        cw, ch, x, y = crop_box(src, width, height, focus if mode == "smart" else (0.5, 0.5))
        sx, sy = width / cw, height / ch
        ox, oy, fw, fh = -x * sx, -y * sy, src.width * sx, src.height * sy
    else:
        fw, fh = fit_size(src, width, height)
        ox, oy = (width - fw) // 2, (height - fh) // 2

    def to_output(face) -> Box:  # type: ignore[no-untyped-def]
        return Box(round(ox + face.x * fw), round(oy + face.y * fh),
                   round(ox + (face.x + face.w) * fw), round(oy + (face.y + face.h) * fh))

    return to_output


def event_boxes(track: CaptionTrack, widths: Sequence[float], font_px: float, edge: float,
                anchor: Box, middle: bool = False) -> list[Box]:
    """Each event's box at the style's position.

    Args:
        track: The captions.
        widths: The widest line of each event in pixels.
        font_px: Font size (ASS units: one line is about this tall).
        edge: Outline or box padding around the text, in pixels.
        anchor: The caption area the style aligns to (bottom centre, or its middle).
        middle: Centre the caption in ``anchor`` instead of aligning it to its bottom.
    """
    out = []
    cx = (anchor.x0 + anchor.x1) / 2
    for e, w in zip(track.events, widths):
        h = len(e.lines) * font_px * 1.05 + 2 * edge
        half = w / 2 + edge
        y1 = (anchor.y0 + anchor.y1 + h) / 2 if middle else anchor.y1 + edge
        out.append(Box(round(cx - half), round(y1 - h), round(cx + half), round(y1)))
    return out
