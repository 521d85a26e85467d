"""Parts of the Format & export page: reframe per shot, music bed, downloads and reports."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.ui import flash, friendly
from toolkit.media.presets import PRESETS
from toolkit.media.preview import crop_preview
from toolkit.project import Project, take_path
from toolkit.project.exports import list_exports, report_rows, zip_exports
from toolkit.project.export_take import first_take
from toolkit.project.uploads import save_music
from toolkit.storyboard import Template

register_ui({
    "export.reframe": ("Bildausschnitt je Shot", "Framing per shot"),
    "export.mode": ("Modus für „{shot}“", "Mode for '{shot}'"),
    "export.mode.smart": ("Gesicht folgen", "Follow the face"),
    "export.mode.center": ("Mitte", "Centre"),
    "export.mode.blur": ("Ganzes Bild, unscharfer Rand", "Whole picture, blurred edges"),
    "export.mode.pad": ("Ganzes Bild, Balken", "Whole picture, bars"),
    "export.crop": ("Gelb: was im {aspect}-Video zu sehen ist",
                    "Yellow: what the {aspect} video shows"),
    "export.music": ("Musik unterlegen (eigene Datei, rechtefrei)",
                     "Music bed (your own, licence-free file)"),
    "export.music_send": ("Musik speichern", "Save music"),
    "export.music_saved": ("Musik gespeichert: {name}", "Music saved: {name}"),
    "export.music_now": ("Musik im Projekt: {names}", "Music in the project: {names}"),
    "export.results": ("Fertige Videos", "Finished videos"),
    "export.nothing": ("Noch nichts exportiert.", "Nothing exported yet."),
    "export.dl_video": ("MP4 herunterladen ({platform})", "Download MP4 ({platform})"),
    "export.dl_srt": ("SRT ({platform})", "SRT ({platform})"),
    "export.dl_vtt": ("VTT ({platform})", "VTT ({platform})"),
    "export.dl_cover": ("Titelbild ({platform})", "Cover ({platform})"),
    "export.dl_zip": ("Alles als ZIP herunterladen", "Download everything as ZIP"),
    "export.report": ("Prüfbericht {platform}", "Check report {platform}"),
})

MODES = ("smart", "center", "blur", "pad")
MIME = {"mp4": "video/mp4", "srt": "application/x-subrip", "vtt": "text/vtt",
        "jpg": "image/jpeg"}


@st.cache_data(max_entries=32, show_spinner=False)
def _crop(path: str, at: float, size: tuple[int, int], mode: str) -> bytes:
    return crop_preview(path, at, size, mode)


def render_options(project: Project, template: Template, platforms: list[str]
                   ) -> dict[str, str]:
    """Reframe mode per shot that has a take, with a crop preview; returns shot -> mode."""
    lang = current_lang()
    st.subheader(tr("export.reframe"))
    preset = PRESETS[platforms[0]] if platforms else PRESETS["reels"]
    modes: dict[str, str] = {}
    for shot in template.shots():
        state = project.shots.get(shot.id)
        if state is None or not state.takes:
            continue
        _sid, take = first_take(project, shot.id)
        modes[shot.id] = st.selectbox(tr("export.mode", shot=shot.title.get(lang)), MODES,
                                      key=f"mode-{shot.id}",
                                      format_func=lambda m: tr(f"export.mode.{m}"))
        with friendly():
            st.image(_crop(str(take_path(project, take)), float(take.start or 0.0) + 0.5,
                           (preset.width, preset.height), modes[shot.id]),
                     caption=tr("export.crop", aspect=preset.aspect), width=320)
    return modes


def music_form(project: Project) -> None:
    """Upload a music bed into the project."""
    with st.form("music", clear_on_submit=True):
        music = st.file_uploader(tr("export.music"), key="music_file")
        if st.form_submit_button(tr("export.music_send")) and music is not None:
            with friendly():
                saved = save_music(project, music.name, music.getvalue())
                flash(tr("export.music_saved", name=saved.name))
                st.rerun()
    folder = project.folder / "media" / "music"
    names = sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if names:
        st.caption(tr("export.music_now", names=", ".join(names)))


def downloads(project: Project, lang: str) -> None:
    """Videos, sidecars, covers, zip and check reports of ``exports/``."""
    st.subheader(tr("export.results"))
    sets = list_exports(project)
    if not sets:
        st.info(tr("export.nothing"))
        return
    st.download_button(tr("export.dl_zip"), zip_exports(sets), f"{project.slug}-export.zip",
                       "application/zip", key="dl-zip")
    for export in sets:
        with st.container(border=True):
            st.markdown(f"**{export.platform}**")
            st.video(str(export.video))
            cols = st.columns(2)
            for col, kind in zip(cols * 2, ("mp4", "jpg", "srt", "vtt")):
                path = export.files.get(kind)
                if path is not None:
                    label = {"mp4": "export.dl_video", "srt": "export.dl_srt",
                             "vtt": "export.dl_vtt", "jpg": "export.dl_cover"}[kind]
                    col.download_button(tr(label, platform=export.platform), path.read_bytes(),
                                        path.name, MIME[kind], key=f"dl-{export.platform}-{kind}")
            if export.report is not None:
                with friendly():
                    rows, warnings = report_rows(export.report, lang)
                    st.markdown(f"*{tr('export.report', platform=export.platform)}*")
                    st.dataframe(rows, hide_index=True, width="stretch")
                    for warning in warnings:
                        st.warning(warning)
