"""Decoding helpers shared by the integration tests."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def frame_at(path: Path, t: float = 0.5, fmt: str = "rgb24") -> np.ndarray:
    """The frame at (or just after) ``t`` seconds as ffmpeg/PyAV decode it, in ``fmt``."""
    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            if f.time is not None and f.time >= t:
                return f.to_ndarray(format=fmt)
    raise AssertionError(f"no frame at {t} s in {path}")
