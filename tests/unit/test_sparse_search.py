"""SparseFinder logic: the CNN on key frames, frames in between settled from them (fake detector)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from toolkit.reframe import sparse_search
from toolkit.reframe.face_detector import FaceHit
from toolkit.reframe.sparse_search import SparseFinder
from toolkit.reframe.subjects import Box

W, H = 64, 36
Truth = Callable[[int], list[tuple[int, int, int]]]  # frame -> faces (x, y, side) in px


def frame(i: int) -> np.ndarray:
    """A still grey frame that names itself (its pixel value is its index)."""
    return np.full((H, W), i, np.uint8)


def run(monkeypatch, truth: Truth, frames: int, every: int = 3,
        extras: list[int] | None = None) -> tuple[list[list[Box]], list[int]]:
    """People per frame and the frames the fake CNN looked at (``extras``: the frames it
    was asked to look at turned too)."""
    searched: list[int] = []

    def find_faces(gray, min_side, profile=True, tilted=False):
        i = int(gray[0, 0])
        searched.append(i)
        if tilted and extras is not None:
            extras.append(i)
        return [FaceHit(x, y, s, s) for x, y, s in truth(i)]

    monkeypatch.setattr(sparse_search.face_detector, "find_faces", find_faces)
    monkeypatch.setattr(sparse_search, "find_bodies", lambda gray: [])
    finder = SparseFinder(every)
    out: list[list[Box]] = []
    for i in range(frames):
        out += finder.push(frame(i))
    out += finder.flush()
    assert finder.searches == len(searched)
    return out, searched


def faces_px(boxes: list[Box]) -> list[tuple[float, float, float]]:
    return [(b.x * W, b.y * H, b.w * W) for b in boxes if b.kind == "face"]


def test_nobody_searches_key_frames_only_and_the_extra_searches_thin_out(monkeypatch):
    extras: list[int] = []
    out, searched = run(monkeypatch, lambda i: [], 40, extras=extras)
    assert len(out) == 40 and all(b == [] for b in out)  # still frames: no motion either
    assert searched == list(range(0, 40, 3))  # every 3rd frame (the last, 39, closes)
    # after two key frames in vain only every 4th key frame looks turned (and for bodies)
    assert extras == [0, 3, 12, 24, 36]


def test_a_still_face_is_searched_on_key_frames_and_kept_in_between(monkeypatch):
    out, searched = run(monkeypatch, lambda i: [(20, 10, 12)], 31)
    assert searched == list(range(0, 31, 3))
    assert all(faces_px(b) == [pytest.approx((20, 10, 12))] for b in out)


def test_a_face_that_appears_is_found_from_its_first_frame(monkeypatch):
    out, searched = run(monkeypatch, lambda i: [(30, 8, 12)] if i >= 17 else [], 40)
    assert [bool(faces_px(b)) for b in out] == [i >= 17 for i in range(40)]
    assert 17 in searched and 16 in searched  # bisection looked at both sides of the change
    assert len(searched) < 20


def test_a_face_that_moves_fast_is_searched_frame_by_frame_where_it_moves(monkeypatch):
    def truth(i: int) -> list[tuple[int, int, int]]:  # moves 4 px per frame from frame 10 on
        return [(4 + 4 * max(0, min(i, 20) - 10), 10, 12)]

    out, searched = run(monkeypatch, truth, 30)
    for i, boxes in enumerate(out):
        x, y, side = faces_px(boxes)[0]
        assert x == pytest.approx(truth(i)[0][0], abs=0.5) and side == pytest.approx(12)
    assert set(range(10, 20)) <= set(searched) and len(searched) < 30


def test_slow_motion_between_key_frames_is_interpolated(monkeypatch):
    out, searched = run(monkeypatch, lambda i: [(10 + i // 3, 10, 16)], 13)
    assert searched == [0, 3, 6, 9, 12]
    xs = [faces_px(b)[0][0] for b in out]
    assert xs == pytest.approx([10 + i / 3 for i in range(13)])
