"""The bulk upload in a real browser: three clips of a shoot chosen at once, the proposed
shots checked, one corrected, all saved – three user actions after opening the page.

Screenshots land in ``tests/artifacts/<test>/``; any browser console error fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_steps import bulk_upload, create_project, nav

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
    actions = bulk_upload(page, shoot,
                          proposed={"IMG_10.mp4": "1. Kampfansage",
                                    "IMG_2.mp4": "2. Vorstellung Azubi",
                                    "webcam.mkv": "3. Vorstellung Ausbilder:in"},
                          corrections={"webcam.mkv": "12. Jetzt bewerben"}, shots=shots)
    expect(page.get_by_text("3 Aufnahmen gespeichert.")).to_be_visible()
    expect(page.get_by_text("3 von 14 Shots haben eine Aufnahme").first).to_be_visible()
    shots(page, "saved")
    print(f"\nbulk upload of {len(shoot)} clips: {actions} user actions")

    from toolkit.project import open_project

    saved = open_project(NAME, workspace)
    assert {shot: [t.original_name for t in state.takes]
            for shot, state in saved.shots.items() if state.takes} == {
        "hook": ["IMG_10.mp4"], "vorstellung-azubi": ["IMG_2.mp4"], "cta": ["webcam.mkv"]}
    assert actions <= 3
    assert not errors, errors
