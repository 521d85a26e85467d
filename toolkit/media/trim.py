"""Trim: cut a clip to a range and/or cut out silence (jump cuts), frame-accurately.

Plan, then render: :func:`plan_trim` returns an :class:`EditDecision` (plain, serialisable data:
the segments of the source to keep); :func:`build_trim_graph` turns it into ONE ffmpeg pass
(``trim``/``atrim`` per segment + ``concat``), which :func:`render` runs. The app and the export
reuse the same decision.

Accuracy: segment boundaries are snapped to the frame grid of the (constant-rate, ingested)
source; each video ``trim`` selects frames whose timestamps lie in ``[start, end)`` shifted by
half a frame (robust against float rounding) and each ``atrim`` cuts the same span in samples, so
every segment has equal audio and video length and cuts never drift. The input is opened with
an accurate seek to the first kept frame so that trimming the end of a long clip does not decode
it all. Everything is re-encoded (working-file settings), so cuts need no keyframes.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ffmpeg

from toolkit.errors import MediaError, UserInputError
from toolkit.media import runner
from toolkit.media.encode import work_output_args
from toolkit.media.ingest import check_paths
from toolkit.media.probe import MediaInfo, probe
from toolkit.media.silence import (
    DEFAULT_MARGIN,
    DEFAULT_MIN_PAUSE,
    Segment,
    detect_active,
    keep_segments,
)
from toolkit.messages import register

register({
    "trim.bad_range": (
        "{path}: Start {start:.2f} s und Ende {end:.2f} s passen nicht zur Länge {duration:.2f} s. "
        "Bitte einen Bereich innerhalb der Aufnahme wählen (Start < Ende).",
        "{path}: start {start:.2f} s and end {end:.2f} s do not fit the length {duration:.2f} s. "
        "Please choose a range inside the recording (start < end).",
    ),
    "trim.bad_option": (
        "{name} = {value} ist ungültig; erlaubt sind {allowed}.",
        "{name} = {value} is invalid; allowed: {allowed}.",
    ),
    "trim.no_audio": (
        "{path}: Die Datei hat keine Tonspur, also lassen sich keine Pausen finden. "
        "Bitte ohne --silence nur mit --start/--end schneiden.",
        "{path}: the file has no audio track, so no pauses can be found. Please trim with "
        "--start/--end only, without --silence.",
    ),
    "trim.no_speech": (
        "{path}: In der Aufnahme wurde keine Sprache gefunden; es bliebe nichts übrig. "
        "Bitte prüfen, ob der Ton aufgenommen wurde, oder --detector level versuchen.",
        "{path}: no speech was found in the recording; nothing would remain. Please check that "
        "sound was recorded, or try --detector level.",
    ),
})


@dataclass(frozen=True)
class EditDecision:
    """Which parts of a source to keep, in order (plain data; JSON via :meth:`to_dict`).

    Attributes:
        source: Path of the source file.
        source_duration: Its duration in seconds.
        segments: Kept ranges in source seconds, sorted and non-overlapping.
        fps: The source's constant frame rate (None for audio-only or unknown).
        reason: ``range`` or ``silence`` (what produced the decision).
        params: Settings that produced it (margin, min_pause, method ...).
    """

    source: str
    source_duration: float
    segments: tuple[Segment, ...]
    fps: float | None = None
    reason: str = "range"
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def duration(self) -> float:
        """Total kept duration in seconds."""
        return sum(s.duration for s in self.segments)

    @property
    def removed(self) -> float:
        """Seconds of the source that are cut away."""
        return self.source_duration - self.duration

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "source_duration": round(self.source_duration, 6),
                "segments": [s.to_list() for s in self.segments], "fps": self.fps,
                "reason": self.reason, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EditDecision:
        return cls(source=data["source"], source_duration=float(data["source_duration"]),
                   segments=tuple(Segment(float(a), float(b)) for a, b in data["segments"]),
                   fps=data.get("fps"), reason=data.get("reason", "range"),
                   params=dict(data.get("params", {})))


@dataclass(frozen=True)
class TrimResult:
    """Result of :func:`render`: the file, the decision and the measured output length."""

    path: Path
    decision: EditDecision
    after: MediaInfo

    @property
    def duration_error(self) -> float:
        """Seconds between the planned and the measured output length."""
        return abs(self.after.duration - self.decision.duration)


def _check_option(name: str, value: float, low: float, high: float) -> None:
    if not (math.isfinite(value) and low <= value <= high):
        raise UserInputError("trim.bad_option", name=name, value=value,
                             allowed=f"{low:g} … {high:g}")


def plan_trim(src: str | Path, info: MediaInfo, *, start: float | None = None,
              end: float | None = None, silence: bool = False,
              margin: float = DEFAULT_MARGIN, min_pause: float = DEFAULT_MIN_PAUSE,
              method: str = "vad", timeout: float | None = None) -> EditDecision:
    """Decide what to keep: a range, minus silence if ``silence`` (runs the detector).

    Raises:
        UserInputError: Bad range or option.
        MediaError: ``silence`` without an audio track, or no speech found.
    """
    duration = info.duration
    fps = info.video.fps if info.video and info.video.fps > 0 else None
    lo = 0.0 if start is None else start
    hi = duration if end is None else end
    frame = 1 / fps if fps else 0.001
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0 or hi <= lo or \
            hi > duration + frame or hi - lo < frame:
        raise UserInputError("trim.bad_range", path=str(src), start=lo, end=hi,
                             duration=duration)
    hi = min(hi, duration)
    _check_option("--margin", margin, 0.0, 5.0)
    _check_option("--min-pause", min_pause, 0.05, 60.0)
    if not silence:
        return EditDecision(str(src), duration, (_nearest_frames(lo, hi, fps, duration),),
                            fps, "range", {"start": lo, "end": hi})
    if not info.has_audio:
        raise MediaError("trim.no_audio", path=str(src))
    budget = timeout if timeout is not None else 60.0 + 2.0 * duration
    active = detect_active(src, duration, method=method, timeout=budget)
    active = [Segment(max(a.start, lo), min(a.end, hi)) for a in active if a.end > lo and
              a.start < hi]
    segs = keep_segments(active, duration, margin=margin, min_pause=min_pause, fps=fps)
    segs = [Segment(max(s.start, lo), min(s.end, hi)) for s in segs]
    segs = [s for s in segs if s.duration >= frame]
    if not segs:
        raise MediaError("trim.no_speech", path=str(src))
    params = {"start": lo, "end": hi, "margin": margin, "min_pause": min_pause,
              "method": method}
    return EditDecision(str(src), duration, tuple(segs), fps, "silence", params)


def _nearest_frames(start: float, end: float, fps: float | None, duration: float) -> Segment:
    """A requested range moved to the nearest frame boundaries (at least one frame long)."""
    if not fps:
        return Segment(start, end)
    last = math.floor(duration * fps + 1e-6)
    first = min(math.floor(start * fps + 0.5 + 1e-9), last - 1)  # half up, not banker's
    stop = max(first + 1, min(last, math.floor(end * fps + 0.5 + 1e-9)))
    return Segment(first / fps, stop / fps)


def build_trim_graph(src: str | Path, out: str | Path, decision: EditDecision, *,
                     has_video: bool, has_audio: bool) -> Any:
    """ONE ffmpeg pass rendering ``decision`` (testable without running ffmpeg)."""
    offset = decision.segments[0].start
    inp = ffmpeg.input(str(src), ss=f"{offset:.6f}") if offset > 0 else ffmpeg.input(str(src))
    half = 0.5 / decision.fps if decision.fps else 0.0
    parts = []
    for seg in decision.segments:
        s, e = seg.start - offset, seg.end - offset
        if has_video:
            parts.append(inp.video.trim(start=f"{max(0.0, s - half):.6f}",
                                        end=f"{e - half:.6f}").setpts("PTS-STARTPTS"))
        if has_audio:
            parts.append(inp.audio.filter("atrim", start=f"{s:.6f}", end=f"{e:.6f}")
                         .filter("asetpts", "PTS-STARTPTS"))
    streams = parts
    if len(decision.segments) > 1:
        joined = ffmpeg.concat(*parts, v=int(has_video), a=int(has_audio)).node
        streams = [joined[i] for i in range(int(has_video) + int(has_audio))]
    return ffmpeg.output(*streams, str(out), **work_output_args(has_video, has_audio))


def render(decision: EditDecision, out: str | Path, *,
           progress: Callable[[float], None] | None = None,
           cancel: threading.Event | None = None, timeout: float | None = None) -> TrimResult:
    """Render ``decision`` into ``out`` (atomically) and measure the result."""
    src = Path(decision.source)
    check_paths(src, out)
    info = probe(src)
    graph = build_trim_graph(src, out, decision, has_video=info.has_video,
                             has_audio=info.has_audio)
    budget = timeout if timeout is not None else 120.0 + 6.0 * info.duration
    runner.run(graph, outputs=[out], duration=decision.duration, progress=progress,
               cancel=cancel, timeout=budget, target=src.name)
    return TrimResult(path=Path(out), decision=decision, after=probe(out))


def trim(src: str | Path, out: str | Path, *, start: float | None = None,
         end: float | None = None, silence: bool = False, margin: float = DEFAULT_MARGIN,
         min_pause: float = DEFAULT_MIN_PAUSE, method: str = "vad",
         progress: Callable[[float], None] | None = None,
         cancel: threading.Event | None = None, timeout: float | None = None) -> TrimResult:
    """Plan and render in one call (see :func:`plan_trim` and :func:`render`).

    Raises:
        UserInputError: Output equals input, bad range/option/extension.
        MediaError: Unreadable input, no audio for ``silence``, no speech found.
        FFmpegError: ffmpeg failed or timed out.
    """
    check_paths(src, out)
    info = probe(src)
    if info.duration <= 0:
        raise MediaError("media.no_content", path=str(src))
    decision = plan_trim(src, info, start=start, end=end, silence=silence, margin=margin,
                         min_pause=min_pause, method=method, timeout=timeout)
    return render(decision, out, progress=progress, cancel=cancel, timeout=timeout)
