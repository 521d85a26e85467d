"""Quick subtitles, Trainer and Showcase pages; every page in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_helpers import PROJECT, SAMPLES, texts, wait_job

PAGES = ("start", "plan", "upload", "subtitles", "export", "quick", "trainer", "showcase")


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_in_both_languages(page, project, name, lang):
    at = page(name, project=PROJECT, lang=lang)
    assert not at.exception
    assert at.title, "every page has a title"
    unlabelled = [w for w in (*at.button, *at.selectbox, *at.text_input, *at.slider,
                              *at.checkbox, *at.text_area, *at.radio, *at.multiselect)
                  if not str(w.label).strip()]
    assert not unlabelled, "every widget is labelled"


def test_quick_subtitles_refuses_wrong_files(page, workspace):
    at = page("quick")
    at.file_uploader(key="quick_file").set_value(("bild.png", b"\x89PNG....", "image/png"))
    next(b for b in at.button if b.label == "Untertitel erstellen").click().run()
    assert not at.exception
    assert any("bild.png" in e for e in texts(at, "error"))
    at.file_uploader(key="quick_file").set_value(None)
    next(b for b in at.button if b.label == "Untertitel erstellen").click().run()
    assert any("Bitte zuerst ein Video" in w for w in texts(at, "warning"))


def test_quick_subtitles_text_named_mp4_fails_as_a_job_with_a_message(page, workspace):
    at = page("quick")
    at.file_uploader(key="quick_file").set_value(("clip.mp4", b"hello\n" * 100, "video/mp4"))
    next(b for b in at.button if b.label == "Untertitel erstellen").click().run()
    record = wait_job(workspace, "quick_subtitles", timeout=60)
    assert record.state == "failed"
    at.run()
    assert any("clip.mp4" in e for e in texts(at, "error"))


@pytest.mark.model
@pytest.mark.slow
def test_quick_subtitles_happy_path(page, workspace, lavfi_clip):
    data = (SAMPLES / "sprache_de_hochformat.mp4").read_bytes()
    at = page("quick")
    at.file_uploader(key="quick_file").set_value(("Mein Clip.mp4", data, "video/mp4"))
    at.selectbox(key="quick_aspect").set_value("1:1")
    next(b for b in at.button if b.label == "Untertitel erstellen").click().run()
    record = wait_job(workspace, "quick_subtitles", timeout=300)
    assert record.state == "done", record.error
    srt = Path(record.result["srt"])
    assert srt.is_file() and "-->" in srt.read_text(encoding="utf-8")
    assert Path(record.result["video"]).name == "mein-clip-1x1.mp4"
    assert Path(record.result["video"]).is_relative_to(workspace)
    at.run()
    assert not at.exception
    labels = [d.label for d in at.get("download_button")]
    assert {"SRT herunterladen", "VTT herunterladen"} <= set(labels)


def test_trainer_presenter_view(page):
    at = page("trainer")
    assert not at.exception
    assert any("Lektion 1 von" in m.value for m in at.markdown)
    at.button(key="next").click().run()
    assert any("Lektion 2 von" in m.value for m in at.markdown)
    at.slider(key="trainer_size").set_value(40).run()
    assert any("font-size: 40px" in m.value for m in at.markdown)
    at.button(key="make_pack").click().run()
    assert not at.exception
    assert at.session_state["trainer_pack"][1][:2] == b"PK"


def test_showcase_lists_projects_with_videos(page, project):
    at = page("showcase")
    assert not at.exception
    assert any("Noch kein Projekt" in c for c in texts(at, "caption"))
    exports = project.folder / "exports"
    (exports / "reels.mp4").write_bytes((SAMPLES / "handy_gedreht.mov").read_bytes())
    at.run()
    assert any(PROJECT in c for c in texts(at, "caption"))
