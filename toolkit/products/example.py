"""The example project: a "Mach mal" duel filled in and with takes from ``sample_media/``, so a
new user sees a finished video within a minute.

:func:`create_example_project` makes (or reuses) the project; the job ``example``
(:func:`toolkit.jobs.project_jobs.example_job`) also renders it into ``<project>/exports/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from toolkit.errors import ProjectError
from toolkit.messages import register
from toolkit.project.consent import add_person
from toolkit.project.model import Project
from toolkit.project.store import create_project, list_projects, open_project, save_project
from toolkit.project.takes import add_take

register({
    "example.no_samples": (
        "Die Beispielclips fehlen ({folder}). Bitte machmal neu installieren.",
        "The sample clips are missing ({folder}). Please reinstall machmal.",
    ),
    "example.stage_create": ("Beispielprojekt anlegen", "Creating the example project"),
})

EXAMPLE_NAME = "Beispiel: Mach-mal-Duell"
TEMPLATE = "mach-mal-duell"
PLATFORM = "reels"
# shot id -> (sample clip, in point, out point)
TAKES: dict[str, tuple[str, float | None, float | None]] = {
    "hook": ("sprache_de_hochformat.mp4", None, 8.6),
    "vorstellung-azubi": ("handy_gedreht.mov", None, None),
    "regeln": ("zwei_personen_querformat.mp4", None, None),
}
PEOPLE = (("Lena", "challenger"), ("Jürgen", "defender"), ("Aylin", "host"))
VALUES = {"aufgabe": "Brezeln schlingen", "zeit": "60 Sekunden",
          "einsatz": "Frühstück für alle"}


def sample_media_dir() -> Path:
    """The folder of the shipped sample clips (checkout, else the wheel's data folder)."""
    checkout = Path(__file__).resolve().parents[2] / "sample_media"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "machmal" / "sample_media"


def create_example_project(workspace: str | os.PathLike[str] | None = None) -> Project:
    """The example project in ``workspace`` (created with its takes when missing).

    Raises:
        ProjectError: The sample clips are missing or the project cannot be saved.
    """
    for name, _folder in list_projects(workspace):
        if name == EXAMPLE_NAME:
            return open_project(name, workspace)
    samples = sample_media_dir()
    if not all((samples / clip).is_file() for clip, _s, _e in TAKES.values()):
        raise ProjectError("example.no_samples", folder=str(samples))
    project = create_project(EXAMPLE_NAME, TEMPLATE, company="Bäckerei Beispiel",
                             trade="Bäcker:in", workspace=workspace)
    project.placeholders.update(VALUES)
    project.cta.url = "https://example.com/ausbildung"
    for person, role in PEOPLE:
        add_person(project, person, role, consent=True, note="Beispiel", save=False)
    save_project(project)
    for shot_id, (clip, start, end) in TAKES.items():
        add_take(project, shot_id, samples / clip, start=start, end=end)
    return project
