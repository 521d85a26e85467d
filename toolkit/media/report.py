"""The check report's parts: what was written, how, and whether it meets the preset.

Everything in the report is *measured on the written file* (PyAV for streams, the MP4 atoms for
faststart and edit lists, ``ebur128`` for loudness), not copied from the request. The JSON lands
beside the video (``reels.json`` next to ``reels.mp4``). The one builder of the whole report,
for a project's render and a clip's export alike, is :func:`toolkit.edit.report.platform_report`.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.platforms import CONTAINER_ARGS, Preset
from toolkit.media.probe import probe
from toolkit.media.render import FramePlan, SourceFrame, crop_box, fit_size
from toolkit.messages import register, t
from toolkit.numbers import format_number

register({
    # the expected/actual words of the checks (shown in the app's and the CLI's check lines)
    "report.fps_constant": ("{low}-{high} fps, konstant", "{low}-{high} fps, constant"),
    "report.fps_variable": (" (variabel)", " (variable)"),
    "report.moov_first": ("moov vor mdat", "moov before mdat"),
    "report.moov_last": ("moov nach mdat", "moov after mdat"),
    "report.none": ("keine", "none"),
    "report.present": ("vorhanden", "present"),
    "export.silent_track": (
        "Die Quelle hat keinen Ton: eine stumme Tonspur wurde eingefügt.",
        "The source has no audio: a silent audio track was added.",
    ),
    "export.audio_silent": (
        "Der Ton ist (fast) stumm: die Lautheit wurde nicht angepasst. War das Mikrofon an?",
        "The audio is (almost) silent: its loudness was not adjusted. Was the microphone on?",
    ),
    "export.upscaled": (
        "Das Bild wurde vergrößert (Ausschnitt {crop} auf {size}); es kann unscharf wirken. "
        "Besser in höherer Auflösung filmen.",
        "The picture was enlarged (section {crop} to {size}); it may look soft. "
        "Filming at a higher resolution helps.",
    ),
    "export.dynamic_loudnorm": (
        "loudnorm ist in den dynamischen Modus gewechselt; bitte die Lautheit prüfen.",
        "loudnorm fell back to dynamic mode; please check the loudness.",
    ),
})

LOUDNESS_TOLERANCE_LU = 1.0
TRUE_PEAK_TOLERANCE_DB = 0.1
_DURATION_SLACK = 0.05


@dataclass(frozen=True)
class Check:
    """One preset rule and whether the file meets it."""

    name: str
    ok: bool
    expected: str
    actual: str


@dataclass
class ExportReport:
    """Everything the check report says about one exported file (see :meth:`to_dict`)."""

    platform: str
    file: str
    cover: str | None
    source: dict[str, Any]
    output: dict[str, Any]
    encoder: dict[str, Any]
    loudness: dict[str, Any] | None
    checks: list[Check]
    safe_zone: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def write(self, path: Path) -> None:
        """Write the JSON atomically (temporary file, then rename)."""
        tmp = path.with_name(f".{path.name}.partial")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
        os.replace(tmp, path)


def top_level_atoms(path: Path) -> list[tuple[str, int, int]]:
    """The MP4's top-level boxes as (type, offset, size), read from the headers only."""
    atoms = []
    size_total = path.stat().st_size
    with path.open("rb") as fh:
        offset = 0
        while offset + 8 <= size_total:
            fh.seek(offset)
            size, kind = struct.unpack(">I4s", fh.read(8))
            if size == 1:
                size = struct.unpack(">Q", fh.read(8))[0]
            elif size == 0:
                size = size_total - offset
            if size < 8:
                break
            atoms.append((kind.decode("latin-1"), offset, size))
            offset += size
    return atoms


def is_faststart(path: Path) -> bool:
    """True when the moov atom comes before the first mdat (playback starts while loading)."""
    order = [kind for kind, _, _ in top_level_atoms(path)]
    return "moov" in order and "mdat" in order and order.index("moov") < order.index("mdat")


def has_edit_list(path: Path) -> bool:
    """True when the moov atom contains an edit list (``elst``)."""
    for kind, offset, size in top_level_atoms(path):
        if kind == "moov":
            with path.open("rb") as fh:
                fh.seek(offset)
                return b"elst" in fh.read(size)
    return False


def stream_details(path: Path) -> dict[str, Any]:
    """Codec profiles and bitrates that :func:`probe` does not report."""
    import av

    out: dict[str, Any] = {}
    with av.open(str(path)) as container:
        if container.streams.video:
            vs = container.streams.video[0]
            out["video_profile"] = vs.codec_context.profile
            out["video_kbps"] = round((vs.bit_rate or 0) / 1000)
        if container.streams.audio:
            au = container.streams.audio[0]
            out["audio_profile"] = au.codec_context.profile
            out["audio_kbps"] = round((au.bit_rate or 0) / 1000)
    return out


def describe_output(path: Path) -> dict[str, Any]:
    """Measured facts of a written MP4."""
    info = probe(path)
    v, a = info.video, info.audio
    data: dict[str, Any] = {
        "duration": round(info.duration, 3), "size_bytes": info.size_bytes,
        "width": v.display_width if v else None, "height": v.display_height if v else None,
        "fps": v.fps if v else None, "vfr": v.vfr if v else None,
        "video_codec": v.codec if v else None, "pix_fmt": v.pix_fmt if v else None,
        "rotation": v.rotation if v else None,
        "audio_codec": a.codec if a else None, "sample_rate": a.sample_rate if a else None,
        "channels": a.channels if a else None,
        "faststart": is_faststart(path), "edit_list": has_edit_list(path),
    }
    data.update(stream_details(path))
    return data


def encoder_settings(preset: Preset, fps: float) -> dict[str, Any]:
    """The encoder settings used for ``preset`` (recorded in the report)."""
    return {
        "video": {**asdict(preset.video), "gop_frames": max(1, round(preset.video.gop_seconds
                                                                    * fps)),
                  "closed_gop": True, "fps": round(fps, 3)},
        "audio": asdict(preset.audio),
        "container": {k: str(v) for k, v in CONTAINER_ARGS.items()},
    }


def run_checks(preset: Preset, out: dict[str, Any],
               loudness: dict[str, Any] | None) -> list[Check]:
    """Compare the measured output with the preset's rules."""
    checks = [
        _check("size", f"{preset.width}x{preset.height}", f"{out['width']}x{out['height']}"),
        Check("fps", out["fps"] is not None and not out["vfr"]
              and preset.fps_min - 0.01 <= out["fps"] <= preset.fps_max + 0.01,
              t("report.fps_constant", low=f"{preset.fps_min:g}", high=f"{preset.fps_max:g}"),
              f"{out['fps']} fps" + (t("report.fps_variable") if out["vfr"] else "")),
        _check("video_codec", "h264 High", f"{out['video_codec']} {out.get('video_profile')}"),
        _check("pix_fmt", preset.video.pix_fmt, str(out["pix_fmt"])),
        _check("audio_codec", f"aac LC {preset.audio.sample_rate} Hz",
               f"{out['audio_codec']} {out.get('audio_profile')} {out['sample_rate']} Hz"),
        _check("faststart", t("report.moov_first"), t("report.moov_first") if out["faststart"]
               else t("report.moov_last")),
        _check("edit_list", t("report.none"), t("report.present") if out["edit_list"]
               else t("report.none")),
        _duration_check(preset, out["duration"]),
        Check("file_size", out["size_bytes"] <= preset.max_file_bytes,
              f"<= {preset.max_file_bytes} B", f"{out['size_bytes']} B"),
    ]
    if preset.max_video_kbps:
        checks.append(Check("video_bitrate", out.get("video_kbps", 0) <= preset.max_video_kbps,
                            f"<= {preset.max_video_kbps} kbit/s",
                            f"{out.get('video_kbps')} kbit/s"))
    if loudness is not None and "target_i" in loudness:
        checks.extend(_loudness_checks(loudness))
    return checks


def _check(name: str, expected: str, actual: str) -> Check:
    return Check(name, expected == actual, expected, actual)


def _duration_check(preset: Preset, duration: float) -> Check:
    upper = preset.max_duration
    ok = preset.min_duration - _DURATION_SLACK <= duration and (
        upper is None or duration <= upper + _DURATION_SLACK)
    low = format_number(preset.min_duration)
    expected = f"{low}-{format_number(upper)} s" if upper else f">= {low} s"
    return Check("duration", ok, expected, f"{format_number(duration, 2)} s")


def _loudness_checks(loudness: dict[str, Any]) -> list[Check]:
    target, tp_target = loudness["target_i"], loudness["target_tp"]
    i, tp = loudness["integrated"], loudness["true_peak"]
    return [
        Check("loudness", abs(i - target) <= LOUDNESS_TOLERANCE_LU,
              f"{format_number(target)} ± {format_number(LOUDNESS_TOLERANCE_LU)} LUFS",
              f"{format_number(i, 1)} LUFS"),
        Check("true_peak", tp <= tp_target + TRUE_PEAK_TOLERANCE_DB,
              f"<= {format_number(tp_target)} dBTP", f"{format_number(tp, 1)} dBTP"),
    ]


def sound_notes(has_audio: bool, loudness: dict[str, Any] | None) -> list[str]:
    """The notes about a delivered file's sound (export and project render alike).

    Args:
        has_audio: The source (or timeline) had sound; without, a silent track was added.
        loudness: The measured loudness (None: the sound is (almost) silent), with
            ``normalization_type`` when it was normalised.
    """
    if not has_audio:
        return [t("export.silent_track")]
    if loudness is None:
        return [t("export.audio_silent")]
    if loudness.get("normalization_type") == "dynamic":
        return [t("export.dynamic_loudnorm")]
    return []


def upscale_notes(frame: SourceFrame, f: FramePlan) -> list[str]:
    """A note when the picture ``f`` shows of a source is enlarged by more than 5 %."""
    if f.mode in ("center", "smart"):
        used_w, used_h = crop_box(frame, f.width, f.height, f.focus)[:2]
        shown_w = f.width
    else:
        used_w, used_h = frame.width, frame.height
        shown_w = fit_size(frame, f.width, f.height)[0]
    if used_w * float(frame.par) >= shown_w * 0.95:
        return []
    return [t("export.upscaled", crop=f"{used_w}x{used_h}", size=f"{f.width}x{f.height}")]
