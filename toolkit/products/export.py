"""Export one source for several platforms: MP4 + cover JPEG + JSON check report per platform.

The job, in order (each step is cheap except the render):

1. probe the source, resolve presets and trim, and **refuse** a length a platform does not
   accept (:class:`~toolkit.errors.PresetViolation`) before anything is decoded or written;
2. loudness pass 1 on the audio only (:func:`toolkit.media.loudness.measure_for_norm`);
3. analyse ~10 downscaled frames once: faces for ``smart`` framing, sharpness for the cover;
4. ONE ffmpeg process decodes the source once and writes every platform's MP4
   (``split``/``asplit``; per output one filter chain and one encode; loudness applied once
   before ``asplit``; captions burned in as the last filter of each chain);
5. one short ffmpeg run seeks to the cover time and writes each platform's cover JPEG through
   the same crop (without captions), decoding only from the key frame before that time;
6. measure every written file and write its check report.

Files are named after the platform (``DIR/reels.mp4``, ``DIR/reels.jpg``, ``DIR/reels.json``).
A failed or cancelled export leaves none of them behind.

Sources without audio get a silent stereo AAC track: every delivery file then has the same
stream layout (players, editors and upload pipelines treat them alike, and music can be laid
under it later). Their report shows loudness as ``null`` with a warning.
"""

from __future__ import annotations

import dataclasses
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Final, Union

from toolkit.errors import Cancelled, UserInputError
from toolkit.media import runner
from toolkit.framing import Delivery
from toolkit.reframe.cover import cover_time
from toolkit.media.loudness import LoudnessTarget
from toolkit.platforms import CONTAINER_ARGS, Preset, check_durations, preset_rate, resolve_presets
from toolkit.media.probe import MediaInfo, probe
from toolkit.media.render import (FramePlan, OutputPlan, SourceFrame, build_cover_graph,
                                  output_rate)
from toolkit.media.report import ExportReport
from toolkit.messages import register
from toolkit.progress import ProgressFn, Stages

register({
    "export.bad_trim": (
        "{path}: Der Ausschnitt {start:.2f}-{end:.2f} s passt nicht in das Video "
        "(0-{duration:.2f} s). Bitte Start < Ende innerhalb der Videolänge wählen.",
        "{path}: the section {start:.2f}-{end:.2f} s does not fit the video (0-{duration:.2f} s). "
        "Please choose start < end within the video's length.",
    ),
    "export.no_face": (
        "Kein Gesicht gefunden: Bildausschnitt mittig.",
        "No face found: the crop is centred.",
    ),
})

SubtitleFactory = Callable[[int, int], Path]

# Share of the whole job's progress per stage.
_WEIGHTS: Final = {"measure": 0.08, "analyse": 0.05, "render": 0.78, "cover": 0.02,
                   "report": 0.07}


@dataclass(frozen=True)
class ExportOptions:
    """How to export.

    Attributes:
        mode: Fit mode (center, blur, pad, smart).
        loudness: Target name or LUFS number (``"social"`` = -14 LUFS), a
            ``LoudnessTarget``, or None to leave the audio level alone.
        start: Trim start in seconds of the source (None: from the beginning).
        end: Trim end in seconds of the source (None: to the end).
        cover_at: Cover frame time in seconds of the *exported* video (None: choose one).
        subtitles: Called with the output width and height; returns an ASS file for that
            size, burned in as the last video filter.
        fonts_dir: Fonts folder for libass.
        pad_color: Fill colour of ``pad`` mode.
        silent_audio: Give outputs of a source without audio a silent AAC track.
        speed: ``smart``: how fast the camera may follow (slower, default, faster).
        layout: ``smart``: auto, single, split or blur (see
            :func:`toolkit.reframe.camera_path.plan_camera_path`).
        captions: Name of the caption style in ``subtitles`` (recorded in the reports).
        language: Language spoken (recorded with the captions).
    """

    mode: str = "smart"
    loudness: Union[str, float, LoudnessTarget, None] = "social"
    start: float | None = None
    end: float | None = None
    cover_at: float | None = None
    subtitles: SubtitleFactory | None = None
    fonts_dir: Path | None = None
    pad_color: str = "black"
    silent_audio: bool = True
    speed: str = "default"
    layout: str = "auto"
    captions: str | None = None
    language: str = "de"

    def delivery(self) -> Delivery:
        """The choices as the one :class:`~toolkit.framing.Delivery` every report records."""
        return Delivery(fit=self.mode, speed=self.speed, layout=self.layout,
                        loudness=self.loudness, captions=self.captions, language=self.language)


@dataclass(frozen=True)
class ExportResult:
    """The files of one platform and its report."""

    preset: Preset
    video: Path
    cover: Path
    report_path: Path
    report: ExportReport
    sidecars: tuple[Path, ...] = ()

    @property
    def files(self) -> list[Path]:
        """Every file written for this platform."""
        return [self.video, self.cover, self.report_path, *self.sidecars]


def export_captioned(src: str | Path, platforms: Sequence[str | Preset] | str,
                     out_dir: str | Path, options: ExportOptions, captions: Any, *,
                     progress: ProgressFn | None = None,
                     cancel: threading.Event | None = None) -> list[ExportResult]:
    """:func:`export` with captions burned in for every size and SRT/VTT beside each video.

    The one way an export gets automatic captions (CLI, job, a project take's export).

    Args:
        src, platforms, out_dir, options, progress, cancel: As for :func:`export`.
        captions: A :class:`~toolkit.captions.for_export.ExportCaptions` (None: as
            :func:`export`, e.g. with a hand-made ASS in ``options``).
    """
    if captions is None:
        return export(src, platforms, out_dir, options, progress=progress, cancel=cancel)
    from toolkit.resources import fonts_dir

    options = dataclasses.replace(options, subtitles=captions.subtitles(),
                                  fonts_dir=fonts_dir())
    results = export(src, platforms, out_dir, options, progress=progress, cancel=cancel)
    return [dataclasses.replace(r, sidecars=tuple(captions.write_sidecars(
        r.video, r.preset.width, r.preset.height))) for r in results]


def resolve_trim(info: MediaInfo, start: float | None, end: float | None) -> tuple[float, float]:
    """Validated (start, end) in source seconds.

    Raises:
        UserInputError: ``export.bad_trim``.
    """
    s = 0.0 if start is None else float(start)
    e = info.duration if end is None else min(float(end), info.duration)
    if s < 0 or e <= s or (end is not None and end > info.duration + 0.05):
        raise UserInputError("export.bad_trim", path=info.path, start=s,
                             end=float(end if end is not None else e), duration=info.duration)
    return s, e


def export(src: str | Path, platforms: Sequence[str | Preset] | str, out_dir: str | Path,
           options: ExportOptions = ExportOptions(), *, progress: ProgressFn | None = None,
           cancel: threading.Event | None = None) -> list[ExportResult]:
    """Export ``src`` for every platform in one ffmpeg pass.

    Args:
        src: The source video.
        platforms: Preset ids (``"reels,tiktok"`` or a list) or :class:`Preset` objects.
        out_dir: Folder for ``<id>.mp4``, ``<id>.jpg`` and ``<id>.json`` (created if needed).
        options: See :class:`ExportOptions`.
        progress: Called with the fraction (0..1) of the whole job.
        cancel: Set it to stop; no file is left behind.

    Returns:
        One :class:`ExportResult` per platform, in the order given.

    Raises:
        PresetViolation: The (trimmed) length breaks a platform's limit.
        UserInputError: Unknown platform or mode, bad trim or cover time.
        MediaError: The source is unreadable or has no picture.
        FFmpegError: ffmpeg failed.
        Cancelled: ``cancel`` was set.
    """
    src, out_dir = Path(src), Path(out_dir)
    presets = resolve_presets(platforms)
    chosen = options.delivery().checked()
    options = dataclasses.replace(options, mode=chosen.fit, speed=chosen.speed,
                                  layout=chosen.layout)
    info = probe(src)
    frame = SourceFrame.from_info(info)
    start, end = resolve_trim(info, options.start, options.end)
    check_durations(src, presets, end - start, start)
    if options.cover_at is not None:  # a bad cover time is refused before any work, too
        cover_time([], start, end - start, 30.0, options.cover_at)
    job = _Job(src, info, frame, presets, out_dir, options, start, end, Stages(_WEIGHTS, progress),
               cancel)
    return job.run()


def check_cancel(cancel: threading.Event | None, target: str) -> None:
    """Raise :class:`Cancelled` if ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise Cancelled(target=target)


def plan_for(preset: Preset, out_dir: Path, frame: FramePlan, cover_at: float,
             subtitles: Path | None, fonts_dir: Path | None) -> OutputPlan:
    """The render plan of one platform's files."""
    assert frame.fps is not None
    args = {**preset.video.output_args(float(frame.fps)), **preset.audio.output_args(),
            **CONTAINER_ARGS}
    return OutputPlan(path=out_dir / f"{preset.id}.mp4", frame=frame, output_args=args,
                      subtitles=subtitles, fonts_dir=fonts_dir,
                      cover=out_dir / f"{preset.id}.jpg", cover_at=cover_at)


def source_rate(info: MediaInfo) -> Fraction:
    """The exact constant rate to render a source at (before preset limits)."""
    v = info.video
    return output_rate(v.fps if v else 30.0, v.vfr if v else False)


def render_graph(src: Path, frame: SourceFrame, plans: Sequence[OutputPlan], info: MediaInfo,
                 start: float, end: float, audio_chain: Any, silent_audio: bool,
                 taps: Sequence[Any] = ()) -> Any:
    """The one-pass graph for all plans (exposed for tests and the benchmark)."""
    from toolkit.media.clip_graph import clip_graph

    return clip_graph(src, frame, plans, has_audio=info.has_audio, start=start,
                      duration=end - start, audio_chain=audio_chain,
                      silent_audio=silent_audio and not info.has_audio, taps=taps)


def run_render(graph: Any, plans: Sequence[OutputPlan], duration: float,
               progress: ProgressFn, cancel: threading.Event | None,
               extra: Sequence[Path] = ()) -> runner.RunResult:
    """Run the main graph; every MP4 appears only if all succeed (``extra``: tap files)."""
    timeout = 600.0 + 30.0 * duration * len(plans)
    return runner.run(graph, outputs=[p.path for p in plans] + list(extra), duration=duration,
                      progress=progress, cancel=cancel, timeout=timeout,
                      target=plans[0].path.name)


def run_covers(src: Path, frame: SourceFrame, plans: Sequence[OutputPlan], start: float,
               cancel: threading.Event | None) -> None:
    """Write every plan's cover JPEG (one short ffmpeg run, seeking to each cover time)."""
    covers = [p.cover for p in plans if p.cover is not None]
    if covers:
        runner.run(build_cover_graph(src, frame, plans, start), outputs=covers, cancel=cancel,
                   timeout=300.0, target=covers[0].name)


def _remove(paths: Sequence[Path]) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


def cover_for(samples: Sequence[Any], start: float, end: float, fps: float,
              at: float | None) -> float:
    """Cover time in output seconds (see :func:`toolkit.reframe.cover.cover_time`)."""
    return cover_time(samples, start, end - start, fps, at)


class _Job:
    """The steps of one export after validation (see the module docstring)."""

    def __init__(self, src: Path, info: MediaInfo, frame: SourceFrame, presets: list[Preset],
                 out_dir: Path, options: ExportOptions, start: float, end: float,
                 progress: Stages, cancel: threading.Event | None) -> None:
        self.src, self.info, self.frame, self.presets = src, info, frame, presets
        self.out_dir, self.options, self.start, self.end = out_dir, options, start, end
        self.progress, self.cancel = progress, cancel
        self.warnings: list[str] = []
        self.analysis: Any = None
        self.cameras: dict[tuple[int, int], Any] = {}

    def run(self) -> list[ExportResult]:
        from toolkit.media import loudness as ld

        self.out_dir.mkdir(parents=True, exist_ok=True)
        target = self._target(ld)
        stats = self._measure(ld, target)
        samples = self._analyse()
        plans = self._plans(samples)
        chain = (lambda a: ld.apply_norm(a, stats, target)) if stats is not None else None
        with tempfile.TemporaryDirectory(prefix="machmal-cover-") as tmp:
            tap = self._cover_tap(Path(tmp))
            graph = render_graph(self.src, self.frame, plans, self.info, self.start, self.end,
                                 chain, self.options.silent_audio, [tap[0]] if tap else [])
            result = run_render(graph, plans, self.end - self.start,
                                self.progress.stage("render"), self.cancel,
                                [tap[1]] if tap else [])
            if tap:
                plans = self._covers_from_tap(plans, tap[1], tap[2])
        try:
            run_covers(self.src, self.frame, plans, self.start, self.cancel)
            self.progress.stage("cover")(1.0)
            results = self._reports(plans, target, stats, result)
        except BaseException:
            _remove([f for plan in plans for f in plan.finals]
                    + [self._report_path(p) for p in self.presets])
            raise
        self.progress.finish()
        return results

    def _target(self, ld: Any) -> Any:
        value = self.options.loudness
        if value is None or not self.info.has_audio:
            return None
        return value if isinstance(value, ld.LoudnessTarget) else ld.parse_target(str(value))

    def _measure(self, ld: Any, target: Any) -> Any:
        report = self.progress.stage("measure")
        check_cancel(self.cancel, self.src.name)
        if target is None:
            return None
        stats = ld.measure_for_norm(self.src, target, start=self.start or None,
                                    end=self.end if self.end < self.info.duration else None)
        report(1.0)
        return stats

    def _analyse(self) -> list[Any]:
        """Cover samples; in smart mode the clip's one low-resolution analysis pass."""
        report = self.progress.stage("analyse")
        check_cancel(self.cancel, self.src.name)
        if self.options.mode == "smart":
            from toolkit.reframe.analysis import analyse_clip

            self.analysis = analyse_clip(self.src, self.info, self.start, self.end,
                                         progress=report, cancel=self.cancel)
            samples = self.analysis.samples()
            if not any(s.faces for s in samples):
                self.warnings.append("export.no_face")
        else:  # the cover is chosen from frames the render itself decodes (see _cover_tap)
            samples = []
        report(1.0)
        return samples

    def _cover_tap(self, folder: Path) -> tuple[Any, Path, tuple[int, int]] | None:
        """Without an analysis pass (not smart) the render's decode feeds the cover choice: the
        first platform's picture, as in a project render."""
        from toolkit.reframe.cover import cover_tap, tap_size

        if self.options.mode == "smart" or self.options.cover_at is not None:
            return None
        size = tap_size(self.presets[0].width / self.presets[0].height)
        path = folder / "cover-frames.gray"
        return cover_tap(path, size), path, size

    def _covers_from_tap(self, plans: list[OutputPlan], path: Path,
                         size: tuple[int, int]) -> list[OutputPlan]:
        from toolkit.reframe.cover import tap_samples

        samples = tap_samples(path, size, self.start)
        return [dataclasses.replace(p, cover_at=cover_for(
            samples, self.start, self.end, float(p.frame.fps or 30), None)) for p in plans]

    def _camera(self, width: int, height: int) -> Any:
        """The camera path for one output shape (smart mode), planned once per shape."""
        from toolkit.reframe.camera_path import plan_camera_path

        if self.options.mode != "smart":
            return None
        key = (width, height)
        if key not in self.cameras:
            self.cameras[key] = plan_camera_path(
                self.src, self.info, self.start, self.end, width, height,
                speed=self.options.speed, layout=self.options.layout, analysis=self.analysis)
        return self.cameras[key]

    def _plans(self, samples: list[Any]) -> list[OutputPlan]:
        focus = (0.5, 0.5)
        rate = source_rate(self.info)
        subs: dict[tuple[int, int], Path] = {}
        plans = []
        for preset in self.presets:
            fps = preset_rate(preset, rate)
            frame = FramePlan(preset.width, preset.height, self.options.mode, focus,
                              self.options.pad_color, fps,
                              camera=self._camera(preset.width, preset.height))
            sub = None
            if self.options.subtitles is not None:
                size = (preset.width, preset.height)
                sub = subs.get(size) or subs.setdefault(size, self.options.subtitles(*size))
            at = cover_for(samples, self.start, self.end, float(fps), self.options.cover_at)
            plans.append(plan_for(preset, self.out_dir, frame, at, sub, self.options.fonts_dir))
        return plans

    def _report_path(self, preset: Preset) -> Path:
        return self.out_dir / f"{preset.id}.json"

    def _reports(self, plans: list[OutputPlan], target: Any, stats: Any,
                 result: runner.RunResult) -> list[ExportResult]:
        from toolkit.media.report import build_report

        report = self.progress.stage("report")
        out = []
        for i, (preset, plan) in enumerate(zip(self.presets, plans)):
            check_cancel(self.cancel, plan.path.name)
            rep = build_report(preset, plan, self.info, self.frame, (self.start, self.end),
                               target, stats, result, list(self.warnings),
                               self.options.delivery().to_dict())
            rep.write(self._report_path(preset))
            out.append(ExportResult(preset, plan.path, plan.cover or plan.path,
                                    self._report_path(preset), rep))
            report((i + 1) / len(plans))
        return out
