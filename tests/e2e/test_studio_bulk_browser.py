"""The bulk upload in a real browser: three clips of a shoot chosen at once, the proposed
shots checked, one corrected, all saved – three user actions after opening the page.

Screenshots land in ``tests/artifacts/<test>/``; any browser console error fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_steps import choose, create_project, nav, settle

NAME = "Duell Bulk E2E"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture()
def shoot(lavfi_clip, tmp_path: Path) -> list[Path]:  # noqa: ANN001
    """Two phone clips with a recording time (the later one has the smaller number) and a
    webcam clip without one, under the names the user sees."""
    made = []
    for name, freq, suffix, when in (("IMG_2.mp4", 440, ".mp4", "2025-03-14T10:00:00Z"),
                                     ("IMG_10.mp4", 550, ".mp4", "2025-03-14T09:00:00Z"),
                                     ("webcam.mkv", 660, ".mkv", None)):
        extra = ("-metadata", f"creation_time={when}") if when else ()
        source = lavfi_clip(seconds=1.0, size="96x160", audio=f"sin({freq}*2*PI*t)",
                            suffix=suffix, extra=extra)
        target = tmp_path / name
        target.write_bytes(source.read_bytes())
        made.append(target)
    return made


def test_bulk_upload_in_three_actions(studio, browser_page, shots, shoot):  # noqa: ANN001
    from playwright.sync_api import expect

    url, workspace = studio
    page, errors = browser_page
    page.goto(url)
    create_project(page, shots, NAME, "Bäckerei Müller")
    nav(page, "Aufnahmen")
    expect(page.get_by_text("0 von 14 Shots haben eine Aufnahme").first).to_be_visible()
    actions = 0

    page.locator("[class*='st-key-bulk_files'] input[type=file]").set_input_files(
        [str(p) for p in shoot])
    actions += 1
    rows = {p.name: page.get_by_role("combobox", name=f"Shot für „{p.name}“") for p in shoot}
    expect(rows["IMG_10.mp4"]).to_have_value("1. Kampfansage", timeout=60_000)
    expect(rows["IMG_2.mp4"]).to_have_value("2. Vorstellung Azubi")
    expect(rows["webcam.mkv"]).to_have_value("3. Vorstellung Ausbilder:in")
    settle(page)
    page.get_by_role("button", name="3 Aufnahme(n) speichern").scroll_into_view_if_needed()
    page.screenshot(path=str(shots(page, "proposed").with_name("03b-proposed-table.png")))

    choose(page, rows["webcam.mkv"], "12. Jetzt bewerben")
    actions += 1
    settle(page)
    page.get_by_role("button", name="3 Aufnahme(n) speichern").click()
    actions += 1
    expect(page.get_by_text("3 Aufnahme(n) gespeichert.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("3 von 14 Shots haben eine Aufnahme").first).to_be_visible()
    settle(page)
    shots(page, "saved")
    print(f"\nbulk upload of {len(shoot)} clips: {actions} user actions")

    from toolkit.project import open_project

    saved = open_project(NAME, workspace)
    assert {shot: [t.original_name for t in state.takes]
            for shot, state in saved.shots.items() if state.takes} == {
        "hook": ["IMG_10.mp4"], "vorstellung-azubi": ["IMG_2.mp4"], "cta": ["webcam.mkv"]}
    assert actions <= 3
    assert not errors, errors
