"""Parts of the Upload page: all clips of a shoot at once, and moving the shot picker on.

Choose the files (1), correct a proposed shot where needed (one selection per row), save all
(1). The proposal comes from :func:`toolkit.project.bulk.propose`; this module only shows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from app.i18n import current_lang, register_ui, tr, tr_count
from app.ui import error_text, flash
from toolkit.errors import MachmalError
from toolkit.project import Project
from toolkit.project.bulk import (Clip, Proposal, discard_uploads, next_missing, propose,
                                  save_uploads, shot_slots, upload_clip)
from toolkit.project.uploads import MAX_UPLOAD_MB
from toolkit.storyboard import Template

register_ui({
    "bulk.title": ("Alle Aufnahmen eines Drehs auf einmal", "All clips of a shoot at once"),
    "bulk.files": ("Aufnahmen wählen (beliebig viele; MP4, MOV, MPG, MTS … bis {limit} MB je "
                   "Datei)", "Choose the clips (as many as you like; MP4, MOV, MPG, MTS … up "
                   "to {limit} MB each)"),
    "bulk.hint": ("Jede Aufnahme ist dem nächsten Shot ohne Take zugeordnet – nach Aufnahmezeit,"
                  " sonst nach Dateiname. Bitte prüfen und falls nötig ändern.",
                  "Each clip is proposed for the next shot without a take – by recording "
                  "time, else by file name. Please check and change where needed."),
    "bulk.col_file": ("Datei", "File"),
    "bulk.col_time": ("Aufgenommen", "Recorded"),
    "bulk.col_shot": ("Shot", "Shot"),
    "bulk.no_time": ("–", "–"),
    "bulk.shot_for": ("Shot für „{name}“", "Shot for '{name}'"),
    "bulk.skip": ("– nicht speichern –", "– do not save –"),
    "bulk.reading": ("Aufnahmen werden gelesen …", "Reading the clips …"),
    "bulk.duplicate": ("schon im Projekt als Take {take}", "already in the project as take "
                       "{take}"),
    "bulk.repeat": ("doppelt gewählt", "chosen twice"),
    "bulk.unassigned.one": ("1 Aufnahme hat keinen freien Shot – bitte einen Shot wählen, "
                            "sonst bleibt sie ungespeichert.",
                            "1 clip has no free shot – choose a shot or it stays unsaved."),
    "bulk.unassigned.other": ("{count} Aufnahmen haben keinen freien Shot – bitte einen Shot "
                              "wählen, sonst bleiben sie ungespeichert.",
                              "{count} clips have no free shot – choose a shot or they stay "
                              "unsaved."),
    "bulk.save.one": ("1 Aufnahme speichern", "Save 1 clip"),
    "bulk.save.other": ("{count} Aufnahmen speichern", "Save {count} clips"),
    "bulk.saved.one": ("1 Aufnahme gespeichert.", "1 clip saved."),
    "bulk.saved.other": ("{count} Aufnahmen gespeichert.", "{count} clips saved."),
    "upload.next": ("Weiter mit Shot {n}: {title}", "Next: shot {n}: {title}"),
})

PICKER_KEY = "upload_shot"
_NEXT_KEY = "_upload_next_shot"
_ROUND_KEY = "_bulk_round"
_CLIPS_KEY = "_bulk_clips"  # file_id -> Clip or the error text (written and probed once)


def picker_default(project: Project, template: Template) -> None:
    """Before the shot picker is drawn: move it to the shot chosen by the last upload, or
    start it at the first shot still missing a take."""
    pending = st.session_state.pop(_NEXT_KEY, None)
    if pending is not None:
        st.session_state[PICKER_KEY] = pending
    elif PICKER_KEY not in st.session_state:
        first = next_missing(shot_slots(project, template))
        if first is not None:
            st.session_state[PICKER_KEY] = first


def move_picker_on(project_after: Project, template: Template, shot_id: str) -> None:
    """After a single upload: the picker shows the next shot still missing a take."""
    following = next_missing(shot_slots(project_after, template), after=shot_id)
    if following is not None and following != shot_id:
        st.session_state[_NEXT_KEY] = following
        numbers = {s.id: n for n, s in enumerate(template.shots(), 1)}
        shot = template.shot(following)
        flash(tr("upload.next", n=numbers[following],
                 title=shot.title.get(current_lang()) if shot else following), "info")


def bulk_upload(project: Project, template: Template) -> None:
    """The bulk section: uploader, the proposal as a table with one selection per row, save."""
    st.subheader(tr("bulk.title"))
    files = st.file_uploader(tr("bulk.files", limit=MAX_UPLOAD_MB), accept_multiple_files=True,
                             key=f"bulk_files-{st.session_state.get(_ROUND_KEY, 0)}")
    clips: dict[str, Any] = st.session_state.setdefault(_CLIPS_KEY, {})
    _forget(clips, keep={file.file_id for file in files or ()})
    if not files:
        return
    new = [file for file in files if file.file_id not in clips]
    if new:
        with st.spinner(tr("bulk.reading")):
            for file in new:
                try:
                    clips[file.file_id] = upload_clip(project, file.name, file.getvalue())
                except (MachmalError, OSError) as error:
                    clips[file.file_id] = error_text(error)
    readable = []
    for file in files:
        if isinstance(clips[file.file_id], Clip):
            readable.append(file)
        else:
            st.error(clips[file.file_id], icon=":material/warning:")
    if not readable:
        return
    proposals = propose([clips[f.file_id] for f in readable], shot_slots(project, template))
    st.caption(tr("bulk.hint"))
    chosen = _table(template, [(readable[p.index], p) for p in proposals])
    missing = sum(1 for (_, shot), p in zip(chosen, proposals)
                  if shot is None and p.reason == "no_shot")
    if missing:
        st.warning(tr_count("bulk.unassigned", missing))
    to_save = [(file, shot) for file, shot in chosen if shot is not None]
    if st.button(tr_count("bulk.save", len(to_save)), type="primary", key="bulk_save",
                 disabled=not to_save):
        _save(project, to_save)


def _table(template: Template, rows: list[tuple[Any, Proposal]]
           ) -> list[tuple[Any, str | None]]:
    lang = current_lang()
    shots = template.shots()
    titles = {s.id: f"{n}. {s.title.get(lang)}" for n, s in enumerate(shots, 1)}
    options: list[str | None] = [s.id for s in shots] + [None]
    widths = [1, 3, 2, 4]
    for column, key in zip(st.columns(widths)[1:], ("bulk.col_file", "bulk.col_time",
                                                     "bulk.col_shot")):
        column.markdown(f"**{tr(key)}**")
    chosen = []
    for file, proposal in rows:
        clip, proposed = proposal.clip, proposal.shot_id
        still, name, when, shot = st.columns(widths, vertical_alignment="center")
        if clip.still:
            still.image(clip.still, width="content")
        name.write(clip.name)
        if proposal.reason == "in_project":
            name.caption(tr("bulk.duplicate", take=clip.duplicate_of))
        elif proposal.reason == "repeat":
            name.caption(tr("bulk.repeat"))
        when.write(_when(clip.recorded))
        # keyed by the proposal too: a proposal that changes (more files) shows afresh
        picked = shot.selectbox(tr("bulk.shot_for", name=clip.name), options,
                                index=options.index(proposed),
                                key=f"bulk-{file.file_id}-{proposed}",
                                format_func=lambda sid: titles[sid] if sid else tr("bulk.skip"),
                                label_visibility="collapsed")
        chosen.append((file, picked))
    return chosen


def _when(recorded: datetime | None) -> str:
    if recorded is None:
        return tr("bulk.no_time")
    zone = None
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(st.context.timezone) if st.context.timezone else None
    except Exception:  # noqa: BLE001 - unknown zone name: the server's local time
        zone = None
    return recorded.astimezone(zone).strftime("%d.%m.%Y %H:%M:%S")


def _forget(clips: dict[str, Any], keep: set[str]) -> None:
    """Drop the clips of files no longer chosen, and their copies on the server."""
    gone = [clips.pop(file_id) for file_id in list(clips) if file_id not in keep]
    discard_uploads(clip for clip in gone if isinstance(clip, Clip))


def _save(project: Project, to_save: list[tuple[Any, str]]) -> None:
    clips: dict[str, Any] = st.session_state[_CLIPS_KEY]
    try:
        result = save_uploads(project, [(clips[file.file_id], shot) for file, shot in to_save])
    except BaseException:
        _forget(clips, keep=set())  # their copies are gone: read the files afresh next run
        raise
    for _name, error in result.refused:
        flash(error_text(error), "error")
    if result.added:
        flash(tr_count("bulk.saved", len(result.added)))
        st.session_state[_ROUND_KEY] = st.session_state.get(_ROUND_KEY, 0) + 1
        _forget(clips, keep=set())  # the clips not saved: their copies go too
        st.session_state.pop(PICKER_KEY, None)  # start again at the first missing shot
    st.rerun()
