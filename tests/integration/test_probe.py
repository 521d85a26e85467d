"""probe() on real phone files, edge cases and generated clips."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from toolkit.errors import MediaError
from toolkit.media.probe import probe


def test_iphone_rotated_file_reports_portrait(shared_media):
    info = probe(shared_media / "video" / "jsonize_iphone4s_rotated90.mov")
    assert info.video is not None and info.audio is not None
    assert (info.video.width, info.video.height) == (568, 320)
    assert info.video.rotation == 90
    assert (info.video.display_width, info.video.display_height) == (320, 568)


def test_android_vfr_file_is_flagged(shared_media):
    info = probe(shared_media / "video" / "moviepy_fire2_phone_vfr_rot180.mp4")
    assert info.video is not None
    assert info.video.vfr is True
    assert info.video.rotation == 180
    assert (info.video.display_width, info.video.display_height) == (1280, 720)


def test_constant_rate_clip_is_not_vfr(lavfi_clip):
    info = probe(lavfi_clip(seconds=2, size="320x240", fps=25))
    assert info.video is not None and info.video.vfr is False
    assert info.video.fps == pytest.approx(25, abs=0.01)
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert info.video.pix_fmt == "yuv420p" and info.video.bit_depth == 8


def test_generated_rotation_metadata(lavfi_clip):
    info = probe(lavfi_clip(seconds=1, size="320x240", rotate=90))
    assert info.video is not None and info.video.rotation in (90, 270)
    assert (info.video.display_width, info.video.display_height) == (240, 320)


def test_webm_without_duration_gets_measured(shared_media):
    info = probe(shared_media / "edge" / "moviepy_no_duration.webm")
    assert 4.0 < info.duration < 6.0


@pytest.mark.parametrize("name", ["zero_length.mp4", "chaplin_truncated_no_moov.mp4",
                                  "jsonize_broken_wav_21bytes.wav"])
def test_broken_files_raise_media_error_naming_the_file(shared_media, name):
    with pytest.raises(MediaError) as err:
        probe(shared_media / "edge" / name)
    assert name in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(MediaError, match="nicht gefunden"):
        probe(tmp_path / "nope.mp4")


def test_cli_probe_json_keys(shared_media):
    path = shared_media / "video" / "jsonize_iphone4s_rotated90.mov"
    out = subprocess.run([sys.executable, "-m", "toolkit.cli", "probe", str(path), "--json"],
                         capture_output=True, text=True, timeout=60, check=True)
    data = json.loads(out.stdout)
    for key in ("duration", "display_width", "display_height", "rotation", "vfr",
                "has_video", "has_audio"):
        assert key in data
    assert data["display_height"] == 568 and data["rotation"] == 90


def test_cli_user_error_exit_code_and_one_line(shared_media):
    out = subprocess.run([sys.executable, "-m", "toolkit.cli", "--lang", "en", "probe",
                          str(shared_media / "edge" / "zero_length.mp4")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "zero_length.mp4" in out.stderr and "empty" in out.stderr


def test_a_file_is_read_once_per_version(lavfi_clip, tmp_path, monkeypatch):
    """A render asks for a take's facts from several steps: the file is opened once; a new
    version of the file (replaced, as an upload's rename does) is read again."""
    import shutil

    import av

    opened: list[str] = []
    real = av.open

    def counted(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        opened.append(str(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(av, "open", counted)
    clip = tmp_path / "take.mp4"
    shutil.copyfile(lavfi_clip(seconds=1, size="320x240"), clip)
    first = probe(clip)
    assert probe(clip) == first and probe(str(clip)) == first
    assert opened == [str(clip)]
    other = tmp_path / "other.mp4"
    shutil.copyfile(lavfi_clip(seconds=2, size="160x120"), other)
    other.replace(clip)
    again = probe(clip)
    assert (again.video.width, again.duration) == (160, pytest.approx(2.0, abs=0.1))
    assert len(opened) == 2
