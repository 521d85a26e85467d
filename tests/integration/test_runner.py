"""The runner with a real ffmpeg: atomic outputs, progress, errors, cancel and timeout."""

from __future__ import annotations

import threading

import ffmpeg
import pytest

from toolkit.errors import Cancelled, FFmpegError, FFmpegTimeout
from toolkit.media.runner import run


def _tone(seconds: float):
    return ffmpeg.input(f"sine=frequency=440:duration={seconds}", f="lavfi")


def _video(seconds: float, size: str = "640x360"):
    return ffmpeg.input(f"testsrc2=size={size}:rate=25:duration={seconds}", f="lavfi")


def test_success_renames_output_and_reports_progress(tmp_path):
    out = tmp_path / "tone.wav"
    seen: list[float] = []
    result = run(_tone(2).output(str(out)), outputs=[out], duration=2.0, progress=seen.append)
    assert out.is_file() and out.stat().st_size > 1000
    assert seen and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tone.wav"]
    assert result.outputs == [out]


def test_failure_leaves_nothing_and_carries_stderr_tail(tmp_path):
    bad = tmp_path / "garbage.mp4"
    bad.write_bytes(b"not a video at all" * 10)
    out = tmp_path / "out.mp4"
    with pytest.raises(FFmpegError) as err:
        run(ffmpeg.input(str(bad)).output(str(out)), outputs=[out])
    assert err.value.returncode != 0
    assert any("garbage.mp4" in line or "Invalid" in line for line in err.value.stderr_tail)
    assert "garbage.mp4" in " ".join(err.value.command)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.mp4"]


def test_existing_output_survives_a_failed_run(tmp_path):
    out = tmp_path / "keep.wav"
    out.write_bytes(b"previous result")
    with pytest.raises(FFmpegError):
        run(ffmpeg.input(str(tmp_path / "missing.wav")).output(str(out)), outputs=[out])
    assert out.read_bytes() == b"previous result"


def test_cancel_stops_ffmpeg_and_removes_partial_file(tmp_path):
    out = tmp_path / "long.mp4"
    cancel = threading.Event()

    def on_progress(fraction: float) -> None:
        if fraction > 0.02:
            cancel.set()

    graph = _video(120).output(str(out), vcodec="libx264", preset="ultrafast")
    with pytest.raises(Cancelled):
        run(graph, outputs=[out], duration=120, progress=on_progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_timeout_kills_ffmpeg_and_removes_partial_file(tmp_path):
    out = tmp_path / "slow.mp4"
    graph = _video(600, "1280x720").output(str(out), vcodec="libx264", preset="veryslow")
    with pytest.raises(FFmpegTimeout):
        run(graph, outputs=[out], timeout=1.5)
    assert list(tmp_path.iterdir()) == []


def test_analysis_run_returns_stderr(tmp_path):
    result = run(_tone(1).filter("volumedetect").output("-", f="null"))
    assert "mean_volume" in result.stderr
