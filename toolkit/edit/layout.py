"""Timeline + output geometry -> what every piece looks like in that output.

A full-frame take is cropped around its people (the face analysis of
:mod:`toolkit.media.faces`, done once per take) to the output's aspect. A split screen puts two
takes on top of each other for upright and square frames and side by side for landscape ones,
each half cropped around its own person. Cards are drawn at the output's size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from toolkit.edit.timeline import Clip, Timeline
from toolkit.media.render import FramePlan, SourceFrame
from toolkit.media.timeline_graph import Part, Piece, PieceLook, TimelineInput

Focus = tuple[float, float]


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
    """Size of one half of a split screen (even numbers)."""
    if split_direction(width, height) == "h":
        return width // 4 * 2, height
    return width, height // 4 * 2


def cut_pieces(timeline: Timeline, folder: Path,
               describe: Callable[[Path], tuple[SourceFrame, bool]]) -> Pieces:
    """Pieces of ``timeline`` and the inputs they read (each file once).

    Args:
        timeline: The timeline.
        folder: Project folder (timeline paths are relative to it).
        describe: ``path -> (decoded frame, has audio)`` (a probe).
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


def piece_looks(cut: Pieces, width: int, height: int, fps: Fraction, mode: str,
                focus: dict[str, Focus], cards: dict[str, Path]) -> tuple[PieceLook, ...]:
    """The look of every piece in a ``width`` x ``height`` output.

    Args:
        cut: From :func:`cut_pieces`.
        width: Output width.
        height: Output height.
        fps: Output rate.
        mode: Fit mode of full-frame takes.
        focus: Take id -> point to keep in view (fractions of its frame).
        cards: Clip id -> the card image drawn for this output.
    """
    looks = []
    direction = split_direction(width, height)
    hw, hh = half_size(width, height)
    for piece, clip in zip(cut.pieces, cut.clips):
        if clip.kind == "card":
            looks.append(PieceLook(image=cards[clip.id]))
            continue
        takes = [s.take for s in clip.sources]
        if clip.kind == "split":
            frames = tuple(FramePlan(hw, hh, "smart", focus.get(t, (0.5, 0.5)), fps=fps)
                           for t in takes)
            looks.append(PieceLook(frames=frames, stack=direction))
        else:
            f = focus.get(takes[0], (0.5, 0.5))
            looks.append(PieceLook(frames=(FramePlan(width, height, mode, f, fps=fps),)))
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
