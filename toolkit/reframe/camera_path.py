"""The camera path of a reframed clip: data, how it is planned, and how ffmpeg renders it.

A :class:`CameraPath` holds, per shot, its layout and keyframes of the crop window's top-left
corner (``(t, x, y)``, ``t`` in seconds from the clip's start, x/y in pixels of the decoded
source frame). It is plain data (JSON round-trip), stored in render plans and adjustable later.

* :func:`plan_camera_path` analyses the clip once (:mod:`toolkit.reframe.analysis`, cached) and
  plans the shots (:mod:`toolkit.reframe.path_planner`).
* :func:`camera_chain` applies a path inside an ffmpeg-python graph in the render's single pass:
  ``crop`` with piecewise-linear time expressions (no per-frame Python); a split shot is
  ``split`` -> two crops -> ``vstack``; a pad shot the fitted picture over a blurred copy.
  Shots of different layouts are cut with ``trim`` and joined with ``concat``.

Layouts: ``track`` (the window follows), ``stationary`` (one fixed window), ``split`` (top half
follows ``keyframes``, bottom half ``keyframes2``), ``pad`` (whole picture, blurred fill).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, Field

from toolkit.errors import UserInputError
from toolkit.framing import layout_name, speed_name
from toolkit.media.probe import MediaInfo
from toolkit.media.render import split_halves


Stream = Any
Keyframe = tuple[float, float, float]
MAX_PIECES: Final = 400  # keyframes per expression; more are thinned evenly


class Shot(BaseModel):
    """One shot of the path.

    Attributes:
        start: Shot start, seconds from the clip's start.
        end: Shot end, seconds from the clip's start.
        layout: track, stationary, split or pad.
        crop_w: Window width in decoded source pixels (each half's window for split).
        crop_h: Window height.
        keyframes: ``(t, x, y)`` top-left corners of the window (the top half for split).
        keyframes2: The bottom half's window for split (else empty).
    """

    start: float
    end: float
    layout: Literal["track", "stationary", "split", "pad"]
    crop_w: int
    crop_h: int
    keyframes: list[Keyframe] = Field(default_factory=list)
    keyframes2: list[Keyframe] = Field(default_factory=list)

    def window_at(self, t: float, second: bool = False) -> tuple[float, float]:
        """Top-left corner of the (top or bottom) window at clip time ``t``."""
        return interpolate(self.keyframes2 if second else self.keyframes, t)


class CameraPath(BaseModel):
    """A camera path: shots covering ``[0, source_end - source_start]`` of a clip.

    Attributes:
        version: Format version.
        source_start: Where the clip starts in the source (seconds).
        source_end: Where it ends.
        frame_w: Decoded source width the pixel numbers refer to.
        frame_h: Decoded source height.
        out_w: Output width the windows were shaped for.
        out_h: Output height.
        speed: The speed setting used.
        shots: The shots, in order, without gaps.
    """

    version: int = 1
    source_start: float
    source_end: float
    frame_w: int
    frame_h: int
    out_w: int
    out_h: int
    speed: str = "default"
    shots: list[Shot]

    def to_json(self) -> str:
        """The path as JSON."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> CameraPath:
        """Read a path written by :meth:`to_json`."""
        return cls.model_validate_json(text)

    def shot_at(self, t: float) -> Shot:
        """The shot shown at clip time ``t``."""
        for shot in self.shots:
            if t < shot.end:
                return shot
        return self.shots[-1]

    def frozen(self, t: float) -> CameraPath:
        """A one-shot, motionless path showing what this path shows at clip time ``t``."""
        shot = self.shot_at(t)
        keys = [(0.0, *shot.window_at(t))] if shot.keyframes else []
        keys2 = [(0.0, *shot.window_at(t, True))] if shot.keyframes2 else []
        still = shot.model_copy(update={"start": 0.0, "end": 1e9, "keyframes": keys,
                                        "keyframes2": keys2})
        return self.model_copy(update={"shots": [still]})

    def chain(self, stream: Stream, src_frame: Any, out_w: int, out_h: int) -> Stream:
        """This path as a picture chain (what :func:`toolkit.media.render.video_chain` calls).

        The engine only knows "a camera with a chain", so it never imports the reframing
        package; see :func:`camera_chain`.
        """
        return camera_chain(stream, self, src_frame, out_w, out_h)


def interpolate(keys: Sequence[Keyframe], t: float) -> tuple[float, float]:
    """Piecewise-linear (x, y) at ``t`` (held before the first and after the last key)."""
    if not keys:
        return (0.0, 0.0)
    if t <= keys[0][0]:
        return (keys[0][1], keys[0][2])
    for (t0, x0, y0), (t1, x1, y1) in zip(keys, keys[1:]):
        if t < t1:
            f = (t - t0) / (t1 - t0) if t1 > t0 else 1.0
            return (x0 + f * (x1 - x0), y0 + f * (y1 - y0))
    return (keys[-1][1], keys[-1][2])


def plan_camera_path(src: str | Path, info: MediaInfo, start: float, end: float, out_w: int,
                     out_h: int, *, speed: str = "default", layout: str = "auto",
                     analysis: Any = None, cancel: threading.Event | None = None
                     ) -> CameraPath:
    """Plan the camera path of ``[start, end]`` of ``src`` for an ``out_w`` x ``out_h`` output.

    Args:
        src: The source video.
        info: Its probe.
        start: Clip start in source seconds.
        end: Clip end in source seconds.
        out_w: Output width (its aspect shapes the windows).
        out_h: Output height.
        speed: ``slower``, ``default`` or ``faster`` (how quickly the camera may move).
        layout: ``auto`` (split or one window per shot), ``single`` (never split),
            ``split`` (split wherever two people are seen apart), ``pad`` (blurred padding
            instead of split).
        analysis: A :class:`~toolkit.reframe.analysis.ClipAnalysis` covering the clip (shared
            with the cover choice); analysed (cached) when None.
        cancel: Set to stop the analysis.

    Raises:
        UserInputError: Bad speed or layout, or no picture.
        FFmpegError / Cancelled: From the analysis decode.
    """
    from toolkit.reframe.analysis import analyse_clip
    from toolkit.reframe.path_planner import Geometry, plan_shots
    from toolkit.media.render import SourceFrame

    speed, layout = speed_name(speed), layout_name(layout)
    frame = SourceFrame.from_info(info)
    if analysis is None:
        analysis = analyse_clip(src, info, start, end, cancel=cancel)
    cx, cy, cw, ch = analysis.content
    geo = Geometry(frame.width, frame.height, float(frame.par),
                   (cx * frame.width, cy * frame.height, (cx + cw) * frame.width,
                    (cy + ch) * frame.height), out_w / out_h)
    shots = plan_shots(analysis, geo, start, end, speed, layout, out_w / split_halves(out_h)[0])
    return CameraPath(source_start=start, source_end=end, frame_w=frame.width,
                      frame_h=frame.height, out_w=out_w, out_h=out_h, speed=speed, shots=shots)


def camera_chain(stream: Stream, path: CameraPath, src_frame: Any, out_w: int,
                 out_h: int) -> Stream:
    """Apply ``path`` to a video stream whose timestamps start at the clip's start.

    Args:
        stream: Decoded frames of the clip (``t = 0`` at ``path.source_start``).
        path: The camera path.
        src_frame: :class:`~toolkit.media.render.SourceFrame` of the stream (if its size
            differs from the path's frame, the windows are scaled to it).
        out_w: Output width.
        out_h: Output height.

    Returns:
        The stream at ``out_w`` x ``out_h``, square pixels.
    """
    from toolkit.reframe.crop_render import render_path

    return render_path(stream, path, src_frame, out_w, out_h)
