"""The project's open position and description (schema 3) and the links it may publish."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from toolkit.errors import UserInputError
from toolkit.project import create_project, load_project, save_project
from toolkit.project.model import SCHEMA_VERSION, Position, check_link
from toolkit.project.position import effective_position, set_description, set_position
from toolkit.project.store import PROJECT_FILE, ProjectValidationError


@pytest.mark.parametrize("url", ["https://example.org/jobs?a=1&b=2", "http://x.de",
                                 "mailto:ausbildung@example.org", "  https://x.de  ", ""])
def test_web_and_mail_links_accepted(url):
    assert check_link(url) == url.strip()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)",
                                 "data:text/html,<script>", "https://", "www.example.org",
                                 "ftp://example.org", "https://exa mple.org", "mailto:"])
def test_other_links_refused(url):
    with pytest.raises(ValueError, match="kein Link zum Bewerben"):
        check_link(url)


def test_position_round_trip_and_fallbacks(tmp_path):
    project = create_project("Duell Tischlerei", "mach-mal-duell", company="Holz & Co",
                             trade="Tischler:in", workspace=tmp_path)
    assert project.position.is_empty() and project.description == ""
    project.cta.url = "https://holz.example/bewerben"
    set_position(project, location="Hof", start=dt.date(2026, 8, 1))
    set_description(project, "  Wer hobelt schneller?  ")
    save_project(project)
    again = load_project(project.folder)
    assert again.position == Position(location="Hof", start=dt.date(2026, 8, 1))
    assert again.description == "Wer hobelt schneller?"
    shown = effective_position(again)
    assert shown.trade == "Tischler:in" and shown.apply_url == "https://holz.example/bewerben"
    set_position(again, apply_url="mailto:a@holz.example", trade="Holzmechaniker:in")
    assert again.position.location == "Hof"  # untouched fields stay
    assert effective_position(again).apply_url == "mailto:a@holz.example"
    set_position(again, clear=True, location="Selb")
    assert again.position == Position(location="Selb")


def test_unsafe_cta_link_not_published(tmp_path):
    project = create_project("Duell X", "mach-mal-duell", workspace=tmp_path)
    project.cta.url = "javascript:alert(1)"
    assert effective_position(project).apply_url == ""


def test_bad_input_gives_typed_errors(tmp_path):
    project = create_project("Duell Y", "mach-mal-duell", workspace=tmp_path)
    with pytest.raises(UserInputError) as err:
        set_position(project, apply_url="javascript:alert(1)")
    assert err.value.key == "project.bad_link"
    with pytest.raises(UserInputError) as err:
        set_description(project, "x" * 2001)
    assert err.value.key == "project.description_too_long"
    assert project.position.is_empty() and project.description == ""


def test_hand_edited_bad_link_names_line_and_field(tmp_path):
    project = create_project("Duell Z", "mach-mal-duell", workspace=tmp_path)
    path = project.folder / PROJECT_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["position"]["apply_url"] = "javascript:alert(1)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ProjectValidationError) as err:
        load_project(project.folder)
    assert "position.apply_url" in str(err.value) and "Zeile" in str(err.value)


def test_version_3_file_migrates(tmp_path):
    project = create_project("Alt", "mach-mal-duell", workspace=tmp_path)
    path = project.folder / PROJECT_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["position"], data["description"]
    data["schema_version"] = 3
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old = load_project(project.folder)
    assert old.schema_version == SCHEMA_VERSION == 5 and old.position.is_empty()


def test_version_4_file_migrates_and_is_saved_as_5(tmp_path):
    project = create_project("Vier", "mach-mal-duell", workspace=tmp_path)
    path = project.folder / PROJECT_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("studio", None)
    for key in ("sound_cues", "timers", "timer_starts"):
        (data.get("edit") or {}).pop(key, None)
    data["schema_version"] = 4
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old = load_project(project.folder)
    assert old.schema_version == 5 and old.edit.sound_cues is True and old.edit.timer_starts == {}
    save_project(old)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 5
