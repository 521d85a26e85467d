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
from pathlib import Path
from typing import Any

from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import PlatformFiles
from toolkit.platforms import Preset
from toolkit.progress import ProgressFn


TRANSCRIBE_SHARE = 0.3
"""Share of an export's progress its transcription takes (automatic captions)."""


def _split(progress: ProgressFn, share: float) -> tuple[ProgressFn, ProgressFn]:
    """``progress`` as two stages: the first ``share`` of it, then the rest."""
    def first(f: float) -> None:
        progress(share * f)

    def rest(f: float) -> None:
        progress(share + (1.0 - share) * f)
    return first, rest


def export(src: str | os.PathLike[str], platforms: Sequence[str | Preset] | str,
           out_dir: str | os.PathLike[str], options: RenderOptions = RenderOptions(), *,
           start: float | None = None, end: float | None = None, captions: Any = None,
           glossary: str | os.PathLike[str] | None = None,
           ass: str | os.PathLike[str] | None = None,
           fonts_dir: str | os.PathLike[str] | None = None,
           transcribe_progress: ProgressFn | None = None, progress: ProgressFn | None = None,
           cancel: threading.Event | None = None) -> list[PlatformFiles]:
    """Export ``src`` (or its section ``start``..``end``) for every platform in one pass.

    The one way an export gets its captions (CLI, job, a take's export): ``captions`` made by
    the caller, else ``options.captions`` (a style: ``src`` is transcribed once, cached, after
    the plan passed its checks), else a hand-made ``ass`` file.

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
        glossary: Glossary file for the transcription of ``options.captions``.
        ass: A hand-made ASS file for the target size (burned in as it is).
        fonts_dir: Fonts folder for ``ass``.
        transcribe_progress: Progress of the transcription (None: the first 30 % of
            ``progress`` when there is one).
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
    from toolkit.captions.for_export import given_ass, prepare_export_captions
    from toolkit.captions.glossary import load_glossary
    from toolkit.edit.clip_plan import plan_clip
    from toolkit.edit.run import execute_plan

    terms = load_glossary(glossary) if glossary else None
    plan = plan_clip(src, platforms, out_dir, options, start=start, end=end, glossary=terms)
    if captions is None and options.captions:
        if transcribe_progress is None and progress is not None:
            transcribe_progress, progress = _split(progress, TRANSCRIBE_SHARE)
        captions = prepare_export_captions(Path(src), options.captions, options.language,
                                           terms, start, end,
                                           progress=transcribe_progress, cancel=cancel)
    elif captions is None and ass is not None:
        captions = given_ass(Path(ass), Path(fonts_dir) if fonts_dir else None)
    return execute_plan(plan, captions=captions, progress=progress, cancel=cancel).files
