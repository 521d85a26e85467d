"""Fixtures for the showcase: a workspace of projects with finished videos in ``exports/``.

The finished videos are made once per session by the real export (a real recording, cut to
4 s, small sizes); captions are a hand-written WebVTT beside them, as render/export writes it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from toolkit.edit.plan import RenderOptions
from toolkit.products.export import export
from toolkit.platforms import PRESETS
from toolkit.project import add_person, create_project, save_project, set_consent
from toolkit.project.position import set_description, set_position

from showcase_data import CAPTIONS, HOSTILE, add_exports


@pytest.fixture(scope="session")
def finished_exports(tmp_path_factory: pytest.TempPathFactory, shared_media: Path) -> Path:
    """A folder with ``reels`` (9:16) and ``youtube`` (16:9) exports, covers and captions."""
    out = tmp_path_factory.mktemp("finished")
    presets = [PRESETS["youtube"].scaled(320), PRESETS["reels"].scaled(180)]
    export(shared_media / "video" / "moviepy_chaplin_2people.mp4", presets, out,
           RenderOptions(mode="center", loudness=None), end=4.0)
    for name in ("reels", "youtube"):
        (out / f"{name}.vtt").write_text(CAPTIONS, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def showcase_workspace(tmp_path_factory: pytest.TempPathFactory, finished_exports: Path) -> Path:
    """Projects: two shown (one with a hostile company name), one without consent, one
    without a finished video."""
    ws = tmp_path_factory.mktemp("showcase-ws")
    baker = create_project("Duell Bäckerei", "mach-mal-duell", company=HOSTILE,
                           trade="Bäcker:in", workspace=ws)
    add_person(baker, "Lena", "challenger", consent=True)
    add_person(baker, "Jürgen", "defender", consent=True)
    add_person(baker, "Sam", "host", consent=True)
    set_position(baker, location="Musterstadt", start=dt.date(2026, 8, 1),
                 apply_url="https://example.org/bewerben?beruf=baecker&x=1")
    set_description(baker, "Wer schlingt die Brezel schneller – Azubi oder Chef?")
    save_project(baker)
    add_exports(baker.folder, finished_exports)

    garage = create_project("Duell Kfz", "mach-mal-duell", company="Autohaus Schmidt",
                            trade="Kfz-Mechatroniker:in", workspace=ws)
    for name, role in (("Ali", "challenger"), ("Bea", "defender"), ("Chris", "host")):
        add_person(garage, name, role, consent=True)
    add_exports(garage.folder, finished_exports, ("youtube",))

    refused = create_project("Duell Elektro", "mach-mal-duell", company="Elektro Weber",
                             trade="Elektroniker:in", workspace=ws)
    add_person(refused, "Max", "challenger", consent=True)
    add_person(refused, "Nina", "defender", consent=True)
    add_person(refused, "Olaf", "host", consent=True)
    set_consent(refused, "Max", False)
    add_exports(refused.folder, finished_exports)

    unfinished = create_project("Duell Maler", "mach-mal-duell", company="Malerei Rot",
                                workspace=ws)
    add_person(unfinished, "Pia", "challenger", consent=True)
    return ws
