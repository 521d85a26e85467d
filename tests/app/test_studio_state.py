"""State that survives: project and page choices in the URL and the project (reload, bookmark,
second tab)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from studio_helpers import PROJECT
from toolkit.project import open_project

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _session(query: dict[str, object] | None = None) -> AppTest:
    """A new browser session (a reload, a bookmark or a second tab) at ``query``."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["show_previews"] = False
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _url(at: AppTest) -> dict[str, object]:
    return {k: v for k, v in at.query_params.items()}


def test_reload_bookmark_and_second_tab_keep_project_and_choices(project, workspace):
    other = "Zweites Projekt"
    from toolkit.project import create_project

    create_project(other, "mach-mal-duell", workspace=workspace)
    first = _session()
    first.sidebar.selectbox(key="sidebar_project").set_value(PROJECT).run()
    first.switch_page("app/pages/export.py").run()
    assert first.multiselect(key="export_platforms").value == ["reels"]
    first.multiselect(key="export_platforms").set_value(["reels", "youtube"]).run()
    first.selectbox(key="caption_style").set_value("box").run()
    first.selectbox(key="export_mode").set_value("center").run()
    assert not first.exception, first.exception
    url = _url(first)
    print("URL", url)
    saved = open_project(PROJECT, workspace).studio
    assert (saved.platforms, saved.caption_style, saved.mode) == (["reels", "youtube"], "box",
                                                                   "center")
    reloaded = _session(url)  # F5 or a bookmark: a new session at the same address
    assert reloaded.session_state["project"] == PROJECT
    reloaded.switch_page("app/pages/export.py").run()
    assert reloaded.multiselect(key="export_platforms").value == ["reels", "youtube"]
    assert reloaded.selectbox(key="caption_style").value == "box"
    assert reloaded.selectbox(key="export_mode").value == "center"
    bare = _session()  # a second tab at the bare address: the last project, its choices
    assert bare.session_state["project"] == PROJECT
    bare.switch_page("app/pages/export.py").run()
    assert bare.multiselect(key="export_platforms").value == ["reels", "youtube"]
    other_tab = _session({"project": url["project"], "platforms": "tiktok"})
    other_tab.switch_page("app/pages/export.py").run()
    assert other_tab.multiselect(key="export_platforms").value == ["tiktok"], "the URL wins"
    assert other_tab.selectbox(key="export_mode").value == "center", "the rest from the project"


def test_a_rerun_lists_the_projects_once_and_reads_the_project_once(project, workspace,
                                                                    monkeypatch):
    """The sidebar's project list also gives the URL its folder, and the page choices are
    restored only when the project changes: a rerun of a page lists the workspace once (the
    sidebar) and reads the project once (the page itself)."""
    import app.state
    import toolkit.project.store as store

    calls = {"list": 0, "open": 0}
    real_folders, real_open = store.project_folders, app.state.open_project

    def folders(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls["list"] += 1
        return real_folders(*args, **kwargs)

    def opened(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls["open"] += 1
        return real_open(*args, **kwargs)

    monkeypatch.setattr(store, "project_folders", folders)
    monkeypatch.setattr(app.state, "open_project", opened)
    at = _session()
    at.sidebar.selectbox(key="sidebar_project").set_value(PROJECT).run()
    at.switch_page("app/pages/export.py").run()
    calls.update(list=0, open=0)
    at.run()
    assert not at.exception, at.exception
    assert calls == {"list": 1, "open": 1}
    assert _url(at)["project"] == open_project(PROJECT, workspace).folder.name
