"""Change a video's aspect ratio (9:16, 1:1, 4:5, 16:9) in one ffmpeg pass.

``reformat`` is the single-output sibling of :func:`toolkit.products.export.export`: the same
timeline of one clip (:func:`toolkit.edit.clip_plan.plan_clip`) rendered by the same
:func:`toolkit.edit.run.execute_plan`, with the delivery encoder (H.264 High, closed GOP,
AAC 48 kHz, faststart) at a size of the user's choice, no platform limits and no loudness
change. Like every delivery it gets export's cover and check report, named after the output
(``DST``, ``<DST stem>.jpg``, ``<DST stem>.json``). See :mod:`toolkit.media.render` for the
fits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.edit.plan import RenderOptions, RenderPlan
from toolkit.edit.run import PlatformFiles
from toolkit.errors import UserInputError
from toolkit.platforms import DEFAULT_AUDIO, DEFAULT_VIDEO, Preset, aspect_size
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


def reformat_preset(aspect: str, width: int | None = None, name: str = "video") -> Preset:
    """The output of a reformat as a preset without platform limits (up to 60 fps).

    Raises:
        UserInputError: Unknown aspect or bad width.
    """
    w, h = output_size(aspect, width)
    return Preset(id=name, name=aspect, width=w, height=h, fps_min=1, fps_max=MAX_FPS,
                  min_duration=0.0, max_duration=None, max_file_bytes=2 ** 62,
                  video=DEFAULT_VIDEO, audio=DEFAULT_AUDIO)


def plan_reformat(src: str | Path, dst: str | Path, aspect: str = "9:16",
                  options: RenderOptions = RenderOptions(loudness=None), *,
                  width: int | None = None, debug_overlay: bool = False) -> RenderPlan:
    """The plan of a reformat: a clip plan with one output named ``dst`` (its cover and check
    report beside it, named after it).

    Raises:
        UserInputError: Bad aspect, fit, width or output name.
        MediaError: Unreadable source or no picture.
    """
    from toolkit.edit.clip_plan import plan_clip

    src, dst = Path(src), Path(dst)
    if dst.suffix.lower() not in _SUFFIXES:
        raise UserInputError("reformat.bad_suffix", path=str(dst))
    if dst.resolve() == src.resolve():
        raise UserInputError("reformat.same_file", path=str(dst))
    options.delivery().checked()  # options first: no need to read the file to refuse them
    preset = reformat_preset(aspect, width, dst.stem)
    plan = plan_clip(src, [preset], dst.parent, options)
    outputs = [o.model_copy(update={"file": dst.name}) for o in plan.outputs]
    debug = debug_path(dst).name if debug_overlay and plan.render_options().mode == "smart" \
        else None
    return plan.model_copy(update={"outputs": outputs, "debug_file": debug})


def reformat(src: str | Path, dst: str | Path, aspect: str = "9:16", mode: str = "smart", *,
             width: int | None = None, pad_color: str = "black",
             subtitles: Callable[[int, int], Path] | None = None,
             fonts_dir: Path | None = None, progress: Callable[[float], None] | None = None,
             cancel: threading.Event | None = None, speed: str = "default",
             layout: str = "auto", debug_overlay: bool = False,
             threads: int | None = None, captions: Any = None) -> PlatformFiles:
    """Write ``src`` with a new aspect ratio to ``dst``, with its cover and check report.

    Args:
        src: Source video.
        dst: Output MP4/MOV (written atomically).
        aspect: ``9:16``, ``1:1``, ``4:5`` or ``16:9``.
        mode: The fit (:data:`toolkit.framing.FITS`): ``smart`` (the default: the window
            follows the people), ``center``, ``blur`` or ``bars``.
        width: Output width (default the delivery size: 1080, or 1920 for 16:9).
        pad_color: Colour of the bars of ``bars``.
        subtitles: Called with the output width and height; returns an ASS file to burn in.
        fonts_dir: Fonts folder for libass.
        progress: Called with 0..1.
        cancel: Set to stop (no file is left behind).
        speed: ``smart``: how fast the camera may follow (slower, default, faster).
        layout: ``smart``: auto, single, split or blur (see
            :func:`toolkit.reframe.camera_path.plan_camera_path`).
        debug_overlay: ``smart``: also write ``<dst stem>.debug.mp4``, the whole source
            picture with detections, shot cuts and the crop window drawn in.
        threads: Encoder threads (None: x264 decides; 1 keeps one job on one core).
        captions: Instead of ``subtitles``: an
            :class:`~toolkit.captions.for_export.ExportCaptions`, shaped for the output and
            moved off the faces the render's analysis finds in it.

    Returns:
        The :class:`~toolkit.edit.run.PlatformFiles`: ``video`` (``dst``), ``cover``
        (``<dst stem>.jpg``), ``report_path`` (``<dst stem>.json``) and the ``report``.

    Raises:
        UserInputError: Bad aspect, mode, width or output name.
        MediaError: Unreadable source or no picture.
        FFmpegError / Cancelled: From the runner.
    """
    from toolkit.captions.for_export import GivenSubtitles
    from toolkit.edit.run import execute_plan

    options = RenderOptions(mode=mode, speed=speed, layout=layout, loudness=None,
                            pad_color=pad_color, threads=threads)
    plan = plan_reformat(src, dst, aspect, options, width=width, debug_overlay=debug_overlay)
    given = captions or (GivenSubtitles(subtitles, fonts_dir) if subtitles is not None else None)
    (files,) = execute_plan(plan, captions=given, progress=progress, cancel=cancel).files
    return files


def debug_path(dst: Path) -> Path:
    """Where ``--debug-overlay`` writes its picture: ``<stem>.debug.mp4`` beside ``dst``."""
    return dst.with_name(f"{dst.stem}.debug.mp4")
