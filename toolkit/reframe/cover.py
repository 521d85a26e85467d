"""Choosing the cover frame: sharp, well exposed, ideally with a face.

The frame itself is written inside the export's single ffmpeg pass (see
:func:`toolkit.media.render.cover_chain`), cropped exactly like the video of that platform; this
module only decides *when*. It scores frame samples (from smart mode's analysis, or from
small frames the render taps off its own decode, see :func:`tap_samples`):

* sharpness: variance of the Laplacian, relative to the sharpest sample (0..1);
* a face: +0.5, plus up to +0.3 for a larger face (a close-up beats a crowd in the distance);
* exposure: frames that are nearly black or blown out lose up to 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from toolkit.errors import UserInputError
from toolkit.reframe.faces import FrameSample
from toolkit.messages import register

register({
    "export.bad_cover_time": (
        "Titelbild-Zeit {at:.2f} s liegt außerhalb des Videos (0 bis {duration:.2f} s). "
        "Bitte eine Zeit innerhalb des geschnittenen Videos angeben.",
        "Cover time {at:.2f} s lies outside the video (0 to {duration:.2f} s). "
        "Please give a time inside the trimmed video.",
    ),
})

FACE_BONUS: Final = 0.5
FACE_SIZE_BONUS: Final = 0.3
EXPOSURE_PENALTY: Final = 1.0
_DARK, _BRIGHT = 35.0, 225.0


def score(sample: FrameSample, max_sharpness: float) -> float:
    """How good ``sample`` would look as a cover (higher is better)."""
    value = sample.sharpness / max_sharpness if max_sharpness > 0 else 0.0
    if sample.faces:
        value += FACE_BONUS + FACE_SIZE_BONUS * min(1.0, sample.faces[0].h / 0.4)
    if sample.brightness < _DARK:
        value -= EXPOSURE_PENALTY * (_DARK - sample.brightness) / _DARK
    elif sample.brightness > _BRIGHT:
        value -= EXPOSURE_PENALTY * (sample.brightness - _BRIGHT) / (255 - _BRIGHT)
    return value


def best_sample(samples: Sequence[FrameSample]) -> FrameSample | None:
    """The best-scoring sample (the earliest on a tie), or None without samples."""
    if not samples:
        return None
    top = max(s.sharpness for s in samples)
    return max(samples, key=lambda s: (score(s, top), -s.time))


def cover_time(samples: Sequence[FrameSample], start: float, duration: float,
               fps: float, at: float | None = None) -> float:
    """Time of the cover frame in the *output* (seconds after ``start``).

    Args:
        samples: Analysed frames (source times).
        start: Where the output begins in the source.
        duration: Length of the output.
        fps: Output frame rate (the last frame must still exist).
        at: The user's choice, in output time; overrides the analysis.

    Raises:
        UserInputError: ``at`` lies outside the output.
    """
    last = max(0.0, duration - 1.5 / max(fps, 1.0))
    if at is not None:
        if not 0 <= at <= duration:
            raise UserInputError("export.bad_cover_time", at=at, duration=duration)
        return min(at, last)
    best = best_sample(samples)
    if best is None:
        return min(duration / 3, last)
    return max(0.0, min(best.time - start, last))


TAP_FPS: Final = 2.0
TAP_WIDTH: Final = 320
_FACE_CANDIDATES: Final = 8


def tap_size(display_aspect: float) -> tuple[int, int]:
    """Even size of the cover-choice frames (320 px wide, or 320 high for portrait)."""
    if display_aspect >= 1:
        return TAP_WIDTH, max(16, int(TAP_WIDTH / display_aspect) // 2 * 2)
    return max(16, int(TAP_WIDTH * display_aspect) // 2 * 2), TAP_WIDTH


def cover_tap(path: Path, size: tuple[int, int]) -> Any:
    """A tap for :func:`toolkit.media.timeline_graph.build_timeline_graph`: small grey frames at 2 fps.

    Written by the render's own decode, so the cover choice of ``center``/``blur``/``pad``
    exports costs no decode of its own.
    """
    def tap(stream: Any) -> Any:
        v = (stream.filter("fps", fps=f"{TAP_FPS:g}").filter("scale", size[0], size[1])
             .filter("format", "gray"))
        return v.output(str(path), f="rawvideo", pix_fmt="gray")
    return tap


def tap_samples(path: Path, size: tuple[int, int], start: float,
                keep: Callable[[float], bool] | None = None) -> list[FrameSample]:
    """Cover samples from a tap's frames: sharpness and brightness of all, faces of the
    sharpest few (face detection is the costly part).

    ``keep(time)`` False leaves a frame out before anything is measured (e.g. drawn cards).
    """
    import cv2

    from toolkit.reframe.faces import detect_faces

    w, h = size
    data = np.fromfile(path, np.uint8) if path.exists() else np.zeros(0, np.uint8)
    frames = data[: len(data) // (w * h) * w * h].reshape(-1, h, w)
    times = {i: start + i / TAP_FPS for i in range(len(frames))}
    used = [i for i in times if keep is None or keep(times[i])]
    sharp = {i: float(cv2.Laplacian(frames[i], cv2.CV_64F).var()) for i in used}
    order = sorted(used, key=lambda i: -sharp[i])[:_FACE_CANDIDATES]
    faces = {i: tuple(detect_faces(frames[i])) for i in order}
    return [FrameSample(time=times[i], faces=faces.get(i, ()), sharpness=sharp[i],
                        brightness=float(frames[i].mean())) for i in used]
