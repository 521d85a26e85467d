"""The cover of an assembled video: export's scored choice over the takes it shows.

The frame is chosen exactly as ``export`` chooses it (:mod:`toolkit.reframe.cover`: sharp, well
exposed, a face, a close-up beating a crowd), from samples that cost no decode of their own:

* the low-resolution analysis each take already got for its camera path and for keeping
  captions off faces (:mod:`toolkit.reframe.analysis`), its source times moved to where they play
  in the assembled video (both halves of a split screen count);
* without such an analysis (fixed framing, no captions), small grey frames tapped off the
  render's own decode of the assembled picture (:func:`toolkit.reframe.cover.cover_tap`).

Drawn cards are never the cover, nor a frame right at a cut; a frame without a lower third or
text band over the picture is preferred (the cover is cut from the finished video, graphics
included). With no sample at all, the middle of
the first clip that shows a person is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from toolkit.edit.layout import Pieces, played_records
from toolkit.edit.timeline import Timeline
from toolkit.reframe.cover import cover_time
from toolkit.reframe.faces import FrameSample


def take_spans(cut: Pieces, fps: float) -> list[tuple[float, float]]:
    """``(start, end)`` of every piece showing a take, one frame in from each cut."""
    spans, at, edge = [], 0.0, 1.0 / max(fps, 1.0)
    for piece in cut.pieces:
        if piece.parts and piece.seconds > 2 * edge:
            spans.append((at + edge, at + piece.seconds - edge))
        at += piece.seconds
    return spans


def inside(spans: Sequence[tuple[float, float]]) -> Any:
    """``time -> bool``: the time lies in one of ``spans``."""
    return lambda t: any(a <= t <= b for a, b in spans)


def timeline_samples(cut: Pieces, analyses: Mapping[str, Any]) -> list[FrameSample]:
    """Every analysed frame of the takes, at its time in the assembled video.

    Args:
        cut: The timeline's pieces (:func:`toolkit.edit.layout.cut_pieces`).
        analyses: Take id -> its :class:`~toolkit.reframe.analysis.ClipAnalysis`.
    """
    return [record.sample(at) for *_, at, record in played_records(cut, analyses)]


def choose_cover(timeline: Timeline, cut: Pieces, samples: Sequence[FrameSample]) -> float:
    """Cover time in the assembled video: the best-scoring sample inside a take."""
    fps = float(timeline.rate)
    keep = inside(take_spans(cut, fps))
    usable = [s for s in samples if keep(s.time)]
    clean = [s for s in usable if not _covered(timeline, s.time)]
    usable = clean or usable
    if not usable:
        return fallback_time(timeline)
    return cover_time(usable, 0.0, timeline.duration, fps)


COVERING = ("lower_third", "title", "text")
"""Overlays that may hide a face: a frame without them is preferred for the cover."""


def _covered(timeline: Timeline, time: float) -> bool:
    return any(o.kind in COVERING and o.start <= time < o.end for o in timeline.overlays)


def fallback_time(timeline: Timeline) -> float:
    """The middle of the first clip that shows a person (else of the first take clip), never
    on a drawn card."""
    takes = [c for c in timeline.clips if c.kind != "card"]
    if not takes:
        return min(0.5, timeline.duration / 2)
    with_people = [c for c in takes if any(s.people for s in c.sources)]
    clip = (with_people or takes)[0]
    return clip.start + clip.seconds / 2
