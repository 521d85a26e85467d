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


def _band(path, top: int, bottom: int, size=(540, 960)):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((40, top, 499, bottom - 1), fill=(220, 20, 30, 255))
    image.save(path)
    return path


def test_captions_move_off_a_drawn_band(tmp_path):  # type: ignore[no-untyped-def]
    from toolkit.captions.ass import Box
    from toolkit.captions.placement import FaceTrack, free_area, place_track
    from toolkit.captions.shaping import CaptionEvent
    from toolkit.edit.caption_faces import overlay_obstacles, with_obstacles
    from toolkit.media.timeline_graph import ImageOverlay

    band = ImageOverlay(path=_band(tmp_path / "title.png", 150, 210), x=0, y=0, start=0.0,
                        end=2.0)
    (sample_time, (box,)), *_ = overlay_obstacles([band])
    assert sample_time == 0.0 and (box.x0, box.y0, box.x1, box.y1) == (40, 150, 500, 210)
    events = [CaptionEvent(start=0.5, end=1.5, lines=()),
              CaptionEvent(start=3.0, end=4.0, lines=())]
    caption = Box(60, 160, 480, 200)  # where the style puts it: on the band
    area = free_area(540, 960)
    plain = place_track(events, [caption, caption], FaceTrack(), area)
    assert plain[0] == caption  # without the graphics it would stay on the band
    placed = place_track(events, [caption, caption],
                         with_obstacles(FaceTrack(), [band]), area)
    assert placed[0].y0 >= 210 or placed[0].y1 <= 150  # off the band
    assert placed[1] == caption  # after the band is gone the caption keeps its place


def test_an_animated_graphic_counts_with_its_first_and_last_image(tmp_path):  # type: ignore[no-untyped-def]
    from toolkit.edit.caption_faces import overlay_obstacles
    from toolkit.media.timeline_graph import ImageOverlay

    for i, top in enumerate((100, 300, 500)):
        _band(tmp_path / f"score_{i:03d}.png", top, top + 50)
    _band(tmp_path / "score_other.png", 900, 950)  # not part of the sequence
    board = ImageOverlay(path=tmp_path / "score_%03d.png", x=10, y=20, start=1.0, end=2.0,
                         rate=25.0, shown=(1.5, 2.0))
    samples = overlay_obstacles([board])
    assert samples[0][0] == 1.5 and samples[-1][0] == 2.0
    box = samples[0][1][0]
    assert (box.x0, box.y0, box.x1, box.y1) == (50, 120, 510, 570)
