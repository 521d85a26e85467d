"""From an analysis to a camera path: per shot, what to keep in view and how the window moves.

Per shot (the path restarts at every cut):

* **which subjects**: faces where any show, else heads of upper bodies, else what moves; all of
  them when they fit one window together, else the one who speaks (mouth motion while the
  sound is loud, when one person clearly does) or the main (largest) one, held across frames
  so the camera does not hop between people;
* **layout**: ``split`` (top/bottom, each half following one person) when two people stand too
  far apart for one window in most of the shot, ``pad`` (the whole picture over a blurred copy)
  when asked for instead, else one window: ``stationary`` when one fixed window holds the
  subjects through the whole shot, ``track`` otherwise (smoothed by
  :mod:`toolkit.reframe.path_smoothing`);
* **headroom**: a face's centre sits at 38 % of the window's height from the top.

Coordinates are pixels of the decoded (upright) source frame; keyframe times are seconds from
the clip's start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from toolkit.framing import layout_name
from toolkit.reframe.analysis import ClipAnalysis, FrameRecord
from toolkit.reframe.camera_path import Shot
from toolkit.reframe.path_smoothing import SPEEDS, Speed, decimate, smooth_axis
from toolkit.reframe.subjects import Box

EYE_LINE: Final = 0.38          # face centre, from the top of the window
FIT_SHARE: Final = 0.9          # subjects "fit" when they use at most this much of the window
WOBBLE: Final = 0.04            # detector noise: bound changes below this share of the window
FAR_SHARE: Final = 0.5          # split when two people are too far apart in this share of frames
MIN_TALK: Final = 3.0           # mouth motion (grey levels, summed over a shot) that is speech
TALK_LEAD: Final = 2.0          # the speaker moves the mouth this many times more than others
_Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


@dataclass(frozen=True)
class Geometry:
    """The decoded frame, its active picture and the output's shape.

    Attributes:
        width: Decoded frame width.
        height: Decoded frame height.
        par: Pixel aspect ratio of the decoded frames.
        content: Active picture (x0, y0, x1, y1) in pixels (black bars excluded).
        aspect: Output display aspect (width / height).
    """

    width: int
    height: int
    par: float
    content: _Rect
    aspect: float

    def window(self, aspect: float) -> tuple[int, int]:
        """The largest even window of display ``aspect`` inside the active picture."""
        x0, y0, x1, y1 = self.content
        cw, ch = x1 - x0, y1 - y0
        if cw * self.par / ch > aspect:
            h = ch
            w = h * aspect / self.par
        else:
            w = cw
            h = w * self.par / aspect
        return _even_floor(w), _even_floor(h)


def _even_floor(v: float) -> int:
    return max(2, int(v) // 2 * 2)


def plan_shots(analysis: ClipAnalysis, geo: Geometry, start: float, end: float,
               speed: str, layout: str, split_aspect: float) -> list[Shot]:
    """The shots of ``[start, end]`` (source seconds), each with its layout and keyframes.

    ``layout`` is the user's choice (:data:`toolkit.framing.LAYOUTS`); a shot's own layout is
    ``track``, ``stationary``, ``split`` or ``pad`` (the whole picture over a blurred copy).
    """
    layout = layout_name(layout)
    bounds = [start] + [c for c in analysis.cuts if start < c < end] + [end]
    limits = SPEEDS[speed]
    shots = []
    for a, b in zip(bounds, bounds[1:]):
        frames = [f for f in analysis.frames if a - 1e-6 <= f.time < b]
        shots.append(_plan_shot(frames, geo, a - start, b - start, start, limits, layout,
                                split_aspect))
    return shots


def _subjects(frame: FrameRecord, geo: Geometry) -> list[_Rect]:
    """Pixel rectangles to keep in view: faces, else heads of bodies, else motion."""
    return [_to_px(b, geo) for b in _chosen(frame)]


def _chosen(frame: FrameRecord) -> list[Box]:
    faces = [b for b in frame.boxes if b.is_face]
    return faces or [b for b in frame.boxes if b.kind == "body"] or list(frame.boxes)


def _to_px(box: Box, geo: Geometry) -> _Rect:
    x, y, w, h = box.head() if box.kind == "body" else (box.x, box.y, box.w, box.h)
    if box.kind == "motion":  # a motion box can be wide: its middle third is the subject
        x, w = x + w / 3, w / 3
    return (x * geo.width, y * geo.height, (x + w) * geo.width, (y + h) * geo.height)


def _union(rects: Sequence[_Rect]) -> _Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects),
            max(r[2] for r in rects), max(r[3] for r in rects))


def _area(r: _Rect) -> float:
    return (r[2] - r[0]) * (r[3] - r[1])


def _centre(r: _Rect) -> tuple[float, float]:
    return ((r[0] + r[2]) / 2, (r[1] + r[3]) / 2)


def _fits(r: _Rect, w: float, h: float) -> bool:
    return r[2] - r[0] <= FIT_SHARE * w and r[3] - r[1] <= FIT_SHARE * h


def _plan_shot(frames: list[FrameRecord], geo: Geometry, a: float, b: float, start: float,
               limits: Speed, layout: str, split_aspect: float) -> Shot:
    cw, ch = geo.window(geo.aspect)
    people = [_subjects(f, geo) for f in frames]
    times = np.array([f.time - start for f in frames])
    hard = np.array([any(b.kind != "motion" for b in _chosen(f)) for f in frames], bool)
    if layout != "single" and _far_apart(frames, people, cw, ch, layout):
        if layout == "blur":
            return Shot(start=a, end=b, layout="pad", crop_w=geo.width, crop_h=geo.height)
        return _split_shot(times, people, hard, geo, (a, b), limits, split_aspect)
    targets = _main_targets(people, cw, ch, _speaker_x(frames, people, cw))
    xs, ys, fixed = _axis_plan(times, targets, hard, geo, (cw, ch), limits)
    keys = _keyframes(times, xs, ys, (cw, ch), a, b, geo)
    return Shot(start=a, end=b, layout="stationary" if fixed or len(keys) == 1 else "track",
                crop_w=cw, crop_h=ch, keyframes=keys[:1] if fixed else keys)


def _far_apart(frames: list[FrameRecord], people: list[list[_Rect]], cw: float, ch: float,
               layout: str) -> bool:
    """True when two people stand too far apart for one window in most frames with people."""
    seen = far = 0
    for frame, rects in zip(frames, people):
        solid = [r for b, r in zip(_chosen(frame), rects) if b.kind != "motion"]
        if not rects:
            continue
        seen += 1
        if len(solid) >= 2:
            big = sorted(solid, key=_area, reverse=True)[:2]
            if _area(big[1]) >= 0.3 * _area(big[0]) and not _fits(_union(big), cw, ch):
                far += 1
    need = 0.25 if layout in ("split", "blur") else FAR_SHARE
    return seen > 0 and far >= need * seen and seen >= 0.3 * len(frames)


def _speaker_x(frames: list[FrameRecord], people: list[list[_Rect]], cw: float
               ) -> float | None:
    """Where the person stands who speaks most in the shot (x centre), if one clearly does.

    Faces are grouped by position (centres further apart than half a window are different
    people); each group's speaking score is its mouth motion in frames with voice (or in all
    frames of a clip without sound). One group must score at least ``TALK_LEAD`` times any
    other, and at least ``MIN_TALK``; else None (no preference).
    """
    seen: list[tuple[float, float]] = []
    for frame, rects in zip(frames, people):
        gate = frame.voice is not False
        boxes = _chosen(frame)
        seen += [(_centre(r)[0], b.mouth if gate else 0.0)
                 for b, r in zip(boxes, rects) if b.is_face]
    if not seen:
        return None
    seen.sort()
    groups = [[seen[0]]]
    for x, m in seen[1:]:
        if x - groups[-1][-1][0] > cw / 2:
            groups.append([])
        groups[-1].append((x, m))
    if len(groups) < 2:
        return None
    scores = sorted(((sum(m for _, m in g), float(np.median([x for x, _ in g])))
                     for g in groups), reverse=True)
    if scores[0][0] < MIN_TALK or scores[0][0] < TALK_LEAD * scores[1][0]:
        return None
    return scores[0][1]


def _main_targets(people: list[list[_Rect]], cw: float, ch: float,
                  speaker_x: float | None = None) -> list[_Rect | None]:
    """Per frame: everyone when they fit one window, else the main subject, held over time
    (the one who speaks, where :func:`_speaker_x` found one)."""
    out: list[_Rect | None] = []
    last: _Rect | None = None
    for rects in people:
        if not rects:
            out.append(None)
            continue
        together = _union(rects)
        if _fits(together, cw, ch):
            last = together
        else:
            big = max(_area(r) for r in rects)
            candidates = [r for r in rects if _area(r) >= 0.5 * big]
            ref = (speaker_x if speaker_x is not None else _centre(last)[0]
                   if last is not None else _centre(max(rects, key=_area))[0])
            last = min(candidates, key=lambda r: abs(_centre(r)[0] - ref))
        out.append(last)
    return out


def _corridor(b0: float, b1: float, size: float, lo_px: float, hi_px: float
              ) -> tuple[float, float]:
    """Centre positions of a window of ``size`` that hold ``[b0, b1]`` (with a margin).

    ``lo_px``/``hi_px`` bound the window itself (the active picture). A subject larger than the
    window gets a corridor of one point: its centre.
    """
    margin = 0.1 * (b1 - b0) + 0.02 * size
    lo, hi = b1 + margin - size / 2, b0 - margin + size / 2
    if lo > hi:
        lo = hi = (b0 + b1) / 2
    vlo, vhi = lo_px + size / 2, hi_px - size / 2
    if vlo > vhi:
        vlo = vhi = (lo_px + hi_px) / 2
    return min(max(lo, vlo), vhi), min(max(hi, vlo), vhi)


def _axis_plan(times: np.ndarray, targets: list[_Rect | None], hard: np.ndarray, geo: Geometry,
               size: tuple[int, int], limits: Speed) -> tuple[np.ndarray, np.ndarray, bool]:
    """Window centres (x, y) per frame, and whether one fixed window serves the whole shot.

    Faces and bodies (``hard``) must stay inside the window; a motion box only pulls.
    """
    cw, ch = size
    x0, y0, x1, y1 = geo.content
    n = len(targets)
    targets = _drop_outliers(targets, cw)
    present = np.array([t is not None for t in targets], bool)
    lo = np.full((2, n), -np.inf)
    hi = np.full((2, n), np.inf)
    want = np.zeros((2, n))
    for i, r in enumerate(targets):
        if r is None:
            continue
        lo[0, i], hi[0, i] = _corridor(r[0], r[2], cw, x0, x1)
        lo[1, i], hi[1, i] = _corridor(r[1], r[3], ch, y0, y1)
        want[0, i] = _centre(r)[0]
        want[1, i] = _centre(r)[1] + (0.5 - EYE_LINE) * ch
    default = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    free_lo = np.array([x0 + cw / 2, y0 + ch / 2])
    free_hi = np.array([x1 - cw / 2, y1 - ch / 2])
    free_lo, free_hi = np.minimum(free_lo, default), np.maximum(free_hi, default)
    if not present.any():
        return np.full(n, default[0]), np.full(n, default[1]), True
    wobble = np.array([[WOBBLE * cw], [WOBBLE * ch]])[:, 0]
    lo, hi = _steady(lo, present, wobble), _steady(hi, present, wobble)
    want = np.clip(want, lo, hi)
    hard = hard & present
    # Decide on faces/bodies when they are seen often enough, else on everything seen.
    ref = hard if hard.sum() >= 0.3 * present.sum() else present
    top = [float(np.quantile(lo[k, ref], 0.98)) for k in range(2)]
    bottom = [float(np.quantile(hi[k, ref], 0.02)) for k in range(2)]
    if all(top[k] <= bottom[k] + 0.5 for k in range(2)):
        pos = [float(np.clip(np.median(want[k, ref]), min(top[k], bottom[k]), bottom[k]))
               for k in range(2)]
        return np.full(n, pos[0]), np.full(n, pos[1]), True
    want = _fill(_steady(want, present & ~hard, np.array([np.inf, np.inf])), present, default)
    lo = np.where(hard, lo, free_lo[:, None])
    hi = np.where(hard, hi, free_hi[:, None])
    xs = smooth_axis(times, want[0], present, lo[0], hi[0], limits, geo.width)
    ys = smooth_axis(times, want[1], present, lo[1], hi[1], limits, geo.height)
    return xs, ys, False


def _steady(bound: np.ndarray, present: np.ndarray, tolerance: np.ndarray,
            reach: int = 2) -> np.ndarray:
    """Median of each bound over the frames around it, where it differs from the raw bound by
    less than ``tolerance`` (per axis): a face box that wobbles by a few pixels (detector
    noise) must not shake a window pressed against it, while real motion, which moves the
    bound further, is kept as it is."""
    out = bound.copy()
    idx = np.nonzero(present)[0]
    for j, i in enumerate(idx):
        r = min(reach, j, len(idx) - 1 - j)  # symmetric: no lead or lag at the ends
        med = np.median(bound[:, idx[j - r:j + r + 1]], axis=1)
        calm = np.abs(med - bound[:, i]) <= tolerance
        out[calm, i] = med[calm]
    return out


def _drop_outliers(targets: list[_Rect | None], width: float) -> list[_Rect | None]:
    """Forget a target far from the median of its neighbours (a detector's or an assignment's
    one-frame mistake would otherwise pin the window and make it jump)."""
    xs = [(_centre(r)[0] if r is not None else None) for r in targets]
    out = list(targets)
    for i, x in enumerate(xs):
        if x is None:
            continue
        near = [v for v in xs[max(0, i - 3):i + 4] if v is not None]
        if len(near) >= 4 and abs(x - float(np.median(near))) > 0.5 * width:
            out[i] = None
    return out


def _fill(want: np.ndarray, present: np.ndarray, default: np.ndarray) -> np.ndarray:
    """Where no subject was seen, hold the nearest seen position (linear in between)."""
    idx = np.nonzero(present)[0]
    out = want.copy()
    for k in range(2):
        out[k] = np.interp(np.arange(want.shape[1]), idx, want[k, idx]) if len(idx) else \
            default[k]
    return out


def _keyframes(times: np.ndarray, xs: np.ndarray, ys: np.ndarray, size: tuple[int, int],
               a: float, b: float, geo: Geometry) -> list[tuple[float, float, float]]:
    """Top-left keyframes of the window, decimated, spanning the whole shot ``[a, b]``."""
    cw, ch = size
    if len(times) == 0:
        return [(a, (geo.width - cw) / 2, (geo.height - ch) / 2)]
    t = np.concatenate([[a], times, [b]])
    x = np.concatenate([[xs[0]], xs, [xs[-1]]]) - cw / 2
    y = np.concatenate([[ys[0]], ys, [ys[-1]]]) - ch / 2
    x = np.clip(x, 0, geo.width - cw)
    y = np.clip(y, 0, geo.height - ch)
    tol = max(1.5, 0.004 * max(geo.width, geo.height))
    keep = sorted(set(decimate(t, x, tol)) | set(decimate(t, y, tol)))
    if np.ptp(x) < 1 and np.ptp(y) < 1:
        keep = [0]
    return [(round(float(t[i]), 4), round(float(x[i]), 2), round(float(y[i]), 2)) for i in keep]


def _split_shot(times: np.ndarray, people: list[list[_Rect]], hard: np.ndarray, geo: Geometry,
                span: tuple[float, float], limits: Speed, split_aspect: float) -> Shot:
    """Top half follows the person on the left, bottom half the one on the right."""
    left, right = _two_tracks(people)
    heads = [r[3] - r[1] for r in left + right if r is not None]
    x0, y0, x1, y1 = geo.content
    full_w, full_h = geo.window(split_aspect)
    ch = float(np.clip(4.0 * float(np.median(heads)), 0.4 * (y1 - y0), full_h))
    cw = ch * split_aspect / geo.par
    if cw > full_w:
        cw, ch = full_w, full_h
    size = (_even_floor(cw), _even_floor(ch))
    a, b = span
    xa, ya, _ = _axis_plan(times, left, hard, geo, size, limits)
    xb, yb, _ = _axis_plan(times, right, hard, geo, size, limits)
    return Shot(start=a, end=b, layout="split", crop_w=size[0], crop_h=size[1],
                keyframes=_keyframes(times, xa, ya, size, a, b, geo),
                keyframes2=_keyframes(times, xb, yb, size, a, b, geo))


def _two_tracks(people: list[list[_Rect]]) -> tuple[list[_Rect | None], list[_Rect | None]]:
    """Assign each frame's two largest subjects to a left and a right track."""
    left: list[_Rect | None] = []
    right: list[_Rect | None] = []
    last = [None, None]  # type: list[float | None]
    for rects in people:
        big = sorted(sorted(rects, key=_area, reverse=True)[:2], key=lambda r: _centre(r)[0])
        pair: list[_Rect | None] = [None, None]
        if len(big) == 2:
            pair = [big[0], big[1]]
        elif len(big) == 1:
            cx = _centre(big[0])[0]
            dist = [abs(cx - p) if p is not None else np.inf for p in last]
            if np.isfinite(min(dist)):
                pair[int(np.argmin(dist))] = big[0]
        for k in range(2):
            if pair[k] is not None:
                last[k] = _centre(pair[k])[0]  # type: ignore[arg-type]
        left.append(pair[0])
        right.append(pair[1])
    return left, right
