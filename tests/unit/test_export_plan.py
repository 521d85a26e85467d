"""Export planning without encoding: a clip's plan (:func:`toolkit.edit.clip_plan.plan_clip`),
limits refused up front, cover times, progress."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from toolkit.edit import clip_plan
from toolkit.edit.plan import RenderOptions
from toolkit.errors import PresetViolation, UserInputError
from toolkit.platforms import preset_rate, resolve_presets
from toolkit.products import export as ex
from toolkit.media import runner
from toolkit.reframe.cover import best_sample, cover_time
from toolkit.reframe.faces import Face, FrameSample
from toolkit.platforms import PRESETS
from toolkit.media.probe import AudioInfo, MediaInfo, VideoInfo


def media(duration: float, path: str = "/clips/long.mp4") -> MediaInfo:
    v = VideoInfo("h264", 1920, 1080, "1:1", 0, 1920, 1080, 30.0, False, "yuv420p", 8)
    return MediaInfo(path, "mp4", duration, 10_000, v, AudioInfo("aac", 48000, 2))


@pytest.fixture
def no_ffmpeg(monkeypatch):
    """Fail the test if anything tries to run ffmpeg or decode frames."""
    calls = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        raise AssertionError("ffmpeg must not run")

    monkeypatch.setattr(runner, "run", forbidden)
    monkeypatch.setattr("toolkit.reframe.faces.analyse", forbidden)
    monkeypatch.setattr("toolkit.media.loudness.measure_for_norm", forbidden)
    return calls


def fake_probe(monkeypatch, duration: float) -> None:
    monkeypatch.setattr(clip_plan, "probe", lambda p: media(duration, str(p)))


def no_render(monkeypatch) -> None:
    """A plan that passed every check goes to the render: stop there."""
    def forbidden(*args, **kwargs):
        raise AssertionError("must not run: rendering")

    monkeypatch.setattr("toolkit.edit.run.execute_plan", forbidden)


def test_too_long_is_refused_before_anything_runs(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 95.0)
    out = tmp_path / "out"
    with pytest.raises(PresetViolation) as err:
        ex.export("/clips/long.mp4", ["reels", "fb-reels"], out)
    text = err.value.message("en")
    assert "long.mp4" in text and "95.0 s" in text and "90 s" in text
    assert "Facebook Reels" in text and "trim" in text and "--end 90" in text
    assert "reels" in text.split("platform (")[1]  # alternatives that accept 95 s
    assert no_ffmpeg == [] and not out.exists()
    assert "kürzen" in err.value.message("de")


def test_trimmed_section_is_what_counts(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 200.0)
    no_render(monkeypatch)
    with pytest.raises(PresetViolation):
        ex.export("/clips/long.mp4", "shorts", tmp_path, start=10, end=195)
    with pytest.raises(AssertionError, match="must not run"):  # 100 s fits: gets to work
        ex.export("/clips/long.mp4", "shorts", tmp_path, start=10, end=110)


def test_too_short_is_refused(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 2.0)
    with pytest.raises(PresetViolation) as err:
        ex.export("/clips/short.mp4", "tiktok", tmp_path)
    assert "3 s" in err.value.message("en") and no_ffmpeg == []


def test_story_over_a_minute(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 60.5)
    with pytest.raises(PresetViolation):
        ex.export("/clips/a.mp4", "story", tmp_path)


@pytest.mark.parametrize("start,end", [(-1, None), (5, 4), (0, 30), (12, None)])
def test_bad_trim(monkeypatch, tmp_path, no_ffmpeg, start, end):
    fake_probe(monkeypatch, 10.0)
    with pytest.raises(UserInputError) as err:
        ex.export("/clips/a.mp4", "youtube", tmp_path, start=start, end=end)
    assert not isinstance(err.value, PresetViolation)
    assert "a.mp4" in err.value.message("en")


def test_unknown_platform_and_mode(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 10.0)
    with pytest.raises(UserInputError) as err:
        ex.export("/clips/a.mp4", "myspace", tmp_path)
    assert err.value.key == "presets.unknown"
    with pytest.raises(UserInputError):
        ex.export("/clips/a.mp4", "youtube", tmp_path, RenderOptions(mode="zoom"))
    with pytest.raises(UserInputError):
        resolve_presets([])


def test_resolve_presets_accepts_ids_and_objects():
    small = PRESETS["reels"].scaled(270)
    got = resolve_presets([small, "tiktok", "reels"])
    assert [p.id for p in got] == ["reels", "tiktok"] and got[0].width == 270
    assert [p.id for p in resolve_presets("youtube, shorts")] == ["youtube", "shorts"]


def test_preset_rate():
    reels = PRESETS["reels"]
    assert preset_rate(reels, Fraction(30000, 1001)) == Fraction(30000, 1001)
    assert preset_rate(reels, Fraction(120)) == 60
    assert preset_rate(reels, Fraction(100)) == 50
    assert preset_rate(reels, Fraction(15)) == 24
    assert preset_rate(PRESETS["linkedin"], Fraction(15)) == 15


def test_a_clip_is_a_timeline_of_one_clip(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 20.0)
    small = PRESETS["reels"].scaled(270)
    plan = clip_plan.plan_clip("/clips/a.mp4", [small, "tiktok", "youtube"], tmp_path / "o",
                               RenderOptions(mode="pad", cover_at=2.0), start=3.0, end=9.5)
    (clip,) = plan.timeline.clips
    (source,) = clip.sources
    assert source.file == "a.mp4" and plan.folder == "/clips"
    assert [(r.start, r.end) for r in source.ranges] == [(3.0, 9.5)] and clip.seconds == 6.5
    assert plan.timeline.rate == 30 and plan.out_dir == str(tmp_path / "o")
    assert [o.platforms for o in plan.outputs] == [["reels"], ["tiktok"], ["youtube"]]
    presets = plan.platform_presets()
    assert presets["reels"] == small and presets["tiktok"] == PRESETS["tiktok"]
    assert plan.render_options().mode == "bars" and plan.render_options().cover_at == 2.0
    assert (plan.source["trim_start"], plan.source["trim_end"]) == (3.0, 9.5)
    assert plan.source["path"] == "/clips/a.mp4" and plan.lengths is None
    assert not (tmp_path / "o").exists()


def test_platforms_of_one_geometry_share_an_encode(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 20.0)
    plan = clip_plan.plan_clip("/clips/a.mp4", "reels,tiktok,shorts", tmp_path)
    assert [o.platforms for o in plan.outputs] == [["reels", "tiktok", "shorts"]]


def sample(t, sharp, faces=(), bright=120.0):
    return FrameSample(t, tuple(faces), sharp, bright)


def test_cover_prefers_a_sharp_face():
    face = Face(0.4, 0.2, 0.2, 0.3)
    samples = [sample(1, 900), sample(2, 600, [face]), sample(3, 100, [face])]
    assert best_sample(samples).time == 2
    assert best_sample([sample(1, 900, bright=5), sample(2, 500)]).time == 2
    assert best_sample([]) is None


def test_cover_time_is_in_output_time_and_inside_the_video():
    samples = [sample(12.0, 500)]
    assert cover_time(samples, start=10.0, duration=5.0, fps=25) == pytest.approx(2.0)
    assert cover_time([sample(14.99, 1)], 10.0, 5.0, 25) == pytest.approx(5.0 - 1.5 / 25)
    assert cover_time([], 0.0, 6.0, 25) == pytest.approx(2.0)
    assert cover_time(samples, 10.0, 5.0, 25, at=1.5) == 1.5
    with pytest.raises(UserInputError):
        cover_time(samples, 10.0, 5.0, 25, at=7.0)


def test_progress_stages_add_up_and_stay_in_range():
    from toolkit.edit.run import _STAGES
    from toolkit.progress import Stages

    seen = []
    prog = Stages(_STAGES, seen.append)
    for name in ("analyse", "measure", "draw", "render", "cover", "report"):
        stage = prog.stage(name)
        stage(0.5)
        stage(2.0)
    prog.finish()
    assert seen == sorted(seen) and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    assert abs(sum(_STAGES.values()) - 1.0) < 1e-9


def test_bad_cover_time_is_refused_before_any_work(monkeypatch, tmp_path, no_ffmpeg):
    fake_probe(monkeypatch, 10.0)
    with pytest.raises(UserInputError) as err:
        ex.export("/clips/a.mp4", "youtube", tmp_path / "o", RenderOptions(cover_at=12))
    assert err.value.key == "export.bad_cover_time" and no_ffmpeg == []
    assert not (tmp_path / "o").exists()


def test_one_report_part_for_a_clip_and_a_project():
    from types import SimpleNamespace

    from toolkit.edit.report import framing_facts, source_part
    from toolkit.media.timeline_graph import PieceLook

    clip = SimpleNamespace(source={"path": "/clips/a.mp4", "trim_start": 1.0})
    assert source_part(clip, 2.345) == {"path": "/clips/a.mp4", "trim_start": 1.0,
                                        "cover_at": 2.345}
    shot = SimpleNamespace(start=0.0, end=2.5, layout="split")
    camera = SimpleNamespace(shots=[shot])
    from toolkit.media.render import FramePlan

    looks = (PieceLook(frames=(FramePlan(90, 160, "smart", camera=camera),)),)
    assert framing_facts("smart", looks) == {
        "mode": "smart", "camera": [{"start": 0.0, "end": 2.5, "layout": "split"}]}
    assert framing_facts("center", (PieceLook(frames=(FramePlan(90, 160),)),)) == {
        "mode": "center"}


def test_progress_goes_to_the_stages_a_plan_runs(monkeypatch, tmp_path, no_ffmpeg):
    from toolkit.edit.run import _STAGES, stage_weights

    fake_probe(monkeypatch, 20.0)
    plan = clip_plan.plan_clip("/clips/a.mp4", "reels", tmp_path,
                               RenderOptions(mode="center", loudness=None))
    weights = stage_weights(plan, plan.render_options())
    assert weights["analyse"] == weights["measure"] == weights["draw"] == 0.0
    assert weights["cover"] == _STAGES["cover"] and abs(sum(weights.values()) - 1.0) < 1e-9
    video = plan.model_copy(update={"video_only": True})
    assert stage_weights(video, video.render_options())["render"] == 1.0


def test_captions_are_transcribed_only_after_the_plan_passed(monkeypatch, tmp_path, no_ffmpeg):
    asked = []

    def transcribe(src, style, *args, **kwargs):
        asked.append((str(src), style))
        raise AssertionError("must not run: transcribing")

    monkeypatch.setattr("toolkit.captions.for_export.prepare_export_captions", transcribe)
    fake_probe(monkeypatch, 95.0)
    with pytest.raises(PresetViolation):  # too long for Facebook Reels: refused first
        ex.export("/clips/long.mp4", "fb-reels", tmp_path, RenderOptions(captions="social"))
    assert asked == []
    with pytest.raises(AssertionError, match="transcribing"):
        ex.export("/clips/long.mp4", "youtube", tmp_path, RenderOptions(captions="social"))
    assert asked == [("/clips/long.mp4", "social")]
