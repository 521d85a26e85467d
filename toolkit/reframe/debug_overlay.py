"""The reframing debug view: the whole source picture with what the camera path saw and did.

Drawn with ``drawbox`` filters whose positions are step/linear expressions of ``t`` (the same
expression builder as the crop), in the render's single pass:

* green: the crop window (blue: the bottom half's window of a split shot);
* yellow: faces, cyan: upper bodies, magenta: the motion fallback (up to two of each kind);
* a red frame for 0.3 s after each shot cut.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Final

from toolkit.reframe.analysis import ClipAnalysis
from toolkit.reframe.camera_path import CameraPath
from toolkit.reframe.crop_render import expression
from toolkit.media.render import FramePlan, OutputPlan, SourceFrame

DEBUG_WIDTH: Final = 960
_COLOURS: Final = {"face": "yellow", "body": "cyan", "motion": "magenta"}
_OFF: Final = -10000.0  # an absent box is drawn far outside the picture


def debug_size(src: SourceFrame) -> tuple[int, int]:
    """Even size of the debug picture: the source's display shape, at most 960 wide."""
    w = min(DEBUG_WIDTH, int(src.width * float(src.par)) // 2 * 2)
    return w, max(2, int(w / src.display_aspect) // 2 * 2)


def debug_plan(plan: OutputPlan, analysis: ClipAnalysis, src: SourceFrame,
               path: Path) -> OutputPlan:
    """A second output beside ``plan``: its debug view, written to ``path``."""
    camera = plan.frame.camera
    assert camera is not None
    w, h = debug_size(src)

    def chain(stream: Any, frame: SourceFrame) -> Any:
        return draw(stream, camera, analysis, w, h)

    frame = FramePlan(w, h, "center", fps=plan.frame.fps, chain=chain)
    return dataclasses.replace(plan, path=path, frame=frame, subtitles=None)


def draw(stream: Any, camera: CameraPath, analysis: ClipAnalysis, w: int, h: int) -> Any:
    """Scale the picture to ``w`` x ``h`` and draw windows, detections and cuts."""
    kx, ky = w / camera.frame_w, h / camera.frame_h
    v = stream.filter("setpts", "PTS-STARTPTS").filter("scale", w, h).filter("setsar", "1")
    for shot in camera.shots:
        enable = f"between(t,{shot.start:.4f},{shot.end:.4f})"
        for second, colour in ((False, "green"), (True, "blue")):
            keys = shot.keyframes2 if second else shot.keyframes
            if not keys:
                continue
            xs = [(k[0], k[1] * kx, _slope(keys, i, 1, kx)) for i, k in enumerate(keys)]
            ys = [(k[0], k[2] * ky, _slope(keys, i, 2, ky)) for i, k in enumerate(keys)]
            v = v.filter("drawbox", x=expression(xs), y=expression(ys),
                         w=f"{shot.crop_w * kx:.1f}", h=f"{shot.crop_h * ky:.1f}",
                         color=colour, t=4, enable=enable)
    v = _detections(v, camera, analysis, w, h)
    cuts = [c - camera.source_start for c in analysis.cuts]
    if cuts:
        enable = "+".join(f"between(t,{c:.3f},{c + 0.3:.3f})" for c in cuts)
        v = v.filter("drawbox", x=0, y=0, w=w, h=h, color="red", t=12, enable=enable)
    return v


def _slope(keys: list[tuple[float, float, float]], i: int, axis: int, k: float) -> float:
    if i + 1 >= len(keys) or keys[i + 1][0] <= keys[i][0]:
        return 0.0
    return (keys[i + 1][axis] - keys[i][axis]) * k / (keys[i + 1][0] - keys[i][0])


def _detections(v: Any, camera: CameraPath, analysis: ClipAnalysis, w: int, h: int) -> Any:
    """Up to two boxes per detector kind, as step expressions over the analysis frames."""
    half = 0.5 / analysis.fps
    for kind, colour in _COLOURS.items():
        for slot in range(2):
            steps: list[tuple[float, float, float, float, float]] = []
            for f in analysis.frames:
                boxes = [b for b in f.boxes if (b.kind == kind or (kind == "face" and b.is_face))]
                t = max(0.0, f.time - camera.source_start - half)
                if slot < len(boxes):
                    b = boxes[slot]
                    steps.append((t, b.x * w, b.y * h, b.w * w, b.h * h))
                else:
                    steps.append((t, _OFF, _OFF, 2.0, 2.0))
            if all(s[1] == _OFF for s in steps):
                continue
            exprs = [expression(_merge([(s[0], s[k], 0.0) for s in steps])) for k in range(1, 5)]
            v = v.filter("drawbox", x=exprs[0], y=exprs[1], w=exprs[2], h=exprs[3],
                         color=colour, t=2)
    return v


def _merge(pieces: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Drop pieces that repeat the value before them (shorter expressions)."""
    out: list[tuple[float, float, float]] = []
    for p in pieces:
        if not out or abs(out[-1][1] - p[1]) > 0.5:
            out.append(p)
    return out
