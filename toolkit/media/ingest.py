"""Ingest: turn a phone clip into a working file that is safe to edit.

What a phone file can get wrong, and what ingest does about it (one ffmpeg pass, the original is
never touched; the output is written atomically by the runner):

* **rotation** stored as metadata: ffmpeg's autorotation turns the pixels upright and the output
  carries no rotation (``-noautorotate`` plus explicit ``transpose`` would keep the display matrix
  on the output and rotate twice in players);
* **non-square pixels**: scaled to the display size, then ``setsar=1``;
* **odd sizes**: rounded down to even (x264/yuv420p need even sizes), at least 2x2;
* **variable frame rate**: converted to a constant standard rate with the ``fps`` filter (see
  :func:`target_fps`: a standard rate stays, anything else goes up to 25/30/50/60, at most 60
  as platforms accept 23-60 fps). Audio keeps sync through ``aresample=async=1:first_pts=0``;
* **audio** at 48 kHz AAC (more than two channels are mixed down to stereo); it is padded or cut to
  the video's end (``apad`` + ``-shortest``) so both streams end within one frame.

Decisions on unusual inputs:

* audio-only input -> an audio-only working file (AAC 48 kHz in the MP4/M4A container of OUT);
* video-only input -> a video-only working file (no silent track is invented: "no sound recorded"
  stays visible to later checks; the export adds silence where a platform needs it);
* a file whose decoding breaks part-way (truncated upload) -> the decodable part is kept and the
  result carries the warning ``ingest.truncated``;
* empty, unreadable or zero-length files -> :class:`~toolkit.errors.MediaError` from probe or
  ``media.no_content``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import ffmpeg

from toolkit.errors import MediaError, UserInputError
from toolkit.media import runner
from toolkit.media.encode import AUDIO_RATE, work_output_args
from toolkit.media.probe import MediaInfo, probe
from toolkit.messages import register, t

register({
    "ingest.same_file": (
        "{path}: Ein- und Ausgabedatei sind gleich. Das Original wird nie überschrieben; "
        "bitte einen anderen Ausgabenamen wählen.",
        "{path}: input and output are the same file. The original is never overwritten; "
        "please choose another output name.",
    ),
    "ingest.bad_suffix": (
        "{path}: Arbeitsdateien werden als .mp4, .m4a oder .mov geschrieben. "
        "Bitte eine dieser Endungen verwenden.",
        "{path}: working files are written as .mp4, .m4a or .mov. Please use one of these "
        "extensions.",
    ),
    "ingest.no_output_dir": (
        "{path}: Der Zielordner existiert nicht. Bitte zuerst den Ordner anlegen.",
        "{path}: the output folder does not exist. Please create it first.",
    ),
    "ingest.truncated": (
        "{path}: Die Datei ist unvollständig; nur {got:.1f} von {expected:.1f} s ließen sich "
        "lesen und wurden übernommen. Bitte die Aufnahme erneut vom Handy kopieren.",
        "{path}: the file is incomplete; only {got:.1f} of {expected:.1f} s could be read and "
        "were kept. Please copy the recording from the phone again.",
    ),
    "ingest.nothing_decoded": (
        "{path}: Aus der Datei ließ sich nichts dekodieren. Sie ist vermutlich beschädigt; "
        "bitte die Originaldatei erneut kopieren.",
        "{path}: nothing could be decoded from the file. It is probably damaged; please copy "
        "the original again.",
    ),
})

STANDARD_RATES: tuple[Fraction, ...] = (
    Fraction(24000, 1001), Fraction(24), Fraction(25), Fraction(30000, 1001), Fraction(30),
    Fraction(48), Fraction(50), Fraction(60000, 1001), Fraction(60),
)
UPWARD_RATES: tuple[Fraction, ...] = (Fraction(25), Fraction(30), Fraction(50), Fraction(60))
WORK_SUFFIXES = (".mp4", ".m4a", ".mov")
_RATE_TOLERANCE = 0.005  # a source 0.5 % below a standard rate counts as that rate


@dataclass(frozen=True)
class Note:
    """A warning attached to a result: a message key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        """The warning text in ``lang`` (default: the active language)."""
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class IngestPlan:
    """What ingest will do to one file (pure data, from :func:`plan_ingest`).

    Attributes:
        width: Output width (even), or 0 without video.
        height: Output height (even), or 0 without video.
        fps: Constant output frame rate, or None without video.
        has_video: Write a video stream.
        has_audio: Write an audio stream.
        downmix: Mix more than two channels down to stereo.
        fixed: Short codes of what differs from the source (rotation, sar, odd_size, vfr, fps,
            audio_rate).
    """

    width: int
    height: int
    fps: Fraction | None
    has_video: bool
    has_audio: bool
    downmix: bool
    fixed: tuple[str, ...]


@dataclass(frozen=True)
class IngestResult:
    """Result of :func:`ingest`: the working file, before/after probes, what was fixed."""

    path: Path
    before: MediaInfo
    after: MediaInfo
    fixed: tuple[str, ...]
    warnings: tuple[Note, ...] = ()


def target_fps(average: float) -> Fraction:
    """The constant output rate for a source whose average rate is ``average``.

    A source already at a standard rate (within 0.5 %) keeps it, NTSC rates included. Anything
    else goes up to the next of 25/30/50/60 (25 is the local video standard in Germany; 60 is the
    most platforms accept), never down below the average. Unknown rates become 30.
    """
    if not average or average <= 0:
        return Fraction(30)
    nearest = min(STANDARD_RATES, key=lambda r: abs(float(r) - average))
    if abs(float(nearest) - average) <= _RATE_TOLERANCE * average:
        return nearest
    for rate in UPWARD_RATES:
        if float(rate) >= average:
            return rate
    return UPWARD_RATES[-1]


def _even(n: int) -> int:
    return max(2, n - n % 2)


def plan_ingest(info: MediaInfo) -> IngestPlan:
    """Decide what to fix in a probed file (no I/O)."""
    fixed: list[str] = []
    v, a = info.video, info.audio
    width = height = 0
    fps = None
    if v is not None:
        width, height = _even(v.display_width), _even(v.display_height)
        if v.rotation:
            fixed.append("rotation")
        if v.sar not in ("1:1", "0:1"):
            fixed.append("sar")
        if (width, height) != (v.display_width, v.display_height):
            fixed.append("odd_size")
        fps = target_fps(v.fps)
        if v.vfr:
            fixed.append("vfr")
        elif abs(float(fps) - v.fps) > 0.01:
            fixed.append("fps")
    downmix = bool(a and a.channels > 2)
    if a is not None and (a.sample_rate != AUDIO_RATE or downmix):
        fixed.append("audio_rate")
    return IngestPlan(width=width, height=height, fps=fps, has_video=v is not None,
                      has_audio=a is not None, downmix=downmix, fixed=tuple(fixed))


def build_ingest_graph(src: str | Path, out: str | Path, plan: IngestPlan) -> Any:
    """The ffmpeg-python graph for ``plan`` (testable without running ffmpeg)."""
    inp = ffmpeg.input(str(src))
    streams = []
    if plan.has_video:
        video = (inp.video.filter("fps", fps=str(plan.fps))
                 .filter("scale", plan.width, plan.height)
                 .filter("setsar", 1)
                 .filter("format", "yuv420p"))
        streams.append(video)
    if plan.has_audio:
        audio = inp.audio.filter("aresample", AUDIO_RATE, **{"async": 1, "first_pts": 0})
        if plan.downmix:
            audio = audio.filter("aformat", channel_layouts="stereo")
        if plan.has_video:
            audio = audio.filter("apad")  # with -shortest: audio ends where the video ends
        streams.append(audio)
    kwargs = work_output_args(plan.has_video, plan.has_audio)
    if plan.has_video and plan.has_audio:
        kwargs["shortest"] = None
    return ffmpeg.output(*streams, str(out), **kwargs)


def check_paths(src: str | Path, out: str | Path) -> None:
    """Refuse to overwrite the input, unknown extensions and missing output folders.

    Raises:
        UserInputError: ``ingest.same_file``, ``ingest.bad_suffix`` or ``ingest.no_output_dir``.
    """
    src_p, out_p = Path(src), Path(out)
    if out_p.resolve() == src_p.resolve() or (
            out_p.exists() and src_p.exists() and out_p.samefile(src_p)):
        raise UserInputError("ingest.same_file", path=str(out_p))
    if out_p.suffix.lower() not in WORK_SUFFIXES:
        raise UserInputError("ingest.bad_suffix", path=str(out_p))
    if not out_p.parent.is_dir():
        raise UserInputError("ingest.no_output_dir", path=str(out_p))


def ingest(src: str | Path, out: str | Path, *, progress: Callable[[float], None] | None = None,
           cancel: threading.Event | None = None, timeout: float | None = None
           ) -> IngestResult:
    """Make ``src`` safe to edit and write it to ``out`` (MP4/M4A/MOV).

    Args:
        src: The original clip (never modified).
        out: The working file to write.
        progress: Called with a fraction 0..1.
        cancel: Set to stop; nothing is left behind.
        timeout: Seconds before ffmpeg is stopped (default: generous, from the duration).

    Returns:
        The :class:`IngestResult`.

    Raises:
        UserInputError: Output equals input, bad extension, missing folder.
        MediaError: Missing, empty, unreadable or zero-length input; nothing decodable.
        FFmpegError: ffmpeg failed or timed out.
    """
    check_paths(src, out)
    before = probe(src)
    if before.duration <= 0:
        raise MediaError("media.no_content", path=str(src))
    plan = plan_ingest(before)
    graph = build_ingest_graph(src, out, plan)
    budget = timeout if timeout is not None else 120.0 + 6.0 * before.duration
    runner.run(graph, outputs=[out], duration=before.duration, progress=progress,
               cancel=cancel, timeout=budget, target=Path(src).name)
    try:
        after = probe(out)
    except MediaError:
        Path(out).unlink(missing_ok=True)
        raise MediaError("ingest.nothing_decoded", path=str(src)) from None
    warnings = []
    if after.duration < before.duration - max(0.5, 0.1 * before.duration):
        warnings.append(Note("ingest.truncated", {"path": str(src), "got": after.duration,
                                                  "expected": before.duration}))
    return IngestResult(path=Path(out), before=before, after=after, fixed=plan.fixed,
                        warnings=tuple(warnings))
