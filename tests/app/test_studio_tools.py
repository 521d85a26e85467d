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


def test_quick_subtitles_text_named_mp4_is_refused_at_once_with_a_message(page, workspace):
    at = page("quick")
    at.file_uploader(key="quick_file").set_value(("clip.mp4", b"hello\n" * 100, "video/mp4"))
    next(b for b in at.button if b.label == "Untertitel erstellen").click().run()
    errors = texts(at, "error")
    assert any("clip.mp4" in e and "keine lesbare" in e for e in errors), errors
    assert not any("Errno" in e or str(workspace) in e for e in errors)
    from app import jobs_client

    assert not jobs_client.list_jobs(workspace=workspace), "no job for an unreadable file"


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


def test_showcase_without_finished_videos(page, project, workspace):
    at = page("showcase")
    assert not at.exception
    assert any("Noch kein Projekt" in i for i in texts(at, "info"))
    next(b for b in at.button if b.label == "Showcase erstellen").click().run()
    assert any("mindestens ein Projekt" in w for w in texts(at, "warning"))
    at.multiselect(key="showcase_projects").set_value([PROJECT])
    next(b for b in at.button if b.label == "Showcase erstellen").click().run()
    record = wait_job(workspace, "showcase", timeout=120)
    assert record.state == "failed", "nothing to show is a clear failure"
    at.run()
    assert texts(at, "error")


@pytest.mark.slow
def test_showcase_zip_of_a_finished_project(page, workspace):
    import zipfile

    from toolkit.jobs.project_jobs import example_job

    class Ctx:
        def __init__(self) -> None:
            import threading

            self.workspace, self.cancel = workspace, threading.Event()

        def progress(self, fraction: float, stage: str = "") -> None:
            pass

    example = example_job({"captions": None}, Ctx())
    at = page("showcase")
    assert at.multiselect(key="showcase_projects").value == [example["project"]]
    next(b for b in at.button if b.label == "Showcase erstellen").click().run()
    record = wait_job(workspace, "showcase", timeout=300)
    assert record.state == "done", record.error
    assert record.result["included"] == [example["project"]]
    at.run()
    assert not at.exception
    assert "Showcase (ZIP) herunterladen" in [d.label for d in at.get("download_button")]
    with zipfile.ZipFile(record.result["zip"]) as zf:
        names = zf.namelist()
    assert any(n.endswith("index.html") for n in names)
    assert any(n.endswith(".mp4") for n in names)
