"""Upload page: takes per shot, bad files, status, trimming, choice of take."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_helpers import PROJECT, SAMPLES, texts, wait_job
from toolkit.project import add_take, open_project


def _upload(at, files):
    at.file_uploader(key="files-hook").set_value(files)
    next(b for b in at.button if b.label == "Hochladen").click().run()
    assert not at.exception


def test_project_without_takes_shows_what_is_missing(page, project):
    at = page("upload", project=PROJECT)
    assert not at.exception
    assert any("0 von" in (p.proto.text or "") for p in at.get("progress"))
    assert any("noch keine Aufnahme" in i for i in texts(at, "info"))


def test_phone_clip_is_saved_under_the_project_with_a_safe_name(page, project, workspace):
    at = page("upload", project=PROJECT)
    data = (SAMPLES / "handy_gedreht.mov").read_bytes()
    _upload(at, [("../../../etc/IMG 0412 (1).MOV", data, "video/quicktime")])
    assert any("1 Aufnahme" in s for s in texts(at, "success"))
    saved = open_project(PROJECT, workspace)
    take = saved.shots["hook"].takes[0]
    stored = saved.folder / "media" / take.file
    assert stored.is_file() and stored.read_bytes() == data
    assert stored.parent == saved.folder / "media"
    assert "/" not in take.file and " " not in take.file and ".." not in take.file
    assert take.original_name == "IMG 0412 (1).MOV"
    assert not list((saved.folder / "work").rglob("*.MOV")) and not list(
        (saved.folder / "work").rglob("*.mov")), "the staging copy is removed"
    at.selectbox(key="upload_shot").set_value("hook").run()  # the picker moved on
    assert any("Drehung" in c for c in texts(at, "caption")), "rotation fix is announced"
    assert at.get("video")


@pytest.mark.parametrize("name,data,expected", [
    ("notes.txt", b"just text", "keine lesbare"),
    ("notes.mp4", b"this is a text file, not a video\n" * 20, "keine lesbare"),
    ("empty.mp4", b"", "leer"),
])
def test_bad_files_are_refused_with_a_message(page, project, workspace, name, data, expected):
    at = page("upload", project=PROJECT)
    _upload(at, [(name, data, "application/octet-stream")])
    assert any(expected in e and name in e for e in texts(at, "error")), texts(at, "error")
    assert not any("Errno" in e or str(workspace) in e or "/" in e for e in texts(at, "error"))
    saved = open_project(PROJECT, workspace)
    assert not saved.shots.get("hook") or not saved.shots["hook"].takes
    assert not [p for p in (saved.folder / "media").iterdir()]


def test_corrupt_upload_is_refused(page, project, workspace):
    whole = (SAMPLES / "sprache_de_hochformat.mp4").read_bytes()
    at = page("upload", project=PROJECT)
    _upload(at, [("kaputt.mp4", whole[: len(whole) // 3][::-1], "video/mp4")])
    assert any("kaputt.mp4" in e for e in texts(at, "error"))
    assert not open_project(PROJECT, workspace).shots.get("hook", None) or \
        not open_project(PROJECT, workspace).shots["hook"].takes


def test_one_good_and_one_bad_file_in_one_upload(page, project, workspace):
    at = page("upload", project=PROJECT)
    _upload(at, [("gut.mov", (SAMPLES / "handy_gedreht.mov").read_bytes(), "video/quicktime"),
                 ("schlecht.mp4", b"nope", "video/mp4")])
    assert any("1 Aufnahme" in s for s in texts(at, "success"))
    assert any("schlecht.mp4" in e for e in texts(at, "error"))
    assert len(open_project(PROJECT, workspace).shots["hook"].takes) == 1


def test_trim_range_and_choice_of_take(page, project, workspace):
    clip = SAMPLES / "handy_gedreht.mov"
    add_take(project, "hook", clip)
    add_take(project, "hook", clip)
    at = page("upload", project=PROJECT)
    assert at.selectbox(key="upload_shot").value == "vorstellung-azubi", "first missing shot"
    at.selectbox(key="upload_shot").set_value("hook").run()
    at.slider(key="range-hook-01").set_value((0.5, 1.8))
    at.button(key="apply-hook-01").click().run()
    assert not at.exception
    take = open_project(PROJECT, workspace).shots["hook"].takes[0]
    assert (take.start, take.end) == (0.5, 1.8)
    at.button(key="choose-hook-01").click().run()
    assert not at.exception
    assert open_project(PROJECT, workspace).edit.takes["hook"] == "hook-01"
    at.checkbox(key="pauses-hook-01").check().run()
    assert open_project(PROJECT, workspace).edit.auto_trim == ["hook-01"]


@pytest.mark.slow
def test_auto_trim_runs_as_a_job_and_sets_the_range(page, project, workspace):
    add_take(project, "hook", SAMPLES / "sprache_de_hochformat.mp4")
    at = page("upload", project=PROJECT)
    at.selectbox(key="upload_shot").set_value("hook").run()
    at.button(key="auto-hook-01").click().run()
    record = wait_job(workspace, "autotrim", timeout=120)
    assert record.state == "done", record.error
    take = open_project(PROJECT, workspace).shots["hook"].takes[0]
    # the sample's speech starts at once and ends about 2.5 s before the recording does
    assert take.end is not None and take.end < take.duration - 1.0
    at.run()
    assert not at.exception


def test_range_slider_starts_at_the_automatic_choice(page, project, workspace):
    from toolkit.edit.take_range import slider_range, take_choice

    add_take(project, "hook", SAMPLES / "sprache_de_hochformat.mp4")  # 16.8 s, 4 sentences
    at = page("upload", project=PROJECT)
    at.selectbox(key="upload_shot").set_value("hook").run()
    saved = open_project(PROJECT, workspace)
    take = saved.shots["hook"].takes[0]
    auto = take_choice(saved, take, 3.0)
    assert auto.reason == "speech" and auto.seconds < take.duration / 2
    lo, hi = at.slider(key="range-hook-01").value
    assert (lo, hi) == slider_range(auto, take.duration)
    assert any("Automatisch gewählt" in c for c in texts(at, "caption"))
    at.button(key="apply-hook-01").click().run()  # "Ausschnitt übernehmen" keeps it
    assert not at.exception
    take = open_project(PROJECT, workspace).shots["hook"].takes[0]
    assert (take.start, take.end) == (lo, hi)
    assert any("Eigener Ausschnitt" in c for c in texts(at, "caption"))
    at.button(key="autorange-hook-01").click().run()
    assert not at.exception
    take = open_project(PROJECT, workspace).shots["hook"].takes[0]
    assert (take.start, take.end) == (None, None)
    assert at.slider(key="range-hook-01").value == (lo, hi)
