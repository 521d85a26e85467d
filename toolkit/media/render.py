"""Output geometry: plans as data and the picture chain of one output.

A :class:`OutputPlan` says what one output file looks like (size, fit mode, focus point, frame
rate, encoder arguments, burned-in subtitles); :func:`video_chain` is the chain of
filters that makes its picture from a decoded source. The graph around it is built by ONE
builder, :func:`toolkit.media.timeline_graph.build_timeline_graph` (a single clip is a timeline
of one clip: :mod:`toolkit.edit.clip_plan`).

Geometry works on the *decoded* frame: ffmpeg rotates phone clips upright while decoding, so a
clip stored 568x320 with rotation 90 arrives as 320x568. Non-square pixels are honoured through
the pixel aspect ratio (:class:`SourceFrame.par`); every chain ends with square pixels.

Fit modes:

* ``center`` / ``smart``: crop the largest window of the target aspect around a focus point
  (the centre, or a face for ``smart``), clamped to the frame, then scale.
* ``bars``: scale to fit, fill the rest with a solid colour (old name ``pad``).
* ``blur``: scale to fit over a blurred, enlarged copy of the same picture. The blur runs on a
  copy downscaled to 1/8 of the output, so the background costs almost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from toolkit.errors import UserInputError
from toolkit.framing import FITS, fit_name
from toolkit.media.probe import MediaInfo
from toolkit.messages import register

register({
    "reformat.too_small": (
        "{path}: Das Bild ist nur {width}x{height} Pixel groß (mindestens {minimum} Pixel je "
        "Seite nötig). Bitte die Originalaufnahme verwenden.",
        "{path}: the picture is only {width}x{height} pixels (at least {minimum} pixels per "
        "side needed). Please use the original recording.",
    ),
    "reformat.no_video": (
        "{path}: Die Datei enthält kein Bild. Bitte eine Videodatei wählen.",
        "{path}: the file contains no picture. Please choose a video file.",
    ),
})

MODES: Final = FITS
MIN_SOURCE_SIDE: Final = 16
DELIVERY_PIX_FMT: Final = "yuv420p"
BLUR_DOWNSCALE: Final = 8
_STANDARD_RATES: Final = (23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60, 100, 119.88, 120)

Stream = Any  # an ffmpeg-python stream node


@dataclass(frozen=True)
class SourceFrame:
    """The decoded (upright) picture of a source.

    Attributes:
        width: Decoded frame width in pixels (after autorotation).
        height: Decoded frame height in pixels.
        par: Pixel aspect ratio of decoded frames (1 for square pixels).
    """

    width: int
    height: int
    par: Fraction = Fraction(1)

    @property
    def display_aspect(self) -> float:
        """Width / height as shown."""
        return self.width * float(self.par) / self.height

    @classmethod
    def from_info(cls, info: MediaInfo) -> SourceFrame:
        """Build from :func:`~toolkit.media.probe.probe` output.

        Raises:
            UserInputError: The file has no video stream, or a picture too small to use.
        """
        v = info.video
        if v is None:
            raise UserInputError("reformat.no_video", path=info.path)
        if min(v.width, v.height) < MIN_SOURCE_SIDE:
            raise UserInputError("reformat.too_small", path=info.path, width=v.display_width,
                                 height=v.display_height, minimum=MIN_SOURCE_SIDE)
        num, den = (int(x) for x in v.sar.split(":"))
        par = Fraction(num, den) if num > 0 and den > 0 else Fraction(1)
        if v.rotation in (90, 270):  # ffmpeg's transpose inverts the pixel aspect ratio
            return cls(v.height, v.width, 1 / par)
        return cls(v.width, v.height, par)


@dataclass(frozen=True)
class FramePlan:
    """How the picture of one output is made.

    Attributes:
        width: Output width (even).
        height: Output height (even).
        mode: One of :data:`MODES`.
        focus: Point to keep in view for crops, as fractions (x, y) of the source frame.
        pad_color: Colour of the bars of ``bars`` mode (an ffmpeg colour).
        fps: Constant output frame rate (None keeps the source's timing).
        camera: For ``smart``: a :class:`~toolkit.reframe.camera_path.CameraPath` that moves
            the window over time (None: one fixed window around ``focus``).
        chain: A custom picture chain ``(stream, SourceFrame) -> stream`` replacing the mode's
            (e.g. the reframing debug view); the frame rate is still applied first.
    """

    width: int
    height: int
    mode: str = "center"
    focus: tuple[float, float] = (0.5, 0.5)
    pad_color: str = "black"
    fps: Fraction | None = None
    camera: Any = field(default=None, compare=False)
    chain: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", check_mode(self.mode))  # old names translated


@dataclass(frozen=True)
class OutputPlan:
    """One output file of a render.

    Attributes:
        path: Final path of the MP4.
        frame: The picture plan.
        output_args: Encoder and muxer arguments (ffmpeg-python keyword style).
        subtitles: ASS file burned in as the last video filter (None: no captions).
        fonts_dir: Folder of fonts for libass.
    """

    path: Path
    frame: FramePlan
    output_args: dict[str, Any] = field(default_factory=dict)
    subtitles: Path | None = None
    fonts_dir: Path | None = None


def check_mode(mode: str) -> str:
    """The current name of fit ``mode`` (see :mod:`toolkit.framing`).

    Raises:
        UserInputError: ``reformat.bad_mode``.
    """
    return fit_name(mode)


def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


def split_halves(length: int) -> tuple[int, int]:
    """The two halves of a split screen along one side of ``length`` pixels: even numbers that
    add up to it (a 1350-row feed splits into 674 + 676, since 675 is odd)."""
    first = length // 4 * 2
    return first, length - first


def crop_box(src: SourceFrame, out_w: int, out_h: int,
             focus: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int, int, int]:
    """The largest crop of the target aspect around ``focus``, clamped to the frame.

    Args:
        src: The decoded source frame.
        out_w: Output width (only the aspect matters).
        out_h: Output height.
        focus: Point to centre on, as fractions of the frame.

    Returns:
        (width, height, x, y) in decoded-frame pixels, all even.
    """
    target = out_w / out_h
    par = float(src.par)
    if src.display_aspect > target:  # source wider: full height, narrower width
        h = src.height
        w = min(src.width, _even(h * target / par))
    else:
        w = src.width
        h = min(src.height, _even(w * par / target))
    w, h = w - w % 2, h - h % 2
    x = _clamp(focus[0] * src.width - w / 2, 0, src.width - w)
    y = _clamp(focus[1] * src.height - h / 2, 0, src.height - h)
    return w, h, int(x) // 2 * 2, int(y) // 2 * 2


def fit_size(src: SourceFrame, out_w: int, out_h: int) -> tuple[int, int]:
    """Size of the whole source scaled to fit inside ``out_w`` x ``out_h`` (even numbers)."""
    aspect = src.display_aspect
    if aspect > out_w / out_h:
        return out_w, min(out_h, _even(out_w / aspect))
    return min(out_w, _even(out_h * aspect)), out_h


def _clamp(v: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, v))


def output_rate(fps: float, vfr: bool = False) -> Fraction:
    """An exact frame rate for ``fps``: NTSC rates as n*1000/1001, VFR snapped to a standard."""
    if vfr or fps <= 0:
        fps = min(_STANDARD_RATES, key=lambda r: abs(r - (fps if fps > 0 else 30)))
    for r in _STANDARD_RATES:
        if abs(fps - r) < 0.01:
            return (Fraction(round(r * 1.001) * 1000, 1001) if r % 1
                    else Fraction(int(r)))
    return Fraction(fps).limit_denominator(1001)


def video_chain(stream: Stream, src: SourceFrame, plan: FramePlan) -> Stream:
    """Apply the frame plan (rate, crop/fit, scale) to a video stream; ends with square pixels."""
    if plan.fps is not None:
        stream = stream.filter("fps", fps=str(plan.fps))
    w, h = plan.width, plan.height
    if plan.chain is not None:
        return plan.chain(stream, src)
    if plan.mode == "smart" and plan.camera is not None:
        return plan.camera.chain(stream, src, w, h)
    if plan.mode in ("center", "smart"):
        cw, ch, x, y = crop_box(src, w, h, plan.focus if plan.mode == "smart" else (0.5, 0.5))
        if (cw, ch) != (src.width, src.height):
            stream = stream.crop(x, y, cw, ch)
        return stream.filter("scale", w, h).filter("setsar", "1")
    fw, fh = fit_size(src, w, h)
    if plan.mode == "bars":
        fg = stream.filter("scale", fw, fh).filter("setsar", "1")
        return fg.filter("pad", w, h, (w - fw) // 2, (h - fh) // 2, color=plan.pad_color)
    return _blur_chain(stream, src, plan, fw, fh)


def _blur_chain(stream: Stream, src: SourceFrame, plan: FramePlan, fw: int, fh: int) -> Stream:
    """Fitted picture over a blurred, cropped, enlarged copy of itself."""
    w, h = plan.width, plan.height
    if (fw, fh) == (w, h):  # same aspect: nothing to fill
        return stream.filter("scale", w, h).filter("setsar", "1")
    parts = stream.split()
    sw, sh = _even(w / BLUR_DOWNSCALE), _even(h / BLUR_DOWNSCALE)
    radius = max(1, min(sw, sh) // 12)
    cw, ch, x, y = crop_box(src, w, h)
    bg = (parts[0].crop(x, y, cw, ch).filter("scale", sw, sh)
          .filter("boxblur", luma_radius=radius, luma_power=2)
          .filter("scale", w, h, flags="fast_bilinear").filter("setsar", "1"))
    fg = parts[1].filter("scale", fw, fh).filter("setsar", "1")
    return bg.overlay(fg, x=(w - fw) // 2, y=(h - fh) // 2)


def subtitles_chain(stream: Stream, subtitles: Path | None, fonts_dir: Path | None) -> Stream:
    """Burn an ASS file in (the last filter of an output's chain)."""
    if subtitles is None:
        return stream
    kwargs: dict[str, str] = {"filename": str(subtitles)}
    if fonts_dir is not None:
        kwargs["fontsdir"] = str(fonts_dir)
    return stream.filter("ass", **kwargs)


COVER_ARGS: Final[dict[str, Any]] = {"frames:v": 1, "q:v": 2, "update": 1}


def _fan_out(stream: Stream, n: int, kind: str) -> list[Stream]:
    if n == 1:
        return [stream]
    node = stream.filter_multi_output(kind, n)
    return [node.stream(i) for i in range(n)]


def _ffmpeg() -> Any:
    import ffmpeg

    return ffmpeg
