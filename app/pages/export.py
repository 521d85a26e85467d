"""Format & export: platforms, framing with a crop preview per shot, duel split screen, music
bed, planned vs actual length per shot (a video far over the template named before rendering),
the project render (or one take) with progress and cancel, downloads and check report."""

from __future__ import annotations

import streamlit as st

from app.choices import PLATFORMS_KEY, remember
from app.export_parts import (downloads, music_form, prepare_render, render_options, split_form,
                              timer_form)
from app.export_sound import sound_cues_form
from app.i18n import current_lang, register_ui, tr
from app.length_parts import length_panel
from app.ui import caption_style_picker, job_panel, require_project, submit
from app.verdict_parts import no_verdict_note, verdict_form
from toolkit.platforms import PRESETS
from toolkit.project import project_template
from toolkit.project.exports import PREVIEW_SCALE, exports_dir

register_ui({
    "export.title": ("Format & Export: {name}", "Format & export: {name}"),
    "export.platforms": ("Plattformen", "Platforms"),
    "export.captions": ("Untertitel einbrennen", "Burn in captions"),
    "export.render": ("Projekt-Video rendern", "Render the project video"),
    "export.preview": ("Schnelle Vorschau in kleiner Größe", "Quick preview at a small size"),
    "export.preview_help": ("Zum Prüfen, nicht zum Posten: rendert in einem Drittel der Größe – "
                            "viel schneller. Die Vorschau ersetzt keine fertigen Videos.",
                            "To check, not to post: renders at a third of the size – much "
                            "faster. The preview never replaces finished videos."),
    "export.need_platform": ("Bitte mindestens eine Plattform wählen.",
                             "Please choose at least one platform."),
    "export.no_takes": ("Noch keine Aufnahmen – bitte zuerst unter „Aufnahmen“ hochladen.",
                        "No takes yet – please upload some under 'Upload' first."),
    "export.missing": ("Für das ganze Video fehlen noch Aufnahmen: {shots}. Bis dahin lässt "
                       "sich ein einzelner Take exportieren.",
                       "The whole video still lacks takes for: {shots}. Until then a single "
                       "take can be exported."),
    "export.take": ("Einzelnen Take exportieren", "Export a single take"),
    "export.take_shot": ("Take von Shot", "Take of shot"),
    "export.consent": ("Ausnahme ohne Einwilligung (wird im Projekt festgehalten)",
                       "Exception without consent (recorded in the project)"),
    "export.override_by": ("Wer gibt frei?", "Who approves?"),
    "export.override_reason": ("Begründung", "Reason"),
})


def _params(platforms: list[str], captions: str | None) -> dict:  # type: ignore[type-arg]
    return {"platforms": platforms, "captions": captions,
            "mode": st.session_state.get("export_mode", "smart")}


project = require_project()
template = project_template(project)
lang = current_lang()
st.title(tr("export.title", name=project.name))
missing = [s.title.get(lang) for s in template.shots() if not s.optional and
           not (s.id in project.shots and project.shots[s.id].takes)]
has_takes = any(state.takes for state in project.shots.values())
settings, results = st.columns([2, 3])
with settings:
    platforms = st.multiselect(tr("export.platforms"), list(PRESETS), key=PLATFORMS_KEY,
                               format_func=lambda p: f"{PRESETS[p].name} ({PRESETS[p].aspect})",
                               placeholder=tr("app.choose_many"), on_change=remember,
                               select_all=lang == "en",  # Streamlit writes it in English only
                               wrap=True,  # every chosen platform readable, none cut off
                               args=(PLATFORMS_KEY, project.revision))
    captions = st.checkbox(tr("export.captions"), True, key="export_captions",
                           wrap=True)  # labels wrap instead of ending in "…"
    chosen_style = caption_style_picker(project.revision)  # a row of its own: no cut label
    preview = st.checkbox(tr("export.preview"), False, key="export_preview", wrap=True,
                          help=tr("export.preview_help"))
    render_options(project, template, platforms)
    split_form(project, template)
    timer_form(project, template)
    music_form(project)
    sound_cues_form(project)
    no_verdict = verdict_form(project, template)
    with st.expander(tr("export.consent")):
        override_by = st.text_input(tr("export.override_by"), key="override_by")
        reason = st.text_input(tr("export.override_reason"), key="override_reason")
    if not has_takes:
        st.info(tr("export.no_takes"))
    elif missing:
        st.info(tr("export.missing", shots=", ".join(missing)))
    elif no_verdict:
        no_verdict_note()
    if has_takes and not missing:
        length_panel(project, template)
    params = _params(platforms, chosen_style if captions else None)
    options = {"captions": params["captions"], "mode": params["mode"],
               "language": st.session_state.get("subs_lang", "de")}
    if has_takes and not missing and platforms:  # the render's analyses, done while choosing
        prepare_render(project, platforms, options)
    record = job_panel("render", "render", project=project.name)
    busy = record is not None and record.state in ("queued", "running")
    if st.button(tr("export.render"), type="primary", key="render",
                 disabled=busy or bool(missing)):
        if not platforms:
            st.warning(tr("export.need_platform"))
        else:
            if override_by.strip():
                options = options | {"override_by": override_by.strip(),
                                     "override_reason": reason}
            where = {}
            if preview:
                options = options | {"scale": PREVIEW_SCALE}
                where = {"out_dir": str(exports_dir(project, preview=True))}
            submit("render", {"project": project.name, "platforms": platforms,
                              "options": options, **where})
            st.rerun()
    shots = [s for s in template.shots() if s.id in project.shots and project.shots[s.id].takes]
    with st.container(border=True):
        shot = st.selectbox(tr("export.take_shot"), [s.id for s in shots], key="take_shot",
                            placeholder=tr("app.choose"),
                            format_func=lambda sid: template.shot(sid).title.get(lang))
        taking = job_panel("take_export", "export", project=project.name)
        if st.button(tr("export.take"), key="take_export",
                     disabled=not shots or (taking is not None and
                                            taking.state in ("queued", "running"))):
            if not platforms:
                st.warning(tr("export.need_platform"))
            else:
                submit("take_export", {"project": project.name, "shot": shot, **params})
                st.rerun()
with results:
    downloads(project, lang)
