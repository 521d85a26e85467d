"""Steps a user takes in the studio, shared by the browser tests (Playwright, German UI).

Every wait is a condition (Playwright's auto-wait or ``expect`` with a timeout), never a fixed
sleep. ``page`` is a Playwright page, ``shots`` the screenshot fixture of ``conftest.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def settle(page: Any, timeout: float = 60_000) -> None:
    """Wait until the page's script run has finished: no element of an older run is left.

    Call it after waiting for something the new run shows (before that, the run may not have
    started yet); then the next input goes to the page as it is now, not to a stale copy.
    """
    from playwright.sync_api import expect

    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=timeout)


def nav(page: Any, label: str) -> None:
    """Open the sidebar page ``label`` and wait for its heading.

    The page being left has shown its pictures first (as a user sees them): Streamlit drops a
    page's media files when the next page has run, so a picture still loading then answers 404.
    """
    from playwright.sync_api import expect

    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=60_000)
    page.get_by_role("link", name=label).first.click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def choose(page: Any, combobox: Any, option: str) -> None:
    """Pick ``option`` (its visible text) in a selectbox (``combobox``: its input's locator,
    e.g. ``page.get_by_role("combobox", name="Rolle")``)."""
    from playwright.sync_api import expect

    if combobox.input_value() == option:
        return  # already chosen: typing the same text would not open the list
    combobox.click()
    combobox.fill(option)  # typing filters the list down to the option
    page.get_by_role("option", name=option, exact=True).click()
    expect(combobox).to_have_value(option)


def create_project(page: Any, shots: Any, name: str, company: str, trade: str = "") -> None:
    """From the start page: choose the duel template and create project ``name``."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="machmal – Azubi-Videos leicht gemacht")
           ).to_be_visible(timeout=60_000)
    shots(page, "start")
    page.locator(".st-key-tpl-mach-mal-duell button").click()
    expect(page.get_by_text("Gewählte Vorlage: Mach mal – das Duell")).to_be_visible()
    page.get_by_label("Projektname").fill(name)
    page.get_by_label("Firma", exact=True).fill(company)
    if trade:
        page.get_by_label("Ausbildungsberuf", exact=True).fill(trade)
    page.get_by_role("button", name="Projekt anlegen").click()
    expect(page.get_by_text(f"Projekt „{name}“ angelegt")).to_be_visible(timeout=30_000)
    settle(page)
    shots(page, "project-created")


def upload_take(page: Any, shot_id: str, clip: Path, done: int, total: int) -> None:
    """Upload ``clip`` for the shot chosen on the Upload page; wait for the new shot count."""
    from playwright.sync_api import expect

    page.locator(f".st-key-files-{shot_id} input[type=file]").set_input_files(str(clip))
    expect(page.get_by_role("button", name=f"Remove {clip.name}")).to_be_visible()
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text(f"{done} von {total} Shots haben eine Aufnahme").first
           ).to_be_visible(timeout=60_000)
    settle(page)
    # the take's preview has loaded (as a user watches it) before the page moves on
    page.wait_for_function("() => [...document.querySelectorAll('video')]"
                           ".every(v => v.readyState >= 1)", timeout=30_000)


def bulk_upload(page: Any, clips: list[Path], proposed: dict[str, str] | None = None,
                corrections: dict[str, str] | None = None, shots: Any = None) -> int:
    """On the Upload page: choose all ``clips`` at once, check the ``proposed`` shot of each
    file name (the option's visible text, e.g. ``"1. Kampfansage"``), apply ``corrections``
    (file name -> option text) and save them all (``shots``: screenshot the table first).
    Returns the user actions it took."""
    from playwright.sync_api import expect

    page.locator("[class*='st-key-bulk_files'] input[type=file]").set_input_files(
        [str(c) for c in clips])
    actions = 1
    rows = {c.name: page.get_by_role("combobox", name=f"Shot für „{c.name}“") for c in clips}
    expect(rows[clips[0].name]).to_be_visible(timeout=120_000)
    for name, option in (proposed or {}).items():
        expect(rows[name]).to_have_value(option)
    settle(page)
    save = page.get_by_role("button", name=re.compile(r"^\d+ Aufnahmen? speichern$"))
    if shots is not None:
        save.scroll_into_view_if_needed()
        shots(page, "bulk-proposed")
    for name, option in (corrections or {}).items():
        choose(page, rows[name], option)
        actions += 1
        settle(page)
    save.click()
    actions += 1
    expect(page.get_by_text(re.compile(r"^\d+ Aufnahmen? gespeichert\.$"))
           ).to_be_visible(timeout=300_000)
    settle(page)
    return actions


def download(page: Any, button: Any, folder: Path) -> Path:
    """Click a download ``button``; the served file saved in ``folder``."""
    with page.expect_download(timeout=60_000) as info:
        button.click()
    target = folder / info.value.suggested_filename
    folder.mkdir(parents=True, exist_ok=True)
    info.value.save_as(target)
    return target
