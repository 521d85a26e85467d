"""In a real browser: a reload (F5), a bookmark and a second tab keep the project and the
platform choice; the studio's labels are not cut off at 1280x800 and its own texts are German.

Screenshots land in ``tests/artifacts/<test>/``. Every wait is a condition, never a sleep.
"""

from __future__ import annotations

import re

import pytest

from studio_steps import choose, nav, settle
from toolkit.project import create_project, open_project

NAME = "Duell Bäckerei Reload"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _cut_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible texts cut off at the page's width: an ellipsis ("…") or a clipped overflow
    (labels, buttons, chosen options; a table's cells may be narrower than their text: the
    user widens the column or hovers)."""
    return page.evaluate("""() => [...document.querySelectorAll(
        "[data-testid='stMain'] *, [data-testid='stSidebar'] *")]
        .filter(e => e.offsetParent !== null && e.children.length <= 1 && e.innerText
                && !e.closest("[data-testid='stDataFrame']")
                && e.scrollWidth > e.clientWidth + 1
                && ['ellipsis', 'clip'].includes(getComputedStyle(e).textOverflow)
                && ['hidden', 'clip'].some(v => getComputedStyle(e).overflowX === v))
        .map(e => e.innerText.trim())""")


def _platforms(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The chosen platforms shown in the multiselect (its tags)."""
    box = page.locator(".st-key-export_platforms .react-aria-ComboBox")
    return box.locator("[data-tag] span[title]").evaluate_all(
        "tags => tags.map(t => t.getAttribute('title'))")


def test_reload_and_second_tab_keep_project_and_platforms(studio, browser_page, shots):
    from playwright.sync_api import expect

    url, workspace = studio
    page, errors = browser_page
    create_project(NAME, "mach-mal-duell", company="Bäckerei Müller", workspace=workspace)
    page.goto(url, timeout=120_000)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=120_000)
    choose(page, page.get_by_role("combobox", name="Aktuelles Projekt"), NAME)
    settle(page)
    nav(page, "Format & Export")
    expect(page.get_by_role("heading", name=f"Format & Export: {NAME}")).to_be_visible()
    settle(page)
    tags = page.locator(".st-key-export_platforms .react-aria-ComboBox [data-tag]")
    expect(tags).to_have_count(1, timeout=30_000)
    assert _platforms(page) == ["Instagram Reels (9:16)"]
    combo = page.locator(".st-key-export_platforms input")
    combo.click()
    page.get_by_role("option", name="YouTube (16:9)", exact=True).click()
    page.keyboard.press("Escape")
    expect(tags).to_have_count(2)
    page.wait_for_url("**platforms=youtube**", timeout=30_000)
    settle(page)
    shots(page, "chosen")
    saved = open_project(NAME, workspace).studio.platforms
    assert saved == ["reels", "youtube"], saved
    assert _cut_labels(page) == [], "a label is cut off at 1280x800"
    css_button = page.locator("[data-testid='stFileUploaderDropzone'] button p").first
    assert css_button.evaluate("e => getComputedStyle(e, '::after').content") == \
        '"Dateien wählen"'
    page.reload()  # F5
    expect(page.get_by_role("heading", name=f"Format & Export: {NAME}")).to_be_visible(
        timeout=120_000)
    settle(page)
    expect(page.get_by_role("combobox", name="Aktuelles Projekt")).to_have_value(NAME)
    expect(tags).to_have_count(2, timeout=30_000)
    assert _platforms(page) == ["Instagram Reels (9:16)", "YouTube (16:9)"]
    shots(page, "reloaded")
    second = page.context.new_page()  # a second tab at the same address (a bookmark)
    second.goto(page.url, timeout=120_000)
    expect(second.get_by_role("heading", name=f"Format & Export: {NAME}")).to_be_visible(
        timeout=120_000)
    settle(second)
    expect(second.locator(".st-key-export_platforms .react-aria-ComboBox [data-tag]")
           ).to_have_count(2, timeout=30_000)
    assert _platforms(second) == ["Instagram Reels (9:16)", "YouTube (16:9)"]
    shots(second, "second-tab")
    bare = page.context.new_page()  # a tab at the bare address: the last used project
    bare.goto(url, timeout=120_000)
    expect(bare.get_by_role("combobox", name="Aktuelles Projekt")).to_have_value(
        NAME, timeout=120_000)
    nav(bare, "Planen")
    expect(bare.get_by_role("heading", name=f"Planen: {NAME}")).to_be_visible()
    settle(bare)
    assert _cut_labels(bare) == [], "a label of the Plan page is cut off at 1280x800"
    shots(bare, "plan")
    for label, heading in (("Aufnahmen", "Aufnahmen"), ("Untertitel", "Untertitel"),
                           ("Start", "machmal")):
        nav(bare, label)
        expect(bare.get_by_role("heading", level=1, name=re.compile(heading))
               ).to_be_visible()
        settle(bare)
        assert _cut_labels(bare) == [], f"a label of the page {label} is cut off at 1280x800"
    # opening a page's own address (/export) Streamlit's client first asks for its server
    # files below that path, gets 404 and then finds them at the root: not an error of the app
    probes = ("/_stcore/host-config", "/_stcore/health", "status of 404")
    assert not [e for e in errors if not any(p in e for p in probes)], errors
