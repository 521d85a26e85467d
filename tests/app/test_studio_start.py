"""Start page: project list, template gallery, new project, example project; the shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_helpers import texts, wait_job
from toolkit.project import list_projects


def test_start_is_german_by_default_and_switches_to_english(page):
    at = page("start")
    assert "Azubi-Videos" in at.title[0].value
    assert "Noch keine Projekte" in " ".join(texts(at, "info"))
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert "recruiting videos" in at.title[0].value
    assert "Use this template" in [b.label for b in at.button]


def test_gallery_shows_every_template_with_picture_and_facts(page):
    at = page("start")
    choose = [b for b in at.button if b.label == "Diese Vorlage nehmen"]
    from toolkit.storyboard import list_templates

    assert len(choose) == len(list_templates())
    assert len(at.get("image")) >= len(choose)
    assert any("Shots · ca." in c for c in texts(at, "caption"))


def test_new_project_is_created_and_selected(page, workspace: Path):
    at = page("start")
    at.button(key="tpl-azubi-interview").click().run()
    at.text_input(key="new_name").set_value("Interview Tischlerei")
    at.text_input(key="new_company").set_value("Tischlerei Brinkmann")
    at.button[-1].click().run()
    assert not at.exception
    assert at.session_state["project"] == "Interview Tischlerei"
    assert any("angelegt" in s for s in texts(at, "success"))
    names = [name for name, _ in list_projects(workspace)]
    assert names == ["Interview Tischlerei"]
    assert at.sidebar.selectbox(key="sidebar_project").value == "Interview Tischlerei"


@pytest.mark.parametrize("name", ["", "   ", "a/b" * 60])
def test_bad_project_name_is_a_message_not_a_traceback(page, workspace: Path, name: str):
    at = page("start")
    at.text_input(key="new_name").set_value(name)
    at.button[-1].click().run()
    assert not at.exception
    assert texts(at, "error"), "a bad name must be explained"
    assert list_projects(workspace) == []


def test_duplicate_project_name_is_refused(page, project):
    at = page("start")
    at.text_input(key="new_name").set_value(project.name.upper())
    at.button[-1].click().run()
    assert not at.exception
    assert any("gibt schon ein Projekt" in e for e in texts(at, "error")), (texts(at, "error"), [b.label for b in at.button])


def test_open_a_project_from_the_list(page, project):
    at = page("start")
    at.button(key="open-0").click().run()
    assert at.session_state["project"] == project.name


@pytest.mark.slow
@pytest.mark.model
def test_example_project_ends_in_a_finished_video(page, workspace: Path):
    at = page("start")
    at.button(key="example").click().run()
    record = wait_job(workspace, "example", timeout=300)
    assert record.state == "done", record.error
    video = Path(record.result["video"])
    assert video.is_file() and video.stat().st_size > 10_000
    assert video.with_suffix(".srt").is_file()
    at.run()
    assert not at.exception
    assert any("Fertig" in s for s in texts(at, "success"))
    assert at.get("video"), "the finished example video is shown"
