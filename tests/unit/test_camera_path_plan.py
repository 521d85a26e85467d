"""Camera path logic without ffmpeg: expressions, smoothing, planning on made-up analyses."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest

from toolkit.errors import UserInputError
from toolkit.reframe.analysis import ClipAnalysis, FrameRecord, analysis_rate, voice_activity
from toolkit.reframe.camera_path import CameraPath, Shot, interpolate
from toolkit.reframe.crop_render import expression
from toolkit.reframe.path_planner import Geometry, plan_shots
from toolkit.reframe.path_smoothing import SPEEDS, decimate, l1_path, smooth_axis
from toolkit.media.render import FramePlan, SourceFrame, video_chain
from toolkit.media.runner import build_args
from toolkit.reframe.subjects import Box


def evaluate(expr: str, t: float) -> float:
    """Evaluate an ffmpeg if/lt expression in Python."""
    py = expr.replace("if(", "_if(").replace("lt(", "_lt(")
    return float(eval(py, {"_if": lambda c, a, b: a if c else b, "_lt": lambda a, b: a < b,
                           "t": t}))


def test_expression_follows_the_pieces_and_steps_at_cuts():
    pieces = [(0.0, 10.0, 5.0), (2.0, 20.0, 0.0), (3.0, 100.0, -10.0), (5.0, 80.0, 0.0)]
    expr = expression(pieces)
    for t, want in [(0, 10), (1, 15), (1.99, 19.95), (2.5, 20), (3, 100), (4, 90), (9, 80)]:
        assert evaluate(expr, t) == pytest.approx(want, abs=0.01)
    assert expr.count("if(") == len(pieces) - 1
    many = expression([(float(i), float(i), 0.0) for i in range(256)])
    assert evaluate(many, 100.5) == 100.0
    assert _nesting(many) <= 2 * 8 + 4  # a balanced tree: depth ~ log2(256), not 256
    shifted = expression(pieces, offset=2.0)
    assert evaluate(shifted, 1.0) == pytest.approx(100.0, abs=0.01)


def _nesting(expr: str) -> int:
    depth = top = 0
    for ch in expr:
        depth += (ch == "(") - (ch == ")")
        top = max(top, depth)
    return top


def test_keyframe_interpolation_and_json_round_trip():
    shot = Shot(start=0, end=4, layout="track", crop_w=200, crop_h=360,
                keyframes=[(0, 0, 0), (2, 100, 10), (4, 100, 10)])
    path = CameraPath(source_start=1, source_end=5, frame_w=640, frame_h=360, out_w=1080,
                      out_h=1920, shots=[shot])
    assert interpolate(shot.keyframes, 1.0) == (50, 5)
    again = CameraPath.from_json(path.to_json())
    assert again == path and isinstance(again.shots[0].keyframes[0], tuple)
    frozen = path.frozen(1.0)
    assert frozen.shots[0].keyframes == [(0.0, 50.0, 5.0)]


def test_smoothing_stays_in_the_corridor_and_is_calm():
    t = np.arange(0, 10, 1 / 6)
    truth = 500 + 300 * np.sin(t)
    noisy = truth + np.random.default_rng(1).normal(0, 25, len(t))
    lo, hi = truth - 150, truth + 150
    path = smooth_axis(t, noisy, np.ones(len(t), bool), lo, hi, SPEEDS["default"], 1920)
    assert np.all(path >= lo - 1e-6) and np.all(path <= hi + 1e-6)
    raw_acc = np.abs(np.diff(noisy, 2)).mean()
    assert np.abs(np.diff(path, 2)).mean() < raw_acc / 3


def test_slower_moves_less_quickly_than_faster():
    t = np.arange(0, 6, 1 / 6)
    want = np.where(t < 3, 400.0, 1400.0)
    free = np.ones(len(t), bool)
    lo, hi = np.full(len(t), -np.inf), np.full(len(t), np.inf)
    peak = {s: np.abs(np.diff(smooth_axis(t, want, free, lo, hi, SPEEDS[s], 1920))).max()
            for s in SPEEDS}
    assert peak["slower"] < peak["default"] < peak["faster"]


def test_pinned_points_reach_their_bound():
    d = np.zeros(20)
    lo = np.full(20, -np.inf)
    lo[10] = 0.05
    out = l1_path(d, np.ones(20), lo, np.full(20, np.inf), SPEEDS["default"], 1 / 6)
    assert out[10] >= 0.05 - 1e-9


def test_a_still_face_with_detector_noise_gives_an_exactly_still_window():
    """Detector noise on a face that stays put must not move the window at all: the L1 path
    is piecewise still / even (a least-squares smoother followed each pixel of noise a
    little)."""
    t = np.arange(0, 8, 1 / 6)
    face = 700 + np.random.default_rng(3).normal(0, 3, len(t))  # detected centre, jittery
    path = smooth_axis(t, face, np.ones(len(t), bool), face - 100, face + 100,
                       SPEEDS["default"], 1920)
    assert np.ptp(path) < 0.01, "the window moved with the detector noise"
    assert abs(float(np.median(path)) - 700) < 3  # and it is centred on the face


def test_steady_pan_is_a_straight_line():
    """A face crossing the frame at constant speed with room to spare: one even pan, no
    velocity wobble (acceleration only where the pan starts and stops)."""
    t = np.arange(0, 6, 1 / 6)
    centre = 300 + 150 * t + np.random.default_rng(4).normal(0, 2, len(t))
    lo, hi = centre - 120, centre + 120
    path = smooth_axis(t, centre, np.ones(len(t), bool), lo, hi, SPEEDS["default"], 1920)
    acc = np.abs(np.diff(path, 2))
    assert np.all(path >= lo - 1e-6) and np.all(path <= hi + 1e-6)
    assert (acc > 0.5).sum() <= 6, f"wobbling pan: {np.round(acc, 1)}"
    raw = np.abs(np.diff(centre, 2)).mean()
    assert acc.mean() < raw / 10


def test_decimation_keeps_turns_and_drops_straight_runs():
    t = np.arange(0, 10, 0.1)
    v = np.where(t < 5, t * 10, 100 - (t - 5) * 10)
    keep = decimate(t, v, 0.5)
    assert 3 <= len(keep) <= 5 and 0 in keep and len(t) - 1 in keep


def _analysis(boxes_per_frame, cuts=(), fps=6.0) -> ClipAnalysis:
    frames = [FrameRecord(time=i / fps, boxes=b, sharpness=100.0, brightness=120.0)
              for i, b in enumerate(boxes_per_frame)]
    return ClipAnalysis(start=0, end=len(frames) / fps, fps=fps, width=384, height=216,
                        frames=frames, cuts=list(cuts))


GEO = Geometry(1920, 1080, 1.0, (0, 0, 1920, 1080), 9 / 16)


def test_still_face_gives_one_stationary_window():
    face = Box(x=0.7, y=0.2, w=0.08, h=0.14)
    shots = plan_shots(_analysis([[face]] * 30), GEO, 0, 5, "default", "auto", 1080 / 960)
    assert [s.layout for s in shots] == ["stationary"] and len(shots[0].keyframes) == 1
    x, _ = shots[0].window_at(2.0)
    assert x <= 0.7 * 1920 and 0.78 * 1920 <= x + shots[0].crop_w


def test_cut_starts_a_new_shot_and_two_far_faces_split():
    left, right = Box(x=0.05, y=0.3, w=0.08, h=0.14), Box(x=0.85, y=0.3, w=0.08, h=0.14)
    frames = [[left]] * 12 + [[left, right]] * 12
    shots = plan_shots(_analysis(frames, cuts=[1.95]), GEO, 0, 4, "default", "auto",
                       1080 / 960)
    assert [s.layout for s in shots] == ["stationary", "split"]
    assert shots[1].start == pytest.approx(1.95)
    assert plan_shots(_analysis(frames, cuts=[1.95]), GEO, 0, 4, "default", "pad",
                      1080 / 960)[1].layout == "pad"


def test_nothing_seen_gives_a_centred_window():
    shots = plan_shots(_analysis([[]] * 12), GEO, 0, 2, "default", "auto", 1080 / 960)
    x, y = shots[0].window_at(1.0)
    assert shots[0].layout == "stationary" and abs(x + shots[0].crop_w / 2 - 960) <= 2


def _chain_args(shots) -> str:
    import ffmpeg

    path = CameraPath(source_start=0, source_end=4, frame_w=640, frame_h=360, out_w=180,
                      out_h=320, shots=shots)
    v = video_chain(ffmpeg.input("in.mp4").video, SourceFrame(640, 360),
                    FramePlan(180, 320, "smart", camera=path))
    return " ".join(build_args(v.output("o.mp4")))


def test_chain_is_one_crop_or_split_and_concat():
    track = Shot(start=0, end=2, layout="track", crop_w=202, crop_h=360,
                 keyframes=[(0, 0, 0), (2, 400, 0)])
    still = Shot(start=2, end=4, layout="stationary", crop_w=202, crop_h=360,
                 keyframes=[(2, 100, 0)])
    one = _chain_args([track, still])
    assert one.count("crop=") == 1 and "concat" not in one and "if(lt(t" in one
    split = Shot(start=2, end=4, layout="split", crop_w=300, crop_h=266,
                 keyframes=[(2, 0, 40)], keyframes2=[(2, 330, 40)])
    mixed = _chain_args([track, split])
    assert "vstack" in mixed and "concat=a=0:n=2:v=1" in mixed and "trim" in mixed


def test_bad_speed_and_layout_are_refused():
    from toolkit.framing import layout_name as check_layout, speed_name as check_speed

    with pytest.raises(UserInputError):
        check_speed("schnell")
    with pytest.raises(UserInputError) as err:
        check_layout("diagonal")
    assert "split" in err.value.message("en")


def test_cuts_move_to_the_exact_frame_of_the_scene_change(tmp_path):
    from toolkit.reframe.analysis import read_scene_scores
    from toolkit.reframe.shots import refine_cuts

    log = tmp_path / "scenes.txt"
    lines = []
    for i in range(50):
        lines += [f"frame:{i}  pts:{i * 512}  pts_time:{i * 0.04:g}",
                  f"lavfi.scene_score={0.9 if i == 47 else 0.01:f}"]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores = read_scene_scores(log, start=10.0)
    assert scores[47] == pytest.approx((11.88, 0.9))
    # found between analysis frames 1.75 and 1.92 s (midway 1.83): moved to 1.88 - half a frame
    assert refine_cuts([11.83], scores, 1 / 6) == [pytest.approx(11.86)]
    assert refine_cuts([11.2], scores, 1 / 6) == [11.2]  # no scene change near: kept


@pytest.mark.parametrize("fps, vfr, expected", [
    (25.0, False, Fraction(25, 4)), (30.0, False, Fraction(6)), (50.0, False, Fraction(25, 4)),
    (29.97, False, Fraction(30000, 5005)), (24.0, False, Fraction(6)),
    (59.94, False, Fraction(60000, 10010)), (30.0, True, Fraction(6)), (0.0, False, Fraction(6)),
])
def test_analysis_frames_sit_on_the_source_frame_grid(fps, vfr, expected):
    """Analysis frames are every k-th source frame (exact times), near the wanted 6 fps."""
    info = SimpleNamespace(video=SimpleNamespace(fps=fps, vfr=vfr))
    rate = analysis_rate(info, 6.0)  # type: ignore[arg-type]
    assert rate == expected
    if fps and not vfr:
        assert abs(fps / float(rate) - round(fps / float(rate))) < 1e-3


def test_the_path_solver_prints_nothing(capfd):
    """The CLI's and the jobs' output stays clean (HiGHS' own class prints a banner)."""
    t = np.arange(0, 3, 1 / 6)
    smooth_axis(t, 500 + 50 * t, np.ones(len(t), bool), 400 + 50 * t, 600 + 50 * t,
                SPEEDS["default"], 1920)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.mark.parametrize("voice", [True, None, False])
def test_one_window_prefers_the_face_that_speaks(voice):
    """Two faces too far apart (layout single): the smaller one moves its mouth. With voice
    (or no sound track at all) the window holds the talker; when the sound is quiet the
    mouth motion is not speech and the larger face is kept."""
    big = Box(x=0.10, y=0.3, w=0.10, h=0.18)
    frames = []
    for i in range(24):
        talker = Box(x=0.80, y=0.3, w=0.08, h=0.14, mouth=4.0 if i % 2 else 0.5)
        frames.append(FrameRecord(time=i / 6, boxes=[big, talker], sharpness=100.0,
                                  brightness=120.0, voice=voice))
    analysis = ClipAnalysis(start=0, end=4, fps=6.0, width=384, height=216, frames=frames,
                            cuts=[])
    shot = plan_shots(analysis, GEO, 0, 4, "default", "single", 1080 / 960)[0]
    centre = shot.window_at(2.0)[0] + shot.crop_w / 2
    on_talker = centre > GEO.width / 2
    assert on_talker == (voice is not False)


def test_voice_is_sound_well_above_the_quiet_level():
    levels = [(i / 10, -70.0 if i < 10 else -22.0) for i in range(20)]
    assert voice_activity([0.5, 1.5], levels, 1 / 6) == [False, True]
    assert voice_activity([0.5], [], 1 / 6) == [None]
