"""The analysis's one decode: small grey frames on a regular grid, scene scores, sound levels.

ffmpeg decodes ``[start, end]`` once, without deblocking and on one thread, and writes raw grey
frames at the analysis rate (:func:`analysis_rate`) to a file or FIFO, beside it the scene
score of every decoded frame and the sound's level per 0.1 s.

Where the source is coded with frames that no other frame refers to (the B-frames of x264,
x265 and most editors' exports; not phone footage, whose frames are all references), the
decoder skips them (``-skip_frame noref``): H.264 needs every reference frame decoded in
order, but the others only where the analysis looks at one, and it looks at one frame in
five. The analysis frame of a grid point is then the first decoded frame at or after it
(``select``), whose time ffmpeg writes down, and :func:`to_grid` moves its boxes back to the
grid time along the subject's motion to the previous analysis frame, so a moving subject
does not seem to jump back and forth by the frame or two it moved meanwhile.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Final

from toolkit.media import runner
from toolkit.media.probe import MediaInfo
from toolkit.reframe.subjects import Box

RMS_KEY: Final = "lavfi.astats.Overall.RMS_level"
TIME_KEY: Final = "machmal.analysis"  # tags the analysis frames whose times are printed
_SKIP_FROM_STEP: Final = 4  # skip non-reference frames when the grid takes 1 in 4 or fewer


@dataclass(frozen=True)
class Sides:
    """Text files ffmpeg writes beside the frames (None: not wanted).

    Attributes:
        scenes: The scene-change score of every decoded frame (64x36 thumbnails), to place
            cuts to the frame.
        sound: The sound's RMS level (dB) per 0.1 s (the source must have sound).
        times: The time of each analysis frame (wanted when non-reference frames are
            skipped: the frames are then not exactly on the grid).
    """

    scenes: Path | None = None
    sound: Path | None = None
    times: Path | None = None


def analysis_rate(info: MediaInfo, wanted: float) -> Fraction:
    """The analysis frame rate: the source's rate divided by a whole number, near ``wanted``.

    Every analysis frame is then a source frame shown exactly at ``start + i / rate``. With a
    rate that does not divide the source's (6 fps of 25 fps), the ``fps`` filter shows the
    source frame up to one frame interval before the frame's nominal time: a moving subject
    then seems to jump back and forth by up to one frame's motion in a sawtooth (6 px per
    analysis frame at a walking pace in a 640 px frame), which a window pressed against the
    subject followed as jitter. Variable or unknown frame rates keep ``wanted``.
    """
    v = info.video
    wanted_rate = Fraction(wanted).limit_denominator(1000)
    if v is None or v.vfr or not v.fps or v.fps <= 0:
        return wanted_rate
    src = Fraction(v.fps).limit_denominator(1000)
    ntsc = Fraction(round(v.fps * 1.001) * 1000, 1001)
    if abs(float(ntsc) - v.fps) < abs(float(src) - v.fps) or abs(float(ntsc) - v.fps) < 1e-3:
        src = ntsc
    step = max(1, round(float(src) / wanted))
    return src / step


def skips_nonref(info: MediaInfo, rate: Fraction) -> bool:
    """Whether the decode may skip non-reference frames: a constant-rate source of which the
    grid takes at most one frame in :data:`_SKIP_FROM_STEP` (a decoded frame then lies in
    every grid interval)."""
    v = info.video
    return (v is not None and not v.vfr and bool(v.fps)
            and float(v.fps) / float(rate) >= _SKIP_FROM_STEP - 0.01)


def decode_gray(src: Path, out: Path, span: tuple[float, float], size: tuple[int, int],
                fps: float | Fraction, sides: Sides = Sides(), *, skip_nonref: bool = False,
                progress: Callable[[float], None] | None = None,
                cancel: threading.Event | None = None, atomic: bool = True) -> None:
    """Write ``span`` of ``src`` as raw grey frames of ``size`` at ``fps`` to ``out``.

    Args:
        sides: Text files to write beside the frames.
        skip_nonref: Skip decoding non-reference frames (see the module docstring; the
            frames' times go to ``sides.times``).
        atomic: False writes straight to ``out`` (a FIFO), not to a temporary name.
    """
    import ffmpeg

    start, end = span
    duration = max(0.0, end - start)
    in_args = {"ss": f"{start:.3f}"} if start > 0 else {}
    if skip_nonref:
        in_args["skip_frame"] = "noref"
    # No deblocking: invisible at analysis size, and a fifth of the decoder's work. One
    # decoder thread: Python looks at the frames on the other core meanwhile, and frame
    # threading costs CPU time of its own (about 4 % of a 1080p decode).
    source = ffmpeg.input(str(src), t=f"{duration:.3f}", skip_loop_filter="all", threads=1,
                          **in_args)
    video = source.video
    extra = []
    if sides.scenes is not None:
        node = video.filter_multi_output("split", 2)
        video = node.stream(0)
        extra.append(node.stream(1).filter("scale", 64, 36, flags="fast_bilinear")
                     .filter("select", "gte(scene,0)")
                     .filter("metadata", mode="print", key="lavfi.scene_score",
                             file=str(sides.scenes)))
    rate = Fraction(fps).limit_denominator(100000)
    out_args = {}
    if skip_nonref:
        video = _first_at_grid(video, rate, sides.times)
        out_args["fps_mode"] = "passthrough"
    else:
        video = video.filter("fps", fps=f"{rate.numerator}/{rate.denominator}", round="up")
    v = video.filter("scale", *size, flags="area").filter("format", "gray")
    graph = v.output(str(out), f="rawvideo", pix_fmt="gray", an=None, sn=None, **out_args)
    if sides.sound is not None:  # 0.1 s chunks of 8 kHz mono: a speaking cue for almost no work
        extra.append(source.audio.filter("aresample", 8000)
                     .filter("aformat", channel_layouts="mono")
                     .filter("asetnsamples", n=800, p=0)
                     .filter("astats", metadata=1, reset=1, measure_perchannel="none",
                             measure_overall="RMS_level")
                     .filter("ametadata", mode="print", key=RMS_KEY, file=str(sides.sound)))
    if extra:
        graph = ffmpeg.merge_outputs(graph, ffmpeg.output(*extra, "-", f="null"))
    runner.run(graph, outputs=[out] if atomic else [], duration=duration, progress=progress,
               cancel=cancel, timeout=120.0 + 10.0 * duration, target=src.name)


def _first_at_grid(video, rate: Fraction, times: Path | None):  # noqa: ANN001, ANN202
    """The first decoded frame at or after each grid point (a quarter frame early counts),
    its time written to ``times``."""
    r = f"{rate.numerator}/{rate.denominator}"
    early = f"{0.25 / float(rate) / _SKIP_FROM_STEP:.6f}"
    cell = f"floor((t+{early})*{r})"
    prev = f"floor((prev_selected_t+{early})*{r})"
    picked = video.filter("select", f"isnan(prev_selected_t)+gte({cell},{prev}+1)")
    if times is None:
        return picked
    return (picked.filter("metadata", mode="add", key=TIME_KEY, value="1")
            .filter("metadata", mode="print", key=TIME_KEY, file=str(times)))


def read_scene_scores(path: Path, start: float, key: str = "lavfi.scene_score"
                      ) -> list[tuple[float, float]]:
    """``(source time, value)`` per frame from ``(a)metadata=mode=print`` output."""
    out: list[tuple[float, float]] = []
    t = None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return out
    for line in lines:
        if "pts_time:" in line:
            t = float(line.rsplit("pts_time:", 1)[1].split()[0])
        elif line.startswith(key + "=") and t is not None:
            value = float(line.split("=", 1)[1])  # "-inf" (digital silence) parses too
            out.append((start + t, value))
    return out


def grid_cells(times: Sequence[float], start: float, rate: float) -> list[int]:
    """The grid point each decoded analysis frame stands for (see :func:`_first_at_grid`)."""
    early = 0.25 / rate / _SKIP_FROM_STEP
    return [math.floor((t - start + early) * rate) for t in times]


def to_grid(boxes: Sequence[Sequence[Box]], times: Sequence[float], grid: Sequence[float]
            ) -> list[list[Box]]:
    """Each frame's boxes moved from the frame's time to its grid time.

    A box moves along the line to the same subject's box in the previous analysis frame (the
    next one for the first frame): same kind, centres within one box size. Boxes without such
    a partner, motion boxes and frames on the grid stay as they are.
    """
    out: list[list[Box]] = []
    for i, frame in enumerate(boxes):
        j = i - 1 if i > 0 else i + 1
        late = times[i] - grid[i]
        if abs(late) < 1e-6 or j >= len(boxes) or abs(times[i] - times[j]) < 1e-6:
            out.append(list(frame))
            continue
        share = late / (times[i] - times[j])  # of the way back towards frame j
        out.append([_moved(b, frame_j=boxes[j], share=share) for b in frame])
    return out


def _moved(b: Box, frame_j: Sequence[Box], share: float) -> Box:
    if b.kind == "motion":
        return b
    near = [o for o in frame_j if o.kind == b.kind and abs(o.cx - b.cx) < max(b.w, o.w)
            and abs(o.cy - b.cy) < max(b.h, o.h)]
    if not near:
        return b
    o = min(near, key=lambda o: abs(o.cx - b.cx) + abs(o.cy - b.cy))
    return b.model_copy(update={"x": b.x + share * (o.x - b.x), "y": b.y + share * (o.y - b.y),
                                "w": b.w + share * (o.w - b.w), "h": b.h + share * (o.h - b.h)})
