"""Choosing the cover frame: sharp, well exposed, ideally with a face.

The frame itself is written inside the export's single ffmpeg pass (see
:func:`toolkit.media.render.cover_chain`), cropped exactly like the video of that platform; this
module only decides *when*. It scores the samples of :func:`toolkit.media.faces.analyse`:

* sharpness: variance of the Laplacian, relative to the sharpest sample (0..1);
* a face: +0.5, plus up to +0.3 for a larger face (a close-up beats a crowd in the distance);
* exposure: frames that are nearly black or blown out lose up to 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from toolkit.errors import UserInputError
from toolkit.media.faces import FrameSample
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
