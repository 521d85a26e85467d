"""Loudness: target parsing, stderr parsing and the pass-2 graph, without running ffmpeg."""

from __future__ import annotations

import math

import ffmpeg
import pytest

from toolkit.errors import UserInputError
from toolkit.media.loudness import (
    TARGETS,
    LoudnessTarget,
    LoudnormStats,
    apply_norm,
    normalization_type,
    parse_ebur128_summary,
    parse_loudnorm_json,
    parse_target,
)

EBUR128_TAIL = """[Parsed_ebur128_0 @ 0x5] Summary:

  Integrated loudness:
    I:         -14.2 LUFS
    Threshold: -24.6 LUFS

  Loudness range:
    LRA:         3.4 LU
    Threshold: -34.4 LUFS
    LRA low:   -16.2 LUFS
    LRA high:  -12.8 LUFS

  True peak:
    Peak:       -1.7 dBFS
[out#0/null @ 0x6] video:0KiB audio:1164KiB
"""

LOUDNORM_TAIL = """[Parsed_loudnorm_3 @ 0x7]
{
	"input_i" : "-15.10",
	"input_tp" : "-2.50",
	"input_lra" : "2.20",
	"input_thresh" : "-25.24",
	"output_i" : "-14.01",
	"output_tp" : "-1.41",
	"output_lra" : "2.20",
	"output_thresh" : "-24.15",
	"normalization_type" : "linear",
	"target_offset" : "0.01"
}
"""


def _stats(**kw: float) -> LoudnormStats:
    base = dict(input_i=-15.0, input_tp=-2.5, input_lra=0.0, input_thresh=-25.0,
                target_offset=1.0, pre_gain_db=9.0, ceiling_db=-2.5, raw_i=-24.0, raw_tp=-6.0)
    base.update(kw)
    return LoudnormStats(**base)


@pytest.mark.parametrize("text,expected", [
    ("social", (-14.0, -1.0)), ("BROADCAST", (-23.0, -1.0)), (" -16 ", (-16.0, -1.0)),
    ("-18,5", (-18.5, -1.0)), ("-20 LUFS", (-20.0, -1.0)),
])
def test_parse_target_accepts_presets_and_numbers(text, expected):
    target = parse_target(text)
    assert (target.i, target.tp) == expected


@pytest.mark.parametrize("text", ["loud", "", "14", "-80", "nan", "-inf", "-3"])
def test_parse_target_rejects_nonsense(text):
    with pytest.raises(UserInputError) as err:
        parse_target(text)
    assert err.value.key == "loudness.bad_target"


def test_presets():
    assert TARGETS["social"] == LoudnessTarget(-14.0, -1.0, 11.0)
    assert TARGETS["broadcast"].i == -23.0 and TARGETS["broadcast"].tp == -1.0


def test_parse_ebur128_summary_reads_last_block():
    parsed = parse_ebur128_summary("noise Summary: junk\n" + EBUR128_TAIL)
    assert parsed == {"i": -14.2, "thresh": -24.6, "lra": 3.4, "tp": -1.7}


def test_parse_ebur128_summary_silence_and_missing():
    silent = EBUR128_TAIL.replace("-14.2", "-70.0").replace("-1.7", "-inf")
    parsed = parse_ebur128_summary(silent)
    assert parsed is not None and parsed["i"] == -70.0 and parsed["tp"] == -math.inf
    assert parse_ebur128_summary("no summary here") is None


def test_parse_loudnorm_json_and_type():
    values = parse_loudnorm_json("other {\"x\": 1}\n" + LOUDNORM_TAIL)
    assert values["output_i"] == "-14.01"
    assert normalization_type(LOUDNORM_TAIL) == "linear"
    assert normalization_type(LOUDNORM_TAIL.replace("linear", "dynamic")) == "dynamic"
    assert normalization_type("nothing") is None


def _filter_string(node) -> str:
    args = ffmpeg.output(node, "out.m4a").get_args()
    return args[args.index("-filter_complex") + 1]


def test_apply_norm_builds_peak_control_linear_loudnorm_and_48k():
    graph = _filter_string(apply_norm(ffmpeg.input("in.wav").audio, _stats(),
                                      TARGETS["social"]))
    order = [graph.index(name) for name in
             ("aresample=192000", "volume=9.000dB", "alimiter", "loudnorm", "aresample=48000")]
    assert order == sorted(order)
    assert "linear=true" in graph and "measured_i=-15.00" in graph
    assert "level=0" in graph and "latency=1" in graph
    assert "limit=0.749894" in graph  # -2.5 dBFS


def test_apply_norm_keeps_linear_mode_possible_for_zero_or_wide_lra():
    zero = _filter_string(apply_norm(ffmpeg.input("a.wav").audio, _stats(input_lra=0.0),
                                     TARGETS["social"]))
    assert "measured_lra=0.10" in zero and "lra=11.0" in zero
    wide = _filter_string(apply_norm(ffmpeg.input("a.wav").audio, _stats(input_lra=19.3),
                                     TARGETS["social"]))
    assert "lra=21.0" in wide  # target LRA raised above the measured one


def test_apply_norm_on_silence_only_resamples():
    graph = _filter_string(apply_norm(ffmpeg.input("a.wav").audio,
                                      _stats(silent=True), TARGETS["social"]))
    assert "loudnorm" not in graph and "aresample=48000" in graph


def test_stats_round_trip_through_dict():
    stats = _stats(raw_tp=-math.inf)
    data = stats.to_dict()
    assert data["raw_tp"] is None
    assert LoudnormStats.from_dict(data) == stats
    assert _stats(raw_tp=-6.0, pre_gain_db=9.0).limited  # -6 + 9 > -2.5
    assert not _stats(raw_tp=-20.0, pre_gain_db=9.0).limited
