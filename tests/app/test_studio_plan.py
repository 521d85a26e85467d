"""Plan page: storyboard with coaching, placeholders, people and consent, brand kit, downloads."""

from __future__ import annotations

import io
import zipfile

from studio_helpers import PROJECT, texts
from toolkit.project import open_project


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_without_project_the_page_asks_for_one(page):
    at = page("plan")
    assert not at.exception
    assert any("Projekt anlegen" in i for i in texts(at, "info"))


def test_storyboard_shows_every_shot_with_tips_and_checklist(page, project):
    at = page("plan", project=PROJECT)
    assert not at.exception
    assert at.title[0].value == f"Planen: {PROJECT}"
    from toolkit.project import project_template

    shots = project_template(project).shots()
    assert len(at.expander) == len(shots)
    assert any("Noch offen" in w for w in texts(at, "warning"))
    assert at.checkbox, "checklist items are tick boxes"


def test_what_is_still_open_is_said_in_words(page, project):
    """A company reads what to fill in, not placeholder names like ``{defender_name}``."""
    at = page("plan", project=PROJECT)
    warning = next(w for w in texts(at, "warning") if "Noch offen" in w)
    assert "{" not in warning and "_name" not in warning, warning
    for wanted in ("Die Duell-Aufgabe (kurz)", "Zeitlimit pro Runde",
                   "Bewerbungs-Link (URL)",
                   "Name für „Titelverteidiger:in (Ausbilder:in)“",
                   "Name für „Herausforderer:in (Azubi)“"):
        assert wanted in warning, warning


def test_placeholders_and_call_to_action_are_saved(page, project, workspace):
    at = page("plan", project=PROJECT)
    at.text_input(key="ph-aufgabe").set_value("Brezeln schlingen")
    at.text_input(key="ph-zeit").set_value("60 Sekunden")
    inputs = {t.label: t for t in at.text_input}
    inputs["Bewerbungs-Link (URL)"].set_value("https://example.com/ausbildung")
    _button(at, "Speichern").click().run()
    assert not at.exception
    saved = open_project(PROJECT, workspace)
    assert saved.placeholders["aufgabe"] == "Brezeln schlingen"
    assert saved.placeholders["zeit"] == "60 Sekunden"
    assert saved.cta.url == "https://example.com/ausbildung"
    assert any("Gespeichert" in s for s in texts(at, "success"))


def test_person_with_role_and_consent(page, project, workspace):
    at = page("plan", project=PROJECT)
    inputs = {t.label: t for t in at.text_input}
    inputs["Name"].set_value("Lena")
    boxes = {s.label: s for s in at.selectbox}
    boxes["Rolle"].set_value("challenger")
    boxes["Einwilligung"].set_value(True)
    _button(at, "Person hinzufügen").click().run()
    assert not at.exception
    person = open_project(PROJECT, workspace).person("Lena")
    assert person is not None and person.role == "challenger" and person.consent.given is True
    at.selectbox(key=f"consent-{person.id}").set_value(False).run()
    assert open_project(PROJECT, workspace).person("Lena").consent.given is False


def test_empty_person_name_is_refused_with_a_message(page, project, workspace):
    at = page("plan", project=PROJECT)
    _button(at, "Person hinzufügen").click().run()
    assert not at.exception
    assert texts(at, "error")
    assert open_project(PROJECT, workspace).people == []


def test_brand_colours_and_a_bad_logo(page, project, workspace):
    at = page("plan", project=PROJECT)
    at.color_picker[0].set_value("#123456")
    at.file_uploader[0].set_value(("logo.png", b"not an image", "image/png"))
    buttons = [b for b in at.button if b.label == "Speichern"]
    buttons[1].click().run()
    assert not at.exception
    assert any("logo.png" in e for e in texts(at, "error"))
    assert open_project(PROJECT, workspace).brand.primary != "#123456", "nothing half-saved"
    at.file_uploader[0].set_value(None)
    at.color_picker[0].set_value("#123456")
    [b for b in at.button if b.label == "Speichern"][1].click().run()
    assert open_project(PROJECT, workspace).brand.primary == "#123456"


def test_shot_list_pdf_and_workshop_pack(page, project):
    at = page("plan", project=PROJECT)
    at.button(key="make_shotlist").click().run()
    at.button(key="make_pack").click().run()
    assert not at.exception
    assert at.session_state["shotlist_pdf"].startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(at.session_state["workshop_zip"])) as zf:
        assert any(n.endswith(".pdf") for n in zf.namelist())
    labels = [d.label for d in at.get("download_button")]
    assert "Shotliste herunterladen" in labels and "Workshop-Paket herunterladen" in labels


def test_plan_page_in_english(page, project):
    at = page("plan", project=PROJECT, lang="en")
    assert not at.exception
    assert at.title[0].value == f"Plan: {PROJECT}"
    assert "Add person" in [b.label for b in at.button]


def test_undo_in_the_sidebar_brings_back_the_state_before(page, project, workspace):
    at = page("plan", project=PROJECT)
    at.text_input(key="ph-aufgabe").set_value("Brezeln schlingen")
    _button(at, "Speichern").click().run()
    assert open_project(PROJECT, workspace).placeholders.get("aufgabe") == "Brezeln schlingen"
    at.sidebar.button(key="undo").click().run()
    assert not at.exception
    assert "aufgabe" not in open_project(PROJECT, workspace).placeholders
    assert any("Rückgängig" in s for s in texts(at, "success"))
    at.sidebar.button(key="undo").click().run()
    at.sidebar.button(key="undo").click().run()
    assert not at.exception, "nothing left to undo is a message, not a traceback"


def test_stale_edit_from_another_tab_is_merged(page, project, workspace):
    from toolkit.project import update_project

    at = page("plan", project=PROJECT)
    update_project(PROJECT, lambda p: setattr(p, "trade", "Konditor:in"), workspace=workspace)
    at.text_input(key="ph-aufgabe").set_value("Torte")
    _button(at, "Speichern").click().run()
    assert not at.exception
    saved = open_project(PROJECT, workspace)
    assert saved.placeholders["aufgabe"] == "Torte"
    assert saved.trade == "Konditor:in", "the other tab's change is kept"


def test_open_position_for_the_showcase(page, project, workspace):
    import datetime as dt

    at = page("plan", project=PROJECT)
    inputs = {t.label: t for t in at.text_input}
    inputs["Ort"].set_value("Lingen (Ems)")
    inputs["Link zur Bewerbung"].set_value("keine-url")
    at.date_input[0].set_value(dt.date(2026, 8, 1))
    [b for b in at.button if b.label == "Speichern"][-1].click().run()
    assert not at.exception
    assert texts(at, "error"), "a bad link is refused with a message"
    inputs = {t.label: t for t in at.text_input}
    inputs["Link zur Bewerbung"].set_value("https://example.com/bewerben")
    [b for b in at.button if b.label == "Speichern"][-1].click().run()
    saved = open_project(PROJECT, workspace)
    assert saved.position.location == "Lingen (Ems)"
    assert saved.position.start == dt.date(2026, 8, 1)
    assert saved.position.apply_url == "https://example.com/bewerben"
