"""The showcase in a real headless Chromium (Debian's, through Playwright), opened from the
folder (file://) and from a local static server."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from showcase_data import HOSTILE

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
BERLIN = ZoneInfo("Europe/Berlin")

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no system Chromium at {CHROMIUM} (apt install chromium)")]

PROGRAMME = """\
title: Ausbildungsmesse Sommer
slots:
  - start: 2026-07-15T09:00
    end: 2026-07-15T09:30
    company: Bäckerei Müller
    trade: Bäcker:in
    link: https://example.org/live/baeckerei
  - start: 2026-07-15T09:30
    end: 2026-07-15T10:00
    company: Autohaus Schmidt
    project: Duell Kfz
  - start: 2026-07-15T10:00
    end: 2026-07-15T10:45
    company: "<b>Elektro</b> Weber"
    link: https://example.org/live/elektro
"""


@pytest.fixture(scope="module")
def built(showcase_workspace: Path, tmp_path_factory: pytest.TempPathFactory):
    from toolkit.showcase import build_showcase

    folder = tmp_path_factory.mktemp("browser-site")
    programme = folder / "programm.yaml"
    programme.write_text(PROGRAMME, encoding="utf-8")
    return build_showcase(["Duell Bäckerei", "Duell Kfz", "Duell Elektro"], folder / "site",
                          fair=programme, workspace=showcase_workspace)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built.out_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=["file", "http"])
def base(request, built) -> str:
    if request.param == "file":
        return built.out_dir.as_uri() + "/"
    return request.getfixturevalue("server")


class Visit:
    """A page with everything it logged and requested."""

    def __init__(self, browser, base: str, **context_args: object) -> None:
        self.base = base
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str) -> object:
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, base) -> Iterator[Visit]:
    v = Visit(browser, base)
    yield v
    v.close()


def test_pages_load_without_errors_or_outside_requests(visit: Visit):
    page = visit.open("index.html")
    assert page.title() and page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/index.en.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".card a").first.click()
    page.wait_for_url("**/v/*.en.html")
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    assert visit.errors == []
    assert visit.outside() == []
    assert any(u.endswith("media/duell-baeckerei.mp4") for u in visit.requests)


def test_video_plays_and_caption_track_loads_cues(visit: Visit):
    page = visit.open("v/duell-baeckerei.html")
    page.wait_for_function("() => { const t = document.querySelector('track');"
                           " return t && t.readyState === 2 && t.track.cues.length > 0; }")
    cues = page.evaluate("() => Array.from(document.querySelector('track').track.cues,"
                         " c => c.text)")
    assert cues == ["Wer schlingt die Brezel schneller?", "Jetzt bewerben!"]
    assert page.evaluate("() => document.querySelector('video').textTracks[0].mode") == "showing"
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true;"
                  " return v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5",
                           timeout=20_000)
    assert visit.errors == [] and visit.outside() == []


def test_hostile_company_name_is_text(visit: Visit):
    page = visit.open("v/duell-baeckerei.html")
    assert page.locator(".detail .company").inner_text() == HOSTILE
    page = visit.open("index.html")
    assert page.locator(".hero .company").inner_text() == HOSTILE
    assert page.locator("script").count() == 1  # only assets/showcase.js
    assert page.locator(".slot-company").nth(2).inner_text() == "<b>Elektro</b> Weber"
    assert visit.dialogs == [] and visit.errors == []


def test_project_without_consent_left_out_and_named(built, visit: Visit):
    assert [e.name for e in built.excluded] == ["Duell Elektro"]
    assert "Max" in built.excluded[0].reason
    page = visit.open("index.html")
    assert page.get_by_text("Duell Elektro").count() == 0
    titles = page.locator(".card-title").all_inner_texts()
    assert set(titles) == {"Duell Bäckerei", "Duell Kfz"}


def test_fair_marks_live_and_next_for_a_fixed_clock(browser, base):
    visit = Visit(browser, base, timezone_id="America/New_York")  # visitor far away
    try:
        visit.page.clock.install(time=dt.datetime(2026, 7, 15, 9, 10, tzinfo=BERLIN))
        page = visit.open("index.html")
        live = page.locator(".slot.is-live")
        page.wait_for_function("() => document.querySelector('.slot.is-live') !== null")
        assert live.count() == 1 and live.locator(".slot-company").inner_text() == \
            "Bäckerei Müller"
        assert live.locator(".slot-badge").inner_text().lower() == "jetzt live"
        nxt = page.locator(".slot.is-next")
        assert nxt.count() == 1 and nxt.locator(".slot-company").inner_text() == \
            "Autohaus Schmidt"
        assert "Mi 15.07., 09:00–09:30" in page.locator(".slot").first.inner_text()
        assert nxt.locator("a").get_attribute("href") == "v/duell-kfz.html"
        page.clock.fast_forward("25:00")  # 09:35: the page re-marks itself every 30 s
        page.wait_for_function("() => document.querySelector('.slot.is-live .slot-company')"
                               ".textContent === 'Autohaus Schmidt'")
        assert page.locator(".slot.is-next .slot-company").inner_text() == "<b>Elektro</b> Weber"
        assert page.locator(".slot.is-past").count() == 1
        assert visit.errors == []
    finally:
        visit.close()


def test_keyboard_navigation_and_alt_texts(visit: Visit):
    page = visit.open("index.html")
    alts = page.locator("img").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert alts and all(a.startswith("Titelbild des Videos") for a in alts)
    cards = page.locator(".card a")
    cards.first.focus()
    page.keyboard.press("ArrowDown")
    second_row = page.locator(".cards").nth(1).locator(".card a").first
    assert second_row.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowUp")
    assert cards.first.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/v/duell-baeckerei.html")
