"""One low-resolution pass over a clip: people, shot cuts, sharpness (cached).

ffmpeg decodes the section ``[start, end]`` ONCE (frames that no other frame refers to are not
decoded where the source has them: :mod:`toolkit.reframe.analysis_decode`), drops it to
``fps`` frames per second and scales it to ``size`` pixels on the longer side in grey, writing
raw frames into a FIFO through the runner (progress, cancel, stderr in errors). Python then
only sees small frames:

* people per frame (faces from :func:`toolkit.reframe.face_detector.find_faces` on key frames,
  settled in between by :class:`toolkit.reframe.sparse_search.SparseFinder`; the Haar
  fallback's :class:`toolkit.reframe.subjects.PeopleFinder`; filtered over time);
* shot cuts (:mod:`toolkit.reframe.shots`) from the same frames;
* sharpness and brightness per frame, so the cover choice (:mod:`toolkit.reframe.cover`) needs no
  decode of its own;
* the active picture area (black bars of letter- or pillarboxed clips are left out of crops).

Results are cached as JSON by (content fingerprint of the file, section, settings) in
``<cache>/analysis/`` (``MACHMAL_CACHE`` overrides the cache folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO, Final

import numpy as np
from pydantic import BaseModel, ValidationError

from toolkit.atomic import atomic_write_text
from toolkit.cpu_budget import limit_opencv
from toolkit.fingerprint import fingerprint
from toolkit.reframe import face_detector
from toolkit.reframe.analysis_decode import (RMS_KEY, TIME_KEY, Sides, analysis_rate,
                                             decode_gray, grid_cells, read_scene_scores,
                                             skips_nonref, to_grid)
from toolkit.reframe.faces import Face, FrameSample
from toolkit.media.probe import MediaInfo
from toolkit.media.render import SourceFrame
from toolkit.reframe.shots import change_scores, find_cuts, frame_signature, refine_cuts
from toolkit.reframe.sparse_search import SparseFinder
from toolkit.reframe.subjects import Box, PeopleFinder, keep_consistent, mouth_motion

VERSION: Final = 4  # 2: analysis frames on the source's frame grid; 3: the CNN face detector;
# 4: the CNN on key frames, settled in between (sparse_search)
_BLACK: Final = 24.0  # a column/row never brighter than this on average is a black bar
_VOICE_ABOVE_QUIET: Final = 12.0  # dB above the clip's quiet level that count as voice


@dataclass(frozen=True)
class AnalysisSettings:
    """How finely to look.

    Attributes:
        size: Longer side of the analysis frames in pixels.
        fps: Analysis frames per second wanted (see :func:`analysis_rate`).
        key_rate: People searches (key frames) per second
            (:mod:`toolkit.reframe.sparse_search`); ``fps`` searches every frame.
        skip_nonref: Let the decoder skip frames no other frame refers to, where the source
            allows (:func:`toolkit.reframe.analysis_decode.skips_nonref`).
    """

    size: int = 384
    fps: float = 6.0
    key_rate: float = 2.0
    skip_nonref: bool = True


class FrameRecord(BaseModel):
    """What the analysis saw in one frame.

    Attributes:
        time: Source time in seconds.
        boxes: People found (faces, bodies or motion), largest first.
        sharpness: Variance of the Laplacian (higher is sharper).
        brightness: Mean grey level 0..255.
        voice: Whether the sound is loud above the clip's quiet level around this frame (a
            speaking cue); None when the clip has no sound.
    """

    time: float
    boxes: list[Box]
    sharpness: float
    brightness: float
    voice: bool | None = None

    def sample(self, time: float | None = None) -> FrameSample:
        """This frame as a cover-choice sample (faces only count as faces), at ``time``
        (default: its source time)."""
        return FrameSample(time=self.time if time is None else time,
                           faces=tuple(Face(b.x, b.y, b.w, b.h) for b in self.boxes
                                       if b.is_face),
                           sharpness=self.sharpness, brightness=self.brightness)


class ClipAnalysis(BaseModel):
    """The analysis of one section of a clip (plain data, JSON round-trip).

    Attributes:
        version: Format version (a cache entry of another version is ignored).
        start: Section start in source seconds.
        end: Section end in source seconds.
        fps: Analysis frame rate.
        width: Analysis frame width.
        height: Analysis frame height.
        content: Active picture (x, y, w, h) as fractions: black bars excluded.
        frames: One record per analysis frame.
        cuts: Source times of shot cuts inside the section.
    """

    version: int = VERSION
    start: float
    end: float
    fps: float
    width: int
    height: int
    content: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    frames: list[FrameRecord]
    cuts: list[float]

    def samples(self) -> list[FrameSample]:
        """The frames as cover-choice samples (faces only count as faces)."""
        return [f.sample() for f in self.frames]


def analysis_size(src: SourceFrame, size: int) -> tuple[int, int]:
    """Even (width, height) of the analysis frames: display shape, at most ``size``, no upscale."""
    aspect = src.display_aspect
    disp_w, disp_h = src.width * float(src.par), float(src.height)
    scale = min(1.0, size / max(disp_w, disp_h))
    w = max(16, int(disp_w * scale) // 2 * 2)
    return w, max(16, int(w / aspect) // 2 * 2)


def _cache_file(src: Path, start: float, end: float, settings: AnalysisSettings) -> Path:
    """The cache entry of a section: by content, section, settings and the face detector used
    (a fallback analysis is not reused once the CNN is available, nor the other way round)."""
    from toolkit.resources import cache_root

    blob = json.dumps([VERSION, fingerprint(src), round(start, 3), round(end, 3),
                       asdict(settings), face_detector.backend()], sort_keys=True)
    return cache_root() / "analysis" / f"{hashlib.sha256(blob.encode()).hexdigest()[:32]}.json"


def is_cached(src: str | Path, info: MediaInfo, start: float = 0.0, end: float | None = None,
              settings: AnalysisSettings = AnalysisSettings()) -> bool:
    """Whether :func:`analyse_clip` of this section would come from the cache (no decoding)."""
    end = info.duration if end is None else end
    return _cache_file(Path(src), start, end, settings).is_file()


def analyse_clip(src: str | Path, info: MediaInfo, start: float = 0.0,
                 end: float | None = None, settings: AnalysisSettings = AnalysisSettings(), *,
                 cache: bool = True, progress: Callable[[float], None] | None = None,
                 cancel: threading.Event | None = None) -> ClipAnalysis:
    """Analyse ``[start, end]`` of ``src`` (see the module docstring).

    Args:
        src: The video.
        info: Its probe.
        start: Section start (source seconds).
        end: Section end (default: the end of the file).
        settings: Analysis size and rate.
        cache: Read and write the analysis cache.
        progress: Called with 0..1 while ffmpeg decodes.
        cancel: Set to stop.

    Raises:
        UserInputError: The file has no picture.
        FFmpegError / Cancelled: From the runner.
    """
    src = Path(src)
    end = info.duration if end is None else end
    frame = SourceFrame.from_info(info)
    path = _cache_file(src, start, end, settings) if cache else None
    if path is not None and path.exists():
        try:
            return ClipAnalysis.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValidationError, OSError, ValueError):
            pass
    rate = analysis_rate(info, settings.fps)
    result = _analyse(src, frame, (start, end), settings, rate, progress, cancel,
                      info.has_audio, settings.skip_nonref and skips_nonref(info, rate))
    if path is not None:
        atomic_write_text(path, result.model_dump_json())
    return result


def _analyse(src: Path, frame: SourceFrame, span: tuple[float, float],
             settings: AnalysisSettings, rate: Fraction,
             progress: Callable[[float], None] | None, cancel: threading.Event | None,
             has_audio: bool = False, skip_nonref: bool = False) -> ClipAnalysis:
    """Decode and look at the same time: ffmpeg writes into a FIFO that Python reads.

    On the 2 cores of a small machine ffmpeg's decoding and the detectors then run side by
    side instead of one after the other. Without FIFOs (Windows) the frames go through a
    temporary file first.
    """
    limit_opencv()  # the detectors' threads keep to the job's CPU budget
    start, end = span
    w, h = analysis_size(frame, settings.size)
    looker = Looker(w, h, start, end, float(rate), cancel, settings.key_rate)
    with tempfile.TemporaryDirectory(prefix="machmal-analysis-") as tmp:
        sides = Sides(scenes=Path(tmp) / "scenes.txt",
                      sound=Path(tmp) / "sound.txt" if has_audio else None,
                      times=Path(tmp) / "times.txt" if skip_nonref else None)

        def decode(out: Path, atomic: bool) -> None:
            decode_gray(src, out, span, (w, h), rate, sides, skip_nonref=skip_nonref,
                        progress=progress, cancel=cancel, atomic=atomic)

        if hasattr(os, "mkfifo"):
            _through_fifo(Path(tmp) / "frames.fifo", looker, decode)
        else:  # pragma: no cover - platforms without FIFOs
            raw = Path(tmp) / "frames.gray"
            decode(raw, True)
            with open(raw, "rb") as fh:
                looker.read_all(fh)
        assert sides.scenes is not None
        looker.scene_scores = read_scene_scores(sides.scenes, start)
        if sides.sound is not None:
            looker.sound_levels = read_scene_scores(sides.sound, start, RMS_KEY)
        if sides.times is not None:
            looker.frame_times = [t for t, _ in read_scene_scores(sides.times, start,
                                                                   TIME_KEY)]
    return looker.result()


def _through_fifo(fifo: Path, looker: Looker, decode: Callable[[Path, bool], None]) -> None:
    os.mkfifo(fifo)
    failure: list[BaseException] = []

    def read() -> None:
        try:
            with open(fifo, "rb") as fh:
                looker.read_all(fh)
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)

    reader = threading.Thread(target=read, name="machmal-analysis", daemon=True)
    reader.start()
    try:
        decode(fifo, False)
    except BaseException:
        _release(fifo)
        reader.join()
        if failure:  # the reader stopped first (e.g. cancelled): ffmpeg only lost its pipe
            raise failure[0] from None
        raise
    _release(fifo)
    reader.join()
    if failure:
        raise failure[0]


def _release(fifo: Path) -> None:
    """Let a reader still waiting to open the FIFO go (ffmpeg failed before opening it)."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


class Looker:
    """Looks at analysis frames one by one (``frame i`` shows ``start + i / fps``).

    Per-frame measures (sharpness, brightness, shot signature, black bars) are taken as each
    frame arrives; people come from the finder, which may settle a frame a key frame
    interval later (:class:`~toolkit.reframe.sparse_search.SparseFinder`), so the grey frames
    wait in ``waiting`` until then (for the mouth motion between neighbouring frames).
    """

    def __init__(self, w: int, h: int, start: float, end: float, fps: float,
                 cancel: threading.Event | None = None, key_rate: float = 2.0) -> None:
        import cv2

        self.w, self.h, self.start, self.end, self.fps = w, h, start, end, fps
        self.cancel = cancel
        self.clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
        self.every = max(1, round(fps / key_rate))
        self.finder: SparseFinder | PeopleFinder = (
            SparseFinder(self.every)
            if face_detector.backend() == "cnn" else PeopleFinder(full_every=self.every))
        self.detections: list[list[Box]] = []
        self.records: list[tuple[float, float, float]] = []
        self.signatures: list[tuple[np.ndarray, np.ndarray]] = []
        self.col_max, self.row_max = np.zeros(w), np.zeros(h)
        self.scene_scores: list[tuple[float, float]] = []
        self.sound_levels: list[tuple[float, float]] = []
        self.waiting: deque[np.ndarray] = deque()
        self.previous: np.ndarray | None = None
        self.frame_times: list[float] | None = None  # source times, when not on the grid

    def read_all(self, fh: BinaryIO) -> None:
        """Look at every whole frame readable from ``fh``."""
        size = self.w * self.h
        while len(chunk := fh.read(size)) == size:
            self.add(np.frombuffer(chunk, np.uint8).reshape(self.h, self.w))

    def add(self, gray: np.ndarray) -> None:
        """Look at the next frame."""
        import cv2

        if self.cancel is not None and self.cancel.is_set():
            from toolkit.errors import Cancelled

            raise Cancelled(target="analysis")
        eq = self.clahe.apply(gray)
        self.waiting.append(gray)
        self._people(self.finder.push(eq) if isinstance(self.finder, SparseFinder)
                     else [self.finder.step(eq)])
        self.signatures.append(frame_signature(gray))
        self.col_max = np.maximum(self.col_max, gray.mean(axis=0))
        self.row_max = np.maximum(self.row_max, gray.mean(axis=1))
        _, dev = cv2.meanStdDev(cv2.Laplacian(gray, cv2.CV_16S))  # |value| <= 1020: no overflow
        self.records.append((self.start + len(self.records) / self.fps,
                             float(dev[0, 0]) ** 2, float(gray.mean())))

    def _people(self, settled: list[list[Box]]) -> None:
        """Keep the people of frames the finder settled (oldest waiting frames first)."""
        for found in settled:
            gray = self.waiting.popleft()
            if self.previous is not None:
                found = [b.model_copy(update={"mouth": mouth_motion(self.previous, gray, b)})
                         if b.is_face else b for b in found]
            self.previous = gray
            self.detections.append(found)

    def result(self) -> ClipAnalysis:
        """The analysis of the frames seen."""
        if isinstance(self.finder, SparseFinder):
            self._people(self.finder.flush())
        self._onto_grid()
        times = [r[0] for r in self.records]
        kept = keep_consistent(self.detections, window=2 * self.every)
        voice = voice_activity(times, self.sound_levels, 1.0 / self.fps)
        frames = [FrameRecord(time=t, boxes=b, sharpness=s, brightness=br, voice=v)
                  for (t, s, br), b, v in zip(self.records, kept, voice)]
        cuts = find_cuts(times, change_scores(self.signatures)) if times else []
        cuts = refine_cuts(cuts, self.scene_scores, 1.0 / self.fps)  # fps rounds to nearest
        return ClipAnalysis(start=self.start, end=self.end, fps=self.fps, width=self.w,
                            height=self.h, content=_content(self.col_max, self.row_max),
                            frames=frames, cuts=cuts)


    def _onto_grid(self) -> None:
        """Frames decoded off the grid (``frame_times``, see
        :mod:`toolkit.reframe.analysis_decode`): give each its grid time, move its boxes
        there, and repeat the frame before a grid point that got no frame of its own."""
        times = self.frame_times
        if not times or len(times) != len(self.records):
            return
        cells = grid_cells(times, self.start, self.fps)
        if any(b <= a for a, b in zip(cells, cells[1:])):
            return  # not what the decode's select gives: keep the frames as they are
        grid = [self.start + k / self.fps for k in cells]
        moved = to_grid(self.detections, times, grid)
        records, detections, signatures = [], [], []
        for i, k in enumerate(cells):
            for gap in range(cells[i - 1] + 1 if i else k, k):  # grid points left out
                records.append((self.start + gap / self.fps, *records[-1][1:]))
                detections.append(detections[-1])
                signatures.append(signatures[-1])
            records.append((grid[i], *self.records[i][1:]))
            detections.append(moved[i])
            signatures.append(self.signatures[i])
        self.records, self.detections, self.signatures = records, detections, signatures


def voice_activity(times: list[float], levels: list[tuple[float, float]], spacing: float
                   ) -> list[bool | None]:
    """Per analysis frame: is the sound around it (within half a frame spacing) loud above
    the clip's quiet level (its 10th percentile, at least -60 dB)? None without sound."""
    if not levels:
        return [None] * len(times)
    at = np.array([t for t, _ in levels])
    db = np.maximum(np.array([v for _, v in levels]), -120.0)
    loud = db > max(float(np.quantile(db, 0.1)), -60.0) + _VOICE_ABOVE_QUIET
    out: list[bool | None] = []
    for t in times:
        near = (at >= t - spacing / 2) & (at < t + spacing / 2)
        out.append(bool(loud[near].any()))
    return out


def _content(col_max: np.ndarray, row_max: np.ndarray) -> tuple[float, float, float, float]:
    """The active picture: columns and rows that are ever brighter than a black bar."""
    def span(profile: np.ndarray) -> tuple[float, float]:
        lit = np.nonzero(profile > _BLACK)[0]
        if len(lit) == 0 or len(profile) == 0:
            return 0.0, 1.0
        a, b = lit[0] / len(profile), (lit[-1] + 1) / len(profile)
        return (a, b - a) if b - a >= 0.5 else (0.0, 1.0)

    x, w = span(col_max)
    y, h = span(row_max)
    return (x, y, w, h)
