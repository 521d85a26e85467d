"""Read what a media file contains: :func:`probe` -> :class:`MediaInfo`.

Why PyAV and not ffprobe: the ffmpeg binary shipped by ``imageio-ffmpeg`` comes without ffprobe,
and parsing the human-readable banner of ``ffmpeg -i`` is fragile across versions. PyAV binds
FFmpeg's libraries directly and gives typed access to streams, the display matrix (rotation) of
decoded frames and packet timestamps (for variable-frame-rate detection), all without decoding
more than one frame.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import statistics
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

from toolkit.errors import MediaError
from toolkit.messages import register

register({
    "media.not_found": (
        "{path}: Datei nicht gefunden. Bitte Pfad und Dateinamen prüfen.",
        "{path}: file not found. Please check the path and file name.",
    ),
    "media.empty": (
        "{path}: Die Datei ist leer (0 Byte). Bitte die Aufnahme erneut vom Handy kopieren.",
        "{path}: the file is empty (0 bytes). Please copy the recording from the phone again.",
    ),
    "media.unreadable": (
        "{path}: Die Datei ist keine lesbare Video- oder Audiodatei oder ist beschädigt. "
        "Bitte die Originaldatei erneut vom Handy kopieren oder exportieren.",
        "{path}: this is not a readable video or audio file, or it is damaged. "
        "Please copy or export the original file from the phone again.",
    ),
    "media.no_streams": (
        "{path}: Die Datei enthält weder Bild noch Ton.",
        "{path}: the file contains neither video nor audio.",
    ),
    "media.no_content": (
        "{path}: Die Datei enthält keine abspielbaren Daten (Länge 0 s). "
        "Bitte eine vollständige Aufnahme verwenden.",
        "{path}: the file holds no playable data (length 0 s). Please use a complete recording.",
    ),
})

LOG = logging.getLogger(__name__)
_VFR_SAMPLE_PACKETS = 600
_VFR_TOLERANCE = 0.10  # a frame interval more than 10 % off the median counts as irregular
_VFR_SHARE = 0.05      # more than 5 % irregular intervals -> variable frame rate


@dataclass(frozen=True)
class VideoInfo:
    """The first video stream of a file.

    Attributes:
        codec: Codec name (e.g. ``h264``).
        width: Stored width in pixels.
        height: Stored height in pixels.
        sar: Sample (pixel) aspect ratio as ``"num:den"``.
        rotation: Clockwise display rotation in degrees (0, 90, 180 or 270).
        display_width: Width as shown, after pixel aspect ratio and rotation.
        display_height: Height as shown, after pixel aspect ratio and rotation.
        fps: Average frame rate.
        vfr: True if frame intervals vary (variable frame rate).
        pix_fmt: Pixel format (e.g. ``yuv420p``).
        bit_depth: Bits per sample of the first component.
    """

    codec: str
    width: int
    height: int
    sar: str
    rotation: int
    display_width: int
    display_height: int
    fps: float
    vfr: bool
    pix_fmt: str
    bit_depth: int


@dataclass(frozen=True)
class AudioInfo:
    """The first audio stream of a file."""

    codec: str
    sample_rate: int
    channels: int


@dataclass(frozen=True)
class MediaInfo:
    """What :func:`probe` found.

    Attributes:
        path: The probed file.
        container: Container format name as FFmpeg reports it.
        duration: Duration in seconds (0.0 if unknown and not measurable).
        size_bytes: File size.
        video: The first video stream, if any.
        audio: The first audio stream, if any.
        recorded: When the recording started, from the container's tags (phones and cameras
            write them; see :func:`recording_time`), None if the file carries no date.
    """

    path: str
    container: str
    duration: float
    size_bytes: int
    video: VideoInfo | None
    audio: AudioInfo | None
    recorded: datetime | None = None

    @property
    def has_video(self) -> bool:
        return self.video is not None

    @property
    def has_audio(self) -> bool:
        return self.audio is not None

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON-ready view (the keys ``machmal probe --json`` prints)."""
        v = self.video
        return {
            "path": self.path, "container": self.container,
            "duration": round(self.duration, 3), "size_bytes": self.size_bytes,
            "has_video": self.has_video, "has_audio": self.has_audio,
            "display_width": v.display_width if v else None,
            "display_height": v.display_height if v else None,
            "rotation": v.rotation if v else 0, "vfr": v.vfr if v else False,
            "recorded": self.recorded.isoformat() if self.recorded else None,
            "video": asdict(v) if v else None, "audio": asdict(self.audio) if self.audio else None,
        }


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Inspect a media file without modifying it.

    Args:
        path: The file to inspect.

    Returns:
        A :class:`MediaInfo`.

    Raises:
        MediaError: The file is missing, empty, unreadable or has no audio/video stream.
    """
    p = Path(path)
    if not p.is_file():
        raise MediaError("media.not_found", path=str(p))
    stat = p.stat()
    if stat.st_size == 0:
        raise MediaError("media.empty", path=str(p))
    return _probe(str(p), (os.path.abspath(p), stat.st_ino, stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=256)
def _probe(given: str, version: tuple[str, int, int, int]) -> MediaInfo:
    """:func:`probe` of one version of a file (its place, inode, size and time), once per
    process: a render asks for each take's facts from several steps (the cut, the analysis,
    the captions)."""
    import av

    p = Path(given)
    try:
        with av.open(str(p), metadata_errors="ignore") as container:
            return _inspect(container, p, version[2])
    except MediaError:
        raise
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError, OSError) as exc:
        # FFmpeg's own words (with errno and path) are for the log, not for the user
        LOG.info("cannot read %s: %s", p, exc)
        raise MediaError("media.unreadable", path=str(p)) from exc


def _inspect(container: Any, p: Path, size: int) -> MediaInfo:
    vstreams = [s for s in container.streams.video if s.codec_context.width]
    astreams = [s for s in container.streams.audio if s.codec_context.sample_rate]
    if not vstreams and not astreams:
        raise MediaError("media.no_streams", path=str(p))
    audio = None
    if astreams:
        cc = astreams[0].codec_context
        audio = AudioInfo(codec=cc.name, sample_rate=int(cc.sample_rate),
                          channels=int(cc.channels or 0))
    video = _video_info(container, vstreams[0]) if vstreams else None
    duration = _duration(container)
    return MediaInfo(path=str(p), container=container.format.name, duration=duration,
                     size_bytes=size, video=video, audio=audio,
                     recorded=recording_time(container.metadata,
                                             *(s.metadata for s in container.streams)))


# Tags that say when a recording was made, best first: Apple's local start time, the "date"
# QuickTime/Matroska writers add, then the container's and the streams' creation_time (UTC;
# iPhones write the end of the recording there).
_DATE_TAGS = ("com.apple.quicktime.creationdate", "date", "creation_time")
_EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)  # zero dates (1904, 1970) mean "unknown"


def recording_time(*tag_sets: dict[str, str]) -> datetime | None:
    """The recording time from container/stream tags (aware, UTC), None if none is usable.

    Args:
        tag_sets: Metadata dictionaries, the container's first, then the streams'.
    """
    for tag in _DATE_TAGS:
        for tags in tag_sets:
            value = _parse_date(tags.get(tag) or tags.get(tag.upper()) or "")
            if value is not None:
                return value
    return None


def _parse_date(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.strip().replace(" UTC", "Z"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    return value if value >= _EARLIEST else None


def _video_info(container: Any, stream: Any) -> VideoInfo:
    cc = stream.codec_context
    rotation = _rotation(container, stream)
    sar = stream.sample_aspect_ratio or Fraction(1, 1)
    if not sar or sar <= 0:
        sar = Fraction(1, 1)
    width, height = int(cc.width), int(cc.height)
    disp_w = int(round(width * float(sar)))
    disp_h = height
    if rotation in (90, 270):
        disp_w, disp_h = disp_h, disp_w
    intervals = _frame_intervals(container, stream)
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    fps = float(rate) if rate else 0.0
    if (not fps or fps > 1000) and intervals:
        fps = 1.0 / statistics.median(intervals)
    pix_fmt = cc.pix_fmt or (cc.format.name if cc.format else "unknown")
    return VideoInfo(codec=cc.name, width=width, height=height,
                     sar=f"{sar.numerator}:{sar.denominator}", rotation=rotation,
                     display_width=disp_w, display_height=disp_h, fps=round(fps, 3),
                     vfr=_is_vfr(intervals), pix_fmt=pix_fmt, bit_depth=_bit_depth(pix_fmt))


def _rotation(container: Any, stream: Any) -> int:
    """Clockwise display rotation from the first decoded frame's display matrix."""
    try:
        container.seek(0)
        frame = next(container.decode(stream), None)
    except Exception:  # undecodable first frame: treat as unrotated, decoding will tell later
        return 0
    ccw = getattr(frame, "rotation", 0) or 0  # FFmpeg reports counter-clockwise degrees
    return int(round(-ccw)) % 360


def _frame_intervals(container: Any, stream: Any) -> list[float]:
    """Seconds between the first few hundred video frames (demux only, no decoding)."""
    try:
        container.seek(0)
        pts = []
        for packet in container.demux(stream):
            if packet.pts is not None:
                pts.append(packet.pts)
            if len(pts) >= _VFR_SAMPLE_PACKETS:
                break
    except Exception:
        return []
    pts.sort()
    tb = float(stream.time_base)
    return [(b - a) * tb for a, b in zip(pts, pts[1:]) if b > a]


def _is_vfr(intervals: list[float]) -> bool:
    if len(intervals) < 3:
        return False
    med = statistics.median(intervals)
    irregular = sum(1 for d in intervals if abs(d - med) > _VFR_TOLERANCE * med)
    return irregular / len(intervals) > _VFR_SHARE


def _duration(container: Any) -> float:
    """Container duration, else the longest stream, else the last packet time."""
    if container.duration and container.duration > 0:
        return container.duration / 1_000_000
    best = 0.0
    for s in container.streams:
        if s.duration and s.time_base:
            best = max(best, float(s.duration * s.time_base))
    if best > 0:
        return best
    try:
        container.seek(0)
        for packet in container.demux():
            if packet.pts is not None and packet.time_base:
                end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                best = max(best, end)
    except Exception:
        pass
    return best


def _bit_depth(pix_fmt: str) -> int:
    try:
        import av

        return int(av.VideoFormat(pix_fmt).components[0].bits)
    except Exception:
        return 8


def is_finite_positive(x: float) -> bool:
    """True for a finite number above zero."""
    return math.isfinite(x) and x > 0
