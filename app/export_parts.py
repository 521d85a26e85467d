"""Parts of the Format & export page: reframe per shot, music bed, downloads and reports."""

from __future__ import annotations

import streamlit as st

from app.edits import save_change
from app.i18n import current_lang, register_ui, tr
from app.ui import flash, friendly, job_panel, submit
from toolkit.framing import FITS
from toolkit.platforms import PRESETS
from toolkit.products.preview import crop_preview, smart_ready
from toolkit.project import Project, take_path, take_range
from toolkit.project.exports import ExportSet, list_exports, report_rows, zip_exports
from toolkit.edit.split import set_split
from toolkit.project.trim_takes import chosen_take
from toolkit.project.uploads import save_music
from toolkit.storyboard import Template

register_ui({
    "export.reframe": ("Bildausschnitt je Shot", "Framing per shot"),
    "export.mode_all": ("Bildausschnitt", "Framing"),
    "export.previews": ("Bildausschnitt-Vorschau je Shot zeigen ({count})",
                        "Show the framing preview per shot ({count})"),
    "export.crop_of": ("{shot} – gelb: was im {aspect}-Video zu sehen ist",
                       "{shot} – yellow: what the {aspect} video shows"),
    "export.split": ("Geteilter Bildschirm (Duell)", "Split screen (duel)"),
    "export.timer": ("Rundenuhr", "Round timer"),
    "export.timer_start": ("„{shot}“: Uhr startet nach … s (leer: am Ende des Shots)",
                           "'{shot}': clock starts after … s (empty: at the shot's end)"),
    "export.timer_length": ("Zeit der Runde in s (leer: aus {{zeit}})",
                            "Round time in s (empty: from {{zeit}})"),
    "export.timer_save": ("Uhr übernehmen", "Apply timer"),
    "export.split_on": ("„{shot}“ geteilt zeigen", "Show '{shot}' split"),
    "export.split_a": ("Oben / links", "Top / left"),
    "export.split_b": ("Unten / rechts", "Bottom / right"),
    "export.split_save": ("Übernehmen (Startmarken aus dem Ton)",
                          "Apply (start marks from the sound)"),
    "export.split_marks": ("Startmarken: {a} s / {b} s", "Start marks: {a} s / {b} s"),
    "export.mode.smart": ("Gesicht folgen", "Follow the face"),
    "export.mode.center": ("Mitte", "Centre"),
    "export.mode.blur": ("Ganzes Bild, unscharfer Rand", "Whole picture, blurred edges"),
    "export.mode.bars": ("Ganzes Bild, Balken", "Whole picture, bars"),
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
    "export.dl_report": ("Prüfbericht als JSON ({platform})", "Check report as JSON ({platform})"),
    "export.dl_zip": ("Alles als ZIP herunterladen", "Download everything as ZIP"),
    "export.report": ("Prüfbericht {platform}", "Check report {platform}"),
    "export.preview_of": ("{platform}, Vorschau", "{platform}, preview"),
    "export.preview_note": ("Kleine Vorschau zum Prüfen des Schnitts – zum Posten ohne "
                            "„Schnelle Vorschau“ rendern.",
                            "A small preview to check the edit – to post, render without "
                            "'Quick preview'."),
    "export.preview_file": ("vorschau", "preview"),
})

MODES = FITS
DOWNLOAD_LABELS = {"mp4": "export.dl_video", "srt": "export.dl_srt", "vtt": "export.dl_vtt",
                   "jpg": "export.dl_cover", "json": "export.dl_report"}
MIME = {"mp4": "video/mp4", "srt": "application/x-subrip", "vtt": "text/vtt",
        "jpg": "image/jpeg", "json": "application/json"}


@st.cache_data(max_entries=32, show_spinner=False)
def _crop(path: str, at: float, size: tuple[int, int], mode: str, start: float,
          end: float | None, layout: str, speed: str) -> bytes:
    return crop_preview(path, at, size, mode, start=start, end=end, layout=layout, speed=speed)


def _preview(project: Project, shot, preset, mode: str) -> None:  # type: ignore[no-untyped-def]
    """The window the output keeps of one shot's chosen take (smart: after the analysis)."""
    take = chosen_take(project, shot.id)
    src = str(take_path(project, take))
    start = float(take_range(take)[0])
    with friendly():
        if mode == "smart" and not smart_ready(src, start, take.end):
            submit("analyse", {"src": src, "start": start, "end": take.end})
            job_panel("analyse", f"analyse-{shot.id}", src=src)
            mode = "center"
        st.image(_crop(src, start + 0.5, (preset.width, preset.height), mode, start,
                       take.end, "auto", "default"),
                 caption=tr("export.crop_of", shot=shot.title.get(current_lang()),
                            aspect=preset.aspect), width=280)


def prepare_render(project: Project, platforms: list[str],
                   options: dict) -> None:  # type: ignore[type-arg]
    """Start the job ``prepare`` of the render these choices would submit (its analyses,
    transcripts and loudness, done while the user chooses); an older one of this project that
    is still queued or running is cancelled, its finished steps stay cached."""
    from app import jobs_client
    from app.state import workspace

    record = submit("prepare", {"project": project.name, "platforms": platforms,
                                "options": options})
    if record is None:
        return
    for other in jobs_client.list_jobs(workspace=workspace()):
        if (other.kind == "prepare" and other.id != record.id
                and other.state in jobs_client.ACTIVE
                and other.params.get("project") == project.name):
            jobs_client.cancel_job(other.id, workspace=workspace())


def _remember_mode(shown_revision: int) -> None:
    from app.choices import MODE_KEY, remember

    remember(MODE_KEY, shown_revision)


def render_options(project: Project, template: Template, platforms: list[str]) -> str:
    """The framing mode, with a crop preview of every shot that has a take; returns the mode."""
    st.subheader(tr("export.reframe"))
    preset = PRESETS[platforms[0]] if platforms else PRESETS["reels"]
    mode = st.selectbox(tr("export.mode_all"), MODES, key="export_mode",
                        placeholder=tr("app.choose"),
                        format_func=lambda m: tr(f"export.mode.{m}"),
                        on_change=_remember_mode, args=(project.revision,))
    shots = [s for s in template.shots() if s.id in project.shots and project.shots[s.id].takes]
    # a toggle, not an expander: a closed expander would still make every preview (and start
    # a picture analysis per shot) on each visit of the page
    if st.toggle(tr("export.previews", count=len(shots)), len(shots) <= 2, key="show_previews",
                 wrap=True):
        for shot in shots:
            _preview(project, shot, preset, mode)
    return mode


def split_form(project: Project, template: Template) -> None:
    """Duel split screen: two takes of one shot at once, lined up on their start marks."""
    lang = current_lang()
    candidates = [s for s in template.shots()
                  if s.id in project.shots and len(project.shots[s.id].takes) >= 2]
    if not candidates:
        return
    with st.expander(tr("export.split")):
        for shot in candidates:
            takes = [t.id for t in project.shots[shot.id].takes]
            current = project.edit.split.get(shot.id)
            on = st.checkbox(tr("export.split_on", shot=shot.title.get(lang)),
                             current is not None, key=f"split-{shot.id}", wrap=True)
            if not on:
                if current is not None:
                    save_change(lambda p, sid=shot.id: p.edit.split.pop(sid, None),
                                project.revision, "split")
                    st.rerun()
                continue
            cols = st.columns(2)
            a = cols[0].selectbox(tr("export.split_a"), takes, key=f"split-a-{shot.id}",
                                  placeholder=tr("app.choose"))
            b = cols[1].selectbox(tr("export.split_b"), takes, index=1, key=f"split-b-{shot.id}",
                                  placeholder=tr("app.choose"))
            if st.button(tr("export.split_save"), key=f"split-save-{shot.id}"):
                if save_change(lambda p, sid=shot.id: set_split(p, sid, a, b, suggest=True),
                               project.revision, "split"):
                    flash(tr("plan.saved"))
                st.rerun()
            if current is not None:
                st.caption(tr("export.split_marks", a=current.marks[0], b=current.marks[1]))


def timer_form(project: Project, template: Template) -> None:
    """Start and length of each round's clock (saved in the project's ``edit`` choices)."""
    shots = [s for s in template.shots() if any(i.kind == "timer" for i in s.on_screen)]
    if not shots:
        return
    with st.expander(tr("export.timer")):
        for shot in shots:
            cols = st.columns(2)
            start = cols[0].number_input(
                tr("export.timer_start", shot=shot.title.get(current_lang())), min_value=0.0,
                max_value=600.0, step=0.5, key=f"timer-start-{shot.id}",
                value=project.edit.timer_starts.get(shot.id))
            length = cols[1].number_input(
                tr("export.timer_length"), min_value=1.0, max_value=600.0, step=1.0,
                key=f"timer-length-{shot.id}", value=project.edit.timers.get(shot.id))
            if st.button(tr("export.timer_save"), key=f"timer-save-{shot.id}"):
                if save_change(lambda p, sid=shot.id: _set_timer(p, sid, start, length),
                               project.revision, "timer"):
                    flash(tr("plan.saved"))
                st.rerun()


def _set_timer(project: Project, shot_id: str, start: float | None,
               length: float | None) -> None:
    for field, value in ((project.edit.timer_starts, start), (project.edit.timers, length)):
        if value is None:
            field.pop(shot_id, None)
        else:
            field[shot_id] = float(value)


def music_form(project: Project) -> None:
    """Upload a music bed into the project."""
    with st.form("music", clear_on_submit=True):
        music = st.file_uploader(tr("export.music"), key="music_file")
        if st.form_submit_button(tr("export.music_send")) and music is not None:
            with friendly():
                saved = save_music(project, music.name, music.getvalue())
                relative = saved.relative_to(project.folder).as_posix()
                if save_change(lambda p: setattr(p.edit, "music", relative), project.revision,
                               "music"):
                    flash(tr("export.music_saved", name=saved.name))
                st.rerun()
    folder = project.folder / "media" / "music"
    names = sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if names:
        st.caption(tr("export.music_now", names=", ".join(names)))


def downloads(project: Project, lang: str) -> None:
    """Videos, sidecars, covers, zip and check reports of ``exports/`` (and its previews)."""
    st.subheader(tr("export.results"))
    sets = list_exports(project)
    previews = list_exports(project, preview=True)
    if not sets and not previews:
        st.info(tr("export.nothing"))
        return
    if sets:
        st.download_button(tr("export.dl_zip"), zip_exports(sets), f"{project.slug}-export.zip",
                           "application/zip", key="dl-zip", on_click="ignore")
    for export in previews:
        _export_set(export, lang, preview=True)
    for export in sets:
        _export_set(export, lang)


def _export_set(export: ExportSet, lang: str, preview: bool = False) -> None:
    """One platform's video, its downloads and check report (a preview is labelled so)."""
    name = tr("export.preview_of", platform=export.platform) if preview else export.platform
    key = f"dl-{'preview-' if preview else ''}{export.platform}"
    with st.container(border=True):
        st.markdown(f"**{name}**")
        if preview:
            st.caption(tr("export.preview_note"))
        st.video(str(export.video))
        cols = [st.container(), *st.columns(2)]  # the video on a row of its own: no cut label
        for col, kind in zip([*cols, *cols[1:], cols[1]], ("mp4", "jpg", "srt", "vtt", "json")):
            path = export.files.get(kind)
            if path is not None:
                file_name = (f"{path.stem}-{tr('export.preview_file')}{path.suffix}"
                             if preview else path.name)
                col.download_button(tr(DOWNLOAD_LABELS[kind], platform=name), path.read_bytes(),
                                    file_name, MIME[kind], key=f"{key}-{kind}",
                                    type="primary" if kind == "mp4" else "secondary",
                                    on_click="ignore")  # a download never reruns the page
        if export.report is not None:
            with friendly():
                rows, warnings = report_rows(export.report, lang)
                st.markdown(f"*{tr('export.report', platform=name)}*")
                st.dataframe(rows, hide_index=True, width="stretch")
                for warning in warnings:
                    st.warning(warning)
