"""Runner logic that needs no ffmpeg process: argument building, temp names, progress parsing."""

from __future__ import annotations

import io
from pathlib import Path

import ffmpeg
import pytest

from toolkit.errors import FFmpegError
from toolkit.media import runner
from toolkit.messages import set_language


def test_build_args_from_graph_keeps_filters_and_output():
    graph = ffmpeg.input("in.mp4").filter("scale", 320, -2).output("out.mp4", crf=20)
    args = runner.build_args(graph)
    assert args[:2] == ["-i", "in.mp4"]
    assert "scale=320:-2" in " ".join(args)
    assert args[-2:] == ["out.mp4", "-y"]
    assert ["-crf", "20"] == args[args.index("-crf"):args.index("-crf") + 2]


def test_build_args_passes_lists_through():
    assert runner.build_args(["-i", Path("a.wav"), "-f", "null", "-"]) == [
        "-i", "a.wav", "-f", "null", "-"]


def test_temp_path_is_hidden_sibling_with_same_suffix(tmp_path):
    final = tmp_path / "reels.mp4"
    tmp = runner.temp_path_for(final)
    assert tmp.parent == final.parent and tmp.suffix == ".mp4"
    assert tmp.name.startswith(".reels.partial-") and tmp != final


def test_progress_parser_reports_fractions_and_ignores_garbage():
    seen: list[float] = []
    text = "frame=1\nout_time_us=500000\nout_time_us=N/A\nout_time_us=2500000\nprogress=end\n"
    runner._pump_progress(io.StringIO(text), 2.0, seen.append)
    assert seen == [0.25, 1.0]


def test_progress_callback_errors_do_not_break_parsing():
    def broken(_f: float) -> None:
        raise RuntimeError("ui gone")

    runner._pump_progress(io.StringIO("out_time_us=1\nout_time_us=2\n"), 1.0, broken)


def test_run_rejects_outputs_missing_from_args(tmp_path):
    with pytest.raises(ValueError):
        runner.run(["-f", "lavfi", "-i", "anullsrc", "x.wav"], outputs=[tmp_path / "y.wav"])


def test_ffmpeg_error_message_carries_tail_in_both_languages():
    err = FFmpegError(["ffmpeg", "-i", "a"], ["line 1", "Invalid data found"], 1, "a.mp4")
    try:
        set_language("en")
        assert "Invalid data found" in str(err) and "a.mp4" in str(err)
        set_language("de")
        assert "gescheitert" in str(err)
    finally:
        set_language(None)


def test_ffmpeg_runs_with_a_fixed_mmap_threshold_unless_the_caller_set_one():
    env = runner.ffmpeg_env({"PATH": "/bin"})
    assert env == {"PATH": "/bin", "MALLOC_MMAP_THRESHOLD_": str(128 * 1024)}
    assert runner.ffmpeg_env({"MALLOC_MMAP_THRESHOLD_": "65536"}) == {
        "MALLOC_MMAP_THRESHOLD_": "65536"}
    tuned = {"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=1048576"}
    assert runner.ffmpeg_env(tuned) == tuned
