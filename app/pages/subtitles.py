"""Subtitles: transcribe a take, edit its words in a table (uncertain words marked), drop words
to cut them from the take (fillers, repeats and false starts proposed), the project glossary,
the caption style, and a preview frame with captions and safe zones."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.subtitle_cuts import word_editor
from app.ui import caption_style_picker, flash, friendly, job_panel, require_project, submit
from toolkit.captions.for_export import ExportCaptions
from toolkit.captions.styles import load_style
from toolkit.takes.take_captions import (load_take_transcript, project_glossary_text,
                                         save_project_glossary)
from toolkit.platforms import PRESETS
from toolkit.products.preview import frame_preview
from toolkit.project import project_template, take_path, take_range

register_ui({
    "subs.title": ("Untertitel: {name}", "Subtitles: {name}"),
    "subs.no_takes": ("Dieses Projekt hat noch keine Aufnahmen. Bitte zuerst unter "
                      "„Aufnahmen“ hochladen.",
                      "This project has no takes yet. Please upload some under 'Upload' first."),
    "subs.take": ("Aufnahme", "Take"),
    "subs.language": ("Gesprochene Sprache", "Spoken language"),
    "subs.transcribe": ("Transkribieren", "Transcribe"),
    "subs.again": ("Neu transkribieren", "Transcribe again"),
    "subs.none": ("Noch kein Transkript – auf „Transkribieren“ klicken.",
                  "No transcript yet – click 'Transcribe'."),
    "subs.review": ("{count} Wörter sind markiert – bitte prüfen (Spalte „Prüfen“ sagt, "
                    "warum).",
                    "{count} words are marked – please check them (the column 'Check' says "
                    "why)."),
    "subs.words": ("Wörter des Transkripts", "Words of the transcript"),
    "subs.glossary": ("Glossar (ein Begriff je Zeile, „falsch -> richtig“ ersetzt)",
                      "Glossary (one term per line, 'wrong -> right' replaces)"),
    "subs.glossary_save": ("Glossar speichern", "Save glossary"),
    "subs.glossary_saved": ("Glossar gespeichert; es wirkt beim nächsten Transkribieren.",
                            "Glossary saved; it applies to the next transcription."),
    "subs.preview": ("Vorschau", "Preview"),
    "subs.platform": ("Plattform der Vorschau", "Platform of the preview"),
    "subs.at": ("Zeitpunkt (s)", "Time (s)"),
    "subs.zones": ("Rot: von der App verdeckt · Blau: Platz für Untertitel",
                   "Red: covered by the app · Blue: room for captions"),
})

VERTICAL = [p.id for p in PRESETS.values() if p.height > p.width]


@st.cache_data(max_entries=16, show_spinner=False)
def _preview(src: str, at: float, platform: str, style: str, words_key: str,
             transcript_file: str) -> bytes:
    from toolkit.captions.transcript import Transcript

    transcript = Transcript.load(transcript_file) if transcript_file else None
    with tempfile.TemporaryDirectory(prefix="machmal-preview-") as tmp:
        subtitles = (ExportCaptions(transcript, load_style(style), start=at, workdir=Path(tmp))
                     .subtitles() if transcript and transcript.words else None)
        return frame_preview(src, at, PRESETS[platform], mode="smart", subtitles=subtitles)


def _editor(project, take_id: str, transcript) -> None:  # type: ignore[no-untyped-def]
    review = transcript.needs_review()
    if review:
        st.warning(tr("subs.review", count=len(review)))
    word_editor(project, take_id, transcript)


def _side(project, take, transcript) -> None:  # type: ignore[no-untyped-def]
    with st.form("glossary"):
        text = st.text_area(tr("subs.glossary"), project_glossary_text(project), height=140)
        if st.form_submit_button(tr("subs.glossary_save")):
            with friendly():
                save_project_glossary(project, text)
                flash(tr("subs.glossary_saved"))
                st.rerun()
    style = caption_style_picker(project.revision)
    st.subheader(tr("subs.preview"))
    platform = st.selectbox(tr("subs.platform"), VERTICAL, key="preview_platform",
                            placeholder=tr("app.choose"),
                            format_func=lambda p: PRESETS[p].name)
    start, end = (float(v) for v in take_range(take))
    at = st.slider(tr("subs.at"), start, max(start + 0.1, end - 0.1), start, step=0.1,
                   key=f"at-{take.id}")
    with friendly():
        source = str(take_path(project, take))
        stamp = transcript.text if transcript else ""
        from toolkit.takes.take_captions import transcript_file

        path = str(transcript_file(project, take.id)) if transcript else ""
        st.image(_preview(source, at, platform, style, stamp, path),
                 caption=tr("subs.zones"), width=300)


project = require_project()
st.title(tr("subs.title", name=project.name))
lang = current_lang()
template = project_template(project)
takes = {take.id: (shot, take) for shot in template.shots()
         for take in (project.shots[shot.id].takes if shot.id in project.shots else [])}
if not takes:
    st.info(tr("subs.no_takes"))
    st.stop()
take_id = st.selectbox(tr("subs.take"), list(takes), key="subs_take", placeholder=tr("app.choose"),
                       format_func=lambda tid: f"{takes[tid][0].title.get(lang)} · {tid}")
shot, take = takes[take_id]
with friendly():
    transcript = load_take_transcript(project, take_id)
main, side = st.columns([3, 2])
with main:
    language = st.selectbox(tr("subs.language"), ["de", "en", "auto"], key="subs_lang",
                            placeholder=tr("app.choose"))
    record = job_panel("transcribe", f"tr-{take_id}", project=project.name, take=take_id)
    busy = record is not None and record.state in ("queued", "running")
    label = tr("subs.again") if transcript else tr("subs.transcribe")
    if st.button(label, key="transcribe", disabled=busy, type="secondary" if transcript
                 else "primary"):
        glossary = hashlib.sha256(project_glossary_text(project).encode()).hexdigest()[:12]
        submit("transcribe", {"project": project.name, "take": take_id, "language": language,
                              "terms": glossary})
        st.rerun()
    if transcript is None:
        st.info(tr("subs.none"))
    else:
        st.markdown(f"**{tr('subs.words')}**")
        _editor(project, take_id, transcript)
with side:
    _side(project, take, transcript)
