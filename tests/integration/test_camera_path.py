"""Camera paths on clips with a known face path, real recordings, cuts, two people, no face."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from frames import frame_at
from reframe_media import face_box, face_clip, face_image, face_size, linear, sine, step
from toolkit.reframe.analysis import analyse_clip
from toolkit.reframe.analysis_decode import (TIME_KEY, Sides, analysis_rate, decode_gray,
                                             grid_cells, read_scene_scores, skips_nonref)
from toolkit.reframe.camera_path import CameraPath, plan_camera_path
from toolkit.reframe.faces import detect_faces
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe
from toolkit.products.reformat import debug_path, reformat

pytestmark = pytest.mark.slow
W, H = 640, 360


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Analysis cache in a per-session folder (never the user's)."""
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="module")
def face(shared_media, tmp_path_factory) -> Path:
    return face_image(shared_media, tmp_path_factory.mktemp("face") / "face.png")


def _plan(src: Path, **kw) -> CameraPath:
    info = probe(src)
    return plan_camera_path(src, info, 0.0, info.duration, 360, 640, **kw)


def _inside(path: CameraPath, t: float, box: tuple[float, float, float, float]) -> bool:
    shot = path.shot_at(t)
    x, y, w, h = box
    windows = [shot.window_at(t)] + ([shot.window_at(t, True)] if shot.keyframes2 else [])
    return any(wx - 1 <= x and x + w <= wx + shot.crop_w + 1 and wy - 1 <= y
               and y + h <= wy + shot.crop_h + 1 for wx, wy in windows)


@pytest.mark.parametrize("kind", ["linear", "sine"])
def test_window_holds_a_face_moving_along_a_known_path(face, tmp_path, kind):
    fw, fh = face_size(face)
    motion = (linear(20, W - 20 - fw, 4.0, 120) if kind == "linear"
              else sine(300, 200, 3.0, 110, 30))
    src = face_clip(face, tmp_path / f"{kind}.mp4", [motion], seconds=4.0)
    path = _plan(src)
    assert [s.layout for s in path.shots] == ["track"]
    times = np.arange(0.0, 4.0, 0.04)
    inside = [_inside(path, t, face_box(motion, t, (fw, fh))) for t in times]
    assert np.mean(inside) >= 0.95, f"face outside the window in {inside.count(False)} frames"
    assert CameraPath.from_json(path.to_json()) == path


def test_rendered_crop_shows_the_face(face, tmp_path):
    fw, _ = face_size(face)
    src = face_clip(face, tmp_path / "lin.mp4", [linear(20, W - 20 - fw, 4.0, 120)])
    out = reformat(src, tmp_path / "smart.mp4", "9:16", "smart", width=180,
                   debug_overlay=True).video
    center = reformat(src, tmp_path / "center.mp4", "9:16", "center", width=180).video
    for t in (0.3, 2.0, 3.6):
        assert detect_faces(frame_at(out, t, "gray")), f"no face in the smart crop at {t} s"
    assert not detect_faces(frame_at(center, 0.3, "gray"))  # the face starts far left
    dbg = probe(debug_path(out))
    assert dbg.video is not None and dbg.video.width == W and abs(dbg.duration - 4.0) < 0.2


def test_a_cut_restarts_the_path(face, tmp_path):
    fw, _ = face_size(face)
    src = face_clip(face, tmp_path / "cut.mp4", [step(30, W - 30 - fw, 2.0, 120)],
                    backgrounds=("0x303840", "0xb0a890"))
    path = _plan(src)
    assert len(path.shots) == 2
    assert abs(path.shots[0].end - 2.0) < 0.04  # to the frame (25 fps)
    x0, _ = path.shots[0].window_at(path.shots[0].end - 0.2)
    x1, _ = path.shots[1].window_at(path.shots[1].start)
    assert x0 + path.shots[0].crop_w <= W / 2 and x1 >= W / 2  # jumps, no pan across the cut
    out = reformat(src, tmp_path / "cut9x16.mp4", "9:16", "smart", width=180).video
    for t in (1.0, 3.0):
        assert detect_faces(frame_at(out, t, "gray")), f"face lost at {t} s"


@pytest.fixture(scope="module")
def two_apart(face, tmp_path_factory) -> Path:
    fw, _ = face_size(face)
    out = tmp_path_factory.mktemp("two") / "two.mp4"
    return face_clip(face, out, [linear(15, 25, 3.0, 120), linear(W - 25 - fw, W - 15 - fw,
                                                                   3.0, 120)], seconds=3.0)


def test_two_faces_far_apart_split_the_screen(two_apart, tmp_path):
    path = _plan(two_apart)
    assert [s.layout for s in path.shots] == ["split"]
    out = reformat(two_apart, tmp_path / "split.mp4", "9:16", "smart", width=180).video
    gray = frame_at(out, 1.5, "gray")
    top, bottom = detect_faces(gray[:160]), detect_faces(gray[160:])
    assert top and bottom, "each half should show one person"


def test_pad_layout_overrides_split(two_apart, tmp_path):
    assert [s.layout for s in _plan(two_apart, layout="pad").shots] == ["pad"]
    assert [s.layout for s in _plan(two_apart, layout="single").shots] != ["split"]
    out = reformat(two_apart, tmp_path / "pad.mp4", "9:16", "smart", width=360, layout="pad").video
    faces = detect_faces(frame_at(out, 1.5, "gray"))
    assert len(faces) == 2  # the whole picture, both people, over the blurred fill


@pytest.mark.parametrize("source", ["color", "testsrc2"])
def test_no_face_falls_back_without_error(lavfi_clip, tmp_path, source):
    if source == "color":
        src = tmp_path / "plain.mp4"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                        "color=c=0x808080:s=320x180:r=25:d=2", "-c:v", "libx264", "-preset",
                        "ultrafast", "-pix_fmt", "yuv420p", str(src)], check=True, timeout=60)
    else:
        src = lavfi_clip(seconds=2, size="320x180", audio=None)
    path = _plan(src)
    assert path.shots and all(s.layout in ("stationary", "track") for s in path.shots)
    if source == "color":
        assert path.shots[0].layout == "stationary"
        x, _ = path.shots[0].window_at(1.0)
        assert abs(x + path.shots[0].crop_w / 2 - 160) <= 2  # centred
    out = reformat(src, tmp_path / "o.mp4", "9:16", "smart", width=90).video
    assert probe(out).video.width == 90


# Where the two men stand in sample_media/zwei_personen_querformat.mp4 at 1.0 s (x range in
# pixels of the 640x360 frame, read off the frame by hand).
PEOPLE_AT_1S = [(128, 178), (185, 262)]


def test_chaplin_first_second_shows_a_person(tmp_path):
    src = Path(__file__).resolve().parents[2] / "sample_media" / "zwei_personen_querformat.mp4"
    out = reformat(src, tmp_path / "reels.mp4", "9:16", "smart", width=180).video
    for t in (0.5, 1.0):
        got = cv2.resize(frame_at(out, t, "gray"), (202, 360), interpolation=cv2.INTER_AREA)
        ref = frame_at(src, t, "gray")
        score = cv2.matchTemplate(ref, got, cv2.TM_CCOEFF_NORMED)
        x = int(np.argmax(score.max(axis=0)))
        assert score.max() > 0.8  # the output is a crop of the source
        shown = [min(x + 202, b) - max(x, a) for a, b in PEOPLE_AT_1S]
        assert max(s / (b - a) for s, (a, b) in zip(shown, PEOPLE_AT_1S)) >= 0.9, (t, x)


def test_analysis_is_cached_and_shared(face, tmp_path):
    src = face_clip(face, tmp_path / "c.mp4", [linear(100, 300, 2.0, 100)], seconds=2.0)
    info = probe(src)
    first = analyse_clip(src, info)
    assert analyse_clip(src, info) == first
    assert any(s.faces for s in first.samples())  # the cover choice reads the same frames


def _with_bframes(src: Path) -> Path:
    """The clip re-encoded as exports are: x264 with B-frames that no frame refers to."""
    out = src.with_name(src.stem + "_b.mp4")
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(src), "-c:v", "libx264",
                    "-preset", "faster", "-bf", "3", "-pix_fmt", "yuv420p", str(out)],
                   check=True, capture_output=True, timeout=120)
    return out


@pytest.mark.parametrize("coding", ["every frame a reference", "B-frames"])
def test_analysis_times_match_the_frames_shown(face, tmp_path, coding):
    """A face walking fast across a 25 fps clip: each analysis frame's detected position fits
    the true position at the frame's recorded time. (At 6 fps of 25 fps the frame shown was
    up to one source frame older than its time: a sawtooth error of up to 7 px here, which a
    window pressed against the face followed as jitter.) With B-frames the decoder skips the
    frames no other refers to, so an analysis frame may come a frame or two after its grid
    point: its boxes are moved back to the grid time."""
    fw, fh = face_size(face)
    motion = linear(10, W - 10 - fw, 3.0, 120)
    src = face_clip(face, tmp_path / "walk.mp4", [motion], seconds=3.0)
    if coding == "B-frames":
        src = _with_bframes(src)
    analysis = analyse_clip(src, probe(src), cache=False)
    err = np.array([next(b.cx for b in f.boxes if b.is_face) * W
                    - (face_box(motion, f.time, (fw, fh))[0] + fw / 3)
                    for f in analysis.frames if any(b.is_face for b in f.boxes)])
    assert len(err) >= 0.9 * len(analysis.frames)
    spread = np.abs(err - np.median(err))
    assert spread.max() < 4.0, f"detected minus true x: {np.round(err, 1)}"
    assert np.allclose(np.diff([f.time for f in analysis.frames]), 1 / analysis.fps)


def test_the_analysis_decode_skips_frames_nothing_refers_to(face, tmp_path):
    """On a clip with B-frames the analysis frames are not all on the grid (some grid points'
    own frames were not decoded), and each lies in its grid interval."""
    src = _with_bframes(face_clip(face, tmp_path / "walk.mp4", [linear(10, 400, 3.0, 120)],
                                  seconds=3.0))
    info = probe(src)
    rate = analysis_rate(info, 6.0)
    assert skips_nonref(info, rate)
    times = tmp_path / "times.txt"
    decode_gray(src, tmp_path / "frames.gray", (0.0, 3.0), (64, 36), rate,
                Sides(times=times), skip_nonref=True)
    shown = [t for t, _ in read_scene_scores(times, 0.0, TIME_KEY)]
    cells = grid_cells(shown, 0.0, float(rate))
    assert cells == list(range(len(cells))) and len(cells) >= 17
    late = [t - k / float(rate) for t, k in zip(shown, cells)]
    assert all(-0.01 <= d < 1 / float(rate) for d in late)
    assert max(late) > 0.02  # at least one grid point's own frame was skipped
    frames = (tmp_path / "frames.gray").stat().st_size // (64 * 36)
    assert frames == len(shown)


def _speaker_beside_a_still(shared_media: Path, out: Path, speaker_left: bool) -> Path:
    """A real GRID talking head (with its sound) beside a frozen frame of another one, zoomed
    so that the silent face is the larger (the largest face would win without the cue)."""
    video = shared_media / "video"
    still = out.with_suffix(".png")
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-ss", "1.0", "-i",
                    str(video / "grid_bbaf2n.mpg"), "-frames:v", "1", "-vf",
                    "scale=iw*1.3:-2,crop=360:288", str(still)], check=True)
    pair = "[0:v][1:v]" if speaker_left else "[1:v][0:v]"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(video / "grid_lbax4n.mpg"),
                    "-loop", "1", "-framerate", "25", "-i", str(still), "-filter_complex",
                    f"{pair}hstack=inputs=2:shortest=1[v]", "-map", "[v]", "-map", "0:a",
                    "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest",
                    str(out)], check=True, capture_output=True, timeout=120)
    return out


@pytest.mark.parametrize("speaker_left", [True, False])
def test_one_window_follows_the_face_that_speaks(shared_media, tmp_path, speaker_left):
    """Two faces too far apart for one 9:16 window (layout single): the window holds the one
    whose mouth moves while there is voice, on whichever side it is."""
    src = _speaker_beside_a_still(shared_media, tmp_path / "pair.mp4", speaker_left)
    path = _plan(src, layout="single")
    info = probe(src)
    half = (info.video.width if info.video else 0) / 2
    speaker = (0.0, half) if speaker_left else (half, 2 * half)
    shown = []
    for t in np.arange(0.2, info.duration - 0.2, 0.2):
        x, _ = path.shot_at(t).window_at(t)
        centre = x + path.shots[0].crop_w / 2
        shown.append(speaker[0] <= centre < speaker[1])
    assert np.mean(shown) >= 0.9, f"window on the speaker in {sum(shown)}/{len(shown)} samples"
