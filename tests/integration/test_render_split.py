"""Duel split screen: both takes at once, aligned on start marks suggested from the sound."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from frames import frame_at
from render_fixtures import SMALL, make_clip, new_project
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.edit.split import set_split, suggest_marks
from toolkit.errors import UserInputError
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.project import add_take, save_project


def clap_clip(path: Path, seconds: float, at: float, colour: str) -> Path:
    """A clip that is quiet except for a short clap-like burst at ``at``."""
    expr = f"if(between(t\\,{at}\\,{at + 0.08})\\,0.8*sin(2*PI*1500*t)*exp(-40*(t-{at}))\\,0)"
    args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"color=c={colour}:s=320x240:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"aevalsrc={expr}:s=48000:d={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-shortest", str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return path


def test_suggested_marks_line_up_the_clap(tmp_path: Path) -> None:
    a = clap_clip(tmp_path / "a.mp4", 3.0, 0.6, "red")
    b = clap_clip(tmp_path / "b.mp4", 3.0, 1.5, "blue")
    found = suggest_marks(a, b)
    assert found.lag == pytest.approx(0.9, abs=0.03)
    assert found.mark_b - found.mark_a == pytest.approx(0.9, abs=0.03)
    assert found.score > 0.3


def test_split_screen_shows_both_takes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", make_clip(tmp_path / "g.mp4", 2.0, "green"))
    a = add_take(project, "runde-1", clap_clip(tmp_path / "a.mp4", 3.0, 0.4, "red"))
    b = add_take(project, "runde-1", clap_clip(tmp_path / "b.mp4", 3.0, 1.0, "blue"))
    found = set_split(project, "runde-1", a.id, b.id, suggest=True)
    save_project(project)
    assert found is not None and found.lag == pytest.approx(0.6, abs=0.03)
    with pytest.raises(UserInputError):
        set_split(project, "runde-1", a.id, b.id, marks=(0.0, 9.0))
    result = render_project(project.name, "reels,youtube", options=SMALL, workspace=ws)
    clip = next(c for c in result.plan.timeline.clips if c.id == "runde-1")
    assert clip.kind == "split" and [s.take for s in clip.sources] == [a.id, b.id]
    assert clip.sources[1].ranges[0].start - clip.sources[0].ranges[0].start == \
        pytest.approx(0.6, abs=0.05)
    assert clip.seconds == pytest.approx(3.0 - clip.sources[1].ranges[0].start, abs=0.05)
    t = clip.start + clip.seconds / 2
    reels = frame_at(result.out_dir / "reels.mp4", t).astype(float)
    h, w = reels.shape[:2]
    top = reels[int(h * 0.3):int(h * 0.45), w // 3: 2 * w // 3].reshape(-1, 3).mean(axis=0)
    bottom = reels[int(h * 0.55):int(h * 0.7), w // 3: 2 * w // 3].reshape(-1, 3).mean(axis=0)
    assert top[0] > 150 and top[2] < 90, top        # A (red) on top
    assert bottom[2] > 150 and bottom[0] < 90, bottom  # B (blue) below
    yt = frame_at(result.out_dir / "youtube.mp4", t).astype(float)
    h, w = yt.shape[:2]
    left = yt[int(h * 0.4):int(h * 0.6), int(w * 0.1):int(w * 0.4)].reshape(-1, 3).mean(axis=0)
    right = yt[int(h * 0.4):int(h * 0.6), int(w * 0.6):int(w * 0.9)].reshape(-1, 3).mean(axis=0)
    assert left[0] > 150 and right[2] > 150 and np.abs(left - right).max() > 100


def test_split_fills_a_frame_whose_half_is_odd(tmp_path: Path) -> None:
    """A 4:5 feed of 360x450 splits into 224 + 226 rows (225 would be odd): the halves fill
    the frame exactly (at full size the same holds for 1080x1350)."""
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", make_clip(tmp_path / "g.mp4", 1.0, "green"))
    a = add_take(project, "runde-1", make_clip(tmp_path / "a.mp4", 1.5, "red"))
    b = add_take(project, "runde-1", make_clip(tmp_path / "b.mp4", 1.5, "blue", freq=880))
    set_split(project, "runde-1", a.id, b.id, marks=(0.0, 0.0))
    save_project(project)
    result = render_project(project.name, "ig-feed-4x5", workspace=ws,
                            options=RenderOptions(scale=1 / 3, mode="center"))
    clip = next(c for c in result.plan.timeline.clips if c.id == "runde-1")
    frame = frame_at(result.out_dir / "ig-feed-4x5.mp4", clip.start + 0.5).astype(float)
    assert frame.shape[:2] == (450, 360)
    # probed right of the middle: the round's timer sits on the seam's centre, a name on its left
    assert frame[216:222, 270:330, 0].mean() > 150  # red down to the seam
    assert frame[228:234, 270:330, 2].mean() > 150  # blue from the seam
    assert frame[440:, 150:210, 2].mean() > 150  # to the bottom edge
