"""The per-job CPU thread budget: the setting, the automatic share, and the ffmpeg arguments."""

from __future__ import annotations

from pathlib import Path

import ffmpeg
import pytest

from toolkit import cpu_budget
from toolkit.cpu_budget import ffmpeg_thread_args, job_budget, share_of_cores, thread_budget
from toolkit.errors import UserInputError
from toolkit.media import runner


def _threads_before(args: list[str], index: int) -> str | None:
    """The ``-threads`` value among the options just before ``args[index]``, else None."""
    return args[index - 1] if index >= 2 and args[index - 2] == "-threads" else None


def test_budget_reaches_every_input_filter_graph_and_output():
    a, b = ffmpeg.input("a.mp4", ss=1.5), ffmpeg.input("b.mp4")
    v = ffmpeg.concat(a.video.filter("scale", 320, -2), b.video.filter("scale", 320, -2), v=1)
    graph = ffmpeg.merge_outputs(
        ffmpeg.output(v, "reels.mp4", vcodec="libx264", crf=20, an=None),
        ffmpeg.output(a.audio, "-", format="null"))
    args = ffmpeg_thread_args(runner.build_args(graph), 2)
    assert args[:4] == ["-filter_threads", "2", "-filter_complex_threads", "2"]
    inputs = [i + 1 for i, tok in enumerate(args) if tok == "-i"]
    assert [args[i] for i in inputs] == ["a.mp4", "b.mp4"]
    for i in inputs:  # -threads belongs to the input's options: before its -ss, or right before -i
        options = args[:i - 1][-4:]
        assert options[options.index("-threads") + 1] == "2", args
    for name in ("reels.mp4", "-"):
        assert _threads_before(args, args.index(name)) == "2", args
    assert args.count("-threads") == 4
    assert "-filter_complex" in args and args[-1] == "-y"


def test_an_explicit_threads_option_is_kept():
    graph = ffmpeg.input("in.mp4", threads=3).output("out.mp4", threads=1, vcodec="libx264")
    args = ffmpeg_thread_args(runner.build_args(graph), 2)
    assert args.count("-threads") == 2
    assert args[args.index("-threads") + 1] == "3"
    assert _threads_before(args, args.index("out.mp4")) is None
    assert "1" in args[args.index("out.mp4") - 4:args.index("out.mp4")]


def test_flags_and_negative_values_do_not_shift_the_output():
    args = ["-ss", "-0.5", "-i", "x.wav", "-map", "0:a", "-vn", "-shortest", "-af",
            "volume=-3dB", "y.wav", "-y"]
    out = ffmpeg_thread_args(args, 1)
    assert out == ["-filter_threads", "1", "-filter_complex_threads", "1", "-ss", "-0.5",
                   "-threads", "1", "-i", "x.wav", "-map", "0:a", "-vn", "-shortest", "-af",
                   "volume=-3dB", "-threads", "1", "y.wav", "-y"]


def test_no_budget_leaves_the_arguments_alone():
    args = ["-i", "a.mp4", "b.mp4"]
    assert ffmpeg_thread_args(args, None) == args
    assert ffmpeg_thread_args(args, 0) == args


def test_setting_wins_over_the_workers_share(monkeypatch):
    monkeypatch.delenv(cpu_budget.ENV, raising=False)
    assert thread_budget() is None  # a single process: the libraries decide
    with job_budget(3):
        assert thread_budget() == 3
        monkeypatch.setenv(cpu_budget.ENV, "1")
        assert thread_budget() == 1
        monkeypatch.setenv(cpu_budget.ENV, "0")
        assert thread_budget() is None
        monkeypatch.setenv(cpu_budget.ENV, "auto")
        assert thread_budget() == 3
    assert thread_budget() is None


@pytest.mark.parametrize("value", ["zwei", "-1", "1.5"])
def test_a_bad_setting_is_a_typed_error(monkeypatch, value):
    monkeypatch.setenv(cpu_budget.ENV, value)
    with pytest.raises(UserInputError) as err:
        thread_budget()
    assert err.value.key == "cpu.bad_threads" and value in str(err.value)


def test_share_of_cores():
    assert share_of_cores(1, cores=8) is None
    assert share_of_cores(2, cores=8) == 4
    assert share_of_cores(3, cores=8) == 2
    assert share_of_cores(4, cores=2) == 1  # never zero


def test_opencv_gets_the_budget(monkeypatch):
    import cv2

    monkeypatch.setenv(cpu_budget.ENV, "1")
    before = cv2.getNumThreads()
    try:
        cpu_budget.limit_opencv()
        assert cv2.getNumThreads() == 1
    finally:
        cv2.setNumThreads(before)


def test_whisper_model_is_loaded_with_the_budget(monkeypatch, tmp_path: Path):
    """The transcriber asks CTranslate2 for the budget's thread count (model loading faked)."""
    from toolkit.captions import transcribe

    asked: list[int] = []

    class Stop(Exception):
        pass

    def fake_load(model: str, device: str, compute_type: str, cpu_threads: int) -> None:
        asked.append(cpu_threads)
        raise Stop

    monkeypatch.setattr(transcribe.models, "load_model", fake_load)
    monkeypatch.setenv(cpu_budget.ENV, "1")
    opts = transcribe.TranscribeOptions()
    for expected, env in ((1, "1"), (0, "0")):
        monkeypatch.setenv(cpu_budget.ENV, env)
        with pytest.raises(Stop):
            transcribe._recognise(tmp_path / "x.wav", 1.0, "de", opts, None, None)
        assert asked[-1] == expected
    with pytest.raises(Stop):  # an explicit option wins
        transcribe._recognise(tmp_path / "x.wav", 1.0, "de",
                              transcribe.TranscribeOptions(cpu_threads=2), None, None)
    assert asked[-1] == 2
