"""Smooth camera motion along one axis, kept inside a corridor that holds the subject in view.

For each analysis frame ``i`` the subject gives a *corridor* ``[lo_i, hi_i]`` of crop-centre
positions that keep it fully inside the window (with a margin), and a *desired* position
``d_i`` (the subject centred, with headroom). The path ``c`` is the L1-optimal camera path of
Grundmann, Kwatra and Essa ("Auto-directed video stabilization with robust L1 optimal camera
paths", CVPR 2011, the method behind YouTube's stabiliser), solved as a linear programme
(HiGHS):

    minimise  sum_i pull w_i |c_i - d_i|  +  w1 sum |D1 c|  +  w2 sum |D2 c|  +  w3 sum |D3 c|
              + penalty * (speed and acceleration beyond the setting's limits)
    subject to lo_i <= c_i <= hi_i

(``Dk`` the k-th differences per second). L1 norms of velocity, acceleration and jerk make the
path a camera operator's: exactly still, or panning evenly, with eased starts and stops, and
no leftover wobble; a least-squares smoother instead spreads every bump of the corridor (a
detector's pixel of noise where the window presses against a face) into a small acceleration.
The pull is weak, so the camera moves when the corridor makes it, and centres a subject that
stays put. Speed and acceleration limits are soft: only the corridor (the subject in view) can
force the path beyond them.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb
from typing import Final

import numpy as np

_LIMIT_PENALTY: Final = 1000.0  # cost of motion beyond a limit (per unit of excess)


@dataclass(frozen=True)
class Speed:
    """Motion limits and costs of one speed setting (fractions of the frame's size, seconds).

    Attributes:
        max_velocity: Fastest pan, in frame widths (or heights) per second.
        max_acceleration: Strongest change of pan speed, per second squared.
        velocity_cost: Weight of |velocity| (any motion at all).
        acceleration_cost: Weight of |acceleration| (starting, stopping, turning).
        jerk_cost: Weight of |jerk| (abrupt starts and stops).
        pull: Weight pulling the camera towards the centred subject, per second.
    """

    max_velocity: float
    max_acceleration: float
    velocity_cost: float
    acceleration_cost: float
    jerk_cost: float
    pull: float = 1.0


SPEEDS: Final = {
    "slower": Speed(max_velocity=0.2, max_acceleration=0.4, velocity_cost=2.0,
                    acceleration_cost=2.0, jerk_cost=0.4),
    "default": Speed(max_velocity=0.4, max_acceleration=1.0, velocity_cost=1.0,
                     acceleration_cost=1.0, jerk_cost=0.2),
    "faster": Speed(max_velocity=0.8, max_acceleration=2.5, velocity_cost=0.5,
                    acceleration_cost=0.5, jerk_cost=0.1),
}


_Block = tuple[np.ndarray, np.ndarray, np.ndarray]  # columns, values (rows x k), target


def _difference_rows(n: int, order: int, dt: float) -> _Block:
    """Rows of the ``order``-th difference per second of ``n`` positions (order 0: identity)."""
    coef = np.array([(-1.0) ** (order - j) * comb(order, j) for j in range(order + 1)])
    m = n - order
    cols = np.arange(m)[:, None] + np.arange(order + 1)[None, :]
    return cols, np.broadcast_to(coef / dt ** order, (m, order + 1)), np.zeros(m)


def l1_path(desired: np.ndarray, weight: np.ndarray, lo: np.ndarray, hi: np.ndarray,
            speed: Speed, dt: float) -> np.ndarray:
    """The L1-optimal path inside ``[lo, hi]`` (see the module docstring).

    Solved with HiGHS (``highspy``, the solver scipy's ``linprog`` wraps, without scipy's
    import cost in every export). Each L1 term ``cost * |A c - b|`` becomes a slack ``s >= 0``
    with rows ``A c - s <= b`` and ``-A c - s <= -b``; a soft limit ``|A c| <= limit`` one
    more slack at the limit penalty.

    Args:
        desired: Wanted position per frame (in frame sizes: 0..1).
        weight: Pull per frame (0 where nothing is seen).
        lo: Lowest position per frame (-inf where free).
        hi: Highest position per frame (+inf where free).
        speed: Costs and limits.
        dt: Seconds between frames.
    """
    n = len(desired)
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    start = np.clip(np.where(np.isfinite(desired), desired, 0.5), lo, hi)
    if n < 4:
        return start
    seen = np.nonzero(weight > 0)[0]
    pull = _difference_rows(n, 0, dt)
    pull = (pull[0][seen], pull[1][seen], desired[seen])
    terms = [(pull, speed.pull * dt * weight[seen], None),
             (_difference_rows(n, 1, dt), speed.velocity_cost * dt, speed.max_velocity),
             (_difference_rows(n, 2, dt), speed.acceleration_cost * dt,
              speed.max_acceleration),
             (_difference_rows(n, 3, dt), speed.jerk_cost * dt ** 3, None)]
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    costs = [np.zeros(n)]
    col = n
    for (cols, vals, target), cost, limit in terms:
        m = len(target)
        for extra, price in ((0.0, cost), (limit, _LIMIT_PENALTY * dt)):
            if extra is None or m == 0:
                continue
            slack = (col + np.arange(m))[:, None]
            for sign in (1.0, -1.0):
                rows.append((np.hstack([cols, slack]),
                             np.hstack([sign * vals, np.full((m, 1), -1.0)]),
                             sign * target + extra))
            costs.append(np.broadcast_to(price, m).astype(float))
            col += m
    x = _solve_lp(np.concatenate(costs), rows, lo, hi)
    return start if x is None else np.clip(x[:n], lo, hi)


def _solve_lp(cost: np.ndarray, rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
              lo: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """Minimise ``cost @ x`` subject to the rows (``values @ x[cols] <= upper``), the first
    ``len(lo)`` variables in ``[lo, hi]`` and the rest (slacks) ``>= 0``."""
    import highspy
    from highspy import _core

    n, total = len(lo), len(cost)
    cols = np.concatenate([c.ravel() for c, _, _ in rows]).astype(np.int32)
    vals = np.concatenate([v.ravel() for _, v, _ in rows]).astype(float)
    upper = np.concatenate([u for _, _, u in rows]).astype(float)
    width = np.concatenate([np.full(len(u), c.shape[1]) for c, _, u in rows])
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = total, len(upper)
    lp.col_cost_ = cost
    lp.col_lower_ = np.concatenate([np.where(np.isfinite(lo), lo, -inf), np.zeros(total - n)])
    lp.col_upper_ = np.concatenate([np.where(np.isfinite(hi), hi, inf),
                                    np.full(total - n, inf)])
    lp.row_lower_ = np.full(len(upper), -inf)
    lp.row_upper_ = upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = total, len(upper)
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(width)]).astype(np.int32)
    lp.a_matrix_.index_ = cols
    lp.a_matrix_.value_ = vals
    solver = _core._Highs()  # the plain solver: highspy.Highs() prints a banner to stdout
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:  # pragma: no cover
        return None  # a box of finite bounds is always feasible; kept for safety
    return np.asarray(solver.getSolution().col_value)


def smooth_axis(times: np.ndarray, desired: np.ndarray, present: np.ndarray, lo: np.ndarray,
                hi: np.ndarray, speed: Speed, span: float) -> np.ndarray:
    """Crop-centre positions for one axis of one shot.

    Args:
        times: Analysis frame times (uniformly spaced).
        desired: Wanted centre per frame (pixels).
        present: True where a subject was seen (elsewhere nothing pulls or constrains).
        lo: Lowest allowed centre per frame (-inf where free).
        hi: Highest allowed centre per frame (+inf where free).
        speed: The motion limits.
        span: Frame size along this axis in pixels (limits are fractions of it).
    """
    dt = float(np.median(np.diff(times))) if len(times) > 1 else 1.0
    weight = np.where(present, 1.0, 0.0)
    path = l1_path(desired / span, weight, lo / span, hi / span, speed, dt)
    return path * span


def decimate(times: np.ndarray, values: np.ndarray, tolerance: float) -> list[int]:
    """Indices of the keyframes that keep a piecewise-linear path within ``tolerance``.

    Ramer-Douglas-Peucker on (time, value): few keyframes where the camera moves evenly,
    more where it turns; the expression ffmpeg evaluates per frame stays short.
    """
    n = len(values)
    if n <= 2:
        return list(range(n))
    keep = np.zeros(n, bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        seg = np.arange(a + 1, b)
        line = values[a] + (values[b] - values[a]) * (times[seg] - times[a]) / max(
            1e-9, times[b] - times[a])
        err = np.abs(values[seg] - line)
        k = int(np.argmax(err))
        if err[k] > tolerance:
            keep[seg[k]] = True
            stack += [(a, seg[k]), (seg[k], b)]
    return [int(i) for i in np.nonzero(keep)[0]]
