"""One clip as a timeline: the graph of export and reformat is the project render's graph.

A source section becomes a timeline of one input and one piece, and
:func:`toolkit.media.timeline_graph.build_timeline_graph` (the builder of the assembled render)
writes every planned output from its single decode: the same trims, chains, captions and encode
per output, so there is one graph builder, not two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit.media.render import OutputPlan, SourceFrame, Stream
from toolkit.media.timeline_graph import (Part, Piece, PieceLook, TimelineInput, TimelineOutput,
                                          build_timeline_graph, open_inputs)

AudioChain = Callable[[Stream], Stream]


def clip_graph(src: Path, src_frame: SourceFrame, plans: Sequence[OutputPlan], *,
               has_audio: bool, duration: float, start: float = 0.0,
               audio_chain: AudioChain | None = None, silent_audio: bool = False,
               taps: Sequence[Callable[[Stream], Any]] = ()) -> Any:
    """ONE ffmpeg graph that decodes ``[start, start + duration]`` of ``src`` once and writes
    every planned output.

    Args:
        src: Source file.
        src_frame: Its decoded frame geometry.
        plans: The outputs.
        has_audio: The source has an audio stream to carry over.
        duration: Seconds used from ``start``.
        start: Seek to this time first (seconds).
        audio_chain: Applied once to the source audio before it is split (e.g. loudness).
        silent_audio: Without source audio, give every output a silent AAC track.
        taps: Extra video-only outputs fed with the first output's picture (e.g. the small
            frames of the cover choice).

    Returns:
        An ffmpeg-python graph (merged outputs) for :func:`toolkit.media.runner.run`.
    """
    inputs = (TimelineInput(Path(src), src_frame, has_audio, offset=start, length=duration),)
    pieces = (Piece(duration, (Part(0, start),)),)
    nodes = open_inputs(inputs)
    outputs = [TimelineOutput(p, (PieceLook(frames=(p.frame,)),)) for p in plans]
    return build_timeline_graph(nodes, inputs, pieces, outputs,
                                _audio(nodes[0], has_audio, duration, audio_chain, silent_audio),
                                taps)


def _audio(node: Stream, has_audio: bool, duration: float, chain: AudioChain | None,
           silent: bool) -> Stream | None:
    if has_audio:
        return chain(node.audio) if chain is not None else node.audio
    if not silent:
        return None
    import ffmpeg

    return ffmpeg.input("anullsrc=channel_layout=stereo:sample_rate=48000", f="lavfi",
                        t=f"{duration:.3f}").audio
