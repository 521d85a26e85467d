"""One source file as a render plan: a timeline of ONE clip, rendered like an assembled video.

``export``, a take's export and every other single-file delivery are planned here and rendered
by :func:`toolkit.edit.run.execute_plan`, the project render's own path (one graph builder,
one cover choice, one check report). Everything that needs no pixels happens in
:func:`plan_clip`: the source is probed once, the section (trim) and the cover time are
validated and every platform's length limit is checked, so a bad request is refused
(:class:`~toolkit.errors.PresetViolation`, ``export.bad_trim``, ``export.bad_cover_time``)
before anything is decoded or written.

The plan's folder is the source's folder and its timeline names the file relative to it; it has
no project, consent or planned lengths, and its ``source`` part describes the file for the
report. With ``options.captions`` its timeline asks for captions like a project's, so a saved
clip plan (:func:`toolkit.edit.plan.save_plan`, ``machmal export --save-plan``) rendered by
``machmal render --plan`` transcribes the clip itself and corrects the words with the glossary
the plan carries; ``export`` hands in its own captions (the same glossary applied) instead.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.edit.plan import (PlanGlossary, RenderOptions, RenderPlan, group_outputs,
                               options_data, relative_out_dir)
from toolkit.edit.timeline import CaptionSettings, Clip, Range, Source, Timeline
from toolkit.errors import UserInputError
from toolkit.media.probe import MediaInfo, probe
from toolkit.media.render import SourceFrame, output_rate
from toolkit.messages import register
from toolkit.platforms import Preset, check_durations, resolve_presets
from toolkit.reframe.cover import cover_time

register({
    "export.bad_trim": (
        "{path}: Der Ausschnitt {start:.2f}-{end:.2f} s passt nicht in das Video "
        "(0-{duration:.2f} s). Bitte Start < Ende innerhalb der Videolänge wählen.",
        "{path}: the section {start:.2f}-{end:.2f} s does not fit the video (0-{duration:.2f} s). "
        "Please choose start < end within the video's length.",
    ),
})

CLIP_ID = "clip"
"""Id of the one clip of a clip plan's timeline."""


def resolve_trim(info: MediaInfo, start: float | None, end: float | None) -> tuple[float, float]:
    """Validated (start, end) in source seconds.

    Raises:
        UserInputError: ``export.bad_trim``.
    """
    s = 0.0 if start is None else float(start)
    e = info.duration if end is None else min(float(end), info.duration)
    if s < 0 or e <= s or (end is not None and end > info.duration + 0.05):
        raise UserInputError("export.bad_trim", path=info.path, start=s,
                             end=float(end if end is not None else e), duration=info.duration)
    return s, e


def source_facts(info: MediaInfo, start: float, end: float) -> dict[str, Any]:
    """What the report says about a clip's source file and the section used."""
    v = info.video
    return {
        "path": info.path, "duration": round(info.duration, 3),
        "trim_start": round(start, 3), "trim_end": round(end, 3),
        "width": v.display_width if v else None, "height": v.display_height if v else None,
        "rotation": v.rotation if v else 0, "fps": v.fps if v else None,
        "vfr": v.vfr if v else False, "has_audio": info.has_audio,
    }


def clip_timeline(name: str, info: MediaInfo, start: float, end: float,
                  take: str = CLIP_ID) -> Timeline:
    """A timeline of one clip: ``name`` (relative to its folder) from ``start`` to ``end``."""
    v = info.video
    rate = output_rate(v.fps if v else 30.0, v.vfr if v else False)
    source = Source(take=take, file=name, ranges=[Range(start=start, end=end)])
    clip = Clip(id=CLIP_ID, kind="take", seconds=end - start, sources=[source])
    return Timeline(project=Path(name).name, fps=str(rate), clips=[clip])


def plan_clip(src: str | os.PathLike[str], platforms: Sequence[str | Preset] | str,
              out_dir: str | os.PathLike[str], options: RenderOptions = RenderOptions(), *,
              start: float | None = None, end: float | None = None,
              take: str = CLIP_ID, glossary: Any = None) -> RenderPlan:
    """Plan the delivery of ``src`` (or its section ``start``..``end``) for platforms.

    Args:
        src: The source video.
        platforms: Preset ids (``"reels,tiktok"`` or a list) or :class:`Preset` objects.
        out_dir: Folder of the files (``<id>.mp4``, ``.jpg``, ``.json``).
        options: Framing, loudness and cover (:class:`RenderOptions`; its project choices
            such as ``order`` or ``music`` do not apply to a clip).
        start: Section start in source seconds (None: from the beginning).
        end: Section end in source seconds (None: to the end).
        take: Id of the clip's take (names its analysis and captions).
        glossary: The :class:`~toolkit.captions.glossary.Glossary` the captions are corrected
            with (``--glossary``), carried in the plan.

    Returns:
        The :class:`RenderPlan` (nothing is decoded or written).

    Raises:
        UserInputError: Unknown platform, fit, speed or layout; bad section or cover time.
        MediaError: The source is unreadable or has no usable picture.
        PresetViolation: The section's length breaks a platform's limit.
    """
    src = Path(src)
    presets = resolve_presets(platforms)
    chosen = options.delivery().checked()
    options = dataclasses.replace(options, mode=chosen.fit, speed=chosen.speed,
                                  layout=chosen.layout)
    info = probe(src)
    SourceFrame.from_info(info)  # refuses a file without a usable picture
    s, e = resolve_trim(info, start, end)
    check_durations(src, presets, e - s, s)
    timeline = clip_timeline(src.name, info, s, e, take)
    if options.captions:  # a saved plan captions the clip itself (nothing handed in beside it)
        timeline = timeline.model_copy(update={"captions": CaptionSettings(
            style=options.captions, language=options.language or "de")})
    if options.cover_at is not None:  # a bad cover time is refused before any work, too
        cover_time([], 0.0, e - s, float(timeline.rate), options.cover_at)
    folder = src.absolute().parent  # not resolved: a link keeps its own name
    return RenderPlan(project=src.name, folder=str(folder),
                      out_dir=relative_out_dir(Path(out_dir), folder), timeline=timeline,
                      outputs=group_outputs(presets, timeline.rate),
                      presets=[p.to_dict() for p in presets], scale=1.0,
                      options=options_data(options), source=source_facts(info, s, e),
                      glossary=PlanGlossary.of(glossary) if glossary is not None else None)
