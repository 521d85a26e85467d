"""Session state of the studio, initialised once per browser session, and project access.

Everything that outlives a rerun is on disk (projects, job records); the session only keeps
choices: language, workspace, current project, the job ids a page is waiting for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from app.i18n import DEFAULT_LANG, LANG_KEY
from toolkit.project import (Project, list_projects, open_project, update_project,
                             workspace_dir)

T = TypeVar("T")
PROJECT_KEY = "project"
WORKSPACE_KEY = "workspace"
KEPT_CHOICES = ("caption_style", "subs_lang", "export_platforms", "export_mode")
"""Widget keys of choices that outlive their page (the Subtitles page's caption style and
spoken language are used by the render on Format & export; platforms and framing mode are kept
in the URL and the project, see :mod:`app.choices`)."""


def init_state() -> None:
    """Set the session's defaults (only keys not set yet)."""
    st.session_state.setdefault(LANG_KEY, DEFAULT_LANG)
    st.session_state.setdefault(WORKSPACE_KEY, str(workspace_dir()))
    st.session_state.setdefault(PROJECT_KEY, None)


def keep_choices() -> None:
    """Keep the :data:`KEPT_CHOICES` when their page is left (call before the page runs).

    Streamlit forgets a widget's value once a run does not show the widget; saving the key
    again on every run makes it plain session state that outlives the page (the documented
    way for multipage apps).
    """
    for key in KEPT_CHOICES:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def workspace() -> Path:
    """The workspace folder of this session."""
    return Path(st.session_state.get(WORKSPACE_KEY) or workspace_dir())


def project_names() -> list[str]:
    """Display names of the workspace's projects."""
    return [name for name, _folder in list_projects(workspace())]


def current_project_name() -> str | None:
    """The name of the project chosen in the sidebar (None: none chosen)."""
    return st.session_state.get(PROJECT_KEY)


def select_project(name: str | None) -> None:
    """Make ``name`` the current project."""
    st.session_state[PROJECT_KEY] = name


def load_current() -> Project | None:
    """The current project, freshly read from disk (None when none is chosen)."""
    name = current_project_name()
    return open_project(name, workspace()) if name else None


def edit_project(fn: Callable[[Project], T], expected_revision: int | None = None) -> T:
    """Run ``fn`` on the current project as one locked read-modify-write and save it.

    ``expected_revision`` is the revision the page showed: changes saved meanwhile (another
    tab, a job) are merged, a change to the same field is refused with a clear message.
    """
    name = current_project_name()
    if name is None:
        raise LookupError("no current project")
    return update_project(name, fn, workspace=workspace(), expected_revision=expected_revision)


def widget_value(key: str, default: Any = None) -> Any:
    """A widget's current value from the session (``default`` before it exists)."""
    return st.session_state.get(key, default)
