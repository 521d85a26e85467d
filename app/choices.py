"""The current project and the page choices in the URL and in the project.

A reload (F5), a bookmark and a second tab open the same project with the same choices:

* the URL carries ``?project=<folder>&platforms=reels&platforms=youtube&style=social&mode=smart
  &lang=de``; it is read once per browser session (:func:`read_url`) and written on every run
  (:func:`write_url`), so it also survives Streamlit clearing it on a page switch;
* the project keeps the choices (``project.studio``, saved by :func:`remember`), so a session
  that opens the project without them in the URL (another tab, the next day) gets them back
  (:func:`restore_choices`, which reads the project only when the current one changes); the
  URL wins over the project where both have one;
* a bare address opens the project last used in this workspace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from app.i18n import LANG_KEY, LANGUAGES
from app.state import PROJECT_KEY, current_project_name, workspace
from toolkit.errors import MachmalError
from toolkit.project import Project, list_projects
from toolkit.atomic import atomic_write_bytes

PLATFORMS_KEY = "export_platforms"
STYLE_KEY = "caption_style"
MODE_KEY = "export_mode"
DEFAULT_PLATFORMS = ["reels"]
# widget key -> (URL parameter, field of project.studio)
CHOICES: dict[str, tuple[str, str]] = {PLATFORMS_KEY: ("platforms", "platforms"),
                                       STYLE_KEY: ("style", "caption_style"),
                                       MODE_KEY: ("mode", "mode")}
_READ = "_url_read"
_FROM_URL = "_from_url"
_FOR = "_choices_for"
_FOLDER = "_choices_folder"
LAST_FILE = "studio-last.json"


def _valid(key: str) -> Callable[[Any], bool]:
    """Is a value of widget ``key`` one the page offers (a URL can carry anything)?"""
    if key == PLATFORMS_KEY:
        from toolkit.platforms import PRESETS

        return lambda v: isinstance(v, list) and bool(v) and all(p in PRESETS for p in v)
    if key == STYLE_KEY:
        from toolkit.captions.styles import list_styles

        return lambda v: v in list_styles()
    from app.export_parts import MODES

    return lambda v: v in MODES


def _projects() -> dict[str, str]:
    """Folder name -> display name of the workspace's projects."""
    return {folder.name: name for name, folder in list_projects(workspace())}


def _find(ref: str | None) -> str | None:
    """The display name of the project ``ref`` names (its folder or display name)."""
    if not ref:
        return None
    projects = _projects()
    return projects.get(ref) or (ref if ref in projects.values() else None)


def read_url() -> None:
    """Take project, choices and language from the URL (once per browser session; call before
    :func:`app.state.init_state`). Without a project in the URL a new session opens the
    workspace's last used project."""
    if st.session_state.get(_READ):
        return
    st.session_state[_READ] = True
    params = st.query_params
    name = _find(params.get("project"))
    if name is None and PROJECT_KEY not in st.session_state:
        name = _find(_last_project())
    if name:
        st.session_state[PROJECT_KEY] = name
    if params.get("lang") in LANGUAGES:
        st.session_state[LANG_KEY] = params.get("lang")
    found = set()
    for key, (param, _field) in CHOICES.items():
        values = params.get_all(param)
        value = values if key == PLATFORMS_KEY else (values[0] if values else None)
        if value and _valid(key)(value):
            st.session_state[key] = value
            found.add(key)
    st.session_state[_FROM_URL] = found


def choices_restored() -> bool:
    """Has :func:`restore_choices` already seen the current project? (Then the project need
    not be read again on this rerun.)"""
    return st.session_state.get(_FOR) == current_project_name()


def restore_choices(project: Project | None) -> None:
    """When the current project changes, its saved choices fill the page choices."""
    name = project.name if project is not None else None
    if st.session_state.get(_FOR) == name:
        return
    st.session_state[_FOR] = name
    st.session_state.pop(_FOLDER, None)
    from_url = st.session_state.pop(_FROM_URL, set())
    if project is None:
        return
    st.session_state[_FOLDER] = project.folder.name
    _remember_last(project)
    for key, (_param, field) in CHOICES.items():
        value = getattr(project.studio, field)
        if key not in from_url and value and _valid(key)(value):
            st.session_state[key] = value
    st.session_state.setdefault(PLATFORMS_KEY, list(DEFAULT_PLATFORMS))


def write_url() -> None:
    """Put the current project and choices into the URL (only when it differs)."""
    want: dict[str, Any] = {}
    folder = _current_folder()
    if folder:
        want["project"] = folder
    for key, (param, _field) in CHOICES.items():
        value = st.session_state.get(key)
        if value:
            want[param] = value
    want["lang"] = st.session_state.get(LANG_KEY)
    now = {k: (st.query_params.get_all(k) if isinstance(want[k], list) else
               st.query_params.get(k)) for k in want}
    if now != want or set(st.query_params.keys()) - set(want):
        st.query_params.from_dict(want)


def _current_folder() -> str | None:
    """The current project's folder: the one :func:`restore_choices` read, else (a project
    that could not be read) looked up in the workspace."""
    name = current_project_name()
    if not name:
        return None
    if st.session_state.get(_FOR) == name and _FOLDER in st.session_state:
        return st.session_state[_FOLDER]
    return next((f for f, n in _projects().items() if n == name), None)


def remember(key: str, shown_revision: int) -> None:
    """A choice widget's ``on_change``: keep its value in the project (only that field)."""
    from app.edits import save_change

    if not current_project_name():
        return
    value = st.session_state.get(key)
    field = CHOICES[key][1]
    save_change(lambda p: setattr(p.studio, field, value), shown_revision, field)


def _last_project() -> str | None:
    """The project last opened in this workspace (any browser)."""
    try:
        data = json.loads((workspace() / ".machmal" / LAST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("project") if isinstance(data, dict) else None


def _remember_last(project: Project) -> None:
    try:
        target = workspace() / ".machmal" / LAST_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, json.dumps({"project": project.folder.name}).encode())
    except (OSError, MachmalError, ValueError):
        pass  # only a convenience for the next bare address
