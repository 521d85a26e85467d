"""Upload: all clips of a shoot at once (each proposed for the next shot without a take, one
selection per row to correct), or takes per shot; their status and preview, trimming by hand or
by finding the speech, the choice of take; which shots still lack a take at a glance."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.edits import changed_values, form_values, save_change, submitted
from app.state import load_current
from app.ui import error_text, flash, friendly, job_panel, require_project, submit
from app.upload_bulk import bulk_upload, move_picker_on, picker_default
from toolkit.edit.take_range import slider_range, take_choice
from toolkit.errors import MachmalError
from toolkit.project import project_template, take_path
from toolkit.project.trim_takes import (choose_take, chosen_take, set_auto_trim, set_take_range,
                                        take_facts)
from toolkit.project.uploads import MAX_UPLOAD_MB, add_uploaded_take

register_ui({
    "upload.title": ("Aufnahmen: {name}", "Upload: {name}"),
    "upload.progress": ("{done} von {total} Shots haben eine Aufnahme",
                        "{done} of {total} shots have a take"),
    "upload.complete": ("Alle nötigen Shots haben eine Aufnahme – weiter unter „Format & "
                        "Export“.", "Every required shot has a take – continue under "
                        "'Format & export'."),
    "upload.col_shot": ("Shot", "Shot"),
    "upload.col_takes": ("Takes", "Takes"),
    "upload.col_state": ("Stand", "Status"),
    "upload.ready": ("bereit", "ready"),
    "upload.lacking": ("fehlt noch", "still missing"),
    "upload.optional": ("optional", "optional"),
    "upload.single": ("Einzeln pro Shot", "One shot at a time"),
    "upload.shot": ("Shot wählen", "Choose a shot"),
    "upload.files": ("Aufnahmen für diesen Shot (MP4, MOV, MPG, MTS … bis {limit} MB)",
                     "Takes for this shot (MP4, MOV, MPG, MTS … up to {limit} MB)"),
    "upload.send": ("Hochladen", "Upload"),
    "upload.added": ("{count} Aufnahme(n) gespeichert.", "{count} take(s) saved."),
    "upload.none": ("Für diesen Shot gibt es noch keine Aufnahme.",
                    "This shot has no take yet."),
    "upload.take": ("Take {id} · „{original}“", "Take {id} · '{original}'"),
    "upload.in_use": ("wird verwendet", "in use"),
    "upload.facts": ("{width}×{height}, {fps} fps, {codec}, {duration} s",
                     "{width}×{height}, {fps} fps, {codec}, {duration} s"),
    "upload.no_sound": ("Achtung: ohne Ton", "Note: no sound"),
    "upload.fixes": ("Wird beim Export angepasst: {fixes}", "Adjusted on export: {fixes}"),
    "upload.fix.rotation": ("Drehung", "rotation"),
    "upload.fix.sar": ("Pixelformat", "pixel shape"),
    "upload.fix.odd_size": ("ungerade Größe", "odd size"),
    "upload.fix.vfr": ("variable Bildrate", "variable frame rate"),
    "upload.fix.fps": ("Bildrate", "frame rate"),
    "upload.fix.audio_rate": ("Tonrate", "audio rate"),
    "upload.fix.downmix": ("Tonkanäle", "audio channels"),
    "upload.range": ("Verwendeter Ausschnitt (Sekunden) von {id}",
                     "Part used (seconds) of {id}"),
    "upload.apply": ("Ausschnitt übernehmen", "Apply the range"),
    "upload.picked.user": ("Eigener Ausschnitt: {seconds:.1f} s (Shot geplant: {planned:g} s).",
                           "Own range: {seconds:.1f} s (shot planned: {planned:g} s)."),
    "upload.picked.speech": ("Automatisch gewählt: vom ersten bis zum letzten Wort, {seconds:.1f} s "
                             "(Shot geplant: {planned:g} s). Verschieben oder erweitern und "
                             "übernehmen, um es selbst festzulegen.",
                             "Chosen automatically: first to last word, {seconds:.1f} s (shot "
                             "planned: {planned:g} s). Move or widen it and apply to set it "
                             "yourself."),
    "upload.picked.motion": ("Automatisch gewählt: der lebendigste Abschnitt, {seconds:.1f} s (Shot "
                             "geplant: {planned:g} s). Verschieben oder erweitern und übernehmen, "
                             "um es selbst festzulegen.",
                             "Chosen automatically: the liveliest stretch, {seconds:.1f} s (shot "
                             "planned: {planned:g} s). Move or widen it and apply to set it "
                             "yourself."),
    "upload.picked.whole": ("Die ganze Aufnahme wird verwendet ({seconds:.1f} s, Shot geplant: "
                            "{planned:g} s).", "The whole take is used ({seconds:.1f} s, shot "
                            "planned: {planned:g} s)."),
    "upload.auto_range": ("Wieder automatisch wählen", "Choose automatically again"),
    "upload.autotrim": ("Stille automatisch abschneiden", "Auto-trim silence"),
    "upload.pauses": ("Pausen beim Rendern herausschneiden (Jump Cuts)",
                      "Cut out pauses when rendering (jump cuts)"),
    "upload.choose": ("Diesen Take verwenden", "Use this take"),
    "upload.trimmed": ("Ausschnitt gespeichert.", "Range saved."),
})


def _status(project, template) -> tuple[list[dict], int, int]:  # type: ignore[no-untyped-def]
    """Rows of the shot table, shots with a take, required shots still lacking one."""
    lang = current_lang()
    rows, done, lacking = [], 0, 0
    for shot in template.shots():
        count = len(project.shots[shot.id].takes) if shot.id in project.shots else 0
        done += count > 0
        lacking += not count and not shot.optional
        state = tr("upload.ready") if count else (
            tr("upload.optional") if shot.optional else tr("upload.lacking"))
        rows.append({tr("upload.col_shot"): shot.title.get(lang),
                     tr("upload.col_takes"): count, tr("upload.col_state"): state})
    return rows, done, lacking


def _progress(rows: list[dict], done: int, lacking: int) -> None:
    total = len(rows)
    st.progress(done / total if total else 0.0,
                text=tr("upload.progress", done=done, total=total))
    if total and not lacking:
        st.success(tr("upload.complete"))


def _shot_table(rows: list[dict], done: int) -> None:
    # open while some shots have a take and others not; with none yet the bulk upload leads
    with st.expander(tr("upload.progress", done=done, total=len(rows)),
                     expanded=0 < done < len(rows)):
        st.dataframe(rows, hide_index=True, width="stretch")


def _upload_form(project, template, shot_id: str) -> None:  # type: ignore[no-untyped-def]
    with st.form(f"upload-{shot_id}", clear_on_submit=True):
        files = st.file_uploader(tr("upload.files", limit=MAX_UPLOAD_MB),
                                 accept_multiple_files=True, key=f"files-{shot_id}")
        if st.form_submit_button(tr("upload.send"), type="primary") and files:
            added = 0
            for file in files:
                try:
                    add_uploaded_take(project, shot_id, file.name, file.getvalue())
                    added += 1
                except (MachmalError, OSError) as error:
                    flash(error_text(error), "error")
            if added:
                flash(tr("upload.added", count=added))
                with friendly():
                    move_picker_on(load_current(), template, shot_id)
            st.rerun()


def _facts(project, take) -> None:  # type: ignore[no-untyped-def]
    with friendly():
        facts = take_facts(project, take)
        st.caption(tr("upload.facts", **{k: facts[k] for k in
                                         ("width", "height", "fps", "codec", "duration")}))
        if not facts["has_audio"]:
            st.caption(tr("upload.no_sound"))
        if facts["fixes"]:
            st.caption(tr("upload.fixes", fixes=", ".join(tr(f"upload.fix.{f}")
                                                          for f in facts["fixes"])))


def _choice(project, take, planned):  # type: ignore[no-untyped-def]
    """The stretch the video uses (the user's, else the automatic one; cached measurements)."""
    from toolkit.edit.select import Choice

    with friendly():
        return take_choice(project, take, planned)
    return Choice(0.0, take.duration, "whole", planned)  # a broken file: friendly() said why


def _take(project, shot_id: str, take, chosen: bool,  # type: ignore[no-untyped-def]
          planned: float | None = None) -> None:
    with st.container(border=True):
        title = tr("upload.take", id=take.id, original=take.original_name)
        st.markdown(f"**{title}**" + (f" · {tr('upload.in_use')}" if chosen else ""))
        video, controls = st.columns([2, 3])
        choice = _choice(project, take, planned)
        video.video(str(take_path(project, take)), start_time=int(choice.start))
        with controls:
            _facts(project, take)
            key = f"range-{take.id}"
            # the slider follows the project (an auto-trim job, another tab) unless the user
            # is applying their own range; "Ausschnitt übernehmen" never writes a stale one back
            form_values(key, project, {key: slider_range(choice, float(take.duration))})
            lo, hi = st.slider(tr("upload.range", id=take.id), 0.0, float(take.duration),
                               step=0.1, key=key)
            st.caption(tr(f"upload.picked.{choice.reason}", planned=float(planned or 0),
                          seconds=float(choice.seconds)))
            if choice.reason == "user" and st.button(tr("upload.auto_range"),
                                                     key=f"autorange-{take.id}"):
                save_change(lambda p: set_take_range(p, take.id, None, None), project.revision,
                            "range")
                st.rerun()
            cols = st.columns(3)
            if cols[0].button(tr("upload.apply"), key=f"apply-{take.id}", on_click=submitted,
                              args=(key,)):
                _changed, shown = changed_values(key, {key: (lo, hi)})
                if save_change(lambda p: set_take_range(p, take.id, lo, hi), shown, "range"):
                    flash(tr("upload.trimmed"))
                st.rerun()
            if cols[1].button(tr("upload.autotrim"), key=f"auto-{take.id}"):
                submit("autotrim", {"project": project.name, "take": take.id})
                st.rerun()
            if not chosen and cols[2].button(tr("upload.choose"), key=f"choose-{take.id}"):
                save_change(lambda p: choose_take(p, shot_id, take.id), project.revision, "take")
                st.rerun()
            pauses = st.checkbox(tr("upload.pauses"), take.id in project.edit.auto_trim,
                                 key=f"pauses-{take.id}")
            if pauses != (take.id in project.edit.auto_trim):
                save_change(lambda p: set_auto_trim(p, take.id, pauses), project.revision,
                            "auto_trim")
                st.rerun()
            job_panel("autotrim", f"auto-{take.id}", project=project.name, take=take.id)


project = require_project()
template = project_template(project)
st.title(tr("upload.title", name=project.name))
rows, done, lacking = _status(project, template)
_progress(rows, done, lacking)
bulk_upload(project, template)
_shot_table(rows, done)
st.subheader(tr("upload.single"))
lang = current_lang()
shots = template.shots()
picker_default(project, template)
shot_id = st.selectbox(tr("upload.shot"), [s.id for s in shots], key="upload_shot",
                       format_func=lambda sid: next(f"{n}. {s.title.get(lang)}"
                                                    for n, s in enumerate(shots, 1)
                                                    if s.id == sid))
_upload_form(project, template, shot_id)
state = project.shots.get(shot_id)
if state is None or not state.takes:
    st.info(tr("upload.none"))
else:
    chosen_id = chosen_take(project, shot_id).id
    planned = template.shot(shot_id).seconds
    for take in state.takes:
        _take(project, shot_id, take, take.id == chosen_id, planned)
