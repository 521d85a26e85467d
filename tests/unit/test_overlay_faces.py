"""Lower thirds and the call to action keep off the faces shown with them (arrange logic)."""

from __future__ import annotations

from toolkit.captions.ass import Box
from toolkit.captions.placement import FACE_MARGIN, TIME_SLACK, FaceTrack
from toolkit.edit.caption_faces import face_places
from toolkit.edit.overlay_layout import FACE, Placed, arrange
from toolkit.messages import set_language

AREA = (20, 100, 520, 860)  # a 540x960 frame's safe area


def _face(x: int, y: int, w: int, h: int, start: float = 0.0, end: float = 10.0) -> Placed:
    return Placed(FACE, "face", x, y, w, h, start, end)


def _lower(kind: str = "lower_third", y: int = 600, start: float = 2.0,
           end: float = 5.0) -> Placed:
    return Placed(kind, kind, AREA[0], y, 300, 100, start, end)


def test_no_faces_and_faces_elsewhere_change_nothing() -> None:
    boxes = [_lower(), Placed("title", "t", 70, 200, 400, 80, 0, 6), _lower("cta", 480, 1, 3)]
    plain, plain_clashes = arrange(boxes, AREA, 12)
    far = [_face(300, 100, 100, 100), _face(20, 600, 300, 100, 6.0, 9.0)]  # away / later
    moved, clashes = arrange(boxes, AREA, 12, far)
    assert moved == plain and clashes == plain_clashes


def test_a_lower_third_on_a_face_moves_to_the_nearest_free_place() -> None:
    face = _face(100, 520, 300, 220)  # covers y 520..740, home is 600..700
    (box,), clashes = arrange([_lower()], AREA, 12, [face])
    assert not clashes
    assert not box.meets(face)
    assert AREA[1] <= box.y and box.y + box.h <= AREA[3]
    assert box.y + box.h <= face.y - 12 or box.y >= face.y + face.h + 12
    # above needs 600 -> 408 (192 px), below 600 -> 752 (152 px): below is nearer
    assert box.y == face.y + face.h + 12


def test_the_moved_box_keeps_off_other_overlays_too() -> None:
    face = _face(100, 520, 300, 220)
    below = Placed("title", "t", 20, 740, 500, 120, 0, 6)  # the room below the face is taken
    (band, box), clashes = arrange([below, _lower("cta")], AREA, 12, [face])
    assert not clashes and band == below
    assert not box.meets(face) and not box.meets(below)
    assert box.y + box.h <= face.y  # went above the face


def test_no_free_place_keeps_the_place_and_names_the_face() -> None:
    face = _face(0, 100, 540, 760, start=3.0)  # fills the whole area from second 3
    home = _lower()
    (box,), clashes = arrange([home], AREA, 12, [face])
    assert box == home
    assert len(clashes) == 1 and clashes[0].second == face and clashes[0].at == 3.0
    set_language("en")
    try:
        text = clashes[0].text(540, 960)
    finally:
        set_language(None)
    assert "covers a face from second 3.0" in text and "540×960" in text


def test_only_lower_thirds_and_the_cta_avoid_faces() -> None:
    face = _face(0, 150, 540, 200)
    title = Placed("title", "t", 70, 200, 400, 80, 0, 6)
    (box,), clashes = arrange([title], AREA, 12, [face])
    assert box == title and not clashes


def test_face_places_grow_the_faces_and_span_their_moment() -> None:
    track = FaceTrack(((1.0, (Box(100, 200, 200, 300),)), (1.5, ())))
    (place,) = face_places(track)
    pad = round(100 * FACE_MARGIN)
    assert (place.x, place.y, place.w, place.h) == (100 - pad, 200 - pad, 100 + 2 * pad,
                                                    100 + 2 * pad)
    assert (place.start, place.end) == (1.0 - TIME_SLACK, 1.0 + TIME_SLACK)
    assert place.kind == FACE
