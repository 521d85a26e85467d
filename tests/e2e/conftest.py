"""Fixtures of the real-browser tests: the studio served by ``streamlit run`` on a free port
with a temporary workspace, and Debian's Chromium driven by Playwright (never downloaded)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MACHMAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
ARTIFACTS = REPO / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@pytest.fixture()
def studio(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``(url, workspace)`` of a studio server started for this test (stopped afterwards)."""
    workspace = tmp_path / "workspace"
    port = _free_port()
    env = {**os.environ, "MACHMAL_WORKSPACE": str(workspace), "PYTHONUNBUFFERED": "1"}
    log = (tmp_path / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, timeout=60)
        yield url, workspace
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the job worker it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        print(f"\nstreamlit log: {tmp_path / 'streamlit.log'}")


@pytest.fixture()
def browser_page(request: pytest.FixtureRequest) -> Iterator[tuple[object, list[str]]]:
    """``(page, console_errors)``: a Chromium page at 1280x800; errors collected as they come."""
    if not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"no system Chromium at {CHROMIUM} (install the Debian package chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    errors: list[str] = []
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True, locale="de-DE")
        page = context.new_page()
        page.on("console", lambda msg: errors.append(f"console: {msg.text}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        page.on("response", lambda response: errors.append(
            f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
        try:
            yield page, errors
        finally:
            context.close()
            browser.close()


@pytest.fixture()
def shots(request: pytest.FixtureRequest) -> Iterator[object]:
    """``shots(page, name)`` saves a numbered full-page screenshot as a test artifact."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = [0]

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        count[0] += 1
        path = folder / f"{count[0]:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    yield take
    print(f"\nscreenshots: {folder}")
