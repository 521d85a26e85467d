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


def test_plan_uses_delivery_encoder_and_constant_rate(monkeypatch):
    from toolkit.edit import clip_plan
    from toolkit.edit.plan import RenderOptions

    monkeypatch.setattr(clip_plan, "probe", lambda p: fast if "fast" in str(p) else vfr)
    fast, vfr = info(119.88), info(25.3, vfr=True)
    plan = plan_reformat("/in/fast.mp4", Path("/o/a.mov"), "1:1",
                         RenderOptions(mode="pad", loudness=None), width=320)
    (out,) = plan.outputs
    assert (out.width, out.height, out.rate) == (320, 320, Fraction(60000, 1001))
    assert out.video_name(out.platforms[0]) == "a.mov" and not plan.video_only  # + cover, report
    assert plan.out_dir == "/o" and plan.render_options().mode == "bars"
    preset = plan.platform_presets()[out.platforms[0]]
    args = preset.video.output_args(60)
    assert args["c:v"] == "libx264" and args["flags:v"] == "+cgop"
    assert plan_reformat("/in/vfr.mp4", Path("/o/a.mp4"), "9:16").outputs[0].rate == 25


def test_bad_output_names(tmp_path):
    src = tmp_path / "a.mp4"
    src.write_bytes(b"x")
    with pytest.raises(UserInputError) as err:
        reformat(src, tmp_path / "b.gif")
    assert err.value.key == "reformat.bad_suffix" and "b.gif" in str(err.value)
    with pytest.raises(UserInputError) as err:
        reformat(src, src)
    assert err.value.key == "reformat.same_file"
