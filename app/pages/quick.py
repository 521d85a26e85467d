"""Quick subtitles: any video in, SRT/VTT and a burned vertical version out – no project."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.i18n import register_ui, tr
from app.state import workspace
from app.ui import friendly, job_panel, submit
from toolkit.captions.styles import list_styles
from toolkit.platforms import ASPECT_SIZES
from toolkit.project.uploads import MAX_UPLOAD_MB, stage_quick_upload

register_ui({
    "quick.title": ("Schnell-Untertitel", "Quick subtitles"),
    "quick.intro": ("Ein beliebiges Video hochladen und Untertitel als SRT/VTT sowie eine "
                    "Hochformat-Fassung mit eingebrannten Untertiteln bekommen – ohne Projekt.",
                    "Upload any video and get subtitles as SRT/VTT plus a vertical version "
                    "with burned-in captions – no project needed."),
    "quick.file": ("Video (MP4, MOV … bis {limit} MB)", "Video (MP4, MOV … up to {limit} MB)"),
    "quick.style": ("Untertitel-Stil", "Caption style"),
    "quick.aspect": ("Format der eingebrannten Fassung", "Format of the burned version"),
    "quick.language": ("Gesprochene Sprache", "Spoken language"),
    "quick.start": ("Untertitel erstellen", "Make subtitles"),
    "quick.need_file": ("Bitte zuerst ein Video wählen.", "Please choose a video first."),
    "quick.done": ("Fertig: {name}", "Done: {name}"),
    "quick.dl_srt": ("SRT herunterladen", "Download SRT"),
    "quick.dl_vtt": ("VTT herunterladen", "Download VTT"),
    "quick.dl_video": ("Video mit Untertiteln herunterladen", "Download the captioned video"),
})

st.title(tr("quick.title"))
st.write(tr("quick.intro"))
with st.form("quick"):
    upload = st.file_uploader(tr("quick.file", limit=MAX_UPLOAD_MB), key="quick_file")
    cols = st.columns(3)
    styles = list_styles()
    style = cols[0].selectbox(tr("quick.style"), styles, key="quick_style",
                              placeholder=tr("app.choose"),
                              index=styles.index("social") if "social" in styles else 0)
    aspect = cols[1].selectbox(tr("quick.aspect"), list(ASPECT_SIZES), key="quick_aspect",
                               placeholder=tr("app.choose"))
    language = cols[2].selectbox(tr("quick.language"), ["de", "en", "auto"], key="quick_lang",
                                 placeholder=tr("app.choose"))
    if st.form_submit_button(tr("quick.start"), type="primary"):
        if upload is None:
            st.warning(tr("quick.need_file"))
        else:
            with friendly():
                src = stage_quick_upload(workspace(), upload.name, upload.getvalue())
                submit("quick_subtitles", {"src": str(src), "out_dir": str(src.parent / "out"),
                                           "style": style, "aspect": aspect,
                                           "language": language})
                st.rerun()

record = job_panel("quick_subtitles", "quick")
if record is not None and record.state == "done":
    files = {kind: Path(record.result[kind]) for kind in ("srt", "vtt", "video")
             if kind in record.result}
    st.success(tr("quick.done", name=Path(record.params["src"]).name))
    video, sidecars = st.columns([2, 1])
    video.video(str(files["video"]))
    for kind, label, mime in (("srt", "quick.dl_srt", "application/x-subrip"),
                              ("vtt", "quick.dl_vtt", "text/vtt"),
                              ("video", "quick.dl_video", "video/mp4")):
        if files.get(kind) and files[kind].is_file():
            sidecars.download_button(tr(label), files[kind].read_bytes(), files[kind].name, mime,
                                     key=f"quick-{kind}")
