"""Choosing the render's cover from samples in assembled-video time (logic only; the real
render is tested in tests/integration/test_render_cover.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.edit.cover import choose_cover, take_spans, timeline_samples
from toolkit.edit.layout import Pieces
from toolkit.edit.timeline import Card, Clip, Range, Source, Timeline
from toolkit.reframe.analysis import ClipAnalysis, FrameRecord
from toolkit.reframe.subjects import Box
from toolkit.media.timeline_graph import Part, Piece


def _cut() -> tuple[Timeline, Pieces]:
    a = Source(take="a", file="media/a.mp4", ranges=[Range(start=10.0, end=12.0)],
               people=["Lena"])
    b = Source(take="b", file="media/b.mp4", ranges=[Range(start=0.0, end=2.0)])
    c = Source(take="c", file="media/c.mp4", ranges=[Range(start=5.0, end=7.0)])
    clips = [Clip(id="title", kind="card", seconds=2.0, card=Card(kind="title")),
             Clip(id="hook", kind="take", seconds=2.0, sources=[a]),
             Clip(id="duel", kind="split", seconds=2.0, sources=[b, c])]
    timeline = Timeline(project="p", clips=clips).restack()
    pieces = (Piece(2.0), Piece(2.0, (Part(0, 10.0),)), Piece(2.0, (Part(1, 0.0), Part(2, 5.0))))
    return timeline, Pieces(pieces, tuple(timeline.clips), (), ("a", "b", "c"))


def _analysis(start: float, times: list[float], sharp: float, face_at: float | None = None
              ) -> ClipAnalysis:
    def boxes(t: float) -> list[Box]:
        if face_at is None or abs(t - face_at) > 1e-6:
            return []
        return [Box(x=0.4, y=0.2, w=0.2, h=0.3, kind="face")]
    return ClipAnalysis(start=start, end=start + 2, fps=2, width=64, height=36,
                        frames=[FrameRecord(time=t, boxes=boxes(t), sharpness=sharp,
                                            brightness=120) for t in times], cuts=[])


def test_samples_move_to_assembled_time_and_the_face_of_split_half_b_wins() -> None:
    timeline, cut = _cut()
    analyses = {"a": _analysis(10.0, [10.5, 11.5, 13.0], 100.0),
                "b": _analysis(0.0, [0.5, 1.5], 50.0),
                "c": _analysis(5.0, [5.5, 6.5], 50.0, face_at=6.5)}
    samples = timeline_samples(cut, analyses)
    assert sorted(s.time for s in samples) == [2.5, 3.5, 4.5, 4.5, 5.5, 5.5]  # 13.0 is cut
    assert choose_cover(timeline, cut, samples) == pytest.approx(5.5)


def test_cards_and_cuts_are_never_the_cover_and_no_sample_falls_back() -> None:
    timeline, cut = _cut()
    assert take_spans(cut, 25.0) == [(2.04, 3.96), (4.04, 5.96)]
    from toolkit.reframe.faces import Face, FrameSample

    card = FrameSample(time=1.0, faces=(Face(0.4, 0.2, 0.2, 0.3),), sharpness=999,
                       brightness=120)
    edge = FrameSample(time=4.0, faces=(Face(0.4, 0.2, 0.2, 0.3),), sharpness=999,
                       brightness=120)
    assert choose_cover(timeline, cut, [card, edge]) == pytest.approx(3.0)  # hook's middle
    assert choose_cover(timeline, cut, []) == pytest.approx(3.0)


def test_a_frame_without_a_lower_third_is_preferred() -> None:
    from toolkit.edit.timeline import Overlay
    from toolkit.reframe.faces import Face, FrameSample

    timeline, cut = _cut()
    timeline = timeline.model_copy(update={"overlays": [
        Overlay(kind="lower_third", start=2.0, end=3.0, lines=["Lena", "Azubi"])]})
    face = (Face(0.4, 0.2, 0.2, 0.3),)
    named = FrameSample(time=2.5, faces=face, sharpness=100, brightness=120)
    plain = FrameSample(time=3.5, faces=face, sharpness=60, brightness=120)
    assert choose_cover(timeline, cut, [named, plain]) == pytest.approx(3.5)
    assert choose_cover(timeline, cut, [named]) == pytest.approx(2.5)  # nothing better
