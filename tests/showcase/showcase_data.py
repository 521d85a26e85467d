"""Test data shared by the showcase tests (a module of its own: conftest is not importable)."""

from __future__ import annotations

import shutil
from pathlib import Path

HOSTILE = "<script>alert(1)</script>"
CAPTIONS = ("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWer schlingt die Brezel schneller?\n\n"
            "00:00:02.000 --> 00:00:04.000\nJetzt bewerben!\n")


def add_exports(project_folder: Path, exports: Path, names: tuple[str, ...] = ("reels",
                                                                               "youtube")) -> None:
    """Copy finished exports (mp4, jpg, vtt, json) into a project's ``exports/``."""
    for name in names:
        for file in exports.glob(f"{name}.*"):
            shutil.copy(file, project_folder / "exports" / file.name)
