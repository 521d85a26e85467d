"""Trim planning and the one-pass graph, without running ffmpeg."""

from __future__ import annotations

import json

import ffmpeg
import pytest

from toolkit.errors import UserInputError
from toolkit.media.probe import AudioInfo, MediaInfo, VideoInfo
from toolkit.media.silence import Segment
from toolkit.media.trim import EditDecision, build_trim_graph, plan_trim


def _info(duration: float = 10.0, fps: float = 25.0, audio: bool = True) -> MediaInfo:
    video = VideoInfo("h264", 320, 240, "1:1", 0, 320, 240, fps, False, "yuv420p", 8)
    return MediaInfo("in.mp4", "mp4", duration, 1000, video,
                     AudioInfo("aac", 48000, 2) if audio else None)


def _args(decision: EditDecision, video: bool = True, audio: bool = True) -> list[str]:
    return ffmpeg.get_args(build_trim_graph("in.mp4", "out.mp4", decision, has_video=video,
                                            has_audio=audio))


def test_range_is_moved_to_nearest_frames():
    d = plan_trim("in.mp4", _info(), start=1.01, end=2.53)
    assert d.segments == (Segment(1.0, 2.52),) and d.reason == "range"
    assert abs(d.duration - 1.52) <= 1 / 25
    whole = plan_trim("in.mp4", _info(9.99))
    assert whole.segments[0].start == 0 and whole.segments[0].end == pytest.approx(9.96)


@pytest.mark.parametrize("start,end", [(5, 4), (-1, 2), (0, 11), (12, 13), (3, 3.01),
                                       (float("nan"), 2)])
def test_bad_ranges_are_user_errors(start, end):
    with pytest.raises(UserInputError) as err:
        plan_trim("in.mp4", _info(), start=start, end=end)
    assert err.value.key == "trim.bad_range" and "in.mp4" in str(err.value)


@pytest.mark.parametrize("kw", [{"margin": -0.1}, {"margin": 9}, {"min_pause": 0}])
def test_bad_options_are_user_errors(kw):
    with pytest.raises(UserInputError):
        plan_trim("in.mp4", _info(), **kw)


def test_multi_segment_graph_is_one_pass_with_concat_and_seek():
    d = EditDecision("in.mp4", 10.0, (Segment(1.0, 2.0), Segment(3.0, 4.5)), 25.0)
    args = _args(d)
    assert args.count("-i") == 1 and args[:2] == ["-ss", "1.000000"]
    graph = args[args.index("-filter_complex") + 1]
    assert "concat=a=1:n=2:v=1" in graph
    # video selects frames in [start, end) shifted by half a frame; audio exact
    assert "trim=end=0.980000:start=0.000000" in graph
    assert "trim=end=3.480000:start=1.980000" in graph
    assert "atrim=end=3.500000:start=2.000000" in graph
    assert graph.count("setpts=PTS-STARTPTS") == 4  # setpts + asetpts per segment
    assert args[-1] == "out.mp4" and "libx264" in args


def test_single_segment_audio_only_graph_has_no_concat_or_video():
    d = EditDecision("in.m4a", 5.0, (Segment(0.0, 2.0),), None)
    args = _args(d, video=False)
    graph = args[args.index("-filter_complex") + 1]
    assert "concat" not in graph and "[0:v]" not in graph and "-ss" not in args
    assert "atrim=end=2.000000:start=0.000000" in graph


def test_edit_decision_round_trips_through_json():
    d = EditDecision("a.mp4", 42.4, (Segment(1.1, 17.5), Segment(39.8, 40.7)), 30.0,
                     "silence", {"margin": 0.2, "min_pause": 0.5, "method": "vad"})
    again = EditDecision.from_dict(json.loads(json.dumps(d.to_dict())))
    assert again == d
    assert d.duration == pytest.approx(17.3) and d.removed == pytest.approx(25.1)
