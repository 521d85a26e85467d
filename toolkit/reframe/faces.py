"""Cheap picture analysis on a few downscaled frames: faces, sharpness, brightness.

A first, simple version of face-aware framing: the toolkit's face detector
(:mod:`toolkit.reframe.face_detector`: a small CNN, Haar cascades as its fallback; nothing
downloaded) on ~12 grey frames of at most 480 px, sampled evenly across the clip with PyAV.
The same samples serve the smart crop (median face centre) and the cover choice (sharp frame,
ideally with a face), so a clip is analysed once.

PyAV does not rotate frames like ffmpeg does, so samples are turned upright here with the
rotation from :func:`~toolkit.media.probe.probe`; positions are fractions of the upright frame
and therefore match ffmpeg's autorotated picture whatever its pixel size.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

from toolkit.cpu_budget import limit_opencv
from toolkit.errors import MediaError
from toolkit.media.probe import MediaInfo

ANALYSIS_SIZE: Final = 384  # longer side of the analysis frames, in pixels
DEFAULT_SAMPLES: Final = 10
_MIN_FACE: Final = 0.06      # smallest face, as a fraction of the shorter side
_MAX_FORWARD: Final = 3.0    # decode forward rather than seek for gaps up to this many seconds


@dataclass(frozen=True)
class Face:
    """A detected face as fractions (0..1) of the upright frame."""

    x: float
    y: float
    w: float
    h: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    @property
    def area(self) -> float:
        return self.w * self.h


@dataclass(frozen=True)
class FrameSample:
    """What the analysis saw in one frame.

    Attributes:
        time: Time of the frame in the source, in seconds.
        faces: Faces found, largest first.
        sharpness: Variance of the Laplacian (higher is sharper).
        brightness: Mean grey level 0..255.
    """

    time: float
    faces: tuple[Face, ...]
    sharpness: float
    brightness: float


def sample_times(start: float, end: float, count: int) -> list[float]:
    """``count`` times spread evenly over ``[start, end]`` (midpoints of equal slices)."""
    span = max(0.0, end - start)
    return [start + (i + 0.5) * span / count for i in range(max(1, count))]


def analyse(path: Path, info: MediaInfo, start: float = 0.0, end: float | None = None,
            count: int = DEFAULT_SAMPLES, profile: bool = True) -> list[FrameSample]:
    """Sample ``count`` frames of ``[start, end]`` and look at each.

    Args:
        path: The video.
        info: Its probe.
        start: Section start (seconds).
        end: Section end (default: the end of the file).
        count: Number of samples.
        profile: When no frontal face shows anywhere, look for faces seen from the side
            (doubles the detection time of faceless clips; worth it for framing, not for covers).

    Raises:
        MediaError: The video cannot be decoded.
    """
    end = info.duration if end is None else end
    limit_opencv()
    frames = gray_frames(path, info, sample_times(start, end, count))
    found = [detect_faces(g) for _, g in frames]
    if profile and not any(found):
        found = [detect_faces(g, profile=True) for _, g in frames]
    return [FrameSample(time=t, faces=tuple(f), sharpness=sharpness(g),
                        brightness=float(g.mean())) for (t, g), f in zip(frames, found)]


def gray_frames(path: Path, info: MediaInfo, times: Sequence[float],
                size: int = ANALYSIS_SIZE) -> list[tuple[float, np.ndarray]]:
    """``(time, upright grey frame)`` near each of ``times`` (duplicates dropped).

    Key frames only are decoded first (one decode per sample: cheap even on 4K); when the clip
    has too few key frames for that (long GOPs), frames are decoded up to each time instead.

    Raises:
        MediaError: The video cannot be decoded.
    """
    import av

    if info.video is None or not times:
        return []
    try:
        frames = _decode_samples(path, info, times, size, keyframes=True)
        if len(frames) < min(len(times), max(2, len(times) // 2)):
            frames = _decode_samples(path, info, times, size, keyframes=False)
    except av.error.FFmpegError as exc:
        raise MediaError("media.unreadable", path=str(path), detail=str(exc)[:200]) from exc
    return frames


def _decode_samples(path: Path, info: MediaInfo, times: Sequence[float], size: int,
                    keyframes: bool) -> list[tuple[float, np.ndarray]]:
    import av

    assert info.video is not None
    w, h = _analysis_size(info, size)
    slack = (times[1] - times[0]) / 2 if len(times) > 1 else 0.5
    out: list[tuple[float, np.ndarray]] = []
    with av.open(str(path), metadata_errors="ignore") as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if keyframes:
            stream.codec_context.skip_frame = "NONKEY"
        cursor = _Cursor(container, stream, seek_always=keyframes)
        seen = set()
        for t in times:
            frame = cursor.frame_at(t, slack)
            if frame is None or frame.time in seen:
                continue
            seen.add(frame.time)
            gray = frame.to_ndarray(format="gray", width=w, height=h)
            out.append((float(frame.time), _upright(gray, info.video.rotation)))
    return out


def _analysis_size(info: MediaInfo, size: int) -> tuple[int, int]:
    """Stored-orientation size whose display shape has ``size`` px on the longer side."""
    v = info.video
    assert v is not None
    num, den = (int(x) for x in v.sar.split(":"))
    disp_w = v.width * (num / den if num > 0 and den > 0 else 1.0)
    scale = min(1.0, size / max(disp_w, v.height))
    return max(16, int(disp_w * scale) // 2 * 2), max(16, int(v.height * scale) // 2 * 2)


class _Cursor:
    """Decodes forward when the next wanted time is near, seeks when it is far."""

    def __init__(self, container: Any, stream: Any, seek_always: bool = False) -> None:
        self.container, self.stream = container, stream
        self.frames: Iterator[Any] | None = None
        self.pos: float | None = None
        self.seek_always = seek_always

    def frame_at(self, t: float, slack: float) -> Any:
        if self.seek_always:  # key frames only: the one at or before t
            self.container.seek(max(0, int(t / float(self.stream.time_base))),
                                stream=self.stream, backward=True)
            return next((f for f in self.container.decode(self.stream) if f.time is not None),
                        None)
        if self.frames is None or self.pos is None or not 0 <= t - self.pos < _MAX_FORWARD:
            tb = float(self.stream.time_base)
            self.container.seek(max(0, int(t / tb)), stream=self.stream, backward=True)
            self.frames = self.container.decode(self.stream)
        first = None
        for frame in self.frames:
            if frame.time is None:
                continue
            self.pos = float(frame.time)
            if first is None:
                first = frame
            if frame.time >= t - slack:
                return frame
        self.frames = None
        return first


def _upright(img: np.ndarray, rotation: int) -> np.ndarray:
    """Rotate a stored frame clockwise by ``rotation`` degrees (as players show it)."""
    k = (rotation // 90) % 4
    return np.ascontiguousarray(np.rot90(img, -k)) if k else img


def _clahe() -> Any:
    import cv2

    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))  # cheap; not shared by threads


def detect_faces(gray: np.ndarray, profile: bool = False) -> list[Face]:
    """Faces in a grey frame, largest first.

    The CNN finds frontal and turned faces at once; the Haar fallback looks for frontal
    faces, or for faces seen from the side (both directions) when ``profile`` is set.
    """
    from toolkit.reframe import face_detector

    h, w = gray.shape[:2]
    eq = _clahe().apply(gray)  # local contrast: a global equalisation drowns small faces
    min_side = max(16, int(min(w, h) * _MIN_FACE))
    if face_detector.backend() == "cnn":
        if profile:  # the CNN found every face it can find in the first pass
            return []
        hits = face_detector.find_faces(eq, min_side, profile=False)
        return [Face(f.x / w, f.y / h, f.w / w, f.h / h) for f in hits]
    if not profile:
        boxes = _detect(eq, "haarcascade_frontalface_default.xml", min_side)
    else:
        boxes = _detect(eq, "haarcascade_profileface.xml", min_side)
        flipped = _detect(np.ascontiguousarray(eq[:, ::-1]), "haarcascade_profileface.xml",
                          min_side)
        boxes += [(w - x - bw, y, bw, bh) for x, y, bw, bh in flipped]
    faces = [Face(x / w, y / h, bw / w, bh / h) for x, y, bw, bh in boxes]
    return sorted(faces, key=lambda f: f.area, reverse=True)


def _detect(gray: np.ndarray, cascade: str, min_side: int) -> list[tuple[int, int, int, int]]:
    from toolkit.reframe.face_detector import haar_run

    return haar_run(gray, cascade, min_side, neighbours=5, scale=1.1)


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian: a standard, cheap focus measure."""
    import cv2

    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def face_focus(samples: Sequence[FrameSample]) -> tuple[float, float] | None:
    """Median centre of the largest face per frame, or None when faces are too rare.

    A face must show in at least two samples (or in the only one) so that a single false
    detection does not steer the crop.
    """
    centres = [s.faces[0].center for s in samples if s.faces]
    if not centres or (len(centres) < 2 and len(samples) > 1):
        return None
    return (statistics.median(c[0] for c in centres), statistics.median(c[1] for c in centres))
