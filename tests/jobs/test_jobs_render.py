"""The render kind: ``machmal render --background`` assembles a project in a worker."""

from __future__ import annotations

import json
from pathlib import Path

from render_fixtures import make_clip, new_project
from toolkit import jobs
from toolkit.media.probe import probe
from toolkit.project import add_take

from test_jobs_cli import machmal


def test_render_in_the_background(workers, job_env, tmp_path):
    project = new_project(job_env)
    add_take(project, "hook", make_clip(tmp_path / "gruen.mp4", 1.5, "green", freq=660))
    add_take(project, "runde-1", make_clip(tmp_path / "blau.mp4", 2.0, "blue", freq=880))
    workers.start()
    args = ("render", "Mini Duell", "--platform", "reels,youtube", "--scale", "0.25",
            "--workspace", str(job_env), "--background")
    run = machmal(*args)
    assert run.returncode == 0, run.stderr
    job_id = run.stdout.strip().splitlines()[-1]
    done = jobs.wait_job(job_id, timeout=300)
    assert done.state == jobs.DONE, done.error_message("en")
    out = project.folder / "exports"
    assert done.outputs() == [out / "reels.mp4", out / "youtube.mp4"]
    assert Path(done.result["covers"]["reels"]) == out / "reels.jpg"
    assert probe(out / "reels.mp4").video.display_width == 270
    report = json.loads((out / "reels.json").read_text(encoding="utf-8"))
    assert report["source"]["project"] == "Mini Duell"
    assert machmal(*args).stdout.strip().splitlines()[-1] == job_id  # same project: same job
    add_take(project, "hook", make_clip(tmp_path / "rot.mp4", 1.5, "red"))  # project changed
    assert machmal(*args).stdout.strip().splitlines()[-1] != job_id


def test_render_background_refuses_an_unknown_project_at_once(job_env):
    run = machmal("render", "Gibt es nicht", "--platform", "reels", "--workspace", str(job_env),
                  "--background")
    assert run.returncode == 2 and "Gibt es nicht" in run.stderr
    assert jobs.list_jobs() == []
