"""The stretch of a project take the video uses: the user's in/out, else the automatic choice.

:func:`take_choice` is the one place that decides it (the render, the plan's length table and
the Upload page's range slider all ask it). A take's own ``start``/``end`` (set on the Upload
page, with ``machmal project range`` or ``add-take --start/--end``) win; otherwise
:func:`toolkit.edit.select.choose` picks about the shot's planned length from cheap, cached
measurements:

* the take's words: its saved transcript (``work/transcripts/<take>.json``) if there is one,
  else the speech pieces of the voice-activity detector (:mod:`toolkit.media.silence`, one
  16 kHz audio decode);
* where the detector hears speech (cut points are moved out of it);
* for takes without speech, a picture score per half second: motion from the sizes of the
  compressed frames (read from the container, nothing decoded) plus, when the take's whole-file
  low-res analysis is already cached (:mod:`toolkit.reframe.analysis`), the cover score of its
  frames (sharpness, exposure, a face).

Measurements are cached as JSON by content fingerprint and settings in ``<cache>/select/``; a
take shorter than about its plan needs none of them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from toolkit.atomic import atomic_write_text
from toolkit.fingerprint import fingerprint
from toolkit.edit.select import Choice, SelectSettings, Unit, choose
from toolkit.media.probe import MediaInfo, probe
from toolkit.project.model import Project, Take
from toolkit.project.takes import take_range

VERSION: Final = 1
BIN: Final = 0.5  # seconds per picture-score sample
_VAD_THRESHOLD: Final = 0.5


def _cache_file(kind: str, src: Path, extra: Any) -> Path:
    from toolkit.resources import cache_root

    blob = json.dumps([VERSION, kind, fingerprint(src), extra], sort_keys=True)
    return cache_root() / "select" / f"{hashlib.sha256(blob.encode()).hexdigest()[:32]}.json"


def _cached(kind: str, src: Path, extra: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-able result, read from / written to the cache."""
    path = _cache_file(kind, src, extra)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    try:
        atomic_write_text(path, json.dumps(value))
    except OSError:
        pass  # a read-only cache only costs the measurement next time
    return value


def voiced_intervals(src: Path, info: MediaInfo) -> list[tuple[float, float]]:
    """Where the voice-activity detector hears speech (source seconds; cached).

    A take without sound, or whose sound cannot be decoded, has none (the render reports a
    broken file on its own).
    """
    from toolkit.errors import MediaError
    from toolkit.media.silence import detect_active

    if not info.has_audio:
        return []

    def compute() -> list[list[float]]:
        try:
            found = detect_active(src, info.duration, method="vad", threshold=_VAD_THRESHOLD,
                                  timeout=60.0 + 2.0 * info.duration)
        except MediaError:
            return []
        return [[round(s.start, 3), round(s.end, 3)] for s in found]

    return [(a, b) for a, b in _cached("vad", src, _VAD_THRESHOLD, compute)]


def packet_motion(src: Path, info: MediaInfo) -> list[tuple[float, float]]:
    """Motion per half second from the compressed frame sizes (no decoding; cached).

    Inter frames grow with what changes in the picture, so the mean size of the non-key
    frames of each half second, relative to the take's largest, is a cheap motion score 0..1.
    """
    if info.video is None:
        return []

    def compute() -> list[list[float]]:
        import av

        bins: dict[int, list[int]] = {}
        with av.open(str(src), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            base = stream.time_base or 0
            origin = stream.start_time or 0
            for packet in container.demux(stream):
                if packet.pts is None or packet.size == 0 or packet.is_keyframe:
                    continue
                t = float((packet.pts - origin) * base)
                if 0 <= t <= info.duration:
                    bins.setdefault(int(t / BIN), []).append(packet.size)
        means = {k: sum(v) / len(v) for k, v in bins.items()}
        top = max(means.values(), default=0.0)
        return [[round((k + 0.5) * BIN, 3), round(m / top, 4)] for k, m in sorted(means.items())
                if top > 0]

    return [(t, s) for t, s in _cached("packets", src, BIN, compute)]


def analysis_scores(src: Path, info: MediaInfo) -> list[tuple[float, float]]:
    """Cover scores per half second from the take's cached whole-file analysis (else none)."""
    from toolkit.reframe.analysis import analyse_clip, is_cached
    from toolkit.reframe.cover import score

    if info.video is None or not is_cached(src, info):
        return []
    frames = analyse_clip(src, info).frames
    top = max((f.sharpness for f in frames), default=0.0)
    bins: dict[int, list[float]] = {}
    for f in frames:
        bins.setdefault(int(f.time / BIN), []).append(score(f.sample(), top))
    return [((k + 0.5) * BIN, sum(v) / len(v)) for k, v in sorted(bins.items())]


def picture_scores(src: Path, info: MediaInfo) -> list[tuple[float, float]]:
    """Motion plus (where cached) sharpness and faces, per half second."""
    merged: dict[float, float] = {}
    for t, s in packet_motion(src, info) + analysis_scores(src, info):
        merged[t] = merged.get(t, 0.0) + s
    return sorted(merged.items())


def transcript_units(project: Project, take: Take) -> list[Unit] | None:
    """The words of the take's saved transcript, without those dropped on it (None: it has
    none)."""
    from toolkit.takes.take_captions import load_take_transcript
    from toolkit.errors import UserInputError

    try:
        transcript = load_take_transcript(project, take.id)
    except UserInputError:
        return None
    if transcript is None:
        return None
    from toolkit.takes.take_cuts import marked_words

    dropped = set(marked_words(take, transcript))  # words dropped on the transcript play not
    return [Unit(w.start, w.end, w.text) for i, w in enumerate(transcript.words)
            if i not in dropped]


def user_range(take: Take) -> tuple[float, float] | None:
    """The user's own in/out points of ``take`` (None: the automatic choice applies)."""
    if take.start is None and take.end is None:
        return None
    return take_range(take)


def auto_choice(project: Project, take: Take, planned: float | None,
                info: MediaInfo | None = None,
                settings: SelectSettings = SelectSettings()) -> Choice:
    """The automatic stretch of ``take`` for a shot planned ``planned`` seconds long."""
    src = project.folder / "media" / take.file
    info = info if info is not None else probe(src)
    duration = info.duration or take.duration
    if planned is None or duration <= planned * (1 + settings.tolerance):
        return Choice(0.0, duration, "whole", planned)
    voiced = voiced_intervals(src, info)
    words = transcript_units(project, take)
    units = words if words is not None else [Unit(a, b) for a, b in voiced]
    scores = [] if sum(u.end - u.start for u in units) >= settings.min_speech else \
        picture_scores(src, info)
    choice = choose(duration, planned, units, scores, voiced, settings)
    return _widened_for_cuts(choice, take, lambda more: choose(duration, planned + more, units,
                                                                 scores, voiced, settings))


def _widened_for_cuts(choice: Choice, take: Take, again: Callable[[float], Choice]) -> Choice:
    """A speech stretch chosen again ``again(seconds)`` longer by the words dropped inside it,
    so that what plays (the stretch minus the cuts) is still about the planned length."""
    from toolkit.takes.take_cuts import cut_seconds

    inside = cut_seconds(take, choice.start, choice.end)
    if choice.reason != "speech" or inside <= 0:
        return choice
    wider = again(inside)
    return Choice(wider.start, wider.end, wider.reason, choice.planned)


def take_choice(project: Project, take: Take, planned: float | None,
                info: MediaInfo | None = None,
                settings: SelectSettings = SelectSettings()) -> Choice:
    """The stretch of ``take`` the video uses: the user's in/out, else :func:`auto_choice`."""
    own = user_range(take)
    if own is not None:
        return Choice(own[0], own[1], "user", planned)
    return auto_choice(project, take, planned, info, settings)


def slider_range(choice: Choice, duration: float, step: float = 0.1) -> tuple[float, float]:
    """A choice as a slider value on a ``step`` grid inside ``[0, duration]`` (the start
    rounded down, the end up, so the slider never cuts into the chosen speech)."""
    lo = max(0.0, math.floor(choice.start / step + 1e-6) * step)
    hi = min(duration, math.ceil(choice.end / step - 1e-6) * step)
    return round(lo, 3), round(max(hi, lo + step) if hi <= lo else hi, 3)
