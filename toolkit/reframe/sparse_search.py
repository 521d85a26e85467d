"""People in every analysis frame from the CNN run on few of them (key frames, filled in between).

The CNN face detector (:func:`toolkit.reframe.face_detector.find_faces`) is the analysis's
largest cost: about 11 ms of CPU per 384 px frame, three times that where it also looks in the
turned frame. Most neighbouring frames show the same people in nearly the same place, so
:class:`SparseFinder` runs it on key frames only (every ``every``-th analysis frame) and
settles the frames in between from the two key frames around them:

* where both key frames show the same people (same count and kinds, each box moved by less
  than :data:`_AGREE_MOVE` of its side and grown or shrunk by less than :data:`_AGREE_SIZE`),
  the boxes in between are interpolated linearly;
* else the frame in the middle is searched too and both halves are settled the same way
  (bisection): a person who appears, leaves, turns or moves fast is searched frame by frame
  where it happens, so the boxes stay those of a search on every frame there.

Key frames look for tilted heads (the turned frame) and for head and shoulders where no face
shows, as the full searches of a frame-by-frame search do. After ``_IDLE_AFTER`` key frames in
a row found nobody (a landscape, a screen, a test pattern: the worst case, where every search
runs in vain), those two extra searches run on every :data:`_IDLE_EXTRA`-th key frame only;
the upright search keeps to every key frame (faces of small people in a wide shot often show
for half a second only, bench/bench_analysis.py). Frames come out in order, a key frame
interval late, with the motion box standing in where nobody is found (the same contract as
:meth:`toolkit.reframe.subjects.PeopleFinder.step`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from toolkit.reframe import face_detector
from toolkit.reframe.subjects import MIN_CNN_FACE_PX, Box, find_bodies, or_motion

_AGREE_MOVE: Final = 0.25  # a box moved by less than this share of its side: the same place
_AGREE_SIZE: Final = 1.25  # and grew or shrank by less than this factor
_IDLE_AFTER: Final = 2     # key frames in a row finding nobody before the extra searches thin
_IDLE_EXTRA: Final = 4     # while idle, every 4th key frame looks turned and for bodies


@dataclass
class _Look:
    """What one searched frame showed: boxes (no motion boxes) and whether a head was tilted."""

    boxes: list[Box]
    turned: bool = False


class SparseFinder:
    """People frame after frame with the CNN on key frames (see the module docstring)."""

    def __init__(self, every: int = 3) -> None:
        self.every = max(1, every)
        self.pending: list[np.ndarray] = []  # grey frames after the last key frame
        self.key: _Look | None = None  # the last key frame's look
        self.misses = 0  # key frames in a row that found nobody
        self.keys = 0
        self.searches = 0  # frames the CNN looked at (for the bench and the tests)
        self.previous: np.ndarray | None = None  # the last frame handed out

    def push(self, gray: np.ndarray) -> list[list[Box]]:
        """Add the next (equalised) grey frame; return the people (largest first) of the
        frames settled by it, in order."""
        self.pending.append(gray)
        if self.key is not None and len(self.pending) < self.every:
            return []
        return self._close()

    def flush(self) -> list[list[Box]]:
        """Settle the frames still waiting (the last one becomes a key frame)."""
        return self._close() if self.pending else []

    def _close(self) -> list[list[Box]]:
        """The newest pending frame is a key frame: search it, settle the frames before it."""
        frames, self.pending = self.pending, []
        extra = self.misses < _IDLE_AFTER or self.keys % _IDLE_EXTRA == 0
        last = self._search(frames[-1], tilted=extra, bodies=extra)
        self.keys += 1
        self.misses = 0 if last.boxes else self.misses + 1
        looks: list[_Look | None] = [None] * len(frames)
        looks[-1] = last
        if self.key is None:  # the first frame of all: nothing before it to settle
            self.key = last
            return self._hand_out(frames, looks)
        self._settle(frames, looks, self.key, -1, len(frames) - 1)
        self.key = last
        return self._hand_out(frames, looks)

    def _settle(self, frames: list[np.ndarray], looks: list[_Look | None], first: _Look,
                lo: int, hi: int) -> None:
        """Fill ``looks`` strictly between ``lo`` and ``hi`` (``lo`` -1: the last key frame,
        whose look is ``first``)."""
        if hi - lo <= 1:
            return
        a = first if lo < 0 else looks[lo]
        b = looks[hi]
        assert a is not None and b is not None
        if _agree(a.boxes, b.boxes):
            for i in range(lo + 1, hi):
                looks[i] = _Look(_between(a.boxes, b.boxes, (i - lo) / (hi - lo)),
                                 a.turned and b.turned)
            return
        mid = (lo + hi) // 2
        looks[mid] = self._search(frames[mid], tilted=a.turned or b.turned,
                                  bodies=_has_body(a) or _has_body(b))
        self._settle(frames, looks, first, lo, mid)
        self._settle(frames, looks, first, mid, hi)

    def _search(self, gray: np.ndarray, tilted: bool, bodies: bool) -> _Look:
        """The CNN on one frame (turned too when ``tilted``), head and shoulders where it finds
        no face and ``bodies`` is set."""
        h, w = gray.shape[:2]
        self.searches += 1
        hits = face_detector.find_faces(gray, MIN_CNN_FACE_PX,
                                        profile=False, tilted=tilted)
        found = [Box(x=f.x / w, y=f.y / h, w=f.w / w, h=f.h / h, kind="face") for f in hits]
        if not found and bodies:
            found = find_bodies(gray)
        return _Look(found, any(f.turned for f in hits))

    def _hand_out(self, frames: list[np.ndarray], looks: list[_Look | None]
                  ) -> list[list[Box]]:
        out = []
        for gray, look in zip(frames, looks):
            out.append(or_motion(list(look.boxes) if look is not None else [], self.previous,
                                 gray))
            self.previous = gray
        return out


def _has_body(look: _Look) -> bool:
    return any(b.kind == "body" for b in look.boxes)


def _pairs(a: list[Box], b: list[Box]) -> list[tuple[Box, Box]] | None:
    """Each box of ``a`` with the box of ``b`` in about the same place (largest first), or
    None when the two frames do not show the same people."""
    if len(a) != len(b):
        return None
    rest = sorted(b, key=lambda x: x.area, reverse=True)
    out = []
    for box in sorted(a, key=lambda x: x.area, reverse=True):
        near = [o for o in rest if o.kind == box.kind
                and abs(o.cx - box.cx) < _AGREE_MOVE * box.w
                and abs(o.cy - box.cy) < _AGREE_MOVE * box.h
                and _AGREE_SIZE ** -2 < o.area / max(box.area, 1e-9) < _AGREE_SIZE ** 2]
        if not near:
            return None
        match = min(near, key=lambda o: abs(o.cx - box.cx) + abs(o.cy - box.cy))
        rest.remove(match)
        out.append((box, match))
    return out


def _agree(a: list[Box], b: list[Box]) -> bool:
    return _pairs(a, b) is not None


def _between(a: list[Box], b: list[Box], f: float) -> list[Box]:
    """The boxes a share ``f`` of the way from ``a`` to ``b`` (frames that agree)."""
    pairs = _pairs(a, b) or []
    return [Box(x=p.x + f * (q.x - p.x), y=p.y + f * (q.y - p.y), w=p.w + f * (q.w - p.w),
                h=p.h + f * (q.h - p.h), kind=p.kind) for p, q in pairs]
