"""Encoder settings for *working* files (ingest, trim, loudnorm on their own).

Working files are near-lossless intermediates that later steps re-encode once for delivery; the
delivery settings per platform live in :mod:`toolkit.platforms`. Keep every x264/AAC choice
in these two modules so that a change is one edit.
"""

from __future__ import annotations

from typing import Final

AUDIO_RATE: Final = 48_000

WORK_VIDEO: Final[dict[str, object]] = {
    "c:v": "libx264", "preset": "veryfast", "crf": 18, "pix_fmt": "yuv420p",
}
WORK_AUDIO: Final[dict[str, object]] = {"c:a": "aac", "b:a": "192k", "ar": AUDIO_RATE}
MP4_FLAGS: Final[dict[str, object]] = {"movflags": "+faststart"}


def work_output_args(has_video: bool, has_audio: bool) -> dict[str, object]:
    """Output keyword arguments (ffmpeg-python style) for a working MP4."""
    args: dict[str, object] = dict(MP4_FLAGS)
    if has_video:
        args.update(WORK_VIDEO)
    if has_audio:
        args.update(WORK_AUDIO)
    return args
