"""machmal render: a project's takes assembled into one video per platform (real ffmpeg)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from frames import frame_at
from render_fixtures import SMALL, clips, duel, new_project  # noqa: F401 (fixtures)
from toolkit.edit.plan import RenderOptions, RenderPlan, plan_render
from toolkit.edit.run import render_project
from toolkit.edit.timeline import Timeline
from toolkit.errors import Cancelled, ConsentError, ProjectError, UserInputError
from toolkit.media.probe import probe
from toolkit.project import add_person, add_take

def _mean_rgb(path: Path, t: float, box: tuple[float, float, float, float]) -> np.ndarray:
    img = frame_at(path, t)
    h, w = img.shape[:2]
    x0, y0, x1, y1 = box
    return img[int(y0 * h):int(y1 * h), int(x0 * w):int(x1 * w)].reshape(-1, 3).mean(axis=0)


def test_render_assembles_takes_for_every_platform(duel) -> None:  # noqa: ANN001
    ws = duel.folder.parent
    result = render_project("Mini Duell", "reels,tiktok,youtube", options=SMALL, workspace=ws)
    out = duel.folder / "exports"
    assert result.out_dir == out
    plan = result.plan
    assert [o.platforms for o in plan.outputs] == [["reels", "tiktok"], ["youtube"]]
    takes = sum(c.seconds for c in plan.timeline.clips if c.kind != "card")
    assert takes == pytest.approx(1.6 + 3.0, abs=0.05)
    cards = [c.seconds for c in plan.timeline.clips if c.kind == "card"]
    assert plan.timeline.duration == pytest.approx(takes + sum(cards)) and len(cards) == 2
    for platform in ("reels", "tiktok", "youtube"):
        video = out / f"{platform}.mp4"
        info = probe(video)
        assert info.duration == pytest.approx(plan.timeline.duration, abs=0.1)
        assert (out / f"{platform}.jpg").stat().st_size > 0
        report = json.loads((out / f"{platform}.json").read_text(encoding="utf-8"))
        assert report["source"]["project"] == "Mini Duell"
        assert report["loudness"]["measured_once_on"] == "assembled timeline"
        failed = [c for c in report["checks"] if not c["ok"]]
        assert not failed, failed
    assert probe(out / "reels.mp4").video.display_width == 270
    assert probe(out / "youtube.mp4").video.display_width == 480
    hook = next(c for c in plan.timeline.clips if c.id == "hook")
    runde = next(c for c in plan.timeline.clips if c.id == "runde-1")
    centre = (0.4, 0.45, 0.6, 0.55)
    green = _mean_rgb(out / "youtube.mp4", hook.start + 0.5, centre)
    blue = _mean_rgb(out / "youtube.mp4", runde.start + 1.0, centre)
    assert green[1] > 100 and green[0] < 80 and green[2] < 80, green
    assert blue[2] > 150 and blue[0] < 80, blue
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert Timeline.load(duel.folder / "work" / "timeline.json") == plan.timeline


def test_reorder_skip_and_choose_take(duel, clips) -> None:  # noqa: ANN001
    ws = duel.folder.parent
    add_take(duel, "hook", clips["red"])  # newest take: chosen by default
    add_take(duel, "extra", clips["red"], end=1.0)
    plan = plan_render("Mini Duell", "youtube", options=SMALL, workspace=ws)
    ids = [c.id for c in plan.timeline.clips if c.kind != "card"]
    assert ids == ["hook", "runde-1", "extra"]
    assert next(c for c in plan.timeline.clips if c.id == "hook").sources[0].take == "hook-02"
    chosen = RenderOptions(scale=0.25, order=["runde-1", "hook", "extra"], skip=["extra"],
                           takes={"hook": "hook-01"})
    plan = plan_render("Mini Duell", "youtube", options=chosen, workspace=ws)
    clips_ = [c for c in plan.timeline.clips if c.kind != "card"]
    assert [c.id for c in clips_] == ["runde-1", "hook"]
    assert clips_[1].sources[0].take == "hook-01"
    assert clips_[1].sources[0].ranges[0].start == pytest.approx(0.2)
    with pytest.raises(ProjectError) as caught:
        plan_render("Mini Duell", "youtube", options=RenderOptions(skip=["hook"]), workspace=ws)
    assert "hook" in str(caught.value)


def test_plan_round_trips_through_json(duel) -> None:  # noqa: ANN001
    plan = plan_render("Mini Duell", "reels,youtube", options=SMALL,
                       workspace=duel.folder.parent)
    again = RenderPlan.model_validate_json(plan.model_dump_json())
    assert again == plan
    timeline = Timeline.from_json(plan.timeline.to_json())
    assert timeline == plan.timeline
    path = plan.timeline.save(duel.folder / "work" / "timeline.json")
    assert Timeline.load(path) == plan.timeline
    assert all(not Path(s.file).is_absolute() for c in timeline.clips for s in c.sources)
    newer = json.loads(plan.timeline.to_json())
    newer["version"] = 99
    with pytest.raises(UserInputError, match="99"):
        Timeline.from_json(json.dumps(newer), "t.json")


def test_missing_take_names_the_shot(tmp_path: Path, clips) -> None:  # noqa: ANN001
    project = new_project(tmp_path / "ws")
    add_take(project, "hook", clips["red"])
    with pytest.raises(ProjectError) as caught:
        plan_render("Mini Duell", "reels", options=SMALL, workspace=tmp_path / "ws")
    text = str(caught.value)
    assert "runde-1" in text and "add-take" in text


def test_missing_consent_names_the_person(duel) -> None:  # noqa: ANN001
    ws = duel.folder.parent
    add_person(duel, "Kim", "challenger")
    with pytest.raises(ConsentError) as caught:
        plan_render("Mini Duell", "reels", options=SMALL, workspace=ws)
    assert "Kim" in str(caught.value)
    with_override = RenderOptions(scale=0.25, override_by="Frau Ausbilderin",
                                  override_reason="Kim ist nur von hinten zu sehen")
    plan = plan_render("Mini Duell", "reels", options=with_override, workspace=ws)
    assert plan.consent["overridden"] == ["Kim"]
    assert plan.consent["overrides"][0]["reason"] == "Kim ist nur von hinten zu sehen"
    again = plan_render("Mini Duell", "reels", options=SMALL, workspace=ws)  # recorded override
    assert again.consent["overrides"][0]["by"] == "Frau Ausbilderin"


def test_unreadable_music_file_is_named(duel, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "musik.mp3"
    bad.write_text("keine Musik", encoding="utf-8")
    with pytest.raises(UserInputError) as caught:
        plan_render("Mini Duell", "reels", options=RenderOptions(scale=0.25, music=str(bad)),
                    workspace=duel.folder.parent)
    assert "musik.mp3" in str(caught.value)


def test_cancelled_render_leaves_nothing(duel) -> None:  # noqa: ANN001
    cancel = threading.Event()

    def progress(fraction: float) -> None:
        if fraction > 0.2:
            cancel.set()

    with pytest.raises(Cancelled):
        render_project("Mini Duell", "reels,youtube", options=SMALL, progress=progress,
                       cancel=cancel, workspace=duel.folder.parent)
    assert list((duel.folder / "exports").iterdir()) == []


def test_cli_plan_only_prints_json_and_renders_nothing(duel, capsys) -> None:  # noqa: ANN001
    from toolkit.cli import main

    code = main(["render", "Mini Duell", "--platform", "reels,youtube", "--plan-only",
                 "--scale", "0.25", "--workspace", str(duel.folder.parent)])
    assert code == 0
    plan = json.loads(capsys.readouterr().out)
    assert [o["platforms"] for o in plan["outputs"]] == [["reels"], ["youtube"]]
    assert not (duel.folder / "exports" / "reels.mp4").exists()
    code = main(["render", "Mini Duell", "--platform", "nirgendwo", "--workspace",
                 str(duel.folder.parent)])
    assert code == 2 and "nirgendwo" in capsys.readouterr().err


def test_render_job_reports_progress_and_outputs(duel) -> None:  # noqa: ANN001
    from types import SimpleNamespace

    from toolkit.jobs.project_jobs import render_job

    seen: list[tuple[float, str]] = []
    ctx = SimpleNamespace(progress=lambda f, stage: seen.append((f, stage)),
                          cancel=threading.Event(), workspace=duel.folder.parent)
    result = render_job({"project": "Mini Duell", "platforms": ["reels"],
                         "options": {"scale": 0.25}}, ctx)
    assert Path(result["outputs"]["reels"]).is_file() and result["ok"]
    assert seen[-1][0] == 1.0 and all(a <= b for (a, _), (b, _) in zip(seen, seen[1:]))


def test_a_saved_plan_renders_exactly_as_saved(duel, tmp_path) -> None:  # noqa: ANN001
    """``render --plan FILE``: the plan's own choices, paths relative to the project, even
    when the folder it was planned in is gone (another machine)."""
    from toolkit.cli import main

    ws = duel.folder.parent
    options = RenderOptions(scale=SMALL.scale, loudness=None, mode="center", layout="single")
    plan = plan_render("Mini Duell", "reels", options=options, workspace=ws)
    assert plan.out_dir == "exports" and plan.options["mode"] == "center"
    saved = duel.folder / "work" / "plan.json"
    saved.parent.mkdir(exist_ok=True)
    moved = plan.model_copy(update={"folder": str(tmp_path / "elsewhere")})
    saved.write_text(moved.model_dump_json(), encoding="utf-8")
    assert main(["render", "--plan", str(saved), "--json"]) == 0
    report = json.loads((duel.folder / "exports" / "reels.json").read_text(encoding="utf-8"))
    assert report["options"]["fit"] == "center" and report["options"]["layout"] == "single"
    assert report["options"]["loudness"] is None
    assert "target_i" not in (report["loudness"] or {})
    assert probe(duel.folder / "exports" / "reels.mp4").video.width == plan.outputs[0].width


def test_a_broken_plan_file_is_refused_with_its_name(tmp_path, capsys) -> None:  # noqa: ANN001
    from toolkit.cli import main

    bad = tmp_path / "plan.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["--lang", "en", "render", "--plan", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "plan.json" in err and "not a readable render plan" in err
