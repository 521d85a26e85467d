"""Captions never cover a face: a face sits where the style puts its captions; the burned
captions must move off it (pixel test on the rendered video), unless the style pins them."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import numpy as np
import pytest

from cap_helpers import decode_luma
from toolkit.captions.ass import Box
from toolkit.captions.burn import safe_box
from toolkit.captions.for_export import ExportCaptions
from toolkit.captions.placement import FaceTrack, overlaps, place_event
from toolkit.captions.styles import load_style
from toolkit.reframe.faces import detect_faces
from toolkit.media.ffmpeg_bin import ffmpeg_exe

W, H = 360, 640


@pytest.fixture(scope="module")
def face_at_caption_spot(shared_media: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 9:16 clip whose speaker's face covers the usual caption area (y 50-65 %)."""
    grid = shared_media / "video" / "grid_bbaf2n.mpg"
    out = tmp_path_factory.mktemp("placement") / "face_low.mp4"
    graph = (f"color=c=0x303030:s={W}x{H}:r=25:d=2.9[bg];[0:v]scale=360:288[fg];"
             "[bg][fg]overlay=0:250:shortest=1[v]")
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(grid), "-filter_complex", graph,
                    "-map", "[v]", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast",
                    "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "2.9", str(out)],
                   check=True, capture_output=True, timeout=120)
    return out


def _render(src: Path, dst: Path, captions: ExportCaptions | None,
            mode: str = "center") -> np.ndarray:
    from toolkit.products.reformat import reformat

    reformat(src, dst, "9:16", mode, width=W, captions=captions)
    return decode_luma(dst, W, H)


def _caption_boxes(with_caps: np.ndarray, plain: np.ndarray) -> list[Box]:
    """Per frame, the bounding box of pixels the captions changed (None frames skipped)."""
    boxes = []
    for a, b in zip(with_caps, plain):
        ys, xs = np.nonzero(np.abs(a.astype(int) - b.astype(int)) > 60)
        if ys.size > 30:
            boxes.append(Box(int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    return boxes


def _faces(frames: np.ndarray) -> list[Box]:
    found = []
    for g in frames[::10]:
        for f in detect_faces(g):
            found.append(Box(round(f.x * W), round(f.y * H), round((f.x + f.w) * W),
                             round((f.y + f.h) * H)))
    return found


@pytest.mark.parametrize("mode", ["center", "smart"])
def test_burned_captions_cover_no_face(face_at_caption_spot, transcribed, tmp_path, mode):
    transcript = transcribed(face_at_caption_spot, language="en")
    assert transcript.words, "the GRID speaker says six words"
    style = load_style("social")
    plain = _render(face_at_caption_spot, tmp_path / "plain.mp4", None, mode)
    faces = _faces(plain)
    assert faces, "the fixture must show a detectable face"
    caption_area = safe_box(W, H)
    assert any(overlaps(f, caption_area) for f in faces), "face must sit at the caption spot"

    pinned = ExportCaptions(transcript, dataclasses.replace(style, pinned=True),
                            workdir=tmp_path / "p")
    moved = ExportCaptions(transcript, style, workdir=tmp_path / "m")
    over = _caption_boxes(_render(face_at_caption_spot, tmp_path / "pin.mp4", pinned, mode),
                          plain)
    off = _caption_boxes(_render(face_at_caption_spot, tmp_path / "mov.mp4", moved, mode),
                         plain)
    assert over and off, "captions must be burned in both renders"
    assert any(overlaps(c, f) for c in over for f in faces), "pinned style stays on the face"
    hits = [(c, f) for c in off for f in faces if overlaps(c, f)]
    assert not hits, f"caption boxes over faces: {hits[:3]}"
    area = Box(0, round(270 * H / 1920), W, round(1240 * H / 1920))
    assert all(area.y0 <= c.y0 and c.y1 <= area.y1 for c in off), "inside the safe zone"


def test_place_event_prefers_the_nearest_free_spot_and_falls_back():
    area = Box(0, 100, 360, 420)
    caption = Box(100, 360, 260, 410)
    assert place_event(caption, [], area) == caption
    face = Box(120, 300, 240, 440)
    moved = place_event(caption, [face], area)
    assert moved.height == caption.height and moved.y1 <= face.y0
    huge = Box(0, 90, 360, 430)  # nowhere free: the least-covering spot inside the area
    fallback = place_event(caption, [huge], area)
    assert area.y0 <= fallback.y0 and fallback.y1 <= area.y1


def test_face_track_time_window():
    track = FaceTrack(((0.0, (Box(0, 0, 1, 1),)), (3.0, (Box(2, 2, 3, 3),))))
    assert track.during(0.2, 0.4) == [Box(0, 0, 1, 1)]
    assert track.during(1.0, 1.5) == []
