"""Every platform number in one place: :class:`Preset` per platform, looked up by id.

Platforms change their limits often; a change here is the only edit needed. Values come from
``shared/design/REFERENCE.md``; where a platform publishes nothing, the value practitioners use is
taken and marked *practice* in :attr:`Preset.notes`.

All delivery files share the same container rules: H.264 High, yuv420p, closed GOP of 2 s,
AAC-LC 48 kHz, MP4 with the moov atom in front (``+faststart``), no edit list, constant frame rate.
The encoder settings (x264 preset and CRF) are recorded here too, because the check report states
them next to the results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from toolkit.errors import PresetViolation, UserInputError
from toolkit.messages import register

register({
    "export.no_platform": (
        "Keine Plattform angegeben. Gültig sind: {valid}.",
        "No platform given. Valid ids: {valid}.",
    ),
    "presets.unknown": (
        "Unbekannte Plattform „{name}“. Gültig sind: {valid}.",
        "Unknown platform '{name}'. Valid ids: {valid}.",
    ),
    "presets.too_long": (
        "{path}: Das Video ist {duration:.1f} s lang, {platform} erlaubt höchstens {limit:.0f} s. "
        "Bitte auf höchstens {limit:.0f} s kürzen (z. B. --end {end_hint}) oder eine andere "
        "Plattform wählen ({alternatives}).",
        "{path}: the video is {duration:.1f} s long; {platform} accepts at most {limit:.0f} s. "
        "Please trim it to {limit:.0f} s or less (e.g. --end {end_hint}) or pick another "
        "platform ({alternatives}).",
    ),
    "presets.too_short": (
        "{path}: Das Video ist {duration:.1f} s lang, {platform} verlangt mindestens "
        "{limit:.0f} s. Bitte einen längeren Ausschnitt wählen oder eine andere Plattform "
        "({alternatives}).",
        "{path}: the video is {duration:.1f} s long; {platform} needs at least {limit:.0f} s. "
        "Please choose a longer section or another platform ({alternatives}).",
    ),
    "presets.unknown_aspect": (
        "Unbekanntes Seitenverhältnis „{aspect}“. Gültig sind: {valid}.",
        "Unknown aspect ratio '{aspect}'. Valid: {valid}.",
    ),
})

GB: Final = 1024 ** 3
MIN: Final = 60.0
AUDIO_RATE: Final = 48_000


@dataclass(frozen=True)
class VideoSettings:
    """x264 settings of a delivery file.

    Attributes:
        codec: ffmpeg encoder name.
        profile: H.264 profile.
        pix_fmt: Pixel format.
        preset: x264 speed preset (veryfast: ~2x faster than medium at ~5 % more bits).
        crf: Constant rate factor (lower is better quality, bigger file).
        maxrate_kbps: VBV cap on the video bitrate (kbit/s); at most the platform limit.
        bufsize_kbps: VBV buffer size (kbit/s).
        gop_seconds: Key-frame interval in seconds (closed GOP).
    """

    codec: str = "libx264"
    profile: str = "high"
    pix_fmt: str = "yuv420p"
    preset: str = "veryfast"
    crf: int = 21
    maxrate_kbps: int = 12_000
    bufsize_kbps: int = 24_000
    gop_seconds: float = 2.0

    def output_args(self, fps: float) -> dict[str, Any]:
        """ffmpeg-python output keyword arguments for this encoder at ``fps``."""
        gop = max(1, round(self.gop_seconds * fps))
        return {
            "c:v": self.codec, "profile:v": self.profile, "pix_fmt": self.pix_fmt,
            "preset": self.preset, "crf": self.crf, "maxrate": f"{self.maxrate_kbps}k",
            "bufsize": f"{self.bufsize_kbps}k", "g": gop, "flags:v": "+cgop",
            "fps_mode": "cfr",
        }


@dataclass(frozen=True)
class AudioSettings:
    """AAC settings of a delivery file."""

    codec: str = "aac"
    profile: str = "aac_low"
    sample_rate: int = AUDIO_RATE
    channels: int = 2
    bitrate_kbps: int = 128

    def output_args(self) -> dict[str, Any]:
        """ffmpeg-python output keyword arguments for this encoder."""
        return {"c:a": self.codec, "profile:a": self.profile, "ar": self.sample_rate,
                "ac": self.channels, "b:a": f"{self.bitrate_kbps}k"}


CONTAINER_ARGS: Final[dict[str, Any]] = {
    "movflags": "+faststart+negative_cts_offsets", "use_editlist": 0, "map_metadata": -1,
    "map_chapters": -1,
}
"""MP4 muxer options of every delivery file.

``faststart`` puts the moov atom first. Without an edit list (platforms ask for none) the B-frame
delay would start the video 2 frames after the audio; negative composition offsets (ctts v1)
let it start at 0 instead. Metadata such as GPS tags from phones is dropped.
"""


@dataclass(frozen=True)
class SafeZone:
    """Bands of the frame that the platform's UI covers, in pixels of the preset's frame."""

    top: int = 0
    bottom: int = 0
    left: int = 0
    right: int = 0

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The free area as ``(x0, y0, x1, y1)`` on a ``width`` x ``height`` frame."""
        return (self.left, self.top, width - self.right, height - self.bottom)

    def scaled(self, factor: float) -> SafeZone:
        """The same zone on a frame scaled by ``factor``."""
        return SafeZone(*(round(v * factor) for v in dataclasses.astuple(self)))


@dataclass(frozen=True)
class Preset:
    """What one platform accepts.

    Attributes:
        id: Short id used in the CLI and as output file name (``reels`` -> ``reels.mp4``).
        name: Human-readable name.
        width: Output width in pixels.
        height: Output height in pixels.
        fps_min: Lowest accepted frame rate (slower sources are raised to it).
        fps_max: Highest accepted frame rate (faster sources are lowered to it).
        min_duration: Shortest accepted length in seconds.
        max_duration: Longest accepted length in seconds (None: no practical limit).
        max_file_bytes: Largest accepted file.
        max_video_kbps: Platform limit of the video bitrate (None: not published).
        video: x264 settings.
        audio: AAC settings.
        safe_zone: Bands covered by the platform UI.
        notes: Where the numbers come from.
    """

    id: str
    name: str
    width: int
    height: int
    fps_min: float
    fps_max: float
    min_duration: float
    max_duration: float | None
    max_file_bytes: int
    max_video_kbps: int | None = None
    video: VideoSettings = field(default_factory=VideoSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    safe_zone: SafeZone = field(default_factory=SafeZone)
    notes: str = ""

    @property
    def aspect(self) -> str:
        """Aspect ratio as ``"w:h"`` (e.g. ``"9:16"``)."""
        return aspect_of(self.width, self.height)

    def scaled(self, width: int) -> Preset:
        """A copy at a smaller ``width`` (same aspect; for tests and previews)."""
        factor = width / self.width
        height = int(round(self.height * factor / 2)) * 2
        return dataclasses.replace(self, width=width, height=height,
                                   safe_zone=self.safe_zone.scaled(factor))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view (used by ``machmal presets --json`` and the check report)."""
        data = dataclasses.asdict(self)
        data["aspect"] = self.aspect
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset:
        """The preset :meth:`to_dict` described (a render plan keeps its presets this way)."""
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in fields}
        return cls(**{**values, "video": VideoSettings(**data.get("video", {})),
                      "audio": AudioSettings(**data.get("audio", {})),
                      "safe_zone": SafeZone(**data.get("safe_zone", {}))})


def aspect_of(width: int, height: int) -> str:
    """Reduce ``width:height`` to the nearest common aspect name (``1080x1350`` -> ``4:5``)."""
    ratio = width / height
    best = min(ASPECT_SIZES, key=lambda a: abs(_ratio(a) - ratio))
    return best if abs(_ratio(best) - ratio) < 0.01 else f"{width}:{height}"


def _ratio(aspect: str) -> float:
    w, h = aspect.split(":")
    return int(w) / int(h)


ASPECT_SIZES: Final[dict[str, tuple[int, int]]] = {
    "9:16": (1080, 1920), "1:1": (1080, 1080), "4:5": (1080, 1350), "16:9": (1920, 1080),
}
"""Delivery size per aspect ratio (used by ``reformat`` without a platform)."""

_REELS_ZONE = SafeZone(top=270, bottom=670, left=65, right=65)
_STORY_ZONE = SafeZone(top=270, bottom=385)
_TIKTOK_ZONE = SafeZone(top=250, bottom=460, right=180)
_SHORTS_ZONE = SafeZone(top=150, bottom=300, right=120)

CAPTION_BOX_9X16: Final = (65, 960, 900, 1240)
"""A caption box (x0, y0, x1, y1) on 1080x1920 that clears every platform's UI (practice)."""

_PRACTICE = "Plattform veröffentlicht keine Grenze; Praxiswert."

PRESETS: Final[dict[str, Preset]] = {p.id: p for p in (
    Preset("reels", "Instagram Reels", 1080, 1920, 23, 60, 3, 15 * MIN, 4 * GB,
           max_video_kbps=25_000, safe_zone=_REELS_ZONE,
           notes="Video <= 25 Mbit/s, Ton 128 kbit/s; Dateigröße und Safe Zone: " + _PRACTICE),
    Preset("ig-feed-4x5", "Instagram Feed 4:5", 1080, 1350, 23, 60, 3, 15 * MIN, 4 * GB,
           max_video_kbps=25_000, notes="Dateigröße: " + _PRACTICE),
    Preset("ig-feed-1x1", "Instagram Feed 1:1", 1080, 1080, 23, 60, 3, 15 * MIN, 4 * GB,
           max_video_kbps=25_000, notes="Dateigröße: " + _PRACTICE),
    Preset("story", "Instagram/Facebook Story", 1080, 1920, 23, 60, 1, 60, 4 * GB,
           safe_zone=_STORY_ZONE,
           notes="Höchstens 60 s je Story-Segment; längere Videos teilen. " + _PRACTICE),
    Preset("tiktok", "TikTok", 1080, 1920, 23, 60, 3, 10 * MIN, 4 * GB,
           safe_zone=_TIKTOK_ZONE, notes="Datei <= 4 GB (Upload-API); Safe Zone: " + _PRACTICE),
    Preset("shorts", "YouTube Shorts", 1080, 1920, 24, 60, 1, 3 * MIN, 256 * GB,
           safe_zone=_SHORTS_ZONE, notes="Bildrate wie Quelle; Safe Zone: " + _PRACTICE),
    Preset("youtube", "YouTube", 1920, 1080, 24, 60, 1, 12 * 60 * MIN, 256 * GB,
           audio=AudioSettings(bitrate_kbps=192),
           notes="1080p: ~8 Mbit/s bis 30 fps, ~12 Mbit/s bei 60 fps; Bildrate wie Quelle."),
    Preset("linkedin", "LinkedIn", 1920, 1080, 10, 60, 3, 10 * MIN, 5 * GB,
           notes="Auch 1:1 und 4:5 erlaubt; Datei <= 5 GB."),
    Preset("fb-reels", "Facebook Reels", 1080, 1920, 24, 60, 3, 90, 4 * GB,
           safe_zone=_REELS_ZONE, notes="3-90 s; Dateigröße und Safe Zone: " + _PRACTICE),
    Preset("fb-feed", "Facebook Feed 4:5", 1080, 1350, 23, 60, 1, 240 * MIN, 10 * GB,
           notes="Auch 1:1; Länge und Dateigröße: " + _PRACTICE),
)}

DEFAULT_VIDEO: Final = VideoSettings()
DEFAULT_AUDIO: Final = AudioSettings()


def get_preset(name: str) -> Preset:
    """Look up a platform preset by id (case-insensitive).

    Raises:
        UserInputError: ``presets.unknown`` listing the valid ids.
    """
    key = name.strip().lower()
    try:
        return PRESETS[key]
    except KeyError:
        raise UserInputError("presets.unknown", name=name,
                             valid=", ".join(PRESETS)) from None


def parse_platforms(text: str) -> list[Preset]:
    """Parse a comma-separated list of ids (``"reels,tiktok"``), keeping order, no duplicates."""
    seen: dict[str, Preset] = {}
    for part in text.split(","):
        if part.strip():
            preset = get_preset(part)
            seen.setdefault(preset.id, preset)
    if not seen:
        raise UserInputError("presets.unknown", name=text, valid=", ".join(PRESETS))
    return list(seen.values())


def resolve_presets(platforms: Sequence[str | Preset] | str) -> list[Preset]:
    """Presets from ids or :class:`Preset` objects (order kept, duplicates dropped)."""
    if isinstance(platforms, str):
        platforms = [p for p in platforms.split(",") if p.strip()]
    found: dict[str, Preset] = {}
    for p in platforms:
        preset = p if isinstance(p, Preset) else get_preset(p)
        found.setdefault(preset.id, preset)
    if not found:
        raise UserInputError("export.no_platform", valid=", ".join(PRESETS))
    return list(found.values())


def aspect_size(aspect: str) -> tuple[int, int]:
    """Delivery size for an aspect ratio name (``"9:16"`` -> ``(1080, 1920)``).

    Raises:
        UserInputError: ``presets.unknown_aspect``.
    """
    key = aspect.strip().replace("x", ":").replace("/", ":")
    if key not in ASPECT_SIZES:
        raise UserInputError("presets.unknown_aspect", aspect=aspect,
                             valid=", ".join(ASPECT_SIZES))
    return ASPECT_SIZES[key]


def check_durations(path: Path, presets: Sequence[Preset], duration: float,
                    start: float = 0.0) -> None:
    """Refuse a length any preset rejects, naming the fix (run before encoding).

    Args:
        path: The source (named in the message).
        presets: The platforms asked for.
        duration: Length of the section to export.
        start: Where that section starts (for the suggested ``--end``).

    Raises:
        PresetViolation: ``presets.too_long`` or ``presets.too_short``.
    """
    for p in presets:
        if p.max_duration is not None and duration > p.max_duration + 1e-3:
            raise PresetViolation("presets.too_long", path=str(path), duration=duration,
                                  platform=p.name, limit=p.max_duration,
                                  end_hint=f"{start + p.max_duration:g}",
                                  alternatives=_alternatives(duration))
        if duration < p.min_duration - 1e-3:
            raise PresetViolation("presets.too_short", path=str(path), duration=duration,
                                  platform=p.name, limit=p.min_duration,
                                  alternatives=_alternatives(duration))


def _alternatives(duration: float) -> str:
    ok = [p.id for p in PRESETS.values() if p.min_duration <= duration
          and (p.max_duration is None or duration <= p.max_duration)]
    return ", ".join(ok) or "-"


def preset_rate(preset: Preset, rate: Fraction) -> Fraction:
    """Fit a source frame rate into the preset's range (halving 100/120 fps to 50/60)."""
    if rate > preset.fps_max:
        half = rate / 2
        return half if preset.fps_min <= half <= preset.fps_max else Fraction(preset.fps_max)
    if rate < preset.fps_min:
        return next(Fraction(r) for r in (24, 25, 30, 60) if r >= preset.fps_min)
    return rate
