"""The render prepared ahead (job ``prepare``): it analyses and measures exactly what the render
reads, so the render that follows decodes nothing for its analyses and measures no loudness; a
project that cannot be rendered yet is skipped, not failed."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from render_fixtures import clips, duel, new_project  # noqa: F401 (fixtures)
from toolkit.edit.plan import RenderOptions, plan_render
from toolkit.edit.prepare import prepare_plan, prepare_render
from toolkit.edit.run import render_project
from toolkit.errors import Cancelled
from toolkit.jobs.project_jobs import prepare_job
from toolkit.media import runner
from toolkit.project import add_take
from toolkit.reframe import analysis

pytestmark = pytest.mark.slow

SMART = RenderOptions(scale=0.25, mode="smart")


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple]:
    """A fresh analysis cache; the list fills with the section of every analysis decoded."""
    monkeypatch.setenv("MACHMAL_CACHE", str(tmp_path / "cache"))
    decoded: list[tuple] = []
    real = analysis._analyse

    def spy(src, frame, span, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        decoded.append((Path(src).name, round(span[0], 3), round(span[1], 3)))
        return real(src, frame, span, *args, **kwargs)
    monkeypatch.setattr(analysis, "_analyse", spy)
    return decoded


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fills with the name of each loudness measurement ffmpeg runs (``ebur128``): the
    project's for its sound, a video's for the check report's look at a written file."""
    runs: list[str] = []
    real = runner.run

    def spy(graph, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if any("ebur128" in a for a in graph.get_args()):
            runs.append(kwargs.get("target", ""))
        return real(graph, *args, **kwargs)
    monkeypatch.setattr(runner, "run", spy)
    return runs


def test_a_prepared_render_decodes_no_analysis_and_measures_nothing(
        duel, analyses, measured) -> None:  # noqa: ANN001
    ws = duel.folder.parent
    done = prepare_render("Mini Duell", "reels", options=SMART, workspace=ws)
    assert (done.analysed, done.cached, done.transcribed, done.measured) == (2, 0, False, True)
    assert len(analyses) == 2 and len(measured) >= 1
    analyses.clear()
    measured.clear()
    result = render_project("Mini Duell", "reels,youtube", options=SMART, workspace=ws)
    assert analyses == []  # everything it analyses and measures was prepared
    assert [name for name in measured if not name.endswith(".mp4")] == []
    report = result.files[0].report.to_dict()
    assert report["loudness"]["integrated"] == pytest.approx(-14.0, abs=1.0)
    again = prepare_render("Mini Duell", "reels", options=SMART, workspace=ws)
    assert (again.analysed, again.cached) == (2, 2) and analyses == []


def test_a_cold_render_analyses_the_ranges_prepare_would(duel, analyses) -> None:  # noqa: ANN001
    ws = duel.folder.parent
    render_project("Mini Duell", "reels", options=SMART, workspace=ws)
    cold = sorted(analyses)
    analyses.clear()
    plan = plan_render("Mini Duell", "reels", options=SMART, workspace=ws)
    assert prepare_plan(plan).cached == len(cold) == 2 and analyses == []
    centred = prepare_render("Mini Duell", "reels", options=RenderOptions(mode="center"),
                             workspace=ws)
    assert centred.analysed == 0  # centre framing without captions: nothing to analyse


def _ctx(ws: Path, cancel: threading.Event | None = None) -> SimpleNamespace:
    return SimpleNamespace(progress=lambda *a: None, cancel=cancel or threading.Event(),
                           workspace=ws)


def test_the_job_skips_a_project_not_ready_and_stops_on_cancel(  # noqa: ANN201
        tmp_path: Path, clips, analyses) -> None:  # noqa: ANN001, F811
    ws = tmp_path / "ws"
    project = new_project(ws)
    add_take(project, "hook", clips["green"])  # the round has no take yet
    params = {"project": project.name, "platforms": ["reels"], "options": {"mode": "smart"}}
    result = prepare_job(params, _ctx(ws))
    assert "runde" in result["skipped"].lower() and analyses == []
    add_take(project, "runde-1", clips["blue"])
    stopped = threading.Event()
    stopped.set()
    with pytest.raises(Cancelled):
        prepare_job(params, _ctx(ws, stopped))
    done = prepare_job(params, _ctx(ws))
    assert (done["analysed"], done["cached"]) == (2, 0)
