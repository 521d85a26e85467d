"""Preview stills for the studio: the crop a reframe will take, and an output frame with its
captions and the platform's safe zones drawn.

Each still is ONE short ffmpeg run (input seek to the time, the same frame chain as the
render, optionally the same ASS burn-in) writing a PNG; Pillow then draws the guides. Previews
are small (a few hundred pixels wide) so they come back within a rerun.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from toolkit.framing import fit_name
from toolkit.media import runner
from toolkit.platforms import CAPTION_BOX_9X16, Preset
from toolkit.media.probe import probe
from toolkit.messages import register
from toolkit.media.render import (COVER_ARGS, FramePlan, SourceFrame, crop_box, subtitles_chain,
                                  video_chain)

register({
})

ZONE_FILL = (255, 0, 80, 90)
CROP_OUTLINE = (255, 212, 0, 255)
CAPTION_OUTLINE = (0, 200, 255, 255)


def _grab(src: Path, at: float, frame: FramePlan, src_frame: SourceFrame,
          subtitles: Path | None = None, fonts_dir: Path | None = None) -> Any:
    """One picture of ``src`` at ``at`` seconds through ``frame`` (a Pillow RGBA image)."""
    import ffmpeg
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="machmal-preview-") as tmp:
        out = Path(tmp) / "still.png"
        stream = video_chain(ffmpeg.input(str(src), ss=f"{max(0.0, at):.3f}").video,
                             src_frame, frame)
        stream = subtitles_chain(stream, subtitles, fonts_dir)
        args = {k: v for k, v in COVER_ARGS.items() if k != "q:v"}
        runner.run(stream.output(str(out), **args), outputs=[out], timeout=60,
                   target=src.name)
        with Image.open(out) as image:
            return image.convert("RGBA")


def _clamp_time(at: float, duration: float) -> float:
    return min(max(0.0, at), max(0.0, duration - 0.1))


def crop_windows(src_frame: SourceFrame, aspect_size: tuple[int, int], mode: str, *,
                 path: Any = None, t: float = 0.0) -> list[tuple[int, int, int, int]]:
    """The source windows ``(w, h, x, y)`` an output shows at clip time ``t``.

    ``smart`` uses the planned camera path (two windows for a split shot, the whole frame for
    a pad shot); ``center`` the centred crop; ``blur``/``pad`` keep the whole frame.
    """
    if mode == "smart" and path is not None:
        shot = path.shot_at(t)
        if shot.layout == "pad":
            return [(src_frame.width, src_frame.height, 0, 0)]
        wins = [shot.window_at(t)] + ([shot.window_at(t, True)] if shot.keyframes2 else [])
        return [(shot.crop_w, shot.crop_h, round(x), round(y)) for x, y in wins]
    if mode in ("center", "smart"):
        return [crop_box(src_frame, *aspect_size)]
    return [(src_frame.width, src_frame.height, 0, 0)]


def crop_preview(src: str | Path, at: float, aspect_size: tuple[int, int], mode: str = "smart",
                 *, start: float = 0.0, end: float | None = None, speed: str = "default",
                 layout: str = "auto", width: int = 480) -> bytes:
    """The source frame at ``at`` with the window(s) the output keeps outlined (PNG bytes).

    For ``smart`` the camera path of ``[start, end]`` is planned (the analysis is cached) and
    its window at ``at`` is drawn – two for a split-screen shot.

    Raises:
        MediaError: Unreadable source.
        UserInputError: No picture, or a bad mode, speed or layout.
    """
    from PIL import Image, ImageDraw


    mode = fit_name(mode)
    src = Path(src)
    info = probe(src)
    src_frame = SourceFrame.from_info(info)
    at = _clamp_time(at, info.duration)
    path = None
    if mode == "smart":
        from toolkit.reframe.camera_path import plan_camera_path

        stop = info.duration if end is None else end
        path = plan_camera_path(src, info, start, stop, *aspect_size, speed=speed,
                                layout=layout)
    height = max(2, round(width / src_frame.display_aspect / 2) * 2)
    image = _grab(src, at, FramePlan(width, height, "bars"), src_frame)
    sx, sy = width / src_frame.width, height / src_frame.height
    shade = Image.alpha_composite(image, Image.new("RGBA", image.size, (0, 0, 0, 150)))
    boxes = [(round(x * sx), round(y * sy), round((x + w) * sx), round((y + h) * sy))
             for w, h, x, y in crop_windows(src_frame, aspect_size, mode, path=path,
                                             t=at - start)]
    for box in boxes:
        shade.paste(image.crop(box), box[:2])
    draw = ImageDraw.Draw(shade)
    for box in boxes:
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], outline=CROP_OUTLINE, width=3)
    return _png(shade)


def frame_preview(src: str | Path, at: float, preset: Preset, *, mode: str = "smart",
                  focus: tuple[float, float] = (0.5, 0.5), width: int = 360,
                  subtitles: Any = None, zones: bool = True) -> bytes:
    """An output frame of ``preset`` at ``at`` with captions and safe zones drawn (PNG bytes).

    Args:
        src: The source video.
        at: Time in seconds of the source.
        preset: The platform (its size and safe zone).
        mode: Fit mode of the output.
        focus: Focus point for ``smart``.
        width: Preview width (the height follows the preset's aspect).
        subtitles: A ``(width, height) -> ASS file`` callable timed from ``at`` (captions of
            the frame); None for no captions.
        zones: Shade the bands the platform's UI covers and outline the caption box.

    Raises:
        MediaError: Unreadable source.
        UserInputError: No picture, or a bad mode.
    """
    from toolkit.resources import fonts_dir

    src = Path(src)
    small = preset.scaled(width)
    info = probe(src)
    frame = FramePlan(small.width, small.height, mode, focus)
    ass = subtitles(small.width, small.height) if subtitles is not None else None
    image = _grab(src, _clamp_time(at, info.duration), frame, SourceFrame.from_info(info), ass,
                  fonts_dir() if ass is not None else None)
    if zones:
        image = _draw_zones(image, small)
    return _png(image)


def _draw_zones(image: Any, preset: Preset) -> Any:
    from PIL import Image, ImageDraw

    w, h = image.size
    z = preset.safe_zone
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for box in ((0, 0, w, z.top), (0, h - z.bottom, w, h), (0, 0, z.left, h),
                (w - z.right, 0, w, h)):
        if box[2] > box[0] and box[3] > box[1]:
            draw.rectangle(box, fill=ZONE_FILL)
    if h / w >= 1.6:
        x0, y0, x1, y1 = (round(v * w / 1080) if i % 2 == 0 else round(v * h / 1920)
                          for i, v in enumerate(CAPTION_BOX_9X16))
        draw.rectangle([x0, y0, x1, y1], outline=CAPTION_OUTLINE, width=2)
    return Image.alpha_composite(image, layer)


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def smart_ready(src: str | Path, start: float = 0.0, end: float | None = None) -> bool:
    """Whether the smart crop preview of ``[start, end]`` can be drawn without analysing."""
    from toolkit.reframe.analysis import is_cached

    info = probe(src)
    return is_cached(src, info, start, info.duration if end is None else end)
