"""Revisions: stale edits merged or refused, history, restore, undo, migration to revisions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from toolkit.errors import ProjectError
from toolkit.project import (
    SCHEMA_VERSION,
    ProjectConflictError,
    add_person,
    create_project,
    load_project,
    open_project,
    project_history,
    restore_revision,
    save_project,
    set_consent,
    undo_last_change,
    update_project,
)
from toolkit.project import history as history_mod
from toolkit.project.merge import MISSING, diff, merge3

DUEL = "mach-mal-duell"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


def test_merge3_takes_each_side_and_reports_overlaps() -> None:
    base = {"a": 1, "b": {"x": 1, "y": 1}, "people": [{"id": "p1", "name": "Lena", "n": 1}],
            "log": [1]}
    theirs = {"a": 2, "b": {"x": 2, "y": 1},
              "people": [{"id": "p1", "name": "Lena", "n": 1}, {"id": "p2", "name": "Tom"}],
              "log": [1, 2]}
    ours = {"a": 1, "b": {"x": 1, "y": 3}, "people": [{"id": "p1", "name": "Lena", "n": 5}],
            "log": [1, 3], "c": True}
    merged, conflicts = merge3(base, theirs, ours)
    assert conflicts == []
    assert merged == {"a": 2, "b": {"x": 2, "y": 3},
                      "people": [{"id": "p1", "name": "Lena", "n": 5}, {"id": "p2", "name": "Tom"}],
                      "log": [1, 2, 3], "c": True}
    ours_clash = {**ours, "a": 3, "people": [{"id": "p1", "name": "Lena", "n": 5},
                                             {"id": "p2", "name": "Eva"}]}
    _merged, conflicts = merge3(base, theirs, ours_clash)
    assert conflicts == [("a",), ("people", "[Tom]")]
    assert merge3(MISSING, MISSING, {"k": 1}) == ({"k": 1}, [])
    removed, found = merge3(base, theirs, {k: v for k, v in base.items() if k != "a"})
    assert found == [("a",)] and removed["a"] == 2  # removed here, changed there: a conflict
    assert [(c.path, c.kind) for c in diff(base, theirs)] == [
        (("a",), "changed"), (("b", "x"), "changed"), (("people", "[Tom]"), "added"),
        (("log",), "changed")]


def test_stale_edit_to_other_fields_is_merged(ws: Path) -> None:
    project = create_project("Zwei Tabs", DUEL, company="Alt", workspace=ws)
    read_at = project.revision
    update_project("Zwei Tabs", lambda p: p.placeholders.update(aufgabe="Brezeln"), workspace=ws)
    update_project("Zwei Tabs", lambda p: add_person(p, "Lena", "challenger", save=False),
                   workspace=ws)
    result = update_project("Zwei Tabs", lambda p: setattr(p, "company", "Neu") or "done",
                            workspace=ws, expected_revision=read_at)
    assert result == "done"
    final = open_project("Zwei Tabs", ws)
    assert (final.company, final.placeholders, [p.name for p in final.people]) == (
        "Neu", {"aufgabe": "Brezeln"}, ["Lena"])
    assert final.revision == read_at + 3
    assert project_history("Zwei Tabs", ws)[0].action == "merge"


def test_stale_edit_to_the_same_field_is_refused_and_names_it(ws: Path) -> None:
    project = create_project("Konflikt", DUEL, company="Alt", workspace=ws)
    stale = load_project(project.folder)
    update_project("Konflikt", lambda p: setattr(p, "company", "Von nebenan"), workspace=ws)
    update_project("Konflikt", lambda p: p.placeholders.update(zeit="60 Sekunden"),
                   workspace=ws)
    before = (project.folder / "project.yaml").read_bytes()
    with pytest.raises(ProjectConflictError) as caught:
        update_project("Konflikt", lambda p: setattr(p, "company", "Meins"), workspace=ws,
                       expected_revision=stale.revision)
    message = caught.value.message("de")
    assert "Firma" in message and "Platzhalter › zeit (neu)" in message
    assert "Fassung 1 → 3" in message and "neu laden" in message
    assert "company" in caught.value.message("en")
    assert (project.folder / "project.yaml").read_bytes() == before
    stale.company = "Meins"  # the same through a stale object and save_project
    with pytest.raises(ProjectConflictError):
        save_project(stale)
    assert open_project("Konflikt", ws).company == "Von nebenan"


def test_stale_object_save_merges_nested_changes(ws: Path) -> None:
    project = create_project("Objekt", DUEL, workspace=ws)
    add_person(project, "Jürgen", "defender")
    tab_a, tab_b = load_project(project.folder), load_project(project.folder)
    set_consent(tab_a, "Jürgen", True, note="Formular im Büro")
    tab_b.people[0].name = "Jürgen K."
    tab_b.cta.url = "https://example.org/ausbildung"
    save_project(tab_b)
    assert tab_b.revision == tab_a.revision + 1  # the object now holds the merged state
    final = open_project("Objekt", ws)
    person = final.people[0]
    assert (person.name, person.consent.given, person.consent.note) == (
        "Jürgen K.", True, "Formular im Büro")
    assert final.cta.url == "https://example.org/ausbildung"
    assert tab_b.people[0].consent.given is True


def test_edit_based_on_a_revision_no_longer_kept_is_refused(ws: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(history_mod, "HISTORY_LIMIT", 3)
    create_project("Alt und neu", DUEL, workspace=ws)
    for n in range(5):
        update_project("Alt und neu", lambda p: p.placeholders.update(n=str(n)), workspace=ws)
    with pytest.raises(ProjectError) as caught:
        update_project("Alt und neu", lambda p: setattr(p, "trade", "x"), workspace=ws,
                       expected_revision=1)
    assert "nicht mehr im Verlauf" in caught.value.message("de")


def test_history_lists_changes_and_is_bounded(ws: Path) -> None:
    project = create_project("Verlauf", DUEL, workspace=ws)
    for n in range(55):
        update_project("Verlauf", lambda p: p.placeholders.update(n=str(n)), workspace=ws)
    update_project(project, lambda p: add_person(p, "Lena", "challenger", save=False))
    assert project.revision == 57  # the object passed in follows the saved state
    revisions = project_history("Verlauf", ws)
    assert len(revisions) == history_mod.HISTORY_LIMIT == 50
    assert [r.revision for r in revisions] == list(range(57, 7, -1))
    assert revisions[0].summary("de") == "Personen › Lena (neu)"
    assert revisions[1].summary("en") == "placeholders › n (changed)"
    assert len(list((project.folder / "history").iterdir())) == 50


def test_restore_and_undo_make_new_revisions(ws: Path) -> None:
    project = create_project("Zurück", DUEL, company="A", workspace=ws)  # r1
    for company in ("B", "C", "D"):  # r2..r4
        update_project("Zurück", lambda p, c=company: setattr(p, "company", c), workspace=ws)
    restored = restore_revision("Zurück", 2, ws)
    assert (restored.company, restored.revision) == ("B", 5)
    assert project_history("Zurück", ws)[0].restored_from == 2
    assert undo_last_change("Zurück", ws).company == "D"   # undoes the restore
    assert undo_last_change("Zurück", ws).company == "C"   # and steps further back
    assert undo_last_change(project, ws).company == "B"
    assert project.company == "B" and project.revision == 8  # the object follows
    assert open_project("Zurück", ws).company == "B"
    with pytest.raises(ProjectError) as caught:
        restore_revision("Zurück", 99, ws)
    assert "keine Fassung 99" in caught.value.message("de")
    undo_last_change("Zurück", ws)
    with pytest.raises(ProjectError) as caught:
        undo_last_change("Zurück", ws)
    assert "keine frühere Fassung" in caught.value.message("de")


def test_version_2_file_gets_revision_one(ws: Path) -> None:
    folder = ws / "v2"
    folder.mkdir(parents=True)
    (folder / "project.yaml").write_text(
        "schema_version: 2\nname: Format zwei\nslug: v2\ncreated: '2025-01-01T10:00:00Z'\n"
        "updated: '2025-01-01T10:00:00Z'\ntemplate: {id: mach-mal-duell, version: 1}\n",
        encoding="utf-8")
    project = open_project("Format zwei", ws)
    assert project.revision == 1
    assert [r.revision for r in project_history("Format zwei", ws)] == [1]
    update_project("Format zwei", lambda p: setattr(p, "company", "Neu"), workspace=ws)
    raw = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
    assert (raw["schema_version"], raw["revision"], raw["company"]) == (SCHEMA_VERSION, 2, "Neu")
    assert [r.revision for r in project_history("Format zwei", ws)] == [2]


def test_unchanged_update_makes_no_revision_and_failed_fn_saves_nothing(ws: Path) -> None:
    project = create_project("Ruhig", DUEL, workspace=ws)
    assert update_project("Ruhig", lambda p: p.company, workspace=ws) == ""
    assert open_project("Ruhig", ws).revision == project.revision

    def broken(p) -> None:  # noqa: ANN001
        p.company = "halb"
        raise ValueError("mittendrin")

    with pytest.raises(ValueError):
        update_project("Ruhig", broken, workspace=ws)
    assert open_project("Ruhig", ws).company == ""
