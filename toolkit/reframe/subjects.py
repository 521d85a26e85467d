"""Who is in one small grey frame: faces, upper bodies, and where something moves.

Detectors, each run only when the one before found nothing:

1. faces: :func:`toolkit.reframe.face_detector.find_faces`, a small CNN (frontal, turned, small
   and partly covered faces), on key frames and where they disagree
   (:class:`toolkit.reframe.sparse_search.SparseFinder`; tilted heads: in the turned frame);
   where the CNN is not available, OpenCV's frontal Haar cascade on full searches and near
   the last faces between (:class:`PeopleFinder`);
2. head and shoulders (Haar ``upperbody``, on a half-size frame): people turned away,
   silhouettes, people too small in a wide shot for a face detector;
3. Haar fallback only: faces seen from the side (``profileface``, both directions);
4. motion: the bounding box of what changed since the previous analysis frame.

False positives are filtered over time by :func:`keep_consistent`.

Boxes are fractions (0..1) of the upright frame, so they hold for any rendition of the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from toolkit.reframe.face_detector import haar_profiles, haar_run

Kind = Literal["face", "profile", "body", "motion"]

_MIN_FACE_PX: Final = 20       # the cascades' own windows are 20-24 px
MIN_CNN_FACE_PX: Final = 12   # the CNN still finds faces of 12 px (bench/faces.py)
_MIN_BODY_PX: Final = 18
_SCALE_STEP: Final = 1.2       # image pyramid step of detectMultiScale
_FRONTAL: Final = "haarcascade_frontalface_default.xml"
_MOTION_THRESHOLD: Final = 18  # grey levels a pixel must change to count as motion
_MOTION_MIN_SHARE: Final = 0.004  # below this share of moving pixels: nothing moves
_IDLE_AFTER: Final = 2         # full searches finding nobody before searching half as often


class Box(BaseModel):
    """One detection as fractions of the upright frame.

    Attributes:
        x: Left edge.
        y: Top edge.
        w: Width.
        h: Height.
        kind: Which detector found it (face, profile, body, motion).
        mouth: Faces only: how much the mouth region changed since the previous analysis
            frame, beyond the change of the eye region (grey levels; a speaking cue).
    """

    model_config = ConfigDict(frozen=True)

    x: float
    y: float
    w: float
    h: float
    kind: Kind = "face"
    mouth: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def area(self) -> float:
        return self.w * self.h

    @property
    def is_face(self) -> bool:
        return self.kind in ("face", "profile")

    def head(self) -> tuple[float, float, float, float]:
        """The head region (x, y, w, h): the box of a face, the top of a body box."""
        if self.kind == "body":
            return (self.x + self.w * 0.3, self.y, self.w * 0.4, self.h * 0.45)
        return (self.x, self.y, self.w, self.h)


def _run(gray: np.ndarray, name: str, min_side: int, neighbours: int = 4
         ) -> list[tuple[int, int, int, int]]:
    return haar_run(gray, name, min_side, neighbours, _SCALE_STEP)


def _boxes(raw: Sequence[tuple[int, int, int, int]], w: int, h: int, kind: Kind) -> list[Box]:
    return [Box(x=x / w, y=y / h, w=bw / w, h=bh / h, kind=kind) for x, y, bw, bh in raw]


class PeopleFinder:
    """Finds people frame after frame with the Haar cascades (the fallback where the CNN is
    not available; see the module docstring for the detectors).

    A full search runs on every ``full_every``-th frame (and profiles on every other full
    search when nothing else was found); in between, only the neighbourhood of the people
    found last is searched again with the detector that found them. Where nothing is found,
    the motion box stands in. After ``_IDLE_AFTER`` full searches in a row found nobody
    (a faceless stretch: a landscape, a screen, a test pattern), full searches run half as
    often until someone is found again: the worst case, where every detector runs in vain,
    costs half as much, and a person who appears is still found within two search intervals.
    """

    def __init__(self, full_every: int = 3) -> None:
        self.full_every = max(1, full_every)
        self.index = 0
        self.searches = 0
        self.since_full = self.full_every  # the first frame gets a full search
        self.misses = 0
        self.last: list[Box] = []
        self.previous: np.ndarray | None = None

    def step(self, gray: np.ndarray) -> list[Box]:
        """People in the next (equalised) grey frame, largest first."""
        every = self.full_every * (2 if self.misses >= _IDLE_AFTER else 1)
        if self.since_full >= every:
            found = self._full_search(gray, self.searches)
            self.searches, self.since_full = self.searches + 1, 0
            self.misses = 0 if found else self.misses + 1
        else:
            found = self._follow(gray)
        return self._settle(gray, found)

    def _settle(self, gray: np.ndarray, found: list[Box]) -> list[Box]:
        """The end of a step: remember the frame, fall back to motion."""
        self.since_full += 1
        self.last = found
        found = or_motion(found, self.previous, gray)
        self.previous, self.index = gray, self.index + 1
        return found

    def _full_search(self, gray: np.ndarray, count: int) -> list[Box]:
        h, w = gray.shape[:2]
        found = _boxes(_run(gray, _FRONTAL, _MIN_FACE_PX), w, h, "face")
        if not found:
            found = find_bodies(gray)
        if not found and count % 2 == 0:
            found = _boxes(_profiles(gray), w, h, "profile")
        return found

    def _follow(self, gray: np.ndarray) -> list[Box]:
        """Search again near each box of the last frame (a few ms instead of a full search)."""
        return [b for old in self.last for b in _search_near(gray, old)][:4]


def _search_near(gray: np.ndarray, old: Box) -> list[Box]:
    h, w = gray.shape[:2]
    x0, y0 = max(0, int((old.x - old.w) * w)), max(0, int((old.y - old.h) * h))
    x1, y1 = min(w, int((old.x + 2 * old.w) * w)), min(h, int((old.y + 2 * old.h) * h))
    roi = np.ascontiguousarray(gray[y0:y1, x0:x1])
    if old.kind == "body":
        local = find_bodies(roi)
    else:
        side = max(_MIN_FACE_PX, int(0.6 * old.h * h))
        raw = (_run(roi, _FRONTAL, side) if old.kind == "face" else _profiles(roi, side))
        local = _boxes(raw, roi.shape[1], roi.shape[0], old.kind)
    rw, rh = roi.shape[1], roi.shape[0]
    return [Box(x=(x0 + b.x * rw) / w, y=(y0 + b.y * rh) / h, w=b.w * rw / w, h=b.h * rh / h,
                kind=b.kind) for b in local]


def find_bodies(gray: np.ndarray) -> list[Box]:
    """Head-and-shoulders at half resolution (bodies are large; 4x cheaper)."""
    import cv2

    h, w = gray.shape[:2]
    if min(w, h) < 2 * _MIN_BODY_PX:
        return []
    small = cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return _boxes(_run(small, "haarcascade_upperbody.xml", _MIN_BODY_PX, 3), w // 2, h // 2,
                  "body")


def _profiles(gray: np.ndarray, side: int = _MIN_FACE_PX) -> list[tuple[int, int, int, int]]:
    return haar_profiles(gray, side)


def or_motion(found: list[Box], previous: np.ndarray | None, gray: np.ndarray) -> list[Box]:
    """A frame's people, largest first; where none were found, the box of what moved since
    ``previous`` (the finders' common end of a frame)."""
    if not found and previous is not None:
        moving = motion_box(previous, gray)
        found = [moving] if moving is not None else []
    return sorted(found, key=lambda b: b.area, reverse=True)


def motion_box(previous: np.ndarray, gray: np.ndarray) -> Box | None:
    """The region that changed between two frames (5-95 % quantiles of moving pixels).

    The quantiles come from the column and row counts of moving pixels (cumulative sums), not
    from sorting every moving pixel's coordinates: the same box at a fraction of the cost.
    """
    import cv2

    moving = cv2.absdiff(gray, previous) > _MOTION_THRESHOLD
    cols = moving.sum(axis=0)
    total = int(cols.sum())
    if total < _MOTION_MIN_SHARE * moving.size:
        return None
    h, w = gray.shape[:2]
    x0, x1 = _spread(cols)
    y0, y1 = _spread(moving.sum(axis=1))
    return Box(x=x0 / w, y=y0 / h, w=max(1.0, x1 - x0) / w, h=max(1.0, y1 - y0) / h,
               kind="motion")


def _spread(counts: np.ndarray) -> tuple[float, float]:
    """Positions of the 5 % and 95 % quantiles of a histogram of pixel positions."""
    cum = np.cumsum(counts)
    lo, hi = np.searchsorted(cum, [0.05 * cum[-1], 0.95 * cum[-1]])
    return float(lo), float(hi)


def mouth_motion(previous: np.ndarray, gray: np.ndarray, box: Box) -> float:
    """Change of a face's mouth region between two frames, less the change of its eye region.

    Speaking moves the lower face; a head that moves or lighting that changes moves both
    regions alike and cancels out. Grey levels per pixel, 0 when the regions are too small.
    """
    h, w = gray.shape[:2]

    def change(top: float, bottom: float) -> float | None:
        y0, y1 = int((box.y + top * box.h) * h), int((box.y + bottom * box.h) * h)
        x0, x1 = int((box.x + 0.25 * box.w) * w), int((box.x + 0.75 * box.w) * w)
        y0, y1, x0, x1 = max(0, y0), min(h, y1), max(0, x0), min(w, x1)
        if y1 - y0 < 2 or x1 - x0 < 3:
            return None
        a = gray[y0:y1, x0:x1].astype(np.int16)
        return float(np.abs(a - previous[y0:y1, x0:x1]).mean())

    mouth, eyes = change(0.65, 0.95), change(0.2, 0.45)
    return 0.0 if mouth is None or eyes is None else max(0.0, mouth - eyes)


def _near(a: Box, b: Box) -> bool:
    """Same subject in neighbouring frames: centres within about one box size."""
    reach = max(a.w, b.w, a.h, b.h)
    return abs(a.cx - b.cx) < reach and abs(a.cy - b.cy) < reach


def keep_consistent(frames: Sequence[Sequence[Box]], window: int = 2) -> list[list[Box]]:
    """Drop detector boxes seen in one frame only (no box near it within ``window`` frames).

    A real person stays for several analysis frames; a cascade's false positive on a texture
    usually flickers. Motion boxes are kept as they are (they need no confirmation).
    """
    if len(frames) < 3:
        return [list(b) for b in frames]
    out: list[list[Box]] = []
    for i, boxes in enumerate(frames):
        lo, hi = max(0, i - window), min(len(frames), i + window + 1)
        others = [b for j in range(lo, hi) if j != i for b in frames[j]]
        out.append([b for b in boxes
                    if b.kind == "motion" or any(_near(b, o) for o in others)])
    return out
