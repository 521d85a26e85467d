"""People finder logic: how often the full search runs, and the motion box."""

from __future__ import annotations

import numpy as np

from toolkit.reframe import face_detector
from toolkit.reframe.subjects import Box, PeopleFinder, motion_box


def test_full_search_runs_half_as_often_while_nobody_is_found_and_resumes(monkeypatch):
    monkeypatch.setenv(face_detector.ENV, "haar")  # the cascades' schedule (the CNN runs always)
    finder = PeopleFinder(full_every=3)
    searched: list[int] = []
    face = Box(x=0.4, y=0.3, w=0.1, h=0.15)

    def full_search(gray, count):  # a stand-in for the cascades: someone appears at frame 30
        searched.append(finder.index)
        return [face] if finder.index >= 30 else []

    finder._full_search = full_search  # type: ignore[method-assign]
    finder._follow = lambda gray: list(finder.last)  # type: ignore[method-assign]
    blank = np.zeros((36, 64), np.uint8)
    for _ in range(45):
        finder.step(blank)
    # every 3rd frame; after two searches in vain every 6th; every 3rd again once found
    assert searched[:5] == [0, 3, 9, 15, 21]
    found_at = next(i for i in searched if i >= 30)
    assert found_at <= 30 + 5  # within two intervals of the person appearing
    after = [i for i in searched if i > found_at]
    assert np.diff([found_at] + after).tolist() == [3] * len(after)


def test_motion_box_spans_the_middle_90_percent_of_moving_pixels():
    rng = np.random.default_rng(2)
    before = rng.integers(0, 40, (216, 384)).astype(np.uint8)
    after = before.copy()
    after[60:120, 100:220] = 250
    box = motion_box(before, after)
    assert box is not None and box.kind == "motion"
    ys, xs = np.nonzero(np.abs(after.astype(int) - before.astype(int)) > 18)
    x0, x1 = np.quantile(xs, [0.05, 0.95])
    y0, y1 = np.quantile(ys, [0.05, 0.95])
    assert abs(box.x * 384 - x0) <= 1.5 and abs((box.x + box.w) * 384 - x1) <= 1.5
    assert abs(box.y * 216 - y0) <= 1.5 and abs((box.y + box.h) * 216 - y1) <= 1.5
    assert motion_box(before, before) is None
