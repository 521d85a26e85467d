"""A long timeline rendered in stretches: one ffmpeg process per segment, memory bounded.

One ffmpeg graph for a whole assembled duel keeps, until it ends, a frame pool for every link
of every piece's chain in every output (libavfilter frees a link's pool only with the graph) and
a decoder for every take: its memory grows with each piece (about 100-150 MB per piece at
1080x1920 plus 1920x1080), to about 2 GB for a 45 s duel of 13 takes. Here the timeline is cut
at hard cuts into segments of a few pieces:

1. the sound of the WHOLE timeline is made by one ffmpeg process of its own (audio only: the
   takes are demuxed, not decoded), beside the first segments, so the loudness normalisation
   and the crossfades see the timeline as one; what the sound needs first (the loudness
   pass 1, :attr:`TimelineJob.sound_ready`) is waited for in the sound's thread, so the
   pictures start without it; a failing sound stops the segments;
2. each segment is rendered by the same graph builder
   (:func:`~toolkit.media.timeline_graph.build_timeline_graph`) from its pieces, opening only
   the takes it shows (each from its first used second), in one ffmpeg process per group of
   outputs; overlays and captions keep timeline time (``start``), so a timer or a caption that
   runs across a cut is unchanged;
3. the segments' encodes are joined without re-encoding (``concat`` demuxer, ``-c copy``) and
   muxed with the sound into the final file (written under a temporary name, renamed at the
   end).

Segments follow each other, so the peak is one segment's graph and encoders, whatever the
length of the timeline; the memory budget (``MACHMAL_RENDER_MEMORY_MB``, :func:`budget`) sets
the pieces per segment and the outputs per process. A segment starts with a key frame of its
own and its own rate control; the pieces and their frame counts are the same as in one process.
A timeline of one segment (a clip's export, a short duel) is rendered by one process as before.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.edit.prestage import Stop
from toolkit.errors import Cancelled, UserInputError
from toolkit.media import runner
from toolkit.messages import register
from toolkit.media.render import _fan_out
from toolkit.media.timeline_graph import (Blend, ImageOverlay, Part, Piece, TimelineInput,
                                          TimelineOutput, build_timeline_graph, open_inputs)
from toolkit.progress import ProgressFn

register({
    "render.bad_memory": (
        "{env}={value} ist ungültig. Bitte eine ganze Zahl ab 600 angeben (Megabyte, die ein "
        "Rendern höchstens belegen soll), oder die Variable entfernen (1024).",
        "{env}={value} is not valid. Please give a whole number from 600 (megabytes a render "
        "may use at most), or remove the variable (1024).",
    ),
})

SEGMENT_PIECES: int | None = None
"""Pieces showing takes per segment (cards do not count); None: from the memory budget
(:func:`budget`)."""
MIN_SEGMENT_SECONDS = 6.0
"""A shorter stretch is joined to its neighbour (each process costs its start-up)."""
PROCESS_PIXELS: int | None = None
"""Output pixels one segment process encodes; None: from the memory budget."""
MEMORY_ENV = "MACHMAL_RENDER_MEMORY_MB"
DEFAULT_MEMORY_MB = 1024
"""The render's memory budget (MB, all its processes together) unless ``MACHMAL_RENDER_MEMORY_MB``
says otherwise."""
MAX_PIECES = 8
"""At most this many take pieces per segment, however much memory there is."""
# The model of a segment process, fitted to the 45 s duel at 1080x1920 (bench/RESULTS.md):
# 40 MB + output pixels x (190 B + 25 B per take piece); one output: 541 MB at 3 pieces,
# 696 MB at 6; beside it the render's Python process (150-200 MB) and the sound's ffmpeg (80 MB).
_BESIDE_MB = 300
_PROCESS_MB = 40
_BASE_BYTES = 190
_PIECE_BYTES = 25
READ_MARGIN = 0.5
"""Seconds a segment's input reads past the last frame it uses."""


@dataclass(frozen=True)
class Segment:
    """Pieces ``first`` .. ``stop - 1`` of a timeline, starting at timeline second ``start``."""

    first: int
    stop: int
    start: float
    seconds: float


@dataclass(frozen=True)
class StreamArgs:
    """One output's ffmpeg arguments by stream: the video encoder's, the audio encoder's and
    the container's (a segment is encoded with the first only, the join muxes with the last)."""

    video: dict[str, Any]
    audio: dict[str, Any]
    container: dict[str, Any]

    @property
    def all(self) -> dict[str, Any]:
        """Every argument, for a render in one process."""
        return {**self.video, **self.audio, **self.container}


@dataclass(frozen=True)
class Rendered:
    """What :func:`render_timeline` ran: its wall seconds, the sound's ffmpeg stderr (loudnorm
    reports there) and the cover tap's frame files with the timeline second of their first
    frame."""

    seconds: float
    stderr: str
    taps: list[tuple[Path, float]]


def split_segments(pieces: Sequence[Piece], blends: Sequence[Blend],
                   max_pieces: int = MAX_PIECES,
                   min_seconds: float = MIN_SEGMENT_SECONDS) -> list[Segment]:
    """Cut the timeline at hard cuts (never inside a blend) into segments of at most
    ``max_pieces`` pieces that show takes; a run of blended pieces stays whole.

    A segment shorter than ``min_seconds`` is joined to the one before it.
    """
    blended = {b.after for b in blends}
    runs: list[list[int]] = [[]]
    for k in range(len(pieces)):
        runs[-1].append(k)
        if k not in blended and k < len(pieces) - 1:
            runs.append([])
    groups: list[list[int]] = []
    for run in runs:
        if groups and _shown(pieces, groups[-1]) + _shown(pieces, run) <= max_pieces:
            groups[-1] += run
        else:
            groups.append(list(run))
    merged: list[list[int]] = []
    for group in groups:
        if merged and sum(pieces[k].seconds for k in group) < min_seconds:
            merged[-1] += group
        else:
            merged.append(group)
    if len(merged) > 1 and sum(pieces[k].seconds for k in merged[0]) < min_seconds:
        merged[1] = merged[0] + merged[1]
        merged.pop(0)
    out, start = [], 0.0
    for group in merged:
        seconds = sum(pieces[k].seconds for k in group)
        out.append(Segment(group[0], group[-1] + 1, start, seconds))
        start += seconds
    return out


def _shown(pieces: Sequence[Piece], group: Sequence[int]) -> int:
    return sum(1 for k in group if pieces[k].parts)


def segment_timeline(seg: Segment, inputs: Sequence[TimelineInput], pieces: Sequence[Piece],
                     blends: Sequence[Blend]
                     ) -> tuple[list[TimelineInput], list[Piece], list[Blend]]:
    """The inputs, pieces and blends of one segment: only the takes it shows, each read from
    the first second it uses; parts and blends re-indexed to the segment."""
    mine = list(range(seg.first, seg.stop))
    tails = {b.after: b.seconds for b in blends}
    spans: dict[int, list[float]] = {}
    for k in mine:
        for part in pieces[k].parts:
            end = part.start + pieces[k].seconds + tails.get(k, 0.0)
            lo, hi = spans.setdefault(part.input, [part.start, end])
            spans[part.input] = [min(lo, part.start), max(hi, end)]
    index = {i: n for n, i in enumerate(sorted(spans))}
    sub_inputs = [dataclasses.replace(inputs[i], offset=spans[i][0],
                                      length=spans[i][1] - spans[i][0] + READ_MARGIN)
                  for i in sorted(spans)]
    sub_pieces = [Piece(pieces[k].seconds, tuple(Part(index[p.input], p.start)
                                                 for p in pieces[k].parts)) for k in mine]
    sub_blends = [dataclasses.replace(b, after=b.after - seg.first) for b in blends
                  if seg.first <= b.after < seg.stop - 1]
    return sub_inputs, sub_pieces, sub_blends


def overlays_within(overlays: Sequence[ImageOverlay], start: float,
                    end: float) -> tuple[ImageOverlay, ...]:
    """The overlays seen between timeline seconds ``start`` and ``end``."""
    def seen(ov: ImageOverlay) -> bool:
        a, b = ov.shown or (ov.start, ov.end)
        return a < end and b > start
    return tuple(ov for ov in overlays if seen(ov))


@dataclass
class TimelineJob:
    """Everything :func:`render_timeline` needs.

    Attributes:
        inputs: The timeline's sources.
        pieces: Its pieces in order.
        outputs: One entry per encode (their plans write to the final paths).
        args: Each output's :class:`StreamArgs` (same order).
        audio: ``nodes -> finished sound`` (from the inputs' nodes), None for no sound.
        blends: Transitions between pieces.
        tap: ``(tap, frames file)`` fed with the first output's picture (the cover choice), or
            None.
        work: A scratch folder (segments, the sound, the tap files).
        duration: The timeline's length in seconds.
        sound_ready: Called with a stop event before the sound's graph is built, e.g. the
            loudness pass 1 the sound's gain needs: in segments it runs in the sound's thread,
            beside the first segments' pictures, which do not need it; None: nothing to wait
            for.
    """

    inputs: Sequence[TimelineInput]
    pieces: Sequence[Piece]
    outputs: Sequence[TimelineOutput]
    args: Sequence[StreamArgs]
    audio: Callable[[list[Any]], Any] | None
    blends: Sequence[Blend]
    tap: tuple[Callable[[Path], Any], Path] | None
    work: Path
    duration: float
    sound_ready: Callable[[threading.Event], None] | None = None


def in_segments(pieces: Sequence[Piece], blends: Sequence[Blend], largest_output: int) -> bool:
    """Whether :func:`render_timeline` renders these pieces segment by segment (outputs of at
    most ``largest_output`` pixels), not in one process."""
    return len(_segments(pieces, blends, largest_output)) > 1


def _segments(pieces: Sequence[Piece], blends: Sequence[Blend],
              largest_output: int) -> list[Segment]:
    return split_segments(pieces, blends, SEGMENT_PIECES or budget(largest_output).pieces,
                          MIN_SEGMENT_SECONDS)


def render_timeline(job: TimelineJob, *, progress: ProgressFn | None = None,
                    cancel: threading.Event | None = None, target: str = "render") -> Rendered:
    """Render ``job`` to its outputs' final paths: in one ffmpeg process, or segment by segment
    where the timeline has more than one segment (see the module docstring).

    Raises:
        FFmpegError: ffmpeg failed (the output files are not written).
        Cancelled: ``cancel`` was set.
    """
    largest = max(o.plan.frame.width * o.plan.frame.height for o in job.outputs)
    segments = _segments(job.pieces, job.blends, largest)
    if len(segments) == 1:
        return _in_one(job, progress, cancel, target)
    return _in_segments(job, segments, PROCESS_PIXELS or budget(largest).pixels, progress,
                        cancel, target)


def _timeout(seconds: float, outputs: int) -> float:
    return 600.0 + 40.0 * seconds * outputs


def _in_one(job: TimelineJob, progress: ProgressFn | None, cancel: threading.Event | None,
            target: str) -> Rendered:
    if job.sound_ready is not None:
        job.sound_ready(Stop(cancel))
    nodes = open_inputs(job.inputs)
    taps = [job.tap[0](job.tap[1])] if job.tap else []
    graph = build_timeline_graph(nodes, job.inputs, job.pieces, job.outputs,
                                 job.audio(nodes) if job.audio else None, taps, job.blends)
    finals = [o.plan.path for o in job.outputs]
    result = runner.run(graph, outputs=finals + ([job.tap[1]] if job.tap else []),
                        duration=job.duration, progress=progress, cancel=cancel,
                        timeout=_timeout(job.duration, len(job.outputs)), target=target)
    return Rendered(result.seconds, result.stderr, [(job.tap[1], 0.0)] if job.tap else [])


def _in_segments(job: TimelineJob, segments: Sequence[Segment], pixels: int,
                 progress: ProgressFn | None,
                 cancel: threading.Event | None, target: str) -> Rendered:
    import time

    started = time.monotonic()
    stop = Stop(cancel)  # the sound's process stops on a cancel or when a segment fails
    pictures = Stop(cancel)  # the segments stop on a cancel or when the sound fails
    with ThreadPoolExecutor(max_workers=1) as pool:
        sound = (pool.submit(_sound, job, stop, target)
                 if job.audio is not None else None)
        if sound is not None:
            sound.add_done_callback(
                lambda f: f.cancelled() or f.exception() is None or pictures.set())
        try:
            parts, taps = _video(job, segments, pixels, progress, pictures, target)
        except BaseException:
            stop.set()
            if sound is not None and sound.done() and sound.exception() is not None:
                raise sound.exception() from None  # the sound's failure stopped the segments
            raise
        stderr, tracks = sound.result() if sound is not None else ("", [])
    _join(job, parts, tracks, cancel, target)
    if progress is not None:
        progress(1.0)
    return Rendered(time.monotonic() - started, stderr, taps)


def _sound(job: TimelineJob, cancel: threading.Event, target: str
           ) -> tuple[str, list[Path | None]]:
    """The whole timeline's sound, one AAC file per distinct audio encoder setting."""
    import ffmpeg

    assert job.audio is not None
    if job.sound_ready is not None:
        job.sound_ready(cancel)
    kinds = list(dict.fromkeys(tuple(sorted(a.audio.items())) for a in job.args))
    paths = [job.work / f"sound-{n}.m4a" for n in range(len(kinds))]
    nodes = open_inputs(job.inputs)
    streams = _fan_out(job.audio(nodes), len(kinds), "asplit")
    graph = ffmpeg.merge_outputs(*[ffmpeg.output(a, str(path), **dict(kind))
                                   for a, path, kind in zip(streams, paths, kinds)])
    result = runner.run(graph, outputs=paths, cancel=cancel, target=target,
                        timeout=_timeout(job.duration, 1))
    by_kind = dict(zip(kinds, paths))
    return result.stderr, [by_kind[tuple(sorted(a.audio.items()))] for a in job.args]


@dataclass(frozen=True)
class Budget:
    """How a render is cut to stay in its memory budget: take pieces per segment and output
    pixels per process."""

    pieces: int
    pixels: int


def memory_mb() -> int:
    """The render's memory budget in MB (``MACHMAL_RENDER_MEMORY_MB``, default 1024).

    Raises:
        UserInputError: ``render.bad_memory``: not a whole number of at least 600.
    """
    raw = os.environ.get(MEMORY_ENV, "").strip()
    if not raw:
        return DEFAULT_MEMORY_MB
    if raw.isdigit() and int(raw) >= 600:
        return int(raw)
    raise UserInputError("render.bad_memory", value=raw, env=MEMORY_ENV)


def budget(largest_output: int, megabytes: int | None = None) -> Budget:
    """Segment size and outputs per process for outputs of at most ``largest_output`` pixels:
    as many pieces as one such output's process can hold (1..:data:`MAX_PIECES`), then as many
    output pixels per process as fit beside them. At 1 GB and 1080x1920: 6 pieces, one output
    per process; at 2 GB a 1080x1920 and a 1920x1080 output share one (one decode less).

    Raises:
        UserInputError: ``render.bad_memory`` (see :func:`memory_mb`).
    """
    room = max(1, (megabytes or memory_mb()) - _BESIDE_MB - _PROCESS_MB) * 2**20
    per_pixel = room / max(1, largest_output)
    pieces = max(1, min(MAX_PIECES, int((per_pixel - _BASE_BYTES) // _PIECE_BYTES)))
    return Budget(pieces, max(1, int(room // (_BASE_BYTES + _PIECE_BYTES * pieces))))


def output_groups(outputs: Sequence[TimelineOutput], max_pixels: int) -> list[list[int]]:
    """The outputs each segment's processes encode: in order, as many per process as fit in
    ``max_pixels`` (at least one)."""
    groups: list[list[int]] = []
    used = 0
    for o, out in enumerate(outputs):
        pixels = out.plan.frame.width * out.plan.frame.height
        if groups and used + pixels <= max_pixels:
            groups[-1].append(o)
            used += pixels
        else:
            groups.append([o])
            used = pixels
    return groups


def _video(job: TimelineJob, segments: Sequence[Segment], pixels: int,
           progress: ProgressFn | None,
           cancel: threading.Event | None, target: str
           ) -> tuple[list[list[Path]], list[tuple[Path, float]]]:
    """Each segment in turn, by groups of outputs: ``[output][segment]`` encoded files and the
    tap files."""
    parts: list[list[Path]] = [[] for _ in job.outputs]
    taps: list[tuple[Path, float]] = []
    groups = output_groups(job.outputs, pixels)
    runs = len(segments) * len(groups)
    n = 0
    for seg in segments:
        inputs, pieces, blends = segment_timeline(seg, job.inputs, job.pieces, job.blends)
        for group in groups:
            if cancel is not None and cancel.is_set():  # e.g. the sound failed
                raise Cancelled(target=target)
            outputs = []
            for o in group:
                out, args = job.outputs[o], job.args[o]
                parts[o].append(job.work / f"segment-{n:03d}-{o}.mp4")
                plan = dataclasses.replace(out.plan, path=parts[o][-1],
                                           output_args={**args.video, **args.container})
                outputs.append(TimelineOutput(plan, tuple(out.looks[seg.first:seg.stop]),
                                              overlays_within(out.overlays, seg.start,
                                                              seg.start + seg.seconds)))
            tapped: list[Path] = []
            if job.tap is not None and group[0] == 0:
                tapped.append(job.work / f"segment-{n:03d}-{job.tap[1].name}")
                taps.append((tapped[0], seg.start))
            graph = build_timeline_graph(open_inputs(inputs), inputs, pieces, outputs, None,
                                         [job.tap[0](path) for path in tapped if job.tap],
                                         blends, start=seg.start)
            runner.run(graph, outputs=[o.plan.path for o in outputs] + tapped,
                       duration=seg.seconds, cancel=cancel, target=target,
                       progress=(None if progress is None else
                                 lambda f, d=n / runs: progress(min(0.99, d + f / runs))),
                       timeout=_timeout(seg.seconds, len(outputs)))
            n += 1
    return parts, taps


def _join(job: TimelineJob, parts: Sequence[Sequence[Path]], tracks: Sequence[Path | None],
          cancel: threading.Event | None, target: str) -> None:
    """Each output's segments joined without re-encoding and muxed with its sound."""
    import ffmpeg

    outs = []
    for o, (out, args) in enumerate(zip(job.outputs, job.args)):
        listing = job.work / f"segments-{o}.txt"
        listing.write_text("".join(f"file '{p.name}'\n" for p in parts[o]), encoding="utf-8")
        streams = [ffmpeg.input(str(listing), f="concat", safe=0).video]
        if tracks and tracks[o] is not None:
            streams.append(ffmpeg.input(str(tracks[o])).audio)
        outs.append(ffmpeg.output(*streams, str(out.plan.path), c="copy", **args.container))
    runner.run(ffmpeg.merge_outputs(*outs), outputs=[o.plan.path for o in job.outputs],
               cancel=cancel, target=target, timeout=_timeout(job.duration, 1))
