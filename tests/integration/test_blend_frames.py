"""The timeline's moves show exactly the frames of one ``xfade`` over the whole timeline.

The graph builder passes only a move's own frames through ``xfade`` (it has no yuv420p: every
frame through it is converted to yuv444p and back). Here a timeline of three pieces with a
slide and a fade, the middle piece between both, is rendered by the builder and by a
hand-written ffmpeg graph of the same pieces with ``xfade`` chained over the whole timeline
(what the builder did before); every frame's picture is compared (luma exactly, chroma within
the 4:4:4 round trip the reference makes), and the frame count.
"""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from toolkit.media import runner
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.render import FramePlan, OutputPlan, SourceFrame
from toolkit.media.timeline_graph import (Blend, Part, Piece, PieceLook, TimelineInput,
                                          TimelineOutput, build_timeline_graph, open_inputs)

W, H, FPS = 160, 120, 25
PIECES = [(0.0, 2.0), (3.0, 3.0), (7.0, 1.6)]  # (source start, seconds)
BLENDS = [Blend(0, "slideleft", 0.25), Blend(1, "fade", 0.3)]


def _frames(raw: bytes) -> np.ndarray:
    size = W * H * 3 // 2
    assert len(raw) % size == 0
    return np.frombuffer(raw, np.uint8).reshape(-1, size)


def _reference(src: Path) -> np.ndarray:
    """One xfade per move, each over everything before it (ffmpeg's own semantics)."""
    tails = {b.after: b.seconds for b in BLENDS}
    chains, ins = [], []
    for k, (start, sec) in enumerate(PIECES):
        ins += ["-i", str(src)]
        end = start + sec + tails.get(k, 0.0)
        chains.append(f"[{k}:v]trim=start={start - 0.001:.6f}:end={end - 0.001:.6f},"
                      f"setpts=PTS-STARTPTS,fps={FPS},scale={W}:{H},setsar=1,format=yuv420p,"
                      f"settb=AVTB,fps={FPS}[p{k}]")
    chains.append(f"[p0][p1]xfade=transition=slideleft:duration=0.2500:"
                  f"offset={PIECES[0][1]:.6f}[x1]")
    chains.append(f"[x1]settb=AVTB,fps={FPS}[x1b];[x1b][p2]xfade=transition=fade:"
                  f"duration=0.3000:offset={PIECES[0][1] + PIECES[1][1]:.6f},"
                  f"format=yuv420p[out]")
    out = subprocess.run([ffmpeg_exe(), "-v", "error", *ins, "-filter_complex", ";".join(chains),
                          "-map", "[out]", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
                         capture_output=True, check=True, timeout=120)
    return _frames(out.stdout)


def _builder(src: Path, out: Path) -> np.ndarray:
    inputs = [TimelineInput(src, SourceFrame(320, 240), False)]
    pieces = [Piece(sec, (Part(0, start),)) for start, sec in PIECES]
    fps = Fraction(FPS)
    looks = tuple(PieceLook(frames=(FramePlan(W, H, "center", fps=fps),)) for _ in pieces)
    plan = OutputPlan(out, FramePlan(W, H, fps=fps), {"f": "rawvideo", "pix_fmt": "yuv420p"})
    graph = build_timeline_graph(open_inputs(inputs), inputs, pieces,
                                 [TimelineOutput(plan, looks)], None, blends=BLENDS)
    runner.run(graph, outputs=[out], duration=sum(s for _, s in PIECES), timeout=120)
    return _frames(out.read_bytes())


@pytest.mark.slow
def test_moves_show_the_frames_of_one_xfade_over_the_timeline(lavfi_clip, tmp_path: Path
                                                              ) -> None:
    src = lavfi_clip(seconds=9.0, size="320x240", fps=FPS, audio=None)
    ref, new = _reference(src), _builder(src, tmp_path / "new.yuv")
    assert len(new) == len(ref) == round(sum(s for _, s in PIECES) * FPS)
    luma = W * H
    assert np.array_equal(new[:, :luma], ref[:, :luma])
    # the reference took every frame through 4:4:4 and back, the builder only the moves' frames
    trip = subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
                           "-s", f"{W}x{H}", "-r", str(FPS), "-i", "-", "-vf",
                           "format=yuv444p,format=yuv420p", "-f", "rawvideo", "-"],
                          input=new.tobytes(), capture_output=True, check=True, timeout=120)
    round_trip = _frames(trip.stdout)
    same = [np.array_equal(r[luma:], n[luma:]) or np.array_equal(r[luma:], t[luma:])
            for r, n, t in zip(ref, new, round_trip)]
    assert all(same), f"frames whose colour differs: {[k for k, ok in enumerate(same) if not ok]}"
    # the moves really blend: a frame inside each differs from both of its neighbours' sources
    for at in (PIECES[0][1] + 0.12, PIECES[0][1] + PIECES[1][1] + 0.15):
        k = round(at * FPS)
        assert not np.array_equal(new[k, :luma], new[k - 4, :luma])
