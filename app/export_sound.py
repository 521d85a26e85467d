"""Format & export: the project's sound cues switch (whistle, countdown, gong, transitions)."""

from __future__ import annotations

import streamlit as st

from app.edits import save_change
from app.i18n import register_ui, tr
from toolkit.project import Project

register_ui({
    "export.sound_cues": ("Sound-Effekte: Startpfiff, Countdown-Piepen, Gong beim Urteil, "
                          "Übergangs-Sounds",
                          "Sound effects: start whistle, countdown beeps, verdict gong, "
                          "transition sounds"),
    "export.sound_cues_help": ("Die Effekte liegen unter der Sprache und folgen dem Rundentimer "
                               "und dem Punktestand. Gilt für dieses Projekt.",
                               "The effects sit under the speech and follow the round timer "
                               "and the score. Applies to this project."),
})


def sound_cues_form(project: Project) -> None:
    """A checkbox saving ``edit.sound_cues`` of the project (against the shown revision) when
    it changes."""
    on = st.checkbox(tr("export.sound_cues"), project.edit.sound_cues, key="export_sound_cues",
                     help=tr("export.sound_cues_help"), wrap=True)  # never cut off
    if on != project.edit.sound_cues:
        if save_change(lambda p: setattr(p.edit, "sound_cues", on), project.revision,
                       "sound_cues"):
            st.rerun()
