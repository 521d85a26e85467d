"""Faces of an assembled video in output pixels and output time (logic around the analysis)."""

from __future__ import annotations

from pathlib import Path

from toolkit.captions.ass import Box
from toolkit.edit.caption_faces import timeline_faces
from toolkit.edit.layout import Pieces
from toolkit.edit.timeline import Clip, Range, Source
from toolkit.reframe.analysis import ClipAnalysis, FrameRecord
from toolkit.media.render import FramePlan, SourceFrame
from toolkit.reframe.subjects import Box as Detection
from toolkit.media.timeline_graph import Part, Piece, PieceLook, TimelineInput


def _analysis(times: list[float], face: Detection) -> ClipAnalysis:
    frames = [FrameRecord(time=t, boxes=[face, Detection(x=0, y=0, w=1, h=1, kind="motion")],
                          sharpness=1.0, brightness=100.0) for t in times]
    return ClipAnalysis(start=0, end=10, fps=2, width=64, height=64, frames=frames, cuts=[])


def _source(take: str) -> Source:
    return Source(take=take, file=f"{take}.mp4", ranges=[Range(start=1, end=3)])


def test_faces_land_in_their_piece_time_and_half() -> None:
    frame = SourceFrame(400, 400)
    inputs = (TimelineInput(Path("a.mp4"), frame, True), TimelineInput(Path("b.mp4"), frame, True))
    card = Clip(id="title", kind="card", seconds=2.0)
    take = Clip(id="hook", kind="take", start=2.0, seconds=2.0, sources=[_source("a")])
    split = Clip(id="duel", kind="split", start=4.0, seconds=2.0,
                 sources=[_source("a"), _source("b")])
    pieces = (Piece(2.0), Piece(2.0, (Part(0, 1.0),)), Piece(2.0, (Part(0, 1.0), Part(1, 1.0))))
    cut = Pieces(pieces, (card, take, split), inputs, ("a.mp4", "b.mp4"))
    whole, half = FramePlan(200, 400, "center"), FramePlan(200, 200, "center")
    looks = (PieceLook(image=Path("card.png")), PieceLook(frames=(whole,)),
             PieceLook(frames=(half, half), stack="v"))
    analyses = {"a": _analysis([0.5, 1.5, 2.5, 3.5], Detection(x=0.25, y=0.25, w=0.5, h=0.5)),
                "b": _analysis([1.5], Detection(x=0.25, y=0.0, w=0.5, h=0.25))}
    track = timeline_faces(cut, looks, analyses, 200, 400)
    times = [t for t, _ in track.samples]
    assert times == sorted(times)
    # take a from source 1..3 plays at 2..4 (full frame) and 4..6 (top half): 1.5 -> 2.5 and 4.5
    assert [t for t, _ in track.samples] == [2.5, 3.5, 4.5, 4.5, 5.5]
    full = dict(track.samples)[2.5]
    assert full == (Box(0, 100, 200, 300),)  # 400x400 centre-cropped to 200x400, no motion box
    in_split = [boxes for t, boxes in track.samples if t == 4.5]
    top, bottom = Box(50, 50, 150, 150), Box(50, 200, 150, 250)  # 400x400 halved into 200x200
    assert set(in_split) == {(top,), (bottom,)}
    assert not track.during(0.0, 1.0), "cards show no faces"


def test_faces_outside_the_window_are_dropped_and_edges_clipped() -> None:
    frame = SourceFrame(400, 200)
    take = Clip(id="hook", kind="take", seconds=2.0, sources=[_source("a")])
    cut = Pieces((Piece(2.0, (Part(0, 1.0),)),), (take,),
                 (TimelineInput(Path("a.mp4"), frame, True),), ("a.mp4",))
    looks = (PieceLook(frames=(FramePlan(100, 200, "center"),)),)  # window x 150..250
    outside = _analysis([1.5], Detection(x=0.0, y=0.1, w=0.2, h=0.3))
    edge = _analysis([1.5], Detection(x=0.55, y=0.1, w=0.2, h=0.3))
    assert timeline_faces(cut, looks, {"a": outside}, 100, 200).samples == ((0.5, ()),)
    assert timeline_faces(cut, looks, {"a": edge}, 100, 200).samples == \
        ((0.5, (Box(70, 20, 100, 80),)),)
