"""Export one source for several platforms: MP4 + cover JPEG + JSON check report per platform.

An export is a timeline of ONE clip rendered like an assembled video: planned by
:func:`toolkit.edit.clip_plan.plan_clip` (probe, section, platform limits and cover time checked
before anything is decoded or written) and rendered by :func:`toolkit.edit.run.execute_plan`
(one loudness pass 1, in ``smart`` fit the take's cached analysis and a camera path per
shape, ONE ffmpeg process for every platform, covers cut from the written videos, one check
report builder). Platforms of one geometry (Reels, TikTok, Shorts) share one encode.

Files are named after the platform (``DIR/reels.mp4``, ``DIR/reels.jpg``, ``DIR/reels.json``,
with captions ``.srt``/``.vtt``). A failed or cancelled export leaves none of them behind.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import PlatformFiles
from toolkit.platforms import Preset
from toolkit.progress import ProgressFn


def export(src: str | os.PathLike[str], platforms: Sequence[str | Preset] | str,
           out_dir: str | os.PathLike[str], options: RenderOptions = RenderOptions(), *,
           start: float | None = None, end: float | None = None, captions: Any = None,
           progress: ProgressFn | None = None,
           cancel: threading.Event | None = None) -> list[PlatformFiles]:
    """Export ``src`` (or its section ``start``..``end``) for every platform in one pass.

    Args:
        src: The source video.
        platforms: Preset ids (``"reels,tiktok"`` or a list) or :class:`Preset` objects.
        out_dir: Folder for ``<id>.mp4``, ``<id>.jpg`` and ``<id>.json`` (created if needed).
        options: Fit, speed, layout, loudness, cover time (:class:`RenderOptions`).
        start: Section start in source seconds (None: from the beginning).
        end: Section end in source seconds (None: to the end).
        captions: Burned-in captions: :class:`~toolkit.captions.for_export.ExportCaptions`
            (shaped per size, kept off faces, SRT/VTT beside each video) or
            :class:`~toolkit.captions.for_export.GivenSubtitles` (a hand-made ASS).
        progress: Called with the fraction (0..1) of the whole job.
        cancel: Set it to stop; no file is left behind.

    Returns:
        One :class:`~toolkit.edit.run.PlatformFiles` per platform, in the order given.

    Raises:
        PresetViolation: The (trimmed) length breaks a platform's limit.
        UserInputError: Unknown platform or fit, bad section or cover time.
        MediaError: The source is unreadable or has no picture.
        FFmpegError: ffmpeg failed.
        Cancelled: ``cancel`` was set.
    """
    from toolkit.edit.clip_plan import plan_clip
    from toolkit.edit.run import execute_plan

    plan = plan_clip(src, platforms, out_dir, options, start=start, end=end)
    return execute_plan(plan, captions=captions, progress=progress, cancel=cancel).files
