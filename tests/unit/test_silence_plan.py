"""Pure silence logic: active intervals -> keep segments, silencedetect parsing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.media.silence import (
    Segment,
    complement,
    keep_segments,
    parse_silencedetect,
    speech_intervals,
)


def _pairs(segments):
    return [(round(s.start, 6), round(s.end, 6)) for s in segments]


def test_autoeditor_like_layout_keeps_speech_with_margin_and_cuts_long_silence():
    speech = [Segment(1.3, 4.8), Segment(5.1, 10.4), Segment(10.75, 17.3)]
    keep = keep_segments(speech, 42.4, margin=0.2, min_pause=0.5)
    assert _pairs(keep) == [(1.1, 17.5)]  # pauses of 0.3 s / 0.35 s stay in


def test_long_pause_is_cut_but_margins_stay():
    keep = keep_segments([Segment(1.0, 2.0), Segment(4.0, 5.0)], 6.0, margin=0.2,
                         min_pause=0.5)
    assert _pairs(keep) == [(0.8, 2.2), (3.8, 5.2)]


def test_pause_just_below_min_pause_stays():
    keep = keep_segments([Segment(1.0, 2.0), Segment(2.49, 3.0)], 4.0, margin=0.0,
                         min_pause=0.5)
    assert _pairs(keep) == [(1.0, 3.0)]


def test_margins_are_clamped_to_the_clip_and_overlaps_merge():
    keep = keep_segments([Segment(0.05, 1.0), Segment(1.3, 2.95)], 3.0, margin=0.2,
                         min_pause=0.1)
    assert _pairs(keep) == [(0.0, 3.0)]


def test_min_keep_drops_blips_and_nothing_active_gives_nothing():
    keep = keep_segments([Segment(1.0, 1.05), Segment(3.0, 4.0)], 5.0, margin=0.2,
                         min_pause=0.5, min_keep=0.1)
    assert _pairs(keep) == [(2.8, 4.2)]
    assert keep_segments([], 5.0) == []
    assert keep_segments([Segment(6.0, 7.0)], 5.0) == []  # outside the clip


def test_frame_snapping_widens_to_whole_frames():
    keep = keep_segments([Segment(1.01, 2.01)], 10.0, margin=0.0, min_pause=0.5, fps=25)
    assert _pairs(keep) == [(1.0, 2.04)]
    end = keep_segments([Segment(9.0, 9.99)], 9.99, margin=0.2, min_pause=0.5, fps=25)
    assert end[-1].end == pytest.approx(9.96)  # never beyond the last whole frame


intervals = st.lists(st.tuples(st.floats(0, 30), st.floats(0.01, 5)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(intervals, st.floats(0, 1), st.floats(0.05, 3), st.sampled_from([None, 25.0, 29.97]))
def test_keep_segments_properties(raw, margin, min_pause, fps):
    duration = 30.0
    active = [Segment(s, s + d) for s, d in raw]
    keep = keep_segments(active, duration, margin=margin, min_pause=min_pause, fps=fps)
    for a, b in zip(keep, keep[1:]):
        assert a.end < b.start  # sorted, disjoint
        # a cut removes only a real pause: no active interval lies inside the cut
        assert all(x.end <= a.end + 1e-6 or x.start >= b.start - 1e-6 for x in active)
    for seg in keep:
        assert 0.0 <= seg.start < seg.end <= duration + 1e-9
        if fps:
            assert math.isclose(seg.start * fps, round(seg.start * fps), abs_tol=1e-6)
    last = math.floor(duration * fps + 1e-6) / fps if fps else duration  # last whole frame
    for a in active:  # every active moment inside the clip is kept, with its margin
        lo, hi = max(0.0, a.start), min(last, a.end)
        if hi - lo > 1e-6:
            assert any(k.start <= lo + 1e-6 and hi - 1e-6 <= k.end for k in keep), (a, keep)
            want_lo = max(0.0, lo - margin)
            assert any(k.start <= want_lo + 1e-6 <= k.end + 1e-6 for k in keep)


def test_parse_silencedetect_and_complement():
    log = """[silencedetect @ 0x1] silence_start: 0
[silencedetect @ 0x1] silence_end: 1.25 | silence_duration: 1.25
[silencedetect @ 0x1] silence_start: 17.31
[silencedetect @ 0x1] silence_end: 39.98 | silence_duration: 22.67
[silencedetect @ 0x1] silence_start: 40.6
"""
    silences = parse_silencedetect(log, 42.4)
    assert _pairs(silences) == [(0.0, 1.25), (17.31, 39.98), (40.6, 42.4)]
    assert _pairs(complement(silences, 42.4)) == [(1.25, 17.31), (39.98, 40.6)]
    assert _pairs(complement([], 3.0)) == [(0.0, 3.0)]


def test_vad_finds_no_speech_in_noise_and_tiny_input():
    rng = np.random.default_rng(1)
    noise = (rng.standard_normal(16000 * 3) * 0.05).astype(np.float32)
    assert speech_intervals(noise) == []
    assert speech_intervals(np.zeros(100, dtype=np.float32)) == []
