"""Render a plan: the one graph builder for every platform, then covers and reports.

The one delivery path of machmal: a project's assembled video (:func:`toolkit.edit.plan.
plan_render`) and a single clip's export (:func:`toolkit.edit.clip_plan.plan_clip`, a timeline
of one clip) both run through :func:`execute_plan`. Steps after planning:

1. probe each take once; one cached low-res analysis per take (people, cuts) from which a camera
   path is planned per stretch and output shape (:mod:`toolkit.reframe.camera_path`);
2. measure the loudness of the *assembled* sound once (speech and music bed together, the same
   filters the render uses), so one gain serves the whole timeline;
3. draw the graphics per output size (Pillow, :mod:`toolkit.edit.graphics`), shape captions
   and move each off the faces that output shows (:mod:`toolkit.edit.caption_faces`);
   steps 1-3 run side by side on the job's cores where they do not need each other's results
   (:mod:`toolkit.edit.prestage`: the takes' analyses two at a time on 2 cores, the loudness
   pass and the captions beside them; the graphics and camera paths wait for the analyses);
4. one MP4 per distinct geometry (platforms sharing a geometry get a copy), from the one graph
   builder (:mod:`toolkit.media.timeline_graph`): a short timeline by ONE ffmpeg process that
   decodes each take once, a long one segment by segment, each full-size output in a process
   of its own, and the sound by a process of its own, the one step that waits for the loudness
   pass 1 (:mod:`toolkit.edit.segments`: the memory stays that of one segment, whatever the
   length);
5. a cover JPEG per platform: export's scored choice (:mod:`toolkit.edit.cover`) from the
   analyses of step 1, or from small frames tapped off the render's decode (or the time the
   user chose), cut from the platform's video; a check report per platform
   (:mod:`toolkit.edit.report`), SRT/VTT sidecars when captions are on.

Files land in ``<out_dir>/<platform>.mp4/.jpg/.json(/.srt/.vtt)`` (a reformat: the name the user
gave, its cover and report named after it; no empty SRT/VTT: a video in which nothing is said
gets the note ``captions.no_speech`` instead); a project's rendered
timeline is kept as ``<project>/work/timeline.json`` (nothing is written beside a clip's
source). A failed or cancelled render leaves none of them behind, and the sources are never
modified. A source without sound gets a silent stereo AAC track (every file has the same
streams); its report shows the loudness as ``null`` with a warning.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from toolkit.edit.layout import Pieces, cut_pieces, piece_looks
from toolkit.edit.plan import PlannedOutput, RenderOptions, RenderPlan, plan_render
from toolkit.edit.prepare import analysed_takes, needs_analysis
from toolkit.edit.prestage import Prestage
from toolkit.errors import Cancelled
from toolkit.heap import give_back
from toolkit.progress import ProgressFn, Stages
from toolkit.media import runner
from toolkit.platforms import CONTAINER_ARGS, Preset
from toolkit.messages import register, t
from toolkit.media.render import COVER_ARGS, FramePlan, OutputPlan
from toolkit.media.report import ExportReport
from toolkit.edit.segments import StreamArgs, TimelineJob, in_segments, render_timeline
from toolkit.media.timeline_graph import PieceLook, TimelineOutput

register({
    "export.no_face": (
        "Kein Gesicht gefunden: Bildausschnitt mittig.",
        "No face found: the crop is centred.",
    ),
})

TIMELINE_FILE = "timeline.json"
"""The last rendered timeline, saved in the project's ``work/`` folder (derived data)."""
Analysed = tuple[Path, Any, Any]
"""A take's file, probe and :class:`~toolkit.reframe.analysis.ClipAnalysis`."""
_STAGES = {"analyse": 0.06, "measure": 0.08, "draw": 0.03, "render": 0.73, "cover": 0.02,
           "report": 0.08}


@dataclass(frozen=True)
class PlatformFiles:
    """The files of one platform and its check report."""

    platform: str
    video: Path
    cover: Path | None
    report_path: Path | None
    report: ExportReport | None
    subtitles: list[Path] = field(default_factory=list)
    preset: Preset | None = None

    @property
    def files(self) -> list[Path]:
        """Every file written for this platform (a video-only plan: the video)."""
        return [p for p in (self.video, self.cover, self.report_path, *self.subtitles)
                if p is not None]


@dataclass(frozen=True)
class RenderResult:
    """What :func:`render_project` produced."""

    plan: RenderPlan
    files: list[PlatformFiles]
    seconds: float

    @property
    def out_dir(self) -> Path:
        """Folder of the files."""
        return self.plan.output_dir()


def render_project(project_ref: str, platforms: Sequence[str | Preset] | str, *,
                   out_dir: str | Path | None = None,
                   options: RenderOptions = RenderOptions(),
                   progress: ProgressFn | None = None, cancel: threading.Event | None = None,
                   workspace: str | Path | None = None) -> RenderResult:
    """Assemble a project's takes into one finished video per platform.

    Args:
        project_ref: Project name (or folder name).
        platforms: Preset ids or presets (``"reels,ig-feed-4x5,youtube"``).
        out_dir: Output folder (default ``<project folder>/exports``).
        options: See :class:`~toolkit.edit.plan.RenderOptions`.
        progress: Called with the fraction (0..1) of the whole render.
        cancel: Set it to stop; nothing is left behind.
        workspace: Workspace folder.

    Returns:
        The :class:`RenderResult`.

    Raises:
        ProjectError, UserInputError, ConsentError, PresetViolation: See
            :func:`~toolkit.edit.plan.plan_render` (all raised before any pixel is decoded).
        FFmpegError: ffmpeg failed.
        Cancelled: ``cancel`` was set.
    """
    plan = plan_render(project_ref, platforms, options=options, workspace=workspace,
                       out_dir=out_dir)
    return execute_plan(plan, progress=progress, cancel=cancel)


def execute_plan(plan: RenderPlan, *, captions: Any = None, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> RenderResult:
    """Render a :class:`RenderPlan` exactly as planned (e.g. one read back from JSON on a
    worker): its choices come from :attr:`RenderPlan.options`.

    Args:
        plan: A project's plan, or a clip's (:func:`toolkit.edit.clip_plan.plan_clip`).
        captions: A clip's captions, made by the caller: a
            :class:`~toolkit.captions.for_export.ExportCaptions` (burned in per size, moved off
            the faces, SRT/VTT beside each video) or
            :class:`~toolkit.captions.for_export.GivenSubtitles` (a hand-made ASS). A
            project's plan needs none: its captions come from its timeline.
        progress: Called with the fraction (0..1) of the whole render.
        cancel: Set it to stop; nothing is left behind.
    """
    import time

    started = time.monotonic()
    options = plan.render_options()
    out = plan.output_dir()
    out.mkdir(parents=True, exist_ok=True)
    if plan.source is None:  # a project's: derived, for the app (never beside a user's file)
        plan.timeline.save(Path(plan.folder) / "work" / TIMELINE_FILE)
    with tempfile.TemporaryDirectory(prefix=".render-", dir=out) as tmp:
        stages = Stages(stage_weights(plan, options, captions), progress)
        job = _Render(plan, options, Path(tmp), stages, cancel, captions)
        files = job.run()
    if progress is not None:
        progress(1.0)
    return RenderResult(plan, files, round(time.monotonic() - started, 2))


def stage_weights(plan: RenderPlan, options: RenderOptions, captions: Any = None
                  ) -> dict[str, float]:
    """Each stage's share of the progress: :data:`_STAGES` without the stages this plan skips
    (no analysis, loudness, graphics, cover or report), the render taking the rest."""
    used = {"analyse": needs_analysis(options, plan.timeline, captions),
            "measure": options.loudness is not None, "draw": plan.source is None,
            "cover": not plan.video_only, "report": not plan.video_only}
    weights = {name: (_STAGES[name] if used.get(name, True) else 0.0) for name in _STAGES}
    weights["render"] = 1.0 - sum(w for name, w in weights.items() if name != "render")
    return weights


class _Render:
    """The steps of one render (see the module docstring)."""

    def __init__(self, plan: RenderPlan, options: RenderOptions, work: Path, stages: Stages,
                 cancel: threading.Event | None, captions: Any = None) -> None:
        self.plan, self.options, self.work, self.stages = plan, options, work, stages
        self.cancel = cancel
        self.folder, self.out = Path(plan.folder), plan.output_dir()
        self.timeline = plan.timeline
        self.presets = plan.platform_presets()
        self.given = captions
        self.warnings: list[str] = list(plan.warnings)
        self.overlap: dict[str, list[str]] = {}  # first platform of an encode -> clashes
        self.stream_args: list[StreamArgs] = []  # per output, by stream

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled(target=self.plan.project)

    def run(self) -> list[PlatformFiles]:
        from toolkit.edit.audio import AudioMix
        from toolkit.edit.transitions import blends

        cut = cut_pieces(self.timeline, self.folder)
        mix = AudioMix(self.timeline, cut, self.folder, self.options.loudness)
        moves = blends(self.timeline, cut)
        with Prestage(self.cancel, self.plan.project) as pre:  # side by side (its docstring)
            self.cancel, self.pre = pre.stop, pre  # a failure beside a step now stops it too
            captions = pre.start(self._captions)
            analyses = self._analyse(cut, pre)
            measured = pre.start(lambda: mix.measure(cancel=self.cancel))
            self.analyses = analyses()
            cameras = self._camera_fn(self.analyses)
            self.captions = captions.result()
            outputs = self._outputs(cut, cameras)
            # In segments the pictures do not wait for the loudness pass 1 (running beside the
            # graphics): only the sound does, beside the first segments. One process needs it.
            later = in_segments(cut.pieces, moves,
                                max(o.plan.frame.width * o.plan.frame.height for o in outputs))
            if not later:
                measured.result()
            self.stages.stage("measure")(1.0)
            self.check_cancel()
            self.stages.stage("draw")(1.0)
            tap = self._cover_tap(outputs[0])
            give_back()  # the analyses' and camera paths' freed memory, before the long wait
            job = TimelineJob(cut.inputs, cut.pieces, outputs, self.stream_args, mix.final,
                              moves, tap[:2] if tap else None, self.work,
                              self.timeline.duration, measured.wait if later else None)
            return self._render(job, cut, mix, tap)

    def _render(self, job: TimelineJob, cut: Pieces, mix: Any,
                tap: tuple[Any, Path, tuple[int, int]] | None) -> list[PlatformFiles]:
        """The render ffmpeg, then covers, reports and sidecars; a failure leaves none."""
        finals = [o.plan.path for o in job.outputs]
        written: list[Path] = []
        try:
            rendered = render_timeline(job, progress=self.stages.stage("render"),
                                       cancel=self.cancel, target=finals[0].name)
            written += finals
            self.seconds = rendered.seconds
            self.normalization = _normalization(rendered.stderr, mix)
            if self.plan.video_only:
                return [PlatformFiles(o.platforms[0], self.out / o.video_name(o.platforms[0]),
                                      None, None, None, preset=self.presets[o.platforms[0]])
                        for o in self.plan.outputs]
            self.cover_at = self._cover_time(cut, tap and (rendered.taps, tap[2]))
            return self._finish(list(job.outputs), mix, written)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise

    def _analyse(self, cut: Pieces, pre: Prestage) -> Callable[[], dict[str, Analysed]]:
        """Start one cached low-res analysis per take (people, cuts) for the camera paths, the
        takes side by side on ``pre``; the call returned waits for them, reporting progress.

        Nothing is analysed without camera paths or captions to keep off faces. The call
        returns take id -> (its file, probe, :class:`~toolkit.reframe.analysis.ClipAnalysis`).
        """
        from toolkit.media.probe import probe
        from toolkit.reframe.analysis import analyse_clip

        takes = analysed_takes(cut, self.options, self.timeline, self.folder, self.given)
        infos = {path: probe(path) for _, path, _, _ in takes}  # probed in this thread
        steps = pre.start_all([partial(analyse_clip, path, infos[path], lo, hi, cancel=pre.stop)
                               for _, path, lo, hi in takes])
        place = len(self.plan.warnings)  # its place one step after the other: before the
        # captions' notes, which their step (beside this) may add first

        def wait() -> dict[str, Analysed]:
            done = steps.results(self.stages.stage("analyse"))
            found = {take: (path, infos[path], analysis)
                     for (take, path, _, _), analysis in zip(takes, done)}
            if self.options.mode == "smart" and not any(
                    s.faces for *_, analysis in found.values() for s in analysis.samples()):
                self.warnings.insert(place, t("export.no_face"))
            return found
        return wait

    def _camera_fn(self, analyses: dict[str, tuple[Path, Any, Any]]) -> Any:
        from toolkit.reframe.camera_path import plan_camera_path

        made: dict[tuple[Any, ...], Any] = {}

        def plan(take: str, start: float, end: float, w: int, h: int, layout: str) -> Any:
            key = (take, round(start, 3), round(end, 3), w, h, layout)
            if key not in made and take in analyses:
                path, info, analysis = analyses[take]
                made[key] = plan_camera_path(path, info, start, end, w, h, layout=layout,
                                             speed=self.options.speed, analysis=analysis,
                                             cancel=self.cancel)
            return made.get(key)
        return plan

    def _outputs(self, cut: Pieces, cameras: Any) -> list[TimelineOutput]:
        from toolkit.edit.caption_faces import face_places
        from toolkit.edit.graphics import draw_cards, draw_overlays
        from toolkit.edit.report import picture_notes

        outputs = []
        for planned in self.plan.outputs:
            preset = self.presets[planned.platforms[0]]
            drawn = draw_cards(self.timeline, planned, self.folder, self.work)
            looks = piece_looks(cut, planned.width, planned.height, planned.rate,
                                self.options.mode, cameras, drawn.cards, self.options.layout,
                                self.options.pad_color)
            faces = self._faces(cut, looks, planned)
            drawn = draw_overlays(self.timeline, planned, self.folder, self.work, drawn,
                                  face_places(faces))
            self.overlap[planned.platforms[0]] = [c.text(planned.width, planned.height)
                                                  for c in drawn.clashes]
            self.overlap[planned.platforms[0]] += picture_notes(cut, looks)
            subs = fonts = None
            if self.captions is not None:
                from toolkit.resources import fonts_dir

                if self.captions.moves_off_faces:
                    self.captions.faces_of = _faces_with(faces, drawn.overlays)
                subs = self.captions.subtitles()(planned.width, planned.height)
                fonts = getattr(self.captions, "fonts", None) or fonts_dir()
            video = preset.video.output_args(float(planned.rate))
            if self.options.threads:
                video["threads"] = int(self.options.threads)
            args = StreamArgs(video, preset.audio.output_args(), dict(CONTAINER_ARGS))
            self.stream_args.append(args)
            frame = FramePlan(planned.width, planned.height, self.options.mode,
                              pad_color=self.options.pad_color, fps=planned.rate)
            plan = OutputPlan(path=self.out / planned.video_name(planned.platforms[0]),
                              frame=frame, output_args=args.all, subtitles=subs,
                              fonts_dir=fonts)
            outputs.append(TimelineOutput(plan, looks, drawn.overlays))
        return outputs + self._debug_view(cut, outputs[0])

    def _debug_view(self, cut: Pieces, first: TimelineOutput) -> list[TimelineOutput]:
        """The debug view of a smart clip's camera path (``reformat --debug-overlay``)."""
        from toolkit.reframe.debug_overlay import debug_plan

        frame = first.looks[0].frames[0] if first.looks and first.looks[0].frames else None
        if not self.plan.debug_file or frame is None or frame.camera is None:
            return []
        analysis = next(iter(self.take_analyses.values()))
        plan = debug_plan(dataclasses.replace(first.plan, frame=frame), analysis,
                          cut.inputs[0].frame, self.out / self.plan.debug_file)
        return [TimelineOutput(plan, (PieceLook(frames=(plan.frame,)),))]

    @property
    def take_analyses(self) -> dict[str, Any]:
        """Take id -> its :class:`~toolkit.reframe.analysis.ClipAnalysis` (from :meth:`_analyse`)."""
        return {take: found[2] for take, found in self.analyses.items()}

    def _cover_tap(self, first: TimelineOutput) -> tuple[Any, Path, tuple[int, int]] | None:
        """Without any take analysis, the render's own decode feeds the cover choice:
        ``(path -> tap writing there, its frames file, frame size)``."""
        from toolkit.reframe.cover import cover_tap, tap_size

        if self.analyses or self.options.cover_at is not None or self.plan.video_only:
            return None
        frame = first.plan.frame
        size = tap_size(frame.width / frame.height)
        path = self.work / "cover-frames.gray"
        return lambda where: cover_tap(where, size), path, size

    def _cover_time(self, cut: Pieces,
                    tap: tuple[list[tuple[Path, float]], tuple[int, int]] | None) -> float:
        """Export's scored cover choice over the assembled video (:mod:`toolkit.edit.cover`);
        ``tap``: the tap's frame files with the timeline second of each file's first frame."""
        from toolkit.edit.cover import choose_cover, inside, take_spans, timeline_samples
        from toolkit.reframe.cover import cover_time, tap_samples

        if self.options.cover_at is not None:
            return cover_time([], 0.0, self.timeline.duration, float(self.timeline.rate),
                              self.options.cover_at)
        if tap is not None:
            keep = inside(take_spans(cut, float(self.timeline.rate)))
            samples = [s for path, start in tap[0] for s in tap_samples(path, tap[1], start, keep)]
        else:
            samples = timeline_samples(cut, self.take_analyses)
        return choose_cover(self.timeline, cut, samples)

    def _faces(self, cut: Pieces, looks: Any, planned: Any) -> Any:
        """The faces one output shows (a :class:`~toolkit.captions.placement.FaceTrack`, empty
        without take analyses): its lower thirds and call to action keep off them, and so do
        its captions (:func:`_faces_with`). Worked out once per output."""
        from toolkit.captions.placement import FaceTrack
        from toolkit.edit.caption_faces import timeline_faces

        if not self.analyses:
            return FaceTrack(())
        return timeline_faces(cut, looks, self.take_analyses, planned.width, planned.height)

    def _captions(self) -> Any:
        """The captions to burn in (None: off); nothing said is a note in every report."""
        from toolkit.edit.captions import export_captions

        found = self.given
        if found is None and self.timeline.captions is not None:
            found = export_captions(self.timeline, self.folder, self.work,
                                    self.plan.caption_glossary(), self.cancel)
        if found is not None and not found.speaks():
            self.warnings.append(t("captions.no_speech"))
        return found

    def _finish(self, outputs: list[TimelineOutput], mix: Any,
                written: list[Path]) -> list[PlatformFiles]:
        from toolkit.edit.report import framing_facts, measure_output, platform_report

        encodes = outputs[:len(self.plan.outputs)]
        facts = {o.plan.path: self.pre.start(partial(measure_output, o.plan.path, mix,
                                                     self.normalization)) for o in encodes}
        covers = self._covers(encodes, written)  # beside the measurements of the encodes
        self.stages.stage("cover")(1.0)
        report = self.stages.stage("report")
        files: list[PlatformFiles] = []
        for planned, out in zip(self.plan.outputs, outputs):
            measured: dict[str, Any] = dict(facts[out.plan.path].result())
            for platform in planned.platforms:
                self.check_cancel()
                video = self.out / planned.video_name(platform)
                cover = video.with_suffix(".jpg")
                if video != out.plan.path:
                    _copy(out.plan.path, video, written)
                    _copy(covers[out.plan.path], cover, written)
                subs = self._sidecars(video, planned, written)
                rep = platform_report(self.presets[platform], video, cover, self.plan, mix,
                                      measured,
                                      self.warnings + self.overlap.get(planned.platforms[0], []),
                                      self.cover_at, options=self.options.delivery().to_dict(),
                                      normalization=self.normalization,
                                      framing=framing_facts(self.options.mode, out.looks),
                                      seconds=self.seconds)
                path = video.with_suffix(".json")
                rep.write(path)
                written.append(path)
                files.append(PlatformFiles(platform, video, cover, path, rep, subs,
                                           self.presets[platform]))
                report(len(files) / len(self.presets))
        return sorted(files, key=lambda f: list(self.presets).index(f.platform))

    def _covers(self, outputs: list[TimelineOutput], written: list[Path]) -> dict[Path, Path]:
        import ffmpeg

        at = self.cover_at
        covers = {o.plan.path: o.plan.path.with_suffix(".jpg") for o in outputs}
        graph = ffmpeg.merge_outputs(*[
            ffmpeg.input(str(video), ss=f"{at:.3f}").video.output(str(jpg), **COVER_ARGS)
            for video, jpg in covers.items()])
        runner.run(graph, outputs=list(covers.values()), cancel=self.cancel, timeout=300.0,
                   target=next(iter(covers.values())).name)
        written += covers.values()
        return covers

    def _sidecars(self, video: Path, planned: PlannedOutput, written: list[Path]) -> list[Path]:
        if self.captions is None:
            return []
        subs = self.captions.write_sidecars(video, planned.width, planned.height)
        written += subs
        return subs


def _faces_with(faces: Any, overlays: Any) -> Any:
    """The captions' ``faces_of`` for one output: its ``faces`` plus its drawn graphics
    (captions avoid both). Called with that output's own size."""
    from toolkit.edit.caption_faces import with_obstacles

    track = with_obstacles(faces, overlays)
    return lambda width, height: track


def _copy(src: Path, dst: Path, written: list[Path]) -> None:
    tmp = runner.temp_path_for(dst)
    shutil.copyfile(src, tmp)
    tmp.replace(dst)
    written.append(dst)


def _normalization(stderr: str, mix: Any) -> str | None:
    """loudnorm's mode in the render (``linear``/``dynamic``), None when not normalised."""
    from toolkit.media.loudness import normalization_type

    return normalization_type(stderr) if mix.stats is not None else None
