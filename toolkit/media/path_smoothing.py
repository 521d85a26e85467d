"""Smooth camera motion along one axis, kept inside a corridor that holds the subject in view.

For each analysis frame ``i`` the subject gives a *corridor* ``[lo_i, hi_i]`` of crop-centre
positions that keep it fully inside the window (with a margin), and a *desired* position
``d_i`` (the subject centred, with headroom). The path ``c`` minimises

    sum_i  w_i (c_i - d_i)^2  +  stiffness * sum_i (c_{i+1} - 2 c_i + c_{i-1})^2

(a Whittaker smoother: low acceleration, the shape of a camera operator's move) subject to
``lo_i <= c_i <= hi_i``, solved by pinning violated points to their bound and solving again
(an active-set loop; n is a few hundred per shot, a dense solve costs nothing). The pull ``w``
is small, so the camera only moves when the corridor makes it: a taut, calm path.

When the path moves faster or accelerates harder than the speed setting allows, the stiffness
is raised and the path solved again; only the corridor (the subject in view) can force a path
beyond the bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

_PIN: Final = 1e6
_ROUNDS: Final = 12
_DAMPING: Final = 0.02  # a little resistance to speed: free ends stay put, not extrapolate


@dataclass(frozen=True)
class Speed:
    """Motion limits of one speed setting (fractions of the frame's size per second).

    Attributes:
        stiffness: Weight of the acceleration term (per analysis frame).
        max_velocity: Fastest pan, in frame widths (or heights) per second.
        max_acceleration: Strongest change of pan speed, per second squared.
        pull: Weight pulling the camera towards the centred subject.
    """

    stiffness: float
    max_velocity: float
    max_acceleration: float
    pull: float = 0.1


SPEEDS: Final = {
    "slower": Speed(stiffness=3000.0, max_velocity=0.2, max_acceleration=0.4),
    "default": Speed(stiffness=600.0, max_velocity=0.4, max_acceleration=1.0),
    "faster": Speed(stiffness=120.0, max_velocity=0.8, max_acceleration=2.5),
}


def _solve(d: np.ndarray, w: np.ndarray, stiffness: float) -> np.ndarray:
    n = len(d)
    if n < 3:
        return d.copy()
    d2 = np.zeros((n - 2, n))
    idx = np.arange(n - 2)
    d2[idx, idx], d2[idx, idx + 1], d2[idx, idx + 2] = 1.0, -2.0, 1.0
    d1 = np.diff(np.eye(n), axis=0)
    a = np.diag(w) + stiffness * d2.T @ d2 + _DAMPING * stiffness * d1.T @ d1
    return np.linalg.solve(a, w * d)


def constrained(desired: np.ndarray, weight: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                stiffness: float) -> np.ndarray:
    """The smooth path inside ``[lo, hi]`` (see the module docstring)."""
    d, w = desired.astype(float).copy(), weight.astype(float).copy()
    c = _solve(d, w, stiffness)
    for _ in range(_ROUNDS):
        low, high = c < lo - 0.5, c > hi + 0.5
        if not (low.any() or high.any()):
            break
        d[low], w[low] = lo[low], _PIN
        d[high], w[high] = hi[high], _PIN
        c = _solve(d, w, stiffness)
    return np.clip(c, lo, hi)


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
    weight = np.where(present, speed.pull, 0.0)
    stiffness = speed.stiffness
    path = constrained(desired, weight, lo, hi, stiffness)
    for _ in range(6):
        if within_limits(path, dt, speed, span):
            break
        stiffness *= 3.0
        path = constrained(desired, weight, lo, hi, stiffness)
    return path


def within_limits(path: np.ndarray, dt: float, speed: Speed, span: float) -> bool:
    """True if the path's speed and acceleration stay inside the setting's limits."""
    if len(path) < 3:
        return True
    v = np.diff(path) / dt
    a = np.diff(v) / dt
    return (float(np.abs(v).max()) <= speed.max_velocity * span * 1.001
            and float(np.abs(a).max()) <= speed.max_acceleration * span * 1.001)


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
