"""The render graph of a timeline: many sources, one ffmpeg graph, many outputs.

This is :mod:`toolkit.media.render` grown from one source to a timeline of pieces (the
assembly of a project's takes): the same frame plans, fit chains, caption burn-in and fan-out,
applied per piece. Every source file is one input decoded once; each stretch a piece uses is
trimmed once (``trim`` + ``setpts``) and split to the outputs; per output, each piece passes the
output's chain (crop/scale, or two halves stacked for a split screen, or a drawn card), the
pieces are joined with ``concat`` (or, where a :class:`Blend` says so, ``xfade`` over the
move's frames only: the piece before it plays on for the move's length, so every piece still
starts where it would after a hard cut and the total length is unchanged), the drawn overlays
are laid on with ``overlay=enable='between(t,a,b)'``, captions burned in last, and one encoder
writes the file. Sound is assembled once (:func:`assemble_audio`) and split to every output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from toolkit.media.render import (DELIVERY_PIX_FMT, FramePlan, OutputPlan, SourceFrame, Stream,
                                  _fan_out, _ffmpeg, subtitles_chain, video_chain)


@dataclass(frozen=True)
class TimelineInput:
    """One source file of a timeline render; it is opened once and decoded once.

    Attributes:
        path: The file.
        frame: Its decoded frame geometry.
        has_audio: It has an audio stream.
        offset: Input seek: the earliest second any piece uses.
        length: Seconds read after ``offset`` (None: to the end).
    """

    path: Path
    frame: SourceFrame
    has_audio: bool
    offset: float = 0.0
    length: float | None = None


@dataclass(frozen=True)
class Part:
    """A source shown in a piece: index into the inputs and its start in source seconds."""

    input: int
    start: float


@dataclass(frozen=True)
class Piece:
    """A stretch of the assembled video: no parts (a card), one part, or two (split screen)."""

    seconds: float
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Blend:
    """A transition from piece ``after`` to the next one (instead of a hard cut).

    Attributes:
        after: Index of the piece it leaves.
        xfade: ``xfade`` transition name (``slideleft``, ``slideup`` …).
        seconds: Length of the move; the leaving piece plays on that long under it.
        smear: Horizontal motion blur during the move (a whip pan), as a share of the width.
    """

    after: int
    xfade: str
    seconds: float
    smear: float = 0.0


@dataclass(frozen=True)
class PieceLook:
    """How one piece looks in one output.

    Attributes:
        frames: One frame plan per part (the size of its area; for a split: one half).
        stack: ``v`` (top/bottom) or ``h`` (side by side) for a split.
        image: Full-frame image of a card (at the output's size).
    """

    frames: tuple[FramePlan, ...] = ()
    stack: str = "v"
    image: Path | None = None


@dataclass(frozen=True)
class ImageOverlay:
    """A drawn image laid over the picture from ``start`` to ``end`` (output seconds).

    ``rate`` set: ``path`` is an image-sequence pattern (``timer_%03d.png``) shown at that many
    images per second from ``start`` (a running timer, an entrance animation); ``hold``: its
    last image stays until ``end``.
    """

    path: Path
    x: int
    y: int
    start: float
    end: float
    rate: float | None = None
    hold: bool = False
    shown: tuple[float, float] | None = None
    """When it is seen, if not ``start``..``end``: a stretch of a sequence shown elsewhere
    (its images still count from ``start``)."""


@dataclass(frozen=True)
class TimelineOutput:
    """One encode of a timeline render: its plan, the look of every piece, its overlays."""

    plan: OutputPlan
    looks: tuple[PieceLook, ...]
    overlays: tuple[ImageOverlay, ...] = ()


def open_inputs(inputs: Sequence[TimelineInput]) -> list[Stream]:
    """One ffmpeg input node per source (seeking to its earliest used second).

    With several sources (an assembled timeline) each decoder gets ONE thread: only one or two
    sources play at a time, and a frame-threaded decoder holds a full frame per thread, for
    every source from the start of the render to its end. A single source keeps ffmpeg's
    frame threads (there the decoder is the only one and its speed counts).
    """
    nodes = []
    for src in inputs:
        args: dict[str, Any] = {}
        if src.offset > 0:
            args["ss"] = f"{src.offset:.6f}"
        if src.length:
            args["t"] = f"{src.length:.6f}"
        if len(inputs) > 1:
            args["threads"] = "1"
        nodes.append(_ffmpeg().input(str(src.path), **args))
    return nodes


def assemble_audio(nodes: Sequence[Stream], inputs: Sequence[TimelineInput],
                   pieces: Sequence[Piece], crossfade: float = 0.0) -> Stream:
    """The pieces' sound back to back (48 kHz stereo): a split mixes both parts, a card or a
    source without sound is silence.

    With ``crossfade`` > 0 every piece but the last reads that much further (padded with
    silence where its source ends) and ``acrossfade`` overlaps it with the next piece's start:
    the cuts are soft, and every piece still starts exactly where its picture does.
    """
    d = max(0.0, crossfade)
    tails = [d if k < len(pieces) - 1 else 0.0 for k in range(len(pieces))]
    uses = [(k, j) for k, piece in enumerate(pieces) for j, part in enumerate(piece.parts)
            if inputs[part.input].has_audio]
    by_input: dict[int, list[tuple[int, int]]] = {}
    for k, j in uses:
        by_input.setdefault(pieces[k].parts[j].input, []).append((k, j))
    branches: dict[tuple[int, int], Stream] = {}
    for i, use in by_input.items():
        for (k, j), a in zip(use, _fan_out(nodes[i].audio, len(use), "asplit")):
            s = pieces[k].parts[j].start - inputs[i].offset
            end = s + pieces[k].seconds + tails[k]
            a = (a.filter("atrim", start=f"{s:.6f}", end=f"{end:.6f}")
                 .filter("asetpts", "PTS-STARTPTS"))
            if tails[k]:
                a = a.filter("apad", whole_dur=f"{pieces[k].seconds + tails[k]:.6f}")
            branches[(k, j)] = _audio_fmt(a)
    silent = [k for k, p in enumerate(pieces) if not any((k, j) in branches
                                                          for j in range(len(p.parts)))]
    quiet = dict(zip(silent, _fan_out(_ffmpeg().input(
        "anullsrc=channel_layout=stereo:sample_rate=48000", f="lavfi").audio,
        len(silent), "asplit"))) if silent else {}
    parts = []
    for k, piece in enumerate(pieces):
        if k in quiet:
            parts.append(quiet[k].filter("atrim", end=f"{piece.seconds + tails[k]:.6f}"))
            continue
        mine = [branches[(k, j)] for j in range(len(piece.parts)) if (k, j) in branches]
        parts.append(mine[0] if len(mine) == 1 else
                     _ffmpeg().filter(mine, "amix", inputs=len(mine), normalize=0,
                                      duration="longest"))
    if len(parts) == 1:
        return parts[0]
    if d <= 0:
        return _ffmpeg().concat(*parts, v=0, a=1).node[0]
    joined = parts[0]
    for part in parts[1:]:
        joined = _ffmpeg().filter([joined, part], "acrossfade", d=f"{d:.4f}", c1="tri",
                                  c2="tri")
    return joined


def _audio_fmt(a: Stream) -> Stream:
    return a.filter("aformat", sample_rates=48000, channel_layouts="stereo")


def build_timeline_graph(nodes: Sequence[Stream], inputs: Sequence[TimelineInput],
                         pieces: Sequence[Piece], outputs: Sequence[TimelineOutput],
                         audio: Stream | None, taps: Sequence[Any] = (),
                         blends: Sequence[Blend] = (), start: float = 0.0) -> Any:
    """ONE ffmpeg graph for a timeline: every source decoded once, each piece trimmed once and
    split to the outputs, per output one chain per piece, a concat, the overlays, captions and
    one encode.

    Args:
        nodes: From :func:`open_inputs` (the same nodes ``audio`` was built from).
        inputs: The sources.
        pieces: The timeline's pieces in order.
        outputs: One entry per encode.
        audio: The finished sound (split to every output), or None for no audio.
        taps: Extra video-only outputs (``stream -> output``) fed with the first output's
            assembled picture before overlays and captions (e.g. the cover choice's frames).
        blends: Transitions between pieces (none: hard cuts everywhere).
        start: Timeline second where these pieces begin, for one segment of a longer render
            (:mod:`toolkit.edit.segments`): the overlays and captions keep timeline time (their
            frames are stamped from ``start`` while they are laid on), the file starts at 0.

    Returns:
        An ffmpeg-python graph (merged outputs) for :func:`toolkit.media.runner.run`.
    """
    n = len(outputs)
    tails = [0.0] * len(pieces)
    for b in blends:
        if 0 <= b.after < len(pieces) - 1:
            tails[b.after] = b.seconds
    per_piece = _piece_branches(nodes, inputs, pieces, n, tails)
    length = sum(p.seconds for p in pieces)
    audios = _fan_out(audio, n, "asplit") if audio is not None else [None] * n
    outs = []
    for o, (out, a) in enumerate(zip(outputs, audios)):
        fps = out.plan.frame.fps or Fraction(25)
        streams = [_piece_video(pieces[k], out.looks[k], per_piece[k], o, inputs, fps,
                                tails[k]) for k in range(len(pieces))]
        v = join_pieces(streams, pieces, blends, fps, out.plan.frame.width)
        if o == 0 and taps:
            v, *tapped = _fan_out(v, 1 + len(taps), "split")
            outs += [tap(t) for tap, t in zip(taps, tapped)]
        if start > 0:
            v = v.filter("setpts", f"PTS+{start:.6f}/TB")
        for ov, img in zip(out.overlays, _overlay_sources(out.overlays)):
            v = _overlay(v, ov, img)
        # an overlay repeats the picture's last frame while its images go on (a timer running
        # past the end of a segment): the picture ends where its pieces do
        v = v.trim(end=f"{start + length + 0.001:.6f}")
        v = v.filter("format", pix_fmts=DELIVERY_PIX_FMT, color_ranges="tv")
        v = subtitles_chain(v, out.plan.subtitles, out.plan.fonts_dir)
        if start > 0:
            v = v.filter("setpts", "PTS-STARTPTS")
        streams_out = [v] + ([a] if a is not None else [])
        outs.append(_ffmpeg().output(*streams_out, str(out.plan.path), **out.plan.output_args))
    return _ffmpeg().merge_outputs(*outs)


def join_pieces(streams: Sequence[Stream], pieces: Sequence[Piece], blends: Sequence[Blend],
                fps: Fraction, width: int) -> Stream:
    """The pieces' pictures in order: ``concat`` between hard cuts, ``xfade`` at each blend.

    A blended piece's stream is its length plus the blend's ``seconds`` (see
    :func:`_piece_video`); the move starts where the next piece starts after a hard cut.

    Only the frames of a move pass ``xfade``: it has no yuv420p, so every frame it passes is
    converted to yuv444p and, before the encoder, back; with the whole timeline through a chain
    of them that was a third of the render's filter time. Each run of hard-cut pieces is split
    into its frames before the move in (which ``xfade`` takes with the previous run's tail), its
    own frames, and its tail; one ``concat`` joins runs and moves. The frames are the ones one
    ``xfade`` over the whole timeline showed (:func:`_move_in_frames`).
    """
    at = {b.after: b for b in blends if 0 <= b.after < len(pieces) - 1}
    runs: list[list[int]] = [[]]
    for k in range(len(pieces)):
        runs[-1].append(k)
        if k in at:
            runs.append([])
    same = f"{fps.numerator}/{fps.denominator}"
    parts: list[Stream] = []
    start = 0.0
    incoming: Blend | None = None
    tail: Stream | None = None
    smears: dict[int, list[str]] = {}  # blur width -> the moves it smears
    for run in runs:
        part = (streams[run[0]] if len(run) == 1 else
                _ffmpeg().concat(*[streams[k] for k in run], v=1, a=0).node[0])
        seconds = sum(pieces[k].seconds for k in run)
        outgoing = at.get(run[-1]) if run is not runs[-1] else None
        if incoming is None and outgoing is None:
            parts.append(part)
        else:
            copies = _fan_out(part.filter("settb", "AVTB").filter("fps", same),
                              1 + (incoming is not None) + (outgoing is not None), "split")
            skip = 0
            if incoming is not None and tail is not None:
                skip = _move_in_frames(incoming.seconds, fps)
                head = copies.pop().trim(end_frame=skip).setpts("PTS-STARTPTS")
                parts.append(_ffmpeg().filter([tail, head], "xfade", transition=incoming.xfade,
                                              duration=f"{incoming.seconds:.4f}", offset="0")
                             .filter("format", pix_fmts=DELIVERY_PIX_FMT))
            own = copies.pop(0).trim(start_frame=skip, end=f"{seconds:.6f}")
            parts.append(own.setpts("PTS-STARTPTS"))
            if outgoing is not None:
                tail = copies.pop().trim(start=f"{seconds:.6f}").setpts("PTS-STARTPTS")
                if outgoing.smear > 0:
                    at_move = start + seconds
                    smears.setdefault(max(2, round(width * outgoing.smear)), []).append(
                        f"between(t,{at_move:.4f},{at_move + outgoing.seconds:.4f})")
        start += seconds
        incoming = outgoing
    joined = parts[0] if len(parts) == 1 else _ffmpeg().concat(*parts, v=1, a=0).node[0]
    # ONE blur per width for every move: each avgblur instance holds full-size buffers for the
    # whole render, so one per move cost about 40 MB each at 1080x1920
    for size, moves in smears.items():
        joined = joined.filter("avgblur", sizeX=size, sizeY=1, enable="+".join(moves))
    return joined


def _move_in_frames(seconds: float, fps: Fraction) -> int:
    """Frames of the arriving piece a move of ``seconds`` uses: ``xfade`` blends the leaving
    frames up to and including the first more than ``seconds`` after the move's start (pairing
    each with the arriving piece's next frame), then shows the arriving piece from its next
    frame; the leaving piece's tail may end sooner, ``xfade`` then shows the rest of these."""
    return int(Fraction(f"{seconds:.4f}") * fps) + 2


def _piece_branches(nodes: Sequence[Stream], inputs: Sequence[TimelineInput],
                    pieces: Sequence[Piece], n: int,
                    tails: Sequence[float] = ()) -> list[list[list[Stream]]]:
    """``[piece][part][output]``: each used stretch trimmed once, then split per output; a
    piece before a blend reads ``tails[k]`` seconds further."""
    uses: dict[int, list[tuple[int, int]]] = {}
    for k, piece in enumerate(pieces):
        for j, part in enumerate(piece.parts):
            uses.setdefault(part.input, []).append((k, j))
    out: list[list[list[Stream]]] = [[[] for _ in p.parts] for p in pieces]
    for i, use in uses.items():
        for (k, j), v in zip(use, _fan_out(nodes[i].video, len(use), "split")):
            s = pieces[k].parts[j].start - inputs[i].offset
            tail = tails[k] if k < len(tails) else 0.0
            # Half a frame early, like trim.py: a frame counts if it starts inside the range.
            v = v.trim(start=f"{max(0.0, s - 0.001):.6f}",
                       end=f"{s + pieces[k].seconds + tail - 0.001:.6f}").setpts("PTS-STARTPTS")
            out[k][j] = _fan_out(v, n, "split")
    return out


def _piece_video(piece: Piece, look: PieceLook, branches: list[list[Stream]], o: int,
                 inputs: Sequence[TimelineInput], fps: Fraction, tail: float = 0.0) -> Stream:
    """One piece in one output; with ``tail`` its picture runs that much longer (held on its
    last frame where the source ends), for the blend into the next piece."""
    v = _piece_picture(piece, look, branches, o, inputs, fps, tail)
    if tail <= 0:
        return v
    return (v.filter("tpad", stop_mode="clone", stop_duration=f"{tail:.4f}")
            .trim(end=f"{piece.seconds + tail:.6f}"))


def _piece_picture(piece: Piece, look: PieceLook, branches: list[list[Stream]], o: int,
                   inputs: Sequence[TimelineInput], fps: Fraction, tail: float) -> Stream:
    if not piece.parts:
        assert look.image is not None, "a card needs its image"
        frames = max(1, round((piece.seconds + tail) * fps))
        # converted once, then repeated (not converted again for every frame it is shown)
        v = (_ffmpeg().input(str(look.image)).filter("format", pix_fmts=DELIVERY_PIX_FMT)
             .filter("loop", loop=frames - 1, size=1)
             .filter("setpts", f"N/({fps.numerator}/{fps.denominator})/TB"))
        return v.filter("setsar", "1")
    views = [video_chain(branches[j][o], inputs[part.input].frame,
                         dataclasses.replace(look.frames[j], fps=fps))
             for j, part in enumerate(piece.parts)]
    views = [v.filter("format", pix_fmts=DELIVERY_PIX_FMT) for v in views]
    if len(views) == 1:
        return views[0]
    return _ffmpeg().filter(views, "vstack" if look.stack == "v" else "hstack",
                            inputs=len(views))


def _overlay_sources(overlays: Sequence[ImageOverlay]) -> list[Stream]:
    """One picture stream per overlay; overlays showing the same images (a timer cut into
    stretches shown at different places) share one input, split."""
    keys = [(str(ov.path), ov.start, ov.rate) for ov in overlays]
    shared: dict[tuple[str, float, float | None], list[Stream]] = {}
    for key in dict.fromkeys(keys):
        path, start, rate = key
        if rate:
            # exact times: the sequence's own time base (1/rate) cannot hold a start like 2.48 s
            img = (_ffmpeg().input(path, framerate=f"{rate:g}")
                   .filter("settb", "1/1000").filter("setpts", f"PTS+{start:.3f}/TB"))
        else:
            img = _ffmpeg().input(path)
        shared[key] = _fan_out(img, keys.count(key), "split")
    return [shared[key].pop(0) for key in keys]


def _overlay(v: Stream, ov: ImageOverlay, img: Stream) -> Stream:
    a, b = ov.shown or (ov.start, ov.end)
    enable = f"between(t,{a:.3f},{b:.3f})"
    if ov.rate:
        return v.overlay(img, x=ov.x, y=ov.y, enable=enable,
                         eof_action="repeat" if ov.hold else "pass")
    return v.overlay(img, x=ov.x, y=ov.y, enable=enable)
