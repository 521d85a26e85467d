"""The render's slow preparation done ahead of it: the takes' analyses and transcripts, cached.

Before its first frame a render analyses every take it shows (people and cuts, for the camera
paths and for captions kept off faces), transcribes every take nobody reviewed (captions on)
and measures the loudness of the assembled sound: about a sixth of a cold render of a 45 s
duel. All three land in caches the render reads (the loudness:
:mod:`toolkit.media.measure_cache`). The studio therefore starts :func:`prepare_render` (job
``prepare``) as soon as its export page shows a project that can be rendered, while the user
picks platforms and looks at the previews; the render that follows finds them done and starts
its first frame sooner.

:func:`analysed_takes` is the one place that decides which take ranges are analysed, for the
render and for its preparation alike, so what is prepared is exactly what the render reads.
Nothing else is written, and a prepared render runs the same ffmpeg commands as a cold one
(``bench/RESULTS.md``): the same video, sooner.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from toolkit.edit.layout import Pieces, cut_pieces, sources_of
from toolkit.edit.plan import RenderOptions, RenderPlan, plan_render, resolve_file
from toolkit.edit.prestage import Prestage
from toolkit.edit.timeline import Timeline
from toolkit.progress import ProgressFn


@dataclass(frozen=True)
class Prepared:
    """What :func:`prepare_plan` did.

    Attributes:
        analysed: Take ranges the render will analyse.
        cached: Of those, how many were in the cache already.
        transcribed: Whether the captions' words are ready (False: captions off).
        measured: Whether the loudness of the sound was measured (False: no loudness target).
        seconds: Wall time.
    """

    analysed: int
    cached: int
    transcribed: bool
    measured: bool
    seconds: float


def places_captions(timeline: Timeline, given: Any = None) -> bool:
    """Whether captions are burned in and kept off the faces (they need the takes' analyses);
    ``given``: captions handed in by the caller (an export's), else the timeline's."""
    from toolkit.captions.styles import load_style

    if given is not None:
        return bool(given.moves_off_faces)
    captions = timeline.captions
    return captions is not None and not load_style(captions.style).pinned


def needs_analysis(options: RenderOptions, timeline: Timeline, given: Any = None) -> bool:
    """Whether the render analyses its takes: smart framing, or captions kept off faces."""
    return options.mode == "smart" or places_captions(timeline, given)


def analysed_takes(cut: Pieces, options: RenderOptions, timeline: Timeline, folder: Path,
                   given: Any = None) -> list[tuple[str, Path, float, float]]:
    """``(take id, file, start, end)`` of every take range the render analyses (none when it
    needs no analysis, see :func:`needs_analysis`)."""
    if not needs_analysis(options, timeline, given):
        return []
    return [(take, resolve_file(folder, file), lo, hi) for take, file, lo, hi in sources_of(cut)]


def prepare_plan(plan: RenderPlan, *, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> Prepared:
    """Analyse, transcribe and measure, into the caches, what rendering ``plan`` would (side
    by side on the job's cores, like the render's own steps).

    Raises:
        Cancelled: ``cancel`` was set.
        MediaError, FFmpegError: A take could not be read.
    """
    from toolkit.edit.audio import AudioMix
    from toolkit.edit.captions import timeline_transcript
    from toolkit.media.probe import probe as info
    from toolkit.reframe.analysis import analyse_clip, is_cached

    started = time.monotonic()
    folder = Path(plan.folder)
    cut = cut_pieces(plan.timeline, folder)
    options = plan.render_options()
    takes = analysed_takes(cut, options, plan.timeline, folder)
    cached = sum(is_cached(path, info(path), lo, hi) for _, path, lo, hi in takes)
    captions = plan.timeline.captions is not None
    loudness = options.loudness
    with Prestage(cancel, plan.project) as pre:
        words = (pre.start(lambda: timeline_transcript(
            plan.timeline, folder, plan.caption_glossary(), cancel=pre.stop))
            if captions else None)
        analyses = pre.start_all([partial(analyse_clip, path, info(path), lo, hi,
                                          cancel=pre.stop) for _, path, lo, hi in takes])
        mix = AudioMix(plan.timeline, cut, folder, loudness)
        measured = pre.start(lambda: mix.measure(cancel=pre.stop))
        analyses.results(progress)
        measured.result()
        if words is not None:
            words.result()
    if progress is not None:
        progress(1.0)
    return Prepared(len(takes), cached, captions, loudness is not None,
                    round(time.monotonic() - started, 2))


def prepare_render(project_ref: str, platforms: Any, *, options: RenderOptions = RenderOptions(),
                   workspace: str | None = None, progress: ProgressFn | None = None,
                   cancel: threading.Event | None = None) -> Prepared:
    """Plan the project's render as :func:`toolkit.edit.run.render_project` would and
    :func:`prepare_plan` it.

    Raises:
        ProjectError, UserInputError, ConsentError, PresetViolation: The project cannot be
            rendered as it is (see :func:`toolkit.edit.plan.plan_render`).
        Cancelled: ``cancel`` was set.
    """
    plan = plan_render(project_ref, platforms, options=options, workspace=workspace)
    return prepare_plan(plan, progress=progress, cancel=cancel)
