"""Fixtures of the studio tests: a temporary workspace, AppTest on one page, waiting for jobs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from studio_helpers import PROJECT, wait_idle
from toolkit.project import Project, create_project

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")



@pytest.fixture(scope="session", autouse=True)
def studio_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh machmal cache (transcripts, picture analyses) for the studio tests."""
    folder = tmp_path_factory.mktemp("studio-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MACHMAL_CACHE", str(folder))
        yield folder


@pytest.fixture()
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty workspace the studio uses (``MACHMAL_WORKSPACE``)."""
    folder = tmp_path / "workspace"
    monkeypatch.setenv("MACHMAL_WORKSPACE", str(folder))
    yield folder
    wait_idle(folder, timeout=120)  # no job of this test keeps running into the next one


@pytest.fixture()
def project(workspace: Path) -> Project:
    """A duel project without takes."""
    return create_project(PROJECT, "mach-mal-duell", company="Bäckerei Müller",
                          trade="Bäcker:in", workspace=workspace)


PageFactory = Callable[..., AppTest]


@pytest.fixture()
def page(workspace: Path) -> PageFactory:
    """``page("upload", project="Duell Bäckerei", lang="de")``: AppTest showing that page."""

    def open_page(name: str, project: str | None = None, lang: str = "de") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["lang"] = lang
        at.session_state["project"] = project
        at.run()
        assert not at.exception, at.exception
        at.switch_page(f"app/pages/{name}.py").run()
        return at

    return open_page
