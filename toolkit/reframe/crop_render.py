"""Render a :class:`~toolkit.reframe.camera_path.CameraPath` as ffmpeg filters (one pass).

* A run of one-window shots (track/stationary) of the same window size is ONE ``crop`` whose
  x and y are piecewise-linear expressions of ``t``, written as a balanced ``if(lt(t,..))``
  tree: evaluation per frame costs log(keyframes), and steps at cuts are exact.
* A split shot: ``split`` -> a moving crop per person -> scale to a half each -> ``vstack``.
* A pad shot: the whole picture fitted over a blurred copy (:func:`toolkit.media.render`'s
  ``blur`` mode).
* Runs of different kinds are cut out with ``trim`` (+ ``setpts``) and joined by ``concat``;
  each frame still passes exactly one chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from toolkit.media.render import FramePlan, split_halves, video_chain
from toolkit.reframe.camera_path import MAX_PIECES, CameraPath, Keyframe, Shot

Stream = Any
_Piece = tuple[float, float, float]  # start time, value at start, slope


def render_path(stream: Stream, path: CameraPath, src_frame: Any, out_w: int,
                out_h: int) -> Stream:
    """See :func:`toolkit.reframe.camera_path.camera_chain`."""
    sx, sy = src_frame.width / path.frame_w, src_frame.height / path.frame_h
    groups = _groups(path.shots)
    stream = stream.filter("setpts", "PTS-STARTPTS")
    if len(groups) == 1:
        return _group_chain(stream, groups[0], src_frame, (sx, sy), out_w, out_h, 0.0)
    node = stream.filter_multi_output("split", len(groups))
    parts = []
    for i, group in enumerate(groups):
        a = group[0].start
        trim: dict[str, Any] = {"start": f"{a:.4f}"} if i else {}
        if i < len(groups) - 1:
            trim["end"] = f"{group[-1].end:.4f}"
        part = node.stream(i).filter("trim", **trim).filter("setpts", "PTS-STARTPTS")
        parts.append(_group_chain(part, group, src_frame, (sx, sy), out_w, out_h, a))
    import ffmpeg

    return ffmpeg.concat(*parts, v=1, a=0)


def _groups(shots: Sequence[Shot]) -> list[list[Shot]]:
    """Consecutive one-window shots of one window size form a group; others stand alone."""
    out: list[list[Shot]] = []
    for shot in shots:
        single = shot.layout in ("track", "stationary")
        if out and single and out[-1][-1].layout in ("track", "stationary") and (
                (out[-1][-1].crop_w, out[-1][-1].crop_h) == (shot.crop_w, shot.crop_h)):
            out[-1].append(shot)
        else:
            out.append([shot])
    return out


def _size(shot: Shot, src_frame: Any, scale: tuple[float, float]) -> tuple[int, int]:
    w = min(src_frame.width, max(2, int(round(shot.crop_w * scale[0] / 2)) * 2))
    h = min(src_frame.height, max(2, int(round(shot.crop_h * scale[1] / 2)) * 2))
    return w, h


def _group_chain(stream: Stream, group: list[Shot], src_frame: Any, scale: tuple[float, float],
                 out_w: int, out_h: int, offset: float) -> Stream:
    first = group[0]
    if first.layout == "pad":
        return video_chain(stream, src_frame, FramePlan(out_w, out_h, "blur"))
    w, h = _size(first, src_frame, scale)
    if first.layout == "split":
        half, rest = split_halves(out_h)
        node = stream.filter_multi_output("split", 2)
        top = _crop(node.stream(0), [first], (w, h), scale, offset, second=False)
        bottom = _crop(node.stream(1), [first], (w, h), scale, offset, second=True)
        top = top.filter("scale", out_w, half).filter("setsar", "1")
        bottom = bottom.filter("scale", out_w, rest).filter("setsar", "1")
        import ffmpeg

        return ffmpeg.filter([top, bottom], "vstack", inputs=2)
    cropped = _crop(stream, group, (w, h), scale, offset, second=False)
    return cropped.filter("scale", out_w, out_h).filter("setsar", "1")


def _crop(stream: Stream, shots: list[Shot], size: tuple[int, int], scale: tuple[float, float],
          offset: float, second: bool) -> Stream:
    xs = [_pieces(s, 1, scale[0], second) for s in shots]
    ys = [_pieces(s, 2, scale[1], second) for s in shots]
    x = expression([p for ps in xs for p in ps], offset)
    y = expression([p for ps in ys for p in ps], offset)
    return stream.filter("crop", size[0], size[1], x=x, y=y)


def _pieces(shot: Shot, axis: int, scale: float, second: bool) -> list[_Piece]:
    """Linear pieces of one coordinate over the shot (the last key holds to the shot's end)."""
    keys: Sequence[Keyframe] = shot.keyframes2 if second else shot.keyframes
    keys = _thin(list(keys)) or [(shot.start, 0.0, 0.0)]
    pieces = [(shot.start, keys[0][axis] * scale, 0.0)]
    for k0, k1 in zip(keys, keys[1:]):
        dt = k1[0] - k0[0]
        slope = (k1[axis] - k0[axis]) * scale / dt if dt > 0 else 0.0
        pieces.append((max(shot.start, k0[0]), k0[axis] * scale, slope))
    pieces.append((keys[-1][0], keys[-1][axis] * scale, 0.0))
    out: list[_Piece] = []
    for p in pieces:  # later pieces starting at the same time replace earlier ones
        if out and p[0] <= out[-1][0] + 1e-9:
            out[-1] = p
        else:
            out.append(p)
    return out


def _thin(keys: list[Keyframe]) -> list[Keyframe]:
    if len(keys) <= MAX_PIECES:
        return keys
    step = len(keys) / (MAX_PIECES - 1)
    return [keys[int(i * step)] for i in range(MAX_PIECES - 1)] + [keys[-1]]


def expression(pieces: Sequence[_Piece], offset: float = 0.0) -> str:
    """An ffmpeg expression of ``t`` following the pieces (a balanced binary ``if`` tree).

    Args:
        pieces: ``(start, value, slope)`` sorted by start; each holds until the next starts.
        offset: Added to ``t`` first (for a stream trimmed to start at ``offset``).
    """
    var = f"(t+{offset:.4f})" if offset else "t"

    def leaf(p: _Piece) -> str:
        if abs(p[2]) < 1e-6:
            return f"{p[1]:.2f}"
        return f"{p[1]:.2f}+{p[2]:.4f}*({var}-{p[0]:.4f})"

    def tree(lo: int, hi: int) -> str:
        if hi - lo == 1:
            return leaf(pieces[lo])
        mid = (lo + hi) // 2
        return f"if(lt({var},{pieces[mid][0]:.4f}),{tree(lo, mid)},{tree(mid, hi)})"

    return tree(0, len(pieces)) if pieces else "0"
