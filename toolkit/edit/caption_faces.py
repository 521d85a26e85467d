"""Where the faces of an assembled video are, so its burned captions stay off them.

An assembled duel shows many takes, each framed its own way in each output: reframed by a camera
path, centre-cropped or fitted, or squeezed into one half of a split screen. The captions of the
render (:class:`toolkit.edit.captions.TimelineCaptions`) are placed like an export's
(:mod:`toolkit.captions.placement`), so they need the faces in OUTPUT pixels and OUTPUT time.
:func:`timeline_faces` maps every face of every take's one cached low-resolution analysis
(:func:`toolkit.reframe.analysis.analyse_clip`, the same one the camera paths come from) through
the exact look of the piece that shows it (:func:`toolkit.edit.layout.piece_looks`): same
window, same half, same time. Cards show no faces.

The drawn graphics of the output (title band, lower thirds, timer, scoreboard, call to action:
:func:`overlay_obstacles`) are added to the same track, so a caption never lands on a band either.
The same faces, as timed boxes (:func:`face_places`), keep the lower thirds and the call to
action off them (:func:`toolkit.edit.overlay_layout.arrange`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from PIL import Image

from toolkit.captions.ass import Box
from toolkit.captions.placement import FACE_MARGIN, TIME_SLACK, FaceTrack, face_in_output
from toolkit.edit.overlay_layout import FACE, Placed, label
from toolkit.edit.layout import Pieces, played_records
from toolkit.media.timeline_graph import ImageOverlay, PieceLook

OBSTACLE_STEP: Final = 0.25  # seconds between the samples of a drawn graphic's time window


def timeline_faces(cut: Pieces, looks: Sequence[PieceLook], analyses: Mapping[str, Any],
                   width: int, height: int) -> FaceTrack:
    """Faces of the assembled video in a ``width`` x ``height`` output, over output time.

    Args:
        cut: The timeline's pieces (:func:`toolkit.edit.layout.cut_pieces`).
        looks: The look of every piece in this output (:func:`toolkit.edit.layout.piece_looks`).
        analyses: Take id -> its :class:`~toolkit.reframe.analysis.ClipAnalysis` (covering every
            stretch the timeline uses); a take without one contributes no faces.
        width: Output width.
        height: Output height.

    Returns:
        The faces, each clipped to the area (frame or split half) that shows it.
    """
    samples: list[tuple[float, tuple[Box, ...]]] = []
    for k, j, t, at, record in played_records(cut, analyses):
        look = looks[k]
        plan = look.frames[j]
        frame = cut.inputs[cut.pieces[k].parts[j].input].frame
        area = _area(j, look, plan, width, height)
        boxes = [b for face in record.boxes if face.is_face
                 for b in face_in_output(face, t, frame, plan.width, plan.height, plan.mode,
                                         plan.camera)]
        samples.append((at, tuple(c for b in boxes if (c := _clip(b, area)) is not None)))
    samples.sort(key=lambda s: s[0])
    return FaceTrack(tuple(samples))


def face_places(track: FaceTrack) -> list[Placed]:
    """Every face of ``track`` as a box an overlay keeps off: grown like the captions' faces
    (:data:`~toolkit.captions.placement.FACE_MARGIN` of its height) and counted from
    :data:`~toolkit.captions.placement.TIME_SLACK` before to after the moment it was seen."""
    name = label(FACE, ())
    places = []
    for at, boxes in track.samples:
        for box in boxes:
            pad = round(box.height * FACE_MARGIN)
            places.append(Placed(FACE, name, box.x0 - pad, box.y0 - pad, box.width + 2 * pad,
                                 box.height + 2 * pad, at - TIME_SLACK, at + TIME_SLACK))
    return places


def _area(j: int, look: PieceLook, plan: Any, width: int, height: int) -> Box:
    """The output area part ``j`` of a piece fills (the whole frame, or its half)."""
    if len(look.frames) == 1:
        return Box(0, 0, width, height)
    first = look.frames[0]
    if look.stack == "h":
        x = j * first.width
        return Box(x, 0, x + plan.width, plan.height)
    y = j * first.height
    return Box(0, y, plan.width, y + plan.height)


def _clip(box: Box, area: Box) -> Box | None:
    """``box`` (in the area's own pixels) moved into the output and cut to ``area``."""
    x0, y0 = max(area.x0, area.x0 + box.x0), max(area.y0, area.y0 + box.y0)
    x1, y1 = min(area.x1, area.x0 + box.x1), min(area.y1, area.y0 + box.y1)
    return Box(x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


def overlay_obstacles(overlays: Iterable[ImageOverlay]) -> list[tuple[float, tuple[Box, ...]]]:
    """Samples of where the drawn graphics are, in the form of :class:`FaceTrack`'s samples.

    Each overlay counts with the box of its visible pixels (alpha above zero; for an image
    sequence the union of its first and last image, its entrance and its settled state), every
    :data:`OBSTACLE_STEP` seconds of the time it is seen.
    """
    samples: list[tuple[float, tuple[Box, ...]]] = []
    for overlay in overlays:
        box = _visible_box(overlay)
        if box is None:
            continue
        start, end = overlay.shown or (overlay.start, overlay.end)
        steps = max(1, int((end - start) / OBSTACLE_STEP))
        samples += [(start + (end - start) * i / steps, (box,)) for i in range(steps + 1)]
    return samples


def with_obstacles(track: FaceTrack, overlays: Iterable[ImageOverlay]) -> FaceTrack:
    """``track`` plus the drawn graphics as boxes a caption must not cover."""
    samples = list(track.samples) + overlay_obstacles(overlays)
    return FaceTrack(tuple(sorted(samples, key=lambda s: s[0])))


def _visible_box(overlay: ImageOverlay) -> Box | None:
    """The output-pixel box of an overlay's visible pixels (None: nothing visible)."""
    images = overlay_images(overlay)
    boxes = [b for path in images[:1] + images[-1:] if (b := _alpha_box(path)) is not None]
    if not boxes:
        return None
    return Box(overlay.x + min(b[0] for b in boxes), overlay.y + min(b[1] for b in boxes),
               overlay.x + max(b[2] for b in boxes), overlay.y + max(b[3] for b in boxes))


def overlay_images(overlay: ImageOverlay) -> list[Path]:
    """The image of an overlay, or the images of its sequence in order (none found: empty)."""
    if overlay.rate is None:
        return [overlay.path]
    match = re.fullmatch(r"(.*)%0?(\d*)d(.*)", overlay.path.name)
    if match is None:
        return []
    head, digits, tail = match.groups()
    number = rf"\d{{{digits}}}" if digits else r"\d+"
    named = re.compile(re.escape(head) + number + re.escape(tail))
    frames = sorted(p for p in overlay.path.parent.iterdir() if named.fullmatch(p.name))
    return frames


def _alpha_box(path: Path) -> tuple[int, int, int, int] | None:
    with Image.open(path) as image:
        alpha = image.getchannel("A") if "A" in image.getbands() else None
        return alpha.getbbox() if alpha is not None else (0, 0, *image.size)
