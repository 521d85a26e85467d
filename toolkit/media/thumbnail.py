"""A small still of a recording, upright as it is shown (for tables of clips).

One frame decoded with PyAV near a time, turned by the file's display rotation and scaled to
the displayed aspect (pixel shape), returned as JPEG bytes. No ffmpeg process, no file written.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from toolkit.media.probe import MediaInfo

LOG = logging.getLogger(__name__)


def thumbnail(path: str | os.PathLike[str], info: MediaInfo, height: int = 120,
              at: float | None = None) -> bytes | None:
    """A JPEG still of ``path`` about ``height`` pixels high, None if no frame decodes.

    Args:
        path: The recording.
        info: Its :func:`~toolkit.media.probe.probe` result (rotation, display size).
        height: Height of the still in pixels.
        at: Seconds into the recording (default: a third of its length, past a black start).
    """
    import av

    video = info.video
    if video is None:
        return None
    when = info.duration / 3 if at is None else at
    try:
        with av.open(str(Path(path)), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            if when > 0 and stream.time_base:
                container.seek(int(when / stream.time_base), stream=stream, backward=True)
            frame = next(container.decode(stream), None)
            if frame is None:
                return None
            image = frame.to_image()
    except (av.error.FFmpegError, OSError, ValueError, StopIteration) as exc:
        LOG.info("no still from %s: %s", path, exc)
        return None
    if video.rotation:
        image = image.rotate(-video.rotation, expand=True)  # PIL turns counter-clockwise
    width = max(1, round(height * video.display_width / max(1, video.display_height)))
    image = image.resize((width, height))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue()
