"""Format & export page: crop previews, render as a job, downloads and the check report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from studio_helpers import PROJECT, SAMPLES, texts, wait_job, wait_state
from toolkit.project import add_take


def test_project_without_takes_cannot_render(page, project):
    at = page("export", project=PROJECT)
    assert not at.exception
    assert any("Noch keine Aufnahmen" in i for i in texts(at, "info"))
    assert at.button(key="render").disabled
    assert at.button(key="take_export").disabled


def test_crop_preview_per_shot(page, project, workspace):
    from toolkit.products.preview import smart_ready

    take = add_take(project, "hook", SAMPLES / "zwei_personen_querformat.mp4")
    assert not smart_ready(project.folder / "media" / take.file), "fresh analysis cache"
    at = page("export", project=PROJECT)
    assert not at.exception
    assert at.selectbox(key="export_mode").value == "smart"
    assert at.get("image"), "a centred preview while the picture is analysed"
    record = wait_job(workspace, "analyse", timeout=120)
    assert record.state == "done", record.error
    at.run()
    assert smart_ready(project.folder / "media" / take.file)
    assert at.get("image")
    at.selectbox(key="export_mode").set_value("blur").run()
    assert not at.exception and at.get("image")


def test_too_short_for_the_platform_is_a_clear_failure(page, project, workspace):
    add_take(project, "hook", SAMPLES / "handy_gedreht.mov")
    at = page("export", project=PROJECT)
    at.checkbox(key="export_captions").uncheck()
    at.button(key="take_export").click().run()
    record = wait_job(workspace, "take_export", timeout=120)
    assert record.state == "failed"
    at.run()
    assert any("mindestens 3 s" in e for e in texts(at, "error"))
    assert not list((project.folder / "exports").iterdir()), "no half file"


def test_bad_music_file_is_refused(page, project):
    at = page("export", project=PROJECT)
    at.file_uploader(key="music_file").set_value(("song.mp3", b"ID3 not really", "audio/mpeg"))
    next(b for b in at.button if b.label == "Musik speichern").click().run()
    assert not at.exception
    assert any("song.mp3" in e for e in texts(at, "error"))


@pytest.mark.slow
def test_render_then_downloads_and_report(page, project, workspace, lavfi_clip):
    clip = lavfi_clip(seconds=4.0, size="360x640", fps=25, audio="sine")
    add_take(project, "hook", clip)
    at = page("export", project=PROJECT)
    at.checkbox(key="export_captions").uncheck()
    at.button(key="take_export").click().run()
    record = wait_job(workspace, "take_export", timeout=300)
    assert record.state == "done", record.error
    at.run()
    assert not at.exception
    labels = [d.label for d in at.get("download_button")]
    assert "MP4 herunterladen (reels)" in labels
    assert "Alles als ZIP herunterladen" in labels
    video = Path(record.result["videos"]["reels"])
    assert video == project.folder / "exports" / "reels.mp4"
    from toolkit.media.probe import probe

    info = probe(video)
    assert (info.video.display_width, info.video.display_height) == (1080, 1920)
    assert abs(info.duration - 4.0) < 0.2
    assert at.get("dataframe"), "the check report is a table"
    with zipfile.ZipFile(io.BytesIO(_zip(project))) as zf:
        assert {"reels.mp4", "reels.jpg", "reels.json"} <= set(zf.namelist())


def _zip(project) -> bytes:
    from toolkit.project.exports import list_exports, zip_exports

    return zip_exports(list_exports(project))


@pytest.mark.slow
def test_cancel_a_running_export_leaves_nothing(page, project, workspace):
    add_take(project, "hook", SAMPLES / "sprache_de_hochformat.mp4")
    at = page("export", project=PROJECT)
    at.checkbox(key="export_captions").uncheck()
    at.button(key="take_export").click().run()
    from app import jobs_client

    running = wait_state(workspace, "take_export", ("running",), timeout=60)
    at.run()
    at.button(key="cancel-export").click().run()
    assert jobs_client.get_job(running.id, workspace=workspace) is not None
    record = wait_job(workspace, "take_export", timeout=120)
    assert record.state == "cancelled"
    assert not [p for p in (project.folder / "exports").iterdir()], "no half file"
    at.run()
    assert any("abgebrochen" in i for i in texts(at, "info"))


def _complete(project, clip) -> None:
    """Every required shot with a take, placeholders filled, everyone consented."""
    from toolkit.project import add_person, project_template, update_project

    def fill(p) -> None:
        p.placeholders.update(aufgabe="Brezeln schlingen", zeit="20 Sekunden",
                              einsatz="Frühstück")
        p.cta.url = "https://example.com/ausbildung"
        for name, role in (("Lena", "challenger"), ("Jürgen", "defender"), ("Aylin", "host")):
            add_person(p, name, role, consent=True, save=False)

    update_project(project.folder, fill)
    for shot in project_template(project).shots():
        if not shot.optional:
            add_take(project, shot.id, clip)


@pytest.mark.slow
@pytest.mark.model
def test_project_render_for_reels_with_reviewed_captions(page, project, workspace, lavfi_clip):
    from toolkit.takes.take_captions import save_take_transcript
    from toolkit.captions.transcript import Transcript, Word

    clip = lavfi_clip(seconds=1.0, size="360x640", fps=25, audio="sine")
    _complete(project, clip)
    reviewed = Transcript(words=(Word("Quarkbällchen!", 0.1, 0.8),), duration=1.0)
    save_take_transcript(project, "hook-01", reviewed)
    at = page("export", project=PROJECT)
    assert not at.button(key="render").disabled
    at.selectbox(key="export_mode").set_value("center")
    at.button(key="render").click().run()
    record = wait_job(workspace, "render", timeout=600)
    assert record.state == "done", record.error
    at.run()
    assert not at.exception
    video = project.folder / "exports" / "reels.mp4"
    from toolkit.media.probe import probe

    info = probe(video)
    assert (info.video.display_width, info.video.display_height) == (1080, 1920)
    assert info.duration > 13 * 0.9, "every required shot is in the video"
    assert "MP4 herunterladen (reels)" in [d.label for d in at.get("download_button")]
    srt = (project.folder / "exports" / "reels.srt").read_text(encoding="utf-8")
    assert "Quarkbällchen" in srt, "the words reviewed on the Subtitles page are used"


def test_caption_style_is_kept_between_subtitles_and_export(page, project, lavfi_clip):
    """Streamlit forgets a widget's value when its page is left: the studio keeps the choice."""
    add_take(project, "hook", lavfi_clip(seconds=1.0, size="360x640", audio="sine"))
    at = page("subtitles", project=PROJECT)
    assert at.selectbox(key="caption_style").value == "social"
    at.selectbox(key="caption_style").set_value("box").run()
    at.switch_page("app/pages/export.py").run()
    assert not at.exception
    assert at.selectbox(key="caption_style").value == "box"
    at.switch_page("app/pages/start.py").run()
    at.switch_page("app/pages/subtitles.py").run()
    assert at.selectbox(key="caption_style").value == "box"


def test_planned_vs_actual_length_and_a_too_long_video_before_rendering(page, project, workspace,
                                                                        lavfi_clip):
    from toolkit.project import update_project
    from toolkit.project.trim_takes import set_take_range

    _complete(project, lavfi_clip(seconds=1.0, size="360x640", fps=25, audio="sine"))
    long = add_take(project, "countdown", lavfi_clip(seconds=60.0, size="160x284", fps=25,
                                                     audio="silence"))
    at = page("export", project=PROJECT)
    assert not at.exception
    table = at.dataframe[0].value
    row = table[table["Shot"] == "Countdown"].iloc[0]
    assert (row["Geplant (s)"], row["Im Video (s)"]) == (2.0, 2.0)
    assert row["Ausschnitt"] == "automatisch: Bewegung"
    assert table.iloc[-1]["Shot"].startswith("Gesamt")
    assert not [w for w in texts(at, "warning") if "Vorlage plant" in w]
    update_project(project.folder, lambda p: set_take_range(p, long.id, 0.0, 60.0))
    at.run()
    warning = next(w for w in texts(at, "warning") if "Vorlage plant" in w)
    assert "„Countdown“ 60,0 s statt 2 s" in warning
    table = at.dataframe[0].value
    assert table[table["Shot"] == "Countdown"].iloc[0]["Ausschnitt"] == "eigener"


def test_sound_cues_switch_is_saved_in_the_project(page, project, workspace):
    from toolkit.project import open_project

    at = page("export", project=PROJECT)
    assert not at.exception
    box = at.checkbox(key="export_sound_cues")
    assert box.value is True and "Startpfiff" in box.label
    box.uncheck().run()
    assert not at.exception
    assert open_project(PROJECT, workspace).edit.sound_cues is False
    at.checkbox(key="export_sound_cues").check().run()
    assert open_project(PROJECT, workspace).edit.sound_cues is True


@pytest.mark.slow
@pytest.mark.model
def test_the_page_prepares_the_render_while_the_user_chooses(page, project, workspace,
                                                              lavfi_clip):
    """Showing a project that can be rendered starts the job ``prepare``: the analyses the
    render will read (and the transcripts of unreviewed takes) are done before it is asked."""
    from app import jobs_client
    from toolkit.edit.layout import cut_pieces
    from toolkit.edit.plan import RenderOptions, plan_render
    from toolkit.edit.prepare import analysed_takes
    from toolkit.media.probe import probe
    from toolkit.media.render import SourceFrame
    from toolkit.reframe.analysis import is_cached

    _complete(project, lavfi_clip(seconds=1.0, size="360x640", fps=25, audio="sine"))
    at = page("export", project=PROJECT)
    assert not at.exception
    record = wait_job(workspace, "prepare", timeout=300)
    assert record.state == "done", record.error
    options = record.params["options"]
    assert (options["mode"], record.params["platforms"]) == ("smart", ["reels"])
    plan = plan_render(PROJECT, "reels", options=RenderOptions(**options), workspace=workspace)
    cut = cut_pieces(plan.timeline, project.folder,
                     lambda p: (SourceFrame.from_info(probe(p)), probe(p).has_audio))
    takes = analysed_takes(cut, plan.render_options(), plan.timeline, project.folder)
    assert record.result["analysed"] == len(takes) > 0 and record.result["transcribed"]
    assert all(is_cached(path, probe(path), lo, hi) for _, path, lo, hi in takes)
    at.run()  # the same choices again: the same job, nothing prepared twice
    assert [r.id for r in jobs_client.list_jobs(workspace=workspace)
            if r.kind == "prepare"] == [record.id]
    at.selectbox(key="export_mode").set_value("blur").run()
    at.selectbox(key="export_mode").set_value("bars").run()  # an older one still busy: stopped
    prepares = [r for r in jobs_client.list_jobs(workspace=workspace) if r.kind == "prepare"]
    assert [r.params["options"]["mode"] for r in prepares] == ["bars", "blur", "smart"]
    newest, older = prepares[0], prepares[1]
    assert older.state not in jobs_client.ACTIVE or older.cancel_requested == 1
    assert not newest.cancel_requested
    assert wait_job(workspace, "prepare", timeout=300).state == "done"
