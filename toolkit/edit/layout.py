"""Timeline + output geometry -> what every piece looks like in that output.

A full-frame take is reframed to the output's aspect by a camera path
(:mod:`toolkit.reframe.camera_path`: one cached low-res analysis per take, windows that follow the
people, an automatic split when two people stand apart). A split screen puts two
takes on top of each other for upright and square frames and side by side for landscape ones,
each half cropped around its own person. Cards are drawn at the output's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from toolkit.edit.timeline import Clip, Timeline
from toolkit.media.render import FramePlan, SourceFrame, split_halves
from toolkit.media.timeline_graph import Part, Piece, PieceLook, TimelineInput



@dataclass(frozen=True)
class Pieces:
    """The timeline cut into pieces, with the clip each piece comes from."""

    pieces: tuple[Piece, ...]
    clips: tuple[Clip, ...]
    inputs: tuple[TimelineInput, ...]
    files: tuple[str, ...]


def split_direction(width: int, height: int) -> str:
    """``v`` (stacked) for upright and square frames, ``h`` (side by side) for landscape."""
    return "h" if width > height else "v"


def half_size(width: int, height: int) -> tuple[int, int]:
    """Size of the first half of a split screen (even numbers; see :func:`half_sizes`)."""
    return half_sizes(width, height)[0]


def half_sizes(width: int, height: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Sizes of both halves of a split screen: even numbers that add up to the frame (a
    1080x1350 feed splits into 674 + 676 rows, since 675 is odd)."""
    if split_direction(width, height) == "h":
        first, second = split_halves(width)
        return (first, height), (second, height)
    first, second = split_halves(height)
    return (width, first), (width, second)


def describe_file(path: Path) -> tuple[SourceFrame, bool]:
    """``(decoded frame, has audio)`` of a take, from its probe (read once per file version)."""
    from toolkit.media.probe import probe

    info = probe(path)
    return SourceFrame.from_info(info), info.has_audio


def cut_pieces(timeline: Timeline, folder: Path,
               describe: Callable[[Path], tuple[SourceFrame, bool]] = describe_file) -> Pieces:
    """Pieces of ``timeline`` and the inputs they read (each file once).

    Args:
        timeline: The timeline.
        folder: Project folder (timeline paths are relative to it).
        describe: ``path -> (decoded frame, has audio)`` (default: :func:`describe_file`).
    """
    from toolkit.edit.plan import resolve_file

    spans: dict[str, list[float]] = {}
    for clip in timeline.clips:
        for src in clip.sources:
            lo, hi = spans.setdefault(src.file, [float("inf"), 0.0])
            spans[src.file] = [min(lo, src.ranges[0].start),
                               max(hi, max(r.end for r in src.ranges))]
    files = tuple(spans)
    inputs = []
    for name in files:
        path = resolve_file(folder, name)
        frame, has_audio = describe(path)
        lo, hi = spans[name]
        length = hi - lo + 0.5 + timeline.crossfade  # crossfades read past the out point
        inputs.append(TimelineInput(path, frame, has_audio, offset=lo, length=length))
    index = {name: i for i, name in enumerate(files)}
    pieces, owners = [], []
    for clip in timeline.clips:
        if clip.kind == "take":
            src = clip.sources[0]
            for r in src.ranges:
                pieces.append(Piece(r.seconds, (Part(index[src.file], r.start),)))
                owners.append(clip)
        else:
            parts = tuple(Part(index[s.file], s.ranges[0].start) for s in clip.sources)
            pieces.append(Piece(clip.seconds, parts))
            owners.append(clip)
    return Pieces(tuple(pieces), tuple(owners), tuple(inputs), files)


CameraFn = Callable[[str, float, float, int, int, str], Any]
"""``(take id, start, end, width, height, layout) -> CameraPath`` (smart framing)."""


def piece_looks(cut: Pieces, width: int, height: int, fps: Fraction, mode: str,
                cameras: CameraFn | None, cards: dict[str, Path],
                layout: str = "auto", pad_color: str = "black") -> tuple[PieceLook, ...]:
    """The look of every piece in a ``width`` x ``height`` output.

    Args:
        cut: From :func:`cut_pieces`.
        width: Output width.
        height: Output height.
        fps: Output rate.
        mode: Fit mode of full-frame takes (``smart``: a camera path per piece).
        cameras: Plans the camera path of a take's stretch (:mod:`toolkit.reframe.camera_path`):
            full-frame takes may split themselves when two people stand apart (``auto``); each
            half of a duel split follows its own person (``single``). None: fixed centre crops.
        cards: Clip id -> the card image drawn for this output.
        layout: Smart framing of full-frame takes (:data:`toolkit.framing.LAYOUTS`); the
            halves of a duel split always use ``single``.
        pad_color: Colour of the bars of the ``bars`` fit.
    """
    looks = []
    direction = split_direction(width, height)
    halves = half_sizes(width, height)
    smart = mode == "smart" and cameras is not None

    def frame(part: Any, take: str, w: int, h: int, layout: str) -> FramePlan:
        camera = cameras(take, part.start, part.start + piece.seconds, w, h, layout) \
            if smart and cameras is not None else None
        return FramePlan(w, h, mode if camera is not None or mode != "smart" else "center",
                         pad_color=pad_color, fps=fps, camera=camera)

    for piece, clip in zip(cut.pieces, cut.clips):
        if clip.kind == "card":
            looks.append(PieceLook(image=cards[clip.id]))
            continue
        takes = [s.take for s in clip.sources]
        if clip.kind == "split":
            frames = tuple(frame(p, t, w, h, "single")
                           for p, t, (w, h) in zip(piece.parts, takes, halves))
            looks.append(PieceLook(frames=frames, stack=direction))
        else:
            looks.append(PieceLook(frames=(frame(piece.parts[0], takes[0], width, height,
                                                 layout),)))
    return tuple(looks)


def sources_of(cut: Pieces) -> Sequence[tuple[str, str, float, float]]:
    """``(take id, file, start, end)`` of every take used (for face analysis)."""
    seen: dict[str, tuple[str, str, float, float]] = {}
    for clip in cut.clips:
        for s in clip.sources:
            lo, hi = s.ranges[0].start, s.ranges[-1].end
            old = seen.get(s.take)
            if old is not None:
                lo, hi = min(lo, old[2]), max(hi, old[3])
            seen[s.take] = (s.take, s.file, lo, hi)
    return list(seen.values())


def played_records(cut: Pieces, analyses: Mapping[str, Any]
                   ) -> Iterator[tuple[int, int, float, float, Any]]:
    """Every analysed frame the assembled video shows, in playing order.

    Args:
        cut: From :func:`cut_pieces`.
        analyses: Take id -> its :class:`~toolkit.reframe.analysis.ClipAnalysis`; a take without
            one yields nothing.

    Yields:
        ``(piece index, part index, seconds into the piece, output time, FrameRecord)``.
    """
    at = 0.0
    for k, (piece, clip) in enumerate(zip(cut.pieces, cut.clips)):
        for j, (part, src) in enumerate(zip(piece.parts, clip.sources)):
            analysis = analyses.get(src.take)
            for record in analysis.frames if analysis is not None else ():
                t = record.time - part.start
                if 0.0 <= t < piece.seconds:
                    yield k, j, t, round(at + t, 3), record
        at += piece.seconds
