"""Captions never cover a face: each caption is placed where no detected face is.

Burned captions sit at the style's position (bottom of the platform's caption area, or the
middle). A talking head filmed on a phone often has its mouth exactly there. So, by default, each
caption event is checked against the faces seen during its time span and moved above or below
them, inside the area no platform UI covers (:func:`free_area`); the position nearest to the
style's wins. A style with ``pinned: true`` keeps its position on purpose.

Faces come from the one low-resolution analysis per take that the render makes and caches
(:mod:`toolkit.reframe.analysis`), mapped into each output with the render's own geometry
(:func:`face_in_output`: the camera path of ``smart`` mode, the centre crop or the fitted
picture otherwise) by :mod:`toolkit.edit.caption_faces`, for a project and a single clip alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from toolkit.captions.ass import Box
from toolkit.captions.shaping import CaptionEvent, CaptionTrack

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


def face_in_output(face, t: float, frame, width: int, height: int,  # type: ignore[no-untyped-def]
                   mode: str, path) -> list[Box]:
    """Where a face lands in a ``width`` x ``height`` picture made from its source frame.

    Args:
        face: The face (``x, y, w, h`` fractions of the upright source frame).
        t: Seconds from the start of the camera path (``path``'s clip time).
        frame: The decoded source frame (:class:`~toolkit.media.render.SourceFrame`).
        width: Picture width.
        height: Picture height.
        mode: Fit mode (``center``, ``smart``, ``blur``, ``bars``).
        path: The :class:`~toolkit.reframe.camera_path.CameraPath` of ``smart`` mode (or None).

    Returns:
        The face's box in picture pixels (two when a split shows it in both halves, none when
        a split shows it in neither); boxes may reach past the picture's edges.
    """
    from toolkit.media.render import crop_box, fit_size

    fx, fy = face.x * frame.width, face.y * frame.height
    fw, fh = face.w * frame.width, face.h * frame.height
    if path is None or mode != "smart":
        if mode in ("center", "smart"):
            cw, ch, x, y = crop_box(frame, width, height)
            return [_scaled(fx, fy, fw, fh, x, y, width / cw, height / ch, 0)]
        pw, ph = fit_size(frame, width, height)
        sx, sy = pw / frame.width, ph / frame.height
        return [_scaled(fx, fy, fw, fh, -(width - pw) / 2 / sx, -(height - ph) / 2 / sy,
                        sx, sy, 0)]
    shot = path.shot_at(t)
    kx, ky = frame.width / path.frame_w, frame.height / path.frame_h
    if shot.layout == "pad":
        return face_in_output(face, t, frame, width, height, "bars", None)
    if shot.layout != "split":
        x, y = shot.window_at(t)
        return [_scaled(fx, fy, fw, fh, x * kx, y * ky, width / (shot.crop_w * kx),
                        height / (shot.crop_h * ky), 0)]
    from toolkit.media.render import split_halves

    half = split_halves(height)[0]
    out = []
    for second, (top, rows) in enumerate(((0, half), (half, height - half))):
        x, y = shot.window_at(t, bool(second))
        box = _scaled(fx, fy, fw, fh, x * kx, y * ky, width / (shot.crop_w * kx),
                      rows / (shot.crop_h * ky), top)
        if box.y0 < top + rows and box.y1 > top:  # the face shows in this half
            out.append(Box(box.x0, max(box.y0, top), box.x1, min(box.y1, top + rows)))
    return out


def _scaled(fx: float, fy: float, fw: float, fh: float, x0: float, y0: float, sx: float,
            sy: float, top: int) -> Box:
    """A source-pixel box seen through a window at ``(x0, y0)`` scaled by ``(sx, sy)``."""
    return Box(round((fx - x0) * sx), round(top + (fy - y0) * sy),
               round((fx + fw - x0) * sx), round(top + (fy + fh - y0) * sy))


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
