"""Locate the ffmpeg executable.

machmal uses the static ffmpeg build shipped inside the ``imageio-ffmpeg`` wheel, so a user needs
no system ffmpeg and nothing is downloaded at run time. ``MACHMAL_FFMPEG`` overrides it (for a
build with more codecs or hardware encoders). The lookup is lazy and cached: importing toolkit
never touches the binary.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from toolkit.errors import MachmalError

ENV_OVERRIDE = "MACHMAL_FFMPEG"


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Return the path of the ffmpeg executable to use.

    Raises:
        MachmalError: ``ffmpeg.missing`` if neither the override nor imageio-ffmpeg's binary exists.
    """
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        if Path(override).is_file() and os.access(override, os.X_OK):
            return override
        raise MachmalError("ffmpeg.missing", detail=f"{ENV_OVERRIDE}={override}")
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:  # pragma: no cover - broken installation
        raise MachmalError("ffmpeg.missing", detail=str(exc)) from exc
