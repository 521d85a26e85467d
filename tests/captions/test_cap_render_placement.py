"""Captions of a rendered project never cover a face: in a full-frame shot and in a split screen.

The takes show a real speaker (GRID) exactly where the style puts its captions: low in the frame
for the full-frame shot, high in the bottom take of the split (which lands at the caption spot of
the stacked 9:16 output). The captions are found as the pixels that differ from the same render
without captions; the faces are detected in that plain render.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from cap_helpers import decode_luma
from render_fixtures import new_project
from toolkit.captions.ass import Box
from toolkit.captions.burn import safe_box
from toolkit.captions.placement import overlaps
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.edit.split import set_split
from toolkit.reframe.faces import detect_faces
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.project import add_take, save_project

W, H = 360, 640  # reels at a third of its size


def _speaker_at(src: Path, out: Path, y: int) -> Path:
    """A 9:16 clip with the GRID speaker's picture placed ``y`` pixels from the top."""
    graph = (f"color=c=0x303030:s={W}x{H}:r=25:d=2.9[bg];[0:v]scale=360:288[fg];"
             f"[bg][fg]overlay=0:{y}:shortest=1[v]")
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(src), "-filter_complex", graph,
                    "-map", "[v]", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast",
                    "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "2.9", str(out)],
                   check=True, capture_output=True, timeout=120)
    return out


@pytest.fixture(scope="module")
def duel(shared_media: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A project: a full-frame shot (face low) and a split (bottom take's face high)."""
    folder = tmp_path_factory.mktemp("render-placement")
    video = shared_media / "video"
    low = _speaker_at(video / "grid_bbaf2n.mpg", folder / "low.mp4", 250)
    low_b = _speaker_at(video / "grid_lbax4n.mpg", folder / "low_b.mp4", 250)
    high = _speaker_at(video / "grid_bbaf2n.mpg", folder / "high.mp4", 100)
    ws = folder / "ws"
    project = new_project(ws)
    add_take(project, "hook", low)
    a = add_take(project, "runde-1", low_b)
    b = add_take(project, "runde-1", high)
    set_split(project, "runde-1", a.id, b.id, marks=(0.0, 0.0))
    save_project(project)
    pinned = folder / "pinned.yaml"
    pinned.write_text("name: pinned\nmode: words\nmax_words: 3\nbold: true\nsize: 0.066\n"
                      "outline: 0.0055\nposition: bottom\npinned: true\n", encoding="utf-8")
    return project, ws, folder, pinned


def _render(duel, captions: str | None, mode: str, name: str):  # noqa: ANN001, ANN202
    project, ws, folder, _ = duel
    options = RenderOptions(scale=1 / 3, captions=captions, language="en", mode=mode)
    result = render_project(project.name, "reels", options=options, workspace=ws,
                            out_dir=folder / f"{name}-{mode}")
    return result, decode_luma(result.out_dir / "reels.mp4", W, H)


def _caption_box(with_caps: np.ndarray, plain: np.ndarray) -> Box | None:
    ys, xs = np.nonzero(np.abs(with_caps.astype(int) - plain.astype(int)) > 60)
    if ys.size <= 30:
        return None
    return Box(int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def _faces(frame: np.ndarray) -> list[Box]:
    return [Box(round(f.x * W), round(f.y * H), round((f.x + f.w) * W), round((f.y + f.h) * H))
            for f in detect_faces(frame)]


def _pairs(captioned: np.ndarray, plain: np.ndarray, clip) -> list[tuple[Box, list[Box]]]:  # noqa: ANN001
    """(caption box, faces) of every 3rd frame of ``clip`` that shows a caption."""
    first, last = round(clip.start * 25), round((clip.start + clip.seconds) * 25)
    out = []
    for i in range(first, min(last, len(plain)), 3):
        box = _caption_box(captioned[i], plain[i])
        if box is not None:
            out.append((box, _faces(plain[i])))
    return out


@pytest.mark.parametrize("mode", ["smart", "center"])
def test_rendered_captions_cover_no_face(duel, transcribed, mode: str) -> None:  # noqa: ANN001
    result, plain = _render(duel, None, mode, "plain")
    _, moved = _render(duel, "social", mode, "social")
    clips = {c.id: c for c in result.plan.timeline.clips}
    assert clips["runde-1"].kind == "split"
    area = safe_box(W, H)
    for shot in ("hook", "runde-1"):
        pairs = _pairs(moved, plain, clips[shot])
        assert len(pairs) >= 3, f"captions must be burned in during {shot}"
        faces = [f for _, fs in pairs for f in fs]
        assert faces, f"the {shot} shot must show a detectable face"
        assert any(overlaps(f, area) for f in faces), f"a face must sit at the caption spot"
        hits = [(c, f) for c, fs in pairs for f in fs if overlaps(c, f)]
        assert not hits, f"{shot}: caption boxes over faces: {hits[:3]}"
        free = Box(0, round(270 * H / 1920), W, round(1240 * H / 1920))
        assert all(free.y0 <= c.y0 and c.y1 <= free.y1 for c, _ in pairs), "inside safe zone"


def test_pinned_style_keeps_its_place_over_the_face(duel) -> None:  # noqa: ANN001
    result, plain = _render(duel, None, "smart", "plain")
    _, pinned = _render(duel, str(duel[3]), "smart", "pinned")
    hook = next(c for c in result.plan.timeline.clips if c.id == "hook")
    pairs = _pairs(pinned, plain, hook)
    assert pairs and any(overlaps(c, f) for c, fs in pairs for f in fs), \
        "a pinned style stays where it is put, even over a face"
