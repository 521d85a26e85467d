"""Loudness: measure (EBU R128) and normalise to a target with two-pass ``loudnorm``.

Why not plain two-pass ``loudnorm``: on peaky speech the linear gain needed to reach the target
would push the true peak over the limit, so ``loudnorm`` silently falls back to its dynamic mode
and misses the target by 2-3 LU (see ``REFERENCE.md``). Here a *peak-control stage* runs first:

1. pass 0 measures the raw integrated loudness and computes a pre-gain towards the target;
2. the chain ``aresample=192000 -> volume(pre-gain) -> alimiter(ceiling)`` brings the level near
   the target while a look-ahead limiter holds peaks at ``ceiling = tp - 1.5 dB``; running the
   limiter at 192 kHz makes its sample peaks close to true peaks;
3. pass 1 measures *after* that stage. It uses ``ebur128`` (same BS.1770 meter) rather than
   ``loudnorm print_format=json``: in its analysis (dynamic) mode loudnorm leaves the last
   partial 3 s window out of its figures (measured here: -32.4 instead of -31.7 LUFS on a
   12 s clip), and linear mode then misses the target by that error;
4. pass 2 (:func:`apply_norm`, used by export in its own single pass) appends the same stage plus
   ``loudnorm linear=true`` with the measured values and ``aresample=48000``. The small residual
   gain is then linear, and ``normalization_type`` in pass 2's output says so.

If the limiter eats more loudness than the headroom allows, the pre-gain is raised (a secant
step) and pass 1 repeated, at most four times. The result is verified with ``ebur128``
(:func:`measure_loudness`).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import ffmpeg

from toolkit.errors import MediaError, UserInputError
from toolkit.media import runner
from toolkit.media.encode import AUDIO_RATE, MP4_FLAGS, WORK_AUDIO
from toolkit.media.ingest import check_paths
from toolkit.media.probe import MediaInfo, probe
from toolkit.messages import register, t

register({
    "loudness.bad_target": (
        "„{text}“ ist kein Lautheitsziel. Erlaubt: social (-14 LUFS), broadcast (-23 LUFS) "
        "oder eine Zahl zwischen -70 und -5 (LUFS), z. B. -16.",
        "'{text}' is not a loudness target. Use social (-14 LUFS), broadcast (-23 LUFS) or a "
        "number between -70 and -5 (LUFS), e.g. -16.",
    ),
    "loudness.no_audio": (
        "{path}: Die Datei hat keine Tonspur; die Lautheit kann nicht angepasst werden.",
        "{path}: the file has no audio track, so its loudness cannot be adjusted.",
    ),
    "loudness.silent": (
        "{path}: Die Tonspur ist (fast) stumm ({lufs} LUFS); es gibt nichts anzugleichen. "
        "Bitte prüfen, ob beim Filmen das Mikrofon an war.",
        "{path}: the audio track is (almost) silent ({lufs} LUFS); there is nothing to "
        "normalise. Please check that the microphone was on while filming.",
    ),
    "loudness.missed": (
        "Achtung: {path} liegt bei {got:.1f} LUFS / {peak:.1f} dBTP statt {want:.1f} LUFS / "
        "höchstens {tp:.1f} dBTP. Die Aufnahme besteht fast nur aus Spitzen (z. B. Klicks); "
        "bitte anhören.",
        "Warning: {path} measures {got:.1f} LUFS / {peak:.1f} dBTP instead of {want:.1f} LUFS / "
        "at most {tp:.1f} dBTP. The recording is almost all peaks (e.g. clicks); please listen "
        "to it.",
    ),
    "loudness.no_stats": (
        "{path}: ffmpeg hat keine Lautheitswerte geliefert. Die Tonspur ist vermutlich "
        "beschädigt; bitte die Originaldatei erneut exportieren.",
        "{path}: ffmpeg reported no loudness values. The audio track is probably damaged; "
        "please export the original again.",
    ),
})

SILENT_LUFS = -60.0          # below this the audio counts as silent
HEADROOM_DB = 1.5            # limiter ceiling below the true-peak target
_AAC_MARGIN_DB = 0.5         # peak after the final linear gain stays this far below the target
_MAX_PASSES = 4
_MAX_GAIN_DB = 60.0
_MAX_PUSH_DB = 10.0          # extra pre-gain into the limiter beyond the plain estimate
_LIMITER_RATE = 192_000
_MAX_LRA = 50.0              # loudnorm's upper bound for its LRA option


@dataclass(frozen=True)
class LoudnessTarget:
    """A loudness goal: integrated loudness (LUFS), true peak (dBTP), loudness range (LU)."""

    i: float
    tp: float
    lra: float = 11.0


TARGETS: dict[str, LoudnessTarget] = {
    "social": LoudnessTarget(-14.0, -1.0),
    "broadcast": LoudnessTarget(-23.0, -1.0),
}


@dataclass(frozen=True)
class Loudness:
    """Measured loudness: integrated (LUFS), true peak (dBTP), loudness range (LU)."""

    integrated: float
    true_peak: float
    lra: float


@dataclass(frozen=True)
class LoudnormStats:
    """What pass 1 measured, plus the peak-control settings that pass 2 must repeat.

    Attributes:
        input_i: Integrated loudness after the peak-control stage (LUFS).
        input_tp: True peak after the peak-control stage (dBTP).
        input_lra: Loudness range after the peak-control stage (LU).
        input_thresh: Gating threshold after the peak-control stage (LUFS).
        target_offset: loudnorm's suggested offset (LU).
        pre_gain_db: Gain applied before the limiter.
        ceiling_db: Limiter ceiling (dBFS at 192 kHz).
        raw_i: Integrated loudness of the untouched input (LUFS).
        raw_tp: True peak of the untouched input (dBTP).
        silent: True if the input is (almost) silent; then nothing is changed.
        trim_db: Extra final gain (<= 0) after a render showed codec overshoot of the peak.
    """

    input_i: float
    input_tp: float
    input_lra: float
    input_thresh: float
    target_offset: float
    pre_gain_db: float
    ceiling_db: float
    raw_i: float
    raw_tp: float
    silent: bool = False
    trim_db: float = 0.0

    @property
    def limited(self) -> bool:
        """True if the limiter had to reduce peaks."""
        return not self.silent and self.raw_tp + self.pre_gain_db > self.ceiling_db

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (infinite values become None)."""
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoudnormStats:
        """Inverse of :meth:`to_dict`."""
        vals = {k: (-math.inf if v is None else v) for k, v in data.items()}
        return cls(**vals)


@dataclass(frozen=True)
class NormalizeReport:
    """Result of :func:`normalize`: the measured outcome against the target."""

    path: Path
    target: LoudnessTarget
    before: Loudness
    after: Loudness
    stats: LoudnormStats
    normalization_type: str

    @property
    def ok(self) -> bool:
        """Integrated loudness within ±1 LU of the target and true peak at most the target."""
        return (abs(self.after.integrated - self.target.i) <= 1.0
                and self.after.true_peak <= self.target.tp + 0.05)

    def warning(self, lang: str | None = None) -> str | None:
        """A user-facing warning if the target was missed, else None."""
        if self.ok:
            return None
        return t("loudness.missed", lang, path=str(self.path), got=self.after.integrated,
                 peak=self.after.true_peak, want=self.target.i, tp=self.target.tp)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (what ``machmal loudnorm --json`` prints)."""
        return {"path": str(self.path), "target": asdict(self.target),
                "before": asdict(self.before), "after": asdict(self.after),
                "normalization_type": self.normalization_type, "ok": self.ok,
                "limited": self.stats.limited, "stats": self.stats.to_dict()}


def parse_target(text: str) -> LoudnessTarget:
    """Turn ``social``, ``broadcast`` or a LUFS number (``-16``) into a target.

    Raises:
        UserInputError: ``loudness.bad_target`` for anything else.
    """
    key = str(text).strip().lower()
    if key in TARGETS:
        return TARGETS[key]
    try:
        value = float(key.replace(",", ".").removesuffix("lufs").strip())
    except ValueError:
        raise UserInputError("loudness.bad_target", text=text) from None
    if not math.isfinite(value) or not -70.0 <= value <= -5.0:
        raise UserInputError("loudness.bad_target", text=text)
    return LoudnessTarget(i=value, tp=TARGETS["social"].tp)


def peak_control(audio: Any, pre_gain_db: float, ceiling_db: float) -> Any:
    """Append the peak-control stage: 192 kHz, pre-gain, look-ahead limiter (delay-compensated)."""
    limit = min(1.0, max(0.0625, 10 ** (ceiling_db / 20)))
    return (audio.filter("aresample", _LIMITER_RATE)
            .filter("volume", f"{pre_gain_db:.3f}dB")
            .filter("alimiter", limit=f"{limit:.6f}", attack=5, release=100, level=0,
                    latency=1))


def apply_norm(audio: Any, stats: LoudnormStats, target: LoudnessTarget) -> Any:
    """Append peak control, linear ``loudnorm`` and ``aresample=48000`` to an audio node.

    Args:
        audio: An ffmpeg-python audio stream (e.g. ``ffmpeg.input(p).audio``, or after trims).
        stats: From :func:`measure_for_norm` on the same audio.
        target: The same target that was measured for.

    Returns:
        The new audio node (48 kHz). Silent input only gets resampled.
    """
    if stats.silent:
        return audio.filter("aresample", AUDIO_RATE)
    node = peak_control(audio, stats.pre_gain_db, stats.ceiling_db)
    node = node.filter("loudnorm", **_loudnorm_args(target, stats), print_format="json")
    return node.filter("aresample", AUDIO_RATE)


def _loudnorm_args(target: LoudnessTarget, stats: LoudnormStats) -> dict[str, str]:
    # loudnorm refuses linear mode when measured LRA is 0 (steady tones, very short clips) or
    # above the LRA target; the LRA target has no other effect in linear mode.
    lra_meas = max(stats.input_lra, 0.1)
    lra = min(_MAX_LRA, max(target.lra, math.ceil(lra_meas + 1)))
    return {
        "i": f"{reachable_i(stats, target):.2f}", "tp": f"{target.tp:.2f}", "lra": f"{lra:.1f}",
        "measured_i": f"{stats.input_i:.2f}", "measured_tp": f"{stats.input_tp:.2f}",
        "measured_lra": f"{lra_meas:.2f}", "measured_thresh": f"{stats.input_thresh:.2f}",
        "offset": f"{stats.target_offset:.2f}", "linear": "true",
    }


def reachable_i(stats: LoudnormStats, target: LoudnessTarget) -> float:
    """The loudness the final linear gain aims at: the target, unless that would break the
    true-peak limit (signals that are nearly all peak, e.g. clicks); then the loudest level that
    keeps the peak ``_AAC_MARGIN_DB`` below it. Reports then show the miss honestly."""
    peak_room = target.tp - _AAC_MARGIN_DB - stats.input_tp
    return max(-70.0, min(target.i, stats.input_i + peak_room) + stats.trim_db)


def measure_for_norm(src: str | Path, target: LoudnessTarget, *, start: float | None = None,
                     end: float | None = None, timeout: float | None = None,
                     prepare: Callable[[Any], Any] | None = None,
                     raw: Loudness | None = None,
                     source: Callable[[], Any] | None = None,
                     cancel: threading.Event | None = None) -> LoudnormStats:
    """Pass 1: measure ``src`` (optionally a section) after the peak-control stage.

    Args:
        src: Media file with an audio track.
        target: The loudness goal.
        start: Section start in seconds (None: file start).
        end: Section end in seconds (None: file end).
        timeout: Seconds per ffmpeg run.
        prepare: Optional function applied to the audio node first (e.g. the jump cuts export
            will render), so the measurement matches what is rendered.
        raw: The input's loudness if already measured (same section), to skip that pass.
        source: Builds the audio node to measure instead of reading ``src`` (an assembled
            timeline's sound from many files); ``src`` then only names it in messages.
        cancel: When set, the measuring ffmpeg is stopped.

    Returns:
        :class:`LoudnormStats` to pass to :func:`apply_norm`.

    Raises:
        MediaError: No audio track, or ffmpeg reports no values.
        Cancelled: ``cancel`` was set.
    """
    if source is None and not probe(src).has_audio:
        raise MediaError("loudness.no_audio", path=str(src))

    def audio() -> Any:
        if source is not None:
            return source()
        kwargs = {k: v for k, v in (("ss", start), ("to", end)) if v is not None}
        node = ffmpeg.input(str(src), **kwargs).audio
        return prepare(node) if prepare else node

    raw = raw or _ebur128(audio(), src, timeout, cancel)
    ceiling = target.tp - HEADROOM_DB
    if not math.isfinite(raw.integrated) or raw.integrated < SILENT_LUFS:
        return LoudnormStats(raw.integrated, raw.true_peak, 0.0, -70.0, 0.0, 0.0, ceiling,
                             raw.integrated, raw.true_peak, silent=True)
    gain, prev = target.i - raw.integrated, (0.0, raw.integrated)
    max_gain = min(_MAX_GAIN_DB, gain + _MAX_PUSH_DB)
    for _ in range(_MAX_PASSES):
        m = _r128(peak_control(audio(), gain, ceiling), src, timeout, cancel)
        stats = LoudnormStats(m["i"], m["tp"], m["lra"], m["thresh"], target.i - m["i"],
                              round(gain, 3), ceiling, raw.integrated, raw.true_peak)
        residual = target.i - stats.input_i
        if (stats.input_tp + residual <= target.tp - _AAC_MARGIN_DB or residual <= 0
                or gain >= max_gain):
            break
        # The limiter ate loudness: push harder into it. Secant step on gain -> loudness.
        slope = (stats.input_i - prev[1]) / (gain - prev[0]) if gain != prev[0] else 1.0
        prev = (gain, stats.input_i)
        gain = min(max_gain, gain + residual / min(1.0, max(0.1, slope)))
    return stats


def measure_stream(audio: Any, name: str | Path, timeout: float | None = None,
                   cancel: threading.Event | None = None) -> Loudness:
    """Measure an ffmpeg-python audio node (e.g. an assembled mix); ``name`` names it in
    messages.

    Raises:
        MediaError: ffmpeg reports no loudness values.
        Cancelled: ``cancel`` was set.
    """
    return _ebur128(audio, name, timeout, cancel)


def _ebur128(audio: Any, src: str | Path, timeout: float | None,
             cancel: threading.Event | None = None) -> Loudness:
    m = _r128(audio, src, timeout, cancel)
    return Loudness(integrated=m["i"], true_peak=m["tp"], lra=m["lra"])


def _r128(audio: Any, src: str | Path, timeout: float | None,
          cancel: threading.Event | None = None) -> dict[str, float]:
    """Run ``ebur128`` (true peak) on an audio node; return i, tp, lra, thresh (an unchanged
    measurement comes from the cache, :mod:`toolkit.media.measure_cache`)."""
    from toolkit.media.measure_cache import cached_measurement

    graph = ffmpeg.output(audio.filter("ebur128", peak="true", framelog="quiet"), "-",
                          format="null")

    def measure() -> dict[str, float]:
        result = runner.run(graph, outputs=[], timeout=timeout, target=Path(src).name,
                            cancel=cancel)
        parsed = parse_ebur128_summary(result.stderr)
        if parsed is None:
            raise MediaError("loudness.no_stats", path=str(src))
        return parsed
    return cached_measurement(graph.get_args(), measure)


def parse_loudnorm_json(stderr: str) -> dict[str, str]:
    """Return the last JSON block ``loudnorm print_format=json`` wrote to stderr ({} if none)."""
    blocks = re.findall(r"\{[^{}]*\"input_i\"[^{}]*\}", stderr)
    if not blocks:
        return {}
    try:
        return {k: str(v) for k, v in json.loads(blocks[-1]).items()}
    except json.JSONDecodeError:
        return {}


def normalization_type(stderr: str) -> str | None:
    """``linear`` or ``dynamic`` from pass 2's stderr (None if loudnorm printed nothing)."""
    value = parse_loudnorm_json(stderr).get("normalization_type")
    return value.lower() if value else None


def _num(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return -math.inf
    return -math.inf if math.isnan(value) else value


def measure_loudness(path: str | Path, timeout: float | None = None) -> Loudness:
    """Measure integrated loudness, true peak and LRA with ``ebur128`` (peak=true).

    Raises:
        MediaError: No audio track, or ffmpeg reports no summary.
    """
    if not probe(path).has_audio:
        raise MediaError("loudness.no_audio", path=str(path))
    return _ebur128(ffmpeg.input(str(path)).audio, path, timeout)


def parse_ebur128_summary(stderr: str) -> dict[str, float] | None:
    """Parse the ``Summary:`` block ``ebur128`` prints at the end into i, thresh, lra, tp.

    Returns None if there is no summary. Missing values (silence) become ``-inf``.
    """
    _, found, summary = stderr.rpartition("Summary:")
    if not found:
        return None
    num = r"([-+]?(?:\d+(?:\.\d+)?|inf|nan))"
    patterns = {"i": r"I:\s*" + num, "thresh": r"I:[^\n]*\n\s*Threshold:\s*" + num,
                "lra": r"LRA:\s*" + num, "tp": r"Peak:\s*" + num}
    found_values = {k: re.search(pat, summary) for k, pat in patterns.items()}
    if found_values["i"] is None or found_values["lra"] is None:
        return None
    return {k: _num(m.group(1)) if m else -math.inf for k, m in found_values.items()}


def normalize(src: str | Path, out: str | Path, target: LoudnessTarget,
              progress: Callable[[float], None] | None = None,
              cancel: threading.Event | None = None) -> NormalizeReport:
    """Normalise ``src`` to ``target`` into ``out`` (video copied, audio AAC 48 kHz), verified.

    Raises:
        UserInputError: ``out`` is the input, or has an extension other than .mp4/.m4a/.mov.
        MediaError: No audio track or silent audio.
        FFmpegError: ffmpeg failed.
        Cancelled: ``cancel`` was set (no output is left behind).
    """
    src, out = Path(src), Path(out)
    check_paths(src, out)
    info = probe(src)
    budget = 120.0 + 4.0 * info.duration
    before = measure_loudness(src, timeout=budget)
    stats = measure_for_norm(src, target, timeout=budget, raw=before)
    if stats.silent:
        raise MediaError("loudness.silent", path=str(src), lufs=f"{stats.raw_i:.0f}")
    result = _render(src, out, info, stats, target, budget, progress, cancel)
    after = measure_loudness(out, timeout=budget)
    if after.true_peak > target.tp and math.isfinite(after.true_peak):
        # the AAC encoder overshoots on sharp transients: lower the final gain once and redo
        stats = replace(stats, trim_db=round(target.tp - after.true_peak - 0.3, 2))
        result = _render(src, out, info, stats, target, budget, progress, cancel)
        after = measure_loudness(out, timeout=budget)
    return NormalizeReport(path=out, target=target, before=before, after=after, stats=stats,
                           normalization_type=normalization_type(result.stderr) or "unknown")


def _render(src: Path, out: Path, info: MediaInfo, stats: LoudnormStats,
            target: LoudnessTarget, budget: float, progress: Callable[[float], None] | None,
            cancel: threading.Event | None) -> runner.RunResult:
    """Pass 2 of :func:`normalize`: video copied, audio normalised to AAC 48 kHz."""
    inp = ffmpeg.input(str(src))
    streams = [inp.video] if info.has_video else []
    streams.append(apply_norm(inp.audio, stats, target))
    out_args: dict[str, Any] = {**WORK_AUDIO, **MP4_FLAGS}
    if info.has_video:
        out_args["c:v"] = "copy"
    graph = ffmpeg.output(*streams, str(out), **out_args)
    return runner.run(graph, outputs=[out], duration=info.duration, progress=progress,
                      cancel=cancel, timeout=budget)
