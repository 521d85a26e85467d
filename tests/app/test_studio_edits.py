"""No lost edit from the app: two tabs on the Plan page, each saving against what it showed."""

from __future__ import annotations

from studio_helpers import PROJECT, texts
from toolkit.project import open_project


def _save(at, form: str):  # noqa: ANN001, ANN202
    return at.button(key=f"{form}-save").click().run()


def test_another_tabs_change_to_another_field_is_kept(page, project, workspace):
    first, second = page("plan", project=PROJECT), page("plan", project=PROJECT)
    second.text_input(key="ph-aufgabe").set_value("Brezeln schlingen")
    _save(second, "values")
    assert open_project(PROJECT, workspace).placeholders["aufgabe"] == "Brezeln schlingen"
    # the first tab still shows the old (empty) task and changes the company only
    assert first.text_input(key="ph-aufgabe").value == ""
    first.text_input(key="v-company").set_value("Konditorei Schmidt")
    _save(first, "values")
    assert not first.exception, first.exception
    saved = open_project(PROJECT, workspace)
    assert saved.company == "Konditorei Schmidt"
    assert saved.placeholders["aufgabe"] == "Brezeln schlingen", "the other tab's edit is kept"
    assert any("Gespeichert" in s for s in texts(first, "success"))
    assert first.text_input(key="ph-aufgabe").value == "Brezeln schlingen", "now shown here too"
    assert not first.get("dataframe")


def test_the_same_field_changed_in_two_tabs_is_a_conflict_with_both_values(page, project,
                                                                           workspace):
    first, second = page("plan", project=PROJECT), page("plan", project=PROJECT)
    second.text_input(key="v-trade").set_value("Konditor:in")
    _save(second, "values")
    first.text_input(key="v-trade").set_value("Bäckereifachverkäufer:in")
    first.text_input(key="v-url").set_value("https://example.org/jobs")
    _save(first, "values")
    assert not first.exception, first.exception
    saved = open_project(PROJECT, workspace)
    assert saved.trade == "Konditor:in", "never silently overwritten"
    assert saved.cta.url == "", "nothing of the refused edit is saved yet"
    assert any("Gleichzeitig geändert" in w and "Beruf" in w for w in texts(first, "warning"))
    table = first.dataframe[0].value
    row = table.iloc[0]
    assert (row["Meine Änderung"], row["Anderer Tab"]) == ("Bäckereifachverkäufer:in",
                                                            "Konditor:in")
    first.button(key="conflict-mine").click().run()
    saved = open_project(PROJECT, workspace)
    assert (saved.trade, saved.cta.url) == ("Bäckereifachverkäufer:in",
                                            "https://example.org/jobs")
    assert not first.get("dataframe"), "the conflict is settled"


def test_keeping_the_other_tabs_value_saves_nothing_of_mine(page, project, workspace):
    first, second = page("plan", project=PROJECT), page("plan", project=PROJECT)
    second.text_input(key="v-company").set_value("Zweiter Tab GmbH")
    _save(second, "values")
    first.text_input(key="v-company").set_value("Erster Tab GmbH")
    _save(first, "values")
    revision = open_project(PROJECT, workspace).revision
    first.button(key="conflict-theirs").click().run()
    saved = open_project(PROJECT, workspace)
    assert (saved.company, saved.revision) == ("Zweiter Tab GmbH", revision)
    assert first.text_input(key="v-company").value == "Zweiter Tab GmbH"


def test_a_verdict_from_a_stale_tab_keeps_the_other_tabs_edit(page, workspace, tmp_path):
    from render_fixtures import make_clip, new_project
    from toolkit.project import add_take

    duel = new_project(workspace)
    add_take(duel, "hook", make_clip(tmp_path / "g.mp4", 1.0, "green"))
    add_take(duel, "runde-1", make_clip(tmp_path / "b.mp4", 1.0, "gray"))
    plan = page("plan", project=duel.name)
    export = page("export", project=duel.name)
    plan.text_input(key="v-company").set_value("Neue Bäckerei")
    _save(plan, "values")
    export.radio(key="verdict-runde-1").set_value("draw").run()
    saved = open_project(duel.name, workspace)
    assert (saved.company, saved.edit.verdict) == ("Neue Bäckerei", {"runde-1": "draw"})


def test_a_range_saved_elsewhere_shows_at_once_and_is_not_written_back(page, project,
                                                                       workspace, tmp_path):
    """Auto-trim (a job) or another tab sets the take's range: the slider shows it on the
    next run, and "Ausschnitt übernehmen" does not write the old range back."""
    from render_fixtures import make_clip
    from toolkit.project import add_take, update_project
    from toolkit.project.trim_takes import set_take_range

    add_take(project, "hook", make_clip(tmp_path / "h.mp4", 4.0, "green"))
    at = page("upload", project=PROJECT)
    at.selectbox(key="upload_shot").set_value("hook").run()
    shown = at.slider(key="range-hook-01").value
    update_project(PROJECT, lambda p: set_take_range(p, "hook-01", 1.0, 2.5),
                   workspace=workspace)  # what the auto-trim job does in its worker
    assert shown != (1.0, 2.5)
    at.run()
    assert at.slider(key="range-hook-01").value == (1.0, 2.5), "visible without a reload"
    at.button(key="apply-hook-01").click().run()
    take = open_project(PROJECT, workspace).shots["hook"].takes[0]
    assert (take.start, take.end) == (1.0, 2.5)
