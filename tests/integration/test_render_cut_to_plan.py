"""Takes cut to the storyboard: long clips render to about the template's planned length.

A duel on the real ``mach-mal-duell`` template whose every take is a long generated clip (tens of
seconds, moving test pattern, background noise, no speech): the render keeps about each shot's
planned seconds, the report lists planned vs actual per shot, and a user's own range wins (and
is named before rendering when it makes the video too long).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from toolkit.edit.lengths import project_lengths
from toolkit.edit.plan import RenderOptions, plan_render
from toolkit.edit.run import execute_plan
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe
from toolkit.project import (add_person, add_take, create_project, project_template,
                             save_project)
from toolkit.project.trim_takes import set_take_range

pytestmark = pytest.mark.slow


def long_clip(path: Path, seconds: float, seed: int) -> Path:
    """A portrait 160x284 test pattern with quiet noise (no speech), ``seconds`` long."""
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=160x284:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.02:seed={seed}:"
                                         f"sample_rate=48000:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)],
                   check=True, capture_output=True, timeout=120)
    return path


@pytest.fixture(scope="module")
def long_takes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("long-takes")
    return [long_clip(folder / f"take{k}.mp4", s, k) for k, s in enumerate((24.0, 31.0, 40.0))]


@pytest.fixture
def duel(tmp_path: Path, long_takes: list[Path], monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))
    ws = tmp_path / "ws"
    project = create_project("Langes Duell", "mach-mal-duell", company="Bäckerei Müller",
                             trade="Bäcker:in", workspace=ws)
    project.placeholders.update({"aufgabe": "Brezeln schlingen", "zeit": "60 Sekunden",
                                 "einsatz": "Frühstück für alle"})
    project.cta.url = "https://example.org/ausbildung"
    for name, role in (("Lena", "challenger"), ("Jürgen", "defender"), ("Aylin", "host")):
        add_person(project, name, role, consent=True, save=False)
    save_project(project)
    template = project_template(project)
    for k, shot in enumerate(s for s in template.shots() if not s.optional):
        add_take(project, shot.id, long_takes[k % len(long_takes)])
    return project


def test_long_takes_render_to_the_planned_length(duel) -> None:  # noqa: ANN001
    template = project_template(duel)
    whole = sum(probe(duel.folder / "media" / t.file).duration
                for s in duel.shots.values() for t in s.takes)
    assert whole > 5 * template.target_seconds  # the takes as filmed would run minutes
    plan = plan_render(duel.name, "reels", workspace=duel.folder.parent,
                       options=RenderOptions(scale=0.25, mode="center"))
    lengths = plan.lengths
    assert lengths is not None and not lengths.too_long
    assert not [w for w in plan.warnings if "Vorlage plant" in w]
    shots = {s.id: s for s in lengths.shots}
    for shot in (s for s in template.shots() if not s.optional):
        clip = shots[shot.id]
        assert clip.planned == shot.seconds
        assert clip.actual == pytest.approx(shot.seconds, abs=0.05)
        assert clip.picked == "motion"
    result = execute_plan(plan)
    video = result.files[0].video
    measured = probe(video).duration
    target = template.target_seconds
    assert 0.8 * target <= measured <= 1.2 * target, (measured, target)
    report = json.loads(video.with_suffix(".json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in report["source"]["lengths"]["shots"]}
    assert set(rows) >= {s.id for s in template.shots() if not s.optional}
    assert all(r["actual"] == pytest.approx(r["planned"], abs=0.05) for r in rows.values())
    assert report["source"]["lengths"]["target"] == target
    assert report["source"]["lengths"]["actual"] == pytest.approx(measured, abs=0.1)
    check = next(c for c in report["checks"] if c["name"] == "plan_length")
    assert check["ok"], check


def test_the_export_pages_lengths_are_the_render_plans(duel) -> None:  # noqa: ANN001
    """The Export page's length table (before the render button) counts the same cards and
    takes as the render does."""
    plan = plan_render(duel.name, "reels", workspace=duel.folder.parent,
                       options=RenderOptions(scale=0.25, mode="center"))
    page = project_lengths(duel, project_template(duel))
    assert plan.lengths is not None
    assert [(s.id, s.planned, s.actual) for s in page.shots] == \
        [(s.id, s.planned, s.actual) for s in plan.lengths.shots]
    assert {"title", "end"} <= {s.id for s in page.shots}
    assert page.actual == plan.lengths.actual


def test_user_range_wins_and_a_long_video_is_named_before_rendering(duel, capsys) -> None:  # noqa: ANN001
    from toolkit.cli import main

    ws = str(duel.folder.parent)
    take = duel.shots["regeln"].takes[0]
    assert main(["project", "range", duel.name, take.id, "--workspace", ws]) == 0
    assert "automatisch: lebendigster Abschnitt" in capsys.readouterr().out
    assert main(["project", "range", duel.name, take.id, "--start", "2", "--end", "22",
                 "--workspace", ws]) == 0
    assert "eigener Ausschnitt" in capsys.readouterr().out
    plan = plan_render(duel.name, "reels", workspace=ws,
                       options=RenderOptions(scale=0.25, mode="center"))
    clip = next(c for c in plan.timeline.clips if c.id == "regeln")
    assert clip.picked == "user"
    assert clip.sources[0].ranges[0].start == pytest.approx(2.0)
    assert clip.seconds == pytest.approx(20.0, abs=0.05)
    assert plan.lengths is not None and plan.lengths.too_long
    assert plan.lengths.long_shots == ["regeln"]
    warning = next(w for w in plan.warnings if "Vorlage plant" in w)
    assert "Regeln" in warning and "20,0 s statt 4 s" in warning
    assert main(["render", duel.name, "--platform", "reels", "--plan-only", "--scale", "0.25",
                 "--workspace", ws]) == 0
    said = capsys.readouterr()
    assert warning in said.err and "Länge: " in said.err
    assert json.loads(said.out)["lengths"]["long_shots"] == ["regeln"]
    assert main(["project", "range", duel.name, take.id, "--auto", "--workspace", ws]) == 0
    again = plan_render(duel.name, "reels", workspace=ws,
                        options=RenderOptions(scale=0.25, mode="center"))
    assert next(c for c in again.timeline.clips if c.id == "regeln").picked == "motion"
    assert not again.lengths.too_long


def test_a_whole_take_chosen_by_the_user_stays_whole(duel) -> None:  # noqa: ANN001
    take = duel.shots["hook"].takes[0]
    set_take_range(duel, take.id, 0.0, take.duration)
    assert (take.start, take.end) == (0.0, pytest.approx(take.duration, abs=0.001))
    save_project(duel)
    plan = plan_render(duel.name, "reels", workspace=duel.folder.parent,
                       options=RenderOptions(scale=0.25, mode="center"))
    clip = next(c for c in plan.timeline.clips if c.id == "hook")
    assert clip.picked == "user" and clip.seconds == pytest.approx(take.duration, abs=0.05)
