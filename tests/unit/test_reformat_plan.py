"""reformat planning and argument checks (no ffmpeg)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from toolkit.errors import UserInputError
from toolkit.media.probe import MediaInfo, VideoInfo
from toolkit.products.reformat import output_size, plan_reformat, reformat


def info(fps=30.0, vfr=False):
    v = VideoInfo("h264", 1280, 720, "1:1", 0, 1280, 720, fps, vfr, "yuv420p", 8)
    return MediaInfo("/in.mp4", "mp4", 5.0, 10, v, None)


def test_output_sizes():
    assert output_size("9:16") == (1080, 1920)
    assert output_size("16:9") == (1920, 1080)
    assert output_size("4:5", 432) == (432, 540)
    assert output_size("9:16", 270) == (270, 480)
    for bad in (7, 15, 5000):
        with pytest.raises(UserInputError):
            output_size("1:1", bad)
    with pytest.raises(UserInputError):
        output_size("3:2")


def test_plan_uses_delivery_encoder_and_constant_rate():
    plan = plan_reformat(info(119.88), Path("/o/a.mp4"), "1:1", "pad", width=320)
    assert (plan.frame.width, plan.frame.height) == (320, 320)
    assert plan.frame.fps == Fraction(60000, 1001)
    assert plan.output_args["c:v"] == "libx264" and plan.output_args["flags:v"] == "+cgop"
    assert "+faststart" in plan.output_args["movflags"]
    assert plan_reformat(info(25.3, vfr=True), Path("/o/a.mp4"), "9:16").frame.fps == 25


def test_bad_output_names(tmp_path):
    src = tmp_path / "a.mp4"
    src.write_bytes(b"x")
    with pytest.raises(UserInputError) as err:
        reformat(src, tmp_path / "b.gif")
    assert err.value.key == "reformat.bad_suffix" and "b.gif" in str(err.value)
    with pytest.raises(UserInputError) as err:
        reformat(src, src)
    assert err.value.key == "reformat.same_file"
