"""Change a video's aspect ratio (9:16, 1:1, 4:5, 16:9) in one ffmpeg pass.

``reformat`` is the single-output sibling of :func:`toolkit.products.export.export`: same graph
builder, same delivery encoder (H.264 High, closed GOP, AAC 48 kHz, faststart), but no platform
limits, no loudness change and no report. See :mod:`toolkit.media.render` for the fit modes.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from toolkit.errors import UserInputError
from toolkit.media import runner
from toolkit.framing import fit_name, layout_name, speed_name
from toolkit.reframe.camera_path import plan_camera_path
from toolkit.platforms import CONTAINER_ARGS, DEFAULT_AUDIO, DEFAULT_VIDEO, aspect_size
from toolkit.media.clip_graph import clip_graph
from toolkit.media.probe import MediaInfo, probe
from toolkit.media.render import FramePlan, OutputPlan, SourceFrame, output_rate
from toolkit.messages import register

register({
    "reformat.bad_suffix": (
        "{path}: Zieldatei muss auf .mp4, .mov oder .m4v enden.",
        "{path}: the output file must end in .mp4, .mov or .m4v.",
    ),
    "reformat.same_file": (
        "{path}: Quelle und Ziel sind dieselbe Datei. Originale werden nie überschrieben; "
        "bitte einen anderen Zielnamen wählen.",
        "{path}: source and output are the same file. Originals are never overwritten; "
        "please choose another output name.",
    ),
    "reformat.bad_width": (
        "Breite {width} ist ungültig: bitte eine gerade Zahl zwischen 16 und 4096.",
        "Width {width} is invalid: please use an even number between 16 and 4096.",
    ),
})

_SUFFIXES = (".mp4", ".mov", ".m4v")
MAX_FPS = 60


def output_size(aspect: str, width: int | None = None) -> tuple[int, int]:
    """Output size for ``aspect``; ``width`` scales the standard size down (even height).

    Raises:
        UserInputError: Unknown aspect or bad width.
    """
    w, h = aspect_size(aspect)
    if width is None:
        return w, h
    if width < 16 or width > 4096 or width % 2:
        raise UserInputError("reformat.bad_width", width=width)
    return width, max(2, int(round(h * width / w / 2)) * 2)


def plan_reformat(info: MediaInfo, dst: Path, aspect: str, mode: str = "smart", *,
                  width: int | None = None, focus: tuple[float, float] = (0.5, 0.5),
                  pad_color: str = "black", subtitles: Path | None = None,
                  fonts_dir: Path | None = None) -> OutputPlan:
    """The output plan of a reformat (pure: no file is touched)."""
    mode = fit_name(mode)
    w, h = output_size(aspect, width)
    v = info.video
    rate = output_rate(v.fps if v else 30.0, v.vfr if v else False)
    if rate > MAX_FPS:
        rate = rate / 2 if rate / 2 <= MAX_FPS else Fraction(MAX_FPS)
    args: dict[str, Any] = {**DEFAULT_VIDEO.output_args(float(rate)),
                            **DEFAULT_AUDIO.output_args(), **CONTAINER_ARGS}
    frame = FramePlan(w, h, mode, focus, pad_color, rate)
    return OutputPlan(dst, frame, args, subtitles=subtitles, fonts_dir=fonts_dir)


def reformat(src: str | Path, dst: str | Path, aspect: str = "9:16", mode: str = "smart", *,
             width: int | None = None, pad_color: str = "black",
             subtitles: Callable[[int, int], Path] | None = None,
             fonts_dir: Path | None = None, progress: Callable[[float], None] | None = None,
             cancel: threading.Event | None = None, speed: str = "default",
             layout: str = "auto", debug_overlay: bool = False,
             threads: int | None = None) -> Path:
    """Write ``src`` with a new aspect ratio to ``dst``.

    Args:
        src: Source video.
        dst: Output MP4/MOV (written atomically).
        aspect: ``9:16``, ``1:1``, ``4:5`` or ``16:9``.
        mode: The fit (:data:`toolkit.framing.FITS`): ``smart`` (the default: the window
            follows the people), ``center``, ``blur`` or ``bars``.
        width: Output width (default the delivery size: 1080, or 1920 for 16:9).
        pad_color: Fill colour of ``pad``.
        subtitles: Called with the output width and height; returns an ASS file to burn in.
        fonts_dir: Fonts folder for libass.
        progress: Called with 0..1.
        cancel: Set to stop (no file is left behind).
        speed: ``smart``: how fast the camera may follow (slower, default, faster).
        layout: ``smart``: auto, single, split or pad (see
            :func:`toolkit.reframe.camera_path.plan_camera_path`).
        debug_overlay: ``smart``: also write ``<dst stem>.debug.mp4``, the whole source
            picture with detections, shot cuts and the crop window drawn in.
        threads: Encoder threads (None: x264 decides; 1 keeps one job on one core).

    Returns:
        ``dst``.

    Raises:
        UserInputError: Bad aspect, mode, width or output name.
        MediaError: Unreadable source or no picture.
        FFmpegError / Cancelled: From the runner.
    """
    src, dst = Path(src), Path(dst)
    if dst.suffix.lower() not in _SUFFIXES:
        raise UserInputError("reformat.bad_suffix", path=str(dst))
    if dst.resolve() == src.resolve():
        raise UserInputError("reformat.same_file", path=str(dst))
    mode, speed, layout = fit_name(mode), speed_name(speed), layout_name(layout)
    w, h = output_size(aspect, width)  # options first: no need to read the file to refuse them
    info = probe(src)
    frame = SourceFrame.from_info(info)
    ass = subtitles(w, h) if subtitles is not None else None
    plan = plan_reformat(info, dst, aspect, mode, width=width, pad_color=pad_color,
                         subtitles=ass, fonts_dir=fonts_dir)
    if threads:
        plan.output_args["threads"] = int(threads)
    plans, analysis = [plan], None
    if mode == "smart":
        from toolkit.reframe.analysis import analyse_clip

        analysis = analyse_clip(src, info, 0.0, info.duration, cancel=cancel)
        camera = plan_camera_path(src, info, 0.0, info.duration, w, h, speed=speed,
                                  layout=layout, analysis=analysis)
        plans[0] = dataclasses.replace(plan, frame=dataclasses.replace(plan.frame,
                                                                       camera=camera))
        if debug_overlay:
            from toolkit.reframe.debug_overlay import debug_plan

            plans.append(debug_plan(plans[0], analysis, frame, debug_path(dst)))
    graph = clip_graph(src, frame, plans, has_audio=info.has_audio, duration=info.duration)
    dst.parent.mkdir(parents=True, exist_ok=True)
    runner.run(graph, outputs=[p.path for p in plans], duration=info.duration,
               progress=progress, cancel=cancel, timeout=600.0 + 30.0 * info.duration,
               target=dst.name)
    return dst


def debug_path(dst: Path) -> Path:
    """Where ``--debug-overlay`` writes its picture: ``<stem>.debug.mp4`` beside ``dst``."""
    return dst.with_name(f"{dst.stem}.debug.mp4")
