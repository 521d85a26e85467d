"""Cutting a timeline into render segments (logic only; the render is in
tests/integration/test_render_segments.py)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from toolkit.edit.segments import (Segment, output_groups, overlays_within, segment_timeline,
                                   split_segments)
from toolkit.media.render import FramePlan, OutputPlan, SourceFrame
from toolkit.media.timeline_graph import (Blend, ImageOverlay, Part, Piece, TimelineInput,
                                          TimelineOutput)

CARD = Piece(2.0)


def _take(i: int, seconds: float = 3.0, start: float = 1.0) -> Piece:
    return Piece(seconds, (Part(i, start),))


def _bounds(segs) -> list[tuple[int, int]]:  # noqa: ANN001
    return [(s.first, s.stop) for s in segs]


def test_segments_hold_at_most_the_pieces_and_cards_do_not_count() -> None:
    pieces = [CARD, _take(0), _take(1), _take(2), _take(3), CARD]
    segs = split_segments(pieces, (), max_pieces=2, min_seconds=0.0)
    assert _bounds(segs) == [(0, 3), (3, 6)]
    assert [s.start for s in segs] == [0.0, 8.0]
    assert sum(s.seconds for s in segs) == pytest.approx(sum(p.seconds for p in pieces))


def test_a_blend_is_never_cut() -> None:
    pieces = [_take(0), _take(1), _take(2), _take(3)]
    blends = [Blend(after=0, xfade="slideleft", seconds=0.3),
              Blend(after=1, xfade="slideleft", seconds=0.3)]
    segs = split_segments(pieces, blends, max_pieces=1, min_seconds=0.0)
    assert _bounds(segs) == [(0, 3), (3, 4)]  # the run 0-1-2 stays whole


def test_short_segments_join_their_neighbour() -> None:
    pieces = [_take(0, 1.0), _take(1, 5.0), _take(2, 5.0), _take(3, 1.0)]
    segs = split_segments(pieces, (), max_pieces=1, min_seconds=3.0)
    assert _bounds(segs) == [(0, 2), (2, 4)]
    assert len(split_segments(pieces, (), max_pieces=10, min_seconds=3.0)) == 1


def test_a_segment_opens_only_its_takes_from_their_first_used_second() -> None:
    frame = SourceFrame(320, 240, Fraction(1))
    inputs = [TimelineInput(Path(f"take{i}.mp4"), frame, True, offset=0.0, length=20.0)
              for i in range(3)]
    pieces = [_take(0), Piece(4.0, (Part(2, 5.0), Part(0, 9.0))), _take(1)]
    blends = [Blend(after=1, xfade="slideleft", seconds=0.5)]
    sub_inputs, sub_pieces, sub_blends = segment_timeline(Segment(1, 3, 3.0, 7.0), inputs,
                                                          pieces, blends)
    assert [i.path.name for i in sub_inputs] == ["take0.mp4", "take1.mp4", "take2.mp4"]
    assert sub_inputs[0].offset == 9.0 and sub_inputs[2].offset == 5.0
    assert sub_inputs[0].length == pytest.approx(4.0 + 0.5 + 0.5)  # + blend tail + margin
    assert sub_pieces[0].parts == (Part(2, 5.0), Part(0, 9.0))
    assert sub_blends == [Blend(after=0, xfade="slideleft", seconds=0.5)]


def test_overlays_within_a_stretch() -> None:
    ovs = [ImageOverlay(Path("a.png"), 0, 0, 0.0, 2.0),
           ImageOverlay(Path("b.png"), 0, 0, 1.0, 9.0),
           ImageOverlay(Path("t_%03d.png"), 0, 0, 0.0, 9.0, rate=10, shown=(6.0, 7.0))]
    assert [o.path.name for o in overlays_within(ovs, 2.0, 5.0)] == ["b.png"]
    assert [o.path.name for o in overlays_within(ovs, 5.0, 8.0)] == ["b.png", "t_%03d.png"]


def test_outputs_share_a_process_while_their_pixels_fit() -> None:
    def out(w: int, h: int) -> TimelineOutput:
        return TimelineOutput(OutputPlan(Path("x.mp4"), FramePlan(w, h)), ())

    outs = [out(1080, 1920), out(1920, 1080), out(270, 480), out(480, 270)]
    assert output_groups(outs, 2_500_000) == [[0], [1, 2, 3]]
    assert output_groups(outs, 10**9) == [[0, 1, 2, 3]]
    assert output_groups(outs, 1) == [[0], [1], [2], [3]]


def test_the_memory_budget_sets_segment_size_and_outputs_per_process(monkeypatch) -> None:  # noqa: ANN001
    from toolkit.edit import segments
    from toolkit.errors import UserInputError

    def out(w: int, h: int) -> TimelineOutput:
        return TimelineOutput(OutputPlan(Path("x.mp4"), FramePlan(w, h)), ())

    outs = [out(1080, 1920), out(1920, 1080)]
    monkeypatch.delenv(segments.MEMORY_ENV, raising=False)
    one_gb = segments.budget(1080 * 1920)
    assert one_gb.pieces == 6 and output_groups(outs, one_gb.pixels) == [[0], [1]]
    monkeypatch.setenv(segments.MEMORY_ENV, "2048")
    two_gb = segments.budget(1080 * 1920)
    assert two_gb.pieces == segments.MAX_PIECES and output_groups(outs, two_gb.pixels) == [[0, 1]]
    small = segments.budget(270 * 480, 1024)  # small outputs: all in one process
    assert small.pieces == segments.MAX_PIECES and small.pixels > 4 * 270 * 480
    assert segments.budget(3840 * 2160, 1024).pieces == 1  # 4K: one piece a segment
    for bad in ("viel", "100", "-5"):
        monkeypatch.setenv(segments.MEMORY_ENV, bad)
        with pytest.raises(UserInputError) as caught:
            segments.budget(1080 * 1920)
        assert segments.MEMORY_ENV in str(caught.value) and bad in str(caught.value)
