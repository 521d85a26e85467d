"""Storyboard templates: the shipped ones are valid and complete; broken ones are reported with
file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import TemplateError
from toolkit.storyboard import (
    TemplateValidationError,
    fill,
    get_template,
    list_templates,
    load_template,
    values_for,
)
from toolkit.storyboard.checks import max_seconds
from toolkit.storyboard.loader import BUILTIN_DIR
from toolkit.storyboard.placeholders import iter_texts

SHIPPED = sorted(BUILTIN_DIR.glob("*.yaml"))
REQUIRED_IDS = {"mach-mal-duell", "ein-tag-als-azubi", "beruf-in-60-sekunden",
                "azubi-interview", "werkstatt-tour"}

MINIMAL = """\
format: 1
id: mini
version: 1
title: {de: "Mini", en: "Mini"}
description: {de: "Kurz", en: "Short"}
platforms: [tiktok]
target_seconds: 6
roles:
  - id: azubi
    title: {de: "Azubi", en: "Apprentice"}
scenes:
  - id: start
    title: {de: "Start", en: "Start"}
    shots:
      - id: hook
        title: {de: "Hallo", en: "Hello"}
        purpose: {de: "Hook", en: "Hook"}
        action: {de: "Azubi spricht", en: "Apprentice speaks"}
        who: [azubi]
        framing: close-up
        seconds: 3
        lines:
          - role: azubi
            text: {de: "Ich bin {azubi_name} bei {firma}.", en: "I'm {azubi_name} at {firma}."}
      - id: cta
        title: {de: "Bewerben", en: "Apply"}
        purpose: {de: "Aufruf", en: "Call"}
        action: {de: "Azubi zeigt nach unten", en: "Apprentice points down"}
        who: [azubi]
        framing: medium
        seconds: 3
"""


def _write(tmp_path: Path, text: str, name: str = "vorlage.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _problem_lines(error: TemplateValidationError) -> list[int]:
    return [p.line for p in error.problems]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_template_is_valid_and_bilingual(path: Path) -> None:
    template = load_template(path)
    assert template.id == path.stem
    for loc, text in iter_texts(template):
        assert text.en, f"{path.name}: English text missing at {loc}"
    for item in (template.title, template.description, *[r.title for r in template.roles]):
        assert item.de and item.en
    for lesson in template.lessons:
        assert all(t.en for t in (lesson.title, lesson.goal, lesson.exercise, *lesson.mistakes))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_template_fits_short_video_platforms(path: Path) -> None:
    template = load_template(path)
    total = template.total_seconds(include_optional=True)
    assert 15 <= template.total_seconds() <= total
    for platform in ("instagram_reels", "tiktok", "youtube_shorts"):
        assert platform in template.platforms
        assert total <= max_seconds(platform)
    first = template.shots()[0]
    assert first.seconds <= 3, "the hook must land in the first 3 seconds"
    assert any("{url}" in o.text.de for s in template.shots() for o in s.on_screen
               if o.kind == "cta"), "every template ends with an apply call to action"


def test_all_required_templates_are_shipped() -> None:
    ids = {template.id for template, _ in list_templates()}
    assert REQUIRED_IDS <= ids


def test_duel_has_rounds_verdict_contestants_and_lessons() -> None:
    duel = get_template("mach-mal-duell")
    scene_ids = [s.id for s in duel.scenes]
    assert scene_ids[0] == "hook" and "urteil" in scene_ids and "cta" in scene_ids
    assert any(s.id.startswith("runde") for s in duel.scenes)
    lower_thirds = [o.text.de for s in duel.shots() for o in s.on_screen if o.kind == "lower_third"]
    assert any("{azubi_name}" in t for t in lower_thirds)
    assert any("{defender_name}" in t for t in lower_thirds)
    assert [s for s in duel.shots() if s.optional and s.id == "bloopers"]
    assert len(duel.lessons) >= 3
    for lesson in duel.lessons:
        assert lesson.goal.de and lesson.good_example.de and lesson.mistakes and lesson.exercise.de


def test_interview_has_two_people_talking() -> None:
    interview = get_template("azubi-interview")
    framings = {s.framing for s in interview.shots()}
    assert {"two-shot", "over-the-shoulder"} <= framings
    assert any(set(s.who) == {"interviewer", "azubi"} for s in interview.shots())


def test_placeholders_are_filled_from_company_people_and_values() -> None:
    template = load_template(BUILTIN_DIR / "mach-mal-duell.yaml")
    values = values_for(template, company="Bäckerei Müller", trade="Bäcker:in",
                        url="https://example.de/azubi",
                        people=[("Lena", "challenger"), ("Jürgen", "defender")],
                        explicit={"aufgabe": "Brezeln schlingen"})
    hook = template.shot("hook")
    assert hook is not None
    line = fill(hook.lines[0].text.de, values)
    assert line == "Jürgen, ich bin schneller beim Brezeln schlingen als du. Wetten?"
    lower = fill(template.shot("vorstellung-azubi").on_screen[0].text.de, values)
    assert lower == "Lena · Azubi Bäcker:in"
    assert fill("Noch {zeit} – {unbekannt}", values) == "Noch {zeit} – {unbekannt}"
    assert fill("{firma}{firma}", {"firma": "A&B {x}"}) == "A&B {x}A&B {x}"


def test_minimal_template_loads(tmp_path: Path) -> None:
    template = load_template(_write(tmp_path, MINIMAL))
    assert [s.id for s in template.shots()] == ["hook", "cta"]
    assert template.shots()[0].orientation == "portrait"


def test_wrong_value_names_file_line_and_field(tmp_path: Path) -> None:
    text = MINIMAL.replace("framing: medium", "framing: halbnah")
    path = _write(tmp_path, text)
    with pytest.raises(TemplateValidationError) as caught:
        load_template(path)
    error = caught.value
    assert _problem_lines(error) == [_line_of(text, "framing: halbnah")]
    assert error.problems[0].field_path == "scenes[0].shots[1].framing"
    message = error.message("de")
    assert str(path) in message and f"Zeile {_line_of(text, 'halbnah')}" in message
    assert "framing" in message and "close-up" in message
    assert f"line {_line_of(text, 'halbnah')}" in error.message("en")


def test_missing_field_points_at_the_shot(tmp_path: Path) -> None:
    text = MINIMAL.replace('        purpose: {de: "Aufruf", en: "Call"}\n', "")
    path = _write(tmp_path, text)
    with pytest.raises(TemplateValidationError) as caught:
        load_template(path)
    (problem,) = caught.value.problems
    assert problem.line == _line_of(text, "- id: cta")
    assert problem.field_path.endswith("shots[1].purpose")
    assert "Pflichtfeld" in problem.render("de")


def test_unknown_field_and_number_errors_are_all_reported(tmp_path: Path) -> None:
    text = (MINIMAL.replace("        seconds: 3\n        lines:", "        seconds: drei\n"
                            "        lines:")
            .replace("framing: medium", "framing: medium\n        kamera: iphone"))
    with pytest.raises(TemplateValidationError) as caught:
        load_template(_write(tmp_path, text))
    assert sorted(_problem_lines(caught.value)) == [_line_of(text, "seconds: drei"),
                                                   _line_of(text, "kamera: iphone")]


def test_unknown_role_and_placeholder_are_cross_checked(tmp_path: Path) -> None:
    text = (MINIMAL.replace("        who: [azubi]\n        framing: medium",
                            "        who: [meister]\n        framing: medium")
            .replace("bei {firma}.", "bei {frima}."))
    with pytest.raises(TemplateValidationError) as caught:
        load_template(_write(tmp_path, text))
    problems = caught.value.problems
    assert {p.line for p in problems} == {_line_of(text, "who: [meister]"),
                                          _line_of(text, "{frima}")}
    rendered = caught.value.message("de")
    assert "meister" in rendered and "{frima}" in rendered


def test_length_must_match_target(tmp_path: Path) -> None:
    text = MINIMAL.replace("target_seconds: 6", "target_seconds: 30")
    with pytest.raises(TemplateValidationError) as caught:
        load_template(_write(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.line == _line_of(text, "target_seconds")


def test_duplicate_key_and_duplicate_id(tmp_path: Path) -> None:
    text = MINIMAL.replace('        title: {de: "Bewerben", en: "Apply"}\n',
                           '        title: {de: "Bewerben", en: "Apply"}\n'
                           '        title: {de: "Nochmal", en: "Again"}\n')
    with pytest.raises(TemplateValidationError) as caught:
        load_template(_write(tmp_path, text))
    assert _problem_lines(caught.value) == [_line_of(text, "Nochmal")]
    text = MINIMAL.replace("      - id: cta", "      - id: hook")
    with pytest.raises(TemplateValidationError) as caught:
        load_template(_write(tmp_path, text, "dup.yaml"))
    assert _problem_lines(caught.value) == [text.splitlines().index("      - id: hook", 20) + 1]


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    text = MINIMAL.replace("platforms: [tiktok]", "platforms: [tiktok\nbroken: : :")
    with pytest.raises(TemplateValidationError) as caught:
        load_template(_write(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.key == "yaml.syntax"
    assert abs(problem.line - _line_of(text, "broken")) <= 1


def test_missing_template_file_and_unknown_id(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(tmp_path / "gibtsnicht.yaml")
    assert "gibtsnicht.yaml" in str(caught.value)
    with pytest.raises(TemplateError) as caught:
        get_template("gibt-es-nicht")
    assert "mach-mal-duell" in caught.value.message("de")


def test_extra_template_folder_overrides_shipped(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, MINIMAL.replace("id: mini", "id: werkstatt-tour"), "eigene.yaml")
    monkeypatch.setenv("MACHMAL_TEMPLATES", str(tmp_path))
    assert get_template("werkstatt-tour").title.de == "Mini"
    assert get_template("mach-mal-duell").id == "mach-mal-duell"
