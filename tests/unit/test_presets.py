"""Platform presets: one module, every number, clear lookup errors."""

from __future__ import annotations

import dataclasses
import json

import pytest

from toolkit.errors import UserInputError
from toolkit import platforms as P

EXPECTED_IDS = {"reels", "ig-feed-4x5", "ig-feed-1x1", "story", "tiktok", "shorts", "youtube",
                "linkedin", "fb-reels", "fb-feed"}


def test_every_platform_is_there():
    assert set(P.PRESETS) == EXPECTED_IDS


@pytest.mark.parametrize("pid,size,aspect", [
    ("reels", (1080, 1920), "9:16"), ("ig-feed-4x5", (1080, 1350), "4:5"),
    ("ig-feed-1x1", (1080, 1080), "1:1"), ("story", (1080, 1920), "9:16"),
    ("tiktok", (1080, 1920), "9:16"), ("shorts", (1080, 1920), "9:16"),
    ("youtube", (1920, 1080), "16:9"), ("linkedin", (1920, 1080), "16:9"),
    ("fb-reels", (1080, 1920), "9:16"), ("fb-feed", (1080, 1350), "4:5"),
])
def test_sizes_and_aspects(pid, size, aspect):
    p = P.get_preset(pid)
    assert (p.width, p.height) == size
    assert p.aspect == aspect


def test_duration_limits_from_reference():
    assert (P.PRESETS["reels"].min_duration, P.PRESETS["reels"].max_duration) == (3, 900)
    assert P.PRESETS["story"].max_duration == 60
    assert (P.PRESETS["tiktok"].min_duration, P.PRESETS["tiktok"].max_duration) == (3, 600)
    assert P.PRESETS["shorts"].max_duration == 180
    assert (P.PRESETS["fb-reels"].min_duration, P.PRESETS["fb-reels"].max_duration) == (3, 90)
    assert P.PRESETS["linkedin"].max_file_bytes == 5 * P.GB


def test_encoder_settings_are_delivery_grade():
    for p in P.PRESETS.values():
        assert p.video.codec == "libx264" and p.video.profile == "high"
        assert p.video.pix_fmt == "yuv420p" and p.video.gop_seconds == 2.0
        assert p.audio.codec == "aac" and p.audio.profile == "aac_low"
        assert p.audio.sample_rate == 48_000
        assert p.video.preset in ("veryfast", "faster", "fast")
        assert 18 <= p.video.crf <= 23
        if p.max_video_kbps:
            assert p.video.maxrate_kbps <= p.max_video_kbps
        assert p.video.bufsize_kbps >= p.video.maxrate_kbps
    assert P.PRESETS["reels"].audio.bitrate_kbps == 128


def test_output_args_closed_gop_of_two_seconds():
    args = P.DEFAULT_VIDEO.output_args(30)
    assert args["g"] == 60 and args["flags:v"] == "+cgop"
    assert args["profile:v"] == "high" and args["pix_fmt"] == "yuv420p"
    assert args["maxrate"] == "12000k" and args["fps_mode"] == "cfr"
    assert P.DEFAULT_VIDEO.output_args(25)["g"] == 50
    assert P.DEFAULT_AUDIO.output_args()["ar"] == 48_000
    assert "+faststart" in P.CONTAINER_ARGS["movflags"]
    assert P.CONTAINER_ARGS["use_editlist"] == 0


def test_unknown_id_lists_valid_ids():
    with pytest.raises(UserInputError) as err:
        P.get_preset("instagram")
    text = err.value.message("en")
    assert "instagram" in text
    for pid in EXPECTED_IDS:
        assert pid in text


def test_lookup_is_case_insensitive_and_parse_keeps_order():
    assert P.get_preset(" Reels ").id == "reels"
    ids = [p.id for p in P.parse_platforms("tiktok,reels, tiktok,youtube")]
    assert ids == ["tiktok", "reels", "youtube"]
    with pytest.raises(UserInputError):
        P.parse_platforms(" , ")


def test_presets_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        P.PRESETS["reels"].width = 720  # type: ignore[misc]


def test_safe_zones_leave_the_caption_box_free():
    x0, y0, x1, y1 = P.CAPTION_BOX_9X16
    for p in P.PRESETS.values():
        if p.aspect != "9:16":
            continue
        fx0, fy0, fx1, fy1 = p.safe_zone.box(p.width, p.height)
        assert fx0 <= x0 and fy0 <= y0 and x1 <= fx1 and y1 <= fy1, p.id
    assert P.PRESETS["reels"].safe_zone == P.SafeZone(270, 670, 65, 65)


def test_scaled_copy_keeps_aspect_and_zone():
    small = P.PRESETS["reels"].scaled(270)
    assert (small.width, small.height) == (270, 480)
    assert small.safe_zone.top == round(270 * 0.25)
    assert small.id == "reels" and small.max_duration == 900


def test_frame_rate_fits_the_range():
    from fractions import Fraction

    reels = P.PRESETS["reels"]
    assert P.preset_rate(reels, Fraction(30)) == 30
    assert P.preset_rate(reels, Fraction(240)) == 60
    assert P.preset_rate(reels, Fraction(15)) == 24


def test_too_long_names_the_fix_from_the_trim_start():
    with pytest.raises(P.PresetViolation) as err:
        P.check_durations(P.Path("/c/a.mp4"), [P.PRESETS["story"]], 75.0, start=12.0)
    text = err.value.message("en")
    assert "--end 72" in text and "a.mp4" in text and "75.0 s" in text


def test_aspect_size_and_errors():
    assert P.aspect_size("9:16") == (1080, 1920)
    assert P.aspect_size("16x9") == (1920, 1080)
    with pytest.raises(UserInputError):
        P.aspect_size("21:9")
    assert P.aspect_of(1080, 1350) == "4:5"
    assert P.aspect_of(1000, 300) == "1000:300"


def test_to_dict_is_json_ready():
    data = json.loads(json.dumps([p.to_dict() for p in P.PRESETS.values()]))
    assert data[0]["id"] == "reels" and data[0]["aspect"] == "9:16"
    assert data[0]["video"]["crf"] == 21 and data[0]["safe_zone"]["bottom"] == 670


def test_cli_lists_presets(capsys):
    from toolkit.cli import main

    assert main(["presets", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in data] == list(P.PRESETS)
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    assert "reels" in out and "1080x1920" in out and "15 min" in out


def test_cli_rejects_unknown_aspect_with_exit_2(tmp_path, capsys):
    from toolkit.cli import main

    src = tmp_path / "a.mp4"
    src.write_bytes(b"\0" * 10)
    assert main(["--lang", "en", "reformat", str(src), str(tmp_path / "b.mp4"),
                 "--aspect", "21:9"]) == 2
    assert "21:9" in capsys.readouterr().err
