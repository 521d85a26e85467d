"""A small duel project for the render tests: three short shots, two people, generated takes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.edit.plan import RenderOptions
from toolkit.media.ffmpeg_bin import ffmpeg_exe
from toolkit.project import add_person, add_take, create_project
from toolkit.project.store import TEMPLATE_FILE

SMALL = RenderOptions(scale=0.25)

TEMPLATE = """\
format: 1
id: mini-duell
version: 1
title: {de: "Mini-Duell", en: "Mini duel"}
description: {de: "Drei Shots für Tests."}
platforms: [instagram_reels, youtube]
target_seconds: 5
roles:
  - {id: challenger, title: {de: "Azubi"}}
  - {id: defender, title: {de: "Ausbilder:in"}}
placeholders:
  aufgabe: {label: {de: "Aufgabe"}, example: "Reifen wechseln"}
  zeit: {label: {de: "Zeit"}, example: "60 Sekunden"}
scenes:
  - id: hook
    title: {de: "Hook"}
    shots:
      - id: hook
        title: {de: "Kampfansage"}
        purpose: {de: "Neugier"}
        action: {de: "Azubi spricht"}
        who: [challenger]
        framing: close-up
        seconds: 2
        on_screen:
          - {kind: title, text: {de: "Azubi vs. Ausbilder:in: {aufgabe}"}}
  - id: runde-1
    title: {de: "Runde 1"}
    shots:
      - id: runde-1
        title: {de: "Runde"}
        purpose: {de: "Tempo"}
        action: {de: "Beide arbeiten"}
        who: [challenger, defender]
        framing: two-shot
        seconds: 3
        on_screen:
          - {kind: timer, text: {de: "{zeit}"}}
          - {kind: score, text: {de: "{challenger_name} 0 : 0 {defender_name}"}}
  - id: extra
    title: {de: "Extra"}
    shots:
      - id: extra
        title: {de: "Bonus"}
        purpose: {de: "Optional"}
        action: {de: "Jubel"}
        who: [defender]
        framing: medium
        seconds: 2
        optional: true
"""


def make_clip(path: Path, seconds: float, colour: str, size: str = "320x240",
              freq: int = 440, fps: int = 25) -> Path:
    """A solid-colour clip with a moving box and a tone (distinct per take)."""
    args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"color=c={colour}:s={size}:r={fps}:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return path


def new_project(ws: Path, name: str = "Mini Duell"):  # noqa: ANN201
    """A project on the mini template with company, trade, placeholders, URL and two people
    who consented (not saved with takes yet)."""
    project = create_project(name, "mach-mal-duell", company="Bäckerei Müller",
                             trade="Bäcker:in", workspace=ws)
    (project.folder / TEMPLATE_FILE).write_text(TEMPLATE, encoding="utf-8")
    project.placeholders.update({"aufgabe": "Brezeln schlingen", "zeit": "60 Sekunden"})
    project.cta.url = "https://example.org/ausbildung"
    add_person(project, "Lena", "challenger", consent=True)
    add_person(project, "Jürgen", "defender", consent=True)
    return project


def duel_clips(folder: Path) -> dict[str, Path]:
    """The mini duel's takes: red (2 s), blue (3 s, 880 Hz) and green (2 s, 660 Hz)."""
    return {"red": make_clip(folder / "rot.mp4", 2.0, "red"),
            "blue": make_clip(folder / "blau.mp4", 3.0, "blue", freq=880),
            "green": make_clip(folder / "gruen.mp4", 2.0, "green", freq=660)}


def duel_with_takes(ws: Path, clips: dict[str, Path]):  # noqa: ANN201
    """:func:`new_project` with the hook (green, 0.2-1.8 s) and the round (blue) taken."""
    project = new_project(ws)
    add_take(project, "hook", clips["green"], start=0.2, end=1.8)
    add_take(project, "runde-1", clips["blue"])
    return project


# the mini duel as fixtures, for a test module to import (``from render_fixtures import clips,
# duel``): its takes made once per module, the project anew for each test
@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """:func:`duel_clips`, once per test module."""
    return duel_clips(tmp_path_factory.mktemp("takes"))


@pytest.fixture
def duel(tmp_path: Path, clips: dict[str, Path]):  # noqa: ANN201
    """:func:`duel_with_takes` in the test's own workspace."""
    return duel_with_takes(tmp_path / "ws", clips)
