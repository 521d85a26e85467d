"""The studio in a real browser: from a new duel project to a downloaded 9:16 video.

Steps (a screenshot of each lands in ``tests/artifacts/<test>/``): create a duel project from
the gallery, upload a clip for the hook shot, transcribe it, render for Reels, download the
MP4 and check that it is a playable 1080x1920 video of the take's length. Any browser console
error fails the test. Every wait is a condition (Playwright's auto-wait / ``expect``), never a
fixed sleep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_steps import create_project, download, nav

REPO = Path(__file__).resolve().parents[2]
CLIP = REPO / "sample_media" / "sprache_de_hochformat.mp4"
NAME = "Duell Bäckerei E2E"
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.model]


def _upload(page, shots) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Aufnahmen")
    expect(page.get_by_text("0 von 14 Shots haben eine Aufnahme").first).to_be_visible()
    page.locator(".st-key-files-hook input[type=file]").set_input_files(str(CLIP))
    expect(page.get_by_role("button", name=f"Remove {CLIP.name}")).to_be_visible()
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("1 Aufnahme(n) gespeichert.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("1 von 14 Shots haben eine Aufnahme").first).to_be_visible()
    shots(page, "uploaded")


def _subtitles(page, shots) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Untertitel")
    page.get_by_role("button", name="Transkribieren").click()
    expect(page.get_by_role("button", name="Änderungen speichern")
           ).to_be_visible(timeout=300_000)
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.get_by_text("Transkript gespeichert.")).to_be_visible(timeout=30_000)
    shots(page, "subtitles")


def _render_and_download(page, shots, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    nav(page, "Format & Export")
    expect(page.get_by_text("Noch nichts exportiert.")).to_be_visible()
    page.get_by_role("button", name="Einzelnen Take exportieren").click()
    download_button = page.get_by_role("button", name="MP4 herunterladen (reels)")
    expect(download_button).to_be_visible(timeout=600_000)
    shots(page, "rendered")
    target = download(page, download_button, tmp_path / "download")
    shots(page, "downloaded")
    return target


def _check_video(path: Path) -> None:
    import av

    from toolkit.media.probe import probe

    assert path.name == "reels.mp4"
    info = probe(path)
    assert (info.video.display_width, info.video.display_height) == (1080, 1920)
    assert abs(info.duration - probe(CLIP).duration) < 0.3
    assert info.has_audio
    with av.open(str(path)) as container:  # playable: frames decode from start to end
        frames = sum(1 for _ in container.decode(video=0))
    assert frames >= int(info.duration * info.video.fps) - 2


def _tablet(page, shots) -> None:  # type: ignore[no-untyped-def]
    """Every page at 820x1180 without sideways scrolling."""
    page.set_viewport_size({"width": 820, "height": 1180})
    for label in ("Start", "Planen", "Aufnahmen", "Untertitel", "Format & Export",
                  "Schnell-Untertitel", "Trainer"):
        link = page.get_by_role("link", name=label).first
        if not link.is_visible():
            page.locator("[data-testid='stExpandSidebarButton'], "
                         "[data-testid='stSidebarCollapsedControl'] button").first.click()
        nav(page, label)
        width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        shots(page, f"tablet-{label.split()[0].lower()}")
        assert width <= 1, f"{label}: {width} px wider than a tablet screen"


def test_duel_from_template_to_downloaded_reels_video(studio, browser_page, shots, tmp_path):
    url, workspace = studio
    page, errors = browser_page
    page.goto(url)
    create_project(page, shots, NAME, "Bäckerei Müller")
    _upload(page, shots)
    _subtitles(page, shots)
    video = _render_and_download(page, shots, tmp_path)
    _check_video(video)
    stored = next(workspace.glob("*/exports/reels.mp4"))
    assert stored.read_bytes() == video.read_bytes()
    _tablet(page, shots)
    assert not errors, "\n".join(errors)
