"""Analysis frames decoded off the grid: their grid points and boxes moved to the grid time."""

from __future__ import annotations

import pytest

from toolkit.reframe.analysis_decode import grid_cells, to_grid
from toolkit.reframe.subjects import Box


def test_grid_cells_name_the_grid_point_at_or_before_each_frame():
    rate = 6.0  # 30 fps source, one frame in 5; frames a source frame late now and then
    times = [10.0, 10.0 + 1 / 6 + 1 / 30, 10.0 + 2 / 6, 10.0 + 3 / 6 + 2 / 30]
    assert grid_cells(times, 10.0, rate) == [0, 1, 2, 3]
    assert grid_cells([10.0 + 1 / 6 - 1e-4], 10.0, rate) == [1]  # rounding: still its point


def test_to_grid_moves_a_late_box_back_along_its_motion():
    face = [Box(x=0.10, y=0.2, w=0.1, h=0.1), Box(x=0.16, y=0.2, w=0.1, h=0.1)]
    motion = Box(x=0.0, y=0.0, w=1.0, h=1.0, kind="motion")
    times = [0.0, 0.2 + 0.04]  # the second frame shows 0.24 s for the grid point 0.2 s
    moved = to_grid([[face[0]], [face[1], motion]], times, [0.0, 0.2])
    assert moved[0] == [face[0]]  # on the grid: unchanged
    # the face went 0.06 in 0.24 s: at 0.2 s it stood 0.06 * 0.04 / 0.24 further back
    assert moved[1][0].x == pytest.approx(0.16 - 0.06 * 0.04 / 0.24)
    assert moved[1][1] == motion


def test_to_grid_leaves_a_box_without_a_partner_where_it_is():
    a, b = Box(x=0.1, y=0.2, w=0.1, h=0.1), Box(x=0.7, y=0.2, w=0.1, h=0.1)
    assert to_grid([[a], [b]], [0.0, 0.24], [0.0, 0.2])[1] == [b]
    body = Box(x=0.32, y=0.2, w=0.1, h=0.1, kind="body")  # another kind: not the same subject
    assert to_grid([[a.model_copy(update={"x": 0.3})], [body]], [0.0, 0.24], [0.0, 0.2])[1] \
        == [body]
