"""Parts of the Format & export page: reframe per shot, music bed, downloads and reports."""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, register_ui, tr
from app.ui import flash, friendly, job_panel, submit
from toolkit.media.presets import PRESETS
from toolkit.media.camera_path import LAYOUTS, SPEED_NAMES
from toolkit.media.preview import crop_preview, smart_ready
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
    "export.layout": ("Aufteilung für „{shot}“", "Layout for '{shot}'"),
    "export.layout.auto": ("automatisch (geteilt, wenn zwei weit auseinander)",
                           "automatic (split when two people stand apart)"),
    "export.layout.single": ("immer ein Bildausschnitt", "always one window"),
    "export.layout.split": ("geteilter Bildschirm", "split screen"),
    "export.layout.pad": ("ganzes Bild mit Rand", "whole picture with edges"),
    "export.speed": ("Kamera für „{shot}“", "Camera for '{shot}'"),
    "export.speed.slower": ("ruhig", "calm"),
    "export.speed.default": ("normal", "normal"),
    "export.speed.faster": ("schnell", "fast"),
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
def _crop(path: str, at: float, size: tuple[int, int], mode: str, start: float,
          end: float | None, layout: str, speed: str) -> bytes:
    return crop_preview(path, at, size, mode, start=start, end=end, layout=layout, speed=speed)


def _shot_options(project: Project, shot, preset) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Mode (and for smart: layout and camera speed) of one shot, with its crop preview."""
    lang = current_lang()
    _sid, take = first_take(project, shot.id)
    title = shot.title.get(lang)
    cols = st.columns(3)
    choice = {"mode": cols[0].selectbox(tr("export.mode", shot=title), MODES,
                                        key=f"mode-{shot.id}",
                                        format_func=lambda m: tr(f"export.mode.{m}"))}
    if choice["mode"] == "smart":
        choice["layout"] = cols[1].selectbox(tr("export.layout", shot=title), LAYOUTS,
                                             key=f"layout-{shot.id}",
                                             format_func=lambda m: tr(f"export.layout.{m}"))
        choice["speed"] = cols[2].selectbox(tr("export.speed", shot=title), SPEED_NAMES,
                                            index=1, key=f"speed-{shot.id}",
                                            format_func=lambda m: tr(f"export.speed.{m}"))
    src = str(take_path(project, take))
    start = float(take.start or 0.0)
    mode = choice["mode"]
    with friendly():
        if mode == "smart" and not smart_ready(src, start, take.end):
            submit("analyse", {"src": src, "start": start, "end": take.end})
            job_panel("analyse", f"analyse-{shot.id}", src=src)
            mode = "center"
        st.image(_crop(src, start + 0.5, (preset.width, preset.height), mode, start,
                       take.end, choice.get("layout", "auto"), choice.get("speed", "default")),
                 caption=tr("export.crop", aspect=preset.aspect), width=320)
    return choice


def render_options(project: Project, template: Template, platforms: list[str]
                   ) -> dict[str, dict[str, str]]:
    """Reframe settings per shot that has a take, with crop previews; shot -> settings."""
    st.subheader(tr("export.reframe"))
    preset = PRESETS[platforms[0]] if platforms else PRESETS["reels"]
    return {shot.id: _shot_options(project, shot, preset) for shot in template.shots()
            if shot.id in project.shots and project.shots[shot.id].takes}


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
