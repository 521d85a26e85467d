"""Sound cues and transitions of a rendered duel (real ffmpeg, tiny frames).

The cues are found again in the rendered sound: above 700 Hz (the takes' own tone is 300 Hz)
every onset of the whistle and the countdown beeps lies within 40 ms of the second the round
timer shows it. A whip or slide between scenes is a real move: its frames are neither the
leaving nor the arriving shot of a hard-cut render, and the video is exactly as long.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from frames import frame_at
from render_fixtures import TEMPLATE, make_clip, new_project
from toolkit.edit.plan import RenderOptions, plan_render
from toolkit.edit.run import render_project
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.probe import probe
from toolkit.project import add_take, save_project
from toolkit.project.store import TEMPLATE_FILE

RATE = 48000
HOP = 0.005  # envelope step (s)
LIMIT = 4.0  # the round's countdown (s)
TOLERANCE = 0.040


def band_pcm(path: Path, low: float = 700.0) -> np.ndarray:
    """The rendered sound above ``low`` Hz, mono 48 kHz."""
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-af",
                          f"highpass=f={low},highpass=f={low}", "-ac", "1", "-ar", str(RATE),
                          "-f", "f32le", "-"], capture_output=True, check=True, timeout=120)
    return np.frombuffer(out.stdout, np.float32)


def onsets(samples: np.ndarray, below_db: float = 12.0, quiet: float = 0.06) -> list[float]:
    """Times where the band's level rises above (loudest - ``below_db``) after ``quiet`` s
    under it."""
    hop = int(HOP * RATE)
    n = len(samples) // hop
    rms = np.sqrt((samples[:n * hop].reshape(n, hop).astype(np.float64) ** 2).mean(axis=1))
    db = 20 * np.log10(rms + 1e-9)
    loud = db > db.max() - below_db
    need = int(quiet / HOP)
    found, last_loud = [], -need - 1
    for i, on in enumerate(loud):
        if on:
            if i - last_loud > need:
                found.append(i * HOP)
            last_loud = i
    return found


def tone(samples: np.ndarray, t0: float, t1: float, freq: float) -> float:
    seg = samples[int(t0 * RATE):int(t1 * RATE)].astype(np.float64)
    n = np.arange(len(seg))
    return float(abs((seg * np.exp(-2j * np.pi * freq * n / RATE)).sum()) * 2 / len(seg))


def full_pcm(path: Path) -> np.ndarray:
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar",
                          str(RATE), "-f", "f32le", "-"], capture_output=True, check=True,
                         timeout=120)
    return np.frombuffer(out.stdout, np.float32)


@pytest.fixture(scope="module")
def takes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cue-takes")
    return {"hook": make_clip(folder / "hook.mp4", 2.0, "green", freq=300),
            "round": make_clip(folder / "runde.mp4", 5.0, "gray", freq=300)}


def _project(ws: Path, takes: dict[str, Path], transitions: str = ""):  # noqa: ANN202
    """The mini duel with a 5 s round (planned 5 s, so the whole take plays) and a 4 s timer."""
    project = new_project(ws)
    assert TEMPLATE.count("seconds: 3\n") == 1  # the round's planned length
    text = TEMPLATE.replace("seconds: 3\n", "seconds: 5\n").replace("target_seconds: 5\n",
                                                                      "target_seconds: 7\n")
    if transitions:
        text = text.replace("\nscenes:", f"\ntransitions: {transitions}\nscenes:", 1)
    (project.folder / TEMPLATE_FILE).write_text(text, encoding="utf-8")
    add_take(project, "hook", takes["hook"])
    add_take(project, "runde-1", takes["round"])
    project.edit.timers["runde-1"] = LIMIT
    save_project(project)
    return project


def _render(project, out: str, platform: str = "youtube",  # noqa: ANN001, ANN202
            **options):  # noqa: ANN003
    return render_project(project.name, platform, out_dir=project.folder / out,
                          options=RenderOptions(scale=0.25, mode="center", **options),
                          workspace=project.folder.parent)


def test_cues_sound_on_the_timer_seconds_under_the_loudness_target(
        tmp_path: Path, takes: dict[str, Path]) -> None:
    project = _project(tmp_path / "ws", takes)
    result = _render(project, "on")
    timeline = result.plan.timeline
    timer = next(o for o in timeline.overlays if o.kind == "timer")
    assert timer.values == [LIMIT]
    # its clock starts at clock_start showing LIMIT, and shows 3-2-1-0 at clock + LIMIT - k
    clock = timer.clock_start if timer.clock_start is not None else timer.start
    expected = [clock] + [clock + LIMIT - k for k in (3, 2, 1, 0)]
    assert expected[-1] < timer.end
    video = result.files[0].video
    found = onsets(band_pcm(video))
    for want in expected:
        nearest = min(found, key=lambda t: abs(t - want))
        assert abs(nearest - want) <= TOLERANCE, (want, found)
    in_round = [t for t in found if clock - 0.2 <= t <= timer.end]
    assert len(in_round) == len(expected), (in_round, expected)  # nothing else sounds there

    report = json.loads(result.files[0].report_path.read_text(encoding="utf-8"))
    assert report["loudness"]["integrated"] == pytest.approx(-14, abs=1.0)
    assert report["loudness"]["true_peak"] <= -1.0
    assert [c["kind"] for c in report["source"]["timeline"]["cues"]] == [
        "whistle", "beep", "beep", "beep", "beep_last"]
    # under the speech: a beep is quieter than the take's own sound beside it
    sound = full_pcm(video)
    beep = expected[1]
    assert tone(sound, beep + 0.02, beep + 0.12, 1000) < tone(sound, beep + 0.02, beep + 0.12,
                                                               300)

    silent = _render(project, "off", sound_cues=False)
    assert silent.plan.timeline.cues == []
    quiet = full_pcm(silent.files[0].video)
    window = (beep + 0.02, beep + 0.12)
    assert tone(quiet, *window, 1000) < 0.1 * tone(sound, *window, 1000)


def test_project_switch_turns_the_cues_off(tmp_path: Path, takes: dict[str, Path]) -> None:
    project = _project(tmp_path / "ws", takes)
    assert plan_render(project.name, "youtube", workspace=project.folder.parent).timeline.cues
    project.edit.sound_cues = False
    save_project(project)
    plan = plan_render(project.name, "youtube", workspace=project.folder.parent)
    assert plan.timeline.cues == []
    forced = plan_render(project.name, "youtube", workspace=project.folder.parent,
                         options=RenderOptions(sound_cues=True))
    assert [c.kind for c in forced.timeline.cues][0] == "whistle"


def _mean(path: Path, t: float) -> np.ndarray:
    return frame_at(path, t).astype(np.float64)


@pytest.mark.parametrize("kind", ["whip", "slide"])
def test_move_between_scenes_keeps_the_length(tmp_path: Path, takes: dict[str, Path],
                                              kind: str) -> None:
    hard = _render(_project(tmp_path / "a", takes), "cut", sound_cues=False)
    whip_project = _project(tmp_path / "b", takes, f"{{scenes: {kind}, shots: cut, seconds: 0.3}}")
    whip = _render(whip_project, kind, sound_cues=False)
    kinds = {(t.after, t.kind) for t in whip.plan.timeline.transitions}
    assert ("hook", kind) in kinds and ("title", kind) in kinds
    a, b = hard.files[0].video, whip.files[0].video
    fps = float(whip.plan.timeline.rate)
    assert probe(b).duration == pytest.approx(probe(a).duration, abs=0.5 / fps)
    boundary = next(c for c in whip.plan.timeline.clips if c.id == "runde-1").start
    assert boundary == next(c for c in hard.plan.timeline.clips if c.id == "runde-1").start
    before, after = _mean(a, boundary - 1.5 / fps), _mean(a, boundary + 0.5 / fps)
    middle = _mean(b, boundary + 0.15)
    for hard_frame in (before, after):
        assert np.abs(middle - hard_frame).mean() > 8  # neither the old nor the new shot
    # both shots are seen in the move: part of the frame is the hook, part the round
    share_old = (np.abs(middle - before).sum(axis=2) < 30).mean()
    share_new = (np.abs(middle - after).sum(axis=2) < 30).mean()
    assert share_old > 0.15 and share_new > 0.15
    # before the move and once it is over, the two renders show the same picture
    for t in (boundary - 0.2, boundary + 0.3 + 2 / fps):
        assert np.abs(_mean(a, t) - _mean(b, t)).mean() < 3


def test_cli_switches_the_cues(tmp_path: Path, takes: dict[str, Path]) -> None:
    """``project edit --no-sound-cues`` saves the switch; ``render --sound-cues`` overrides it
    for one render (seen in the printed plan)."""
    import os
    import sys

    project = _project(tmp_path / "ws", takes)
    env = {**os.environ, "MACHMAL_WORKSPACE": str(project.folder.parent), "MACHMAL_LANG": "de",
           "PYTHONIOENCODING": "utf-8"}

    def machmal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "toolkit.cli", *args], capture_output=True,
                              text=True, encoding="utf-8", env=env, timeout=300)

    done = machmal("project", "edit", project.name, "--no-sound-cues")
    assert done.returncode == 0, done.stderr
    plan = json.loads(machmal("render", project.name, "-p", "youtube", "--plan-only").stdout)
    assert plan["timeline"]["cues"] == []
    plan = json.loads(machmal("render", project.name, "-p", "youtube", "--plan-only",
                              "--sound-cues").stdout)
    assert [c["kind"] for c in plan["timeline"]["cues"]][:2] == ["whistle", "beep"]
