"""A music bed chosen from outside the project travels with it: ``project edit --music`` and
``render --music`` copy it in, and ``project pack`` packs it (also an older absolute path), so
the unpacked project renders the same on another machine."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from render_fixtures import make_clip, new_project
from test_project_cli import machmal
from toolkit.edit.plan import RenderOptions
from toolkit.edit.run import render_project
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.media.silence import decode_mono
from toolkit.project import add_take, open_project, update_project
from toolkit.project.pack import pack_project
from toolkit.project.unpack import unpack_project


def _music(path: Path) -> Path:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=220:sample_rate=48000:duration=4", "-c:a", "pcm_s16le",
                    str(path)], check=True, capture_output=True, timeout=60)
    return path


@pytest.fixture
def duel(tmp_path: Path):  # noqa: ANN201
    ws = tmp_path / "quelle"
    project = new_project(ws)
    add_take(project, "hook", make_clip(tmp_path / "h.mp4", 1.5, "green"))
    add_take(project, "runde-1", make_clip(tmp_path / "r.mp4", 1.5, "gray", freq=880))
    return project, ws


def _card_level(result) -> float:  # noqa: ANN001
    """RMS of the sound during the title card (the takes' tones start after it)."""
    samples = decode_mono(result.files[0].video, rate=8000, timeout=60.0)
    return float(np.sqrt(np.mean(samples[: 8000 * 3 // 2] ** 2)))


def _loudness(result) -> float:  # noqa: ANN001
    report = json.loads(result.files[0].report_path.read_text(encoding="utf-8"))
    return report["loudness"]["integrated"]


def test_packed_absolute_music_renders_the_same_elsewhere(duel, tmp_path: Path) -> None:  # noqa: ANN001
    project, ws = duel
    (tmp_path / "outside").mkdir()
    music = _music(tmp_path / "outside" / "bed.wav")
    update_project(project.name, lambda p: setattr(p.edit, "music", str(music)), workspace=ws)
    options = RenderOptions(scale=0.25, mode="center", loudness=None)
    here = render_project(project.name, "reels", options=options, workspace=ws)
    archive = tmp_path / "duell.zip"
    pack_project(project.name, archive, with_media=True, workspace=ws)
    music.unlink()  # the other machine has no such path
    target = tmp_path / "ziel"
    copy = unpack_project(archive, workspace=target)
    assert copy.edit.music is not None and copy.edit.music.startswith("media/music/")
    assert (copy.folder / copy.edit.music).is_file()
    there = render_project(copy.name, "reels", options=options, workspace=target)
    assert there.plan.timeline.music().file == copy.edit.music
    assert _loudness(there) == pytest.approx(_loudness(here), abs=0.1)
    update_project(copy.name, lambda p: setattr(p.edit, "music", None), workspace=target)
    without = render_project(copy.name, "reels", options=options, workspace=target,
                             out_dir=tmp_path / "ohne")
    assert _card_level(there) > 0.01 > _card_level(without)  # the bed is heard over the card


def test_edit_and_render_music_are_copied_into_the_project(duel, tmp_path: Path) -> None:  # noqa: ANN001
    project, ws = duel
    bed = _music(tmp_path / "bed.wav")
    done = machmal("project", "edit", project.name, "--music", str(bed), workspace=ws)
    assert done.returncode == 0, done.stderr
    stored = open_project(project.name, ws).edit.music
    assert stored.startswith("media/music/") and stored.endswith("/bed.wav")
    assert (project.folder / stored).read_bytes() == bed.read_bytes()
    other = _music(tmp_path / "other.wav")
    done = machmal("render", project.name, "--platform", "reels", "--plan-only",
                   "--music", str(other), workspace=ws)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["timeline"]["audio"][1]["file"] == str(other.resolve())
    assert not list((project.folder / "media" / "music").rglob("other.wav"))  # plan only
    missing = machmal("project", "edit", project.name, "--music", str(tmp_path / "nope.wav"),
                      workspace=ws)
    assert missing.returncode == 2 and "nope.wav" in missing.stderr
