"""Ingest: rotation, square pixels, even sizes, constant frame rate, 48 kHz audio, safety."""

from __future__ import annotations

import json
import threading
from fractions import Fraction
from pathlib import Path

import av
import ffmpeg
import numpy as np
import pytest

from toolkit.errors import Cancelled, UserInputError
from toolkit.media import runner
from toolkit.media.ingest import build_ingest_graph, ingest, plan_ingest, target_fps
from toolkit.media.probe import probe

VIDEO = "video"


# ---- pure planning -------------------------------------------------------------------------

@pytest.mark.parametrize("average,expected", [
    (25.0, Fraction(25)), (24.0, Fraction(24)), (29.977, Fraction(30000, 1001)),
    (30.02, Fraction(30)), (23.976, Fraction(24000, 1001)), (10.5, Fraction(25)),
    (14.985, Fraction(25)), (27.0, Fraction(30)), (40.0, Fraction(50)), (120.0, Fraction(60)),
    (0.0, Fraction(30)), (1.0, Fraction(25)),
])
def test_target_fps(average, expected):
    assert target_fps(average) == expected
    if 0 < average <= 60:
        assert float(target_fps(average)) >= average * 0.995  # never below the source rate


def test_graph_for_rotated_vfr_phone_file(shared_media, tmp_path):
    src = shared_media / VIDEO / "moviepy_fire2_phone_vfr_rot180.mp4"
    plan = plan_ingest(probe(src))
    assert set(plan.fixed) >= {"rotation", "vfr"}
    args = runner.build_args(build_ingest_graph(src, tmp_path / "o.mp4", plan))
    graph = args[args.index("-filter_complex") + 1]
    for part in ("fps=fps=25", "scale=1280:720", "setsar=1", "aresample=48000",
                 "async=1", "first_pts=0", "apad"):
        assert part in graph, graph
    assert "-shortest" in args and "-noautorotate" not in args


# ---- real phone files ----------------------------------------------------------------------

def _frame_gray(path: Path, size: tuple[int, int], upright: bool) -> np.ndarray:
    """First video frame as a small grey image; ``upright`` applies the display rotation."""
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        ccw = int(getattr(frame, "rotation", 0) or 0) if upright else 0
        w, h = size if ccw % 180 == 0 else size[::-1]
        img = frame.reformat(width=w, height=h, format="gray").to_ndarray().astype(float)
    return np.rot90(img, k=ccw // 90)


def _assert_upright(original: Path, result: Path, size: tuple[int, int]) -> None:
    got = _frame_gray(result, size, upright=False)
    want = _frame_gray(original, size, upright=True)
    assert got.shape == want.shape
    right = np.abs(got - want).mean()
    wrong = np.abs(got - np.rot90(want, 2)).mean()
    assert right < 12 and right < wrong / 2, (right, wrong)


def test_iphone_rotated_file_comes_out_upright(shared_media, tmp_path):
    src = shared_media / VIDEO / "jsonize_iphone4s_rotated90.mov"
    result = ingest(src, tmp_path / "iphone.mp4")
    v = result.after.video
    assert v is not None and (v.width, v.height, v.rotation) == (320, 568, 0)
    assert (v.display_width, v.display_height) == (320, 568) and v.sar == "1:1"
    assert "rotation" in result.fixed
    assert result.after.audio is not None and result.after.audio.sample_rate == 48000
    _assert_upright(src, result.path, (32, 57))


def test_android_vfr_file_becomes_constant_rate_in_sync(shared_media, tmp_path):
    src = shared_media / VIDEO / "moviepy_fire2_phone_vfr_rot180.mp4"
    result = ingest(src, tmp_path / "android.mp4")
    v = result.after.video
    assert v is not None and (v.width, v.height, v.rotation) == (1280, 720, 0)
    assert v.vfr is False and v.fps == pytest.approx(25.0, abs=0.01)
    assert result.after.audio is not None and result.after.audio.sample_rate == 48000
    video_s, audio_s = _stream_durations(result.path)
    assert abs(video_s - audio_s) <= 1 / v.fps, (video_s, audio_s)
    assert video_s == pytest.approx(result.before.duration, abs=2 / v.fps)
    _assert_upright(src, result.path, (64, 36))


def _stream_durations(path: Path) -> tuple[float, float]:
    """(video, audio) durations from the streams' last packet ends (PyAV)."""
    ends = {"video": 0.0, "audio": 0.0}
    with av.open(str(path)) as container:
        for packet in container.demux():
            if packet.pts is None or packet.stream.type not in ends:
                continue
            end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
            ends[packet.stream.type] = max(ends[packet.stream.type], end)
    return ends["video"], ends["audio"]


# ---- generated clips -----------------------------------------------------------------------

def test_generated_rotation_and_non_square_pixels(lavfi_clip, tmp_path):
    rotated = ingest(lavfi_clip(seconds=1, size="160x120", rotate=90), tmp_path / "r.mp4")
    assert rotated.after.video is not None and rotated.after.video.rotation == 0
    assert (rotated.after.video.width, rotated.after.video.height) == (120, 160)
    anamorphic = lavfi_clip(seconds=1, size="160x120", extra=("-vf", "setsar=2"))
    assert probe(anamorphic).video.sar == "2:1"
    result = ingest(anamorphic, tmp_path / "s.mp4")
    v = result.after.video
    assert (v.width, v.height, v.sar) == (320, 120, "1:1") and "sar" in result.fixed


def test_odd_size_and_multichannel_audio(tmp_path):
    six = "|".join(f"0.1*sin(2*PI*{200 + 50 * i}*t)" for i in range(6))
    src = tmp_path / "src" / "odd.mkv"
    src.parent.mkdir()
    video = ffmpeg.input("testsrc=size=161x121:rate=25:duration=1", f="lavfi")
    audio = ffmpeg.input(f"aevalsrc={six}:s=44100:d=1", f="lavfi")
    runner.run(ffmpeg.output(video, audio, str(src), vcodec="libx264", pix_fmt="yuv444p",
                             preset="ultrafast", acodec="pcm_s16le"), outputs=[src])
    before = probe(src)
    assert (before.video.width, before.audio.channels) == (161, 6)
    result = ingest(src, tmp_path / "odd.mp4")
    v, a = result.after.video, result.after.audio
    assert (v.width, v.height) == (160, 120) and v.pix_fmt == "yuv420p"
    assert a.channels == 2 and a.sample_rate == 48000
    assert {"odd_size", "audio_rate"} <= set(result.fixed)


def test_audio_only_and_video_only(lavfi_clip, tmp_path):
    audio = ingest(lavfi_clip(seconds=1, size=None, audio="sine", suffix=".wav"),
                   tmp_path / "a.m4a")
    assert audio.after.video is None and audio.after.audio.sample_rate == 48000
    assert audio.after.duration == pytest.approx(1.0, abs=0.05)
    video = ingest(lavfi_clip(seconds=1, size="64x48", audio=None), tmp_path / "v.mp4")
    assert video.after.audio is None and video.after.video.fps == pytest.approx(25.0)


# ---- safety --------------------------------------------------------------------------------

def test_refuses_to_overwrite_the_original_and_bad_outputs(lavfi_clip, tmp_path):
    src = lavfi_clip(seconds=1, size="64x48")
    for out, key in ((src, "ingest.same_file"), (tmp_path / "x.avi", "ingest.bad_suffix"),
                     (tmp_path / "missing" / "x.mp4", "ingest.no_output_dir")):
        with pytest.raises(UserInputError) as err:
            ingest(src, out)
        assert err.value.key == key
        assert str(out.name) in str(err.value)
    assert src.stat().st_size > 0


def test_cancel_leaves_nothing_behind(lavfi_clip, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        ingest(lavfi_clip(seconds=2, size="320x240"), tmp_path / "c.mp4", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_cli_ingest(lavfi_clip, tmp_path, capsys):
    from toolkit.cli import main

    src = lavfi_clip(seconds=1, size="64x48", rotate=90)
    assert main(["ingest", str(src), str(tmp_path / "o.mp4"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["after"]["rotation"] == 0 and "rotation" in data["fixed"]
    assert main(["ingest", str(src), str(src)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and src.name in err


def _first_loud(path: Path) -> float:
    """Presentation time of the first audio sample above -20 dBFS."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        for frame in container.decode(stream):
            loud = np.nonzero(np.abs(frame.to_ndarray()).max(axis=0) > 0.1)[0]
            if loud.size:
                return float(frame.pts * stream.time_base) + loud[0] / frame.sample_rate
    raise AssertionError("no loud sample")


def test_audio_starting_late_stays_in_sync(tmp_path):
    """Audio that starts 0.3 s after the video (as phones write it) keeps its place."""
    src = tmp_path / "src" / "late.mp4"
    src.parent.mkdir()
    video = ffmpeg.input("testsrc2=size=160x120:rate=30:duration=3", f="lavfi")
    beep = ffmpeg.input("aevalsrc='0.5*sin(2*PI*440*t)*between(t,0.7,0.8)':s=44100:d=2.5",
                        f="lavfi", itsoffset=0.3)
    runner.run(ffmpeg.output(video, beep, str(src), vcodec="libx264", preset="ultrafast",
                             acodec="aac"), outputs=[src])
    assert _first_loud(src) == pytest.approx(1.0, abs=0.01)
    result = ingest(src, tmp_path / "out.mp4")
    assert _first_loud(result.path) == pytest.approx(1.0, abs=0.01)
    video_s, audio_s = _stream_durations(result.path)
    assert abs(video_s - audio_s) <= 1 / 30
