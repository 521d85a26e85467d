"""Projects: safe names, unique folders, atomic saves, migrations, consent with override."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from toolkit.errors import ConsentError, ProjectError, UserInputError
from toolkit.project import (
    SCHEMA_VERSION,
    ProjectValidationError,
    add_person,
    check_name,
    check_publication_consent,
    create_project,
    list_projects,
    load_project,
    open_project,
    project_template,
    save_project,
    set_consent,
    slugify,
    visible_people,
    workspace_dir,
)
from toolkit import atomic as atomic_mod
from toolkit.project.brand import EXAMPLE, apply_brand_kit, logo_path
from toolkit.project.placeholders import missing_placeholders, placeholder_values

DUEL = "mach-mal-duell"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.mark.parametrize("name", ["../x", "..", "a/b", "a\\b", "/etc/passwd", "CON", "con",
                                  "NUL.txt", "com1", "LPT9 ", "Aux.", "", "   ", "x\x00y",
                                  "zeile\numbruch", "a" * 81])
def test_bad_names_are_refused(name: str, ws: Path) -> None:
    with pytest.raises(ProjectError):
        check_name(name)
    with pytest.raises(ProjectError):
        create_project(name, DUEL, workspace=ws)
    assert not ws.exists() or list(ws.iterdir()) == []


@pytest.mark.parametrize("name, slug", [
    ("Duell Bäckerei Müller", "duell-baeckerei-mueller"),
    ("GROẞE Straße – Teil 2", "grosse-strasse-teil-2"),
    ("Café ✨ Azubi!", "cafe-azubi"),
    ("🔥🔥", "projekt"),
    ("Mach mal...", "mach-mal"),
    ("Con Brio", "con-brio"),
])
def test_slugs_are_safe(name: str, slug: str) -> None:
    assert check_name(name) == name.strip()
    assert slugify(name) == slug


def test_workspace_from_option_env_and_default(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACHMAL_WORKSPACE", str(tmp_path / "env"))
    assert workspace_dir() == tmp_path / "env"
    assert workspace_dir(tmp_path / "opt") == tmp_path / "opt"
    monkeypatch.delenv("MACHMAL_WORKSPACE")
    assert workspace_dir().name == "projects" and "machmal" in str(workspace_dir())


def test_create_lays_out_folder_and_keeps_display_name(ws: Path) -> None:
    project = create_project("Duell Bäckerei Müller", DUEL, company="Bäckerei Müller",
                             trade="Bäcker:in", workspace=ws)
    folder = ws / "duell-baeckerei-mueller"
    assert project.folder == folder
    # project.lock may stay behind (filelock < 4 keeps it); it holds no data
    assert sorted(p.name for p in folder.iterdir() if p.name != "project.lock") == [
        "exports", "history", "media", "project.yaml", "template.yaml", "work"]
    raw = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
    assert raw["name"] == "Duell Bäckerei Müller"
    assert raw["schema_version"] == SCHEMA_VERSION
    assert raw["template"] == {"id": DUEL, "version": 1}
    again = open_project("duell bäckerei MÜLLER", ws)
    assert again.company == "Bäckerei Müller" and again.folder == folder
    assert open_project("duell-baeckerei-mueller", ws).name == "Duell Bäckerei Müller"
    assert project_template(again).id == DUEL


def test_names_are_unique_and_slugs_do_not_collide(ws: Path) -> None:
    create_project("Müller", DUEL, workspace=ws)
    with pytest.raises(ProjectError) as caught:
        create_project("  MÜLLER ", DUEL, workspace=ws)
    assert "Müller" in str(caught.value)
    other = create_project("Mueller", DUEL, workspace=ws)
    assert other.folder.name == "mueller-2"
    assert sorted(name for name, _ in list_projects(ws)) == ["Mueller", "Müller"]


def test_unknown_project_lists_known_ones(ws: Path) -> None:
    create_project("Werkstatt Tour", "werkstatt-tour", workspace=ws)
    with pytest.raises(ProjectError) as caught:
        open_project("Gibt es nicht", ws)
    assert "Werkstatt Tour" in str(caught.value)
    with pytest.raises(ProjectError):
        open_project("../workspace", ws)


def _crash_half_way(fh, data) -> None:  # noqa: ANN001 - replaces atomic._write
    fh.write(bytes(data[: len(data) // 2]))
    fh.flush()
    raise OSError(28, "No space left on device")


def test_crash_during_save_keeps_old_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = create_project("Absturz", DUEL, company="Alt GmbH", workspace=ws)
    path = project.folder / "project.yaml"
    before = path.read_bytes()
    project.company = "Neu GmbH " + "x" * 5000
    monkeypatch.setattr(atomic_mod, "_write", _crash_half_way)
    with pytest.raises(ProjectError) as caught:
        save_project(project)
    assert "unverändert" in caught.value.message("de")
    assert path.read_bytes() == before
    assert load_project(project.folder).company == "Alt GmbH"
    assert [p.name for p in project.folder.iterdir() if p.name.startswith(".")] == []
    monkeypatch.undo()
    save_project(project)
    assert load_project(project.folder).company.startswith("Neu GmbH")


def test_crash_before_rename_keeps_old_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = create_project("Stromausfall", DUEL, company="Alt", workspace=ws)
    before = (project.folder / "project.yaml").read_bytes()
    project.company = "Neu"

    def no_replace(src: object, dst: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(atomic_mod.os, "replace", no_replace)
    with pytest.raises(ProjectError):
        save_project(project)
    monkeypatch.undo()
    assert (project.folder / "project.yaml").read_bytes() == before
    assert sorted(p.name for p in project.folder.iterdir())[0] != "."


def test_version_1_file_is_migrated(ws: Path) -> None:
    folder = ws / "alt"
    folder.mkdir(parents=True)
    (folder / "project.yaml").write_text(
        "name: Altes Projekt\nslug: alt\ncreated: '2024-01-01T10:00:00Z'\n"
        "updated: '2024-01-01T10:00:00Z'\ntemplate: mach-mal-duell\ncompany: Alt & Co\n"
        "people:\n  - {id: p1, name: Lena, role: challenger, consent: true}\n"
        "  - {id: p2, name: Tom, role: defender, consent: false}\n", encoding="utf-8")
    project = open_project("Altes Projekt", ws)
    assert project.schema_version == SCHEMA_VERSION
    assert project.template.id == DUEL and project.template.version == 1
    assert [p.consent.given for p in project.people] == [True, False]
    save_project(project)
    raw = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION and raw["people"][0]["consent"]["given"]


def test_newer_or_broken_project_file_is_refused_with_line(ws: Path) -> None:
    project = create_project("Kaputt", DUEL, workspace=ws)
    path = project.folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"schema_version: {SCHEMA_VERSION}", "schema_version: 99"),
                    encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(project.folder)
    assert "99" in str(caught.value)
    broken = text.replace("primary: '#E30613'", "primary: rot")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ProjectValidationError) as caught:
        load_project(project.folder)
    line = next(i for i, l in enumerate(broken.splitlines(), 1) if "primary: rot" in l)
    assert [p.line for p in caught.value.problems] == [line]
    assert "brand.primary" in caught.value.message("de")


def test_consent_refusal_names_people_and_override_is_recorded(ws: Path) -> None:
    project = create_project("Einwilligung", DUEL, workspace=ws)
    add_person(project, "Lena", "challenger", consent=True)
    add_person(project, "Jürgen", "defender")
    add_person(project, "Sam", "host", consent=False)
    with pytest.raises(ConsentError) as caught:
        check_publication_consent(project)
    message = caught.value.message("de")
    assert "Jürgen" in message and "Sam" in message and "Lena" not in message
    assert "vorstellung-ausbilder" in message
    only_lena = check_publication_consent(project, shots=["hook", "vorstellung-azubi"])
    assert only_lena.visible == ["Lena"] and only_lena.overridden == []
    with pytest.raises(ConsentError):
        check_publication_consent(project, ["Lena", "Sam"])
    with pytest.raises(UserInputError):
        check_publication_consent(project, override_by="Chefin", override_reason="  ")
    report = check_publication_consent(project, shots=["regeln"], override_by="Frau Weber",
                                       override_reason="Nur von hinten zu sehen")
    assert report.overridden == ["Jürgen", "Sam"]
    reloaded = open_project("Einwilligung", ws)
    (override,) = reloaded.consent_overrides
    assert (override.by, override.reason) == ("Frau Weber", "Nur von hinten zu sehen")
    assert override.people == ["Jürgen", "Sam"] and override.shots == ["regeln"]
    assert abs((dt.datetime.now(dt.timezone.utc) - override.at).total_seconds()) < 120
    with pytest.raises(ConsentError):  # an override is for one publication, not forever
        check_publication_consent(reloaded, shots=["regeln"])


def test_consent_can_be_given_later(ws: Path) -> None:
    project = create_project("Später", DUEL, workspace=ws)
    add_person(project, "Jürgen", "defender")
    set_consent(project, "jürgen", True, date=dt.date(2025, 3, 14), note="Formular im Büro")
    reloaded = open_project("Später", ws)
    consent = reloaded.people[0].consent
    assert (consent.given, consent.date, consent.note) == (True, dt.date(2025, 3, 14),
                                                          "Formular im Büro")
    assert check_publication_consent(reloaded, ["Jürgen"]).visible == ["Jürgen"]
    seen, unassigned = visible_people(reloaded, ["regeln"])
    assert seen == {"p1": ["regeln"]} and unassigned == ["challenger", "host"]
    with pytest.raises(ProjectError):
        set_consent(reloaded, "Niemand", True)
    with pytest.raises(ProjectError):
        add_person(reloaded, "Eva", "zuschauer")


def test_placeholder_values_and_missing_ones(ws: Path) -> None:
    project = create_project("Werte", DUEL, company="Kfz Schmidt", trade="Kfz-Mechatroniker:in",
                             workspace=ws)
    add_person(project, "Lena", "challenger", consent=True, save=False)
    project.placeholders["aufgabe"] = "Reifen wechseln"
    values = placeholder_values(project, project_template(project))
    assert values["firma"] == "Kfz Schmidt" and values["azubi_name"] == "Lena"
    assert values["challenger_name"] == "Lena" and values["aufgabe"] == "Reifen wechseln"
    assert "url" not in values
    missing = missing_placeholders(project, project_template(project))
    assert {"url", "zeit", "einsatz", "defender_name"} <= set(missing)
    assert "aufgabe" not in missing and "firma" not in missing


def test_brand_kit_is_copied_into_project(ws: Path) -> None:
    project = create_project("Marke", DUEL, workspace=ws)
    kit = apply_brand_kit(project, EXAMPLE)
    logo = logo_path(open_project("Marke", ws))
    assert kit.logo == "brand/logo.png" and logo is not None
    assert logo.read_bytes() == (EXAMPLE.parent / "logo.png").read_bytes()
