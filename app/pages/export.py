"""Format & export: platforms, reframe mode per shot with a crop preview, music bed, render
with progress and cancel, downloads (MP4, SRT/VTT, cover, zip) and the check report."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.export_parts import downloads, music_form, render_options
from app.ui import job_panel, require_project, submit
from toolkit.media.presets import PRESETS
from toolkit.project import project_template

register_ui({
    "export.title": ("Format & Export: {name}", "Format & export: {name}"),
    "export.platforms": ("Plattformen", "Platforms"),
    "export.captions": ("Untertitel einbrennen (Stil wie unter „Untertitel“)",
                        "Burn in captions (style as under 'Subtitles')"),
    "export.render": ("Video erstellen", "Make the video"),
    "export.need_platform": ("Bitte mindestens eine Plattform wählen.",
                             "Please choose at least one platform."),
    "export.no_takes": ("Noch keine Aufnahmen – bitte zuerst unter „Aufnahmen“ hochladen.",
                        "No takes yet – please upload some under 'Upload' first."),
    "export.path_take": (
        "Exportiert wird der gewählte Take des ersten Shots mit Aufnahme (Projekt-Render "
        "folgt).",
        "The chosen take of the first shot with a recording is exported (project render "
        "follows)."),
})

DEFAULT_PLATFORMS = ["reels"]

project = require_project()
template = project_template(project)
st.title(tr("export.title", name=project.name))
lang = current_lang()
has_takes = any(state.takes for state in project.shots.values())
settings, results = st.columns([2, 3])
with settings:
    platforms = st.multiselect(tr("export.platforms"), list(PRESETS), DEFAULT_PLATFORMS,
                               key="export_platforms",
                               format_func=lambda p: f"{PRESETS[p].name} ({PRESETS[p].aspect})")
    captions = st.checkbox(tr("export.captions"), True, key="export_captions")
    framing = render_options(project, template, platforms)
    music_form(project)
    record = job_panel("take_export", "export", project=project.name)
    busy = record is not None and record.state in ("queued", "running")
    if not has_takes:
        st.info(tr("export.no_takes"))
    st.caption(tr("export.path_take"))
    if st.button(tr("export.render"), type="primary", key="render",
                 disabled=busy or not has_takes):
        if not platforms:
            st.warning(tr("export.need_platform"))
        else:
            first = next(iter(framing.values()), {"mode": "smart"})
            submit("take_export", {"project": project.name, "platforms": platforms,
                              "captions": st.session_state.get("caption_style", "social")
                              if captions else None, **first})
            st.rerun()
with results:
    downloads(project, lang)
